"""`labdesk serve`: prints its URL, holds the file like the app, stops cleanly, loses nothing."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from labdesk.store import open_workshop
from labdesk.store.demo import create_demo
from tests.webphone import Phone, path_of

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


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly_on_sigterm_and_ctrl_c(running, sig: signal.Signals) -> None:
    proc, _url = running
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err


def test_a_second_holder_is_refused_within_two_seconds(running, demo_path: Path) -> None:
    started = time.monotonic()
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
    assert time.monotonic() - started < 5  # including the interpreter's own start


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


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [25, 150])
def test_sigkill_during_a_burst_loses_no_acknowledged_post(
    demo_path: Path, kill_after: int
) -> None:
    proc = serve(demo_path, "--port", "0")
    url = wait_for_url(proc)
    origin = url.rsplit("/", 2)[0]
    acknowledged: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    def one_phone(n: int) -> None:
        phone = Phone(origin, f"127.0.{3 + n // 250}.{1 + n % 250}", timeout=5)
        try:
            page = path_of(url) + "card"
            phone.get(page)
            text = f"burst card {n}"
            r = phone.post(page, {"action": text, "name": f"Phone {n}"})
            if r.status_code == 303:
                with lock:
                    acknowledged.append(text)
                    if len(acknowledged) >= kill_after:
                        enough.set()
        except httpx.HTTPError:
            pass  # the server died mid-request: not acknowledged, so nothing is owed
        finally:
            phone.close()

    with ThreadPoolExecutor(max_workers=40) as pool:
        for n in range(400):
            pool.submit(one_phone, n)
        enough.wait(30)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        pool.shutdown(wait=True, cancel_futures=True)
    assert len(acknowledged) >= kill_after
    with open_workshop(demo_path) as doc:  # the lock died with the process
        stored = {r[0] for r in doc.con.execute("SELECT action FROM commitments")}
        assert doc.integrity(full=True) == "ok"
        doc.close(take_backup=False)
    missing = [t for t in acknowledged if t not in stored]
    assert missing == []
