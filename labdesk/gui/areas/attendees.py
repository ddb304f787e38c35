"""Attendees: everyone expected, searchable and sortable, with their check-in time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labdesk.core.model import Attendee, AttendeeStatus
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.desk_data import DeskReader
from labdesk.gui.models.table import Column, RowsModel
from labdesk.gui.operations import Operation
from labdesk.gui.printing import Printed, PrintPreview, preview_path, print_pdf
from labdesk.gui.services import Services
from labdesk.gui.tables import sortable_table
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

AttendeeRow = tuple[Attendee, dt.datetime | None]
PRINT_BADGES, STOP_BADGES = "Print badges…", "Stop laying out badges"

COLUMNS: list[Column[AttendeeRow]] = [
    Column("Name", lambda r: r[0].name, lambda r: r[0].sort_name),
    Column("Organisation", lambda r: r[0].organisation),
    Column("Role", lambda r: r[0].role),
    Column("Email", lambda r: r[0].email),
    Column(
        "Checked in",
        lambda r: f"{r[1]:%H:%M}" if r[1] else "",
        lambda r: r[1].isoformat() if r[1] else "",
    ),
    Column("Access needs", lambda r: r[0].access_needs),
    Column("Dietary needs", lambda r: r[0].dietary_needs),
    Column("Ticket", lambda r: r[0].ticket_type),
    Column("Status", lambda r: "Cancelled" if r[0].status == AttendeeStatus.CANCELLED else ""),
]


def _read_rows(doc: WorkshopFile) -> tuple[list[AttendeeRow], str]:
    """Everyone with their check-in time, and the count line (on the area's worker)."""
    people = store_attendees.load_all(doc)
    times = store_checkins.checked_in_at(doc)
    attending = sum(1 for a in people if a.status == "attending")
    cancelled = len(people) - attending
    extra = f", {cancelled} cancelled" if cancelled else ""
    inside = sum(1 for a in people if a.id in times)
    return [
        (a, times.get(a.id or -1)) for a in people
    ], f"{attending} attending, {inside} in{extra}"


def _long_run(doc: WorkshopFile) -> bool:
    """Badges for this many people are laid out in a child process (labdesk.outputs_child)."""
    from labdesk.outputs_child import APART_FROM

    return store_attendees.count(doc) >= APART_FROM


class AreaWidget(Area):
    topics = Topic.ATTENDEES | Topic.CHECKINS

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.model: RowsModel[AttendeeRow] = RowsModel(COLUMNS, self)
        self.view, self.proxy = sortable_table(self.model, self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, organisation or email")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_filter_text)
        self.count = QLabel()
        self.import_button = QPushButton("Import attendees…")
        self.import_button.clicked.connect(lambda: self.open_import())
        self.badges_button = QPushButton(PRINT_BADGES)
        self.badges_button.clicked.connect(lambda: self.print_badges())
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.import_button)
        top.addWidget(self.badges_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Attendees"))
        layout.addLayout(top)
        layout.addWidget(self.view)
        # Columns fit the first screenful of rows, once: measuring every row of 10,000 takes
        # most of a second, the first 100 rows 38-47 ms on the GUI thread, 25 rows 8-10 ms.
        self.view.horizontalHeader().setResizeContentsPrecision(25)
        self._sized = False
        self._reading = False
        self._again = False
        # Everyone is read on a worker with its own connection; the GUI thread only shows them.
        self.reader = DeskReader(self.session.path, self)
        closing = getattr(self.session, "closing", None)
        if closing is not None:
            closing.connect(lambda reader=self.reader: reader.stop(wait_s=30))
        self.destroyed.connect(lambda _=None, reader=self.reader: reader.stop())
        self.count.setText("Reading the list…")
        self.refresh()

    def refresh(self) -> None:
        """Read everyone again, on the worker (one reading at a time; a change meanwhile asks
        for one more)."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        self.reader.submit(_read_rows, self._show, lambda _error: setattr(self, "_reading", False))

    @property
    def loaded(self) -> bool:
        return self._sized

    def _show(self, read: tuple[list[AttendeeRow], str]) -> None:
        self._reading = False
        rows, count = read
        self.model.set_rows(rows)
        if not self._sized:
            self.view.resizeColumnsToContents()
            self._sized = True
        self.count.setText(count)
        if self._again:
            self._again = False
            self.refresh()

    def open_import(self, path=None):  # type: ignore[no-untyped-def]
        """The import dialog (preview, column mapping, per-row problems); returns it."""
        from labdesk.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.session, self, path, history=self.services.undo)
        self.last_import = dialog
        dialog.open()
        return dialog

    _badges_run: Operation[Printed] | None = None  # badges being laid out (the button stops it)

    def print_badges(self) -> Operation[Printed] | None:
        """Badge sheets for everyone attending, on the chosen stock, laid out off the GUI thread
        (10,000 badges take seconds; the countdown carries on), then the print preview with
        Print… and Save as PDF…. Meanwhile the button stops them."""
        from labdesk.printing.stock import DEFAULT_SIZE, SIZES

        if self._badges_run is not None:  # the button says "Stop laying out badges"
            self._badges_run.cancel()
            self.badges_button.setEnabled(False)  # until they have stopped
            return None

        labels = [s.label for s in SIZES.values()]
        label, ok = QInputDialog.getItem(
            self,
            "Print badges",
            "Badge stock",
            labels,
            labels.index(SIZES[DEFAULT_SIZE].label),
            False,
        )
        if not ok:
            return None
        size = next(k for k, s in SIZES.items() if s.label == label)
        run = print_pdf(
            self.session,
            self,
            "badges",
            preview_path("Badges.pdf"),
            lambda made: f"Badges for {made.count} people",
            label="Laying out badges…",
            nothing=lambda made: "" if made.count else "Nobody to print a badge for yet.",
            then=self._badges_shown,
            apart=_long_run,
            size=size,
        )
        self._badges_run = run.when_back(self._badges_back)
        self.badges_button.setText(STOP_BADGES)
        return run

    def _badges_back(self) -> None:
        self._badges_run = None
        self.badges_button.setText(PRINT_BADGES)
        self.badges_button.setEnabled(True)

    badges_written: Path | None = None  # where the last sheet was saved as PDF

    def _badges_shown(self, dialog: PrintPreview) -> None:
        if dialog.saved_to is not None:
            self.badges_written = dialog.saved_to

    def status_text(self) -> str:
        return self.count.text()
