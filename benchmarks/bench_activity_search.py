"""Activity search in "add activity" per keystroke, the library plus a workshop's own templates
(budget <= 16 ms, one frame, as for name search), and loading the library."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from benchmarks.common import Figure, at_most, median_seconds, per_keystroke

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
    ms = 1000
    return [
        *per_keystroke(
            "activity search per keystroke",
            f"{len(library) + len(own)} templates",
            index.search,
            QUERIES,
            16,
        ),
        at_most("activity search index build", build * ms, "ms", 16),
        at_most(f"activity library load ({len(library)} files)", load * ms, "ms", 50),
    ]
