"""What every benchmark shares: figures printed against DESIGN.md's budget (or as a reference
measured in the same run), medians, and whole-process runs with their peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: str  # as DESIGN.md states it, e.g. "<= 16 ms"; "reference" for a figure to compare
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


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th quantile (0..1) of values, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("inf")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def at_most(name: str, value: float, unit: str, limit: float) -> Figure:
    return Figure(name, value, unit, f"<= {limit:g} {unit}", value <= limit)


def at_least(name: str, value: float, unit: str, limit: float) -> Figure:
    return Figure(name, value, unit, f">= {limit:g} {unit}", value >= limit)


def keystroke_times(search: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Seconds `search` takes on every prefix of every query, as it is typed."""
    times = []
    for query in queries:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            search(query[:end])
            times.append(time.perf_counter() - start)
    return times


def per_keystroke(
    label: str, detail: str, search: Callable[[str], object], queries: Sequence[str], ms: float
) -> list[Figure]:
    """`search` timed on every prefix of every query, as it is typed: the median ("label
    (detail)") and the 95th percentile, each against `ms` milliseconds."""
    times = sorted(keystroke_times(search, queries))
    return [
        at_most(f"{label} ({detail})", statistics.median(times) * 1000, "ms", ms),
        at_most(f"{label}, 95th percentile", times[int(len(times) * 0.95)] * 1000, "ms", ms),
    ]


def reference(name: str, value: float, unit: str) -> Figure:
    """A figure with no budget of its own: what a budgeted one is compared with, or context."""
    return Figure(name, value, unit, "reference", True)


def bench_env(folder: Path) -> dict[str, str]:
    """The environment for a child process: offscreen Qt, its own data and settings folders
    (the benchmark's files never join the user's recent list), this checkout."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "LABDESK_DATA_DIR": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


@dataclass
class Run:
    seconds: float  # wall time, process start to exit
    peak_mb: float  # the child's peak resident memory
    stdout: str
    stderr: str
    code: int


def run_process(args: Sequence[str], folder: Path, *, timeout: float = 300) -> Run:
    """Run a whole process as a user would wait on it: wall time and its own peak RSS."""
    env = bench_env(folder)
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(list(args), stdout=stdout, stderr=stderr, env=env, cwd=ROOT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                raise RuntimeError(f"{' '.join(args[:3])}… took more than {timeout:g} s")
            time.sleep(0.002)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return Run(seconds, peak_kb / 1024, out.read_text(), err.read_text(), child.returncode)


def labdesk(*args: str | Path) -> list[str]:
    """The command line for `labdesk ARGS…` from this checkout."""
    return [sys.executable, "-m", "labdesk", *map(str, args)]


def runs(args: Sequence[str], folder: Path, times: int, *, timeout: float = 300) -> list[Run]:
    """The same command `times` times; each must succeed."""
    done = []
    for _ in range(times):
        run = run_process(args, folder, timeout=timeout)
        if run.code != 0:
            raise RuntimeError(f"{' '.join(args[2:4])} failed: {run.stderr[-1500:]}")
        done.append(run)
    return done
