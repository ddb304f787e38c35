"""Check-ins: at most one per attendee, enforced by the primary key, not by read-then-write."""

from __future__ import annotations

import datetime as dt
import sqlite3

from labdesk.core.model import CheckIn
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime


def check_in(
    doc: WorkshopFile, attendee_id: int, *, desk: str = "", method: str = "scan", at: str = ""
) -> tuple[bool, CheckIn]:
    """Check someone in. Returns (new, the check-in): new is False when they were already in."""
    when = at or now_iso()
    with doc.transaction("checkins") as con:
        cur = con.execute(
            "INSERT INTO check_ins (attendee_id, at, desk, method) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(attendee_id) DO NOTHING",
            (attendee_id, when, desk, method),
        )
        new = cur.rowcount == 1
        row = con.execute("SELECT * FROM check_ins WHERE attendee_id = ?", (attendee_id,)).fetchone()
    return new, _from_row(row)


def undo(doc: WorkshopFile, attendee_id: int) -> None:
    with doc.transaction("checkins") as con:
        con.execute("DELETE FROM check_ins WHERE attendee_id = ?", (attendee_id,))


def _from_row(row: sqlite3.Row) -> CheckIn:
    at = to_datetime(row["at"])
    assert at is not None
    return CheckIn(attendee_id=row["attendee_id"], at=at, desk=row["desk"], method=row["method"])


def get(doc: WorkshopFile, attendee_id: int) -> CheckIn | None:
    row = doc.con.execute("SELECT * FROM check_ins WHERE attendee_id = ?", (attendee_id,)).fetchone()
    return None if row is None else _from_row(row)


def all_by_attendee(doc: WorkshopFile) -> dict[int, CheckIn]:
    return {r["attendee_id"]: _from_row(r) for r in doc.con.execute("SELECT * FROM check_ins")}


def count(doc: WorkshopFile) -> int:
    return int(
        doc.con.execute(
            "SELECT count(*) FROM check_ins JOIN attendees ON attendees.id = check_ins.attendee_id"
            " WHERE attendees.erased_at IS NULL"
        ).fetchone()[0]
    )


def checked_in_at(doc: WorkshopFile) -> dict[int, dt.datetime]:
    return {k: v.at for k, v in all_by_attendee(doc).items()}
