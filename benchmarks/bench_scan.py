"""Badge scan to result shown at the desk, 10,000 attendees (DESIGN.md: <= 16 ms, one frame):
the code typed into the Check-in area and Enter pressed, until the result is painted. The same
scans straight against the store (decode, verify, look up, commit; nothing shown) are the
reference."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most, reference
from benchmarks.people import workshop_file

SCANS = 150  # of each kind, in the store; a third of that through the window


def _codes(path: Path, offset: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(badge code, name) and (imported ticket code, name) for people spread over the list."""
    from labdesk.store import attendees, open_workshop
    from labdesk.store.checkins import Scanner

    with open_workshop(path, lock=False, readonly=True, purpose="benchmark") as doc:
        people = attendees.load_all(doc)
        scanner = Scanner(doc)
        badges = [(scanner.badge_code(p.id or 0), p.name) for p in people[offset::31][:SCANS]]
        tickets = [(p.ticket_codes[0], p.name) for p in people[offset + 7 :: 31][:SCANS]]
        doc.close(take_backup=False)
    return badges, tickets


def _misread(code: str) -> str:
    return code[:8] + ("B" if code[8] != "B" else "C") + code[9:]


def run(folder: Path) -> list[Figure]:
    path = workshop_file(folder / "scan.labdesk", 10_000, with_codes=True)
    return run_store(path, *_codes(path, 0)) + run_window(path, *_codes(path, 15))


def run_store(
    path: Path, badges: list[tuple[str, str]], tickets: list[tuple[str, str]]
) -> list[Figure]:
    from labdesk.core.checkin import ScanKind
    from labdesk.store import open_workshop
    from labdesk.store.checkins import Scanner

    doc = open_workshop(path, lock=False)
    times: dict[str, list[float]] = {"new": [], "again": [], "ticket": [], "misread": []}
    try:
        scanner = Scanner(doc, desk="bench")
        for kind, codes, expect in (
            ("new", [c for c, _ in badges], ScanKind.CHECKED_IN),
            ("again", [c for c, _ in badges], ScanKind.ALREADY_IN),
            ("ticket", [c for c, _ in tickets], ScanKind.CHECKED_IN),
            ("misread", [_misread(c) for c, _ in badges], None),
        ):
            for code in codes:
                start = time.perf_counter()
                outcome = scanner.scan(code)
                times[kind].append(time.perf_counter() - start)
                assert expect is None or outcome.kind is expect, (kind, outcome.kind)
    finally:
        doc.close(take_backup=False)
    ms = 1000
    return [
        reference(
            "scan in the store alone (decode, verify, look up, commit), new check-in",
            statistics.median(times["new"]) * ms,
            "ms",
        ),
        reference(
            "scan in the store alone, misread code", statistics.median(times["misread"]) * ms, "ms"
        ),
    ]


def run_window(
    path: Path, badges: list[tuple[str, str]], tickets: list[tuple[str, str]]
) -> list[Figure]:
    from benchmarks import app

    figures = []
    every: list[float] = []
    with app.main_window(path) as window:
        area = app.open_area(window, "checkin")
        app.button(area, "Sound").setChecked(False)
        kinds = (
            ("new check-in", badges[: SCANS // 3]),
            ("already in", badges[: SCANS // 3]),
            ("imported ticket code", tickets[: SCANS // 3]),
            ("misread code", [(_misread(c), "") for c, _ in badges[: SCANS // 3]]),
        )
        for label, codes in kinds:
            arrives = label in ("new check-in", "imported ticket code")
            times = [app.time_scan(area, code, name, next_person=arrives) for code, name in codes]
            every += times
            figures.append(
                at_most(
                    f"scan to result shown in the desk, {label} (10,000 attendees)",
                    statistics.median(times) * 1000,
                    "ms",
                    16,
                )
            )
    figures.append(reference("scan to result shown, slowest of all", max(every) * 1000, "ms"))
    return figures
