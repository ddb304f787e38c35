"""`labdesk serve`: prints its URL, holds the file like the app, stops cleanly, loses nothing."""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from labdesk.store import open_workshop
from labdesk.store.demo import create_demo
from tests.webphone import Phone, RawPhone, path_of, phone_form

ROOT = Path(__file__).resolve().parent.parent


def serve(path: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "labdesk", "serve", str(path), "--host", "127.0.0.1", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("URL: "):
            return line[5:].strip()
    proc.kill()
    raise AssertionError(f"no URL printed; stderr: {proc.stderr.read() if proc.stderr else ''}")


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    doc = create_demo(tmp_path / "day.labdesk", lock=False)
    doc.close(take_backup=False)
    return doc.path


@pytest.fixture
def running(demo_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc = serve(demo_path, "--port", "0")
    url = wait_for_url(proc)
    yield proc, url
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


def test_serve_prints_its_url_and_serves_the_pages(running) -> None:
    _proc, url = running
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{20,}/", url)
    r = httpx.get(url)
    assert r.status_code == 200 and "Your feedback" in r.text


def test_serve_listens_on_this_laptop_only_unless_asked(demo_path: Path) -> None:
    """Without --host the server is on 127.0.0.1 alone: another address of this machine (here
    127.0.0.2, which any all-interfaces socket would answer) gets no connection."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "labdesk", "serve", str(demo_path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = wait_for_url(proc)
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url).status_code == 200
        with pytest.raises(httpx.ConnectError):
            httpx.get(url.replace("127.0.0.1", "127.0.0.2"))
    finally:
        proc.kill()
        proc.wait(10)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly_on_sigterm_and_ctrl_c(running, sig: signal.Signals) -> None:
    proc, _url = running
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err


def _snapshot(path: Path) -> dict[str, tuple[bytes, int]]:
    """The bytes and modification times of the file, its WAL and its lock (not -shm: readers
    may touch that shared memory without changing any data)."""
    found = {}
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + ".lock")):
        if part.exists():
            found[part.name] = (part.read_bytes(), part.stat().st_mtime_ns)
    return found


def test_a_second_holder_is_refused_in_one_line_and_writes_nothing(
    running, demo_path: Path
) -> None:
    before = _snapshot(demo_path)
    second = subprocess.run(
        [sys.executable, "-m", "labdesk", "serve", str(demo_path), "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert second.returncode == 2
    assert "already open in another labdesk (labdesk serve" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert _snapshot(demo_path) == before  # it wrote nothing, not even its name in the lock


def test_serve_refuses_a_file_the_app_holds(workshop_file) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "labdesk", "serve", str(workshop_file.path), "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2 and "already open" in result.stderr


def test_bad_port_is_one_line(demo_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "labdesk", "serve", str(demo_path), "--port", "70000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "labdesk: --port must be between 0 and 65535, not 70000"


TRIALS = 20
PHONES = 500  # submissions in each trial's burst
SPREAD_S = 0.5  # the phones start over this long, so a trial is short but the burst is real


async def _burst(
    proc: subprocess.Popen[str], url: str, items: list[int], label: str, kill_at: float | None
) -> tuple[list[str], int]:
    """500 phones post at once (half feedback, half cards); with kill_at, SIGKILL lands that many
    seconds into the burst (or just after the first answer if none came by then). Returns the
    texts the server acknowledged (303) and how many posts were on their way (sent, not yet
    answered) at the kill."""
    origin = url.rsplit("/", 2)[0]
    host, port = origin.removeprefix("http://").split(":")
    base = path_of(url)
    acknowledged: list[str] = []
    sent = 0
    in_flight = [0]

    def kill() -> None:
        if not acknowledged and sent < PHONES:
            # A loaded machine answers late: the kill waits for the first "thank you", so that
            # every trial has acknowledged posts to lose (the event loop's clock, no sleep).
            asyncio.get_running_loop().call_later(0.02, kill)
            return
        in_flight[0] = sent - len(acknowledged)
        os.kill(proc.pid, signal.SIGKILL)

    if kill_at is not None:
        asyncio.get_running_loop().call_later(kill_at, kill)

    async def one_phone(n: int) -> None:
        nonlocal sent
        await asyncio.sleep(SPREAD_S * n / PHONES)
        phone = RawPhone(host, int(port), f"127.0.{10 + n // 250}.{1 + n % 250}")
        text = f"{label} phone {n}"
        page, form = phone_form(base, items, n, text)
        try:
            if await phone.get(page) != 200:
                return
            request = phone.post_bytes(page, form)
            sent += 1
            if (await phone.request(request))[0] == 303:
                acknowledged.append(text)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass  # the server died mid-request: nothing was acknowledged, so nothing is owed
        finally:
            phone.close()

    await asyncio.gather(*(one_phone(n) for n in range(PHONES)))
    return acknowledged, in_flight[0]


def _stored(path: Path) -> tuple[set[str], str]:
    with open_workshop(path) as doc:  # also: a killed server's lock is recovered
        stored = {r[0] for r in doc.con.execute("SELECT action FROM commitments")}
        stored |= {r[0] for r in doc.con.execute("SELECT worked FROM feedback")}
        integrity = doc.integrity(full=True)
        doc.close(take_backup=False)
    return stored, integrity


@pytest.mark.slow
def test_sigkill_during_500_concurrent_posts_loses_nothing_20_trials(demo_path: Path) -> None:
    """GIVEN `labdesk serve` taking a burst of 500 phones, WHEN it is killed with SIGKILL at a
    random moment in the burst, THEN every post it answered is in the file, the file passes
    integrity_check and its lock is free: 20 trials out of 20."""
    from labdesk.core.feedback import takes_feedback
    from labdesk.store import agenda as store_agenda

    with open_workshop(demo_path, lock=False) as doc:
        items = [i.id for i in store_agenda.load(doc) if takes_feedback(i) and i.id is not None]
        doc.close(take_backup=False)
    # Left alone, the server answers every one of the 500.
    proc = serve(demo_path, "--port", "0")
    acknowledged, _ = asyncio.run(_burst(proc, wait_for_url(proc), items, "whole", None))
    proc.kill()
    proc.wait(10)
    assert len(acknowledged) == PHONES
    rng = random.Random(20)
    counts, in_flight, integrity_ok = [], [], 0
    for trial in range(TRIALS):
        proc = serve(demo_path, "--port", "0")
        url = wait_for_url(proc)
        # While phones are still arriving: the kill always lands inside the burst.
        kill_at = rng.uniform(0.01, 0.95 * SPREAD_S)
        acknowledged, posting = asyncio.run(_burst(proc, url, items, f"trial {trial}", kill_at))
        assert proc.wait(10) == -signal.SIGKILL
        stored, integrity = _stored(demo_path)
        integrity_ok += integrity == "ok"
        lost = [t for t in acknowledged if t not in stored]
        assert lost == [], f"trial {trial}: {len(lost)} acknowledged posts lost"
        counts.append(len(acknowledged))
        in_flight.append(posting)
    assert integrity_ok == TRIALS
    # The kills came mid-write, not in a lull: posts were on their way (sent, not answered)
    # at the kill in most trials. How many at once depends on how quickly the machine answers
    # (a quick one keeps few in flight), so the count of trials is asked, not a total.
    mid_write = sum(n > 0 for n in in_flight)
    assert sum(counts) > 0 and mid_write >= TRIALS * 3 // 4, f"in flight at the kills: {in_flight}"


def test_batch_commands_work_beside_the_holder(running, demo_path: Path, tmp_path: Path) -> None:
    """GIVEN `labdesk serve` holding the file, WHEN info, export, badges, postcards, report and
    check-in run (all at once, as separate processes), THEN each does its job, and the server
    still takes a post afterwards."""
    _proc, url = running
    with open_workshop(demo_path, lock=False) as doc:
        from labdesk.store import checkins
        from labdesk.store.checkins import Scanner

        arrived = checkins.checked_in_at(doc)
        waiting = next(
            r[0] for r in doc.con.execute("SELECT id FROM attendees") if r[0] not in arrived
        )
        code = Scanner(doc).badge_code(waiting)
        doc.close(take_backup=False)
    commands = {
        "info": ["info", str(demo_path)],
        "export": ["export", str(demo_path), "-o", str(tmp_path / "people.csv")],
        "badges": ["badges", str(demo_path), "-o", str(tmp_path / "badges.pdf")],
        "postcards": ["postcards", str(demo_path), "--all", "-o", str(tmp_path / "cards.pdf")],
        "report": ["report", str(demo_path), "-o", str(tmp_path / "report.pdf")],
        "check-in": ["check-in", str(demo_path), code],
    }
    running_now = {
        name: subprocess.Popen(
            [sys.executable, "-m", "labdesk", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, args in commands.items()
    }
    results = {name: (p.communicate(timeout=60), p.returncode) for name, p in running_now.items()}
    for name, ((_out, err), status) in results.items():
        assert status == 0, (name, err)
    assert "title: " in results["info"][0][0]
    assert ": checked in: " in results["check-in"][0][0]
    for made in ("people.csv", "badges.pdf", "cards.pdf", "report.pdf"):
        assert (tmp_path / made).stat().st_size > 1000, made
    phone = Phone(url.rsplit("/", 2)[0])
    page = path_of(url) + "card"
    phone.get(page)
    assert phone.post(page, {"action": "Beside the batch", "name": "Ann"}).status_code == 303


def test_serve_prints_the_room_view_and_each_screen_with_its_pin(demo_path: Path) -> None:
    """`labdesk serve` prints, beside the attendee URL, the room view's address and the door
    desk's and the remote's, each with the PIN kept in the file, and the PINs open them."""
    from labdesk.store import screen_pins

    proc = serve(demo_path, "--port", "0")
    try:
        url = wait_for_url(proc)
        assert proc.stdout is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("Press Ctrl+C"):
            lines.append(proc.stdout.readline().strip())
        room = next(line for line in lines if line.startswith("Room view: "))
        desk = next(line for line in lines if line.startswith("Door desk 1: "))
        remote = next(line for line in lines if line.startswith("Remote: "))
        assert room == f"Room view: {url}room"
        doc = open_workshop(demo_path, lock=False)
        try:
            pins = {p.name: p.pin for p in screen_pins.live_pins(doc)}
        finally:
            doc.close(take_backup=False)
        assert desk == f"Door desk 1: {url}desk  PIN {pins['Door desk 1']}"
        assert remote == f"Remote: {url}remote  PIN {pins['Remote']}"
        assert httpx.get(f"{url}room").status_code == 200
        device = Phone(url.rsplit("/", 2)[0], "127.0.2.9")
        device.get(path_of(f"{url}remote"))
        opened = device.post(path_of(f"{url}remote/pin"), {"pin": pins["Remote"]})
        assert opened.status_code == 303
        pressed = device.client.post(
            path_of(f"{url}remote/press"),
            data={"csrf": device.csrf, "action": "start-pause"},
            headers={"Accept": "application/json"},
        )
        assert pressed.json()["ok"] and pressed.json()["view"]["running"]
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_help_says_what_it_prints() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "labdesk", "serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for words in ("Room view", "Door desk N", "Remote", "PIN"):
        assert words in out
