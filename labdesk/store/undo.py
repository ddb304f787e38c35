"""Undo and redo of a write, exactly: what one store write changed is recorded row by row (each
row as it was before and after), on the connection that made it, and is put back (or made
again) in one transaction, refused when any of those rows has changed since.

    outcome, written = record(doc, lambda d: checkins.admit(d, person_id))
    undo(doc, written)   # the check-in row goes; every other row is as it was
    redo(doc, written)   # the same row, the same values, comes back

The recorder is a set of TEMP triggers on this connection only (no other process sees them, the
file's schema is untouched), switched on just for the write. Rows a write changes through a
cascade or a trigger (an agenda item's phases and feedback, a person's ticket codes) are
recorded with it. Undoing checks, in the same transaction, that every recorded row still reads
as the write left it, and that putting it back changes no other row (a check-in made since for a
person an import added): otherwise it is refused (`Changed`) and nothing is written.

Bookkeeping tables are not recorded: `change_counts` moves on (so every other holder hears of
the undo) and `sqlite_sequence` keeps its high-water mark.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from labdesk.store.changes import NOTHING, Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError

T = TypeVar("T")

# Not recorded: counters every holder watches, and SQLite's own tables.
BOOKKEEPING = frozenset({"change_counts"})

Image = tuple[object, ...]

# What a table's rows are, in words, for the message when an undo is refused.
_WORDS = {
    "check_ins": "check-ins",
    "attendees": "people",
    "ticket_codes": "ticket codes",
    "feedback": "feedback",
    "commitments": "commitment cards",
    "postcards": "postcards",
    "agenda_items": "the agenda",
    "phases": "the agenda",
    "item_actuals": "the day's times",
    "group_sets": "groups",
    "workshop": "the workshop's details",
}


class Changed(WorkshopFileError):
    """The rows an undo (or redo) would put back have changed since: nothing was written."""


@dataclass(frozen=True)
class RowChange:
    """One row a write changed: None for before (it was added) or after (it was removed)."""

    table: str
    rowid: int
    before: Image | None
    after: Image | None


@dataclass(frozen=True)
class Written:
    """Everything one write changed, in the order it first touched each row."""

    rows: tuple[RowChange, ...] = ()
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    topic: Topic = NOTHING  # what the write told the listeners it changed
    topics: Topic = NOTHING  # the topics of every table it changed (labdesk.store.changes)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(change.table for change in self.rows)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_names(con: sqlite3.Connection) -> list[str]:
    """Every table of the file that is recorded."""
    names = con.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    return [str(name) for (name,) in names if name not in BOOKKEEPING]


def _columns(con: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(str(r[1]) for r in con.execute(f"PRAGMA main.table_info({_quote(table)})"))


def _tables(con: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Every table of the file that is recorded, with its columns in order."""
    return {name: _columns(con, name) for name in _table_names(con)}


def _table_topics(con: sqlite3.Connection) -> dict[str, Topic]:
    """Each table's topic, as its change-count triggers (labdesk.store.migrations) count it."""
    by_key = {t.key: t for t in Topic}
    found: dict[str, Topic] = {}
    for table, sql in con.execute(
        "SELECT tbl_name, sql FROM main.sqlite_master WHERE type = 'trigger'"
        " AND name LIKE 'changes\\_%' ESCAPE '\\'"
    ):
        match = re.search(r"topic = '([a-z_]+)'", str(sql))
        if match and match.group(1) in by_key:
            found[str(table)] = by_key[match.group(1)]
    return found


def _schema(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA main.schema_version").fetchone()[0])


class _Recorder:
    """The TEMP triggers and log on one connection (made by `make`)."""

    def __init__(
        self,
        con: sqlite3.Connection,
        tables: dict[str, tuple[str, ...]] | None = None,
        topics: dict[str, Topic] | None = None,
        schema: int | None = None,
    ) -> None:
        """The file's tables and their topics as read now, or as given (read as of schema)."""
        self.con = con
        self.schema = _schema(con) if schema is None else schema
        self.tables = _tables(con) if tables is None else tables
        self.topics = _table_topics(con) if topics is None else topics
        width = max((len(c) for c in self.tables.values()), default=1)
        self.width = width

    def make(self) -> Iterator[None]:
        """Make the log and the triggers, one statement a step (a step is ~0.05 ms; there are
        over a hundred)."""
        con = self.con
        # The log holds rows as they were (names, addresses): in memory, never in a temporary
        # file on disk (an erasure could not reach it there). Set before any TEMP table.
        if int(con.execute("PRAGMA temp_store").fetchone()[0]) != 2:
            con.execute("PRAGMA temp_store = MEMORY")
        yield
        # Triggers of a recorder made before the file's tables changed (or left half made)
        # would record the old columns: they go.
        for (name,) in con.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'undo\\_%' ESCAPE '\\'"
        ).fetchall():
            con.execute(f"DROP TRIGGER temp.{_quote(str(name))}")
            yield
        values = ", ".join(f"c{i}" for i in range(self.width))
        # Columns without a type keep every value exactly as stored (no affinity).
        for statement in (
            "DROP TABLE IF EXISTS temp.undo_log",
            f"CREATE TEMP TABLE undo_log (seq INTEGER PRIMARY KEY, tbl, rid, old, {values})",
            "DROP TABLE IF EXISTS temp.undo_switch",
            "CREATE TEMP TABLE undo_switch (recording INTEGER NOT NULL)",
            "INSERT INTO temp.undo_switch VALUES (0)",
        ):
            con.execute(statement)
            yield
        on = "(SELECT recording FROM temp.undo_switch)"
        for n, (table, columns) in enumerate(self.tables.items()):
            q = _quote(table)
            names = ", ".join(f"c{i}" for i in range(len(columns)))
            olds = ", ".join(f"OLD.{_quote(c)}" for c in columns)
            label = table.replace("'", "''")
            for event in ("UPDATE", "DELETE"):
                con.execute(
                    f"CREATE TEMP TRIGGER undo_{n}_{event.lower()} BEFORE {event}"
                    f" ON main.{q} WHEN {on} BEGIN INSERT INTO undo_log (tbl, rid, old,"
                    f" {names}) VALUES ('{label}', OLD.rowid, 1, {olds}); END"
                )
                yield
            con.execute(
                f"CREATE TEMP TRIGGER undo_{n}_insert AFTER INSERT ON main.{q}"
                f" WHEN {on} BEGIN INSERT INTO undo_log (tbl, rid, old)"
                f" VALUES ('{label}', NEW.rowid, 0); END"
            )
            yield
            con.execute(
                f"CREATE TEMP TRIGGER undo_{n}_moved AFTER UPDATE ON main.{q}"
                f" WHEN {on} AND NEW.rowid IS NOT OLD.rowid BEGIN INSERT INTO undo_log"
                f" (tbl, rid, old) VALUES ('{label}', NEW.rowid, 0); END"
            )
            yield

    def switch(self, on: bool) -> None:
        self.con.execute("UPDATE temp.undo_switch SET recording = ?", (int(on),))

    def clear(self) -> None:
        self.con.execute("DELETE FROM temp.undo_log")

    def touched(self) -> dict[tuple[str, int], Image | None]:
        """Each row touched since the log was cleared, in order, as it was first seen."""
        first: dict[tuple[str, int], Image | None] = {}
        for row in self.con.execute("SELECT * FROM temp.undo_log ORDER BY seq"):
            key = (str(row[1]), int(row[2]))
            if key in first:
                continue
            first[key] = tuple(row[4 : 4 + len(self.tables[key[0]])]) if row[3] else None
        return first


class Preparation:
    """The connection's recorder made a few statements at a time (`run`), so that no turn of
    a window's event loop waits for all of it (~10 ms, and three times that while phones post
    beside it). The first recorded write finishes it if it is not done by then."""

    def __init__(self, doc: WorkshopFile) -> None:
        self.doc = doc
        self._steps = self._make()
        self.done = _made(doc) is not None  # a write came first and made it
        if not self.done:
            doc._undo_preparing = self  # type: ignore[attr-defined]

    def _make(self) -> Iterator[None]:
        con = self.doc.con
        schema = _schema(con)
        tables: dict[str, tuple[str, ...]] = {}
        for name in _table_names(con):
            yield
            tables[name] = _columns(con, name)
        yield
        recorder = _Recorder(con, tables, _table_topics(con), schema)
        yield
        yield from recorder.make()
        if recorder.schema == _schema(self.doc.con):  # else made again when first used
            self.doc._undo_recorder = recorder  # type: ignore[attr-defined]

    def run(self, seconds: float | None = None) -> bool:
        """Go on making it for about `seconds` (at least one statement; None: to the end);
        True once it is made (or given up: the first write makes it again)."""
        if self.done:
            return True
        started = time.perf_counter()
        try:
            for _ in self._steps:
                if seconds is not None and time.perf_counter() - started >= seconds:
                    return False
        except BaseException:
            self._finish()
            raise
        self._finish()
        return True

    def _finish(self) -> None:
        self.done = True
        if getattr(self.doc, "_undo_preparing", None) is self:
            self.doc._undo_preparing = None


def _made(doc: WorkshopFile) -> _Recorder | None:
    """The connection's recorder if it is made, for the file's tables as they are."""
    recorder: _Recorder | None = getattr(doc, "_undo_recorder", None)
    if recorder is None or recorder.con is not doc.con or recorder.schema != _schema(doc.con):
        return None
    return recorder


def _recorder(doc: WorkshopFile) -> _Recorder:
    """The connection's recorder, made on first use (and again if the file's tables changed)."""
    preparing: Preparation | None = getattr(doc, "_undo_preparing", None)
    if preparing is not None:
        preparing.run()  # the user acted first: the rest of it now
    recorder = _made(doc)
    if recorder is None:
        recorder = _Recorder(doc.con)
        for _ in recorder.make():
            pass
        doc._undo_recorder = recorder  # type: ignore[attr-defined]
    return recorder


def preparation(doc: WorkshopFile) -> Preparation:
    """The connection's recorder to be made in pieces (Preparation.run), while the app is idle."""
    return Preparation(doc)


def _current(
    con: sqlite3.Connection, table: str, columns: tuple[str, ...], rowids: Iterable[int]
) -> dict[int, Image]:
    names = ", ".join(_quote(c) for c in columns)
    ids = list(rowids)
    found: dict[int, Image] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in con.execute(
            f"SELECT rowid, {names} FROM main.{_quote(table)} WHERE rowid IN ({marks})", chunk
        ):
            found[int(row[0])] = tuple(row[1:])
    return found


def _images(
    con: sqlite3.Connection, columns: Mapping[str, tuple[str, ...]], keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], Image | None]:
    """The rows as they read now (None: not there)."""
    by_table: dict[str, list[int]] = {}
    for table, rowid in keys:
        by_table.setdefault(table, []).append(rowid)
    now: dict[tuple[str, int], Image | None] = {}
    for table, rowids in by_table.items():
        found = _current(con, table, columns[table], rowids)
        for rowid in rowids:
            now[(table, rowid)] = found.get(rowid)
    return now


def record(doc: WorkshopFile, write: Callable[[WorkshopFile], T]) -> tuple[T, Written]:
    """Run write(doc) (store writes, in one or more transactions) and return its result with
    exactly what it changed. If it raises, what it committed before raising is not recorded."""
    recorder = _recorder(doc)
    heard: list[Topic] = []
    doc.subscribe(heard.append)
    recorder.clear()
    recorder.switch(True)
    try:
        result = write(doc)
    finally:
        recorder.switch(False)
        doc.unsubscribe(heard.append)
    first = recorder.touched()
    recorder.clear()
    after = _images(doc.con, recorder.tables, first)
    rows = tuple(
        RowChange(table, rowid, before, after[(table, rowid)])
        for (table, rowid), before in first.items()
        if before != after[(table, rowid)]
    )
    topic = NOTHING
    for t in heard:
        topic |= t
    columns = {t: recorder.tables[t] for t in {r.table for r in rows}}
    topics = NOTHING
    for table in columns:
        topics |= recorder.topics.get(table, Topic.every())
    return result, Written(rows, columns, topic, topics)


def undo(doc: WorkshopFile, written: Written, what: str = "") -> None:
    """Put every row back as it was before the write, in one transaction."""
    _put(doc, written, backwards=True, what=what)


def redo(doc: WorkshopFile, written: Written, what: str = "") -> None:
    """Make the write again, row for row, in one transaction."""
    _put(doc, written, backwards=False, what=what)


def still_as(doc: WorkshopFile, written: Written, *, done: bool) -> bool:
    """Whether the rows still read as the write left them (done) or as they were before it."""
    want = {(r.table, r.rowid): (r.after if done else r.before) for r in written.rows}
    return _images(doc.con, written.columns, want) == want


def _put(doc: WorkshopFile, written: Written, *, backwards: bool, what: str) -> None:
    if not written:
        return
    recorder = _recorder(doc)
    changes = list(reversed(written.rows)) if backwards else list(written.rows)
    expect = {(r.table, r.rowid): (r.after if backwards else r.before) for r in changes}
    target = {(r.table, r.rowid): (r.before if backwards else r.after) for r in changes}
    columns = written.columns
    title = what or "That change"
    with doc.transaction(written.topic) as con:
        con.execute("PRAGMA defer_foreign_keys = ON")  # rows come back parents-last too
        if _images(con, columns, expect) != expect:
            moved = sorted(
                {_WORDS.get(t, t.replace("_", " ")) for t, _ in _differ(con, written, expect)}
            )
            raise Changed(
                f"{title} cannot be {'undone' if backwards else 'redone'}: "
                f"{', '.join(moved)} changed since, elsewhere."
            )
        recorder.clear()
        recorder.switch(True)
        try:
            for _ in range(2):  # twice: a trigger (the stale name key) may undo a column
                for change in changes:
                    key = (change.table, change.rowid)
                    _write_row(con, change.table, columns[change.table], change.rowid, target[key])
                if _images(con, columns, target) == target:
                    break
            else:
                raise Changed(f"{title} cannot be put back exactly; nothing was changed.")
        finally:
            recorder.switch(False)
        others = [key for key in recorder.touched() if key not in target]
        recorder.clear()
        if others:
            words = sorted({_WORDS.get(t, t.replace("_", " ")) for t, _ in others})
            raise Changed(
                f"{title} cannot be {'undone' if backwards else 'redone'}: it would also change "
                f"{', '.join(words)} made since."
            )


def _differ(
    con: sqlite3.Connection, written: Written, expect: Mapping[tuple[str, int], Image | None]
) -> list[tuple[str, int]]:
    now = _images(con, written.columns, expect)
    return [key for key, image in expect.items() if now[key] != image]


def _write_row(
    con: sqlite3.Connection,
    table: str,
    columns: tuple[str, ...],
    rowid: int,
    image: Image | None,
) -> None:
    q = _quote(table)
    if image is None:
        con.execute(f"DELETE FROM main.{q} WHERE rowid = ?", (rowid,))
        return
    sets = ", ".join(f"{_quote(c)} = ?" for c in columns)
    cur = con.execute(f"UPDATE main.{q} SET {sets} WHERE rowid = ?", (*image, rowid))
    if cur.rowcount == 0:
        names = ", ".join(_quote(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        con.execute(f"INSERT INTO main.{q} (rowid, {names}) VALUES (?, {marks})", (rowid, *image))
