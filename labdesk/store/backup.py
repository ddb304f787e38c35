"""Copies of a live workshop file, only ever through SQLite's backup API, kept owner-only.

Backups are changed only through SQLite too: an erasure or the retention date rewrites each
one in place (`rewrite_all`), never deleting it. Taking and rewriting backups of one file hold
the same lock (a sidecar in the backups folder), so a backup being taken while a person is
erased is taken after their erasure, not before it and saved after the rewrite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from labdesk.paths import data_dir
from labdesk.store.lock import held

log = logging.getLogger("labdesk.store")

KEEP = 12  # rolling backups kept per workshop file


def backup_to(con: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent, owner-only copy of con's database to dest (replacing dest)."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        target = sqlite3.connect(tmp)
        try:
            con.backup(target)
        finally:
            target.close()
        for leftover in (tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def backups_folder(path: Path) -> Path:
    """Where a workshop file's backups live: the user's data folder, one subfolder per file."""
    import hashlib  # here: OpenSSL's start is a few milliseconds of the app's

    key = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]
    folder = data_dir() / "backups" / f"{Path(path).stem}-{key}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def list_backups(path: Path) -> list[Path]:
    """Backups of path, newest first."""
    return sorted(backups_folder(path).glob("*.labdesk"), reverse=True)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[Path]:
    """Hold the backups of path (the workshop file) against other takers and rewriters."""
    folder = backups_folder(path)
    with held(folder / ".lock"):
        yield folder


def rolling_backup(con: sqlite3.Connection, path: Path, keep: int = KEEP) -> Path:
    """Take a timestamped backup of path and drop the oldest beyond `keep`."""
    with exclusive(path) as folder:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dest = folder / f"{Path(path).stem}-{stamp}.labdesk"
        backup_to(con, dest)
        for old in list_backups(path)[keep:]:
            with contextlib.suppress(OSError):
                old.unlink()
    return dest


def backup_before_migration(con: sqlite3.Connection, path: Path, version: int) -> Path:
    with exclusive(path) as folder:
        dest = folder / f"{Path(path).stem}-before-v{version + 1}.labdesk"
        backup_to(con, dest)
    return dest


Change = Callable[[sqlite3.Connection], None]


class NotAWorkshop(Exception):
    """The copy is not a labdesk workshop (or is damaged), so it cannot be rewritten."""


def rewrite(path: Path, change: Change) -> None:
    """Apply change to a backup or a copy in place, through SQLite only: one transaction, then
    VACUUM (its freed pages are rebuilt away; secure_delete had zeroed them) and its journal
    emptied, so no old version of a page is left in the file or beside it."""
    from labdesk.store.migrations import APPLICATION_ID

    try:
        con = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=6
        )
    except sqlite3.Error as exc:
        raise NotAWorkshop(str(exc)) from exc
    try:
        con.execute("PRAGMA busy_timeout = 6000")
        con.execute("PRAGMA secure_delete = ON")
        con.execute("PRAGMA foreign_keys = ON")
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotAWorkshop(f"{Path(path).name} is not a labdesk workshop")
        con.execute("BEGIN IMMEDIATE")
        try:
            change(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("VACUUM")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise NotAWorkshop(str(exc)) from exc
    finally:
        con.close()
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


@dataclass
class Rewritten:
    """What became of the backups (or copies) an erasure or a purge went through."""

    rewritten: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (copy, why)


def rewrite_all(path: Path, change: Change) -> Rewritten:
    """Rewrite every backup of the workshop file path with change, none removed. Leftovers of
    a backup cut off half-way (never a whole backup) are deleted."""
    outcome = Rewritten()
    with exclusive(path) as folder:
        for leftover in folder.glob(".*.partial*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        for copy in sorted(folder.glob("*.labdesk")):
            try:
                rewrite(copy, change)
            except (NotAWorkshop, OSError) as exc:
                log.warning("could not rewrite a backup: %s", exc)
                outcome.failed.append((copy, str(exc)))
            else:
                outcome.rewritten.append(copy)
    return outcome
