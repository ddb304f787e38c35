"""Fixed items hold (issue #13, item 3): minutes added before lunch (fixed 13:00) come out of the
items before it, or the change is refused with a plain reason; re-timing names fixed items at
risk for the banner."""

from __future__ import annotations

import copy
import datetime as dt

from labdesk.core.agenda import Actual, fixed_at_risk, hold_fixed, project, schedule
from labdesk.core.model import AgendaItem, ItemKind, Phase

DAY = dt.date(2026, 9, 17)
START = dt.time(9, 30)


def seed_day() -> list[AgendaItem]:
    """The seed day's morning: lunch is booked with the caterers for 13:00."""
    return [
        AgendaItem(id=1, title="Arrival", duration_min=30, kind=ItemKind.WELCOME),
        AgendaItem(id=2, title="Welcome and networking", duration_min=30),
        AgendaItem(
            id=3,
            title="Session 1",
            duration_min=75,
            phases=[Phase("Talk", 25 * 60), Phase("Troika", 50 * 60)],
        ),
        AgendaItem(id=4, title="Break", duration_min=15, kind=ItemKind.BREAK),
        AgendaItem(id=5, title="Session 2", duration_min=60),
        AgendaItem(
            id=6,
            title="Lunch",
            duration_min=45,
            kind=ItemKind.LUNCH,
            fixed_start=dt.time(13, 0),
        ),
        AgendaItem(id=7, title="Session 3", duration_min=60),
    ]


def lunch_start(items: list[AgendaItem]) -> str:
    slot = next(s for s in schedule(START, items) if s.item.id == 6)
    return f"{slot.start:%H:%M}"


def lengthen(items: list[AgendaItem], item_id: int, minutes: int) -> list[AgendaItem]:
    after = copy.deepcopy(items)
    for item in after:
        if item.id == item_id:
            item.duration_min += minutes
    return after


def test_the_seed_morning_fills_the_time_to_lunch_exactly() -> None:
    assert lunch_start(seed_day()) == "13:00"
    assert fixed_at_risk(DAY, START, seed_day()) == []


def test_twelve_minutes_more_before_lunch_come_out_of_the_other_items() -> None:
    before = seed_day()
    after = lengthen(before, 5, 12)  # Session 2 takes 72 min now
    assert lunch_start(after) == "13:12"  # what the agenda did before: lunch moved silently
    held = hold_fixed(START, before, after)
    assert held.ok
    assert lunch_start(held.items) == "13:00"
    lengths = {i.id: i.duration_min for i in held.items}
    assert lengths[5] == 72  # the change asked for is kept
    assert lengths[4] == 15 and lengths[6] == 45  # breaks and lunch are never shortened
    cut = {item.id: (old, new) for item, old, new in held.shortened}
    assert set(cut) <= {1, 2, 3} and sum(old - new for old, new in cut.values()) == 12
    # Each gives in proportion to its length: Session 1 the most.
    assert cut[3][0] - cut[3][1] >= max(old - new for i, (old, new) in cut.items() if i != 3)
    assert held.message().startswith("Kept Lunch at 13:00: ")
    assert "Session 1 75→" in held.message()


def test_a_shortened_item_with_phases_has_its_phases_scaled_to_fit() -> None:
    before = seed_day()
    held = hold_fixed(START, before, lengthen(before, 5, 12))
    session = next(i for i in held.items if i.id == 3)
    assert session.duration_min < 75
    assert abs(sum(p.duration_s for p in session.phases) - session.duration_min * 60) <= 30
    assert [p.duration_s for p in before[2].phases] == [25 * 60, 50 * 60]  # input untouched


def test_an_item_added_before_lunch_is_kept_whole_and_others_make_room() -> None:
    before = seed_day()
    after = copy.deepcopy(before)
    after.insert(4, AgendaItem(title="Energiser", duration_min=10))
    held = hold_fixed(START, before, after)
    assert held.ok and lunch_start(held.items) == "13:00"
    assert next(i for i in held.items if i.title == "Energiser").duration_min == 10


def test_more_than_the_morning_can_give_is_refused_with_a_plain_reason() -> None:
    before = seed_day()
    after = lengthen(before, 5, 150)
    held = hold_fixed(START, before, after)
    assert not held.ok
    assert held.message() == (
        "Lunch is fixed at 13:00; this change would move it to 15:30, and the items before it "
        "can give only 120 of the 150 min (none below 5 min). Shorten something before it "
        "yourself, or change Lunch's time."
    )
    assert held.items == after and held.shortened == []


def test_when_nothing_before_it_can_give_the_reason_says_so() -> None:
    before = [
        AgendaItem(id=1, title="Talk", duration_min=60),
        AgendaItem(id=2, title="Lunch", duration_min=45, fixed_start=dt.time(10, 30)),
    ]
    held = hold_fixed(START, before, lengthen(before, 1, 5))
    assert not held.ok
    assert "nothing before it can be shorter" in held.refused


def test_minutes_taken_from_the_gap_before_lunch_need_no_shortening() -> None:
    before = seed_day()
    before[4].duration_min = 45  # lunch waits 15 min for its time
    held = hold_fixed(START, before, lengthen(before, 5, 10))
    assert held.ok and held.shortened == [] and held.message() == ""


def test_items_after_lunch_are_free_to_grow() -> None:
    before = seed_day()
    held = hold_fixed(START, before, lengthen(before, 7, 30))
    assert held.ok and held.shortened == []


def test_a_plan_already_late_is_only_kept_from_getting_later() -> None:
    before = lengthen(seed_day(), 5, 20)  # lunch was already at 13:20
    assert [r.late_min for r in fixed_at_risk(DAY, START, before)] == [20]
    held = hold_fixed(START, before, lengthen(before, 7, 10))  # an afternoon change
    assert held.ok and held.shortened == []
    worse = hold_fixed(START, before, lengthen(before, 2, 5))
    assert worse.ok and lunch_start(worse.items) == "13:20"


def test_re_timing_names_a_fixed_lunch_at_risk_for_the_banner() -> None:
    items = seed_day()

    def at(hhmm: str) -> dt.datetime:
        return dt.datetime.combine(DAY, dt.time.fromisoformat(hhmm))

    actuals = {1: Actual(at("09:30"), at("10:00")), 2: Actual(at("10:00"), at("10:42"))}
    projection = project(
        DAY, START, items, actuals, at("10:45"), current_item_id=3, current_left_s=72 * 60
    )
    assert [r.item.title for r in projection.at_risk] == ["Lunch"]
    assert (
        projection.risk_message() == "Lunch is fixed at 13:00 but now starts at 13:12 (12 min late)"
    )
    on_time = project(DAY, START, items, {1: Actual(at("09:30"), at("10:00"))}, at("10:00"))
    assert on_time.at_risk == [] and on_time.risk_message() == ""


def test_the_store_keeps_the_demos_lunch_at_one_when_a_session_grows(demo_file) -> None:
    from labdesk.store import agenda as store_agenda

    items = store_agenda.load(demo_file)
    session = next(i for i in items if i.title.startswith("Session 2"))
    session.duration_min += 12
    held = store_agenda.replace_holding_fixed(demo_file, items)
    assert held.ok and held.shortened
    saved = store_agenda.load(demo_file)
    assert next(i for i in saved if i.title.startswith("Session 2")).duration_min == 72
    lunch = next(s for s in schedule(dt.time(9, 30), saved) if s.item.title == "Lunch")
    assert f"{lunch.start:%H:%M}" == "13:00"
    too_much = store_agenda.load(demo_file)
    too_much[0].duration_min += 300
    refused = store_agenda.replace_holding_fixed(demo_file, too_much)
    assert not refused.ok and "Lunch is fixed at 13:00" in refused.refused
    assert [i.duration_min for i in store_agenda.load(demo_file)] == [
        i.duration_min for i in saved
    ]  # nothing saved
