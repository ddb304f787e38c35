"""Feedback responses on agenda items."""

from __future__ import annotations

import json
import sqlite3

from labdesk.core.model import FeedbackResponse
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime


def _from_row(row: sqlite3.Row) -> FeedbackResponse:
    return FeedbackResponse(
        id=row["id"],
        agenda_item_id=row["agenda_item_id"],
        rating=row["rating"],
        worked=row["worked"],
        change=row["change"],
        answers=json.loads(row["answers"] or "{}"),
        hidden=bool(row["hidden"]),
        created_at=to_datetime(row["created_at"]),
    )


def upsert(doc: WorkshopFile, response: FeedbackResponse, submission_key: str | None = None) -> int:
    """Store a response; the same submission_key again edits it rather than adding a row."""
    now = now_iso()
    with doc.transaction("feedback") as con:
        cur = con.execute(
            "INSERT INTO feedback (agenda_item_id, submission_key, rating, worked, change, answers,"
            " hidden, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(submission_key) DO UPDATE SET rating=excluded.rating,"
            " worked=excluded.worked, change=excluded.change, answers=excluded.answers,"
            " updated_at=excluded.updated_at RETURNING id",
            (
                response.agenda_item_id, submission_key, response.rating, response.worked,
                response.change, json.dumps(response.answers, ensure_ascii=False),
                int(response.hidden), now, now,
            ),
        )
        response.id = int(cur.fetchone()[0])
    return response.id


def load_all(doc: WorkshopFile) -> list[FeedbackResponse]:
    return [_from_row(r) for r in doc.con.execute("SELECT * FROM feedback ORDER BY created_at, id")]


def set_hidden(doc: WorkshopFile, response_id: int, hidden: bool) -> None:
    with doc.transaction("feedback") as con:
        con.execute("UPDATE feedback SET hidden = ? WHERE id = ?", (int(hidden), response_id))


def count(doc: WorkshopFile) -> int:
    return int(doc.con.execute("SELECT count(*) FROM feedback").fetchone()[0])
