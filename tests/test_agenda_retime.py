"""Re-timing the rest of the day when it runs late, and absorbing the delay."""

from __future__ import annotations

import datetime as dt

from labdesk.core.agenda import Actual, Progress, absorb, fit_phases, plan, project
from labdesk.core.model import AgendaItem, ItemKind, Phase

DAY = dt.date(2026, 9, 17)
START = dt.time(9, 30)


def agenda() -> list[AgendaItem]:
    return [
        AgendaItem(id=1, title="Welcome", duration_min=30),
        AgendaItem(id=2, title="Session 1", duration_min=75),
        AgendaItem(id=3, title="Break", duration_min=15, kind=ItemKind.BREAK),
        AgendaItem(id=4, title="Session 2", duration_min=60),
        AgendaItem(id=5, title="Lunch", duration_min=45, kind=ItemKind.LUNCH),
        AgendaItem(id=6, title="Session 3", duration_min=60),
    ]


def at(hhmm: str) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(hhmm))


def test_before_the_day_starts_the_projection_is_the_plan() -> None:
    projection = project(DAY, START, agenda(), {}, at("08:00"))
    assert projection.late_min == 0
    assert projection.message() == "On time"
    assert [s.start.strftime("%H:%M") for s in projection.slots][:3] == ["09:30", "10:00", "11:15"]


def test_running_late_re_times_the_rest_and_says_when_lunch_is() -> None:
    actuals = {1: Actual(at("09:30"), at("10:07"))}  # the welcome took 37 min
    projection = project(
        DAY, START, agenda(), actuals, at("10:30"), current_item_id=2, current_left_s=52 * 60
    )
    assert projection.late_min == 7
    lunch = next(s for s in projection.slots if s.item.id == 5)
    assert f"{lunch.start:%H:%M}" == "12:37"
    assert projection.message() == "Running 7 min late — lunch now 12:37"
    assert [s.progress for s in projection.slots[:3]] == [
        Progress.DONE,
        Progress.CURRENT,
        Progress.COMING,
    ]


def test_a_fixed_lunch_waits_for_its_time_when_the_day_is_early() -> None:
    items = agenda()
    items[4].fixed_start = dt.time(13, 0)
    actuals = {1: Actual(at("09:30"), at("09:55"))}
    projection = project(
        DAY, START, items, actuals, at("09:56"), current_item_id=2, current_left_s=74 * 60
    )
    lunch = next(s for s in projection.slots if s.item.id == 5)
    assert f"{lunch.start:%H:%M}" == "13:00"
    assert projection.late_min < 0
    assert projection.message().startswith("Running 5 min ahead")


def test_the_plan_kept_at_the_start_survives_shortening() -> None:
    kept = plan(DAY, START, agenda())
    items = agenda()
    items[3].duration_min = 50  # Session 2 shortened later in the day
    projection = project(DAY, START, items, kept, at("09:00"))
    lunch = next(s for s in projection.slots if s.item.id == 5)
    assert f"{lunch.planned_start:%H:%M}" == "12:30"
    assert f"{lunch.start:%H:%M}" == "12:20"


def test_absorbing_a_delay_shortens_only_the_chosen_items() -> None:
    cuts, still_late = absorb(agenda(), 7, [4, 6])
    assert set(cuts) <= {4, 6}
    assert (
        sum(
            orig.duration_min - cuts.get(orig.id, orig.duration_min)
            for orig in agenda()
            if orig.id is not None
        )
        == 7
    )
    assert still_late == 0


def test_absorbing_more_than_the_items_can_give_says_what_is_left() -> None:
    cuts, still_late = absorb(agenda(), 200, [3], shortest_min=5)
    assert cuts == {3: 5}
    assert still_late == 190


def test_fit_phases_scales_timings_to_the_new_length() -> None:
    item = AgendaItem(
        id=1, title="T", duration_min=30, phases=[Phase("A", 600), Phase("B", 300, rounds=4)]
    )
    phases = fit_phases(item, 15)
    assert sum(p.duration_s * p.rounds for p in phases) == 15 * 60
