"""The workshop's retention date, and the purge of personal data once it has come.

The purge (see labdesk.core.retention for what goes and what stays) is one transaction in the
workshop file; secure_delete zeroes the old bytes, `erasure.empty_wal` truncates the WAL, and
`rewrite_backups` purges every backup the same way, in place. labdesk.personal_data adds the
copies and the files labdesk made, and is what the holders and the commands call.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from labdesk.core import retention
from labdesk.store import backup
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

PURGED_AT = "personal_data_purged_at"  # the setting that says when the last purge ran

# What is personal in each table (the erased rows are blank already).
_PERSONAL = (
    "given_name != '' OR family_name != '' OR sort_name != '' OR role != '' OR email != ''"
    " OR address != '' OR access_needs != '' OR dietary_needs != '' OR notes != ''"
    " OR (erased_at IS NULL AND name != 'Attendee ' || id)"
)
_CARDS = "action != '' OR who != '' OR by_when != '' OR name != '' OR email != '' OR address != ''"

# The phones' own ids (their cookie, inside a submission key; the address a card came from),
# in the tables that have them: (table, column, the row's own id). Each is replaced by
# "purged:<row id>", so one phone's answers across the day can no longer be put together, while
# every answer, vote and response still counts once. The free text itself stays, as feedback
# does: anonymous from the start.
_PHONE_IDS = (
    ("feedback", "submission_key", "id"),
    ("commitments", "submission_key", "id"),
    ("poll_answers", "phone", "id"),
    ("poll_asked", "phone", "id"),
    ("poll_asked", "submission_key", "id"),
    ("poll_votes", "phone", "rowid"),
)
_PURGED = "purged:"


def retention_date(doc: WorkshopFile) -> dt.date:
    """The workshop's retention date (every file has one; an odd one from elsewhere without
    it gets the default)."""
    value = store_workshop.get_setting(doc, "retention_date")
    if value:
        return dt.date.fromisoformat(str(value))
    w = store_workshop.load(doc)
    return retention.default_date(w.date, dt.date.today())


def set_retention_date(doc: WorkshopFile, date: dt.date) -> None:
    store_workshop.set_setting(doc, "retention_date", date.isoformat())


def purged_at(doc: WorkshopFile) -> str | None:
    value = store_workshop.get_setting(doc, PURGED_AT)
    return str(value) if value else None


@dataclass
class Held:
    """How much personal data the file holds (what a purge would delete)."""

    people: int
    cards: int
    codes: int
    phones: int = 0  # rows that still carry a phone's id (responses, cards, poll answers, votes)

    def __bool__(self) -> bool:
        return bool(self.people or self.cards or self.codes or self.phones)


def _columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in con.execute(f"PRAGMA table_info({table})")}


def _phone_ids(con: sqlite3.Connection) -> list[tuple[str, str]]:
    """The (table, condition) of rows that still carry a phone's id, in this file (a backup
    may be older than the polls or the cards' addresses)."""
    found = []
    for table in dict.fromkeys(t for t, _, _ in _PHONE_IDS):
        columns = _columns(con, table)
        wanted = [c for t, c, _ in _PHONE_IDS if t == table and c in columns]
        if table == "commitments" and "phone_address" in columns:
            wanted.append("phone_address")
        if wanted:
            found.append(
                (
                    table,
                    " OR ".join(
                        f"{c} != ''" if c == "phone_address" else f"{c} NOT LIKE '{_PURGED}%'"
                        for c in wanted
                    ),
                )
            )
    return found


def held(con: sqlite3.Connection) -> Held:
    return Held(
        people=int(con.execute(f"SELECT count(*) FROM attendees WHERE {_PERSONAL}").fetchone()[0]),
        cards=int(con.execute(f"SELECT count(*) FROM commitments WHERE {_CARDS}").fetchone()[0]),
        codes=int(con.execute("SELECT count(*) FROM ticket_codes").fetchone()[0]),
        phones=sum(
            int(con.execute(f"SELECT count(*) FROM {t} WHERE {where}").fetchone()[0])
            for t, where in _phone_ids(con)
        ),
    )


def _anonymise_phones(con: sqlite3.Connection) -> None:
    for table, where in _phone_ids(con):
        columns = _columns(con, table)
        sets = [
            f"{c} = '{_PURGED}' || {key}" for t, c, key in _PHONE_IDS if t == table and c in columns
        ]
        if table == "commitments" and "phone_address" in columns:
            sets.append("phone_address = ''")
        con.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE {where}")


def due(doc: WorkshopFile, today: dt.date) -> bool:
    """Whether the retention date has come and there is personal data left to purge."""
    return retention.is_due(retention_date(doc), today) and bool(held(doc.con))


def purge_rows(con: sqlite3.Connection) -> Held:
    """The purging statements, inside the caller's transaction (the file or a backup).
    Returns what was purged."""
    gone = held(con)
    con.execute(
        f"UPDATE attendees SET name = CASE WHEN erased_at IS NULL THEN 'Attendee ' || id"
        " ELSE name END, given_name = '', family_name = '', sort_name = '', role = '',"
        " email = '', address = '', access_needs = '', dietary_needs = '', notes = ''"
        f" WHERE {_PERSONAL}"
    )
    con.execute("DELETE FROM ticket_codes")
    con.execute(
        "UPDATE commitments SET action = '', who = '', by_when = '', name = '', email = '',"
        f" address = '' WHERE {_CARDS}"
    )
    _anonymise_phones(con)
    now = now_iso()
    con.execute(
        "INSERT INTO postcards (commitment_id, address_purged_at)"
        " SELECT id, ? FROM commitments WHERE true"
        " ON CONFLICT(commitment_id) DO UPDATE SET"
        " address_purged_at = coalesce(address_purged_at, excluded.address_purged_at)",
        (now,),
    )
    con.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (PURGED_AT, f'"{now}"'),
    )
    return gone


def purge_in_file(doc: WorkshopFile) -> Held:
    """Purge the workshop file's personal data in one transaction."""
    touched = Topic.ATTENDEES | Topic.COMMITMENTS | Topic.POSTCARDS | Topic.CHECKINS
    with doc.transaction(touched | Topic.FEEDBACK | Topic.POLLS) as con:
        gone = purge_rows(con)
    return gone


def _purger(con: sqlite3.Connection) -> None:
    purge_rows(con)
    if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'generated_files'").fetchone():
        con.execute("DELETE FROM generated_files")


def rewrite_backups(doc: WorkshopFile) -> backup.Rewritten:
    """Purge every backup of the file the same way, through SQLite, in place."""
    return backup.rewrite_all(doc.path, _purger)


def rewrite_copy(path: Path) -> None:
    """Purge a saved copy of the workshop (File › Save a Copy) the same way, in place."""
    backup.rewrite(path, _purger)
