"""What the check-in desk shows, read off the GUI thread and followed by the rows that changed.

The desk's reader (one worker thread, its own read-only connection) reads everyone once when the
desk opens, then, after each change the session reports, reads only a mark per person and who is
in (labdesk.store.desk) and compares them with the last reading: the people added, changed or
gone, and the arrivals that changed. The search index follows in the same way (a LayeredIndex:
the small index of changed people is built on the worker; a new whole one once that grows
large). The GUI thread then moves only those rows in its lists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from labdesk.core.model import Attendee
from labdesk.core.search import SearchIndex
from labdesk.core.search_layers import LayeredIndex
from labdesk.gui.background import emit_from_worker, reading_to_keep, start_worker
from labdesk.gui.desk_lists import DeskLists
from labdesk.store import attendees as store_attendees
from labdesk.store import desk as store_desk
from labdesk.store import open_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

log = logging.getLogger("labdesk.gui")

REBUILD_AT = 500  # changed people the small index may hold (or 5 % of everyone, if more)


@dataclass(frozen=True)
class DeskView:
    """Everyone the desk knows (not erased; attending or cancelled), as last read."""

    people: dict[int, Attendee]
    marks: dict[int, store_desk.Mark]
    arrived: dict[int, dt.datetime]
    index: LayeredIndex


@dataclass(frozen=True)
class DeskChange:
    """What changed between two readings: `before` and `after` hold each changed person's old
    and new record (absent: not there then), `arrived` each changed arrival (None: no longer
    in); `view` is the new reading."""

    view: DeskView
    before: dict[int, Attendee]
    after: dict[int, Attendee]
    arrived: dict[int, dt.datetime | None]

    @property
    def touched(self) -> set[int]:
        return set(self.before) | set(self.after) | set(self.arrived)


def read_all(doc: WorkshopFile) -> tuple[DeskView, DeskLists]:
    """Everyone, and the desk's lists as they start (made here: sorting 10,000 names by their
    folded family names is no work for the GUI thread)."""
    with store_desk.snapshot(doc):
        people = {p.id: p for p in store_attendees.load_all(doc) if p.id is not None}
        view = DeskView(
            people=people,
            marks=store_desk.marks(doc),
            arrived=store_desk.arrivals(doc),
            index=LayeredIndex(SearchIndex(people.values())),
        )
    return view, DeskLists.starting(view)


def read_changes(doc: WorkshopFile, old: DeskView, topics: Topic) -> DeskChange:
    """What changed since old, reading only what topics may have changed."""
    with store_desk.snapshot(doc):
        return _read_changes(doc, old, topics)


def _read_changes(doc: WorkshopFile, old: DeskView, topics: Topic) -> DeskChange:
    marks, people, index = old.marks, old.people, old.index
    before: dict[int, Attendee] = {}
    after: dict[int, Attendee] = {}
    if topics & Topic.ATTENDEES:
        marks = store_desk.marks(doc)
        changed = [i for i, mark in marks.items() if old.marks.get(i) != mark]
        gone = [i for i in old.marks if i not in marks]
        if changed or gone:
            people = dict(old.people)
            for attendee_id in gone:
                before[attendee_id] = people.pop(attendee_id)
            for person in store_desk.people(doc, changed):
                assert person.id is not None
                if person.id in people:
                    before[person.id] = people[person.id]
                people[person.id] = after[person.id] = person
            if index.overlay_size + len(changed) + len(gone) > max(REBUILD_AT, len(people) // 20):
                index = LayeredIndex(SearchIndex(people.values()))
            else:
                index = index.with_changes(after.values(), gone)
    arrived = old.arrived
    moved: dict[int, dt.datetime | None] = {}
    if topics & (Topic.CHECKINS | Topic.ATTENDEES):  # erasing someone takes their check-in
        arrived = store_desk.arrivals(doc)
        moved = {i: at for i, at in arrived.items() if old.arrived.get(i) != at}
        moved.update({i: None for i in old.arrived if i not in arrived})
    return DeskChange(DeskView(people, marks, arrived, index), before, after, moved)


class _Relay(QObject):
    done = Signal(object, object, object)  # (what to call, its result, an exception)


class DeskReader:
    """One worker thread with its own read-only connection, running the desk's reads in turn;
    each result comes back to its callback on the GUI thread (not after `stop`)."""

    def __init__(
        self, path: Path, parent: QObject, *, purpose: str = "desk", keep: bool = True
    ) -> None:
        """keep: what the reads make lives long (the desk's people): frozen out of the
        collector's full passes once read (labdesk.gui.background.reading_to_keep)."""
        self._purpose, self._keep = purpose, keep
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._relay = _Relay(parent)
        self._relay.done.connect(self._deliver)
        self.stopped = False
        self._thread = start_worker(f"labdesk-{purpose}", lambda: self._run(path))

    def submit(
        self,
        work: Callable[[WorkshopFile], Any],
        then: Callable[[Any], None],
        otherwise: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run work(doc) on the reader; then(result) on the GUI thread, or otherwise(error)."""
        if not self.stopped:
            self._jobs.put((work, then, otherwise))

    def stop(self, wait_s: float = 0) -> None:
        """No more reads; the connection closes once the one under way is done (waited for up
        to wait_s: the session waits before it closes the file)."""
        if not self.stopped:
            self.stopped = True
            self._jobs.put(None)
        if wait_s:
            self._thread.join(wait_s)

    def _deliver(
        self, job: tuple[Callable, Callable | None], result: object, error: object
    ) -> None:
        if self.stopped:
            return
        then, otherwise = job
        if isinstance(error, Exception):
            log.warning("could not read the workshop for the lists: %s", error)
            if otherwise is not None:
                otherwise(error)
            return
        then(result)

    def _run(self, path: Path) -> None:
        doc: WorkshopFile | None = None
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                work, then, otherwise = job
                result: object = None
                error: Exception | None = None
                try:
                    if doc is None:
                        doc = open_workshop(path, lock=False, readonly=True, purpose=self._purpose)
                    # What the desk reads lives as long as the desk: no collection need look
                    # at it (on the GUI thread, at the thousands of objects it makes).
                    with reading_to_keep() if self._keep else contextlib.nullcontext():
                        result = work(doc)
                except Exception as exc:  # told on the GUI thread
                    error = exc
                if not emit_from_worker(self._relay.done, (then, otherwise), result, error):
                    return  # the desk has gone
        finally:
            if doc is not None:
                doc.close(take_backup=False)
