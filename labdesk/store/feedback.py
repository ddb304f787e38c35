"""Feedback on agenda items: one row per phone per session, moderated for the projector."""

from __future__ import annotations

import json
import sqlite3

from labdesk.core.feedback import SessionTally
from labdesk.core.model import FeedbackResponse
from labdesk.store.changes import Topic
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
        chosen=bool(row["chosen"]),
        created_at=to_datetime(row["created_at"]),
        updated_at=str(row["updated_at"]),
    )


def write(con: sqlite3.Connection, response: FeedbackResponse, submission_key: str | None) -> int:
    """Insert or edit inside the caller's transaction. The same submission_key again edits the
    row (a resend or a double tap never adds one); an edited comment leaves the projector choice,
    so nothing unread is shown."""
    now = now_iso()
    cur = con.execute(
        "INSERT INTO feedback (agenda_item_id, submission_key, rating, worked, change, answers,"
        " hidden, chosen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(submission_key) DO UPDATE SET rating=excluded.rating,"
        " worked=excluded.worked, change=excluded.change, answers=excluded.answers,"
        " chosen=CASE WHEN worked IS excluded.worked AND change IS excluded.change"
        " AND answers IS excluded.answers THEN chosen ELSE 0 END,"
        " updated_at=excluded.updated_at RETURNING id",
        (
            response.agenda_item_id,
            submission_key,
            response.rating,
            response.worked,
            response.change,
            json.dumps(response.answers, ensure_ascii=False),
            int(response.hidden),
            int(response.chosen),
            now,
            now,
        ),
    )
    response.id = int(cur.fetchone()[0])
    return response.id


def upsert(doc: WorkshopFile, response: FeedbackResponse, submission_key: str | None = None) -> int:
    """Store a response; the same submission_key again edits it rather than adding a row."""
    with doc.transaction(Topic.FEEDBACK) as con:
        write(con, response, submission_key)
    assert response.id is not None
    return response.id


def get_by_key(con: sqlite3.Connection, submission_key: str) -> FeedbackResponse | None:
    row = con.execute(
        "SELECT * FROM feedback WHERE submission_key = ?", (submission_key,)
    ).fetchone()
    return None if row is None else _from_row(row)


def load_all(doc: WorkshopFile) -> list[FeedbackResponse]:
    return [_from_row(r) for r in doc.con.execute("SELECT * FROM feedback ORDER BY created_at, id")]


def load_for_item(doc: WorkshopFile, agenda_item_id: int) -> list[FeedbackResponse]:
    rows = doc.con.execute(
        "SELECT * FROM feedback WHERE agenda_item_id = ? ORDER BY created_at, id", (agenda_item_id,)
    )
    return [_from_row(r) for r in rows]


def load_by_ids(doc: WorkshopFile, ids: list[int]) -> list[FeedbackResponse]:
    """These responses as they read now (those still there)."""
    found: list[FeedbackResponse] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = doc.con.execute(f"SELECT * FROM feedback WHERE id IN ({marks}) ORDER BY id", chunk)
        found += [_from_row(r) for r in rows]
    return found


def set_hidden(doc: WorkshopFile, response_id: int, hidden: bool) -> None:
    """Hide a comment from every summary; a hidden comment is never chosen for the projector."""
    with doc.transaction(Topic.FEEDBACK) as con:
        con.execute(
            "UPDATE feedback SET hidden = ?, chosen = CASE WHEN ? THEN 0 ELSE chosen END,"
            " moderated_at = ? WHERE id = ?",
            (int(hidden), int(hidden), now_iso(), response_id),
        )


def redact(
    doc: WorkshopFile, response_id: int, worked: str, change: str, answers: dict[str, str]
) -> None:
    """The organiser's redaction of a comment (a name taken out, say): the text as it is to
    read from now on, marked redacted (a merge never brings the old words back). secure_delete
    zeroes the old words in the file; an erasure or the next checkpoint empties them from the
    WAL. Leaves the projector choice alone."""
    with doc.transaction(Topic.FEEDBACK) as con:
        redact_in(con, response_id, worked, change, answers)


def redact_in(
    con: sqlite3.Connection,
    response_id: int,
    worked: str,
    change: str,
    answers: dict[str, str],
    *,
    was: tuple[str, ...] | None = None,
) -> int:
    """Inside the caller's transaction (the file, or a backup of it): the comment's words
    replaced, if they still read was (worked, change, answers as stored) when given, and
    marked redacted (from schema version 13) if they changed. Returns the rows changed."""
    text = json.dumps(answers, ensure_ascii=False)
    marked = any(r[1] == "redacted_at" for r in con.execute("PRAGMA table_info(feedback)"))
    sql = (
        "UPDATE feedback SET"
        + (
            " redacted_at = CASE WHEN worked IS ? AND change IS ? AND answers IS ?"
            " THEN redacted_at ELSE coalesce(redacted_at, ?) END,"
            if marked
            else ""
        )
        + " worked = ?, change = ?, answers = ? WHERE id = ?"
        + (" AND worked = ? AND change = ? AND answers = ?" if was is not None else "")
    )
    args: list[object] = [worked, change, text, now_iso()] if marked else []
    args += [worked, change, text, response_id, *(was or ())]
    return con.execute(sql, args).rowcount


def set_chosen(doc: WorkshopFile, response_id: int, chosen: bool) -> None:
    """Pick a comment for the projector summary (hidden ones cannot be picked)."""
    with doc.transaction(Topic.FEEDBACK) as con:
        con.execute(
            "UPDATE feedback SET chosen = ?, moderated_at = ? WHERE id = ? AND hidden = 0",
            (int(chosen), now_iso(), response_id),
        )


def count(doc: WorkshopFile) -> int:
    return int(doc.con.execute("SELECT count(*) FROM feedback").fetchone()[0])


def answered_items(con: sqlite3.Connection, key_prefix: str) -> set[int]:
    """Agenda items one phone has answered (its submission keys share key_prefix)."""
    rows = con.execute(
        "SELECT agenda_item_id FROM feedback WHERE submission_key >= ? AND submission_key < ?",
        (key_prefix, key_prefix + "\uffff"),
    )
    return {int(r[0]) for r in rows if r[0] is not None}


def tallies(doc: WorkshopFile) -> dict[int | None, SessionTally]:
    """Per agenda item: responses and ratings, counted by SQLite (cheap however many there are)."""
    result: dict[int | None, SessionTally] = {}
    rows = doc.con.execute(
        "SELECT agenda_item_id, rating, count(*) FROM feedback GROUP BY agenda_item_id, rating"
    )
    for item_id, rating, n in rows:
        t = result.setdefault(item_id, SessionTally())
        t.responses += int(n)
        if rating is not None and 1 <= rating <= 5:
            t.ratings[rating - 1] += int(n)
    return result


def load_recent(doc: WorkshopFile, limit: int) -> list[FeedbackResponse]:
    """The newest responses, oldest first (for the app's list of all comments)."""
    rows = doc.con.execute(
        # NOT INDEXED: the newest by id, read backwards and stopped at limit (stale statistics
        # would otherwise sort all 20,000 first).
        "SELECT * FROM (SELECT * FROM feedback NOT INDEXED ORDER BY id DESC LIMIT ?) ORDER BY id",
        (limit,),
    )
    return [_from_row(r) for r in rows]


def load_chosen(doc: WorkshopFile) -> list[FeedbackResponse]:
    """Comments picked for the projector (never hidden ones)."""
    # By its index whatever the statistics say (they lag behind a burst: read as 49 rows, the
    # planner would scan 20,000).
    rows = doc.con.execute(
        "SELECT * FROM feedback INDEXED BY feedback_chosen"
        " WHERE chosen = 1 AND hidden = 0 ORDER BY id"
    )
    return [_from_row(r) for r in rows]


def last_update(doc: WorkshopFile) -> str:
    """The newest updated_at (ISO text), or "" for no responses."""
    return str(doc.con.execute("SELECT coalesce(max(updated_at), '') FROM feedback").fetchone()[0])


def load_changed_since(
    doc: WorkshopFile, since: str, agenda_item_id: int | None = None, *, after: bool = False
) -> list[FeedbackResponse]:
    """Responses added or edited at or after since (an updated_at value; strictly after, if
    after), oldest first."""
    sql = (
        "SELECT * FROM feedback INDEXED BY feedback_updated"
        f" WHERE updated_at {'>' if after else '>='} ?"
    )
    args: tuple[object, ...] = (since,)
    if agenda_item_id is not None:
        sql += " AND agenda_item_id = ?"
        args = (since, agenda_item_id)
    return [_from_row(r) for r in doc.con.execute(sql + " ORDER BY id", args)]


def tally_rows(
    doc: WorkshopFile, since: str = "", *, after: bool = False
) -> list[tuple[int, int | None, int | None, str]]:
    """(id, agenda item, rating, updated_at) of every response, or of those added or edited at
    or after since (strictly after, if after), found through the index on updated_at: enough to
    keep the counts per session and rating up to date by the rows that changed."""
    if since:
        rows = doc.con.execute(
            "SELECT id, agenda_item_id, rating, updated_at FROM feedback"
            f" INDEXED BY feedback_updated WHERE updated_at {'>' if after else '>='} ?",
            (since,),
        )
    else:
        rows = doc.con.execute("SELECT id, agenda_item_id, rating, updated_at FROM feedback")
    return [(int(r[0]), r[1], r[2], str(r[3])) for r in rows]
