"""What the facilitator puts on every screen in the room, beside the timer: a message ("1 minute
— wrap up", "Swap roles now") and whether the projector is blanked. The console, the web remote
and `labdesk serve` write it; the projector and the room view read it."""

from __future__ import annotations

import sqlite3

from labdesk.core.room_message import RoomMessage, clean_message
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime

_ROW = "INSERT INTO room_screen (id) VALUES (1) ON CONFLICT(id) DO NOTHING"


def set_room_message(doc: WorkshopFile, text: str) -> RoomMessage:
    """Show text to the room (cleaned by labdesk.core.room_message.clean_message, which raises
    MessageError for an empty or too long one). Committed before it returns."""
    cleaned = clean_message(text)
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(_ROW)
        con.execute(
            "UPDATE room_screen SET message = ?, message_at = ?,"
            " message_serial = message_serial + 1 WHERE id = 1",
            (cleaned, now_iso()),
        )
    message = room_message(doc)
    assert message is not None
    return message


def clear_room_message(doc: WorkshopFile) -> None:
    """Take the message off every screen."""
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(_ROW)
        con.execute("UPDATE room_screen SET message = '', message_at = NULL WHERE id = 1")


def _row(con: sqlite3.Connection) -> sqlite3.Row | None:
    try:
        row: sqlite3.Row | None = con.execute("SELECT * FROM room_screen WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # a file from before the room screen, opened read-only
        return None
    return row


def room_message(doc: WorkshopFile) -> RoomMessage | None:
    """The message on the screens now, or None."""
    row = _row(doc.con)
    if row is None or not row["message"]:
        return None
    at = to_datetime(row["message_at"])
    assert at is not None
    return RoomMessage(str(row["message"]), at, int(row["message_serial"]))


def set_blank(doc: WorkshopFile, blank: bool) -> None:
    """The projector is blanked (True) or showing again (False)."""
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(_ROW)
        con.execute("UPDATE room_screen SET blank = ? WHERE id = 1", (int(blank),))


def blanked(doc: WorkshopFile) -> bool:
    row = _row(doc.con)
    return row is not None and bool(row["blank"])


def toggle_blank(doc: WorkshopFile) -> bool:
    """Blank the projector if it shows, or show it again; returns whether it is now blank."""
    with doc.transaction(Topic.SCREENS) as con:
        con.execute(_ROW)
        con.execute("UPDATE room_screen SET blank = 1 - blank WHERE id = 1")
        row = con.execute("SELECT blank FROM room_screen WHERE id = 1").fetchone()
    return bool(row[0])


def poll_shown(con: sqlite3.Connection) -> bool:
    """A poll's results are on the room's screen (labdesk.store.polls.show). Read without
    loading the polls' modules: the app asks this as it opens a file."""
    try:
        row = con.execute("SELECT 1 FROM polls WHERE shown = 1 LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # a file older than polls, opened read-only
        return False
    return row is not None
