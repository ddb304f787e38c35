"""The live workshop files this process has open, known by device and inode, and the guard that
tells when one of their parts (the file, its -wal, its -shm) no longer has its name.

Everything here uses os.stat, which opens nothing: closing any descriptor on a database file
drops every POSIX lock the process holds on it (SQLite's "How To Corrupt An SQLite Database
File", §2.2). Another process then believes it is the last, checkpoints, unlinks the WAL, and
this one goes on writing into a deleted file. So no part of a live file may be opened, read,
hashed or copied by anything but SQLite, and a holder checks that its parts keep their names.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

JOURNALS = ("-wal", "-shm", "-journal")

Identity = tuple[int, int]  # (st_dev, st_ino)


def identity(path: Path) -> Identity | None:
    """The file a name leads to now (following links), or None if there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def parts(path: Path) -> list[Path]:
    """A workshop file and the journals SQLite keeps beside it."""
    path = Path(path)
    return [path, *(path.with_name(path.name + suffix) for suffix in JOURNALS)]


def is_part_of(candidate: Path, workshop: Path) -> bool:
    """Whether candidate is the workshop file, one of its journals, or a link to one of them."""
    found = identity(Path(candidate))
    if found is not None and found in {identity(p) for p in parts(workshop)}:
        return True
    try:
        where = Path(candidate).resolve()
        return any(where == p.resolve() for p in parts(workshop))
    except (OSError, RuntimeError, ValueError):
        return False


@dataclass
class Held:
    """One workshop file as this process has it open: what each part was when first opened."""

    path: Path
    known: dict[str, Identity] = field(default_factory=dict)  # suffix ("" for the file) -> id
    users: int = 0
    lost: str = ""  # the plain message, once a part lost its name; never cleared
    names: dict[str, str] = field(default_factory=dict)  # suffix -> the part's path, as text

    def __post_init__(self) -> None:
        self.names = {suffix: str(self.path) + suffix for suffix in ("", "-wal", "-shm")}


_guard = threading.Lock()
_held: dict[Identity, Held] = {}
_abandoned: list[object] = []


def hold(path: Path) -> Held:
    """Note that a connection to path has just read it (so its WAL and SHM exist); the first
    connection in this process records what each part is. Check `lost` on what is returned."""
    path = Path(path).resolve()
    with _guard:
        found = identity(path)
        held = _held.get(found) if found is not None else None
        if held is None:
            held = Held(path)
            if found is None:
                held.lost = _message(held, "")
                return held
            _held[found] = held
        _check(held)
        held.users += 1
        return held


def release(held: Held) -> None:
    """A connection noted by hold() has closed (or been abandoned)."""
    with _guard:
        held.users -= 1
        if held.users <= 0 and not held.lost:
            # Nothing in this process has the file open: SQLite may delete its WAL now, and the
            # next connection starts afresh. A file that lost a part stays known, and refused.
            key = held.known.get("")
            if key is not None and _held.get(key) is held:
                del _held[key]


def lost_link(held: Held) -> str:
    """The guard, called by every holder: "" while the file, its WAL and its SHM still have
    the names they had when this process opened them; otherwise what happened and what to do
    (and from then on, always that)."""
    with _guard:
        return _check(held)


def _check(held: Held) -> str:
    if held.lost:
        return held.lost
    for suffix, name in held.names.items():
        try:
            st = os.stat(name)
            now: Identity | None = (st.st_dev, st.st_ino)
        except OSError:
            now = None
        was = held.known.get(suffix)
        if was is None:
            if now is not None:
                held.known[suffix] = now  # first seen (a read-only open may have none at first)
            continue
        if now != was:
            held.lost = _message(held, suffix)
            break
    return held.lost


def _message(held: Held, suffix: str) -> str:
    name = held.path.name
    if suffix:
        what = f"{name}{suffix}, part of {name}, was deleted or replaced by another program"
    else:
        what = f"{name} was moved, renamed, deleted or replaced by another program"
    return (
        f"{what} while labdesk had the file open, so labdesk has stopped saving to it. "
        f"Close labdesk, then open {name} again; if something is missing, open the backup "
        "taken when labdesk closed (File › Open Backup)."
    )


def refusal(path: Path) -> str:
    """Why path must not be opened as a workshop here ("" if it may): it is a journal of a
    workshop file (by name, or by identity among those open in this process), or a file this
    process lost track of earlier (a new connection would share the old, deleted journal)."""
    path = Path(path)
    for suffix in JOURNALS:
        if path.name.endswith(".labdesk" + suffix):
            owner = path.with_name(path.name[: -len(suffix)])
            if owner.is_file():
                return (
                    f"{path.name} is part of {owner.name}, not a workshop file. "
                    f"Open {owner.name} instead."
                )
    found = identity(path)
    if found is None:
        return ""
    with _guard:
        for held in _held.values():
            if held.known.get("") == found and held.lost:
                return held.lost
            for suffix in JOURNALS:
                if held.known.get(suffix) == found:
                    return (
                        f"{path.name} is part of {held.path.name}, not a workshop file. "
                        f"Open {held.path.name} instead."
                    )
    return ""


def open_part(candidate: Path) -> Path | None:
    """The workshop file, open in this process, that candidate is (or is a part of, or a link
    to); None if it is none of them. Call it before opening any file a person chose."""
    candidate = Path(candidate)
    with _guard:
        paths = [held.path for held in _held.values()]
    for path in paths:
        if is_part_of(candidate, path):
            return path
    return None


def abandon(connection: object) -> None:
    """Keep a connection to a file that lost a part open until the process ends, never closing
    it: closing the last one would make SQLite copy its deleted journal over the file, which
    others may have changed since. (An extra reference, so that not even the interpreter's
    shutdown frees it.)"""
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(connection))
    _abandoned.append(connection)
