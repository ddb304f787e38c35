"""Run the day: the timeline of items and phases, with what is on now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from labdesk.core.agenda import schedule
from labdesk.gui.areas.base import Area, heading
from labdesk.store import agenda as store_agenda
from labdesk.store import workshop as store_workshop


def _duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


class AreaWidget(Area):
    topics = frozenset({"agenda", "workshop"})

    def __init__(self, session, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.now_label = QLabel()
        self.now_label.setProperty("role", "figure")
        self.now_label.setTextFormat(Qt.TextFormat.PlainText)
        self.now_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Time", "Item or phase", "Length", "Room prompt"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Run the day"))
        layout.addWidget(self.now_label)
        layout.addWidget(self.tree)
        self.refresh()

    def refresh(self, now: dt.datetime | None = None) -> None:
        workshop = store_workshop.load(self.doc)
        slots = schedule(workshop.day_start, store_agenda.load(self.doc))
        now = now or dt.datetime.now()
        current = None
        if now.date() == workshop.date:
            current = next((s for s in slots if s.start <= now.time() < s.end), None)
        if current is not None:
            self.now_label.setText(f"Now: {current.item.title} (until {current.end:%H:%M})")
        else:
            self.now_label.setText(
                f"{workshop.title}\n{workshop.date:%A} {workshop.date.day} {workshop.date:%B %Y}"
                + (f", {workshop.venue}" if workshop.venue else "")
            )
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        for slot in slots:
            top = QTreeWidgetItem(
                [slot.label, slot.item.title, f"{slot.item.duration_min} min", ""]
            )
            for column in range(2):
                top.setFont(column, bold)
            if slot.item.notes:
                top.setToolTip(1, slot.item.notes)
            for phase in slot.item.phases:
                rounds = f" × {phase.rounds}" if phase.rounds > 1 else ""
                child = QTreeWidgetItem(
                    ["", phase.name, _duration(phase.duration_s) + rounds,
                     phase.prompt.replace("\n", "  ")]
                )
                child.setToolTip(3, phase.prompt)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            if slot is current:
                top.setExpanded(True)
                self.tree.setCurrentItem(top)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
