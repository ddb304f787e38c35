"""Name search per keystroke with 10,000 attendees, typos and accents (budget <= 16 ms)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most
from benchmarks.people import people_rows

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
    from labdesk.core.model import Attendee
    from labdesk.core.search import SearchIndex

    people = [
        Attendee(name=f"{f} {last}", email=e, organisation=o, id=i + 1)
        for i, (f, last, e, o, _c) in enumerate(people_rows(10_000))
    ]
    start = time.perf_counter()
    index = SearchIndex(people)
    build = time.perf_counter() - start
    per_key = []
    for query in QUERIES:  # every prefix, as it is typed
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            index.search(query[:end], limit=30)
            per_key.append(time.perf_counter() - start)
    per_key.sort()
    ms = 1000
    return [
        at_most(
            "name search per keystroke (10,000 attendees)",
            statistics.median(per_key) * ms,
            "ms",
            16,
        ),
        at_most(
            "name search per keystroke, 95th percentile",
            per_key[int(len(per_key) * 0.95)] * ms,
            "ms",
            16,
        ),
        at_most("search index build (10,000 attendees)", build, "s", 2),
    ]
