"""Badge scan to result with 10,000 attendees: decode, verify, look up, commit (budget <= 16 ms)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most
from benchmarks.people import attendees as bench_people
from benchmarks.people import desk_with_people

SCANS = 300


def run(folder: Path) -> list[Figure]:
    return run_store(folder) + run_gui(folder)


def run_store(folder: Path) -> list[Figure]:
    from labdesk.core.checkin import ScanKind
    from labdesk.store import attendees, create
    from labdesk.store.checkins import Scanner

    doc = create(folder / "scan.labdesk", "Bench", dt.date(2026, 9, 17), lock=False)
    try:
        people = bench_people(with_codes=True)
        attendees.add_many(doc, people)
        scanner = Scanner(doc, desk="bench")
        codes = [scanner.badge_code(p.id or 0) for p in people[::33][:SCANS]]
        tickets = [p.ticket_codes[0] for p in people[1::33][:SCANS]]
        first, again, ticket, bad = [], [], [], []
        for code in codes:
            start = time.perf_counter()
            outcome = scanner.scan(code)
            first.append(time.perf_counter() - start)
            assert outcome.kind is ScanKind.CHECKED_IN
        for code in codes:
            start = time.perf_counter()
            outcome = scanner.scan(code)
            again.append(time.perf_counter() - start)
            assert outcome.kind is ScanKind.ALREADY_IN
        for code in tickets:
            start = time.perf_counter()
            outcome = scanner.scan(code)
            ticket.append(time.perf_counter() - start)
            assert outcome.kind is ScanKind.CHECKED_IN
        for code in codes:
            forged = code[:8] + ("B" if code[8] != "B" else "C") + code[9:]
            start = time.perf_counter()
            scanner.scan(forged)
            bad.append(time.perf_counter() - start)
    finally:
        doc.close(take_backup=False)
    ms = 1000
    return [
        at_most(
            "scan to result, new check-in (10,000 attendees)",
            statistics.median(first) * ms,
            "ms",
            16,
        ),
        at_most("scan to result, already in", statistics.median(again) * ms, "ms", 16),
        at_most("scan to result, imported ticket code", statistics.median(ticket) * ms, "ms", 16),
        at_most("scan to result, misread code", statistics.median(bad) * ms, "ms", 16),
        at_most(
            "scan to result, slowest of 1,200", max(first + again + ticket + bad) * ms, "ms", 16 * 4
        ),
    ]


def run_gui(folder: Path) -> list[Figure]:
    """The same through the desk widget: key in the code, Enter, result painted (offscreen)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    with desk_with_people(folder, "scan-gui") as (_app, desk, people):
        desk.sounds.enabled = False
        times = []
        for person in people[::97][:60]:
            code = desk.scanner.badge_code(person.id or 0)
            desk.scan.setText(code)
            start = time.perf_counter()
            QTest.keyClick(desk.scan, Qt.Key.Key_Return)
            desk.result.repaint()
            times.append(time.perf_counter() - start)
            assert desk.result.name.text() == person.name
    return [
        at_most(
            "scan to result shown in the desk (10,000 attendees)",
            statistics.median(times) * 1000,
            "ms",
            16,
        )
    ]
