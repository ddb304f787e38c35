"""Agenda items and their phases, kept in day order."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core import activities, agenda
from labdesk.core.model import AgendaItem, ItemKind, Phase
from labdesk.paths import resource
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import hhmm, to_time

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


@dataclass(frozen=True)
class Removed:
    """Exactly what removing agenda items took out of the file: their rows and the rows of
    every table that belonged to them (phases, actual times, groups, a rehearsal's times), and
    which rows only named them (feedback, kept but no longer pointing at the session). Given
    back to replace_all(restoring=...), it puts all of it back as it was, the same ids."""

    rows: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()  # (table, columns)
    named: tuple[tuple[str, str, int, tuple[int, ...]], ...] = ()  # (table, column, item, rowids)

    def __bool__(self) -> bool:
        return bool(self.rows or self.named)


NOTHING_REMOVED = Removed()


def _belonging(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(table, column, ON DELETE) for every table whose column refers to agenda_items (found in
    the file itself, so a table a later version adds is covered too)."""
    found = []
    tables = con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (table,) in tables:
        for fk in con.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            if fk["table"] == "agenda_items":
                found.append((str(table), str(fk["from"]), str(fk["on_delete"]).upper()))
    return found


def _take_out(con: sqlite3.Connection, item_ids: Sequence[int]) -> Removed:
    """Delete the items, noting first everything the deletion takes with it."""
    if not item_ids:
        return NOTHING_REMOVED
    rows: list[tuple[str, tuple[tuple[str, object], ...]]] = []
    named: list[tuple[str, str, int, tuple[int, ...]]] = []
    belonging = _belonging(con)
    for item_id in item_ids:
        for row in con.execute("SELECT * FROM agenda_items WHERE id = ?", (item_id,)):
            rows.append(("agenda_items", tuple(zip(row.keys(), tuple(row), strict=True))))
        for table, column, on_delete in belonging:
            if on_delete == "CASCADE":
                for row in con.execute(f"SELECT * FROM {table} WHERE {column} = ?", (item_id,)):
                    rows.append((table, tuple(zip(row.keys(), tuple(row), strict=True))))
            else:  # SET NULL: the row stays, only its link goes
                ids = con.execute(f"SELECT rowid FROM {table} WHERE {column} = ?", (item_id,))
                rowids = tuple(int(r[0]) for r in ids)
                if rowids:
                    named.append((table, column, item_id, rowids))
        con.execute("DELETE FROM agenda_items WHERE id = ?", (item_id,))
    return Removed(tuple(rows), tuple(named))


def _put_back(con: sqlite3.Connection, removed: Removed) -> None:
    for table, columns in removed.rows:  # the items first, then what belonged to them
        names = ", ".join(name for name, _ in columns)
        marks = ", ".join("?" for _ in columns)
        verb = "INSERT" if table == "agenda_items" else "INSERT OR IGNORE"  # keep what is there
        con.execute(
            f"{verb} INTO {table} ({names}) VALUES ({marks})",
            tuple(value for _, value in columns),
        )
    for table, column, item_id, rowids in removed.named:
        marks = ", ".join("?" for _ in rowids)
        con.execute(
            f"UPDATE {table} SET {column} = ? WHERE {column} IS NULL AND rowid IN ({marks})",
            (item_id, *rowids),
        )


def replace_all(
    doc: WorkshopFile, items: Sequence[AgendaItem], *, restoring: Removed = NOTHING_REMOVED
) -> Removed:
    """Make the stored agenda exactly `items`, in this order, in one transaction, after putting
    back what an earlier call removed (`restoring`: an undo). Returns exactly what this call
    removed, so that undoing it loses nothing: an item's feedback, actual times and groups.
    (What else went or came back, the session tells from the change counts.)"""
    with doc.transaction(Topic.AGENDA) as con:
        _put_back(con, restoring)
        keep = {item.id for item in items if item.id is not None}
        gone = [
            int(item_id)
            for (item_id,) in con.execute("SELECT id FROM agenda_items").fetchall()
            if item_id not in keep
        ]
        removed = _take_out(con, gone)
        for position, item in enumerate(items):
            item.position = position
            _write_item(con, item)
    return removed


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


def delete_item(doc: WorkshopFile, item_id: int) -> Removed:
    """Remove one item; returns what went with it (replace_all(restoring=...) puts it back)."""
    with doc.transaction(Topic.AGENDA | Topic.RUN | Topic.GROUPS | Topic.FEEDBACK) as con:
        return _take_out(con, [item_id])


# -- the workshop's own activity templates ----------------------------------------------------


def load_templates(doc: WorkshopFile) -> list[activities.Activity]:
    """Templates the facilitator saved in this workshop (unusable ones are skipped)."""
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
