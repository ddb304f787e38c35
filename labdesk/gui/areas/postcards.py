"""Postcards: every commitment card, whether it can be posted, and to whom."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from labdesk.core.model import Attendee, CommitmentCard
from labdesk.gui.areas.base import Area, heading, sortable_table
from labdesk.gui.models.table import Column, RowsModel
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments

CardRow = tuple[CommitmentCard, Attendee | None]


def _address(row: CardRow) -> str:
    card, person = row
    if card.address.strip():
        return card.address
    if card.use_registered_address and person is not None:
        return person.address
    return ""


def postable(row: CardRow) -> bool:
    return row[0].consent_post and bool(_address(row).strip())


COLUMNS: list[Column[CardRow]] = [
    Column("Name", lambda r: r[1].name if r[1] else r[0].name,
           lambda r: r[1].sort_name if r[1] else r[0].name),
    Column("Commitment", lambda r: r[0].action, tooltip=lambda r: r[0].action),
    Column("Who with", lambda r: r[0].who),
    Column("By when", lambda r: r[0].by_when),
    Column("To post", lambda r: "Yes" if postable(r) else "No: no consent"
           if not r[0].consent_post else "No: no address"),
    Column("Card", lambda r: r[0].source.capitalize()),
]


class AreaWidget(Area):
    topics = frozenset({"commitments", "attendees", "postcards"})

    def __init__(self, session, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.model: RowsModel[CardRow] = RowsModel(COLUMNS, self)
        self.view, _ = sortable_table(self.model, self)
        self.total = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Postcards"))
        layout.addWidget(self.total)
        layout.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        people = {a.id: a for a in store_attendees.load_all(self.doc)}
        rows = [(c, people.get(c.attendee_id)) for c in store_commitments.load_all(self.doc)]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(1, 420)
        ready = sum(1 for r in rows if postable(r))
        self.total.setText(f"{len(rows)} commitment cards, {ready} with consent and an address")

    def status_text(self) -> str:
        return self.total.text()
