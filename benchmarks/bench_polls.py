"""A 500-phone burst of poll answers into the app: every answer acknowledged and stored, the
GUI thread watched for stalls, and the projector's live word cloud redrawn as they arrive.

The phones run in a separate process (asyncio over raw HTTP, each from its own loopback
address, as on a hotspot), GET the open question and POST their word with its CSRF token and
cookie; the app serves them with every security check on, commits each answer with
synchronous=FULL before its 303, and LivePoll redraws the results on the projector.
"""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, at_least, at_most, reference

PHONES = 500
SECONDS = 5.0
WORDS = ["Trust", "trust!", "Hope", "Diolch", "Zażółć", "شكرا", "Energy", "Curious", "Tired"]
CSRF = re.compile(rb'name="csrf" value="([^"]+)"')


# -- the phones (a child process) ----------------------------------------------------------------
async def _request(reader: Any, writer: Any, data: bytes) -> tuple[int, bytes, bytes]:
    writer.write(data)
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
    return int(head[9:12]), head, await reader.readexactly(length)


async def _phone(host: str, port: int, token: str, poll_id: int, n: int) -> tuple[int, float]:
    source = f"127.0.{60 + n // 250}.{1 + n % 250}"
    reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
    hostline = f"Host: {host}:{port}\r\n"
    try:
        _, head, body = await _request(
            reader, writer, f"GET /{token}/poll HTTP/1.1\r\n{hostline}\r\n".encode()
        )
        cookie = re.search(rb"(?i)set-cookie: (labdesk_phone=[^;]+)", head).group(1)  # type: ignore[union-attr]
        csrf = CSRF.search(body).group(1)  # type: ignore[union-attr]
        word = f"{WORDS[n % len(WORDS)]} {n}".encode()
        from urllib.parse import quote_from_bytes

        payload = b"csrf=" + csrf + b"&answer=" + quote_from_bytes(word).encode()
        request = (
            f"POST /{token}/poll/{poll_id} HTTP/1.1\r\n{hostline}".encode()
            + b"Cookie: "
            + cookie
            + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        started = time.perf_counter()
        status, _, _ = await _request(reader, writer, request)
        return status, time.perf_counter() - started
    finally:
        writer.close()


async def _burst(host: str, port: int, token: str, poll_id: int) -> dict[str, Any]:
    async def one(n: int) -> tuple[int, float, int]:
        await asyncio.sleep(SECONDS * n / PHONES)
        try:
            status, latency = await _phone(host, port, token, poll_id, n)
        except (OSError, asyncio.IncompleteReadError, AttributeError):
            return 0, 0.0, n
        return status, latency, n

    started = time.perf_counter()
    results = await asyncio.gather(*(one(n) for n in range(PHONES)))
    return {
        "elapsed": time.perf_counter() - started,
        "acknowledged": [n for s, _, n in results if s == 303],
        "statuses": sorted({s for s, _, _ in results}),
        "latencies": sorted(lat for s, lat, _ in results if s == 303),
    }


# -- the benchmark -------------------------------------------------------------------------------
def run(folder: Path) -> list[Figure]:
    from benchmarks import app
    from labdesk.core import polls
    from labdesk.core.polls import PollKind
    from labdesk.store import open_workshop
    from labdesk.store import polls as store_polls
    from labdesk.store import workshop as store_workshop
    from labdesk.store.demo import create_demo

    path = folder / "polls.labdesk"
    doc = create_demo(path)
    poll = store_polls.create(
        doc, polls.make_poll("One word for today", PollKind.WORDS), open_now=True
    )
    assert poll.id is not None
    store_polls.show(doc, poll.id)
    token = store_workshop.web_token(doc)
    doc.close(take_backup=False)
    redraw_ms: list[float] = []
    with app.main_window(path) as window:
        services = window.services
        services.polls.redrawn.connect(lambda s: redraw_ms.append(s * 1000))
        services.phones.start("127.0.0.1", 0)
        app.wait_until(lambda: services.phones.running, timeout_s=20)
        port = services.phones.server.port
        app.wait_until(lambda: services.polls.on_projector, timeout_s=10)
        app.until_idle()
        redraw_ms.clear()
        redraws_before = services.polls.redraws
        watch = app.Watch()
        watch.start()
        phones = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_polls",
                "127.0.0.1",
                str(port),
                token,
                str(poll.id),
            ],
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started = time.perf_counter()
        app.wait_until(lambda: phones.poll() is not None, timeout_s=120, settle_ms=400)
        burst_s = time.perf_counter() - started
        stall = watch.stop()
        redraws = services.polls.redraws - redraws_before
        shown = services.polls.shown
        out_text, err = phones.communicate()
        if phones.returncode != 0:
            raise RuntimeError(f"the phones failed: {err[-2000:]}")
        out = json.loads(out_text)
        services.phones.stop_and_wait()
    reader = open_workshop(path, lock=False, readonly=True, purpose="benchmark")
    stored = set(store_polls.tally(reader.con, poll).values)
    reader.close(take_backup=False)
    acknowledged = out["acknowledged"]
    lost = sum(1 for n in acknowledged if f"{WORDS[n % len(WORDS)]} {n}" not in stored)
    if shown is None or shown.answers != len(stored):
        raise RuntimeError(f"the projector did not end on every answer ({len(stored)})")
    return [
        at_least(
            "poll burst: phones acknowledged (of 500 within 5 s)",
            len(acknowledged),
            "phones",
            PHONES,
        ),
        at_most("poll burst: acknowledged answers not stored", lost, "answers", 0),
        reference("poll burst: p50 latency", statistics.median(out["latencies"]) * 1000, "ms"),
        at_most("poll burst: longest GUI event-loop stall", stall, "ms", 50),
        at_least("poll burst: live result redraws on the projector", redraws / burst_s, "per s", 2),
        reference(
            "poll burst: word cloud redraw, median", statistics.median(redraw_ms or [0]), "ms"
        ),
        reference("poll burst: word cloud redraw, longest", max(redraw_ms or [0]), "ms"),
    ]


if __name__ == "__main__":
    print(
        json.dumps(
            asyncio.run(_burst(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
        )
    )
