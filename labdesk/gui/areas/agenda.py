"""Agenda: the day's items with computed times, sortable."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from labdesk.core.agenda import Slot, overrun_minutes, schedule
from labdesk.gui.areas.base import Area, heading, sortable_table
from labdesk.gui.models.table import Column, RowsModel
from labdesk.store import agenda as store_agenda
from labdesk.store import workshop as store_workshop


def _minutes(n: int) -> str:
    return f"{n} min" if n < 60 else f"{n // 60} h {n % 60:02d} min"


COLUMNS: list[Column[tuple[int, Slot]]] = [
    Column("#", lambda r: str(r[0] + 1), lambda r: r[0], align_right=True),
    Column("Start", lambda r: f"{r[1].start:%H:%M}", lambda r: r[1].start),
    Column("End", lambda r: f"{r[1].end:%H:%M}", lambda r: r[1].end),
    Column("Item", lambda r: r[1].item.title, tooltip=lambda r: r[1].item.notes),
    Column("Kind", lambda r: r[1].item.kind.label),
    Column("Length", lambda r: _minutes(r[1].item.duration_min), lambda r: r[1].item.duration_min,
           align_right=True),
    Column("Phases", lambda r: str(len(r[1].item.phases)) if r[1].item.phases else "",
           lambda r: len(r[1].item.phases), align_right=True),
    Column("Activity", lambda r: r[1].item.activity.replace("-", " ").capitalize()),
]


class AreaWidget(Area):
    topics = frozenset({"agenda", "workshop"})

    def __init__(self, session, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.model: RowsModel[tuple[int, Slot]] = RowsModel(COLUMNS, self)
        self.view, self.proxy = sortable_table(self.model, self)
        self.summary = QLabel()
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #8a1c00; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Agenda"))
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(self.view)
        self.refresh()

    def refresh(self) -> None:
        workshop = store_workshop.load(self.doc)
        slots = schedule(workshop.day_start, store_agenda.load(self.doc))
        self.model.set_rows(list(enumerate(slots)))
        self.view.resizeColumnsToContents()
        if slots:
            self.summary.setText(
                f"{len(slots)} items, {slots[0].start:%H:%M} to {slots[-1].end:%H:%M} "
                f"(the day ends at {workshop.day_end:%H:%M})."
            )
        else:
            self.summary.setText("No agenda items yet.")
        over = overrun_minutes(slots, workshop.day_end)
        self.warning.setVisible(over > 0)
        self.warning.setText(f"⚠ The day overruns its end by {_minutes(over)}.")
        self._status = self.summary.text()

    def status_text(self) -> str:
        return self._status
