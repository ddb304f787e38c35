"""One interactive holder per workshop file: an OS lock on a sidecar file, freed by a crash."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class AlreadyOpen(Exception):
    """Another labdesk (the app or `labdesk serve`) holds this workshop file."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"{path.name} is already open in another labdesk ({holder}). "
            "Close it there first, or open a copy."
        )


def _host_name() -> str:
    """This computer's name, for the refusal message (os.uname avoids importing socket)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "this computer")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class InstanceLock:
    """An advisory lock the operating system drops when the holder exits, however it exits.

    The sidecar file stays behind after a crash; that is harmless, because the lock lives in the
    kernel, not in the file's existence. The file records who holds it, for the refusal message.
    """

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._handle: IO[str] | None = None

    def acquire(self, purpose: str = "app") -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        if not _try_lock(handle):
            try:
                info = json.loads(handle.read() or "{}")
                holder = f"{info.get('purpose', 'app')}, process {info.get('pid', '?')}"
                holder += f" on {info.get('host', '?')}"
            except (ValueError, OSError):
                holder = "unknown process"
            handle.close()
            raise AlreadyOpen(self.path.with_name(self.path.name[: -len(".lock")]), holder)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "host": _host_name(), "purpose": purpose}))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            self._handle.seek(0)
            self._handle.truncate()
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None
        # The sidecar is left in place on purpose: unlinking it would race with another process
        # that has opened it and is about to lock it.

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def held(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold an OS lock on the sidecar file `path` (not a database: closing it drops no
    SQLite lock) for the block, waiting up to timeout seconds for another process or thread
    to let go. TimeoutError if it never does."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+", encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path} stayed locked for {timeout:.0f} s")
            time.sleep(0.05)  # another labdesk is rewriting or taking a backup: a moment
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()
