"""Rehearsal (issue #13, item 8): "Rehearse from now" runs the day from the current time in a record
of its own; the real day's timer, actual times and groups are never touched."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from labdesk.core.agenda import Actual, project
from labdesk.core.grouping import meetings
from labdesk.core.rehearsal import Run, project_rehearsal, rehearsal_plan, rehearse_from
from labdesk.core.timer import FakeClock, PhaseTimer, Status, day_steps
from labdesk.store import WorkshopFileError, day_report
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop

DAY_START = dt.datetime(2026, 9, 17, 9, 30)
EVENING_BEFORE = dt.datetime(2026, 9, 16, 21, 3, 41)


def _real_record(doc) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    """Everything the real day keeps about running it."""
    con = doc.con
    return (
        con.execute("SELECT * FROM run_state").fetchall(),
        con.execute("SELECT * FROM item_actuals ORDER BY agenda_item_id").fetchall(),
        con.execute("SELECT * FROM group_sets WHERE rehearsal = 0 ORDER BY id").fetchall(),
    )


def _as_tuples(record: tuple[object, ...]) -> list[list[tuple[object, ...]]]:
    return [[tuple(r) for r in rows] for rows in record]  # type: ignore[attr-defined]


def _item(doc, start: str):  # type: ignore[no-untyped-def]
    return next(i for i in store_agenda.load(doc) if i.title.startswith(start))


def test_a_rehearsal_never_touches_the_real_record(demo_file) -> None:
    w = store_workshop.load(demo_file)
    items = store_agenda.load(demo_file)
    # The real day has begun: its timer, its first item's times and Troika's groups are kept.
    clock = FakeClock(DAY_START.timestamp())
    real = PhaseTimer(day_steps(items), clock)
    real.start()
    store_run.save_timer(demo_file, real.state)
    from labdesk.core.agenda import plan

    store_run.keep_plan(demo_file, plan(w.date, w.day_start, items))
    store_run.record(demo_file, items[0].id, start=DAY_START)
    troika = _item(demo_file, "Session 1")
    store_groups.form_for_item(demo_file, troika, rng=random.Random(1))
    before = _as_tuples(_real_record(demo_file))
    real_groups = store_groups.latest(demo_file, troika.id)

    rehearsal = store_run.start_rehearsal(
        demo_file, rehearse_from(EVENING_BEFORE, w.date, w.day_start)
    )
    clock = FakeClock(EVENING_BEFORE.timestamp())
    timer = PhaseTimer(day_steps(items), clock, store_run.load_timer(demo_file, Run.REHEARSAL))
    assert timer.state.status is Status.IDLE and timer.index == 0  # from the top
    timer.start()
    store_run.save_timer(demo_file, timer.state, Run.REHEARSAL)
    store_run.keep_plan(demo_file, rehearsal_plan(rehearsal, items), Run.REHEARSAL)
    store_run.record(demo_file, items[0].id, start=EVENING_BEFORE, run=Run.REHEARSAL)
    store_run.record(demo_file, items[0].id, end=EVENING_BEFORE, run=Run.REHEARSAL)
    store_run.reopen(demo_file, items[0].id, Run.REHEARSAL)
    formed = store_groups.form_for_item(demo_file, troika, rng=random.Random(7), run=Run.REHEARSAL)
    store_run.reset_day(demo_file, Run.REHEARSAL)
    store_groups.form_for_item(demo_file, troika, rng=random.Random(8), run=Run.REHEARSAL)

    assert _as_tuples(_real_record(demo_file)) == before
    assert store_run.load_timer(demo_file).status is Status.RUNNING  # the real timer, as it was
    assert store_groups.latest(demo_file, troika.id).rounds == real_groups.rounds
    rehearsed = store_groups.latest(demo_file, troika.id, Run.REHEARSAL)
    assert rehearsed is not None and rehearsed.rehearsal
    assert rehearsed.rounds != real_groups.rounds and formed.kept is not None
    # The rehearsal's groups are no meetings of the real day.
    assert store_groups.history(demo_file) == meetings(real_groups.formation().distinct_rounds())
    assert store_groups.history(demo_file, run=Run.REHEARSAL) != store_groups.history(demo_file)
    store_run.end_rehearsal(demo_file)
    assert _as_tuples(_real_record(demo_file)) == before
    assert store_run.current_rehearsal(demo_file) is None
    assert demo_file.con.execute("SELECT count(*) FROM rehearsal_actuals").fetchone()[0] == 0
    assert store_groups.latest(demo_file, troika.id, Run.REHEARSAL).rounds == real_groups.rounds


def test_rehearsing_the_evening_before_is_timed_from_now_not_563_min_late(demo_file) -> None:
    w = store_workshop.load(demo_file)
    items = store_agenda.load(demo_file)
    rehearsal = rehearse_from(EVENING_BEFORE, w.date, w.day_start)
    assert rehearsal.started_at == dt.datetime(2026, 9, 16, 21, 3)
    first, second = items[0].id, items[1].id
    began = rehearsal.started_at
    actuals = dict(rehearsal_plan(rehearsal, items))
    actuals[first] = Actual(began, began + dt.timedelta(minutes=35), *_planned(actuals[first]))
    now = began + dt.timedelta(minutes=36)
    projection = project_rehearsal(rehearsal, items, actuals, now, second, 29 * 60)
    assert projection.late_min == 5
    assert projection.message() == "Running 5 min late — lunch now 00:38"
    assert [f"{s.planned_start:%H:%M}" for s in projection.slots[:2]] == ["21:03", "21:33"]
    # The fixed lunch (13:00 on the day) is at risk at its rehearsal time.
    assert projection.risk_message() == (
        "Lunch is fixed at 00:33 but now starts at 00:38 (5 min late)"
    )
    # Timed against the workshop's own morning, the same evening reads as the issue saw it.
    plain = project(w.date, w.day_start, items, {first: Actual(began)}, now, first, 60)
    assert plain.late_min < -600 or plain.late_min > 500


def _planned(a: Actual) -> tuple[dt.datetime | None, dt.datetime | None]:
    return a.planned_start, a.planned_end


def test_a_restart_goes_back_to_the_rehearsal_and_its_timer(demo_file) -> None:
    w = store_workshop.load(demo_file)
    started = store_run.start_rehearsal(
        demo_file, rehearse_from(EVENING_BEFORE, w.date, w.day_start)
    )
    clock = FakeClock(EVENING_BEFORE.timestamp())
    timer = PhaseTimer(day_steps(store_agenda.load(demo_file)), clock)
    timer.start()
    store_run.save_timer(demo_file, timer.state, Run.REHEARSAL)
    assert store_run.current_rehearsal(demo_file) == started
    resumed = store_run.load_timer(demo_file, Run.REHEARSAL)
    assert resumed.status is Status.RUNNING and resumed.started_at == timer.state.started_at
    assert store_run.load_timer(demo_file).status is Status.IDLE  # the real day has not begun


def test_the_rehearsal_timer_cannot_be_kept_without_a_rehearsal(demo_file) -> None:
    timer = PhaseTimer(day_steps(store_agenda.load(demo_file)), FakeClock())
    with pytest.raises(WorkshopFileError, match="No rehearsal is running"):
        store_run.save_timer(demo_file, timer.state, Run.REHEARSAL)


def test_the_day_report_never_shows_rehearsal_times(demo_file) -> None:
    w = store_workshop.load(demo_file)
    items = store_agenda.load(demo_file)
    store_run.start_rehearsal(demo_file, rehearse_from(EVENING_BEFORE, w.date, w.day_start))
    store_run.record(demo_file, items[0].id, start=EVENING_BEFORE, run=Run.REHEARSAL)
    store_run.record(demo_file, items[0].id, end=EVENING_BEFORE, run=Run.REHEARSAL)
    report = day_report.load(demo_file)
    assert all(t.actual_start is None for t in report.timings)
