"""Agenda items and their phases, kept in day order."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from labdesk.core import agenda
from labdesk.core.model import AgendaItem, ItemKind, Phase
from labdesk.paths import resource
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import hhmm, to_time

if TYPE_CHECKING:
    from labdesk.core import activities

_LIBRARY_KEY = r"[a-z0-9][a-z0-9-]{0,79}"  # compiled (and cached by re) when first used


def _phase(row: sqlite3.Row) -> Phase:
    return Phase(
        id=row["id"],
        name=row["name"],
        duration_s=row["duration_s"],
        prompt=row["prompt"],
        rounds=row["rounds"],
        group_size=row["group_size"],
        auto_advance=bool(row["auto_advance"]),
        notes=row["notes"],
        # A file older than v2 opened read-only has no warn_s (`in row` would test values).
        warn_s=row["warn_s"] if "warn_s" in row.keys() else None,  # noqa: SIM118
    )


def load(doc: WorkshopFile) -> list[AgendaItem]:
    """All agenda items in order, each with its phases."""
    phases: dict[int, list[Phase]] = {}
    for row in doc.con.execute("SELECT * FROM phases ORDER BY agenda_item_id, position"):
        phases.setdefault(row["agenda_item_id"], []).append(_phase(row))
    items = []
    for row in doc.con.execute("SELECT * FROM agenda_items ORDER BY position, id"):
        items.append(
            AgendaItem(
                id=row["id"],
                title=row["title"],
                duration_min=row["duration_min"],
                kind=ItemKind(row["kind"]),
                activity=row["activity"],
                notes=row["notes"],
                fixed_start=to_time(row["fixed_start"]),
                phases=phases.get(row["id"], []),
                position=row["position"],
            )
        )
    return items


def _write_phases(con: sqlite3.Connection, item_id: int, phases: Sequence[Phase]) -> None:
    con.execute("DELETE FROM phases WHERE agenda_item_id = ?", (item_id,))
    for position, phase in enumerate(phases):
        cur = con.execute(
            "INSERT INTO phases (agenda_item_id, position, name, duration_s, prompt, rounds,"
            " group_size, auto_advance, notes, warn_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                position,
                phase.name,
                phase.duration_s,
                phase.prompt,
                phase.rounds,
                phase.group_size,
                int(phase.auto_advance),
                phase.notes,
                phase.warn_s,
            ),
        )
        phase.id = cur.lastrowid


def _write_item(con: sqlite3.Connection, item: AgendaItem) -> None:
    values = (
        item.position,
        item.title,
        item.kind.value,
        item.duration_min,
        hhmm(item.fixed_start),
        item.activity,
        item.notes,
    )
    if item.id is None:
        cur = con.execute(
            "INSERT INTO agenda_items (position, title, kind, duration_min, fixed_start, activity,"
            " notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        item.id = cur.lastrowid
    else:
        cur = con.execute(
            "UPDATE agenda_items SET position=?, title=?, kind=?, duration_min=?, fixed_start=?,"
            " activity=?, notes=? WHERE id = ?",
            (*values, item.id),
        )
        if cur.rowcount == 0:  # brought back by undo: the same id, so its records follow it
            con.execute(
                "INSERT INTO agenda_items (position, title, kind, duration_min, fixed_start,"
                " activity, notes, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, item.id),
            )
    assert item.id is not None
    _write_phases(con, item.id, item.phases)


def save_item(doc: WorkshopFile, item: AgendaItem) -> AgendaItem:
    """Insert or update one item (and replace its phases)."""
    with doc.transaction(Topic.AGENDA) as con:
        _write_item(con, item)
    return item


def replace_all(doc: WorkshopFile, items: Sequence[AgendaItem]) -> None:
    """Make the stored agenda exactly `items`, in this order, in one transaction. An item left
    out goes with what belongs to it (phases, actual times, groups); its feedback stays, no
    longer pointing at the session. Edit › Undo puts all of it back (labdesk.store.undo
    records the rows each write changes)."""
    with doc.transaction(Topic.AGENDA) as con:
        keep = {item.id for item in items if item.id is not None}
        for (item_id,) in con.execute("SELECT id FROM agenda_items").fetchall():
            if item_id not in keep:
                con.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))
        for position, item in enumerate(items):
            item.position = position
            _write_item(con, item)


def replace_holding_fixed(doc: WorkshopFile, items: Sequence[AgendaItem]) -> agenda.Hold:
    """Make the agenda `items`, keeping fixed items at their time (core.agenda.hold_fixed): what
    the edit pushes past a fixed start comes out of the items before it. A refused edit saves
    nothing; the Hold says why, or what was shortened."""
    from labdesk.store import workshop as store_workshop

    day_start = store_workshop.load(doc).day_start
    held = agenda.hold_fixed(day_start, load(doc), items)
    if held.ok:
        replace_all(doc, held.items)
    return held


# -- the workshop's own activity templates ----------------------------------------------------


def load_templates(doc: WorkshopFile) -> list[activities.Activity]:
    """Templates the facilitator saved in this workshop (unusable ones are skipped)."""
    from labdesk.core import activities  # the library: not part of the app's start

    out = []
    for row in doc.con.execute("SELECT key, data FROM activity_templates ORDER BY key"):
        try:
            out.append(activities.parse(json.loads(row["data"]), own=True))
        except (ValueError, activities.TemplateError):
            continue
    return out


def template_for(doc: WorkshopFile, key: str) -> activities.Activity | None:
    """The template an item came from: the workshop's own by that key, else the library's;
    None when there is none (or it no longer reads)."""
    from labdesk.core import activities

    if not key:
        return None
    row = doc.con.execute("SELECT data FROM activity_templates WHERE key = ?", (key,)).fetchone()
    if row is not None:
        try:
            return activities.parse(json.loads(row["data"]), own=True)
        except (ValueError, activities.TemplateError):
            return None
    if not re.fullmatch(_LIBRARY_KEY, key):  # a key from the file never names a path
        return None
    path = resource("activities", f"{key}.json")
    try:
        return activities.parse(json.loads(path.read_text(encoding="utf-8")), where=path.name)
    except (OSError, ValueError, activities.TemplateError):
        return None


def save_template(doc: WorkshopFile, activity: activities.Activity) -> None:
    with doc.transaction(Topic.TEMPLATES) as con:
        con.execute(
            "INSERT INTO activity_templates (key, data) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            (activity.key, json.dumps(activity.to_dict(), ensure_ascii=False)),
        )


def delete_template(doc: WorkshopFile, key: str) -> None:
    with doc.transaction(Topic.TEMPLATES) as con:
        con.execute("DELETE FROM activity_templates WHERE key = ?", (key,))
