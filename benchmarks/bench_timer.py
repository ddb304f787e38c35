"""Timer: displayed remaining time against true time, over 8 simulated hours and on the real
clock."""

from __future__ import annotations

import math
import random
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most, reference
from labdesk.core.model import AgendaItem, Phase
from labdesk.core.timer import FakeClock, PhaseTimer, day_steps, system_clock


def _eight_hours(seed: int) -> float:
    """Max |timer's remaining - true remaining| in ms over 8 h of uneven ticks and pauses."""
    clock = FakeClock()
    day = [AgendaItem(id=1, title="Day", duration_min=600, phases=[Phase("All day", 36_000)])]
    timer = PhaseTimer(day_steps(day), clock)
    rng = random.Random(seed)
    timer.start()
    run = 0.0
    worst = 0.0
    end = clock.now + 8 * 3600
    while clock.now < end:
        step = rng.uniform(0.01, 0.4)
        if rng.random() < 0.0005:  # a pause of up to ten minutes now and then
            timer.pause()
            clock.advance(rng.uniform(1, 600))
            timer.start()
        clock.advance(step)
        run += step
        timer.tick()
        worst = max(worst, abs(timer.remaining() - (36_000 - run)))
    return worst * 1000


def _real_clock(seconds: float = 3.0) -> float:
    """Max lag in ms between the moment the digits should change and the moment the display
    loop, woken the way the console wakes (a precise timer for when the digits change), shows it."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from benchmarks.app import qt_app

    qt_app()  # one application for every benchmark in this process
    day = [AgendaItem(id=1, title="Day", duration_min=10, phases=[Phase("Phase", 600)])]
    timer = PhaseTimer(day_steps(day), system_clock)
    timer.start()
    started = timer.state.started_at
    assert started is not None
    lags: list[float] = []
    shown = timer.display()
    ticker = QTimer()
    ticker.setSingleShot(True)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    loop = QEventLoop()

    def wake() -> None:
        nonlocal shown
        now = system_clock()
        text = timer.display(now)
        if text != shown:
            elapsed = now - started
            boundary = math.floor(elapsed + 1e-9) if elapsed >= 0 else 0
            lags.append((elapsed - boundary) * 1000)
            shown = text
        if now - started > seconds:
            loop.quit()
            return
        ticker.start(min(1000, timer.ms_until_display_changes(now) + 2))

    ticker.timeout.connect(wake)
    ticker.start(0)
    loop.exec()
    return max(lags) if lags else float("inf")


def run(folder: Path) -> list[Figure]:
    drift = max(_eight_hours(seed) for seed in range(3))
    lag = statistics.median(_real_clock() for _ in range(3))
    t0 = time.perf_counter()
    timer = PhaseTimer(day_steps([AgendaItem(id=1, title="x", duration_min=1)]), FakeClock())
    for _ in range(10_000):
        timer.tick()
    per_tick_us = (time.perf_counter() - t0) / 10_000 * 1e6
    return [
        at_most("timer: remaining vs true time over 8 h, fake clock (max error)", drift, "ms", 50),
        at_most("timer: digits change after the true second, real clock (max lag)", lag, "ms", 50),
        reference("timer: one tick", per_tick_us, "µs"),
    ]
