"""What the room sees, decided in core (issue #13, items 4 and 10, and contrast): a closing screen
after the last item, warnings per phase, one "Break", colours at least 7:1 on every screen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from labdesk.core import activities
from labdesk.core.grouping import Member, form_by_rule
from labdesk.core.model import AgendaItem, ItemKind, Phase, Workshop
from labdesk.core.room import (
    MIN_CONTRAST,
    Mode,
    groups_on_screen,
    room_screen,
    text_pairs,
)
from labdesk.core.timer import FakeClock, Level, PhaseTimer, Status, TimerState, day_steps
from labdesk.paths import resource

START = dt.datetime(2026, 9, 17, 9, 30)
WORKSHOP = Workshop("Insights to action", dt.date(2026, 9, 17), organiser="Q Lab and Mind")


def day() -> list[AgendaItem]:
    return [
        AgendaItem(id=1, title="Troika", duration_min=10, phases=[Phase("Consult", 120, "Go")]),
        AgendaItem(id=2, title="Break", duration_min=15, kind=ItemKind.BREAK),
        AgendaItem(id=3, title="Close", duration_min=5, phases=[Phase("Next steps", 300, "Bye")]),
    ]


def screen(timer: PhaseTimer, clock: FakeClock, **kw):  # type: ignore[no-untyped-def]
    return room_screen(timer, WORKSHOP, dt.datetime.fromtimestamp(clock()), **kw)


def test_after_the_last_item_the_room_sees_a_closing_screen_not_overtime() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(2)
    timer.start()
    clock.advance(305)  # the close ran five seconds over
    assert screen(timer, clock).level is Level.OVERRUN
    events = timer.next()
    assert [e.kind for e in events] == ["item_ended", "day_ended"]
    shown = screen(timer, clock)
    assert shown.mode is Mode.CLOSING
    assert shown.countdown == "" and not shown.paused and shown.level is Level.NORMAL
    assert shown.closing == ("Thank you for today", "Insights to action", "Q Lab and Mind")
    # It stays the close however long the room lingers, and a restart comes back to it.
    clock.advance(3600)
    assert timer.tick() == [] and screen(timer, clock).mode is Mode.CLOSING
    again = PhaseTimer(day_steps(day()), clock, TimerState.from_dict(timer.state.to_dict()))
    assert screen(again, clock).mode is Mode.CLOSING
    assert again.next() == [] and again.start() == []  # Space or Next: still the close
    assert again.state.status is Status.PAUSED


def test_previous_from_the_closing_screen_goes_back_into_the_last_step() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(2)
    timer.start()
    clock.advance(100)
    timer.next()
    timer.previous()
    shown = screen(timer, clock)
    assert shown.mode is Mode.PHASE and shown.phase == "Next steps" and shown.countdown == "3:20"
    timer.previous()
    assert screen(timer, clock).phase == "Break"


def test_the_phase_screen_warns_at_the_phases_own_time() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    kinds = []
    for _ in range(89):
        clock.advance(1)
        kinds += [e.kind for e in timer.tick()]
    assert kinds == [] and screen(timer, clock).level is Level.NORMAL
    clock.advance(2)  # 29 s left of two minutes
    shown = screen(timer, clock)
    assert shown.level is Level.WARNING and shown.warning_text == "Nearly time"
    assert [e.kind for e in timer.tick()] == ["warning"]


def test_a_phase_of_its_own_warning_and_a_minute_added_move_the_warning() -> None:
    item = AgendaItem(id=1, title="T", duration_min=5, phases=[Phase("P", 300, "Go", warn_s=90)])
    clock = FakeClock()
    timer = PhaseTimer(day_steps([item]), clock)
    assert timer.warning_s == 90
    timer.start()
    clock.advance(211)
    assert timer.level() is Level.WARNING
    scaled = AgendaItem(id=2, title="T", duration_min=2, phases=[Phase("P", 120, "Go")])
    timer = PhaseTimer(day_steps([scaled]), clock)
    assert timer.warning_s == 30
    timer.add_seconds(60)  # three minutes now: 20 % of them
    assert timer.warning_s == 36


def test_a_break_says_break_once_and_when_to_be_back() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.go_to(1)
    timer.start()
    clock.advance(30)
    shown = screen(timer, clock)
    assert shown.mode is Mode.BREAK and shown.phase == "Break" and shown.item == ""
    assert shown.back_at == "Back at 09:45"


def test_the_laptop_slept_note_never_reaches_the_room() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    timer.tick()
    clock.advance(600)
    timer.tick()
    assert "slept" in timer.resume_note()
    text = " ".join(str(v) for v in dataclasses.asdict(screen(timer, clock)).values())
    assert "slept" not in text


def test_before_the_day_the_room_sees_the_workshop_and_what_comes_first() -> None:
    clock = FakeClock(START.timestamp())
    shown = screen(PhaseTimer(day_steps(day()), clock), clock)
    assert shown.mode is Mode.IDLE and shown.next_up == "Troika"
    assert shown.prompt == "Thursday 17 September 2026 · Starting at 09:30"


def test_blank_is_blank_whatever_the_timer_says() -> None:
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    assert screen(timer, clock, blank=True).mode is Mode.BLANK


def test_troikas_groups_on_the_projector_name_this_rounds_client() -> None:
    troika = next(
        a for a in activities.load_library(resource("activities")) if a.key == "troika-consulting"
    )
    people = [Member(i) for i in range(9)]
    formation = form_by_rule(
        people, troika.grouping, troika.phases, troika.roles, rng=random.Random(1)
    )
    names = {i: f"P{i}" for i in range(9)}
    title, groups = groups_on_screen(formation, 1, names)
    assert title == "Round 2 of 3: the client is each group's second person"
    for shown, group in zip(groups, formation.stages[1].groups, strict=True):
        assert shown[1] == f"{names[group[1]]} · client"
        assert sum("client" in line for line in shown) == 1
    clock = FakeClock(START.timestamp())
    timer = PhaseTimer(day_steps(day()), clock)
    timer.start()
    on = screen(timer, clock, groups=(title, groups))
    assert on.mode is Mode.GROUPS and on.groups[0][1].endswith("· client")


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("paused", [False, True])
def test_every_projector_screen_keeps_its_text_at_least_seven_to_one(
    mode: Mode, level: Level, paused: bool
) -> None:
    for what, ratio in text_pairs(mode, level, paused).items():
        assert ratio >= MIN_CONTRAST, f"{mode} {level} paused={paused}: {what} is {ratio:.2f}:1"
