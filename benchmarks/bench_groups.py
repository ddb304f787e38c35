"""Groups: people meeting again (DESIGN.md budget) and the time to form groups for 500 people."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most, reference
from labdesk.core.grouping import Member, form_groups, repeats, shuffled


def _room(n: int, orgs: int) -> list[Member]:
    rng = random.Random(n)
    return [Member(i, f"Org {rng.randrange(orgs)}") for i in range(n)]


def run(folder: Path) -> list[Figure]:
    sixty = _room(60, 12)
    fifteen = _room(15, 5)
    ours_60 = statistics.median(
        repeats(form_groups(sixty, 3, 5, rng=random.Random(s))) for s in range(5)
    )
    random_60 = statistics.median(
        repeats(shuffled(sixty, 3, 5, random.Random(s))) for s in range(5)
    )
    ours_15 = statistics.median(
        repeats(form_groups(fifteen, 3, 7, rng=random.Random(s))) for s in range(5)
    )
    random_15 = statistics.median(
        repeats(shuffled(fifteen, 3, 7, random.Random(s))) for s in range(5)
    )
    five_hundred = _room(500, 40)
    times = []
    for seed in range(3):
        t0 = time.perf_counter()
        form_groups(five_hundred, 3, 5, rng=random.Random(seed))
        times.append(time.perf_counter() - t0)
    return [
        at_most(
            f"groups: meeting again, 60 people, 5 rounds of trios (random: {random_60:g})",
            ours_60,
            "people",
            0,
        ),
        at_most(
            f"groups: meeting again, 15 people, 7 rounds of trios (random: {random_15:g})",
            ours_15,
            "people",
            3,
        ),
        reference("groups: form 500 people into trios for 5 rounds", statistics.median(times), "s"),
    ]
