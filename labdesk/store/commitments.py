"""Commitment cards, matched to attendees by email or name; unclear ones kept for review."""

from __future__ import annotations

import sqlite3

from labdesk.core.feedback import match_key
from labdesk.core.model import Attendee, CommitmentCard
from labdesk.store import attendees as store_attendees
from labdesk.store import erasure
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"


def _from_row(row: sqlite3.Row) -> CommitmentCard:
    return CommitmentCard(
        id=row["id"],
        attendee_id=row["attendee_id"],
        action=row["action"],
        who=row["who"],
        by_when=row["by_when"],
        name=row["name"],
        email=row["email"],
        address=row["address"],
        use_registered_address=bool(row["use_registered_address"]),
        consent_post=bool(row["consent_post"]),
        source=row["source"],
        match_status=row["match_status"],
        created_at=to_datetime(row["created_at"]),
    )


def _name_matches(con: sqlite3.Connection, name: str) -> list[int]:
    key = match_key(name)
    if not key:
        return []
    found = []
    for row in con.execute("SELECT id, name FROM attendees WHERE erased_at IS NULL"):
        if match_key(row[1]) == key:
            found.append(int(row[0]))
    return found


def match_attendee(con: sqlite3.Connection, name: str, email: str) -> tuple[int | None, str]:
    """(attendee id, 'matched' | 'ambiguous' | 'unmatched').

    One registration with this email: matched, unless the name given is another registered
    person's (then ambiguous: someone may have typed a colleague's email). Otherwise one
    registration with this name (case, accents and spacing ignored): matched. Several people
    with the email or the name: ambiguous, left for the desk to review. An email that belonged
    to someone erased on request (and nobody registered now) is unmatched.
    """
    by_email: list[int] = []
    if email.strip():
        by_email = [
            int(r[0])
            for r in con.execute(
                "SELECT id FROM attendees WHERE erased_at IS NULL AND email = ? COLLATE NOCASE",
                (email.strip(),),
            )
        ]
    if not by_email and email.strip() and erasure.erased_list_in(con).email(email):
        return None, UNMATCHED  # the person with this email was erased: never re-link by name
    by_name = _name_matches(con, name)
    if len(by_email) == 1:
        if by_name and by_email[0] not in by_name:
            return None, AMBIGUOUS
        return by_email[0], MATCHED
    if len(by_email) > 1:
        both = [i for i in by_email if i in by_name]
        return (both[0], MATCHED) if len(both) == 1 else (None, AMBIGUOUS)
    if len(by_name) == 1:
        return by_name[0], MATCHED
    if len(by_name) > 1:
        return None, AMBIGUOUS
    return None, UNMATCHED


def write(con: sqlite3.Connection, card: CommitmentCard, submission_key: str | None) -> int:
    """Insert or edit inside the caller's transaction; the same submission_key edits the card."""
    now = now_iso()
    attendee_id, status = card.attendee_id, MATCHED
    if attendee_id is None:
        attendee_id, status = match_attendee(con, card.name, card.email)
    cur = con.execute(
        "INSERT INTO commitments (attendee_id, submission_key, action, who, by_when, name,"
        " email, address, use_registered_address, consent_post, match_status, source,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(submission_key) DO UPDATE SET action=excluded.action, who=excluded.who,"
        " by_when=excluded.by_when, name=excluded.name, email=excluded.email,"
        " address=excluded.address, use_registered_address=excluded.use_registered_address,"
        " consent_post=excluded.consent_post, attendee_id=excluded.attendee_id,"
        " match_status=excluded.match_status, updated_at=excluded.updated_at RETURNING id",
        (
            attendee_id,
            submission_key,
            card.action,
            card.who,
            card.by_when,
            card.name,
            card.email,
            card.address,
            int(card.use_registered_address),
            int(card.consent_post),
            status,
            card.source,
            now,
            now,
        ),
    )
    card.id = int(cur.fetchone()[0])
    card.attendee_id = attendee_id
    card.match_status = status
    return card.id


def upsert(doc: WorkshopFile, card: CommitmentCard, submission_key: str | None = None) -> int:
    with doc.transaction(Topic.COMMITMENTS) as con:
        write(con, card, submission_key)
    assert card.id is not None
    return card.id


def get_by_key(con: sqlite3.Connection, submission_key: str) -> CommitmentCard | None:
    row = con.execute(
        "SELECT * FROM commitments WHERE submission_key = ?", (submission_key,)
    ).fetchone()
    return None if row is None else _from_row(row)


def load_all(doc: WorkshopFile) -> list[CommitmentCard]:
    return [
        _from_row(r) for r in doc.con.execute("SELECT * FROM commitments ORDER BY created_at, id")
    ]


def needs_review(doc: WorkshopFile) -> list[CommitmentCard]:
    """Cards not yet tied to one registered attendee."""
    rows = doc.con.execute(
        "SELECT * FROM commitments WHERE attendee_id IS NULL ORDER BY created_at, id"
    )
    return [_from_row(r) for r in rows]


def candidates(doc: WorkshopFile, card: CommitmentCard, limit: int = 20) -> list[Attendee]:
    """People the card may belong to: the same email, the same name, or the same family name."""
    ids: list[int] = []
    if card.email.strip():
        ids += [
            int(r[0])
            for r in doc.con.execute(
                "SELECT id FROM attendees WHERE erased_at IS NULL AND email = ? COLLATE NOCASE",
                (card.email.strip(),),
            )
        ]
    ids += _name_matches(doc.con, card.name)
    words = match_key(card.name).split()
    if words:
        family = words[-1]
        for row in doc.con.execute("SELECT id, name FROM attendees WHERE erased_at IS NULL"):
            if family in match_key(row[1]).split():
                ids.append(int(row[0]))
    seen: list[int] = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    people = [store_attendees.get(doc, i) for i in seen[:limit]]
    return [p for p in people if p is not None]


def set_match(doc: WorkshopFile, card_id: int, attendee_id: int | None) -> None:
    """The desk's decision on whose card this is (None: nobody registered)."""
    with doc.transaction(Topic.COMMITMENTS) as con:
        con.execute(
            "UPDATE commitments SET attendee_id = ?, match_status = ?, updated_at = ? WHERE id = ?",
            (attendee_id, MATCHED if attendee_id is not None else UNMATCHED, now_iso(), card_id),
        )


def find_person(doc: WorkshopFile, text: str) -> list[Attendee]:
    """Who a desk entry means: a scanned ticket code, an email, or a name (several if unsure)."""
    text = text.strip()
    if not text:
        return []
    row = doc.con.execute("SELECT attendee_id FROM ticket_codes WHERE code = ?", (text,)).fetchone()
    ids: list[int] = [int(row[0])] if row is not None else []
    if not ids and "@" in text:
        ids = [
            int(r[0])
            for r in doc.con.execute(
                "SELECT id FROM attendees WHERE erased_at IS NULL AND email = ? COLLATE NOCASE",
                (text,),
            )
        ]
    if not ids:
        ids = _name_matches(doc.con, text)
    if not ids:
        key = match_key(text)
        for r in doc.con.execute("SELECT id, name FROM attendees WHERE erased_at IS NULL"):
            if key and key in match_key(r[1]):
                ids.append(int(r[0]))
    people = [store_attendees.get(doc, i) for i in ids[:20]]
    return [p for p in people if p is not None]


def count(doc: WorkshopFile) -> int:
    return int(doc.con.execute("SELECT count(*) FROM commitments").fetchone()[0])


def version(doc: WorkshopFile) -> tuple[object, ...]:
    """Changes whenever a card, or the attendees cards are matched to, change."""
    cards = doc.con.execute(
        "SELECT count(*), max(updated_at), sum(coalesce(attendee_id, 0)) FROM commitments"
    ).fetchone()
    people = doc.con.execute("SELECT count(*), max(id) FROM attendees").fetchone()
    return (*cards, *people)


def attendees_of(doc: WorkshopFile, ids: set[int]) -> dict[int, Attendee]:
    """The attendees with these ids (for showing whose cards they are), in one query."""
    found: dict[int, Attendee] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):  # under SQLite's limit on parameters
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for r in doc.con.execute(f"SELECT * FROM attendees WHERE id IN ({marks})", chunk):
            found[int(r["id"])] = store_attendees.from_row(r)
    return found
