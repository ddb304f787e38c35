"""The open workshop as seen by the GUI: one WorkshopFile plus a Qt signal for every change,
and the holder's duties (rolling backups; purging personal data at the retention date)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from labdesk.gui.background import start_worker
from labdesk.store import WorkshopFile
from labdesk.store import backup as store_backup

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
    """Wraps the open WorkshopFile. `changed(topic)` fires after our own commits and when another
    connection (the web server, a batch command) commits, noticed through PRAGMA data_version."""

    changed = Signal(str)
    # The file, its WAL or its SHM lost its name (labdesk.store.links): the plain message, once.
    lost = Signal(str)
    retention_applied = Signal(object)  # labdesk.personal_data.Outcome, or a message (str)

    def __init__(self, doc: WorkshopFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.lost_message = ""
        self._version = doc.data_version()
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
        self._purging: threading.Thread | None = None
        self._purged = _Purged(self)
        self._purged.done.connect(self._retention_done)

    @property
    def path(self) -> Path:
        return self.doc.path

    def _on_local_change(self, topic: str) -> None:
        self._version = self.doc.data_version()
        self.changed.emit(topic)

    def _check_outside_changes(self) -> None:
        if self.check_links():
            return
        try:
            version = self.doc.data_version()
        except sqlite3.Error:
            return
        if version != self._version:
            self._version = version
            self.changed.emit("outside")
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
        path, day, done = self.doc.path, today(), self._purged

        def work() -> None:
            from labdesk import personal_data
            from labdesk.store import open_workshop

            try:
                doc = open_workshop(path, lock=False, purpose="retention")
                try:
                    result: object = personal_data.apply_retention(doc, day)
                finally:
                    doc.close(take_backup=False)
            except Exception as exc:
                log.exception("purging personal data at the retention date failed")
                result = f"The retention date has come, but its purge failed: {exc}"
            with contextlib.suppress(RuntimeError):  # the session closed meanwhile
                done.done.emit(result)

        self._purging = start_worker("labdesk-retention", work)
        return True

    def _retention_done(self, result: object) -> None:
        self._purging = None
        if not self.doc.closed:
            for topic in ("attendees", "checkins", "commitments", "postcards"):
                self.doc.notify(topic)
        self.retention_applied.emit(result)

    def close(self) -> None:
        self._poll.stop()
        self._backup.stop()
        self._retention.stop()
        if self._purging is not None:
            self._purging.join(60)  # the purge finishes before the file is closed
        self.doc.unsubscribe(self._on_local_change)
        self.doc.close()


class _Purged(QObject):
    done = Signal(object)
