"""Attendees and their external ticket codes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labdesk.core.badges import ticket_candidates, ticket_is_safe, ticket_key
from labdesk.core.importing.matching import name_key
from labdesk.core.model import IMPORTED_DETAILS, Attendee, AttendeeStatus, CheckInMethod, split_name
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime, to_enum

if TYPE_CHECKING:
    from labdesk.core.checkin import (
        Outcome,  # the importer is only needed when importing (keeps start-up light)
    )
    from labdesk.core.importing import ImportPlan

_COLUMNS = (
    "name",
    "given_name",
    "family_name",
    "sort_name",
    "organisation",
    "role",
    "email",
    "address",
    "access_needs",
    "dietary_needs",
    "ticket_type",
    "status",
    "consent_postcard",
    "consent_contact",
    "notes",
    "source",
    "name_key",  # the name as matched, indexed (labdesk.core.importing.matching.name_key)
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
        status=to_enum(AttendeeStatus, row["status"], AttendeeStatus.ATTENDING),
        consent_postcard=bool(row["consent_postcard"]),
        consent_contact=bool(row["consent_contact"]),
        notes=row["notes"],
        source=row["source"],
        ticket_codes=codes or [],
        erased_at=to_datetime(row["erased_at"]),
    )


def _values(a: Attendee) -> tuple[object, ...]:
    # The importer's package is only needed when a row is written (keeps start-up light).

    given, family = a.given_name, a.family_name
    if not given and not family:
        given, family = split_name(a.name)
    return (
        a.name,
        given,
        family,
        a.sort_name,
        a.organisation,
        a.role,
        a.email.strip(),
        a.address,
        a.access_needs,
        a.dietary_needs,
        a.ticket_type,
        a.status,
        int(a.consent_postcard),
        int(a.consent_contact),
        a.notes,
        a.source,
        name_key(a.name),
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
    _add_codes(con, a)
    return a.id


def _add_codes(con: sqlite3.Connection, a: Attendee) -> list[str]:
    """Record a's ticket codes; returns the codes that already belong to someone else."""
    clashes = []
    for code in a.ticket_codes:
        cur = con.execute(
            "INSERT OR IGNORE INTO ticket_codes (code, attendee_id, source, key)"
            " VALUES (?, ?, ?, ?)",
            (code, a.id, a.source, ticket_key(code)),
        )
        if cur.rowcount == 0:
            owner = con.execute("SELECT attendee_id FROM ticket_codes WHERE code = ?", (code,))
            row = owner.fetchone()
            if row is not None and row[0] != a.id:
                clashes.append(code)
    return clashes


def update(con: sqlite3.Connection, a: Attendee) -> None:
    con.execute(
        f"UPDATE attendees SET {', '.join(c + '=?' for c in _COLUMNS)} WHERE id = ?",
        (*_values(a), a.id),
    )
    _add_codes(con, a)


def add(doc: WorkshopFile, a: Attendee) -> Attendee:
    with doc.transaction(Topic.ATTENDEES) as con:
        insert(con, a)
    return a


def add_many(doc: WorkshopFile, people: Iterable[Attendee]) -> int:
    count = 0
    with doc.transaction(Topic.ATTENDEES) as con:
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


def count(doc: WorkshopFile, *, status: AttendeeStatus | None = AttendeeStatus.ATTENDING) -> int:
    args: tuple[str, ...]
    if status is None:
        sql, args = "SELECT count(*) FROM attendees WHERE erased_at IS NULL", ()
    else:
        sql = "SELECT count(*) FROM attendees WHERE erased_at IS NULL AND status = ?"
        args = (status,)
    return int(doc.con.execute(sql, args).fetchone()[0])


def find_by_ticket_code(doc: WorkshopFile, text: str) -> int | None:
    """The attendee holding an imported ticket code: exact first, then by layout-proof key.
    A code too short to be unguessable (badges.ticket_is_safe) is matched only in full, exactly
    as imported: never through a keyboard-layout or Caps Lock reading."""
    code = text.strip()
    if not code or len(code) > 200:
        return None
    row = doc.con.execute("SELECT attendee_id FROM ticket_codes WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return int(row[0])
    keys = [k for k in ticket_candidates(code) if len(k) >= 4]
    if not keys:
        return None
    rows = doc.con.execute(
        "SELECT code, attendee_id FROM ticket_codes"
        f" WHERE key IN ({','.join('?' * len(keys))}) LIMIT 20",
        keys,
    ).fetchall()
    owners = {int(r[1]) for r in rows if ticket_is_safe(str(r[0]))}
    return owners.pop() if len(owners) == 1 else None


@dataclass
class ImportOutcome:
    added: int = 0
    updated: int = 0
    cancelled: int = 0
    ids: list[int] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def _merge_update(old: Attendee, new: Attendee) -> Attendee:
    """The stored person refreshed from an import row: non-empty imported values win, nothing
    stored is blanked, codes and notes are combined."""
    merged = Attendee(**{**old.__dict__})
    for name in ("name", *IMPORTED_DETAILS):
        value = getattr(new, name)
        if value:
            setattr(merged, name, value)
    if new.name and not (new.given_name or new.family_name):
        merged.given_name, merged.family_name = split_name(new.name)
    merged.status = new.status
    merged.consent_postcard = old.consent_postcard or new.consent_postcard
    merged.ticket_codes = list(dict.fromkeys(old.ticket_codes + new.ticket_codes))
    notes = [n for n in (old.notes, new.notes) if n]
    merged.notes = "; ".join(dict.fromkeys("; ".join(notes).split("; "))) if notes else ""
    return merged


def apply_import(doc: WorkshopFile, plan: ImportPlan) -> ImportOutcome:
    """Write a plan in one transaction. Check-ins are never touched: merging keeps the id.
    Cancelled tickets are kept as status 'cancelled' so their codes scan as cancelled."""
    from labdesk.core.importing import Action

    outcome = ImportOutcome()
    with doc.transaction(Topic.ATTENDEES) as con:
        for step in plan.rows:
            person = step.attendee
            if person is None:
                continue
            if step.action is Action.ADD or (step.action is Action.SKIP and step.cancelled):
                person.status = (
                    AttendeeStatus.CANCELLED if step.cancelled else AttendeeStatus.ATTENDING
                )
                new_id = insert(con, person)
                outcome.ids.append(new_id)
                if step.cancelled:
                    outcome.cancelled += 1
                else:
                    outcome.added += 1
            elif step.action is Action.UPDATE and step.existing_id is not None:
                row = con.execute(
                    "SELECT * FROM attendees WHERE id = ?", (step.existing_id,)
                ).fetchone()
                if row is None:
                    continue
                old = from_row(row, _codes(con, step.existing_id))
                merged = _merge_update(old, person)
                merged.id = step.existing_id
                update(con, merged)
                outcome.updated += 1
                outcome.ids.append(step.existing_id)
                person.id = step.existing_id
            else:
                continue
            for code in _add_codes(con, person):
                outcome.problems.append(
                    (step.row, f"Ticket code {code} already belongs to someone else; not added.")
                )
    return outcome


def _codes(con: sqlite3.Connection, attendee_id: int) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT code FROM ticket_codes WHERE attendee_id = ? ORDER BY rowid", (attendee_id,)
        )
    ]


def admit_walk_in(doc: WorkshopFile, a: Attendee, *, desk: str = "", at: str = "") -> Outcome:
    """Add someone who turned up without registering and check them in, in one transaction,
    by the same rule and the same path as a scan or a search (labdesk.store.checkins.admit_in);
    returns what the desk shows."""
    from labdesk.store.checkins import admit_in

    a.source = a.source or "walk-in"
    with doc.transaction(Topic.ATTENDEES | Topic.CHECKINS) as con:
        insert(con, a)
        return admit_in(con, a.id or 0, desk=desk, method=CheckInMethod.WALK_IN, at=at)


def add_walk_in(doc: WorkshopFile, a: Attendee, *, desk: str = "", at: str = "") -> Attendee:
    """admit_walk_in, for callers that want the person (with their new id)."""
    admit_walk_in(doc, a, desk=desk, at=at)
    return a


def fingerprint(doc: WorkshopFile) -> int:
    """Changes whenever anyone is added, removed or changes name, organisation, email or status:
    lets the desk skip rebuilding its search index when something else changed (~10 ms/10,000)."""
    rows = doc.con.execute(
        "SELECT id, name, organisation, email, status FROM attendees WHERE erased_at IS NULL"
        " ORDER BY id"
    ).fetchall()
    return hash(tuple(tuple(r) for r in rows))
