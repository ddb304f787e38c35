"""Postcards: print them, know which are due to post, mark them posted, and the day's paperwork
(address labels, mailing list, blank cards, the day report, a person's data)."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from labdesk import outputs
from labdesk.core.model import Attendee
from labdesk.core.posting import Postcard, due_message
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.chosen_files import refused
from labdesk.gui.models.table import Column, RowsModel
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.printing import Prepared, PrintPreview, Source, prepare
from labdesk.gui.services import Services
from labdesk.gui.tables import sortable_table
from labdesk.personal_data import Outcome
from labdesk.store import attendees as store_attendees
from labdesk.store import postcards as store_postcards
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.generated import FileKind

if TYPE_CHECKING:
    from labdesk.gui.erase_dialog import EraseDialog

log = logging.getLogger("labdesk.gui")

# The date "today" for due cards; tests replace it.
today: Callable[[], dt.date] = dt.date.today

FILTERS = [
    ("All cards", lambda c, d: True),
    ("Not printed yet", lambda c, d: not c.printed),
    ("Due to post", lambda c, d: c.is_due(d)),
    ("To post later", lambda c, d: c.postable and not c.posted and not c.is_due(d)),
    ("Posted", lambda c, d: c.posted),
    ("Not posting", lambda c, d: not c.postable and not c.posted),
]
LAYOUT_CHOICES = [("A5 pages", "a5"), ("2 on A4, with crop marks", "a4-2up")]
FLIP_CHOICES = [("Flip on long edge", "long"), ("Flip on short edge", "short")]


def _short_date(day: dt.date | dt.datetime | None) -> str:
    return "" if day is None else f"{day.day} {day:%b %Y}"


COLUMNS: list[Column[Postcard]] = [
    Column("Name", lambda c: c.name, lambda c: c.attendee.sort_name if c.attendee else c.name),
    Column("Commitment", lambda c: c.card.action, tooltip=lambda c: c.card.action),
    Column("Post on", lambda c: _short_date(c.post_on), lambda c: c.post_on.toordinal()),
    Column("State", lambda c: c.state),
    Column(
        "Printed",
        lambda c: _short_date(c.printed_at),
        lambda c: c.printed_at.timestamp() if c.printed_at else 0.0,
    ),
    Column(
        "Address",
        lambda c: ", ".join(c.address_lines) if c.consent else "",
        tooltip=lambda c: c.address if c.consent else "",
    ),
]


class AreaWidget(Area):
    topics = Topic.COMMITMENTS | Topic.ATTENDEES | Topic.POSTCARDS | Topic.SETTINGS | Topic.WORKSHOP

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        # Previews, owner-only, with no one's name in their file names; remembered as
        # previews, so an erasure removes the ones that named the person.
        self._tmp = tempfile.TemporaryDirectory(prefix="labdesk-print-")
        self._sources: dict[Path, Source] = {}
        # Previews made on the worker (first pages, printer, the PDF loaded), with the flip
        # they were made for.
        self._rendered: dict[Path, tuple[str, Prepared]] = {}
        self.cards: list[Postcard] = []
        self.marking: Operation[int] | None = None  # the cards printed, being marked so
        self.model: RowsModel[Postcard] = RowsModel(COLUMNS, self)
        self.view, self.proxy = sortable_table(self.model, self)
        self.view.setSelectionMode(self.view.SelectionMode.ExtendedSelection)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        # Columns fit the first screenful of cards, once: measuring 500 cards' actions after
        # every change (a print marks them printed) held the GUI thread 0.2-0.3 s.
        self.view.horizontalHeader().setResizeContentsPrecision(25)
        self._sized = False

        self.banner = QLabel()
        self.banner.setObjectName("due-banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(
            "QLabel#due-banner { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 4px;"
            " padding: 8px; font-weight: bold; }"
        )
        self.total = QLabel()
        self.total.setTextFormat(Qt.TextFormat.PlainText)
        self.filter = QComboBox()
        self.filter.addItems([name for name, _ in FILTERS])
        self.filter.currentIndexChanged.connect(self.refresh)
        self.layout_choice = QComboBox()
        for text, key in LAYOUT_CHOICES:
            self.layout_choice.addItem(text, key)
        self.flip_choice = QComboBox()
        for text, key in FLIP_CHOICES:
            self.flip_choice.addItem(text, key)
        self.flip_choice.setToolTip(
            "How your printer turns the sheet for double-sided printing.\n"
            "If the address sides come out upside down, choose the other one."
        )

        self.print_button = QToolButton()
        self.print_button.setText("Print postcards")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.print_button.clicked.connect(lambda: self.print_cards("new"))
        menu = QMenu(self.print_button)
        menu.addAction("New cards (not printed yet)", lambda: self.print_cards("new"))
        self.act_selected = menu.addAction("Selected cards", lambda: self.print_cards("selected"))
        menu.addAction(
            "Only those with consent and an address", lambda: self.print_cards("postable")
        )
        menu.addAction("All cards again", lambda: self.print_cards("all"))
        self.print_button.setMenu(menu)

        self.posted_button = QPushButton("Mark posted")
        self.posted_button.clicked.connect(self.mark_posted)
        self.post_on_button = QPushButton("Post on…")
        self.post_on_button.clicked.connect(self.choose_post_on)

        self.more = more = QToolButton()
        more.setText("More")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        extra = QMenu(more)
        extra.addAction("Address labels…", self.print_labels)
        extra.addAction("Mailing list (CSV)…", self.save_mailing_list)
        extra.addSeparator()
        extra.addAction("Blank commitment cards…", self.print_blank_cards)
        extra.addAction("Day report…", self.print_report)
        extra.addSeparator()
        extra.addAction("Postcard picture…", self.choose_artwork)
        extra.addAction("Post after how many days…", self.choose_post_after)
        extra.addSeparator()
        extra.addAction("A person's data: export or erase…", self.erase_person)
        more.setMenu(extra)

        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.layout_choice)
        top.addWidget(self.flip_choice)
        top.addWidget(self.print_button)
        top.addWidget(self.posted_button)
        top.addWidget(self.post_on_button)
        top.addWidget(more)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Postcards"))
        self.show_due = QPushButton("Show and select them")
        self.show_due.clicked.connect(self.select_due)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.show_due)
        layout.addLayout(banner_row)
        layout.addWidget(self.total)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.refresh()

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.cards = store_postcards.load_all(self.doc)
        day = today()
        keep = FILTERS[self.filter.currentIndex()][1]
        self.model.set_rows([c for c in self.cards if keep(c, day)])
        if not self._sized and self.model.rows:
            self.view.resizeColumnsToContents()
            self.view.setColumnWidth(1, 380)
            self._sized = True
        due = [c for c in self.cards if c.is_due(day)]
        message = due_message(len(due), overdue=sum(c.is_overdue(day) for c in due))
        self.banner.setText(
            message + ". Once they are in the post, mark them posted." if message else ""
        )
        self.banner.setVisible(bool(message))
        self.show_due.setVisible(bool(message))
        to_post = [c for c in self.cards if c.postable and not c.posted]
        posted = sum(1 for c in self.cards if c.posted)
        unprinted = sum(1 for c in self.cards if not c.printed)
        next_date = min((c.post_on for c in to_post), default=None)
        when = f", to post from {_short_date(next_date)}" if next_date and not due else ""
        self.total.setText(
            f"{len(self.cards)} commitment cards: {len(to_post)} to post{when}, {posted} posted, "
            f"{unprinted} not printed yet"
        )
        self._update_buttons()

    def status_text(self) -> str:
        return (
            self.banner.text().split(".")[0] if self.banner.isVisibleTo(self) else self.total.text()
        )

    def select_due(self) -> None:
        """Show only the cards due to post, all selected, ready for Mark posted."""
        self.filter.setCurrentIndex([name for name, _ in FILTERS].index("Due to post"))
        self.view.selectAll()
        self.view.setFocus()

    def selected(self) -> list[Postcard]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r] for r in sorted(rows)]

    def _update_buttons(self) -> None:
        chosen = bool(self.view.selectionModel().selectedRows())
        self.posted_button.setEnabled(chosen)
        self.post_on_button.setEnabled(chosen)
        self.act_selected.setEnabled(chosen)

    # -- printing -------------------------------------------------------------------------------
    def _tmp_pdf(self, name: str) -> Path:
        return Path(self._tmp.name) / name

    def cards_for(self, which: str) -> list[Postcard]:
        if which == "selected":
            return self.selected()
        if which == "postable":
            return [c for c in self.cards if c.postable]
        if which == "all":
            return list(self.cards)
        return [c for c in self.cards if not c.printed]

    def build_postcards(
        self, which: str, then: Callable[[Path, list[Postcard]], object] | None = None
    ) -> Operation[outputs.Made] | None:
        """Lay out the chosen cards as a preview, off the GUI thread; then(path, cards) once
        it is written."""
        chosen = self.cards_for(which)
        if not chosen:
            message = (
                "Every card has been printed already. Choose “All cards again” to reprint."
                if which == "new" and self.cards
                else "There are no cards to print."
            )
            QMessageBox.information(self, "Nothing to print", message)
            return None
        path = self._tmp_pdf(f"Postcards {dt.datetime.now():%Y-%m-%d %H%M}.pdf")
        return self._make(
            FileKind.POSTCARDS,
            path,
            f"Laying out {len(chosen)} postcards…",
            lambda _made: then(path, chosen) if then is not None else None,
            cards=[c.id for c in chosen],
            layout=self.layout_choice.currentData(),
            flip=self.flip_choice.currentData(),
        )

    def _make(
        self,
        kind: FileKind,
        path: Path,
        label: str,
        then: Callable[[outputs.Made], object],
        **options: object,
    ) -> Operation[outputs.Made]:
        """Make a preview with the maker of kind on a worker, keep how (for a copy saved of it),
        then(made) on the GUI thread."""
        doc = self.doc

        def made(result: outputs.Made) -> None:
            self._sources[path] = (doc, kind, dict(options), result)
            then(result)

        rendered, flip = self._rendered, self.flip_choice.currentData()

        def make(worker: WorkshopFile) -> outputs.Made:
            result = outputs.make(worker, kind, path, temporary=True, **options)
            # The preview made here rather than on the GUI thread.
            rendered[path] = (flip, prepare(path, flip))
            return result

        return (
            Operation(
                self.session,
                label,
                make,
                success=made,
                parent=self,
                purpose=kind,
            )
            .disabling(self.print_button, self.more)
            .run()
        )

    def preview(self, path: Path, title: str, note: str = "") -> PrintPreview:
        """The print preview (labdesk.gui.printing): the real PDF, with Print… and Save as
        PDF…."""
        flip = self.flip_choice.currentData()
        made_for, prepared = self._rendered.pop(path, ("", None))
        return PrintPreview(
            path,
            title,
            flip=flip,
            parent=self,
            source=self._sources.get(path),
            session=self.session,
            prepared=prepared if made_for == flip else None,  # else made again, for this flip
            note=note,
        )

    def duplex_note(self) -> str:
        """Why some address sides look upside down in the preview, for the flip chosen."""
        flip, layout = self.flip_choice.currentData(), self.layout_choice.currentData()
        if (flip == "long") == (layout == "a5"):
            return (
                "The address sides are upside down here on purpose: printed double-sided with "
                f"“{self.flip_choice.currentText().lower()}”, they come out the right way up "
                "when you turn a card over. If they come out upside down, choose the other flip."
            )
        return (
            "Printed double-sided with "
            f"“{self.flip_choice.currentText().lower()}”, each address side comes out the right "
            "way up behind its picture. If they come out upside down, choose the other flip."
        )

    def print_cards(self, which: str) -> Operation[outputs.Made] | None:
        """Lay out the cards, show the real PDF; printed or saved from there marks them."""
        return self.build_postcards(which, then=self._preview_postcards)

    def _preview_postcards(self, path: Path, chosen: list[Postcard]) -> None:
        dialog = self.preview(path, f"{len(chosen)} postcards", self.duplex_note())
        dialog.exec()
        if dialog.done_with:
            # On a worker: a write waits for the disk (10-15 ms for 500 cards on the GUI
            # thread); the list shows them printed when it is in (the session's change).
            ids = [c.id for c in chosen]
            self.marking = Operation(
                self.session,
                f"Marking {len(ids)} postcards printed…",
                lambda worker: store_postcards.mark_printed(worker, ids),
                success=lambda _: None,
                parent=self,
                purpose="postcards",
            ).run()

    def print_blank_cards(self) -> Operation[None] | None:
        from labdesk.printing import blank_cards

        count, ok = QInputDialog.getInt(
            self,
            "Blank commitment cards",
            "How many cards?",
            max(1, store_attendees.count(self.doc)),
            1,
            2000,
        )
        if not ok:
            return None
        host = store_workshop.get_setting(self.doc, "web_host") or ""
        port = int(store_workshop.get_setting(self.doc, "web_port") or blank_cards.DEFAULT_PORT)
        path = self._tmp_pdf("Blank commitment cards.pdf")
        layout, flip = self.layout_choice.currentData(), self.flip_choice.currentData()

        rendered = self._rendered

        def lay_out(doc: WorkshopFile) -> None:
            blank_cards.render_for(
                doc, path, count=count, layout=layout, host=host, port=port, flip=flip
            )
            rendered[path] = (flip, prepare(path, flip))

        return (
            Operation(
                self.session,
                f"Laying out {count} blank cards…",
                lay_out,
                success=lambda _: self.preview(path, f"{count} blank commitment cards").exec(),
                parent=self,
                purpose="blank-cards",
            )
            .disabling(self.print_button, self.more)
            .run()
        )

    def print_report(self) -> Operation[outputs.Made]:
        anonymised = (
            QMessageBox.question(
                self,
                "Day report",
                "Leave people's names out of the commitments?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            == QMessageBox.StandardButton.Yes
        )
        path = self._tmp_pdf("Day report.pdf")
        return self._make(
            FileKind.REPORT,
            path,
            "Writing the day report…",
            lambda _made: self.preview(path, "Day report").exec(),
            anonymised=anonymised,
        )

    def print_labels(self) -> Operation[outputs.Made] | None:
        from labdesk.printing import labels

        cards = [c for c in (self.selected() or self.cards) if c.postable and not c.posted]
        if not cards:
            QMessageBox.information(self, "Address labels", "No cards with an address to post.")
            return None
        names = [s.title for s in labels.SHEETS.values()]
        choice, ok = QInputDialog.getItem(self, "Address labels", "Label sheet", names, 0, False)
        if not ok:
            return None
        sheet = list(labels.SHEETS)[names.index(choice)]
        path = self._tmp_pdf("Address labels.pdf")
        return self._make(
            FileKind.LABELS,
            path,
            f"Laying out {len(cards)} address labels…",
            lambda _made: self.preview(path, f"{len(cards)} address labels").exec(),
            cards=[c.id for c in cards],
            sheet=sheet,
        )

    def _write(self, label: str, failed: str, kind: str, dest: Path, **options: object):  # type: ignore[no-untyped-def]
        """Write a file with the maker of kind on a worker (remembered, for a later erasure);
        the status bar says where it went, a box why it could not."""

        def problem(exc: Exception) -> None:
            detail = f"{dest}: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)
            QMessageBox.warning(self, failed, as_typed(detail))

        def done(_made: outputs.Made) -> None:
            window = self.window()
            status = getattr(window, "statusBar", None)
            if status is not None:
                status().showMessage(f"Saved {dest}", 8000)

        return (
            Operation(
                self.session,
                label,
                lambda worker: outputs.make(worker, kind, dest, **options),
                success=done,
                parent=self,
                purpose=kind,
            )
            .failure(problem)
            .run()
        )

    def save_mailing_list(self) -> Operation[outputs.Made] | None:
        """The mailing list as CSV, written on a worker (thousands of addresses)."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the mailing list",
            str(Path.home() / "Postcard mailing list.csv"),
            "CSV (*.csv)",
        )
        if not name:
            return None
        dest = Path(name if name.lower().endswith(".csv") else name + ".csv")
        if refused(dest, self, "Cannot save the mailing list"):
            return None
        return self._write(
            "Saving the mailing list…", "Cannot save the mailing list", "mailing", dest
        )

    # -- posting --------------------------------------------------------------------------------
    def mark_posted(self) -> None:
        chosen = [c for c in self.selected() if not c.posted]
        if not chosen:
            return
        noun = "postcard" if len(chosen) == 1 else "postcards"
        answer = QMessageBox.question(
            self,
            "Mark posted",
            f"Mark {len(chosen)} {noun} as posted?\n\nTheir postal addresses will then be deleted "
            "from this workshop, as promised to the people who gave them.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [c.id for c in chosen]
        named = f"{chosen[0].name}’s postcard" if len(chosen) == 1 else f"{len(chosen)} postcards"
        # Undone, the cards are unposted and their addresses (purged on posting) come back.
        self.services.undo.do(
            lambda doc: store_postcards.mark_posted(doc, ids), f"posting of {named}"
        )

    def choose_post_on(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Post on")
        edit = QDateEdit(
            QDate(chosen[0].post_on.year, chosen[0].post_on.month, chosen[0].post_on.day)
        )
        edit.setCalendarPopup(True)
        default = QCheckBox("Use the workshop's default date")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(f"When should {len(chosen)} selected cards be posted?"))
        layout.addWidget(edit)
        layout.addWidget(default)
        layout.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        q = edit.date()
        store_postcards.set_post_on(
            self.doc,
            [c.id for c in chosen],
            None if default.isChecked() else dt.date(q.year(), q.month(), q.day()),
        )

    def choose_post_after(self) -> None:
        current = int(store_workshop.get_setting(self.doc, "post_after_days") or 21)
        days, ok = QInputDialog.getInt(
            self, "Post after", "Post the cards this many days after the workshop:", current, 0, 365
        )
        if ok:
            store_workshop.set_setting(self.doc, "post_after_days", days)

    def choose_artwork(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Postcard picture", str(Path.home()), "Pictures (*.png *.jpg *.jpeg)"
        )
        if not name:
            return
        path = Path(name)
        if refused(path, self, "Cannot use this picture"):
            return
        try:
            from PIL import Image

            with Image.open(path) as image:
                image.verify()
            data = path.read_bytes()
        except Exception as exc:
            QMessageBox.warning(self, "Cannot use this picture", as_typed(f"{path.name}: {exc}"))
            return
        if len(data) > 8 * 1024 * 1024:
            QMessageBox.warning(
                self,
                "Cannot use this picture",
                as_typed(f"{path.name} is over 8 MB. Choose a smaller picture."),
            )
            return
        mime = "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
        store_workshop.set_asset(self.doc, "postcard_artwork", mime, data)

    # -- personal data --------------------------------------------------------------------------
    def erase_person(self) -> None:
        """More › A person's data: choose someone, then export their data or erase them."""
        person = self._choose_person()
        if person is not None:
            self.erase(person)

    def _choose_person(self) -> Attendee | None:
        people = store_attendees.load_all(self.doc)
        if not people:
            return None
        labels = [f"{a.name} <{a.email}>" if a.email else a.name for a in people]
        choice, ok = QInputDialog.getItem(self, "A person's data", "Whose data?", labels, 0, True)
        if not ok or choice not in labels:
            return None
        return people[labels.index(choice)]

    def export_person(
        self, person: Attendee, parent: QWidget | None = None
    ) -> Operation[outputs.Made] | None:
        """Their data as JSON, written on a worker; the file is removed if they are erased."""
        assert person.id is not None
        # No name in the suggested file name: the list of files made keeps their paths.
        name, _ = QFileDialog.getSaveFileName(
            parent or self,
            "Export their data",
            str(Path.home() / f"Attendee {person.id} data.json"),
            "JSON (*.json)",
        )
        if not name:
            return None
        dest = Path(name)
        if refused(dest, self, "Cannot export"):
            return None
        return self._write(
            "Exporting their data…", "Cannot export", "person", dest, attendee=person.id
        )

    def erase_dialog(self, person: Attendee) -> EraseDialog:
        """The erase dialog for person (export first, redact comments, erase), not yet shown."""
        from labdesk.gui.erase_dialog import EraseDialog

        dialog = EraseDialog(
            self.session,
            person,
            export=lambda parent: self.export_person(person, parent),
            parent=self,
        )
        return dialog

    def erase(self, person: Attendee) -> Outcome | None:
        """Show the erase dialog; the outcome once they are erased (None if not)."""
        dialog = self.erase_dialog(person)
        dialog.exec()
        return dialog.outcome
