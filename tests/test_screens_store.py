"""The screens' records without a server: PINs, the message to the room, the stored presenter,
and the room view's value (labdesk.core.room_view), with injected clocks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from labdesk.core.pins import FREE_TRIES, GLOBAL_FREE, PIN_DIGITS, PinGuard, clean_pin, new_pin
from labdesk.core.presenter import PresenterAction
from labdesk.core.room_message import MESSAGE_LIMIT, MessageError, clean_message
from labdesk.core.room_view import room_view
from labdesk.core.timer import FakeClock, PhaseTimer, Status, day_steps
from labdesk.store import agenda as store_agenda
from labdesk.store import migrations, open_workshop, room_screen, screen_pins
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from labdesk.store.presenter import StoredPresenter
from labdesk.store.screen_pins import ScreenKind
from tests.old_files import version_1


def test_a_file_from_before_the_screens_gets_them_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.labdesk"
    con = version_1(path, day="2026-03-02")
    con.execute(
        "INSERT INTO attendees (name, created_at) VALUES ('Siân Jones', '2026-01-01T09:00:00')"
    )
    migrations.migrate(con, target=7)  # just before the screens (migration 8)
    con.close()
    doc = open_workshop(path)
    try:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        assert doc.con.execute("SELECT name FROM attendees").fetchone()[0] == "Siân Jones"
        assert room_screen.room_message(doc) is None and not room_screen.blanked(doc)
        made = screen_pins.ensure_screens(doc)
        assert [p.kind for p in made] == [ScreenKind.DESK, ScreenKind.REMOTE]
        assert screen_pins.ensure_screens(doc) == made  # made once, kept
    finally:
        doc.close(take_backup=False)


def test_pins_are_distinct_revocable_and_never_a_run(workshop_file) -> None:
    pins = screen_pins.ensure_screens(workshop_file)
    more = [screen_pins.add_desk(workshop_file) for _ in range(5)]
    every = [p.pin for p in [*pins, *more]]
    assert len(set(every)) == len(every)
    assert all(len(p) == PIN_DIGITS and p.isdigit() for p in every)
    assert [p.name for p in more] == [f"Door desk {n}" for n in range(2, 7)]
    renewed = screen_pins.renew(workshop_file, more[0].id)
    assert renewed.name == "Door desk 2" and renewed.pin != more[0].pin
    screen_pins.revoke(workshop_file, more[1].id)
    live = {p.id for p in screen_pins.live_pins(workshop_file)}
    assert more[0].id not in live and more[1].id not in live and renewed.id in live
    # Two live PINs are never the same (the file refuses it too).
    with pytest.raises(sqlite3.IntegrityError), workshop_file.transaction() as con:
        con.execute(
            "INSERT INTO screen_pins (kind, name, pin, created_at) VALUES ('desk', 'x', ?, 'now')",
            (renewed.pin,),
        )
    digits = iter([1, 2, 3, 4, 5, 6, 5, 5, 5, 5, 5, 5, 4, 1, 9, 0, 7, 3])
    assert new_pin(choose=lambda _: next(digits)) == "419073"  # runs and repeats are skipped
    assert clean_pin(" 419-073 ") == "419073" and clean_pin("٤١٩") == ""


def test_wrong_pins_wait_longer_each_time_and_many_slow_everyone() -> None:
    clock = FakeClock(0.0)
    guard = PinGuard(clock)
    waits = [guard.wrong("10.42.0.7") for _ in range(FREE_TRIES + 4)]
    assert waits == [0.0] * (FREE_TRIES - 1) + [1.0, 2.0, 4.0, 8.0, 16.0]
    clock.advance(15)
    assert guard.wait_s("10.42.0.7") == pytest.approx(1.0)
    assert guard.wait_s("10.42.0.8") == 0.0  # another tablet is not held up
    guard.right("10.42.0.7")
    assert guard.wait_s("10.42.0.7") == 0.0
    # Many devices each guessing a little: past GLOBAL_FREE wrong PINs in all, everyone waits.
    for n in range(GLOBAL_FREE):
        guard.wrong(f"10.42.1.{n}")
    assert guard.wait_s("10.42.0.9") > 0
    clock.advance(3600)
    assert guard.wait_s("10.42.0.9") == 0.0


def test_the_message_to_the_room_is_cleaned_limited_and_counted(workshop_file) -> None:
    assert clean_message("  Swap\troles\n now \x07") == "Swap roles now"
    with pytest.raises(MessageError, match="Type a message"):
        clean_message(" \u200b\x00 ")
    with pytest.raises(MessageError, match=f"{MESSAGE_LIMIT} characters at most"):
        clean_message("x" * (MESSAGE_LIMIT + 1))
    first = room_screen.set_room_message(workshop_file, "1 minute — wrap up")
    again = room_screen.set_room_message(workshop_file, "1 minute — wrap up")
    assert again.serial == first.serial + 1 and again.text == first.text
    room_screen.clear_room_message(workshop_file)
    assert room_screen.room_message(workshop_file) is None
    assert room_screen.toggle_blank(workshop_file) and room_screen.blanked(workshop_file)
    assert not room_screen.toggle_blank(workshop_file)


def test_the_stored_presenter_records_the_day_like_the_console(demo_file) -> None:
    """Presses applied to the stored timer record actual times as the console does, and
    nobody looking at the timer for an hour is not "the laptop slept"."""
    clock = FakeClock(dt.datetime(2026, 9, 17, 9, 31).timestamp())
    presenter = StoredPresenter(demo_file.path, clock)
    try:
        assert presenter.press(PresenterAction.START_PAUSE).ok
        actual = store_run.load_actuals(demo_file)[1]
        assert actual.start == dt.datetime(2026, 9, 17, 9, 31)
        assert actual.planned_start == dt.datetime(2026, 9, 17, 9, 30)
        clock.advance(3600)
        assert presenter.press(PresenterAction.NEXT).ok
        state = store_run.load_timer(demo_file)
        assert state.slept_s == 0 and state.status is Status.RUNNING
        assert store_run.load_actuals(demo_file)[1].end == dt.datetime(2026, 9, 17, 10, 31)
        refused = presenter.press(PresenterAction.MESSAGE, "")
        assert not refused.ok and refused.text == "Type a message first."
    finally:
        presenter.close()


def test_the_room_view_carries_its_countdown_as_an_anchor(demo_file) -> None:
    clock = FakeClock(dt.datetime(2026, 9, 17, 9, 30).timestamp())
    items = store_agenda.load(demo_file)
    timer = PhaseTimer(day_steps(items), clock)
    timer.start()
    workshop = store_workshop.load(demo_file)
    now = dt.datetime.fromtimestamp(clock())
    view = room_view(timer, workshop, now)
    assert view.running and view.ends_at == pytest.approx(clock() + timer.duration_s)
    clock.advance(61.5)
    later = room_view(timer, workshop, dt.datetime.fromtimestamp(clock()))
    assert later.same_as(view)  # nothing new to send: the devices count down themselves
    assert later.countdown == "28:59"
    timer.pause()
    paused = room_view(timer, workshop, dt.datetime.fromtimestamp(clock()))
    assert not paused.same_as(later) and paused.ends_at is None
    assert paused.remaining_s == pytest.approx(timer.duration_s - 61.5)
