"""The phase timer against a fake clock: pause/resume, sleep, restart, no drift, advances."""

from __future__ import annotations

import random

from labdesk.core.model import AgendaItem, ItemKind, Phase
from labdesk.core.timer import (
    SLEEP_GAP_S,
    FakeClock,
    Level,
    PhaseTimer,
    Status,
    TimerState,
    day_steps,
    format_seconds,
    item_steps,
)


def troika(item_id: int = 1) -> AgendaItem:
    return AgendaItem(
        id=item_id,
        title="Troika",
        duration_min=30,
        phases=[
            Phase("Form trios", 60, "Form trios"),
            Phase("Client shares", 120, "Client: share", rounds=3, group_size=3, auto_advance=True),
            Phase("Questions", 120, "Ask", rounds=3, group_size=3, auto_advance=True),
            Phase("Reflect", 120, "Reflect", rounds=3, group_size=3),
            Phase("Harvest", 300, "What will you take back?"),
        ],
    )


def day() -> list[AgendaItem]:
    return [
        troika(1),
        AgendaItem(id=2, title="Break", duration_min=15, kind=ItemKind.BREAK),
        AgendaItem(id=3, title="Close", duration_min=10, phases=[Phase("Next steps", 600)]),
    ]


def test_rounds_repeat_the_block_of_phases_in_order() -> None:
    names = [(s.name, s.round_label) for s in item_steps(troika())]
    assert names[:4] == [
        ("Form trios", ""),
        ("Client shares", "Round 1 of 3"),
        ("Questions", "Round 1 of 3"),
        ("Reflect", "Round 1 of 3"),
    ]
    assert names[4] == ("Client shares", "Round 2 of 3")
    assert names[-1] == ("Harvest", "")
    assert len(names) == 1 + 9 + 1


def test_a_break_is_one_pause_step_as_long_as_the_item() -> None:
    steps = day_steps(day())
    pause = [s for s in steps if s.item_id == 2]
    assert len(pause) == 1 and pause[0].is_pause and pause[0].duration_s == 15 * 60


def test_pause_and_resume_keep_the_time_run() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    assert timer.display() == "1:00"
    timer.start()
    clock.advance(20)
    timer.pause()
    clock.advance(500)  # paused: nothing runs
    assert timer.remaining() == 40
    timer.start()
    clock.advance(10.5)
    assert timer.display() == "0:30"  # 29.5 s left shows as 0:30 (rounded up)
    assert timer.state.status is Status.RUNNING


def test_plus_and_minus_one_minute_change_the_length_not_the_time_run() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    clock.advance(30)
    timer.add_seconds(60)
    assert timer.remaining() == 90
    timer.add_seconds(-60)
    timer.add_seconds(-60)
    assert timer.remaining() == -30 and timer.level() is Level.OVERRUN
    assert timer.display() == "+0:30"


def test_warning_then_end_then_overrun_each_reported_once() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)  # a minute: warns at 30 s
    timer.start()
    kinds = []
    for _ in range(200):
        clock.advance(0.5)
        kinds += [e.kind for e in timer.tick()]
    assert kinds == ["warning", "ended", "advanced"] or kinds == ["warning", "ended"]
    assert timer.level() is Level.OVERRUN
    assert timer.display().startswith("+")


def test_automatic_advance_chains_on_exact_end_times() -> None:
    clock = FakeClock()
    steps = day_steps(day())
    timer = PhaseTimer(steps, clock)
    timer.go_to(1)  # Client shares, round 1 (auto)
    timer.start()
    clock.advance(120 + 120 + 7)  # looks at the clock late: both auto steps are over
    events = timer.tick()
    assert [e.kind for e in events].count("advanced") == 2
    assert timer.step is not None and timer.step.name == "Reflect"
    assert timer.remaining() == 120 - 7  # no time lost or gained by looking late
    # Reflect is manual: it overruns rather than moving on.
    clock.advance(200)
    timer.tick()
    assert timer.step.name == "Reflect" and timer.level() is Level.OVERRUN


def test_restart_resumes_from_stored_anchors_within_a_second() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(10)  # Harvest, 300 s
    timer.start()
    clock.advance(100)
    stored = timer.state.to_dict()
    clock.advance(42)  # the app was killed and reopened 42 s later
    again = PhaseTimer(day_steps(day()), clock, TimerState.from_dict(stored))
    assert again.step is not None and again.step.name == "Harvest"
    assert abs(again.remaining() - (300 - 142)) < 1


def test_sleep_is_noticed_and_the_time_is_right_on_waking() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(10)
    timer.start()
    clock.advance(1)
    timer.tick()
    clock.advance(600)  # lid closed for ten minutes
    events = timer.tick()
    assert "slept" in [e.kind for e in events]
    assert timer.resume_note() == "The laptop slept for 10 min; the timer kept real time."
    assert timer.remaining() == 300 - 601
    clock.advance(SLEEP_GAP_S / 2)
    assert "slept" not in [e.kind for e in timer.tick()]


def test_the_real_clock_counts_a_sleep_that_monotonic_time_misses(monkeypatch) -> None:
    """On Linux and macOS time.monotonic stops while the laptop sleeps; the timer's own clock
    (wall time) does not, so ten minutes asleep are ten minutes gone."""
    import time

    wall, mono = [1_800_000_000.0], [5_000.0]
    monkeypatch.setattr(time, "time", lambda: wall[0])
    monkeypatch.setattr(time, "monotonic", lambda: mono[0])
    timer = PhaseTimer(day_steps(day()))  # the default clock
    timer.go_to(10)
    timer.start()
    wall[0] += 1
    mono[0] += 1
    timer.tick()
    wall[0] += 600  # asleep: the wall clock moves on, monotonic time does not
    events = timer.tick()
    assert "slept" in [e.kind for e in events]
    assert timer.remaining() == 300 - 601


def test_a_clock_set_backwards_never_runs_time_back() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    clock.advance(-3600)
    assert timer.remaining() == 60


def test_no_drift_over_eight_simulated_hours_of_irregular_ticks() -> None:
    clock = FakeClock()
    long_day = [AgendaItem(id=1, title="Long", duration_min=600, phases=[Phase("All day", 36_000)])]
    timer = PhaseTimer(day_steps(long_day), clock)
    rng = random.Random(7)
    start = clock.now
    timer.start()
    worst = 0.0
    while clock.now - start < 8 * 3600:
        clock.advance(rng.uniform(0.01, 0.35))  # GUI ticks arrive late and unevenly
        timer.tick()
        true_left = 36_000 - (clock.now - start)
        worst = max(worst, abs(timer.remaining() - true_left))
    assert worst < 1e-6
    assert timer.display() == format_seconds(36_000 - (clock.now - start))


def test_next_and_previous_cross_items_and_report_actual_times() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    events = timer.start()
    assert [(e.kind, e.item_id) for e in events] == [("item_started", 1)]
    for _ in range(10):
        timer.next()
    events = timer.next()  # into the break
    assert [(e.kind, e.item_id) for e in events] == [("item_ended", 1), ("item_started", 2)]
    assert timer.step is not None and timer.step.is_pause
    timer.previous()
    assert timer.step.name == "Harvest"


def test_last_next_of_the_day_stops_and_ends_the_item() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(len(timer.steps) - 1)
    timer.start()
    events = timer.next()
    assert timer.state.status is Status.PAUSED
    assert ("item_ended", 3) in [(e.kind, e.item_id) for e in events]


def test_digits_change_exactly_on_the_second() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    clock.advance(0.25)
    wait = timer.ms_until_display_changes()
    assert wait == 750
    before = timer.display()
    clock.advance(wait / 1000 - 0.001)
    assert timer.display() == before
    clock.advance(0.002)
    assert timer.display() != before


def test_corrupt_state_falls_back_to_the_first_step() -> None:
    state = TimerState.from_dict({"item_id": "x", "status": "weird"})
    timer = PhaseTimer(day_steps(day()), FakeClock(), state)
    assert timer.index == 0 and timer.state.status is Status.IDLE


def test_removed_item_falls_back_without_crashing() -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(11)
    timer.set_steps(day_steps(day()[:1]))
    assert timer.step is not None and timer.step.item_id == 1
