"""The open workshop as seen by the GUI: one WorkshopFile and a Qt signal for every change, with
what changed (labdesk.store.changes.Topic), whoever committed it; and the holder's duties
(rolling backups; purging personal data at the retention date)."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from labdesk.store import WorkshopFile
from labdesk.store import backup as store_backup
from labdesk.store.changes import NOTHING, Topic, changed

log = logging.getLogger("labdesk.gui")

BACKUP_EVERY_MS = 5 * 60 * 1000
POLL_EVERY_MS = 500
RETENTION_EVERY_MS = 60 * 60 * 1000  # and on every change from outside (the date set there)
today: Callable[[], dt.date] = dt.date.today  # tests replace it


class _BackupJob(QRunnable):
    """A rolling backup on a worker thread, with its own read connection: the GUI never waits."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def run(self) -> None:
        try:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                store_backup.rolling_backup(con, self.path)
            finally:
                con.close()
        except Exception:  # a failed backup must never take the app down
            log.exception("rolling backup of %s failed", self.path)


class WorkshopSession(QObject):
    """Wraps the open WorkshopFile. `changed(topics)` (a Topic, maybe several combined) fires
    once for each change: after our own commits, and when another connection commits (the phone
    server and the workers tell us at once, look_now(); a batch command is noticed within a poll
    through PRAGMA data_version). What another connection changed is told by the file's change
    counts, so an area refreshes only for what it shows."""

    changed = Signal(object)
    # The file, its WAL or its SHM lost its name (labdesk.store.links): the plain message, once.
    lost = Signal(str)
    retention_applied = Signal(object)  # labdesk.personal_data.Outcome, or a message (str)
    # What the workers (labdesk.gui.operations) are doing now, in words; "" once all are done.
    working = Signal(str)
    # The file is about to close: whatever reads it on a connection of its own stops now.
    closing = Signal()

    def __init__(self, doc: WorkshopFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.lost_message = ""
        self._version = doc.data_version()
        self._counts = doc.change_counts()
        self._work: list[Any] = []  # operations under way (labdesk.gui.operations.Operation)
        doc.subscribe(self._on_local_change)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_EVERY_MS)
        self._poll.timeout.connect(self._check_outside_changes)
        self._poll.start()
        self._backup = QTimer(self)
        self._backup.setInterval(BACKUP_EVERY_MS)
        self._backup.timeout.connect(self.backup_now)
        self._backup.start()
        self._retention = QTimer(self)
        self._retention.setInterval(RETENTION_EVERY_MS)
        self._retention.timeout.connect(self.check_retention)
        self._retention.start()
        self._purging: Any = None  # the purge under way (an Operation)

    @property
    def path(self) -> Path:
        return self.doc.path

    def _on_local_change(self, topic: Topic) -> None:
        """Our own commit said what it changed; anything another connection committed since
        the last look goes with it, once."""
        self.changed.emit(topic | (self._moved() if self._counts is not None else NOTHING))

    def _moved(self) -> Topic:
        """What the change counts say moved since the last look, remembered as seen (in a file
        too old to count: every topic)."""
        try:
            counts = self.doc.change_counts()
        except sqlite3.Error:
            return NOTHING
        moved = changed(self._counts, counts)
        self._counts = counts
        return moved

    def look_now(self) -> Topic:
        """Another connection of this process committed (the phone server, a worker): emit what
        it changed now rather than at the next poll. Returns it."""
        if self.doc.closed or self.check_links():
            return NOTHING
        try:
            self._version = self.doc.data_version()
        except sqlite3.Error:
            return NOTHING
        moved = self._moved()
        if moved:
            self.changed.emit(moved)
        return moved

    def _check_outside_changes(self) -> None:
        if self.doc.closed or self.check_links():
            return
        try:
            version = self.doc.data_version()
        except sqlite3.Error:
            return
        if version != self._version and self.look_now() & Topic.SETTINGS:
            self.check_retention()  # someone may have set the date

    def check_links(self) -> str:
        """The holder's guard (every poll, and before a backup): once the file, its WAL or its
        SHM is no longer the one opened, stop the backups and say so (`lost`), once."""
        if self.lost_message or self.doc.closed:
            return self.lost_message
        self.lost_message = self.doc.lost_link()
        if self.lost_message:
            log.error("%s", self.lost_message)
            self._backup.stop()  # a new connection here would read the old, deleted journal
            self.lost.emit(self.lost_message)
        return self.lost_message

    def backup_now(self) -> None:
        if self.check_links():
            return
        QThreadPool.globalInstance().start(_BackupJob(self.doc.path))

    def check_retention(self) -> bool:
        """The holder's duty: once the retention date has come, purge the personal data in the
        file, its WAL, its backups and copies, and the files made, on a worker thread with its
        own connection. True when a purge was started."""
        from labdesk.store import retention as store_retention

        if self._purging is not None or self.doc.closed or self.lost_message:
            return False
        try:
            if not store_retention.due(self.doc, today()):
                return False
        except sqlite3.Error:
            return False
        day = today()

        def purge(doc: WorkshopFile) -> object:
            from labdesk import personal_data

            return personal_data.apply_retention(doc, day)

        def failed(exc: Exception) -> None:
            log.error("purging personal data at the retention date failed", exc_info=exc)
            self._retention_done(f"The retention date has come, but its purge failed: {exc}")

        from labdesk.gui.operations import Operation

        self._purging = (
            Operation(
                self,
                "Purging personal data (the retention date has come)…",
                purge,
                success=self._retention_done,
                purpose="retention",
            )
            .failure(failed)
            .run()
        )
        return True

    def _retention_done(self, result: object) -> None:
        self._purging = None
        self.retention_applied.emit(result)

    # -- work under way ---------------------------------------------------------------------------
    def begin_work(self, operation: Any) -> None:
        self._work.append(operation)
        self.working.emit(self.work_text())

    def end_work(self, operation: Any) -> None:
        if operation in self._work:
            self._work.remove(operation)
        self.working.emit(self.work_text())

    def work_text(self) -> str:
        """ "Laying out 10,000 badges…", for the status bar ("" when nothing is under way);
        work with no label (counting the postcards due) goes unsaid."""
        said = (str(getattr(op, "status", "") or op.label) for op in self._work)
        return "   ·   ".join(text for text in said if text)

    def close(self) -> None:
        """Stop polling and backing up, cancel work that can stop (a print being laid out), let
        the rest finish (up to a minute each: what a worker writes is on disk before the file
        closes), then close the file."""
        self.closing.emit()
        for operation in list(self._work):
            operation.cancel()  # a print being laid out stops; writes carry on to the end
        for operation in list(self._work):
            operation.wait(60)
        self._poll.stop()
        self._backup.stop()
        self._retention.stop()
        self.doc.unsubscribe(self._on_local_change)
        self.doc.close()
