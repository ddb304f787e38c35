"""Real processes around one workshop file, for tests/test_many_processes.py: a holder (`labdesk
serve`, or the app through tests/app_holder.py), phones posting to it, a check-in desk, batch
commands, and a fresh process that reads what the file holds."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tests.webphone import RawPhone, path_of, phone_form

ROOT = Path(__file__).resolve().parent.parent

# A fresh process that reads the file through SQLite alone (no labdesk: it starts in ~30 ms).
PROBE = r"""
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=20)
found = {
    "posts": [r[0] for r in con.execute("SELECT worked FROM feedback")]
    + [r[0] for r in con.execute("SELECT action FROM commitments")],
    "checked_in": [r[0] for r in con.execute("SELECT attendee_id FROM check_ins")],
    "names": [r[0] for r in con.execute("SELECT name FROM attendees")],
}
if sys.argv[2:] == ["--integrity"]:
    found["integrity"] = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
con.close()
print(json.dumps(found))
"""


@dataclass
class Seen:
    """What a fresh process found in a file."""

    posts: set[str]
    checked_in: set[int]
    names: set[str]
    integrity: str = ""


async def probe(path: Path, *, integrity: bool = False) -> Seen:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        PROBE,
        str(path),
        *(["--integrity"] if integrity else []),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, f"the fresh process could not read {path.name}: {err.decode()}"
    found = json.loads(out)
    return Seen(
        set(found["posts"]),
        set(found["checked_in"]),
        set(found["names"]),
        found.get("integrity", ""),
    )


def deleted_parts(pid: int, path: Path | None = None) -> list[str]:
    """The descriptors of process pid that lead to a deleted workshop file, -wal or -shm (of
    path alone, if given)."""
    found = []
    with contextlib.suppress(FileNotFoundError, ProcessLookupError, PermissionError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if path is not None and not target.startswith(str(path)):
                    continue
                if target.endswith(" (deleted)") and ".labdesk" in target:
                    found.append(target)
    return found


@dataclass
class Acknowledged:
    """Everything some process told a person was saved."""

    posts: set[str] = field(default_factory=set)  # phones answered 303
    checked_in: set[int] = field(default_factory=set)  # desk green, or `check-in` said so
    names: set[str] = field(default_factory=set)  # `labdesk import` said imported

    def copy(self) -> Acknowledged:
        return Acknowledged(set(self.posts), set(self.checked_in), set(self.names))

    def missing_from(self, seen: Seen) -> list[str]:
        return (
            sorted(self.posts - seen.posts)
            + [f"check-in of attendee {a}" for a in sorted(self.checked_in - seen.checked_in)]
            + [f"imported {n}" for n in sorted(self.names - seen.names)]
        )

    def count(self) -> int:
        return len(self.posts) + len(self.checked_in) + len(self.names)


class Holder:
    """`labdesk serve FILE` or the app (tests/app_holder.py) holding FILE, as a real process."""

    started: ClassVar[list[Holder]] = []  # for stop_leftovers() after a failed test

    def __init__(self, kind: str, path: Path) -> None:
        self.kind = kind
        self.path = path
        self.proc: asyncio.subprocess.Process | None = None
        self.url = ""
        self.lines: asyncio.Queue[str] = asyncio.Queue()
        self.lost: list[str] = []  # what the guard said (stdout of the app, stderr of serve)
        self.lost_said = asyncio.Event()
        self.stderr: list[str] = []
        self._readers: list[asyncio.Task[None]] = []

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def start(self) -> None:
        if self.kind == "serve":
            args = ["-m", "labdesk", "serve", str(self.path), "--host", "127.0.0.1", "--port", "0"]
        else:
            args = [str(ROOT / "tests" / "app_holder.py"), str(self.path)]
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        Holder.started.append(self)
        self._readers = [
            asyncio.create_task(self._read_out()),
            asyncio.create_task(self._read_err()),
        ]
        async with asyncio.timeout(60):
            while not self.url:
                line = await self.lines.get()
                if line.startswith("URL: "):
                    self.url = line[5:].strip()
                elif not line or "failed" in line or "not opened" in line:
                    await self.proc.wait()
                    raise AssertionError(f"the {self.kind} did not start: {line} {self.stderr}")

    async def _read_out(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("lost: "):
                self.lost.append(line)
                self.lost_said.set()
            await self.lines.put(line)
        await self.lines.put("")  # the end: nobody waits for ever

    async def _read_err(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if "propagateSizeHints" not in line:
                self.stderr.append(line)
                if "stopped saving" in line or "phones are refused" in line:
                    self.lost.append(line)
                    self.lost_said.set()

    async def scan(self, code: str) -> str:
        """The app's own check-in desk scans code; returns the kind of result it showed."""
        assert self.kind == "app" and self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(f"scan {code}\n".encode())
        await self.proc.stdin.drain()
        while True:
            line = await self.lines.get()
            if not line:
                raise ConnectionError("the app has gone")
            if line.startswith(f"scanned {code} "):
                return line.rsplit(" ", 1)[1]

    def kill(self) -> None:
        if self.alive:
            # Killed already (the trial's timed kill) and reaped by asyncio's watcher thread
            # before it set returncode: gone, as asked.
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    async def stop_cleanly(self) -> int:
        """SIGTERM for `labdesk serve`; for the app, its window closed (File › Close Workshop,
        then quit). Returns the exit status."""
        assert self.proc is not None
        if self.kind == "serve":
            self.proc.send_signal(signal.SIGTERM)
        else:
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"close\n")
            await self.proc.stdin.drain()
        async with asyncio.timeout(60):
            status = await self.proc.wait()
        await self.finish()
        return status

    async def finish(self) -> None:
        assert self.proc is not None
        await self.proc.wait()
        for task in self._readers:
            await task


def stop_leftovers() -> None:
    """Kill (and reap) every holder a test started that is still running: a failed assertion
    must not leave servers and apps behind. Only processes never reaped are signalled, so the
    pid is still theirs."""
    while Holder.started:
        proc = Holder.started.pop().proc
        if proc is None or proc.returncode is not None:
            continue
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(proc.pid, 0)


async def run_labdesk(
    *args: str, watched: set[int] | None = None, timeout: float = 90
) -> tuple[int, str, str]:
    """Run one batch command to its end; (status, stdout, stderr). Its pid is in `watched`
    while it runs (for reading its /proc/PID/fd)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "labdesk",
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    if watched is not None:
        watched.add(proc.pid)
    try:
        async with asyncio.timeout(timeout):
            out, err = await proc.communicate()
    finally:
        if watched is not None:
            watched.discard(proc.pid)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def checked_in_by(output: str, codes: dict[str, int]) -> set[int]:
    """The attendees `labdesk check-in` said it checked in (lines "CODE: checked in: Name")."""
    found = set()
    for line in output.splitlines():
        code, _, rest = line.partition(": ")
        if rest.startswith("checked in") and code in codes:
            found.add(codes[code])
    return found


class Phones:
    """Phones posting feedback and commitment cards, `at_once` at a time, each from its own
    address, until stopped; every 303 is an acknowledged post."""

    def __init__(self, url: str, items: list[int], label: str, acked: Acknowledged) -> None:
        origin = url.rsplit("/", 2)[0]
        host, port = origin.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.base = path_of(url)
        self.items = items
        self.label = label
        self.acked = acked
        self.stopping = False
        self.alive: Callable[[], bool] = lambda: True  # the phones stop when it says no
        self.sent = 0
        self.refused = 0
        self.on_ack: Callable[[], None] = lambda: None

    async def _one(self, n: int) -> None:
        phone = RawPhone(
            self.host, self.port, f"127.{1 + n // 62500}.{n // 250 % 250}.{1 + n % 250}"
        )
        text = f"{self.label} phone {n}"
        page, form = phone_form(self.base, self.items, n, text)
        try:
            if await phone.get(page) != 200:
                self.refused += 1
                return
            self.sent += 1
            status = (await phone.request(phone.post_bytes(page, form)))[0]
            if status == 303:
                self.acked.posts.add(text)
                self.on_ack()
            else:
                self.refused += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.refused += 1  # the holder died mid-request: nothing was acknowledged
        finally:
            phone.close()

    async def run(self, at_once: int, first: int = 0) -> None:
        n = first
        while not self.stopping and self.alive():
            await asyncio.gather(*(self._one(n + i) for i in range(at_once)))
            n += at_once


def backups_of(data_dir: Path, path: Path) -> list[Path]:
    """The rolling backups of path in labdesk's data folder, newest first."""
    folders = [f for f in (data_dir / "backups").glob(f"{path.stem}-*") if f.is_dir()]
    return sorted((b for f in folders for b in f.glob("*.labdesk")), reverse=True)
