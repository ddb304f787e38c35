"""Commitment cards, matched to attendees where possible."""

from __future__ import annotations

import sqlite3

from labdesk.core.model import CommitmentCard
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime


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
        created_at=to_datetime(row["created_at"]),
    )


def match_attendee(con: sqlite3.Connection, name: str, email: str) -> tuple[int | None, str]:
    """(attendee id, 'matched' | 'ambiguous' | 'unmatched'), by email first, then exact name."""
    if email.strip():
        rows = con.execute(
            "SELECT id FROM attendees WHERE erased_at IS NULL AND email = ? COLLATE NOCASE",
            (email.strip(),),
        ).fetchall()
        if len(rows) == 1:
            return int(rows[0][0]), "matched"
    if name.strip():
        rows = con.execute(
            "SELECT id FROM attendees WHERE erased_at IS NULL AND name = ? COLLATE NOCASE",
            (" ".join(name.split()),),
        ).fetchall()
        if len(rows) == 1:
            return int(rows[0][0]), "matched"
        if len(rows) > 1:
            return None, "ambiguous"
    return None, "unmatched"


def upsert(doc: WorkshopFile, card: CommitmentCard, submission_key: str | None = None) -> int:
    now = now_iso()
    with doc.transaction("commitments") as con:
        attendee_id, status = card.attendee_id, "matched"
        if attendee_id is None:
            attendee_id, status = match_attendee(con, card.name, card.email)
        cur = con.execute(
            "INSERT INTO commitments (attendee_id, submission_key, action, who, by_when, name,"
            " email, address, use_registered_address, consent_post, match_status, source,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(submission_key) DO UPDATE SET action=excluded.action, who=excluded.who,"
            " by_when=excluded.by_when, name=excluded.name, email=excluded.email,"
            " address=excluded.address, use_registered_address=excluded.use_registered_address,"
            " consent_post=excluded.consent_post, updated_at=excluded.updated_at RETURNING id",
            (
                attendee_id, submission_key, card.action, card.who, card.by_when, card.name,
                card.email, card.address, int(card.use_registered_address), int(card.consent_post),
                status, card.source, now, now,
            ),
        )
        card.id = int(cur.fetchone()[0])
        card.attendee_id = attendee_id
    return card.id


def load_all(doc: WorkshopFile) -> list[CommitmentCard]:
    return [
        _from_row(r) for r in doc.con.execute("SELECT * FROM commitments ORDER BY created_at, id")
    ]


def count(doc: WorkshopFile) -> int:
    return int(doc.con.execute("SELECT count(*) FROM commitments").fetchone()[0])
