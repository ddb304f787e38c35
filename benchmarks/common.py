"""What every benchmark shares: figures printed against their budget, medians, a temp folder."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: str  # as DESIGN.md states it, e.g. "<= 16 ms"
    ok: bool

    def line(self) -> str:
        value = f"{self.value:.3g}" if abs(self.value) < 1000 else f"{self.value:.0f}"
        return f"{self.name}: {value} {self.unit} (budget: {self.budget}) {'ok' if self.ok else 'over'}"


def median_seconds(fn: Callable[[], object], runs: int = 5) -> float:
    """Median wall time of fn over runs calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def at_most(name: str, value: float, unit: str, limit: float) -> Figure:
    return Figure(name, value, unit, f"<= {limit:g} {unit}", value <= limit)


def at_least(name: str, value: float, unit: str, limit: float) -> Figure:
    return Figure(name, value, unit, f">= {limit:g} {unit}", value >= limit)


def per_keystroke(
    label: str, detail: str, search: Callable[[str], object], queries: Sequence[str], ms: float
) -> list[Figure]:
    """`search` timed on every prefix of every query, as it is typed: the median ("label
    (detail)") and the 95th percentile, each against `ms` milliseconds."""
    times = []
    for query in queries:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            search(query[:end])
            times.append(time.perf_counter() - start)
    times.sort()
    return [
        at_most(f"{label} ({detail})", statistics.median(times) * 1000, "ms", ms),
        at_most(f"{label}, 95th percentile", times[int(len(times) * 0.95)] * 1000, "ms", ms),
    ]
