"""The PINs that open the door desks and the remote: one per desk and one for the remote, each
revocable, kept in the workshop file (shown in the app, printed by `labdesk serve`), and the log
of every PIN tried."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from labdesk.core.pins import new_pin
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

KEEP_ATTEMPTS = 5000  # rows of the attempts log kept (an attack cannot grow the file for ever)


class ScreenKind(StrEnum):
    DESK = "desk"
    REMOTE = "remote"


@dataclass(frozen=True)
class ScreenPin:
    id: int
    kind: ScreenKind
    name: str
    pin: str
    created_at: str
    revoked_at: str | None = None

    @property
    def live(self) -> bool:
        return self.revoked_at is None


def _from_row(row: sqlite3.Row) -> ScreenPin:
    return ScreenPin(
        int(row["id"]),
        ScreenKind(row["kind"]),
        str(row["name"]),
        str(row["pin"]),
        str(row["created_at"]),
        row["revoked_at"],
    )


def live_pins(doc: WorkshopFile, kind: ScreenKind | None = None) -> list[ScreenPin]:
    """The PINs that open something now, desks first, in the order they were made."""
    rows = doc.con.execute(
        "SELECT * FROM screen_pins WHERE revoked_at IS NULL ORDER BY kind, id"
    ).fetchall()
    pins = [_from_row(r) for r in rows]
    return [p for p in pins if kind is None or p.kind is kind]


def get(doc: WorkshopFile, pin_id: int) -> ScreenPin | None:
    row = doc.con.execute("SELECT * FROM screen_pins WHERE id = ?", (pin_id,)).fetchone()
    return None if row is None else _from_row(row)


def _add(con: sqlite3.Connection, kind: ScreenKind, name: str) -> int:
    taken = [str(r[0]) for r in con.execute("SELECT pin FROM screen_pins")]
    cur = con.execute(
        "INSERT INTO screen_pins (kind, name, pin, created_at) VALUES (?, ?, ?, ?)",
        (kind.value, name, new_pin(taken), now_iso()),
    )
    return int(cur.lastrowid or 0)


def _next_desk_name(con: sqlite3.Connection) -> str:
    count = con.execute("SELECT count(*) FROM screen_pins WHERE kind = 'desk'").fetchone()[0]
    return f"Door desk {int(count) + 1}"


def ensure_screens(doc: WorkshopFile) -> list[ScreenPin]:
    """At least one live desk PIN and one live remote PIN (made the first time the server
    starts); returns every live PIN."""
    with doc.transaction(Topic.SCREENS) as con:
        kinds = {
            str(r[0]) for r in con.execute("SELECT kind FROM screen_pins WHERE revoked_at IS NULL")
        }
        if ScreenKind.DESK.value not in kinds:
            _add(con, ScreenKind.DESK, _next_desk_name(con))
        if ScreenKind.REMOTE.value not in kinds:
            _add(con, ScreenKind.REMOTE, "Remote")
    return live_pins(doc)


def add_desk(doc: WorkshopFile, name: str = "") -> ScreenPin:
    """One more door desk, with a PIN of its own."""
    with doc.transaction(Topic.SCREENS) as con:
        pin_id = _add(con, ScreenKind.DESK, name.strip() or _next_desk_name(con))
    found = get(doc, pin_id)
    assert found is not None
    return found


def revoke(doc: WorkshopFile, pin_id: int) -> None:
    """The PIN stops working, and every device that opened its page with it is shut out."""
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(
            "UPDATE screen_pins SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            (now_iso(), pin_id),
        )


def renew(doc: WorkshopFile, pin_id: int) -> ScreenPin:
    """A new PIN for the same desk or remote (the old one, and its devices, are shut out)."""
    old = get(doc, pin_id)
    if old is None:
        raise LookupError(f"No desk or remote has the number {pin_id}.")
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(
            "UPDATE screen_pins SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            (now_iso(), pin_id),
        )
        new_id = _add(con, old.kind, old.name)
    found = get(doc, new_id)
    assert found is not None
    return found


def log_attempt(doc: WorkshopFile, *, address: str, kind: ScreenKind, pin_id: int | None) -> None:
    """Keep one PIN attempt (right when pin_id is given), trimming the oldest beyond the cap."""
    with doc.transaction(Topic.SCREENS) as con:
        cur = con.execute(
            "INSERT INTO pin_attempts (at, address, kind, ok, pin_id) VALUES (?, ?, ?, ?, ?)",
            (now_iso(), address[:64], kind.value, int(pin_id is not None), pin_id),
        )
        newest = int(cur.lastrowid or 0)
        if newest > KEEP_ATTEMPTS and newest % 100 == 0:
            con.execute("DELETE FROM pin_attempts WHERE id <= ?", (newest - KEEP_ATTEMPTS,))


@dataclass(frozen=True)
class Attempt:
    at: str
    address: str
    kind: ScreenKind
    ok: bool
    pin_id: int | None


def attempts(doc: WorkshopFile, limit: int = 200) -> list[Attempt]:
    """The latest PIN attempts, newest first."""
    rows = doc.con.execute(
        "SELECT * FROM pin_attempts ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [
        Attempt(r["at"], r["address"], ScreenKind(r["kind"]), bool(r["ok"]), r["pin_id"])
        for r in rows
    ]
