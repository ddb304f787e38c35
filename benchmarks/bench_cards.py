"""Commitment cards: matching a card to the person it names, 10,000 attendees, inside the
writer's transaction (no budget of its own in DESIGN.md: it is part of every phone's post, so a
reference beside the burst's figures). The candidates come through indexed keys."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, reference
from benchmarks.people import attendees, workshop_file


def run(folder: Path) -> list[Figure]:
    from labdesk.store import commitments, open_workshop

    path = workshop_file(folder / "cards.labdesk", 10_000)
    names = [a.name for a in attendees(10_000)[:300]]
    doc = open_workshop(path, lock=False)
    try:
        with doc.transaction() as con:  # the first card gives any name without a key its key
            commitments.match_attendee(con, names[0], "")
        times = []
        for name in names:
            with doc.transaction() as con:
                start = time.perf_counter()
                commitments.match_attendee(con, name, "")
                times.append(time.perf_counter() - start)
    finally:
        doc.close(take_backup=False)
    return [
        reference(
            "commitment card matched to the person it names, 10,000 attendees (median)",
            statistics.median(times) * 1000,
            "ms",
        )
    ]
