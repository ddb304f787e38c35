"""Feedback: responses per session, averages, and every comment."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from labdesk.core.model import FeedbackResponse
from labdesk.gui.areas.base import Area, heading, sortable_table
from labdesk.gui.models.table import Column, RowsModel
from labdesk.store import agenda as store_agenda
from labdesk.store import feedback as store_feedback

SessionRow = tuple[str, int, float | None]
CommentRow = tuple[str, FeedbackResponse]


def _stars(rating: int | None) -> str:
    return "" if rating is None else f"{rating}/5 " + "★" * rating


SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Session", lambda r: r[0]),
    Column("Responses", lambda r: str(r[1]), lambda r: r[1], align_right=True),
    Column("Average rating", lambda r: "" if r[2] is None else f"{r[2]:.1f} / 5",
           lambda r: r[2] or 0.0, align_right=True),
]
COMMENT_COLUMNS: list[Column[CommentRow]] = [
    Column("Session", lambda r: r[0]),
    Column("Rating", lambda r: _stars(r[1].rating), lambda r: r[1].rating or 0),
    Column("What worked", lambda r: r[1].worked, tooltip=lambda r: r[1].worked),
    Column("What would you change", lambda r: r[1].change, tooltip=lambda r: r[1].change),
    Column("Shown", lambda r: "hidden" if r[1].hidden else ""),
]


class AreaWidget(Area):
    topics = frozenset({"feedback", "agenda"})

    def __init__(self, session, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.sessions: RowsModel[SessionRow] = RowsModel(SESSION_COLUMNS, self)
        self.session_view, _ = sortable_table(self.sessions, self)
        self.comments: RowsModel[CommentRow] = RowsModel(COMMENT_COLUMNS, self)
        self.comment_view, _ = sortable_table(self.comments, self)
        self.total = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.session_view)
        splitter.addWidget(self.comment_view)
        splitter.setSizes([200, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Feedback"))
        layout.addWidget(self.total)
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        titles = {item.id: item.title for item in store_agenda.load(self.doc)}
        responses = store_feedback.load_all(self.doc)
        by_item: dict[int | None, list[FeedbackResponse]] = defaultdict(list)
        for r in responses:
            by_item[r.agenda_item_id].append(r)
        rows: list[SessionRow] = []
        for item_id, rs in by_item.items():
            rated = [r.rating for r in rs if r.rating is not None]
            title = titles.get(item_id, "(removed from the agenda)")
            rows.append((title, len(rs), sum(rated) / len(rated) if rated else None))
        self.sessions.set_rows(rows)
        self.comments.set_rows(
            [(titles.get(r.agenda_item_id, ""), r) for r in responses if r.worked or r.change]
        )
        self.total.setText(f"{len(responses)} responses on {len(by_item)} sessions")
        self.session_view.resizeColumnsToContents()
        self.comment_view.resizeColumnToContents(0)

    def status_text(self) -> str:
        return self.total.text()
