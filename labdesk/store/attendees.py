"""Attendees and their external ticket codes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from labdesk.core.model import Attendee, split_name
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

_COLUMNS = (
    "name", "given_name", "family_name", "sort_name", "organisation", "role", "email", "address",
    "access_needs", "dietary_needs", "ticket_type", "status", "consent_postcard",
    "consent_contact", "notes", "source",
)


def from_row(row: sqlite3.Row, codes: list[str] | None = None) -> Attendee:
    return Attendee(
        id=row["id"],
        name=row["name"],
        given_name=row["given_name"],
        family_name=row["family_name"],
        organisation=row["organisation"],
        role=row["role"],
        email=row["email"],
        address=row["address"],
        access_needs=row["access_needs"],
        dietary_needs=row["dietary_needs"],
        ticket_type=row["ticket_type"],
        status=row["status"],
        consent_postcard=bool(row["consent_postcard"]),
        consent_contact=bool(row["consent_contact"]),
        notes=row["notes"],
        source=row["source"],
        ticket_codes=codes or [],
    )


def _values(a: Attendee) -> tuple[object, ...]:
    given, family = a.given_name, a.family_name
    if not given and not family:
        given, family = split_name(a.name)
    return (
        a.name, given, family, a.sort_name, a.organisation, a.role, a.email.strip(), a.address,
        a.access_needs, a.dietary_needs, a.ticket_type, a.status, int(a.consent_postcard),
        int(a.consent_contact), a.notes, a.source,
    )


def insert(con: sqlite3.Connection, a: Attendee) -> int:
    """Insert inside the caller's transaction; returns the new id."""
    cur = con.execute(
        f"INSERT INTO attendees ({', '.join(_COLUMNS)}, created_at)"
        f" VALUES ({', '.join('?' * len(_COLUMNS))}, ?)",
        (*_values(a), now_iso()),
    )
    assert cur.lastrowid is not None
    a.id = cur.lastrowid
    for code in a.ticket_codes:
        con.execute(
            "INSERT OR IGNORE INTO ticket_codes (code, attendee_id, source) VALUES (?, ?, ?)",
            (code, a.id, a.source),
        )
    return a.id


def update(con: sqlite3.Connection, a: Attendee) -> None:
    con.execute(
        f"UPDATE attendees SET {', '.join(c + '=?' for c in _COLUMNS)} WHERE id = ?",
        (*_values(a), a.id),
    )
    for code in a.ticket_codes:
        con.execute(
            "INSERT OR IGNORE INTO ticket_codes (code, attendee_id, source) VALUES (?, ?, ?)",
            (code, a.id, a.source),
        )


def add(doc: WorkshopFile, a: Attendee) -> Attendee:
    with doc.transaction("attendees") as con:
        insert(con, a)
    return a


def add_many(doc: WorkshopFile, people: Iterable[Attendee]) -> int:
    count = 0
    with doc.transaction("attendees") as con:
        for a in people:
            insert(con, a)
            count += 1
    return count


def load_all(doc: WorkshopFile, *, include_erased: bool = False) -> list[Attendee]:
    codes: dict[int, list[str]] = {}
    for row in doc.con.execute("SELECT code, attendee_id FROM ticket_codes ORDER BY rowid"):
        codes.setdefault(row[1], []).append(row[0])
    where = "" if include_erased else "WHERE erased_at IS NULL"
    rows = doc.con.execute(f"SELECT * FROM attendees {where} ORDER BY sort_name, id")
    return [from_row(r, codes.get(r["id"])) for r in rows]


def get(doc: WorkshopFile, attendee_id: int) -> Attendee | None:
    row = doc.con.execute("SELECT * FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    if row is None:
        return None
    codes = [
        r[0]
        for r in doc.con.execute(
            "SELECT code FROM ticket_codes WHERE attendee_id = ? ORDER BY rowid", (attendee_id,)
        )
    ]
    return from_row(row, codes)


def count(doc: WorkshopFile, *, status: str | None = "attending") -> int:
    args: tuple[str, ...] = ()
    if status is None:
        sql = "SELECT count(*) FROM attendees WHERE erased_at IS NULL"
    else:
        sql = "SELECT count(*) FROM attendees WHERE erased_at IS NULL AND status = ?"
        args = (status,)
    return int(doc.con.execute(sql, args).fetchone()[0])
