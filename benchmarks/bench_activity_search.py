"""Activity search in "add activity" per keystroke, the library plus a workshop's own templates
(budget <= 16 ms, one frame, as for name search), and loading the library."""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.common import Figure, at_most, median_seconds

QUERIES = [
    "help each other",
    "icebreaker",
    "retrospective",
    "troyka",
    "conversation cafe",
    "find what to stop",
    "stakeholders",
    "decide together",
    "zzzz",
]


def run(folder: Path) -> list[Figure]:
    from labdesk.core.activities import load_library
    from labdesk.core.activity_search import ActivityIndex
    from labdesk.paths import resource

    library = load_library(resource("activities"))
    load = median_seconds(lambda: load_library(resource("activities")))
    own = [
        replace(a, key=f"own-{n}-{a.key}", title=f"{a.title} ({n})")
        for n in (1, 2)
        for a in library
    ]
    index = ActivityIndex(library + own)
    build = median_seconds(lambda: ActivityIndex(library + own))
    per_key = []
    for query in QUERIES:  # every prefix, as it is typed
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            index.search(query[:end])
            per_key.append(time.perf_counter() - start)
    per_key.sort()
    ms = 1000
    count = len(library) + len(own)
    return [
        at_most(
            f"activity search per keystroke ({count} templates)",
            statistics.median(per_key) * ms,
            "ms",
            16,
        ),
        at_most(
            "activity search per keystroke, 95th percentile",
            per_key[int(len(per_key) * 0.95)] * ms,
            "ms",
            16,
        ),
        at_most("activity search index build", build * ms, "ms", 16),
        at_most(f"activity library load ({len(library)} files)", load * ms, "ms", 50),
    ]
