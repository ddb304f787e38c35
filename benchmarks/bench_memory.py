"""Memory of the running app with 10,000 attendees (realistic distinct names) on the demo day,
every area open, after printing badges (DESIGN.md: <= 300 MB RSS): the app is a child process,
and its peak resident memory is read by the parent when it exits."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.common import Figure, at_most, run_process
from benchmarks.people import workshop_file


def app_peak(folder: Path, path: Path, *, badges: bool, timeout: float = 600) -> float:
    """Peak RSS in MB of the app opened on path, every area shown, badges printed if asked."""
    done = run_process(
        [
            sys.executable,
            "-m",
            "benchmarks.bench_memory",
            str(path),
            str(folder / "app-badges.pdf"),
            str(int(badges)),
        ],
        folder,
        timeout=timeout,
    )
    if done.code != 0 or "every area shown" not in done.stdout:
        raise RuntimeError(f"the app did not finish ({done.code}): {done.stderr[-2000:]}")
    return done.peak_mb


def run(folder: Path) -> list[Figure]:
    path = workshop_file(folder / "big.labdesk", 10_000, with_codes=True, demo=True)
    peak = app_peak(folder, path, badges=True)
    return [
        at_most(
            "memory with 10,000 attendees, every area open, after printing badges (peak RSS)",
            peak,
            "MB",
            300,
        )
    ]


def _child(path: Path, out: Path, badges: bool) -> None:
    from benchmarks import app
    from labdesk.gui.areas import AREAS

    with app.main_window(path) as window:
        for spec in AREAS:
            app.open_area(window, spec.key)
        if badges:
            with app.answering(path=out) as opened:
                app.button(window.show_area("attendees"), "Print badges").click()
                app.wait_until(lambda: bool(opened), timeout_s=300)
        for spec in AREAS:  # each once more, with everything in it
            app.open_area(window, spec.key)
        app.until_idle()
        print("every area shown", flush=True)


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1")
