"""The attendee server on loopback: sustained real form POSTs, and a burst of 500 phones with the
app's event loop watched for stalls.

The phones run in a separate process (a small asyncio HTTP client on uvloop where installed, so
the load costs little of the CPU the server shares with it) and each one talks from its own
loopback address (127.0.x.y), as phones on a hotspot would.
Every POST is a real form with its CSRF token and cookie, passing every check (Host, body cap,
rate limit, CSRF, field limits) and committed with synchronous=FULL before its 303.
For the sustained figure each of the 50 clients posts far more than a phone may, so that run
raises the per-client rate limit (it is still checked on every request); the burst uses the
defaults, with 1,000 slow-loris connections held open beside it (20 from each of 50 addresses:
one address alone may hold only a few, see labdesk.web.server).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, at_least, at_most, reference

SUSTAIN_CLIENTS = 50
SUSTAIN_SECONDS = 4.0
BURST_PHONES = 500
BURST_SECONDS = 5.0
SLOW_CLIENTS = 1000  # slow-loris connections held open alongside the burst
CSRF = re.compile(rb'name="csrf" value="([^"]+)"')


# -- the phones (run in a child process) ---------------------------------------------------------
class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def request(self, data: bytes) -> tuple[int, bytes, bytes]:
        self.writer.write(data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
        body = await self.reader.readexactly(length)
        return status, head, body


async def _phone(
    host: str, port: int, path: str, source: str, posts: int, until: float, form: bytes
) -> list[tuple[int, float]]:
    reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
    conn = _Conn(reader, writer)
    hostline = f"Host: {host}:{port}\r\n"
    status, head, body = await conn.request(f"GET {path} HTTP/1.1\r\n{hostline}\r\n".encode())
    cookie = re.search(rb"(?i)set-cookie: (labdesk_phone=[^;]+)", head).group(1)  # type: ignore[union-attr]
    csrf = CSRF.search(body).group(1)  # type: ignore[union-attr]
    payload = b"csrf=" + csrf + b"&" + form
    request = (
        f"POST {path} HTTP/1.1\r\n{hostline}".encode()
        + b"Cookie: "
        + cookie
        + b"\r\n"
        + b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    results: list[tuple[int, float]] = []
    n = 0
    while n < posts and time.perf_counter() < until:
        started = time.perf_counter()
        status, _, _ = await conn.request(request)
        results.append((status, time.perf_counter() - started))
        n += 1
    writer.close()
    return results


async def _new_phones(
    host: str, port: int, paths: list[str], client: int, until: float
) -> list[tuple[int, float]]:
    """One client standing for phone after phone: each post from a new phone (its own address,
    cookie and form), so that every post adds a row."""
    results: list[tuple[int, float]] = []
    n = 0
    while time.perf_counter() < until:
        source = f"127.{40 + client // 50}.{client % 50}.{1 + n % 250}"
        form = f"rating={1 + n % 5}&worked=new+phone+{client}+{n}&change=".encode()
        try:
            results += await _phone(host, port, paths[n % len(paths)], source, 1, until + 5, form)
        except (OSError, asyncio.IncompleteReadError):
            results.append((0, 0.0))
        n += 1
    return results


async def _sustain(
    host: str, port: int, paths: list[str], seconds: float, fresh: bool = False
) -> dict[str, Any]:
    until = time.perf_counter() + seconds + 0.5
    if fresh:
        tasks = [_new_phones(host, port, paths, n, until) for n in range(SUSTAIN_CLIENTS)]
    else:
        tasks = [
            _phone(
                host,
                port,
                paths[n % len(paths)],
                f"127.0.{10 + n // 200}.{1 + n % 200}",
                10**9,
                until,
                b"rating=4&worked=Sustained+load&change=",
            )
            for n in range(SUSTAIN_CLIENTS)
        ]
    started = time.perf_counter()
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    flat = [r for rs in results for r in rs]
    return {
        "ok": sum(1 for s, _ in flat if s == 303),
        "other": sum(1 for s, _ in flat if s != 303),
        "elapsed": elapsed,
        "latencies": sorted(t for s, t in flat if s == 303),
    }


LORISES_PER_ADDRESS = 20  # under the server's per-address cap: each address holds them all


async def _loris(host: str, port: int, path: str, stop: asyncio.Event, source: str) -> bool:
    """A slow client: headers a few bytes at a time, never finished. True if the server cut it."""
    try:
        reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
        writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n".encode())
        while not stop.is_set():
            writer.write(b"X-a: b\r\n")
            await writer.drain()
            try:
                if await asyncio.wait_for(reader.read(1), 2.0) == b"":
                    return True
            except TimeoutError:
                continue
        writer.close()
    except OSError:
        return True
    return False


async def _burst(
    host: str, port: int, paths: list[str], phones: int, seconds: float, lorises: int = 0
) -> dict[str, Any]:
    stop = asyncio.Event()
    slow = [
        asyncio.create_task(
            _loris(host, port, paths[0], stop, f"127.0.9.{1 + n // LORISES_PER_ADDRESS}")
        )
        for n in range(lorises)
    ]
    await asyncio.sleep(1.0 if lorises else 0)

    async def one(n: int) -> tuple[int, float, str]:
        await asyncio.sleep(seconds * n / phones)
        text = f"burst phone {n}"
        try:
            rs = await _phone(
                host,
                port,
                paths[n % len(paths)],
                f"127.0.{20 + n // 250}.{1 + n % 250}",
                1,
                time.perf_counter() + 60,
                f"rating={1 + n % 5}&worked=burst+phone+{n}&change=".encode(),
            )
        except (OSError, asyncio.IncompleteReadError, AttributeError):
            return 0, 0.0, text
        return rs[0][0], rs[0][1], text

    started = time.perf_counter()
    results = await asyncio.gather(*(one(n) for n in range(phones)))
    stop.set()
    cut = sum(await asyncio.gather(*slow))
    return {
        "lorises_cut": cut,
        "elapsed": time.perf_counter() - started,
        "acknowledged": [t for s, _, t in results if s == 303],
        "statuses": sorted({s for s, _, _ in results}),
        "latencies": sorted(lat for s, lat, _ in results if s == 303),
    }


def _client_loop() -> Callable[[], asyncio.AbstractEventLoop]:
    """The phones' event loop: uvloop where it is installed (as the server's is), which cuts what
    a new phone's connection costs this process (0.42 to 0.25 ms of CPU a phone, measured), CPU
    the server being measured would otherwise share; asyncio's own loop elsewhere."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


def _client_main(argv: list[str]) -> None:
    mode, host, port, paths = argv[0], argv[1], int(argv[2]), argv[3].split(",")
    with asyncio.Runner(loop_factory=_client_loop()) as runner:
        if mode in ("sustain", "sustain-new"):
            fresh = mode == "sustain-new"
            out = runner.run(_sustain(host, port, paths, float(argv[4]), fresh=fresh))
        else:
            lorises = int(argv[6]) if len(argv) > 6 else 0
            out = runner.run(_burst(host, port, paths, int(argv[4]), float(argv[5]), lorises))
    # Written whole with os.write: beside uvloop, one write of the figures (over 100 KB) can
    # come back part-done, and print() then lost the rest (the JSON cut at 131,072 bytes).
    data = json.dumps(out).encode() + b"\n"
    os.set_blocking(1, True)
    while data:
        data = data[os.write(1, data) :]


def _clients(*args: str) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_server", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the phones failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("inf")
    return values[min(len(values) - 1, int(q * len(values)))]


# -- the benchmark -------------------------------------------------------------------------------
def _session_paths(doc: Any, server: Any) -> list[str]:
    from labdesk.core.feedback import takes_feedback
    from labdesk.store import agenda as store_agenda

    items = [i for i in store_agenda.load(doc) if takes_feedback(i)]
    return ["/" + server.session_url(i.id).split("/", 3)[3] for i in items]


def _sustained(folder: Path) -> list[Figure]:
    from labdesk.store import feedback as store_feedback
    from labdesk.store.demo import create_demo
    from labdesk.web.security import Limits
    from labdesk.web.server import AttendeeServer

    doc = create_demo(folder / "sustain.labdesk")
    limits = Limits(posts_per_minute=1e9, post_burst=10**9)  # checked, but never reached
    server = AttendeeServer(doc.path, "127.0.0.1", 0, limits=limits)
    server.start()
    figures: list[Figure] = []
    try:
        paths = _session_paths(doc, server)
        for mode, label in (
            ("sustain", "50 phones posting again"),
            ("sustain-new", "a new phone per post"),
        ):
            rates, p99s = [], []
            before = store_feedback.count(doc)
            for _ in range(3):
                out = _clients(
                    mode, "127.0.0.1", str(server.port), ",".join(paths), str(SUSTAIN_SECONDS)
                )
                if out["other"]:
                    raise RuntimeError(f"{out['other']} posts were not answered 303")
                rates.append(out["ok"] / out["elapsed"])
                p99s.append(_pct(out["latencies"], 0.99) * 1000)
            figures += [
                at_least(
                    f"server sustained form POSTs, {label}", statistics.median(rates), "req/s", 1000
                ),
                at_most(f"server POST p99 latency, {label}", statistics.median(p99s), "ms", 100),
            ]
            if mode == "sustain-new":
                figures.append(
                    reference(
                        "rows added by new phones (each post one row)",
                        store_feedback.count(doc) - before,
                        "rows",
                    )
                )
    finally:
        server.stop()
        doc.close(take_backup=False)
    return figures


def _stored_responses(path: Path, n: int) -> None:
    """n feedback responses already in the file, spread over the sessions, as after a long day."""
    from labdesk.core.feedback import takes_feedback
    from labdesk.core.model import FeedbackResponse
    from labdesk.store import agenda as store_agenda
    from labdesk.store import feedback as store_feedback
    from labdesk.store import open_workshop
    from labdesk.store.changes import Topic

    doc = open_workshop(path, lock=False)
    try:
        items = [i.id for i in store_agenda.load(doc) if takes_feedback(i)]
        with doc.transaction(Topic.FEEDBACK) as con:
            for k in range(n):
                response = FeedbackResponse(
                    agenda_item_id=items[k % len(items)] or 0,
                    rating=1 + k % 5,
                    worked=f"Earlier response {k}: the trios worked well",
                    change="More time for questions" if k % 3 else "",
                )
                store_feedback.write(con, response, f"stored-{k}")
    finally:
        doc.close(take_backup=False)


SETTLE_S = 2.0  # the app open this long before the burst (it does its idle work first)


def _burst_with_app(folder: Path, stored: int) -> list[Figure]:
    """The app as a facilitator has it during a burst: the day running on the projector (Run
    the day opened, presenting, the timer started), the phone server started from the Feedback
    area and the live summary of the whole day put on the projector, the Feedback area in front.
    Then 500 phones post within 5 s (and 1,000 slow-loris connections hang on), the GUI thread
    watched; `stored` responses already in. Afterwards the Feedback area and the projector's
    summary must both count every response."""
    import re as regex

    from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox

    from benchmarks import app
    from labdesk.core import urls
    from labdesk.core.feedback import takes_feedback
    from labdesk.store import agenda as store_agenda
    from labdesk.store import feedback as store_feedback
    from labdesk.store import open_workshop
    from labdesk.store import workshop as store_workshop
    from labdesk.store.demo import create_demo

    path = folder / f"burst-{stored}.labdesk"
    create_demo(path).close(take_backup=False)
    if stored:
        _stored_responses(path, stored)
    reader = open_workshop(path, lock=False, readonly=True, purpose="benchmark")
    token = store_workshop.web_token(reader)
    items = [i.id for i in store_agenda.load(reader) if takes_feedback(i)]
    before = store_feedback.count(reader)
    with app.main_window(path) as window:
        opened = time.perf_counter()
        run_day = app.open_area(window, "run")
        app.button(run_day, "Present").click()
        app.button(run_day, "Start").click()
        area = app.open_area(window, "feedback")
        network = next(
            c for c in area.findChildren(QComboBox) if c.accessibleName() == "Network to serve on"
        )
        network.setCurrentIndex(network.findData("127.0.0.1"))
        next(s for s in area.findChildren(QSpinBox) if s.toolTip().startswith("0 picks")).setValue(
            0
        )
        app.button(area, "Start the phone server").click()
        app.wait_until(
            lambda: any(label.text().startswith("On:") for label in area.findChildren(QLabel)),
            timeout_s=20,
        )
        state = next(
            label.text() for label in area.findChildren(QLabel) if label.text().startswith("On:")
        )
        port = int(regex.search(r":(\d+)", state).group(1))  # type: ignore[union-attr]
        paths = [
            "/" + urls.session_url("127.0.0.1", port, token, i or 0).split("/", 3)[3] for i in items
        ]
        app.button(area, "Put the summary on the projector").click()
        presenter = window.services.presenter
        if not (presenter.presenting and presenter.showing(area.SUMMARY)):
            raise RuntimeError("the summary is not on the projector")
        app.wait_until(lambda: time.perf_counter() - opened > SETTLE_S)
        app.until_idle()
        app.button(run_day, "Pause")  # the day's timer runs (its button offers to pause it)
        # The reference: the same app, as it is, watched as long with no phones (this machine's
        # own stalls, from whatever else runs on it).
        idle = app.Watch()
        idle.start()
        quiet_until = time.perf_counter() + BURST_SECONDS + 1
        app.wait_until(lambda: time.perf_counter() > quiet_until, every_ms=20)
        quiet = idle.stop()
        watch = app.Watch()
        watch.start()
        phones = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_server",
                "burst",
                "127.0.0.1",
                str(port),
                ",".join(paths),
                str(BURST_PHONES),
                str(BURST_SECONDS),
                str(SLOW_CLIENTS),
            ],
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The phones are looked for every 20 ms: the watch, not the waiting, is to tick.
        app.wait_until(lambda: phones.poll() is not None, timeout_s=120, settle_ms=300, every_ms=20)
        stall = watch.stop()
        out_text, err = phones.communicate()
        if phones.returncode != 0:
            raise RuntimeError(f"the phones failed: {err[-2000:]}")
        out = json.loads(out_text)

        def caught_up() -> bool:  # the area and the projector show every response (or give up)
            total = f"{store_feedback.count(reader)} responses"
            return total in area.total.text() and area.projected_summary() == area.summary_data()

        with contextlib.suppress(TimeoutError):
            app.wait_until(caught_up, timeout_s=10, every_ms=200)
        shown = window.statusBar().currentMessage() + " ".join(
            label.text() for label in area.findChildren(QLabel)
        )
        on_projector = area.projected_summary()  # what the projector's picture was drawn from
        projected = on_projector.tally.responses if on_projector else -1
        clicked, moderated = _moderating(area)
        app.button(area, "Stop the phone server").click()
        app.wait_until(
            lambda: any("is off" in label.text() for label in area.findChildren(QLabel)),
            timeout_s=20,
        )
    stored_texts = {r.worked for r in store_feedback.load_all(reader)}
    new_rows = store_feedback.count(reader) - before
    reader.close(take_backup=False)
    lost = sum(1 for text in out["acknowledged"] if text not in stored_texts)
    lost += max(0, len(out["acknowledged"]) - new_rows)
    if str(before + new_rows) not in shown:
        raise RuntimeError(f"the app did not show the new responses ({before + new_rows})")
    if projected != before + new_rows:
        raise RuntimeError(f"the projector's summary did not count them ({projected})")
    beside = f"beside {stored:,} stored responses" if stored else "beside none stored"
    after = [
        reference(f"the same app {beside}, no phones: longest stall (reference)", quiet, "ms"),
        reference(
            f"{beside}: a session clicked, longest stall until its comments show", clicked, "ms"
        ),
        reference(f"{beside}: a comment put on the projector, longest stall", moderated, "ms"),
    ]
    if stored:
        return [
            at_most(
                f"burst beside {stored:,} stored responses: longest GUI event-loop stall",
                stall,
                "ms",
                50,
            ),
            *after,
            at_least(
                f"burst beside {stored:,} stored responses: phones acknowledged",
                len(out["acknowledged"]),
                "phones",
                BURST_PHONES,
            ),
            at_most(
                f"burst beside {stored:,} stored responses: acknowledged posts lost",
                lost,
                "posts",
                0,
            ),
        ]
    return [
        at_least(
            "burst: phones acknowledged (of 500 within 5 s)",
            len(out["acknowledged"]),
            "phones",
            BURST_PHONES,
        ),
        at_most("burst: acknowledged posts lost", lost, "posts", 0),
        reference("burst: p50 latency", _pct(out["latencies"], 0.5) * 1000, "ms"),
        reference("burst: p99 latency", _pct(out["latencies"], 0.99) * 1000, "ms"),
        at_most("burst: longest GUI event-loop stall", stall, "ms", 50),
        *after,
        at_least(
            "burst: real posts saved beside 1,000 slow-loris connections",
            100 * len(out["acknowledged"]) / BURST_PHONES,
            "%",
            99,
        ),
        reference(
            "burst: slow-loris connections held open alongside",
            SLOW_CLIENTS - out["lorises_cut"],
            "connections",
        ),
    ]


def _moderating(area: Any) -> tuple[float, float]:
    """What a facilitator does next: click the session with the most responses (the longest
    stall until its comments show), then put its first comment on the projector."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from benchmarks import app

    row = max(range(len(area.sessions.rows)), key=lambda n: area.sessions.rows[n][1].responses)
    item = area.sessions.rows[row][0]
    cell = area.session_view.visualRect(
        area.session_proxy.mapFromSource(area.sessions.index(row, 0))
    )
    watch = app.Watch()
    watch.start()
    QTest.mouseClick(area.session_view.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())

    def listed() -> bool:  # the table holds that session's comments, and only those
        comments = {r.agenda_item_id for _, r in area.comments.rows}
        return area.selected_item_id() == item.id and comments == {item.id}

    app.wait_until(listed, timeout_s=20, settle_ms=50)
    clicked = watch.stop()
    area.comment_view.selectRow(0)
    watch.start()
    app.button(area, "Show on projector").click()
    app.wait_until(lambda: True, settle_ms=50)
    return clicked, watch.stop()


def run(folder: Path) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return _sustained(folder) + _burst_with_app(folder, 0) + _burst_with_app(folder, 20_000)


if __name__ == "__main__":
    _client_main(sys.argv[1:])
