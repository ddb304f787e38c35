"""What a check-in desk reads to follow changes by the rows that changed: a mark per person (the
columns the desk shows, searches and sorts by) and who is in. Read on the desk's own worker with
its own connection; comparing two readings tells which people changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator

from labdesk.core.model import Attendee
from labdesk.store import attendees
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import to_datetime

Mark = tuple[object, ...]
_CHUNK = 500  # ids per query (SQLite allows 32,766 parameters; short statements plan faster)


@contextlib.contextmanager
def snapshot(doc: WorkshopFile) -> Iterator[None]:
    """Several reads that see the file as it was at one moment (one read transaction)."""
    doc.con.execute("BEGIN")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            doc.con.execute("COMMIT")


def marks(doc: WorkshopFile) -> dict[int, Mark]:
    """Each person not erased: the columns the desk shows, searches and sorts by."""
    rows = doc.con.execute(
        "SELECT id, name, given_name, family_name, organisation, email, status, access_needs"
        " FROM attendees WHERE erased_at IS NULL"
    )
    return {int(r[0]): tuple(r)[1:] for r in rows}


def arrivals(doc: WorkshopFile) -> dict[int, dt.datetime]:
    """Who is in, and since when (every check-in of this file's own)."""
    found = {}
    for attendee_id, at in doc.con.execute("SELECT attendee_id, at FROM check_ins"):
        when = to_datetime(at)
        if when is not None:
            found[int(attendee_id)] = when
    return found


def people(doc: WorkshopFile, ids: Iterable[int]) -> list[Attendee]:
    """These people, as load_all reads them (erased ones left out)."""
    wanted = sorted(set(ids))
    found: list[Attendee] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks_ = ",".join("?" * len(chunk))
        codes: dict[int, list[str]] = {}
        for code, attendee_id in doc.con.execute(
            f"SELECT code, attendee_id FROM ticket_codes WHERE attendee_id IN ({marks_})"
            " ORDER BY rowid",
            chunk,
        ):
            codes.setdefault(int(attendee_id), []).append(str(code))
        rows = doc.con.execute(
            f"SELECT * FROM attendees WHERE erased_at IS NULL AND id IN ({marks_})", chunk
        )
        found.extend(attendees.from_row(r, codes.get(r["id"])) for r in rows)
    return found
