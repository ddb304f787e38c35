"""Name search per keystroke (DESIGN.md: <= 16 ms, accent- and typo-tolerant), 10,000 attendees:
in the index alone, and typed into the Check-in area's search field until the results are
painted. The queries are what a desk types for people on the list: given and family name, some
without accents, some with a typo, a family name alone, an organisation."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most, keystroke_times, percentile, reference
from benchmarks.people import attendees, workshop_file

PEOPLE = 10_000


def queries(people: list, n: int = 24, seed: int = 3) -> list[str]:
    """What a person at the desk types to find n people of the list (typos included)."""
    from labdesk.core.model import fold

    rng = random.Random(seed)
    out = []
    for k, person in enumerate(rng.sample(people, n)):
        shape = k % 6
        if shape == 0:
            typed = person.name  # as written, accents and all
        elif shape == 1:
            typed = fold(person.name)  # without accents
        elif shape == 2:  # two letters swapped in the family name
            family = fold(person.family_name or person.name.split()[-1])
            at = rng.randrange(max(1, len(family) - 1))
            typed = f"{fold(person.given_name)} {family[:at]}{family[at + 1 : at + 2]}{family[at : at + 1]}{family[at + 2 :]}"
        elif shape == 3:
            typed = person.family_name or person.name  # family name alone
        elif shape == 4:  # a letter missing
            name = fold(person.name)
            at = rng.randrange(1, len(name))
            typed = name[:at] + name[at + 1 :]
        else:
            typed = person.organisation.lower()
        out.append(typed)
    return out


def run(folder: Path) -> list[Figure]:
    return run_index() + run_window(folder)


def run_index(n: int = PEOPLE) -> list[Figure]:
    from labdesk.core.search import SearchIndex

    people = attendees(n)
    for i, person in enumerate(people):
        person.id = i + 1
    start = time.perf_counter()
    index = SearchIndex(people)
    build = time.perf_counter() - start
    times = keystroke_times(lambda typed: index.search(typed, limit=30), queries(people))
    ms = 1000
    size = f"{n:,} attendees"
    return [
        at_most(f"name search per keystroke ({size})", statistics.median(times) * ms, "ms", 16),
        at_most(
            f"name search per keystroke, 95th percentile ({size})",
            percentile(times, 0.95) * ms,
            "ms",
            16,
        ),
        reference(f"name search per keystroke, slowest ({size})", max(times) * ms, "ms"),
        reference(f"search index build ({size})", build, "s"),
    ]


def run_window(folder: Path) -> list[Figure]:
    from benchmarks import app

    path = workshop_file(folder / "search.labdesk", PEOPLE)
    typed = queries(attendees(PEOPLE))
    with app.main_window(path) as window:
        times = app.time_typing(app.open_area(window, "checkin"), typed)
    ms = 1000
    return [
        at_most(
            f"name search per keystroke in the desk, results painted ({PEOPLE:,} attendees)",
            statistics.median(times) * ms,
            "ms",
            16,
        ),
        at_most(
            "name search per keystroke in the desk, 95th percentile",
            percentile(times, 0.95) * ms,
            "ms",
            16,
        ),
    ]
