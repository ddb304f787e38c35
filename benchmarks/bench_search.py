"""Name search per keystroke with 10,000 attendees, typos and accents (budget <= 16 ms)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most, per_keystroke
from benchmarks.people import desk_with_people, people_rows

QUERIES = [
    "sian jones",
    "sian jnoes",
    "o suilleabhain",
    "angstrom",
    "kowalcyzk",
    "mind 12",
    "keele",
    "chloe dubois",
    "ap gruffydd",
    "oneill",
    "smith-jones",
    "garcia",
]


def run(folder: Path) -> list[Figure]:
    return run_core() + run_gui(folder)


def run_core() -> list[Figure]:
    from labdesk.core.model import Attendee
    from labdesk.core.search import SearchIndex

    people = [
        Attendee(name=f"{f} {last}", email=e, organisation=o, id=i + 1)
        for i, (f, last, e, o, _c) in enumerate(people_rows(10_000))
    ]
    start = time.perf_counter()
    index = SearchIndex(people)
    build = time.perf_counter() - start
    return [
        *per_keystroke(
            "name search per keystroke",
            "10,000 attendees",
            lambda typed: index.search(typed, limit=30),
            QUERIES,
            16,
        ),
        at_most("search index build (10,000 attendees)", build, "s", 2),
    ]


def run_gui(folder: Path) -> list[Figure]:
    """The same typed into the desk's search field: results listed and painted (offscreen)."""
    from PySide6.QtTest import QTest

    with desk_with_people(folder, "search-gui") as (_app, desk, _people):
        desk.search.setFocus()
        desk.search.clock = iter(range(0, 10**9, 200)).__next__  # a person typing
        per_key = []
        for query in QUERIES:
            desk.search.clear()
            for ch in query:
                start = time.perf_counter()
                QTest.keyClick(desk.search, ch)
                desk.results_view.repaint()
                per_key.append(time.perf_counter() - start)
    return [
        at_most(
            "name search per keystroke in the desk, results painted",
            statistics.median(per_key) * 1000,
            "ms",
            16,
        )
    ]
