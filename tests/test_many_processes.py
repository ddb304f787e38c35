"""One file, many processes: every batch command beside a holder (`labdesk serve`, or the app with
its phone server), during phone posts and desk check-ins, then a SIGKILL, then a clean stop.

Each trial, for each holder, on a fresh demo workshop:
- the holder starts; phones post feedback and commitment cards without pause, a check-in desk
  checks people in (the app's own desk; beside `labdesk serve`, a second desk running
  `labdesk check-in` again and again), and batch commands run one after another;
- after each command, a fresh process must see every row acknowledged so far (a 303 to a phone,
  a green check-in, `check-in` or `import` saying so);
- SIGKILL lands at a random moment (during a random command): every acknowledged row is in the
  file and `integrity_check` is ok;
- the holder starts again on the file, more posts, check-ins and commands, then stops cleanly
  (SIGTERM; the app's window closed): the file and the backup taken on closing pass
  `integrity_check` and hold every acknowledged row;
- all along, no process (holder, batch command, desk) holds a deleted -wal or -shm (its
  /proc/PID/fd, read at every command's end, every desk check-in and every 10th post).

Trials are seeded: LABDESK_TRIAL_SEED=N reruns the same choices (which commands, in which order,
when the kill lands); a failure names the seed, the holder and the trial.
"""

from __future__ import annotations

import asyncio
import csv
import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from labdesk.core.feedback import takes_feedback
from labdesk.core.model import Attendee
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store.checkins import Scanner
from labdesk.store.demo import create_demo
from tests.many_processes import (
    Acknowledged,
    Holder,
    Phones,
    backups_of,
    checked_in_by,
    deleted_parts,
    probe,
    run_labdesk,
    stop_leftovers,
)
from tests.webphone import RawPhone


@pytest.fixture(autouse=True)
def _no_holder_left_behind() -> Iterator[None]:
    yield
    stop_leftovers()


TRIALS = 20
SEED = int(os.environ.get("LABDESK_TRIAL_SEED", "9"))
PHONES_AT_ONCE = 2
COMMANDS = (
    "info",
    "export",
    "badges",
    "postcards",
    "report",
    "groups",
    "check-in",
    "import",
    "import --dry-run",
)
COMMANDS_PER_TRIAL = 2  # from a seeded shuffle: every command runs in 4 or 5 of the 20 trials
EXTRA_PEOPLE = 30  # registered but not yet in, for the desks and `check-in` (demo: 16)
DESK_EVERY = 10  # the desk checks someone in every this many acknowledged posts


@dataclass
class Day:
    """A fresh workshop file, and what the processes need to know about it."""

    path: Path
    items: list[int]
    codes: list[tuple[str, int]]  # badge codes of people not yet checked in


def fresh_day(folder: Path, name: str) -> Day:
    doc = create_demo(folder / f"{name}.labdesk", lock=False)
    store_attendees.add_many(doc, [Attendee(name=f"Extra Person {n}") for n in range(EXTRA_PEOPLE)])
    items = [i.id for i in store_agenda.load(doc) if takes_feedback(i) and i.id is not None]
    arrived = store_checkins.checked_in_at(doc)
    scanner = Scanner(doc)
    codes = [
        (scanner.badge_code(a.id), a.id)
        for a in store_attendees.load_all(doc)
        if a.id is not None and a.id not in arrived and a.status == "attending"
    ]
    doc.close(take_backup=False)
    return Day(doc.path, items, codes)


@dataclass
class Figures:
    """What the trials measured, for one holder (quoted in docs/reliability.md)."""

    holder: str
    acknowledged: int = 0
    posts: int = 0
    check_ins: int = 0
    imported: int = 0
    fd_reads: int = 0  # /proc/PID/fd listings read
    visibility_checks: int = 0
    visible_at_once: int = 0  # acknowledged rows a fresh process saw, summed over the checks
    before_kill: int = 0
    kept_after_kill: int = 0
    integrity_after_kill: int = 0
    integrity_after_stop: int = 0
    backups_whole: int = 0
    commands: dict[str, int] = field(default_factory=dict)
    deleted_seen: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.holder}: {self.acknowledged} rows acknowledged ({self.posts} posts, "
            f"{self.check_ins} check-ins, {self.imported} imported); {self.visibility_checks} "
            f"checks after a batch command, {self.visible_at_once} acknowledged rows seen at "
            f"once by a fresh process, none missing; {self.kept_after_kill} of "
            f"{self.before_kill} acknowledged before the SIGKILL kept; integrity_check ok "
            f"{self.integrity_after_kill}/{TRIALS} after the kill, {self.integrity_after_stop}"
            f"/{TRIALS} after the clean stop, {self.backups_whole}/{TRIALS} backups taken on "
            f"closing whole; commands run: {self.commands}; {self.fd_reads} reads of "
            f"/proc/PID/fd, deleted -wal/-shm held: {len(self.deleted_seen)}"
        )


class Trial:
    """One holder's trial of processes; `context` names it (seed, holder, trial) in failures."""

    def __init__(self, kind: str, number: int, day: Day, out: Path, context: str) -> None:
        self.kind = kind
        self.number = number
        self.day = day
        self.out = out
        self.context = context
        self.busy: list[asyncio.Task[None]] = []  # the phones and the desk of the phase
        self.acked = Acknowledged()
        self.watched: set[int] = set()
        self.deleted: list[str] = []
        self.codes = list(day.codes)
        self.runs = 0
        self.fd_reads = 0
        self._posts = 0
        self._someone_arrives = asyncio.Event()
        self.over = False  # the phase's commands are done: phones and desk stop

    def sample(self) -> None:
        """Read /proc/PID/fd of every process working on the file now."""
        for pid in list(self.watched):
            self.deleted += [f"pid {pid}: {t}" for t in deleted_parts(pid)]
            self.fd_reads += 1

    def _on_post(self) -> None:
        self._posts += 1
        if self._posts % 10 == 0:
            self.sample()
        if self._posts % DESK_EVERY == 0:
            self._someone_arrives.set()

    def take_codes(self, n: int) -> list[tuple[str, int]]:
        taken, self.codes = self.codes[:n], self.codes[n:]
        return taken

    async def desk(self, holder: Holder) -> None:
        """Check people in until the holder goes: the app's own desk, or beside `labdesk serve`
        a second desk running `labdesk check-in`, one badge a run."""
        while holder.alive and not self.over:
            if self.kind == "app":  # paced by the phones: the app's desk is quick
                await self._someone_arrives.wait()
                self._someone_arrives.clear()
                if self.over or not holder.alive:
                    return
            taken = self.take_codes(1)
            if not taken:
                return
            code, attendee = taken[0]
            if self.kind == "app":
                try:
                    if await holder.scan(code) == "CHECKED_IN":
                        self.acked.checked_in.add(attendee)
                except (ConnectionError, OSError):
                    return  # the app was killed: nothing owed for this scan
            else:
                status, out, err = await run_labdesk(
                    "check-in", str(self.day.path), code, watched=self.watched
                )
                assert status == 0 and "Traceback" not in err, f"{self.context}: desk: {err}"
                self.acked.checked_in |= checked_in_by(out, {code: attendee})
            self.sample()

    async def command(self, name: str, holder: Holder, figures: Figures) -> None:
        """Run one batch command beside the holder, check what it did, then check that a fresh
        process sees every row acknowledged so far."""
        self.runs += 1
        n, path, out = self.runs, str(self.day.path), self.out
        codes: dict[str, int] = {}
        names: list[str] = []
        if name == "info":
            args = ["info", path]
        elif name == "export":
            args = ["export", path, "-o", str(out / f"people-{n}.csv")]
        elif name == "badges":
            args = ["badges", path, "-o", str(out / f"badges-{n}.pdf")]
        elif name == "postcards":
            args = ["postcards", path, "-o", str(out / f"cards-{n}.pdf")]
        elif name == "report":
            args = ["report", path, "-o", str(out / f"report-{n}.pdf")]
        elif name == "groups":
            args = ["groups", path, "--size", "3", "--rounds", "2", "-o", str(out / f"g-{n}.csv")]
        elif name == "check-in":
            # Once everyone is in, a badge scanned again: "already in", nothing new.
            codes = dict(self.take_codes(3) or self.day.codes[:1])
            args = ["check-in", path, *codes]
        else:
            source = out / f"to-import-{n}.csv"
            names = [f"Imported Person {self.number} {n} {k}" for k in range(2)]
            with source.open("w", newline="", encoding="utf-8") as fh:
                rows = [[who, f"imported{n}-{k}@example.org"] for k, who in enumerate(names)]
                csv.writer(fh).writerows([["name", "email"], *rows])
            args = ["import", path, str(source), *name.split()[1:]]
        status, stdout, err = await run_labdesk(*args, watched=self.watched)
        figures.commands[name] = figures.commands.get(name, 0) + 1
        where = f"{self.context}: `labdesk {name}`"
        assert "Traceback" not in err, f"{where} crashed: {err}"
        if name == "import":
            # The holder has the file's lock, so import is refused in one line (unless the kill
            # came first: then it imports).
            if status == 0:
                self.acked.names |= set(names)
            else:
                assert status == 2 and "already open in another labdesk" in err, f"{where}: {err}"
                assert len(err.strip().splitlines()) == 1, f"{where}: {err}"
        else:
            assert status == 0, f"{where} failed ({status}): {err}"
        if name == "check-in":
            self.acked.checked_in |= checked_in_by(stdout, codes)
        if name == "info":
            assert "integrity: ok" in stdout, f"{where}: {stdout}"
        self.sample()
        if holder.alive:
            before = self.acked.copy()
            seen = await probe(self.day.path)
            missing = before.missing_from(seen)
            assert not missing, (
                f"{where}: a fresh process does not see {len(missing)} of {before.count()} "
                f"acknowledged rows, e.g. {missing[:3]}"
            )
            figures.visibility_checks += 1
            figures.visible_at_once += before.count()

    async def beside(
        self,
        holder: Holder,
        commands: list[str],
        figures: Figures,
        label: str,
        kill: tuple[int, float] | None = None,
    ) -> None:
        """Phones and the desk busy while the commands run one after another; with kill
        (command index, delay), SIGKILL lands that long after that command starts."""
        phones = Phones(holder.url, self.day.items, f"{self.context} {label}", self.acked)
        phones.alive = lambda: holder.alive
        phones.on_ack = self._on_post
        self.watched.add(holder.pid)
        self.over = False
        busy = [
            asyncio.create_task(phones.run(PHONES_AT_ONCE, first=10_000 * (label == "again"))),
            asyncio.create_task(self.desk(holder)),
        ]
        loop = asyncio.get_running_loop()
        try:
            for index, name in enumerate(commands):
                if kill is not None and index == kill[0]:
                    loop.call_later(kill[1], holder.kill)
                if not holder.alive:
                    break
                await self.command(name, holder, figures)
            if kill is not None:
                holder.kill()  # at the latest after the last command
                await holder.finish()
        finally:
            phones.stopping = self.over = True
            self._someone_arrives.set()
            if kill is None:
                self.watched.discard(holder.pid)
            self.busy = busy
        if kill is not None:
            await asyncio.gather(*busy)
            self.watched.discard(holder.pid)

    async def settle(self) -> None:
        await asyncio.gather(*self.busy)


async def one_trial(
    kind: str,
    number: int,
    day: Day,
    out: Path,
    data_dir: Path,
    rng: random.Random,
    context: str,
    commands: list[str],
    figures: Figures,
) -> None:
    trial = Trial(kind, number, day, out, context)
    # GIVEN the holder, busy, with batch commands beside it; WHEN it is killed at a random moment
    holder = Holder(kind, day.path)
    await holder.start()
    kill = (rng.randrange(len(commands)), rng.uniform(0.0, 0.6))
    await trial.beside(holder, commands, figures, "first", kill)
    # THEN every acknowledged row is in the file, and the file is whole
    acked = trial.acked.copy()
    seen = await probe(day.path, integrity=True)
    missing = acked.missing_from(seen)
    assert not missing, (
        f"{context}: {len(missing)} acknowledged rows lost at the kill: {missing[:3]}"
    )
    assert seen.integrity == "ok", f"{context}: after the kill: {seen.integrity}"
    figures.before_kill += acked.count()
    figures.kept_after_kill += acked.count() - len(missing)
    figures.integrity_after_kill += 1
    # WHEN it starts again on the file (the stale lock recovered), works, and stops cleanly
    holder = Holder(kind, day.path)
    await holder.start()
    # (beside it a batch check-in, the very mix that left files malformed after a clean stop)
    await trial.beside(holder, ["check-in"], figures, "again")
    at_stop = trial.acked.copy()
    status = await holder.stop_cleanly()
    await trial.settle()
    assert status == 0, f"{context}: the clean stop ended {status}: {holder.stderr[-3:]}"
    # THEN the file and the backup taken on closing are whole and hold every acknowledged row
    acked = trial.acked.copy()
    seen = await probe(day.path, integrity=True)
    assert seen.integrity == "ok", f"{context}: after the clean stop: {seen.integrity}"
    assert not acked.missing_from(seen), f"{context}: lost at the clean stop"
    figures.integrity_after_stop += 1
    taken = backups_of(data_dir, day.path)
    assert taken, f"{context}: no backup was taken on closing"
    copy = await probe(taken[0], integrity=True)
    assert copy.integrity == "ok", f"{context}: the backup taken on closing: {copy.integrity}"
    # Everything acknowledged before the stop, and every post the server answered while
    # stopping (it finishes those first); a `check-in` run still going may come after it.
    at_stop.posts = acked.posts
    missing = at_stop.missing_from(copy)
    assert not missing, f"{context}: the backup taken on closing lacks {missing[:3]}"
    figures.backups_whole += 1
    # AND no process held a deleted -wal or -shm at any moment we looked
    figures.deleted_seen += trial.deleted
    assert not trial.deleted, f"{context}: {trial.deleted[:3]}"
    assert not holder.lost, f"{context}: the guard fired: {holder.lost}"
    figures.acknowledged += acked.count()
    figures.posts += len(acked.posts)
    figures.check_ins += len(acked.checked_in)
    figures.imported += len(acked.names)
    figures.fd_reads += trial.fd_reads


def trial_plan(rng: random.Random) -> list[list[str]]:
    """Which commands each trial runs before the kill: a seeded shuffle of them all, again and
    again, so every command runs in 4 or 5 of the 20 trials, in a different company each time."""
    order: list[str] = []
    while len(order) < TRIALS * COMMANDS_PER_TRIAL:
        batch = list(COMMANDS)
        rng.shuffle(batch)
        order += batch
    return [order[t * COMMANDS_PER_TRIAL : (t + 1) * COMMANDS_PER_TRIAL] for t in range(TRIALS)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["serve", "app"])
def test_batch_commands_beside_a_holder_lose_nothing_20_trials(
    kind: str, tmp_path: Path, _isolated_data_dir: Path
) -> None:
    figures = Figures(kind)
    rng = random.Random(f"{SEED} {kind}")
    plan = trial_plan(rng)
    for number, commands in enumerate(plan):
        context = f"seed {SEED}, {kind}, trial {number} ({', '.join(commands)})"
        out = tmp_path / f"out-{number}"
        out.mkdir()
        day = fresh_day(tmp_path, f"day{number}")
        asyncio.run(
            one_trial(kind, number, day, out, _isolated_data_dir, rng, context, commands, figures)
        )
    print(figures.line())
    assert figures.kept_after_kill == figures.before_kill
    assert set(figures.commands) == set(COMMANDS)
    assert figures.visibility_checks >= TRIALS  # most commands ran while the holder was up
    assert figures.acknowledged > TRIALS * 20  # the phones and desks were really busy


async def _lost_journal(kind: str, day: Day) -> None:
    holder = Holder(kind, day.path)
    await holder.start()
    acked = Acknowledged()
    phones = Phones(holder.url, day.items, f"guard {kind}", acked)
    await phones._one(1)
    assert len(acked.posts) == 1
    # WHEN another program copies the journal into the file and deletes it, as a batch command
    # that believed itself the last connection used to do
    con = sqlite3.connect(day.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for part in ("-wal", "-shm"):
        os.unlink(day.path.with_name(day.path.name + part))
    # THEN the holder says so, once, plainly: the app in its window, `serve` in one stderr line
    async with asyncio.timeout(20):
        await holder.lost_said.wait()
    report = holder.lost[0]
    assert "day.labdesk-wal" in report and "stopped saving" in report and "open" in report
    # AND phones are refused with the readable page, never thanked
    phone = RawPhone(phones.host, phones.port, "127.0.0.9")
    await phone.get(f"{phones.base}card")
    status, _, body = await phone.request(
        phone.post_bytes(f"{phones.base}card", {"action": "After the loss", "name": "Ann"})
    )
    phone.close()
    assert status == 503 and b"NOT saved" in body
    # AND the app's desk does not show a check-in green
    (code, attendee), (later, later_attendee) = day.codes[:2]
    if kind == "app":
        assert await holder.scan(code) != "CHECKED_IN"
    # AND a batch command beside it still works on the file as it now is
    status_, out, err = await run_labdesk("check-in", str(day.path), later)
    assert status_ == 0 and checked_in_by(out, {later: later_attendee}), err
    # WHEN the holder is stopped cleanly
    status = await holder.stop_cleanly()
    # THEN it copied nothing of its deleted journal over the file, nor removed the new one:
    # the file is whole and holds what was acknowledged, before the loss and beside it
    seen = await probe(day.path, integrity=True)
    assert seen.integrity == "ok"
    assert acked.posts <= seen.posts and later_attendee in seen.checked_in
    assert "After the loss" not in seen.posts and attendee not in seen.checked_in
    assert not any("Traceback" in line for line in holder.stderr), holder.stderr
    if kind == "serve":
        assert status == 1
        assert len([line for line in holder.stderr if "phones are refused" in line]) == 1


@pytest.mark.parametrize("kind", ["serve", "app"])
def test_a_journal_deleted_under_a_holder_is_reported_and_never_written_to(
    kind: str, tmp_path: Path
) -> None:
    """GIVEN a holder that has thanked a phone, WHEN another program deletes its -wal and -shm,
    THEN it says so within seconds, refuses phones (503) and the desk, writes nothing more, and
    its clean stop leaves the file whole with everything acknowledged in it."""
    asyncio.run(_lost_journal(kind, fresh_day(tmp_path, "day")))


LONG_WRITE = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE workshop SET venue = 'Held by a long write'")
print("writing", flush=True)
sys.stdin.readline()
con.execute("COMMIT")
con.close()
"""


async def _beside_a_long_write(day: Day) -> None:
    holder = Holder("serve", day.path)
    await holder.start()
    acked = Acknowledged()
    phones = Phones(holder.url, day.items, "long write", acked)
    await phones._one(1)
    writer = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LONG_WRITE,
        str(day.path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert writer.stdout is not None and writer.stdin is not None
    assert (await writer.stdout.readline()).strip() == b"writing"
    # WHEN a batch command needs to write while another program holds the write lock
    (code, attendee), *_ = day.codes
    started = time.monotonic()
    status, out, err = await run_labdesk("check-in", str(day.path), code)
    waited = time.monotonic() - started
    # THEN it gives up after the busy timeout, in one line, with a non-zero status
    assert status != 0 and "Traceback" not in err
    assert err.strip() == "labdesk: day.labdesk is busy in another program. Try again in a moment."
    assert waited < 20
    # AND a command that only reads is not held up
    status, out, err = await run_labdesk("info", str(day.path))
    assert status == 0 and "integrity: ok" in out, err
    # WHEN the long write ends, THEN the holder goes on as before: nothing lost, nothing damaged
    writer.stdin.write(b"done\n")
    await writer.stdin.drain()
    assert await writer.wait() == 0
    await phones._one(3)
    assert len(acked.posts) == 2
    status, out, err = await run_labdesk("check-in", str(day.path), code)
    assert status == 0 and checked_in_by(out, {code: attendee}), err
    assert deleted_parts(holder.pid) == []
    assert await holder.stop_cleanly() == 0
    seen = await probe(day.path, integrity=True)
    assert seen.integrity == "ok" and acked.posts <= seen.posts and attendee in seen.checked_in


@pytest.mark.slow
def test_a_batch_command_that_cannot_get_the_file_in_time_says_so_and_harms_nothing(
    tmp_path: Path,
) -> None:
    """GIVEN `labdesk serve` and another program in a long write, WHEN `labdesk check-in` runs,
    THEN it stops after the busy timeout with one line and a non-zero status, `info` still
    reads, and once the write ends the holder has lost and damaged nothing."""
    asyncio.run(_beside_a_long_write(fresh_day(tmp_path, "day")))
