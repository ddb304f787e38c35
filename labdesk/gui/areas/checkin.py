"""Check-in: who is in, by organisation, and who has not arrived yet."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from labdesk.core.model import Attendee
from labdesk.gui.areas.base import Area, heading, sortable_table
from labdesk.gui.models.table import Column, RowsModel
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins

OrgRow = tuple[str, int, int]

ORG_COLUMNS: list[Column[OrgRow]] = [
    Column("Organisation", lambda r: r[0]),
    Column("In", lambda r: str(r[1]), lambda r: r[1], align_right=True),
    Column("Expected", lambda r: str(r[2]), lambda r: r[2], align_right=True),
]
WAITING_COLUMNS: list[Column[Attendee]] = [
    Column("Not yet arrived", lambda a: a.name, lambda a: a.sort_name),
    Column("Organisation", lambda a: a.organisation),
    Column("Access needs", lambda a: a.access_needs),
]


class AreaWidget(Area):
    topics = frozenset({"attendees", "checkins"})

    def __init__(self, session, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.figure = QLabel()
        self.figure.setProperty("role", "figure")
        self.figure.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.orgs: RowsModel[OrgRow] = RowsModel(ORG_COLUMNS, self)
        self.org_view, _ = sortable_table(self.orgs, self)
        self.waiting: RowsModel[Attendee] = RowsModel(WAITING_COLUMNS, self)
        self.waiting_view, _ = sortable_table(self.waiting, self)
        tables = QGridLayout()
        tables.addWidget(QLabel("By organisation"), 0, 0)
        tables.addWidget(QLabel("Still to come"), 0, 1)
        tables.addWidget(self.org_view, 1, 0)
        tables.addWidget(self.waiting_view, 1, 1)
        figures = QHBoxLayout()
        figures.addWidget(self.figure)
        figures.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Check-in"))
        layout.addLayout(figures)
        layout.addLayout(tables, 1)
        self.refresh()

    def refresh(self) -> None:
        people = [a for a in store_attendees.load_all(self.doc) if a.status == "attending"]
        arrived = store_checkins.checked_in_at(self.doc)
        expected = Counter(a.organisation or "(none given)" for a in people)
        present = Counter(a.organisation or "(none given)" for a in people if a.id in arrived)
        self.orgs.set_rows(sorted(((o, present[o], n) for o, n in expected.items()),
                                  key=lambda r: (-r[2], r[0])))
        self.waiting.set_rows([a for a in people if a.id not in arrived])
        inside = sum(1 for a in people if a.id in arrived)
        share = f" ({inside * 100 // len(people)}%)" if people else ""
        self.figure.setText(f"{inside} of {len(people)} in{share}")
        self.org_view.resizeColumnsToContents()
        self.waiting_view.resizeColumnsToContents()

    def status_text(self) -> str:
        return self.figure.text()
