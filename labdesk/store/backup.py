"""Copies of a live workshop file, only ever through SQLite's backup API, kept owner-only."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

from labdesk.paths import data_dir

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
    key = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]
    folder = data_dir() / "backups" / f"{Path(path).stem}-{key}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def list_backups(path: Path) -> list[Path]:
    """Backups of path, newest first."""
    return sorted(backups_folder(path).glob("*.labdesk"), reverse=True)


def rolling_backup(con: sqlite3.Connection, path: Path, keep: int = KEEP) -> Path:
    """Take a timestamped backup of path and drop the oldest beyond `keep`."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backups_folder(path) / f"{Path(path).stem}-{stamp}.labdesk"
    backup_to(con, dest)
    for old in list_backups(path)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return dest


def backup_before_migration(con: sqlite3.Connection, path: Path, version: int) -> Path:
    dest = backups_folder(path) / f"{Path(path).stem}-before-v{version + 1}.labdesk"
    backup_to(con, dest)
    return dest
