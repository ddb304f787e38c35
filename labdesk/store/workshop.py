"""The workshop row and the per-workshop settings (hotspot, artwork, retention date)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from labdesk.core.model import Workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import hhmm, to_time

# Settings that belong to a workshop; defaults apply until a value is stored.
SETTINGS_DEFAULTS: dict[str, Any] = {
    "hotspot_ssid": "LabDesk",
    "hotspot_password": "",
    "retention_date": None,  # ISO date from which personal data is purged (set at creation)
    "old_badges": False,  # made at schema version 1: badges with the old check char exist
    "post_after_days": 21,
    "chime": True,
}


def load(doc: WorkshopFile) -> Workshop:
    row = doc.con.execute("SELECT * FROM workshop WHERE id = 1").fetchone()
    return Workshop(
        title=row["title"],
        date=dt.date.fromisoformat(row["date"]),
        venue=row["venue"],
        timezone=row["timezone"],
        day_start=to_time(row["day_start"]) or dt.time(9, 30),
        day_end=to_time(row["day_end"]) or dt.time(16, 30),
        code=row["code"],
        organiser=row["organiser"],
    )


def save(doc: WorkshopFile, workshop: Workshop) -> None:
    with doc.transaction(Topic.WORKSHOP) as con:
        con.execute(
            "UPDATE workshop SET title=?, date=?, venue=?, timezone=?, day_start=?, day_end=?,"
            " organiser=? WHERE id = 1",
            (
                workshop.title,
                workshop.date.isoformat(),
                workshop.venue,
                workshop.timezone,
                hhmm(workshop.day_start),
                hhmm(workshop.day_end),
                workshop.organiser,
            ),
        )


def secret(doc: WorkshopFile) -> bytes:
    """The per-workshop key that signs badge codes."""
    return bytes.fromhex(doc.con.execute("SELECT secret FROM workshop").fetchone()[0])


def web_token(doc: WorkshopFile) -> str:
    return str(doc.con.execute("SELECT web_token FROM workshop").fetchone()[0])


def get_setting(doc: WorkshopFile, key: str) -> Any:
    row = doc.con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return SETTINGS_DEFAULTS.get(key)
    return json.loads(row[0])


def set_setting(doc: WorkshopFile, key: str, value: Any) -> None:
    with doc.transaction(Topic.SETTINGS) as con:
        con.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def get_asset(doc: WorkshopFile, name: str) -> tuple[str, bytes] | None:
    row = doc.con.execute("SELECT mime, data FROM assets WHERE name = ?", (name,)).fetchone()
    return None if row is None else (str(row[0]), bytes(row[1]))


def set_asset(doc: WorkshopFile, name: str, mime: str, data: bytes) -> None:
    with doc.transaction(Topic.SETTINGS) as con:
        con.execute(
            "INSERT INTO assets (name, mime, data) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET mime = excluded.mime, data = excluded.data",
            (name, mime, data),
        )
