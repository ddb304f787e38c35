"""The app left alone once a workshop has opened: what it does when idle (the undo history's
recorder, made 1.5 s after opening, among it) never holds the GUI thread longer than a frame
(DESIGN.md: the GUI never blocks longer than a frame). Start-up's own line stops once the window
is painted and idle, and the burst lines start once the app has settled: this one watches in
between. Each open is a new process, as a facilitator's is (nothing imported or made before)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Figure, at_most, bench_env, reference

OPENS = 5
WATCH_UNTIL_S = 3.0  # after opening: the work the app does once idle is done by then
LATER_S = 1.0  # after opening: what start-up left for after the first paint is done by then
FRAME_MS = 16


def _child(path: Path) -> None:
    """In the child: open the workshop, wait until painted and idle, then print the longest
    GUI stall until WATCH_UNTIL_S after opening, and the longest from LATER_S on."""
    from PySide6.QtCore import QTimer

    from benchmarks import app

    opened = time.perf_counter()
    with app.main_window(path) as window:
        app.until_idle()
        watch, later = app.Watch(), app.Watch()
        watch.start()
        wait_ms = max(0, round((LATER_S - (time.perf_counter() - opened)) * 1000))
        QTimer.singleShot(wait_ms, later.start)
        app.wait_until(lambda: time.perf_counter() - opened > WATCH_UNTIL_S, every_ms=20)
        stall, later_stall = watch.stop(), later.stop()
        if window.services is None:
            raise RuntimeError("the workshop did not stay open")
    print(f"{stall:.3f} {later_stall:.3f}")


def _settling(path: Path, folder: Path) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_idle", str(path)],
        cwd=ROOT,
        env=bench_env(folder),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the app failed: {done.stderr[-2000:]}")
    whole, later = done.stdout.split()[-2:]
    return float(whole), float(later)


def run(folder: Path) -> list[Figure]:
    import compileall

    import labdesk
    from labdesk.store.demo import create_demo

    # As an installed labdesk has it (see bench_startup): the compiler is not what is measured.
    compileall.compile_dir(Path(labdesk.__file__).parent, quiet=1)
    stalls, later = [], []
    for n in range(OPENS):
        path = folder / f"idle-{n}.labdesk"
        create_demo(path).close(take_backup=False)
        whole, after = _settling(path, folder)
        stalls.append(whole)
        later.append(after)
    return [
        at_most(
            f"a workshop just opened, left alone to {WATCH_UNTIL_S:g} s: longest GUI stall"
            f" (median of {OPENS} starts)",
            statistics.median(stalls),
            "ms",
            FRAME_MS,
        ),
        reference("the same: the worst of them", max(stalls), "ms"),
        at_most(
            f"the same from {LATER_S:g} s to {WATCH_UNTIL_S:g} s (the undo recorder made in it)",
            statistics.median(later),
            "ms",
            FRAME_MS,
        ),
    ]


if __name__ == "__main__":
    _child(Path(sys.argv[1]))
