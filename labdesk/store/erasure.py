"""One person's data: export it all as JSON, or erase it from the file, its WAL and its backups.

A person is found by email, ticket or badge code, or name (`find`), and recognised everywhere
by who they are, not by one string: their attendee row, the commitment cards linked to them, or
sent with one of their emails, or unlinked but naming them or their postal address (`plan`).

Erasing (`erase_in_file`) blanks the attendee row (kept, marked erased, so attendance counts stay
true), deletes their cards and ticket codes, applies the redactions the organiser chose to free
comments that name them (feedback, other people's cards: shown to the organiser, never changed
unasked), in one transaction. secure_delete (on for every connection) zeroes the old bytes in the
file; `empty_wal` then checkpoints and truncates the WAL, where older copies of the pages were.
`rewrite_backups` does the same inside every backup through SQLite, in place: backups are never
deleted. Nothing here reads the bytes of the live file, its WAL or a backup: only SQLite does
(DESIGN.md, "One file, many processes"). labdesk.personal_data puts the steps together, with
the files labdesk made and the copies saved.

So that an erased person does not come back, the erasure keeps one thing: a keyed hash
(HMAC-SHA256 with the workshop's own secret, see labdesk.core.erased) of each of their normalised
email addresses and ticket codes, in `erased_keys`, with the blank row's id, never the email or
code itself. With it:

- Importing a registration export again (`labdesk import` and the app's import dialog share the
  plan) leaves out every row whose email or ticket code was erased, each with the note "erased on
  request; not imported again", counted in the summary, in a dry run too. The row's details are
  dropped from the plan. If someone in the file has that email or code again (added back at the
  desk), the row merges into them as usual: they are in the workshop by their own choice.
- A commitment card sent from a phone with an erased email is stored unmatched, never linked by
  name to someone, unless a person registered now has that email.
- A walk-in typed at the desk with an erased email is allowed: the person is standing there and
  giving their details afresh, which is what a facilitator expects. The walk-in form warns once
  (someone with this email was erased on request earlier) and a second press adds them, so a
  facilitator is not surprised, and nobody is turned away by the software.
- `labdesk erase` given an erased email or code finds the blank row again, and goes through the
  backups and the WAL once more (after an erasure that could not empty the WAL, say).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.core import erased
from labdesk.core.erased import ErasedList
from labdesk.core.feedback import match_key
from labdesk.core.mentions import Identity, redact, spans
from labdesk.store import backup
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.rows import now_iso

log = logging.getLogger("labdesk.store")

ERASED_NAME = "Erased attendee"
_CARD_TEXT = ("action", "who", "by_when")


# -- who -------------------------------------------------------------------------------------------


@dataclass
class Person:
    """The person being erased, as the workshop file knows them before the erasure."""

    attendee_id: int
    name: str
    organisation: str = ""
    emails: list[str] = field(default_factory=list)
    address: str = ""
    ticket_codes: list[str] = field(default_factory=list)
    erased_at: str | None = None

    @property
    def identity(self) -> Identity:
        return Identity(self.name, tuple(self.emails), self.address)


@dataclass
class Mention:
    """A piece of free text someone else wrote that names the person."""

    table: str  # "feedback", "commitments", "poll_answers" or "poll_asked"
    row_id: int
    field: str  # "worked", "change", "action", "who", "by_when", "answer:<prompt>", "value", "text"
    where: str  # for the organiser: "Feedback on Session 3, What worked"
    text: str
    proposed: str  # the text with each mention replaced by [removed]

    @property
    def key(self) -> tuple[str, int, str]:
        return self.table, self.row_id, self.field


@dataclass
class Plan:
    """What erasing one person will change in the workshop file."""

    person: Person
    cards: list[int]  # commitment card ids deleted: theirs
    mentions: list[Mention]  # comments that name them, for the organiser to redact

    @property
    def already_erased(self) -> bool:
        return self.person.erased_at is not None


@dataclass
class Found:
    """Who a PERSON argument means: one attendee id, several, or nobody (with near names)."""

    ids: list[int]
    how: str = ""  # "email", "badge code", "ticket code", "name"
    near: list[str] = field(default_factory=list)


def _rows(con: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _has_column(con: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in con.execute(f"PRAGMA table_info({table})"))


def _erased_owner(con: sqlite3.Connection, kind: str, value: str) -> list[int]:
    """The blank row of someone erased with this email or ticket code (files from schema version 2 on)."""
    if not _has_column(con, "erased_keys", "attendee_id"):
        return []
    secret = bytes.fromhex(con.execute("SELECT secret FROM workshop").fetchone()[0])
    normal = erased.normal_email(value) if kind == erased.EMAIL else erased.normal_code(value)
    if not normal:
        return []
    digest = erased.digest(secret, kind, normal)
    row = con.execute(
        "SELECT attendee_id FROM erased_keys WHERE digest = ? AND attendee_id IS NOT NULL",
        (digest,),
    ).fetchone()
    return [int(row[0])] if row is not None else []


def find(doc: WorkshopFile, text: str) -> Found:
    """Who text means: an email, a badge code, a ticket code, or a name (whole, folded)."""
    from labdesk.core import badges
    from labdesk.store import attendees
    from labdesk.store.checkins import Scanner

    text = " ".join(text.split())
    con = doc.con
    if not text:
        return Found([])
    if "@" in text:
        ids = [
            int(r[0])
            for r in con.execute(
                "SELECT id FROM attendees WHERE erased_at IS NULL AND email = ? COLLATE NOCASE",
                (text,),
            )
        ]
        return Found(ids or _erased_owner(con, erased.EMAIL, text), "email")
    verdict, badge_owner = Scanner(doc).read_badge(text)  # a merged site's badge too
    if verdict is badges.Verdict.OK and badge_owner is not None:
        row = con.execute("SELECT 1 FROM attendees WHERE id = ?", (badge_owner,))
        if row.fetchone() is not None:
            return Found([badge_owner], "badge code")
    ticket = attendees.find_by_ticket_code(doc, text)
    if ticket is not None:
        return Found([ticket], "ticket code")
    owner = _erased_owner(con, erased.TICKET, text)
    if owner:
        return Found(owner, "ticket code")
    key = match_key(text)
    everyone = [
        (int(r[0]), str(r[1]))
        for r in con.execute(
            "SELECT id, name FROM attendees WHERE erased_at IS NULL ORDER BY sort_name, id"
        )
    ]
    ids = [i for i, name in everyone if match_key(name) == key]
    if ids:
        return Found(ids, "name")
    near = [name for _, name in everyone if key and key in match_key(name)][:5]
    return Found([], "name", near)


def person(con: sqlite3.Connection, attendee_id: int) -> Person:
    rows = _rows(con, "SELECT * FROM attendees WHERE id = ?", (attendee_id,))
    if not rows:
        raise WorkshopFileError(f"There is no attendee number {attendee_id} in this workshop.")
    row = rows[0]
    emails = {str(row["email"]).strip()}
    emails |= {
        str(r[0]).strip()
        for r in con.execute(
            "SELECT email FROM commitments WHERE attendee_id = ? AND email != ''", (attendee_id,)
        )
    }
    codes = [
        str(r[0])
        for r in con.execute("SELECT code FROM ticket_codes WHERE attendee_id = ?", (attendee_id,))
    ]
    return Person(
        attendee_id=attendee_id,
        name=str(row["name"]),
        organisation=str(row["organisation"]),
        emails=sorted(emails - {""}),
        address=str(row["address"]),
        ticket_codes=codes,
        erased_at=row["erased_at"],
    )


# -- what -----------------------------------------------------------------------------------------


def _their_cards(con: sqlite3.Connection, who: Person) -> list[int]:
    """Cards that are the person's: linked to them, sent with one of their emails, or not
    linked to anyone else and giving their name or their postal address."""
    emails = {e.casefold() for e in who.emails}
    key = match_key(who.name) if who.name and who.name != ERASED_NAME else ""

    def theirs(owner: int | None, name: str, email: str, address: str) -> bool:
        if owner == who.attendee_id or email.strip().casefold() in emails:
            return True
        if owner is not None:
            return False
        return (bool(key) and match_key(name) == key) or (
            bool(who.address.strip()) and _same_address(address, who.address)
        )

    rows = con.execute("SELECT id, attendee_id, name, email, address FROM commitments")
    return sorted(int(r[0]) for r in rows if theirs(r[1], str(r[2]), str(r[3]), str(r[4])))


def _same_address(a: str, b: str) -> bool:
    def lines(text: str) -> list[str]:
        return [match_key(p) for p in text.replace(",", "\n").splitlines() if p.strip()]

    return bool(lines(a)) and lines(a) == lines(b)


def _mentions(con: sqlite3.Connection, who: Person, skip_cards: set[int]) -> list[Mention]:
    identity = who.identity
    titles = {int(r[0]): str(r[1]) for r in con.execute("SELECT id, title FROM agenda_items")}
    labels = {"worked": "What worked", "change": "What would you change"}
    found: list[Mention] = []
    for row in con.execute("SELECT id, agenda_item_id, worked, change, answers FROM feedback"):
        where = f"Feedback on {titles.get(row[1], 'a removed session')}"
        fields = [("worked", str(row[2])), ("change", str(row[3]))]
        fields += [(f"answer:{k}", str(v)) for k, v in json.loads(row[4] or "{}").items()]
        for name, text in fields:
            if spans(text, identity):
                label = labels.get(name, name.removeprefix("answer:"))
                found.append(
                    Mention(
                        "feedback",
                        int(row[0]),
                        name,
                        f"{where}, {label}",
                        text,
                        redact(text, identity),
                    )
                )
    for row in con.execute("SELECT id, name, action, who, by_when FROM commitments"):
        if int(row[0]) in skip_cards:
            continue
        for name, text in zip(_CARD_TEXT, (str(row[2]), str(row[3]), str(row[4])), strict=True):
            if spans(text, identity):
                where = f"Commitment card from {row[1] or 'someone'}"
                found.append(
                    Mention("commitments", int(row[0]), name, where, text, redact(text, identity))
                )
    return found + _poll_mentions(con, identity)


# A poll's free text, as (table, column): the answers of word and open-text questions, and the
# questions a Q&A's room asked. Anonymous like feedback: redacted when the organiser chooses.
_POLL_TEXT = {"poll_answers": "value", "poll_asked": "text"}


def _poll_mentions(con: sqlite3.Connection, identity: Identity) -> list[Mention]:
    if not _has_table(con, "polls"):
        return []
    found: list[Mention] = []
    answers = con.execute(
        "SELECT a.id, a.value, p.text FROM poll_answers a JOIN polls p ON p.id = a.poll_id"
        " WHERE p.kind IN ('words', 'text') ORDER BY a.id"
    )
    asked = con.execute(
        "SELECT q.id, q.text, p.text FROM poll_asked q JOIN polls p ON p.id = q.poll_id"
        " ORDER BY q.id"
    )
    for table, rows, what in (
        ("poll_answers", answers, "an answer"),
        ("poll_asked", asked, "a question asked"),
    ):
        for row_id, text, question in rows:
            text = str(text)
            if spans(text, identity):
                where = f"Poll “{' '.join(str(question).split())[:80]}”, {what}"
                found.append(
                    Mention(
                        table,
                        int(row_id),
                        _POLL_TEXT[table],
                        where,
                        text,
                        redact(text, identity),
                    )
                )
    return found


def _has_table(con: sqlite3.Connection, name: str) -> bool:
    return (
        con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        is not None
    )


def _redact_poll(con: sqlite3.Connection, m: Mention, new: str) -> int:
    """A poll answer or asked question redacted, and the same words in the results frozen on
    the projector (kept as JSON in polls.frozen)."""
    from labdesk.store import polls

    if not _has_table(con, m.table) or _POLL_TEXT[m.table] != m.field:
        return 0
    return polls.redact_in(con, m.table, m.row_id, m.text, new)


def plan(doc: WorkshopFile, attendee_id: int) -> Plan:
    """What erasing this attendee would change (nothing is changed)."""
    who = person(doc.con, attendee_id)
    cards = _their_cards(doc.con, who) if not who.erased_at else []
    mentions = _mentions(doc.con, who, set(cards)) if not who.erased_at else []
    return Plan(who, cards, mentions)


# -- erasing --------------------------------------------------------------------------------------


Redactions = dict[tuple[str, int, str], str]  # (table, row id, field) -> the text to keep


def _redact(con: sqlite3.Connection, mentions: list[Mention], chosen: Redactions) -> int:
    """Write the organiser's redactions; in a backup, the same text gets the same redaction."""
    done = 0
    for m in mentions:
        if m.key not in chosen:
            continue
        new = chosen[m.key]
        if m.table == "feedback" and m.field.startswith("answer:"):
            row = con.execute("SELECT answers FROM feedback WHERE id = ?", (m.row_id,)).fetchone()
            if row is None:
                continue
            answers = json.loads(row[0] or "{}")
            prompt = m.field.removeprefix("answer:")
            if answers.get(prompt) != m.text:
                continue
            answers[prompt] = new
            changed = con.execute(
                "UPDATE feedback SET answers = ? WHERE id = ?",
                (json.dumps(answers, ensure_ascii=False), m.row_id),
            ).rowcount
        elif m.table in _POLL_TEXT:
            done += _redact_poll(con, m, new)
            continue
        else:
            assert m.field in ("worked", "change", *_CARD_TEXT)
            changed = con.execute(
                f"UPDATE {m.table} SET {m.field} = ? WHERE id = ? AND {m.field} = ?",
                (new, m.row_id, m.text),
            ).rowcount
        if changed and new != m.text and _has_column(con, m.table, "redacted_at"):
            # Marked (from schema version 13): a merge never brings the old words back.
            con.execute(
                f"UPDATE {m.table} SET redacted_at = coalesce(redacted_at, ?) WHERE id = ?",
                (now_iso(), m.row_id),
            )
        done += changed
    return done


def _erase_rows(
    con: sqlite3.Connection, who: Person, mentions: list[Mention], chosen: Redactions
) -> tuple[int, int]:
    """The erasing statements, inside the caller's transaction, in this database (the file, or
    a backup: its own cards and codes for the person are found again in it). Returns (cards
    deleted, comments redacted)."""
    here = (
        person(con, who.attendee_id)
        if con.execute("SELECT 1 FROM attendees WHERE id = ?", (who.attendee_id,)).fetchone()
        else None
    )
    if here is not None:  # what this copy knows of them too (an older address, say)
        who = Person(
            who.attendee_id,
            who.name,
            who.organisation,
            sorted(set(who.emails) | set(here.emails)),
            who.address,
            sorted(set(who.ticket_codes) | set(here.ticket_codes)),
        )
        if here.name != who.name and here.name != ERASED_NAME:
            also = Person(who.attendee_id, here.name, emails=who.emails, address=here.address)
            cards = set(_their_cards(con, who)) | set(_their_cards(con, also))
        else:
            cards = set(_their_cards(con, who))
    else:
        cards = set(_their_cards(con, who))
    redacted = _redact(con, mentions, chosen)
    con.executemany("DELETE FROM commitments WHERE id = ?", [(c,) for c in sorted(cards)])
    _remember_erased(con, who)
    con.execute("DELETE FROM ticket_codes WHERE attendee_id = ?", (who.attendee_id,))
    con.execute(
        "UPDATE attendees SET name = ?, given_name = '', family_name = '', sort_name = '',"
        " organisation = '', role = '', email = '', address = '', access_needs = '',"
        " dietary_needs = '', ticket_type = '', consent_postcard = 0, consent_contact = 0,"
        " notes = '', source = '', erased_at = coalesce(erased_at, ?) WHERE id = ?",
        (ERASED_NAME, now_iso(), who.attendee_id),
    )
    return len(cards), redacted


def erase_rows_in(con: sqlite3.Connection, attendee_id: int) -> int:
    """Erase one attendee inside the caller's transaction, redacting nothing (a merge erasing
    someone the other site erased on request); returns the cards deleted. The journal, the
    backups and the files made are labdesk.personal_data.erase's to reach afterwards."""
    who = person(con, attendee_id)
    if who.erased_at:
        return 0
    return _erase_rows(con, who, [], {})[0]


def _remember_erased(con: sqlite3.Connection, who: Person) -> None:
    """Keep keyed hashes of the person's emails and ticket codes, so that they are recognised
    (and not brought back) without the file saying who they were."""
    secret = bytes.fromhex(con.execute("SELECT secret FROM workshop").fetchone()[0])
    digests = erased.digests_for(secret, who.emails, who.ticket_codes)
    if _has_column(con, "erased_keys", "attendee_id"):
        con.executemany(
            "INSERT INTO erased_keys (digest, kind, erased_at, attendee_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(digest) DO UPDATE SET attendee_id = excluded.attendee_id",
            [(d, kind, now_iso(), who.attendee_id) for kind, d in digests],
        )
    else:  # a backup made at schema version 1
        con.executemany(
            "INSERT OR IGNORE INTO erased_keys (digest, kind, erased_at) VALUES (?, ?, ?)",
            [(d, kind, now_iso()) for kind, d in digests],
        )


@dataclass
class InFile:
    """What the erasure changed in the workshop file itself."""

    cards_deleted: int = 0
    codes_deleted: int = 0
    redacted: int = 0
    mentions_left: list[Mention] = field(default_factory=list)


def erase_in_file(doc: WorkshopFile, erasure: Plan, chosen: Redactions | None = None) -> InFile:
    """Erase the person from the workshop file, in one transaction."""
    chosen = chosen or {}
    touched = Topic.ATTENDEES | Topic.CHECKINS | Topic.COMMITMENTS | Topic.FEEDBACK
    with doc.transaction(touched | Topic.POSTCARDS | Topic.POLLS) as con:
        cards, redacted = _erase_rows(con, erasure.person, erasure.mentions, chosen)
    return InFile(
        cards_deleted=cards,
        codes_deleted=len(erasure.person.ticket_codes),
        redacted=redacted,
        mentions_left=[m for m in erasure.mentions if m.key not in chosen],
    )


def empty_wal(doc: WorkshopFile) -> str:
    """Copy the WAL into the file and truncate it, so the older versions of the pages it held
    are gone. "" when done; otherwise why not (someone else kept reading the file)."""
    try:
        busy, frames, _ = doc.con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as exc:
        return f"the file was busy ({exc})"
    if busy:
        return (
            "another labdesk (the phone server, a desk or a batch command) kept reading the file"
            " for more than six seconds"
        )
    return "" if frames in (0, -1) else "the journal could not be emptied"


def rewrite_backups(doc: WorkshopFile, erasure: Plan, chosen: Redactions) -> backup.Rewritten:
    """Erase the person inside every backup of the file, through SQLite, in place."""
    return backup.rewrite_all(doc.path, _eraser(erasure, chosen))


def _eraser(erasure: Plan, chosen: Redactions) -> backup.Change:
    def change(con: sqlite3.Connection) -> None:
        _erase_rows(con, erasure.person, erasure.mentions, chosen)
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'generated_files'").fetchone():
            # A restored backup must not offer to make again files this erasure removed.
            con.execute("DELETE FROM generated_files")

    return change


def rewrite_copy(path: Path, erasure: Plan, chosen: Redactions) -> None:
    """Erase the person from a saved copy of the workshop (File › Save a Copy), in place."""
    backup.rewrite(path, _eraser(erasure, chosen))


# -- reading ----------------------------------------------------------------------------------------


def export_person(doc: WorkshopFile, attendee_id: int) -> dict[str, Any]:
    """Everything the workshop file holds about one attendee (a subject access request)."""
    con = doc.con
    people = _rows(con, "SELECT * FROM attendees WHERE id = ?", (attendee_id,))
    if not people:
        raise WorkshopFileError(f"There is no attendee number {attendee_id} in this workshop.")
    who = person(con, attendee_id)
    cards = [
        card
        for card in _rows(
            con,
            "SELECT c.*, p.post_on, p.printed_at, p.posted_at, p.address_purged_at"
            " FROM commitments c LEFT JOIN postcards p ON p.commitment_id = c.id ORDER BY c.id",
            (),
        )
        if card["id"] in set(_their_cards(con, who))
    ]
    for card in cards:
        card.pop("submission_key", None)  # a phone's private key, not data about the person
        card.pop("phone_address", None)
    workshop = _rows(con, "SELECT title, date, venue, organiser FROM workshop", ())[0]
    return {
        "exported_at": now_iso(),
        "workshop": workshop,
        "attendee": people[0],
        "ticket_codes": _rows(
            con, "SELECT code, source FROM ticket_codes WHERE attendee_id = ?", (attendee_id,)
        ),
        "check_in": next(
            iter(
                _rows(
                    con,
                    "SELECT at, desk, method FROM check_ins WHERE attendee_id = ?",
                    (attendee_id,),
                )
            ),
            None,
        ),
        "commitment_cards": cards,
        "note": "Feedback is collected anonymously and cannot be linked to a person.",
    }


def export_json(doc: WorkshopFile, attendee_id: int) -> str:
    return json.dumps(export_person(doc, attendee_id), ensure_ascii=False, indent=2, default=str)


def erased_list(doc: WorkshopFile) -> ErasedList:
    """Everyone erased from this workshop, as hashes that new emails and codes are tested
    against (an import leaves them out, a phone's commitment card is not matched to them)."""
    return erased_list_in(doc.con)


def erased_list_in(con: sqlite3.Connection) -> ErasedList:
    """This workshop's erased people, and those of every site merged into it (each hashed
    with its own site's secret: labdesk.store.merge)."""
    secret = bytes.fromhex(con.execute("SELECT secret FROM workshop").fetchone()[0])
    digests = frozenset(str(r[0]) for r in con.execute("SELECT digest FROM erased_keys"))
    others: dict[str, set[str]] = {}
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'site_erased_keys'").fetchone():
        for site_secret, digest in con.execute(
            "SELECT s.secret, k.digest FROM site_erased_keys k JOIN sites s ON s.id = k.site_id"
        ):
            others.setdefault(str(site_secret), set()).add(str(digest))
    return ErasedList(
        secret,
        digests,
        tuple((bytes.fromhex(k), frozenset(v)) for k, v in sorted(others.items())),
    )


def was_erased(doc: WorkshopFile, email: str) -> bool:
    """Whether this email belonged to someone erased on request (for the desk's warning)."""
    return erased_list(doc).email(email)


def erased_on(doc: WorkshopFile, attendee_id: int) -> dt.datetime | None:
    row = doc.con.execute("SELECT erased_at FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row is not None and row[0] else None


def erase_person(doc: WorkshopFile, attendee_id: int) -> InFile:
    """Erase one attendee from the file and its WAL and backups, redacting nothing (for
    scripts and tests; labdesk.personal_data.erase does the whole job)."""
    erasure = plan(doc, attendee_id)
    done = erase_in_file(doc, erasure)
    empty_wal(doc)
    rewrite_backups(doc, erasure, {})
    return done
