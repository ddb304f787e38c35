"""The server's one writer: a thread with its own connection that commits posts in groups.

Each post waits until the transaction holding it has committed (synchronous=FULL) before the
phone is answered, so "Thank you" always means "on disk". Grouping the commits keeps a burst of
phones fast without ever acknowledging early.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from labdesk.store import open_workshop
from labdesk.store.changes import NOTHING, Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.submissions import Submission, commit_batch

log = logging.getLogger("labdesk.web")

MAX_BATCH = 250
_Pending = tuple[Submission, "asyncio.Future[int]", asyncio.AbstractEventLoop]
_Outcome = tuple["asyncio.Future[int]", int | Exception]


def _settle(items: list[tuple[asyncio.Future[int], int | Exception]]) -> None:
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
                self._commit(batch)
                if stopping:
                    break
        finally:
            self._drain_refusing()
            self.doc.close(take_backup=False)

    def _heard(self, topic: Topic) -> None:
        self._topics |= topic

    _topics = NOTHING

    def _commit(self, batch: list[_Pending]) -> None:
        assert self.doc is not None
        self._topics = NOTHING
        try:
            results = commit_batch(self.doc, [sub for sub, _, _ in batch])
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
