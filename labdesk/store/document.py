"""Open, create and hold a workshop file: pragmas, checks, the instance lock, migrations."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from labdesk.core import retention
from labdesk.store import backup, changes, links
from labdesk.store.changes import NOTHING, Topic
from labdesk.store.lock import AlreadyOpen, InstanceLock
from labdesk.store.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate, user_version

log = logging.getLogger("labdesk.store")

SUFFIX = ".labdesk"
BUSY_TIMEOUT_MS = 6000
_CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"  # no characters that move between keyboard layouts


class WorkshopFileError(Exception):
    """A workshop file cannot be used; the message says what happened and what to do."""


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    con = sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    con.row_factory = sqlite3.Row
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = FULL")  # reads the header: fails on a non-database
        con.execute("PRAGMA secure_delete = ON")
    except BaseException:
        con.close()
        raise
    return con


def explain(exc: BaseException, path: Path) -> str:
    """A plain sentence for an OS or SQLite failure on path."""
    text = str(exc).lower()
    name = path.name
    if isinstance(exc, FileNotFoundError):
        return f"The folder {path.parent} does not exist. Choose a folder that does."
    if (
        (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
        or "disk is full" in text  # SQLite: "database or disk is full"
        or "disk i/o error" in text  # how SQLite says it when the disk fills mid-write
    ):
        return f"The disk holding {name} is full. Free some space; nothing saved before was lost."
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
        return (
            f"{name} cannot be written here (the folder or disk is read-only). "
            "Save a copy somewhere you can write to."
        )
    if "not a database" in text or "malformed" in text or "file is not" in text:
        return (
            f"{name} is damaged or is not a labdesk workshop. "
            "Open one of its backups (File › Open Backup) instead."
        )
    if "locked" in text or "busy" in text:
        return f"{name} is busy in another program. Try again in a moment."
    return f"{name} could not be used: {exc}"


class WorkshopFile:
    """An open workshop file: a connection, the lock, and helpers for short write transactions.

    Every write goes through `transaction()`, committed with synchronous=FULL before it returns,
    so what the caller acknowledges is on disk.
    """

    def __init__(
        self,
        path: Path,
        con: sqlite3.Connection,
        lock: InstanceLock | None,
        readonly: bool,
        held: links.Held | None = None,
    ) -> None:
        self.path = path
        self.con = con
        self.lock = lock
        self.readonly = readonly
        self.held = held
        self._listeners: list[Callable[[Topic], None]] = []

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self, *, take_backup: bool = True) -> None:
        if self.closed:
            return
        lost = self.lost_link()
        try:
            if take_backup and not self.readonly:
                # After a lost link too: the backup API copies what this connection still sees.
                with contextlib.suppress(Exception):
                    backup.rolling_backup(self.con, self.path)
            if lost:
                links.abandon(self.con)
            else:
                with contextlib.suppress(sqlite3.Error):
                    self.con.execute("PRAGMA optimize")
                self.con.close()
        finally:
            self.con = None  # type: ignore[assignment]
            if self.held is not None:
                links.release(self.held)
            if self.lock is not None:
                self.lock.release()

    def lost_link(self) -> str:
        """ "" while the file, its WAL and its SHM are still the ones this process opened;
        otherwise the plain message (see labdesk.store.links). Every write checks it."""
        return links.lost_link(self.held) if self.held is not None else ""

    @property
    def closed(self) -> bool:
        return self.con is None

    def __enter__(self) -> WorkshopFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, topic: Topic = NOTHING) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; listeners hear `topic` (what the caller changed) after the
        commit."""
        if self.readonly:
            raise WorkshopFileError(f"{self.path.name} is open read-only.")
        lost = self.lost_link()
        if lost:  # never write into a journal that is no longer the file's
            raise WorkshopFileError(lost)
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise WorkshopFileError(explain(exc, self.path)) from exc
        try:
            yield self.con
            self.con.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise WorkshopFileError(explain(exc, self.path)) from exc
            raise
        lost = self.lost_link()
        if lost:  # committed into a deleted journal: the caller must not acknowledge it
            raise WorkshopFileError(lost)
        self.notify(topic)

    def subscribe(self, listener: Callable[[Topic], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Topic], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def notify(self, topic: Topic) -> None:
        if not topic:
            return
        for listener in list(self._listeners):
            listener(topic)

    def data_version(self) -> int:
        """Changes whenever another connection commits (the web server, a batch command)."""
        return int(self.con.execute("PRAGMA data_version").fetchone()[0])

    def change_counts(self) -> dict[Topic, int] | None:
        """Each topic's count of changed rows (labdesk.store.changes), None in an old file."""
        return changes.counts(self.con)

    # -- small shared reads -----------------------------------------------------------------------
    def schema_version(self) -> int:
        return user_version(self.con)

    def integrity(self, *, full: bool = False) -> str:
        rows = self.con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
        problems = [r[0] for r in rows]
        return "ok" if problems == ["ok"] else "; ".join(problems[:5])

    def save_copy(self, dest: Path) -> None:
        """Write a consistent copy through SQLite's backup API (File › Save a Copy)."""
        try:
            backup.backup_to(self.con, dest)
        except (sqlite3.Error, OSError) as exc:
            raise WorkshopFileError(explain(exc, dest)) from exc


def _new_code() -> str:
    import secrets  # only when creating a file: it is slow to import

    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))


def _identity() -> tuple[str, str, str, str]:
    """What makes a workshop file its own: its code, its badge key (also its identity as a
    site when merged), its web token, and when it was made."""
    import secrets

    return (
        _new_code(),
        secrets.token_hex(32),
        secrets.token_urlsafe(18),
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def new_identity(doc: WorkshopFile) -> None:
    """Give a copied workshop file (a new demo) an identity and a retention date of its own,
    as if it had just been made: two copies are two workshops, never one site twice."""
    with doc.transaction(Topic.WORKSHOP) as con:
        con.execute(
            "UPDATE workshop SET code = ?, secret = ?, web_token = ?, created_at = ? WHERE id = 1",
            _identity(),
        )
        date = dt.date.fromisoformat(con.execute("SELECT date FROM workshop").fetchone()[0])
        con.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('retention_date', ?)",
            (json.dumps(retention.default_date(date, dt.date.today()).isoformat()),),
        )


def create(
    path: Path | str,
    title: str,
    date: dt.date,
    *,
    venue: str = "",
    lock: bool = True,
) -> WorkshopFile:
    """Create a new workshop file, readable only by its owner, and hold it open."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError as exc:
        raise WorkshopFileError(f"{path.name} already exists. Choose another name.") from exc
    except OSError as exc:
        raise WorkshopFileError(explain(exc, path)) from exc
    try:
        con = _connect(path)
        con.execute("PRAGMA journal_mode = WAL")  # once, at creation: it persists in the file
        migrate(con)
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO workshop (id, title, date, venue, code, secret, web_token, created_at)"
            " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            (title, date.isoformat(), venue, *_identity()),
        )
        # Every workshop has a retention date from the start (see labdesk.core.retention).
        con.execute(
            "INSERT INTO settings (key, value) VALUES ('retention_date', ?)",
            (json.dumps(retention.default_date(date, dt.date.today()).isoformat()),),
        )
        con.execute("COMMIT")
        con.close()
    except BaseException as exc:
        # Whatever stopped it, no half-made workshop is left behind to be opened later.
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise WorkshopFileError(explain(exc, path)) from exc
        raise
    return open_workshop(path, lock=lock)


def _not_labdesk(path: Path) -> WorkshopFileError:
    return WorkshopFileError(
        f"{path.name} is not a labdesk workshop file. Open a .labdesk file instead."
    )


def _whole_pages(size: int) -> bool:
    """A SQLite file is a whole number of pages, each a power of two from 512 bytes."""
    return size >= 512 and size % 512 == 0


def _unreadable(exc: sqlite3.DatabaseError, path: Path, size: int) -> WorkshopFileError:
    """What to say when SQLite cannot read path's first page."""
    text = str(exc).lower()
    if "not a database" in text:
        return _not_labdesk(path)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return WorkshopFileError(explain(exc, path))
    if not _whole_pages(size):
        return WorkshopFileError(f"{path.name} is truncated. Open one of its backups instead.")
    return WorkshopFileError(explain(exc, path))


def _header(con: sqlite3.Connection, path: Path, size: int) -> int:
    """Check, through SQLite (never by reading the file), that path is a labdesk workshop this
    labdesk can read; returns its schema version."""
    try:
        app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
        version = user_version(con)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path, size) from exc
    if app_id != APPLICATION_ID:
        if not _whole_pages(size):
            raise WorkshopFileError(f"{path.name} is truncated. Open one of its backups instead.")
        raise WorkshopFileError(
            f"{path.name} is a database, but not a labdesk workshop. Open a .labdesk file instead."
        )
    if version > SCHEMA_VERSION:
        raise WorkshopFileError(
            f"{path.name} was made by a newer labdesk (file version {version}, this labdesk "
            f"reads up to {SCHEMA_VERSION}). Update labdesk to open it; the file is unchanged."
        )
    return version


def open_workshop(
    path: Path | str, *, lock: bool = True, readonly: bool = False, purpose: str = "app"
) -> WorkshopFile:
    """Open an existing workshop file, check it, migrate it (after a backup) and hold it.

    lock=False is for batch commands that work beside the holder in short transactions.
    Only SQLite reads the file: this process may already have it open (the app and the web
    server open it several times), and closing any other descriptor on it would drop this
    process's locks (see labdesk.store.links).
    """
    path = Path(path)
    if not path.exists():
        raise WorkshopFileError(f"{path} does not exist.")
    if path.is_dir():
        raise WorkshopFileError(f"{path} is a folder, not a workshop file.")
    if not path.is_file():
        # A pipe or a device: reading it could block for ever or never end.
        raise WorkshopFileError(f"{path} is not a regular file, so not a workshop file.")
    refused = links.refusal(path)
    if refused:
        raise WorkshopFileError(refused)
    try:
        facts = path.stat()
    except OSError as exc:
        raise WorkshopFileError(explain(exc, path)) from exc
    if facts.st_size == 0:  # SQLite would take it for a new, empty database
        raise _not_labdesk(path)
    if facts.st_nlink > 1:
        # Under two names SQLite keeps two journals for one file, and each loses the other's.
        raise WorkshopFileError(
            f"{path.name} has another name (a hard link), so labdesk cannot keep it safe. "
            "Open a copy of it instead."
        )
    if not readonly and not os.access(path, os.W_OK):
        raise WorkshopFileError(explain(PermissionError("read-only"), path))

    try:
        con = _connect(path, readonly=readonly)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(exc, path, facts.st_size) from exc
    except sqlite3.Error as exc:
        raise WorkshopFileError(explain(exc, path)) from exc
    instance_lock: InstanceLock | None = None
    held: links.Held | None = None
    try:
        version = _header(con, path, facts.st_size)
        if lock:
            instance_lock = InstanceLock(path)
            try:
                instance_lock.acquire(purpose)
            except AlreadyOpen as exc:
                instance_lock = None
                raise WorkshopFileError(str(exc)) from exc
            except OSError as exc:
                instance_lock = None
                # A read-only folder cannot hold the lock file; the database would be unwritable.
                raise WorkshopFileError(explain(exc, path)) from exc
        problems = con.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in problems] != ["ok"]:
            first = " ".join(str(problems[0][0]).replace("***", "").split())
            raise WorkshopFileError(
                f"{path.name} is damaged ({first}). "
                "Open one of its backups (File › Open Backup) instead."
            )
        held = links.hold(path)  # after the first read: the WAL and SHM exist now
        if held.lost:
            raise WorkshopFileError(held.lost)
        if version < SCHEMA_VERSION and not readonly:
            taken = backup.backup_before_migration(con, path, version)
            log.info("backed up %s to %s before migrating from version %d", path, taken, version)
            migrate(con)
        if con.execute("SELECT count(*) FROM workshop").fetchone()[0] != 1:
            raise WorkshopFileError(f"{path.name} has no workshop in it. Open another file.")
        return WorkshopFile(path, con, instance_lock, readonly, held)
    except BaseException as exc:
        _give_up(con, held)
        if instance_lock is not None:
            instance_lock.release()
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise WorkshopFileError(explain(exc, path)) from exc
        raise


def _give_up(con: sqlite3.Connection, held: links.Held | None) -> None:
    """Close a connection open_workshop will not hand out (abandon it if the file lost a part)."""
    if held is not None and held.lost:
        links.abandon(con)
    else:
        with contextlib.suppress(sqlite3.Error):
            con.close()
    if held is not None:
        links.release(held)
