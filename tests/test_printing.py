"""Printing wherever a person prints: the PDF labdesk makes (on a worker), in Qt's print preview,
with Print… and Save as PDF… side by side. No printer here: the system's print dialog is
answered by hand and the printer writes a PDF, which is read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QToolBar

from labdesk.gui import printing
from labdesk.gui.printing import PrintPreview
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import generated
from tests import pdf_inspect as pdf


@pytest.fixture
def shown(monkeypatch) -> list[PrintPreview]:  # type: ignore[no-untyped-def]
    """Every print preview the app brings up, kept instead of waiting for a person."""
    dialogs: list[PrintPreview] = []
    monkeypatch.setattr(PrintPreview, "exec", lambda d: dialogs.append(d) or 0)
    return dialogs


def _printer_writes_to(monkeypatch, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The system's print dialog, answered OK, with a printer that writes a PDF."""

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QPrintDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)


def test_the_agenda_prints_through_the_preview_with_print_and_save_side_by_side(
    qtbot, qsettings_isolated, tmp_path, monkeypatch, shown, finish
) -> None:
    """GIVEN a workshop open, WHEN File › Print the Agenda… is chosen, THEN the agenda PDF is
    laid out on a worker and shown in Qt's print preview, whose toolbar has Print… and Save as
    PDF… (Qt's own Print, which would lay the pages out on the GUI thread, is hidden); Print…
    sends every page to the printer chosen, and Save as PDF… keeps the very PDF, remembered."""
    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    path = tmp_path / "day.labdesk"
    create_demo(path).close(take_backup=False)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)
    assert window.act_print_agenda.isEnabled() and window.act_print_run_sheet.isEnabled()
    finish(window.print_agenda())
    (dialog,) = shown
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.windowTitle() == "Agenda"
    bar = dialog.findChild(QToolBar)
    visible = [a.text() for a in bar.actions() if a.isVisible() and a.text()]
    assert "Print" not in visible
    assert visible[:2] == ["Print…", "Save as PDF…"]  # first on the bar, side by side
    first = store_agenda.load(window.services.doc)[0].title
    assert first in "".join(pdf.texts(dialog.path))
    pages = dialog.document.pageCount()
    assert dialog.summary.text() == f"{pages} page{'' if pages == 1 else 's'}"

    printed = tmp_path / "from the printer.pdf"
    _printer_writes_to(monkeypatch, printed)
    assert dialog.print_()
    finish(dialog.printing)  # sent from a worker: the countdown carries on
    assert dialog.done_with == "printed"
    assert len(pdf.reader(printed).pages) == pages

    kept = tmp_path / "agenda for the venue.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(kept), ""))
    assert dialog.save() and dialog.done_with == "saved"
    assert kept.read_bytes() == dialog.path.read_bytes()
    finish(dialog.remembering)  # noted on a worker: the write waits for the disk
    assert (kept, "agenda") in [(m.path, m.kind) for m in generated.load(window.services.doc)]
    window.close_workshop()


def test_the_run_sheet_is_the_agenda_with_its_phases(
    qtbot, qsettings_isolated, tmp_path, shown, finish
) -> None:
    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    path = tmp_path / "day.labdesk"
    create_demo(path).close(take_backup=False)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)
    finish(window.print_agenda())
    finish(window.print_agenda(run_sheet=True))
    agenda, run_sheet = shown
    assert run_sheet.windowTitle() == "Run sheet"
    assert run_sheet.document.pageCount() > agenda.document.pageCount()
    window.close_workshop()


def test_one_persons_badge_from_the_desk(qtbot, services, shown, finish, monkeypatch) -> None:
    """GIVEN someone scanned at the desk, WHEN Print badge… is pressed, THEN their badge alone
    is laid out on a worker and shown in the print preview, titled with their name; its page
    and its printer (the first printer asks the system for its printers) are made on the
    worker too, so the desk never waits on them."""
    import threading

    from labdesk.gui.areas.checkin import AreaWidget

    made_on: list[threading.Thread] = []
    printer_for = printing._printer_for
    monkeypatch.setattr(
        printing,
        "_printer_for",
        lambda *a: made_on.append(threading.current_thread()) or printer_for(*a),
    )
    area = AreaWidget(services)
    qtbot.addWidget(area)
    desk = area.desk
    person = next(a for a in store_attendees.load_all(services.doc) if a.status == "attending")
    desk.handle_scan(desk.scanner.badge_code(person.id))
    finish(desk.print_shown_badge())
    (dialog,) = shown
    assert made_on and threading.main_thread() not in made_on
    assert dialog.windowTitle() == f"Badge for {person.name}"
    assert dialog.document.pageCount() == 1
    assert len(dialog._pages) == 1 and not dialog._pages[0].isNull()  # drawn, to be shown
    assert desk._badge_names == {}  # the preview has it: nothing of it kept beside
    text = pdf.texts(dialog.path)[0]
    assert person.name.split()[-1] in text
    assert dialog.path.name == f"badge {person.id}.pdf"  # no name in a temporary file's name
    desk._refresh_timer.stop()


def test_print_badge_with_nobody_shown_says_what_to_do(qtbot, services, shown) -> None:
    from labdesk.gui.areas.checkin import AreaWidget

    area = AreaWidget(services)
    qtbot.addWidget(area)
    assert area.desk.print_shown_badge() is None
    assert area.desk.result.headline.text() == "WHOSE BADGE?"
    assert shown == []


def test_a_long_run_previews_its_first_pages_and_prints_them_all(
    qtbot, tmp_path, monkeypatch
) -> None:
    """A badge run of hundreds of pages: the preview draws the first pages (made beforehand,
    on the worker), then one page naming the rest (not a page each: 1,258 of them held the
    GUI thread for a fifth of a second); printing still sends every page."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "long.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(595, 842))
    for n in range(6):
        sheet.drawString(72, 760, f"Page {n + 1}")
        sheet.showPage()
    sheet.save()
    monkeypatch.setattr(printing, "PREVIEW_PAGES", 3)
    dialog = PrintPreview(path, "Long", pages=printing.page_images(path, 30, 3))
    qtbot.addWidget(dialog)
    count = dialog.document.pageCount()
    assert dialog.summary.text() == f"{count} pages (the first 3 shown)"
    preview = tmp_path / "preview.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(preview))
    dialog._paint_preview(printer)
    drawn = [" ".join(t.split()) for t in pdf.texts(preview)]
    assert len(drawn) == 4 and count == 6
    assert drawn[3] == "Pages 4 to 6 not shown in the preview: they print as laid out"
    assert all("not shown" not in page for page in drawn[:3])
    out = tmp_path / "sent.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert dialog.send_to(printer) == count
    assert len(pdf.reader(out).pages) == count


def test_the_walk_in_dialogs_badge_goes_to_the_preview(qtbot, services, shown, finish) -> None:
    from labdesk.gui.areas.checkin import AreaWidget, WalkInDialog

    area = AreaWidget(services)
    qtbot.addWidget(area)
    desk = area.desk
    dialog = WalkInDialog(desk)
    dialog.name.setText("Nia Walker")
    assert dialog.print_badge.isChecked()
    dialog.exec = lambda: (dialog._accept(), int(dialog.result()))[1]  # type: ignore[method-assign]
    person = desk.add_walk_in(dialog=dialog)
    assert person is not None
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    (preview,) = shown
    assert preview.windowTitle() == "Badge for Nia Walker"
    assert "Walker" in pdf.texts(preview.path)[0]
    desk._refresh_timer.stop()
