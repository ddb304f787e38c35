"""The server's one writer: a thread with its own connection that commits posts in groups.

Each post waits until the transaction holding it has committed (synchronous=FULL) before the
phone is answered, so "Thank you" always means "on disk". Grouping the commits keeps a burst of
phones fast without ever acknowledging early. Other writes (a desk's check-in, a walk-in, a PIN
attempt) are jobs run on the same thread in their own short transactions, in the order they came.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from labdesk.store import open_workshop
from labdesk.store.changes import NOTHING, Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.submissions import Submission, commit_batch

log = logging.getLogger("labdesk.web")

MAX_BATCH = 250
T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """A write of its own, run on the writer's thread with the writer's connection."""

    work: Callable[[WorkshopFile], Any]


_Pending = tuple[Submission | Job, "asyncio.Future[Any]", asyncio.AbstractEventLoop]
_Outcome = tuple["asyncio.Future[Any]", Any]


def _settle(items: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for future, result in items:
        if future.done():  # the phone hung up; its post is stored all the same
            continue
        if isinstance(result, Exception):
            future.set_exception(result)
        else:
            future.set_result(result)


class SubmissionWriter:
    """Owns the server's writing connection (opened with lock=False beside the holder's lock).
    on_commit hears, on the writer's thread, the topics of each commit (what the store said)."""

    def __init__(self, path: Path, on_commit: Callable[[Topic], None] | None = None) -> None:
        self.path = path
        self.on_commit = on_commit
        self.doc: WorkshopFile | None = None
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="labdesk-web-writer", daemon=True)
        self.committed = 0

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(10)

    async def submit(self, submission: Submission) -> int:
        """Store one post; returns its row id once committed, or raises what refused it."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[int] = loop.create_future()
        self._queue.put((submission, future, loop))
        return await asyncio.shield(future)

    async def run(self, work: Callable[[WorkshopFile], T]) -> T:
        """Run work(doc) on the writer's thread once the writes before it are done; returns what
        it returned (after its own commit), or raises what it raised. on_commit hears what its
        transactions changed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((Job(work), future, loop))
        return await asyncio.shield(future)

    def _run(self) -> None:
        try:
            self.doc = open_workshop(self.path, lock=False, purpose="web server")
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self.doc.subscribe(self._heard)
        self._ready.set()
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    break
                batch = [first]
                stopping = False
                while len(batch) < MAX_BATCH:
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stopping = True
                        break
                    batch.append(more)
                self._write(batch)
                if stopping:
                    break
        finally:
            self._drain_refusing()
            self.doc.close(take_backup=False)

    def _write(self, batch: list[_Pending]) -> None:
        """Posts in a row go in one transaction; each job runs on its own, in order."""
        posts: list[_Pending] = []
        for item in batch:
            if isinstance(item[0], Job):
                if posts:
                    self._commit(posts)
                    posts = []
                self._run_job(item)
            else:
                posts.append(item)
        if posts:
            self._commit(posts)

    def _run_job(self, item: _Pending) -> None:
        assert self.doc is not None
        job, future, loop = item
        assert isinstance(job, Job)
        result: Any
        self._topics = NOTHING
        try:
            result = job.work(self.doc)
        except Exception as exc:  # said to whoever asked; the writer carries on
            result = exc
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, [(future, result)])
        topics = self._topics  # what its transactions said they changed
        if topics and self.on_commit is not None:
            try:
                self.on_commit(topics)
            except Exception:
                log.exception("a listener of new writes failed")

    def _heard(self, topic: Topic) -> None:
        self._topics |= topic

    _topics = NOTHING

    def _commit(self, batch: list[_Pending]) -> None:
        assert self.doc is not None
        self._topics = NOTHING
        try:
            results = commit_batch(self.doc, [sub for sub, _, _ in batch])  # type: ignore[misc]
        except Exception as exc:  # never leave a phone waiting
            log.exception("storing %d posts failed", len(batch))
            results = [exc] * len(batch)
        stored = sum(1 for r in results if not isinstance(r, Exception))
        self.committed += stored
        by_loop: dict[asyncio.AbstractEventLoop, list[_Outcome]] = {}
        for (_sub, future, loop), result in zip(batch, results, strict=True):
            by_loop.setdefault(loop, []).append((future, result))
        for loop, items in by_loop.items():
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody to answer
                loop.call_soon_threadsafe(_settle, items)
        topics = self._topics
        if topics and self.on_commit is not None:
            try:
                self.on_commit(topics)
            except Exception:
                log.exception("a listener of new submissions failed")

    def _drain_refusing(self) -> None:
        refused: list[_Pending] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                refused.append(item)
        for _, future, loop in refused:
            outcome: list[_Outcome] = [(future, RuntimeError("the server is stopping"))]
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, outcome)
