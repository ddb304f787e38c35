"""Printing, one way wherever a person prints (badges, groups, the agenda and run sheet,
postcards, labels, the report): labdesk makes the PDF with its maker (labdesk.outputs) on a
worker, and Qt's print preview shows that very PDF, page by page (QtPdf), with Print… and
Save as PDF… side by side. Sending the pages to the printer runs on a worker too.

    print_pdf(session, parent, "badges", folder / "Badges.pdf", "Badges",
              label="Laying out badges…", size="a6")
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QToolBar, QToolButton, QWidget

from labdesk import outputs
from labdesk.gui.chosen_files import refused
from labdesk.gui.plaintext import as_typed
from labdesk.private_files import copy_private

if TYPE_CHECKING:
    from labdesk.gui.operations import Operation
    from labdesk.gui.session import WorkshopSession

log = logging.getLogger("labdesk.gui")

PREVIEW_DPI = 72  # a page about its own size on a laptop screen, 2 MB of memory each
PREVIEW_PAGES = 16  # pages drawn in the preview; later ones print as laid out
SHARP_DPI, SHARP_PAGES = 200, 4  # a short document is previewed sharper
PRINT_DPI = 300  # at most: the printer gets each page as an image this sharp

# A preview's origin: (workshop, kind, options, what went in), to remember a copy saved of it.
Source = tuple[object, str, dict[str, object], outputs.Made]
# What print_pdf's worker hands the GUI thread: what went in, and the preview made ready (none
# when there was nothing to print).
Printed = tuple[outputs.Made, "Prepared | None"]


_folder: Path | None = None


def preview_path(name: str) -> Path:
    """Where a PDF made to preview goes: this process's own owner-only folder (no one's name
    in the file name; previews are remembered, so an erasure removes them)."""
    from labdesk.private_files import private_temp_folder

    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = private_temp_folder("labdesk-print-")
    return _folder / name


def _render(document: Any, page: int, dpi: int) -> QImage:
    """One page of a loaded QPdfDocument as an image on white (QtPdf renders onto a
    transparent background)."""
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(QPointF(0, 0), rendered)
    painter.end()
    return image


def page_images(path: Path, dpi: int, limit: int | None = None) -> list[QImage]:
    """The PDF's pages (the first `limit`) as images on white. Safe on a worker thread."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    count = document.pageCount() if limit is None else min(limit, document.pageCount())
    images = [_render(document, page, dpi) for page in range(count)]
    document.close()
    return images


def preview_images(path: Path) -> list[QImage]:
    """The preview's pages, made beforehand (on the worker): sharp for a page or two (one
    badge), lighter for a long run."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    images = _first_pages(document)
    document.close()
    return images


@dataclass
class Prepared:
    """A print preview made beforehand on the worker, so the GUI thread only shows it: its
    first pages (preview_images), the printer for them (_printer_for) and the PDF loaded."""

    pages: list[QImage]
    printer: QPrinter
    document: Any  # a QPdfDocument, handed over to the GUI thread


def prepare(path: Path, flip: str = "long") -> Prepared:
    """On a worker: the preview of the PDF at path, ready for the GUI thread (see Prepared)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    prepared = Prepared(_first_pages(document), _printer_for(document, flip), document)
    app = QCoreApplication.instance()
    if app is not None:  # a thread may hand its own objects over to another
        document.moveToThread(app.thread())
    return prepared


def _first_pages(document: Any) -> list[QImage]:
    count = document.pageCount()
    dpi = SHARP_DPI if count <= SHARP_PAGES else PREVIEW_DPI
    return [_render(document, page, dpi) for page in range(min(count, PREVIEW_PAGES))]


def _printer_for(document: Any, flip: str) -> QPrinter:
    """A printer set to the loaded PDF's own page size and orientation, borderless, duplex as
    asked. (The first printer asks the system for its printers: made on the worker when it
    can be, where that wait holds nobody up.)"""
    points = document.pagePointSize(0) if document.pageCount() else QSizeF(595, 842)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    landscape = points.width() > points.height()
    portrait = QSizeF(min(points.width(), points.height()), max(points.width(), points.height()))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setDuplex(
        QPrinter.DuplexMode.DuplexLongSide
        if flip == "long"
        else QPrinter.DuplexMode.DuplexShortSide
    )
    return printer


def send_pages(printer: QPrinter, path: Path) -> int:
    """Draw every page of the PDF, on white, filling the printer's page; returns the pages
    sent. (QPainter may paint on a QPrinter from a worker thread.)"""
    from PySide6.QtPdf import QPdfDocument

    dpi = min(printer.resolution(), PRINT_DPI)
    document = QPdfDocument()
    document.load(str(path))
    painter = QPainter(printer)
    try:
        for n in range(document.pageCount()):
            if n:
                printer.newPage()
            _draw(painter, _render(document, n, dpi))
    finally:
        painter.end()
        count = document.pageCount()
        document.close()
    return count


def _draw(painter: QPainter, image: QImage) -> None:
    """One page image, filling the painter's page, aspect kept."""
    target = painter.viewport()
    scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
    painter.setWindow(image.rect())
    painter.drawImage(0, 0, image)
    painter.setViewport(target)
    painter.setWindow(target)


class PrintPreview(QPrintPreviewDialog):
    """Qt's print preview of a PDF labdesk made, with Print… (the system's print dialog, then
    the pages sent on a worker) and Save as PDF… beside it. `done_with` says which the person
    did ("printed", "saved" or "")."""

    def __init__(
        self,
        path: Path,
        title: str,
        *,
        flip: str = "long",
        parent: QWidget | None = None,
        source: Source | None = None,
        session: WorkshopSession | None = None,
        pages: Sequence[QImage] | None = None,
        note: str = "",
        prepared: Prepared | None = None,
    ) -> None:
        from PySide6.QtPdf import QPdfDocument

        if prepared is not None:  # made on the worker (print_pdf)
            document, printer, pages = prepared.document, prepared.printer, prepared.pages
        else:
            document = QPdfDocument()  # loaded once, for the printer's page size and the pages
            document.load(str(path))
            printer = _printer_for(document, flip)
        super().__init__(printer, parent)
        document.setParent(self)
        self.printer = printer
        self.path = path
        self.flip = flip
        self.source = source  # what the preview was made from, to remember a saved copy
        self.session = session
        self.done_with: str = ""  # "printed" | "saved" once the person did either
        self.saved_to: Path | None = None
        self.printing: Operation[int] | None = None
        self.remembering: Operation[None] | None = None  # the copy saved, being noted
        self.setWindowTitle(title)
        self.resize(1000, 760)
        self.document = document
        count = self.document.pageCount()
        self._pages = list(pages) if pages is not None else preview_images(path)
        self.paintRequested.connect(self._paint_preview)
        bar = self.findChild(QToolBar)
        # Qt's own Print would lay every page out here, on the GUI thread: ours sends them
        # from a worker, and Save as PDF… sits beside it.
        for act in bar.actions() if bar is not None else []:
            if act.text().replace("&", "") == "Print":
                act.setVisible(False)
        self.print_action = QAction("Print…", self)
        self.print_action.setObjectName("print")
        self.print_action.triggered.connect(self.print_)
        self.save_action = QAction("Save as PDF…", self)
        self.save_action.setObjectName("save-pdf")
        self.save_action.triggered.connect(self.save)
        self.summary = QLabel(_pages_text(count))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setContentsMargins(12, 0, 12, 0)
        if bar is not None:  # first on the bar, in words: what a person comes here to do
            first = bar.actions()[0]  # Qt's own buttons follow
            bar.insertAction(first, self.print_action)
            bar.insertAction(first, self.save_action)
            bar.insertWidget(first, self.summary)
            bar.insertSeparator(first)
            for act in (self.print_action, self.save_action):
                button = bar.widgetForAction(act)
                if isinstance(button, QToolButton):
                    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                    button.setStyleSheet("font-weight: bold; padding: 2px 10px;")
        self.note = QLabel(note)  # what the pages mean (address sides upside down on purpose)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setContentsMargins(12, 6, 12, 6)
        self.note.setVisible(bool(note))
        layout = self.layout()
        if layout is not None:
            layout.addWidget(self.note)

    # -- the preview ---------------------------------------------------------------------------
    def _paint_preview(self, printer: QPrinter) -> None:
        """The preview's pages: the images made beforehand (quick), then one page naming the
        rest (drawing a page for each of 1,258 would hold the GUI thread for a fifth of a
        second; they print as laid out all the same)."""
        painter = QPainter(printer)
        count = self.document.pageCount()
        try:
            for n, image in enumerate(self._pages[:count]):
                if n:
                    printer.newPage()
                _draw(painter, image)
            if count > len(self._pages):
                if self._pages:
                    printer.newPage()
                _not_shown(painter, len(self._pages) + 1, count)
        finally:
            painter.end()

    # -- printing and saving -------------------------------------------------------------------
    def print_(self) -> bool:
        """The system's print dialog; once accepted the pages go to the printer on a worker."""
        dialog = QPrintDialog(self.printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self.done_with = "printed"
        self.summary.setText("Sending to the printer…")
        printer, path = self.printer, self.path
        if self.session is None or self.session.doc.closed:
            send_pages(printer, path)
            self.summary.setText("Sent to the printer")
        else:
            from labdesk.gui.operations import Operation

            self.printing = (
                Operation(
                    self.session,
                    f"Printing {path.stem}…",
                    lambda _doc: send_pages(printer, path),
                    success=lambda n: log.info("sent %d pages to the printer", n),
                    purpose="print",
                )
                .without_file()
                .failure(
                    lambda exc: QMessageBox.warning(None, "Printing failed", as_typed(str(exc)))
                )
                .run()
            )
        self.accept()
        return True

    def send_to(self, printer: QPrinter) -> int:
        """Every page to printer, here and now (tests; a closed workshop)."""
        return send_pages(printer, self.path)

    def save(self) -> bool:
        """Save as PDF…: a copy of the very PDF previewed, owner-only, remembered (an erasure
        later makes it again without the person)."""
        name, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", str(Path.home() / self.path.name), "PDF (*.pdf)"
        )
        if not name:
            return False
        dest = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        if refused(dest, self, "Cannot save the PDF"):
            return False
        try:
            copy_private(self.path, dest)  # the made PDF, not the workshop file
        except OSError as exc:
            QMessageBox.warning(
                self, "Cannot save the PDF", as_typed(f"{dest}: {exc.strerror or exc}")
            )
            return False
        self.done_with = "saved"
        self.saved_to = dest
        if self.source is not None:
            self._remember(dest, self.source)
        self.summary.setText(f"Saved to {dest}")
        return True

    def _remember(self, dest: Path, source: Source) -> None:
        """The copy noted in the workshop file, for erasures: on a worker while the workshop is
        open (a write waits for the disk, 5-30 ms for 10,000 people's badges), else here."""
        doc, kind, options, made = source
        session = self.session
        if session is None or session.doc.closed or session.doc is not doc:
            outputs.remember(doc, dest, kind, options, made)  # type: ignore[arg-type]
            return
        from labdesk.gui.operations import Operation

        self.remembering = (
            Operation(
                session,
                f"Noting {dest.name}…",
                lambda worker: outputs.remember(worker, dest, kind, options, made),  # type: ignore[arg-type]
                success=lambda _: None,
                purpose="remember",
            )
            .failure(lambda exc: log.warning("could not note %s: %s", dest, exc))
            .run()
        )


def _pages_text(count: int) -> str:
    shown = f" (the first {PREVIEW_PAGES} shown)" if count > PREVIEW_PAGES else ""
    return f"{count} page{'' if count == 1 else 's'}{shown}"


def _not_shown(painter: QPainter, page: int, count: int) -> None:
    """In place of the pages from `page` on, which the preview does not draw (a long badge
    run): it says so."""
    area = QRectF(painter.viewport())
    painter.fillRect(area, QColor("white"))
    font = QFont(painter.font())
    font.setPixelSize(max(8, round(area.height() / 40)))  # the page's pixels, whatever its dpi
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    painter.drawText(
        area,
        int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
        (
            f"Page {page} of {count}\nnot shown in the preview: it prints as laid out"
            if page == count
            else f"Pages {page} to {count}\nnot shown in the preview: they print as laid out"
        ),
    )


def print_pdf(
    session: WorkshopSession,
    parent: QWidget,
    kind: str,
    path: Path,
    caption: str | Callable[[outputs.Made], str],
    *,
    label: str,
    flip: str = "long",
    disabling: Sequence[Any] = (),
    then: Callable[[PrintPreview], object] | None = None,
    nothing: Callable[[outputs.Made], str] | None = None,
    apart: Callable[[Any], bool] | None = None,
    **options: Any,
) -> Operation[Printed]:
    """Make the PDF with the maker of kind on a worker (as a preview, remembered), render the
    preview's first pages there too, then show the print preview (then(dialog) once it closes).
    `nothing(made)`: a message when there was nothing to print (no preview then).
    `apart(worker's doc)`: True for a long run, made by the same maker in a child process
    (labdesk.outputs_child: the app's interpreter stays free). Either way the status bar counts
    the maker's progress, and cancelling the operation stops it (the child, or the maker here
    at its next sheet)."""
    from labdesk import outputs_child
    from labdesk.gui.operations import Operation

    doc = session.doc

    def say(done: int, total: int) -> None:
        operation.say(f"{label} {done:,} of {total:,}")

    def tell(done: int, total: int) -> None:
        """The maker here, a sheet at a time: how far it is, and it stops once cancelled."""
        if operation.cancelled.is_set():
            raise outputs_child.Cancelled(f"{label.rstrip('…. ')} was cancelled.")
        say(done, total)

    def make(worker: Any) -> Printed:
        if apart is not None and apart(worker):
            made = outputs_child.make(
                worker.path,
                kind,
                path,
                temporary=True,
                cancelled=operation.cancelled,
                progress=say,  # the child is stopped by the wait, once cancelled
                **options,
            )
        else:
            with outputs.reporting(tell):
                made = outputs.make(worker, kind, path, temporary=True, **options)
        if nothing is not None and nothing(made):
            return made, None
        return made, prepare(path, flip)

    def show(result: Printed) -> None:
        made, prepared = result
        if nothing is not None and nothing(made):
            QMessageBox.information(parent, "Nothing to print", nothing(made))
            return
        dialog = PrintPreview(
            path,
            caption(made) if callable(caption) else caption,
            flip=flip,
            parent=parent,
            source=(doc, kind, dict(options), made),
            session=session,
            prepared=prepared,
        )
        dialog.exec()
        if then is not None:
            then(dialog)

    operation = Operation(session, label, make, success=show, parent=parent, purpose=kind)
    return operation.disabling(*disabling).run()


def print_agenda(
    session: WorkshopSession,
    parent: QWidget,
    *,
    run_sheet: bool,
    disabling: Sequence[Any] = (),
    caption: str = "",
) -> Operation[Printed]:
    """The participants' agenda, or the run sheet with it (the maker of `labdesk agenda`), laid
    out on a worker and shown in the print preview; from File and from the Agenda area alike."""
    name = "Run sheet" if run_sheet else "Agenda"
    caption = caption or name
    return print_pdf(
        session,
        parent,
        "agenda",
        preview_path(f"{name}.pdf"),
        caption,
        label=f"Laying out the {caption.lower()}…",
        disabling=disabling,
        run_sheet=run_sheet,
    )
