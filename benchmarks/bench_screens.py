"""The screens in the room, on loopback: a web door desk's scan with 10,000 attendees while 500
phones post, and 200 room views listening while the timer moves, the projector paints and the
phones post.

The devices run in a child process (asyncio, each from its own loopback address, as on a
hotspot). A desk scan is a real POST of the desk page's script (its CSRF token, its device and
desk cookies, JSON answer) that checks someone in, committed before it is answered; its time is
from sending to the whole answer read, which is what the page waits for before it shows the
result. The room views are real EventSource streams of the room view; the timer is moved by the
stored presenter (as the web remote moves it) twice a second, so every view gets every change.
The projector is labdesk's own canvas painting 1080p frames on the main thread, each frame's
time counted from when it was due (a server thread holding the interpreter shows as lateness).
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_server import _burst, _pct, _session_paths
from benchmarks.common import Figure, at_least, at_most, reference

PEOPLE = 10_000
DESKS = 8
SCANS_PER_DESK = 30
SCAN_GAP_S = 0.15
PHONES = 500
BURST_SECONDS = 5.0
ROOM_VIEWS = 200
FRAME_S = 1 / 60
CSRF = re.compile(rb'name="csrf" value="([^"]+)"')


# -- the devices (run in a child process) ---------------------------------------------------------
class _Conn:
    def __init__(self, host: str, port: int, source: str) -> None:
        self.host, self.port, self.source = host, port, source
        self.cookies: dict[bytes, bytes] = {}

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(
            self.host, self.port, local_addr=(self.source, 0)
        )

    async def request(
        self, method: str, path: str, body: bytes = b"", json_: bool = False
    ) -> tuple[int, bytes, bytes]:
        cookie = b"; ".join(k + b"=" + v for k, v in self.cookies.items())
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n".encode()
        if cookie:
            head += b"Cookie: " + cookie + b"\r\n"
        if json_:
            head += b"Accept: application/json\r\n"
        if method == "POST":
            head += b"Content-Type: application/x-www-form-urlencoded\r\n"
            head += f"Content-Length: {len(body)}\r\n".encode()
        self.writer.write(head + b"\r\n" + body)
        answer = await self.reader.readuntil(b"\r\n\r\n")
        status = int(answer[9:12])
        for name, value in re.findall(rb"(?i)\r\nset-cookie: ([^=]+)=([^;\r]*)", answer):
            self.cookies[name] = value
        found = re.search(rb"(?i)\r\ncontent-length: (\d+)", answer)
        payload = await self.reader.readexactly(int(found.group(1))) if found else b""
        return status, answer, payload


async def _desk(
    host: str, port: int, token: str, pin: str, n: int, codes: list[str], start: float
) -> list[tuple[int, float]]:
    conn = _Conn(host, port, f"127.0.30.{1 + n}")
    await conn.open()
    _, _, page = await conn.request("GET", f"/{token}/desk")
    csrf = CSRF.search(page).group(1)  # type: ignore[union-attr]
    status, _, _ = await conn.request(
        "POST", f"/{token}/desk/pin", b"csrf=" + csrf + b"&pin=" + pin.encode()
    )
    assert status == 303, status
    await asyncio.sleep(max(0.0, start - time.perf_counter()) + n * SCAN_GAP_S / DESKS)
    out = []
    for code in codes:
        began = time.perf_counter()
        status, _, body = await conn.request(
            "POST", f"/{token}/desk/scan", b"csrf=" + csrf + b"&code=" + code.encode(), json_=True
        )
        took = time.perf_counter() - began
        kind = json.loads(body).get("kind") if status == 200 else ""
        out.append((status if kind == "checked in" else -status, took))
        await asyncio.sleep(SCAN_GAP_S)
    conn.writer.close()
    return out


async def _desks_and_phones(argv: list[str]) -> dict[str, Any]:
    host, port, token, pin = argv[0], int(argv[1]), argv[2], argv[3]
    paths, phones = argv[4].split(","), int(argv[5])
    codes = argv[6].split(",")
    start = time.perf_counter() + 1.0
    desks = [
        _desk(host, port, token, pin, n, codes[n::DESKS][:SCANS_PER_DESK], start)
        for n in range(DESKS)
    ]

    async def phones_later() -> dict[str, Any]:
        await asyncio.sleep(max(0.0, start - time.perf_counter()))
        if not phones:
            return {"acknowledged": [], "latencies": []}
        return await _burst(host, port, paths, phones, BURST_SECONDS)

    *scans, burst = await asyncio.gather(*desks, phones_later())
    flat = [r for rs in scans for r in rs]
    return {
        "scans": sorted(t for s, t in flat if s == 200),
        "failed": sum(1 for s, _ in flat if s != 200),
        "acknowledged": len(burst["acknowledged"]),
        "phone_latencies": burst["latencies"],
    }


async def _room_view(host: str, port: int, token: str, n: int, until: float) -> int:
    conn = _Conn(host, port, f"127.0.{60 + n // 200}.{1 + n % 200}")
    await conn.open()
    conn.writer.write(f"GET /{token}/room/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    head = await conn.reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        return -1
    events = 0
    while time.perf_counter() < until:
        try:
            chunk = await asyncio.wait_for(conn.reader.read(65536), until - time.perf_counter())
        except TimeoutError:
            break
        if not chunk:
            break
        events += chunk.count(b"\ndata: ") + chunk.startswith(b"data: ")
    conn.writer.close()
    return events


async def _room_views_and_phones(argv: list[str]) -> dict[str, Any]:
    host, port, token = argv[0], int(argv[1]), argv[2]
    paths, phones, views, seconds = argv[3].split(","), int(argv[4]), int(argv[5]), float(argv[6])
    until = time.perf_counter() + seconds
    listening = [_room_view(host, port, token, n, until) for n in range(views)]

    async def phones_later() -> dict[str, Any]:
        await asyncio.sleep(1.0)
        if not phones:
            return {"acknowledged": [], "latencies": []}
        return await _burst(host, port, paths, phones, BURST_SECONDS)

    *counts, burst = await asyncio.gather(*listening, phones_later())
    return {
        "events": counts,
        "acknowledged": len(burst["acknowledged"]),
        "phone_latencies": burst["latencies"],
    }


def _client_main(argv: list[str]) -> None:
    mode = argv[0]
    run_one = _desks_and_phones if mode == "desk" else _room_views_and_phones
    print(json.dumps(asyncio.run(run_one(argv[1:]))))


def _child(*args: str) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parent.parent
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_screens", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"the devices failed: {err[-2000:]}")
    return json.loads(out)  # type: ignore[no-any-return]


# -- the benchmark -------------------------------------------------------------------------------
def _desk_scans(folder: Path) -> list[Figure]:
    from benchmarks.people import workshop_file
    from labdesk.store import open_workshop, screen_pins
    from labdesk.store.changes import Topic
    from labdesk.store.checkins import Scanner
    from labdesk.store.screen_pins import ScreenKind
    from labdesk.web.server import AttendeeServer

    figures: list[Figure] = []
    p99s: dict[int, list[float]] = {0: [], PHONES: []}
    acknowledged: list[int] = []
    for run in range(3):
        path = workshop_file(folder / f"desk-{run}.labdesk", PEOPLE, demo=True)
        doc = open_workshop(path, lock=False)
        with doc.transaction(Topic.CHECKINS) as con:
            con.execute("DELETE FROM check_ins")
        server = AttendeeServer(doc.path, "127.0.0.1", 0)
        server.start()
        try:
            assert server.screens is not None and server.screens.roster.ready(60)
            pin = screen_pins.live_pins(doc, ScreenKind.DESK)[0].pin
            scanner = Scanner(doc)
            ids = [int(r[0]) for r in doc.con.execute("SELECT id FROM attendees ORDER BY random()")]
            paths = ",".join(_session_paths(doc, server))
            for phones, share in ((0, ids[:300]), (PHONES, ids[300:600])):
                codes = ",".join(scanner.badge_code(n) for n in share)
                out = _result(
                    _child(
                        "desk",
                        "127.0.0.1",
                        str(server.port),
                        server.token,
                        pin,
                        paths,
                        str(phones),
                        codes,
                    )
                )
                if out["failed"]:
                    raise RuntimeError(f"{out['failed']} desk scans did not check someone in")
                p99s[phones].append(_pct(out["scans"], 0.99) * 1000)
                if phones:
                    acknowledged.append(out["acknowledged"])
                    median_scan = statistics.median(out["scans"]) * 1000
        finally:
            server.stop()
            doc.close(take_backup=False)
    figures.append(
        at_most(
            f"web desk scan to result, p99, {PEOPLE:,} attendees, {PHONES} phones posting",
            statistics.median(p99s[PHONES]),
            "ms",
            100,
        )
    )
    figures.append(
        reference("web desk scan to result, median, while phones post", median_scan, "ms")
    )
    figures.append(
        reference(
            "web desk scan to result, p99, no phones posting", statistics.median(p99s[0]), "ms"
        )
    )
    figures.append(
        at_least("phones acknowledged during the desk scans", min(acknowledged), "of 500", PHONES)
    )
    return figures


def _frames(seconds: float, busy: threading.Event | None = None) -> list[float]:
    """Paint the projector's 1080p frame every FRAME_S for seconds on this (the main) thread;
    each frame's time from when it was due to when it was painted, in ms."""
    from dataclasses import replace

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from benchmarks.app import qt_app
    from labdesk.core.timer import Level
    from labdesk.gui.projector import Frame, ProjectorCanvas

    qt_app()
    canvas = ProjectorCanvas()
    canvas.set_frame(
        Frame(
            mode="phase",
            item="Session 1: Sharing the learning and exploring solutions",
            phase="Client shares the challenge",
            prompt="Client: share your challenge — consultants listen.",
            countdown="12:34",
            level=Level.NORMAL,
            round_label="Round 2 of 3",
            next_up="Consultants ask questions · 2 min",
        )
    )
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    times = []
    due = time.perf_counter()
    end = due + seconds
    n = 0
    while due < end:
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        left = 3600 - n
        canvas.set_frame(replace(canvas.frame, countdown=f"{left // 60}:{left % 60:02d}"))
        painter = QPainter(image)
        canvas.paint(painter, QRectF(0, 0, 1920, 1080))
        painter.end()
        times.append((time.perf_counter() - due) * 1000)
        due += FRAME_S
        n += 1
    return times


def _room_views(folder: Path) -> list[Figure]:
    from labdesk.core.presenter import PresenterAction
    from labdesk.store import open_workshop
    from labdesk.store.demo import create_demo
    from labdesk.store.presenter import StoredPresenter
    from labdesk.web.server import AttendeeServer

    seconds = BURST_SECONDS + 2.0
    rows: dict[str, dict[str, list[float]]] = {}
    events: list[float] = []
    for run in range(3):
        for views in (0, ROOM_VIEWS):
            label = "with" if views else "without"
            path = folder / f"room-{run}-{views}.labdesk"
            create_demo(path).close(take_backup=False)
            doc = open_workshop(path, lock=False)
            presenter = StoredPresenter(path)
            server = AttendeeServer(path, "127.0.0.1", 0, presenter=presenter)
            server.start()
            stop = threading.Event()

            def press(stop: threading.Event = stop, presenter: StoredPresenter = presenter) -> None:
                presenter.press(PresenterAction.START_PAUSE)
                while not stop.wait(0.5):
                    presenter.press(PresenterAction.NEXT)

            try:
                paths = ",".join(_session_paths(doc, server))
                child = _child(
                    "room",
                    "127.0.0.1",
                    str(server.port),
                    server.token,
                    paths,
                    str(PHONES),
                    str(views),
                    str(seconds),
                )
                time.sleep(0.8)  # the room views connect (the phones start at 1 s)
                presser = threading.Thread(target=press, daemon=True)
                presser.start()
                frames = _frames(seconds - 1.0)
                stop.set()
                presser.join(5)
                out = _result(child)
            finally:
                server.stop()
                presenter.close()
                doc.close(take_backup=False)
            row = rows.setdefault(label, {"frame": [], "phone": [], "acked": []})
            row["frame"].append(_pct(sorted(frames), 0.99))
            row["phone"].append(_pct(out["phone_latencies"], 0.99) * 1000)
            row["acked"].append(out["acknowledged"])
            if views:
                got = [e for e in out["events"] if e >= 0]
                if len(got) < views:
                    raise RuntimeError(f"only {len(got)} of {views} room views connected")
                events.append(statistics.median(got))
    with_, without = rows["with"], rows["without"]
    return [
        at_most(
            f"projector frame p99 (due to painted), {ROOM_VIEWS} room views and {PHONES} phones",
            statistics.median(with_["frame"]),
            "ms",
            16,
        ),
        reference(
            "projector frame p99, the same without room views",
            statistics.median(without["frame"]),
            "ms",
        ),
        at_most(
            f"phone POST p99 with {ROOM_VIEWS} room views listening",
            statistics.median(with_["phone"]),
            "ms",
            100,
        ),
        reference(
            "phone POST p99, the same without room views", statistics.median(without["phone"]), "ms"
        ),
        at_least(
            "phones acknowledged with room views listening", min(with_["acked"]), "of 500", PHONES
        ),
        reference(
            "timer changes each room view received (median)", statistics.median(events), "events"
        ),
    ]


def run(folder: Path) -> list[Figure]:
    return _desk_scans(folder) + _room_views(folder)


if __name__ == "__main__":
    _client_main(sys.argv[1:])
