"""One person's data: export it all as JSON, or erase it from the file, its WAL and its backups.

Erasing blanks the attendee row (kept, marked erased, so attendance counts stay true), deletes
their commitment cards and ticket codes, then makes sure the old bytes are gone: secure_delete
(on for every connection) overwrites deleted content, a VACUUM rewrites the file and a TRUNCATE
checkpoint empties the WAL (all through SQLite: the live file's bytes are never read), and every
backup that holds the email is rewritten the same way (or removed if it cannot be). Feedback is
anonymous and is not touched.

So that an erased person does not come back, the erasure keeps one thing: a keyed hash
(HMAC-SHA256 with the workshop's own secret, see labdesk.core.erased) of each of their normalised
email addresses and ticket codes, in `erased_keys`, never the email or code itself. With it:

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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import sqlite3
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.core import erased
from labdesk.core.erased import ErasedList
from labdesk.core.words import count
from labdesk.store import backup, links
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.rows import now_iso

log = logging.getLogger("labdesk.store")

ERASED_NAME = "Erased attendee"


@dataclass
class Erasure:
    """What an erasure did, for the person asking and for the record."""

    attendee_id: int
    cards_deleted: int = 0
    file_clean: bool = False
    backups_rewritten: list[Path] = field(default_factory=list)
    backups_removed: list[Path] = field(default_factory=list)
    files_removed: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        cards = count(self.cards_deleted, "commitment card")
        parts = [f"Erased from the workshop file ({cards} deleted)"]
        if self.backups_rewritten:
            parts.append(f"{count(len(self.backups_rewritten), 'backup')} rewritten")
        if self.backups_removed:
            parts.append(f"{count(len(self.backups_removed), 'backup')} removed")
        if self.files_removed:
            parts.append(f"{count(len(self.files_removed), 'generated file')} removed")
        text = ", ".join(parts) + "."
        if not self.file_clean:
            text += (
                " Another program is reading the workshop, so old copies of their details may"
                " remain on disk for now: close it and erase them again to be sure."
            )
        return text


def _rows(con: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> list[dict[str, Any]]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def export_person(doc: WorkshopFile, attendee_id: int) -> dict[str, Any]:
    """Everything the workshop file holds about one attendee (a subject access request)."""
    con = doc.con
    people = _rows(con, "SELECT * FROM attendees WHERE id = ?", (attendee_id,))
    if not people:
        raise WorkshopFileError(f"There is no attendee number {attendee_id} in this workshop.")
    person = people[0]
    email = str(person["email"])
    cards = _rows(
        con,
        "SELECT c.*, p.post_on, p.printed_at, p.posted_at, p.address_purged_at"
        " FROM commitments c LEFT JOIN postcards p ON p.commitment_id = c.id"
        " WHERE c.attendee_id = ? OR (? != '' AND c.email = ? COLLATE NOCASE) ORDER BY c.id",
        (attendee_id, email, email),
    )
    for card in cards:
        card.pop("submission_key", None)  # a phone's private key, not data about the person
    workshop = _rows(con, "SELECT title, date, venue, organiser FROM workshop", ())[0]
    return {
        "exported_at": now_iso(),
        "workshop": workshop,
        "attendee": person,
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


def _erase_rows(con: sqlite3.Connection, attendee_id: int, emails: list[str]) -> int:
    """The erasing statements, inside the caller's transaction; returns cards deleted."""
    deleted = con.execute("DELETE FROM commitments WHERE attendee_id = ?", (attendee_id,)).rowcount
    for email in emails:
        deleted += con.execute(
            "DELETE FROM commitments WHERE email = ? COLLATE NOCASE", (email,)
        ).rowcount
    _remember_erased(con, attendee_id, emails)
    con.execute("DELETE FROM ticket_codes WHERE attendee_id = ?", (attendee_id,))
    con.execute(
        "UPDATE attendees SET name = ?, given_name = '', family_name = '', sort_name = '',"
        " organisation = '', role = '', email = '', address = '', access_needs = '',"
        " dietary_needs = '', ticket_type = '', consent_postcard = 0, consent_contact = 0,"
        " notes = '', source = '', erased_at = ? WHERE id = ?",
        (ERASED_NAME, now_iso(), attendee_id),
    )
    return max(0, deleted)


def _remember_erased(con: sqlite3.Connection, attendee_id: int, emails: list[str]) -> None:
    """Keep keyed hashes of the person's emails and ticket codes, so that they are recognised
    (and not brought back) without the file saying who they were."""
    secret = bytes.fromhex(con.execute("SELECT secret FROM workshop").fetchone()[0])
    codes = [
        str(r[0])
        for r in con.execute("SELECT code FROM ticket_codes WHERE attendee_id = ?", (attendee_id,))
    ]
    con.executemany(
        "INSERT OR IGNORE INTO erased_keys (digest, kind, erased_at) VALUES (?, ?, ?)",
        [(d, kind, now_iso()) for kind, d in erased.digests_for(secret, emails, codes)],
    )


def erased_list(doc: WorkshopFile) -> ErasedList:
    """Everyone erased from this workshop, as hashes that new emails and codes are tested
    against (an import leaves them out, a phone's commitment card is not matched to them)."""
    return erased_list_in(doc.con)


def erased_list_in(con: sqlite3.Connection) -> ErasedList:
    secret = bytes.fromhex(con.execute("SELECT secret FROM workshop").fetchone()[0])
    digests = frozenset(str(r[0]) for r in con.execute("SELECT digest FROM erased_keys"))
    return ErasedList(secret, digests)


def was_erased(doc: WorkshopFile, email: str) -> bool:
    """Whether this email belonged to someone erased on request (for the desk's warning)."""
    return erased_list(doc).email(email)


GENERATED = "generated_files"  # the setting listing files saved from this workshop
_MEMBER_LIMIT = 200 * 1024 * 1024


def remember_generated(doc: WorkshopFile, path: Path) -> None:
    """Note a file saved from this workshop (an export, a mailing list), so that erasing a
    person later also looks in it for their email. Read and written in one transaction, so
    the app and a batch command saving at the same moment both keep their entry."""
    entry = str(Path(path).resolve())
    with doc.transaction("settings") as con:
        row = con.execute("SELECT value FROM settings WHERE key = ?", (GENERATED,)).fetchone()
        files = list(json.loads(row[0])) if row is not None else []
        if entry in files:
            return
        con.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (GENERATED, json.dumps([*files, entry][-200:])),
        )


def generated_files(doc: WorkshopFile) -> list[Path]:
    row = doc.con.execute("SELECT value FROM settings WHERE key = ?", (GENERATED,)).fetchone()
    return [Path(p) for p in json.loads(row[0])] if row is not None else []


def _holds(path: Path, needles: list[bytes]) -> bool:
    """Whether the file's bytes contain any needle, ignoring ASCII case; for a zip (an .xlsx)
    its members are read too, since their text is compressed."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return False
    data = raw.lower()
    if any(n in data for n in needles):
        return True
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                for member in archive.infolist():
                    if member.file_size > _MEMBER_LIMIT:
                        return True  # too big to look through: treat as holding it
                    inner = archive.read(member).lower()
                    if any(n in inner for n in needles):
                        return True
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            return False
    return False


def _needles(emails: Iterable[str]) -> list[bytes]:
    found = []
    for email in emails:
        email = email.strip().lower()
        if email:
            found.append(email.encode("utf-8"))
            found.append(email.encode("utf-16-le"))
    return found


def _companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]


def _scrub(con: sqlite3.Connection, path: Path) -> bool:
    """Rewrite the file without the old bytes, through SQLite alone: VACUUM (secure_delete is on)
    then a TRUNCATE checkpoint that copies it home and empties the WAL. True when SQLite says the
    WAL is empty. It never reads the file's bytes: this process has it open, and closing any
    descriptor on it would drop the process's locks (labdesk.store.links)."""
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError as exc:  # another program is reading: try again later
        log.warning("could not scrub %s yet: %s", path, exc)
        return False
    return int(busy) == 0


def _rewrite_backup(path: Path, attendee_id: int, emails: list[str], needles: list[bytes]) -> bool:
    """Erase the person from one backup copy in place; False if it could not be done."""
    try:
        con = sqlite3.connect(path, isolation_level=None, timeout=5)
        try:
            con.execute("PRAGMA secure_delete = ON")
            con.execute("BEGIN IMMEDIATE")
            _erase_rows(con, attendee_id, emails)
            con.execute("COMMIT")
            clean = _scrub(con, path)
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
    except sqlite3.Error as exc:
        log.warning("could not rewrite backup %s: %s", path, exc)
        return False
    return clean and not any(_holds(p, needles) for p in _companions(path))


def erase_person(doc: WorkshopFile, attendee_id: int, *, generated: Iterable[Path] = ()) -> Erasure:
    """Erase one attendee everywhere labdesk keeps data: the file, its WAL, its backups, and the
    generated files (those remembered by remember_generated, and any named in `generated`) that
    mention their email."""
    row = doc.con.execute("SELECT email FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    if row is None:
        raise WorkshopFileError(f"There is no attendee number {attendee_id} in this workshop.")
    emails = sorted(
        {str(row[0]).strip()}
        | {
            str(r[0]).strip()
            for r in doc.con.execute(
                "SELECT email FROM commitments WHERE attendee_id = ? AND email != ''",
                (attendee_id,),
            )
        }
        - {""}
    )
    result = Erasure(attendee_id)
    generated = [*generated, *generated_files(doc)]
    with doc.transaction("attendees") as con:
        result.cards_deleted = _erase_rows(con, attendee_id, emails)
    doc.notify("commitments")
    needles = _needles(emails)
    if not needles:
        result.file_clean = True
        return result
    result.file_clean = _scrub(doc.con, doc.path)
    for copy in sorted(backup.backups_folder(doc.path).glob("*")):
        if (
            not copy.is_file()
            or copy.name.endswith(("-wal", "-shm", "-journal"))
            or copy.name.startswith(".")  # a backup being written now, by SQLite
        ):
            continue
        if not any(_holds(p, needles) for p in _companions(copy)):
            continue
        if _rewrite_backup(copy, attendee_id, emails, needles):
            result.backups_rewritten.append(copy)
        else:
            for leftover in [*_companions(copy), copy.with_name(copy.name + "-shm")]:
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            result.backups_removed.append(copy)
    for path in dict.fromkeys(Path(p).resolve() for p in generated):
        if links.open_part(path) is not None:
            continue  # never read (nor delete) a live workshop file
        if path.is_file() and _holds(path, needles):
            path.unlink()
            result.files_removed.append(path)
    log.info("erased attendee %d: %s", attendee_id, result.summary())
    return result


def erased_on(doc: WorkshopFile, attendee_id: int) -> dt.datetime | None:
    row = doc.con.execute("SELECT erased_at FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row is not None and row[0] else None
