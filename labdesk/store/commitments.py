"""Commitment cards, matched to attendees by email or name; unclear ones kept for review."""

from __future__ import annotations

import sqlite3

from labdesk.core.card_matching import match_card
from labdesk.core.feedback import match_key
from labdesk.core.importing.matching import name_key
from labdesk.core.model import Attendee, CardMatch, CardSource, CommitmentCard, ConfirmedBy
from labdesk.store import attendees as store_attendees
from labdesk.store import erasure
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime, to_enum

MATCHED, AMBIGUOUS, UNMATCHED = CardMatch.MATCHED, CardMatch.AMBIGUOUS, CardMatch.UNMATCHED


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
        source=to_enum(CardSource, row["source"], CardSource.PHONE),
        match_status=to_enum(CardMatch, row["match_status"], CardMatch.UNMATCHED),
        confirmed_by=to_enum(ConfirmedBy, row["confirmed_by"], ConfirmedBy.NOBODY),
        phone_address=row["phone_address"],
        created_at=to_datetime(row["created_at"]),
    )


def _keyed(con: sqlite3.Connection) -> None:
    """Give a key to any name without one (a file from before the keys; a name changed by an
    erasure, the retention purge or another program), so every name is found by its key."""
    rows = con.execute("SELECT id, name FROM attendees WHERE name_key IS NULL").fetchall()
    if rows:
        con.executemany(
            "UPDATE attendees SET name_key = ? WHERE id = ?",
            [(name_key(str(name)), int(i)) for i, name in rows],
        )


def _candidates(
    con: sqlite3.Connection, name: str, email: str, *, writing: bool = False
) -> list[Attendee]:
    """The registered people (not erased) with this email or this name, through the indexes.
    Inside a write transaction the names without a key get one first; a read looks at those
    (few: changed since by another program) by their names."""
    if writing:
        _keyed(con)
    wanted = name_key(name)
    rows = con.execute(
        "SELECT * FROM attendees WHERE erased_at IS NULL AND (name_key = ? OR name_key IS NULL"
        " OR (? != '' AND email = ? COLLATE NOCASE))",
        (wanted, email.strip(), email.strip()),
    ).fetchall()
    same_email = email.strip().lower()
    return [
        store_attendees.from_row(row)
        for row in rows
        if row["name_key"] is not None  # found by its key or its email
        or name_key(row["name"]) == wanted
        or (same_email and str(row["email"]).lower() == same_email)
    ]


def _name_matches(con: sqlite3.Connection, name: str) -> list[int]:
    """The registered people with this name (case, accents, spacing and order ignored)."""
    if not name_key(name):
        return []
    return [p.id for p in _candidates(con, name, "") if p.id is not None]


def match_attendee(con: sqlite3.Connection, name: str, email: str) -> tuple[int | None, CardMatch]:
    """(attendee id, how) by the one rule (labdesk.core.card_matching), among the people found
    through the indexed email and name keys: never a read of everyone. Inside the caller's
    write transaction."""
    erased = bool(email.strip()) and erasure.erased_list_in(con).email(email)
    people = _candidates(con, name, email, writing=True)
    return match_card(name, email, people, email_erased=erased)


def _same_phone(con: sqlite3.Connection, card: CommitmentCard, key: str | None) -> int | None:
    """The card this phone sent already: by its key (its cookie), else by the address it sends
    from (a phone that dropped its cookie is still the same phone on the hotspot)."""
    if key is not None:
        row = con.execute("SELECT id FROM commitments WHERE submission_key = ?", (key,)).fetchone()
        if row is not None:
            return int(row[0])
    if card.source == CardSource.PHONE and card.phone_address:
        row = con.execute(
            "SELECT id FROM commitments WHERE phone_address = ? AND source = ? ORDER BY id LIMIT 1",
            (card.phone_address, CardSource.PHONE),
        ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def write(con: sqlite3.Connection, card: CommitmentCard, submission_key: str | None) -> int:
    """Insert or edit inside the caller's transaction: a phone has one card, and sending again
    (the same key, or the same address) edits it.

    A card whose person the caller names (attendee_id: typed in at the desk, or a badge code on
    the phone) is matched and confirmed as the caller says. Otherwise it is matched by email or
    name and, if it names a registered person, stays unconfirmed: it is not posted to them until
    they confirm it with their badge code, or the facilitator ticks it (labdesk.core.posting)."""
    now = now_iso()
    attendee_id, status, confirmed = card.attendee_id, MATCHED, card.confirmed_by
    if attendee_id is None:
        attendee_id, status = match_attendee(con, card.name, card.email)
        confirmed = ConfirmedBy.NOBODY
    existing = _same_phone(con, card, submission_key)
    values = (
        card.action,
        card.who,
        card.by_when,
        card.name,
        card.email,
        card.address,
        int(card.use_registered_address),
        int(card.consent_post),
        attendee_id,
        status,
        card.phone_address,
    )
    if existing is None:
        cur = con.execute(
            "INSERT INTO commitments (action, who, by_when, name, email, address,"
            " use_registered_address, consent_post, attendee_id, match_status, phone_address,"
            " confirmed_by, submission_key, source, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (*values, confirmed, submission_key, card.source, now, now),
        )
        card.id = int(cur.fetchone()[0])
    else:
        # An edit keeps a confirmation only while the card still belongs to the same person.
        con.execute(
            "UPDATE commitments SET action = ?, who = ?, by_when = ?, name = ?, email = ?,"
            " address = ?, use_registered_address = ?, consent_post = ?,"
            " confirmed_by = CASE WHEN ? != '' THEN ? WHEN attendee_id IS ? THEN confirmed_by"
            " ELSE '' END, attendee_id = ?, match_status = ?,"
            " phone_address = CASE WHEN ? != '' THEN ? ELSE phone_address END, updated_at = ?"
            " WHERE id = ?",
            (
                *values[:8],
                confirmed,
                confirmed,
                attendee_id,
                attendee_id,
                status,
                card.phone_address,
                card.phone_address,
                now,
                existing,
            ),
        )
        card.id = existing
        row = con.execute("SELECT confirmed_by FROM commitments WHERE id = ?", (existing,))
        confirmed = to_enum(ConfirmedBy, row.fetchone()[0], ConfirmedBy.NOBODY)
    card.attendee_id = attendee_id
    card.match_status = status
    card.confirmed_by = confirmed
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


def get_for_phone(
    con: sqlite3.Connection, submission_key: str, address: str
) -> CommitmentCard | None:
    """The card a phone sent already: by its key, else by the address it sends from."""
    probe = CommitmentCard(action="", phone_address=address)
    found = _same_phone(con, probe, submission_key)
    if found is None:
        return None
    row = con.execute("SELECT * FROM commitments WHERE id = ?", (found,)).fetchone()
    return None if row is None else _from_row(row)


def load_all(doc: WorkshopFile) -> list[CommitmentCard]:
    return [
        _from_row(r) for r in doc.con.execute("SELECT * FROM commitments ORDER BY created_at, id")
    ]


def needs_review(doc: WorkshopFile) -> list[CommitmentCard]:
    """Cards not yet tied to one registered attendee, or tied to one but not confirmed."""
    return [c for c in load_all(doc) if to_check(c)]


def to_check(card: CommitmentCard) -> bool:
    """Whether the facilitator should look at a card: nobody or several people match it, or
    it names someone registered and they have not confirmed it is theirs."""
    return card.attendee_id is None or not card.confirmed


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
    """The desk's decision on whose card this is (None: nobody registered). Choosing the person
    is the facilitator confirming it."""
    confirmed = ConfirmedBy.FACILITATOR if attendee_id is not None else ConfirmedBy.NOBODY
    with doc.transaction(Topic.COMMITMENTS) as con:
        con.execute(
            "UPDATE commitments SET attendee_id = ?, match_status = ?, confirmed_by = ?,"
            " updated_at = ? WHERE id = ?",
            (
                attendee_id,
                MATCHED if attendee_id is not None else UNMATCHED,
                confirmed,
                now_iso(),
                card_id,
            ),
        )


def confirm(doc: WorkshopFile, card_id: int, confirmed: bool) -> None:
    """The facilitator's tick: this card is the named person's (or, unticked, not known to be)."""
    with doc.transaction(Topic.COMMITMENTS) as con:
        con.execute(
            "UPDATE commitments SET confirmed_by = ?, updated_at = ? WHERE id = ?",
            (ConfirmedBy.FACILITATOR if confirmed else ConfirmedBy.NOBODY, now_iso(), card_id),
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
        "SELECT count(*), max(updated_at), sum(coalesce(attendee_id, 0)),"
        " sum(confirmed_by != '') FROM commitments"
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
