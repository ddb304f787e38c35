"""The timer and the day's times in the workshop file, and the activity library's data."""

from __future__ import annotations

import datetime as dt
import json

from labdesk.core import activities
from labdesk.core.agenda import plan
from labdesk.core.grouping import form_groups
from labdesk.core.timer import FakeClock, PhaseTimer, Status, day_steps
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic


def test_timer_state_round_trips_through_the_file(demo_file) -> None:
    clock = FakeClock()
    timer = PhaseTimer(day_steps(store_agenda.load(demo_file)), clock)
    timer.go_to(3)
    timer.start()
    clock.advance(61)
    store_run.save_timer(demo_file, timer.state)
    loaded = store_run.load_timer(demo_file)
    assert loaded.status is Status.RUNNING and loaded.started_at == timer.state.started_at
    again = PhaseTimer(day_steps(store_agenda.load(demo_file)), clock, loaded)
    assert again.index == 3 and again.remaining() == timer.remaining()


def test_a_damaged_timer_row_starts_afresh(demo_file) -> None:
    with demo_file.transaction(Topic.RUN) as con:
        con.execute("INSERT INTO run_state (id, data) VALUES (1, 'not json')")
    assert store_run.load_timer(demo_file).status is Status.IDLE


def test_plan_and_actuals_kept_for_the_day_report(demo_file) -> None:
    w = store_workshop.load(demo_file)
    items = store_agenda.load(demo_file)
    store_run.keep_plan(demo_file, plan(w.date, w.day_start, items))
    first = items[0].id
    assert first is not None
    store_run.record(demo_file, first, start=dt.datetime(2026, 9, 17, 9, 34))
    store_run.record(demo_file, first, start=dt.datetime(2026, 9, 17, 9, 50))  # first start kept
    store_run.record(demo_file, first, end=dt.datetime(2026, 9, 17, 10, 7))
    got = store_run.load_actuals(demo_file)[first]
    assert got.start == dt.datetime(2026, 9, 17, 9, 34)
    assert got.end == dt.datetime(2026, 9, 17, 10, 7)
    assert got.planned_start == dt.datetime(2026, 9, 17, 9, 30)
    store_run.keep_plan(demo_file, {first: got.__class__(planned_start=dt.datetime(2026, 1, 1))})
    assert store_run.load_actuals(demo_file)[first].planned_start.hour == 9  # never overwritten


def test_groups_are_kept_and_count_as_history(demo_file) -> None:
    people, checked_in = store_groups.people_in_room(demo_file)
    assert checked_in and len(people) == 46
    items = store_agenda.load(demo_file)
    rounds = form_groups(store_groups.members(people), 2, 3)
    store_groups.save(demo_file, store_groups.GroupSet(items[1].id, 2, rounds))
    kept = store_groups.latest(demo_file, items[1].id)
    assert kept is not None and kept.rounds == rounds
    history = store_groups.history(demo_file)
    assert sum(history.values()) == sum(len(g) * (len(g) - 1) // 2 for r in rounds for g in r)
    assert not store_groups.history(demo_file, excluding_item=items[1].id)


def test_everyone_attending_is_grouped_when_nobody_checked_in(workshop_file) -> None:
    from labdesk.core.model import Attendee
    from labdesk.store import attendees

    attendees.add_many(workshop_file, [Attendee("A B"), Attendee("C D", status="cancelled")])
    people, checked_in = store_groups.people_in_room(workshop_file)
    assert not checked_in and [p.name for p in people] == ["A B"]


def test_every_library_file_is_usable_with_canonical_timings() -> None:
    library = {a.key: a for a in activities.load_library(resource("activities"))}
    for key in (
        "impromptu-networking",
        "troika-consulting",
        "1-2-4-all",
        "25-10-crowd-sourcing",
        "what-so-what-now-what",
        "15-percent-solutions",
        "influencing-trios",
        "presentations",
        "break",
        "commitment-cards",
    ):
        assert key in library
    one_two_four = library["1-2-4-all"]
    assert [p.duration_s for p in one_two_four.phases] == [60, 120, 240, 300]  # 1, 2, 4, 5 min
    troika = activities.to_item(library["troika-consulting"])
    assert troika.phases[2].rounds == 3 and troika.phases[2].group_size == 3
    stems = library["influencing-trios"].phases[2].prompt
    assert "One thing that influenced me" in stems and "caused me to doubt" in stems
    assert (
        library["break"].kind.is_pause and activities.to_item(library["break"]).duration_min == 15
    )
    for path in resource("activities").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["key"] == path.stem


CHILD = """
import sys, threading
from labdesk.core.model import AgendaItem, Phase
from labdesk.core.timer import PhaseTimer, day_steps
from labdesk.store import agenda, open_workshop, run_state
doc = open_workshop(sys.argv[1], lock=False)
timer = PhaseTimer(day_steps(agenda.load(doc)))
timer.go_to(1)
timer.start()
run_state.save_timer(doc, timer.state)
print("started", timer.state.started_at, flush=True)
threading.Event().wait()  # idle until the test kills this process
"""


def test_killed_mid_timer_resumes_within_a_second(workshop_file, tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from labdesk.core.model import AgendaItem, Phase

    store_agenda.replace_all(
        workshop_file,
        [AgendaItem("Session", 30, phases=[Phase("A", 600), Phase("B", 900)])],
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workshop_file.path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.startswith("started"), line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    state = store_run.load_timer(workshop_file)
    timer = PhaseTimer(day_steps(store_agenda.load(workshop_file)), time.time, state)
    assert timer.step is not None and timer.step.name == "B"
    assert timer.state.status is Status.RUNNING
    started = float(line.split()[1])
    assert abs(timer.remaining() - (900 - (time.time() - started))) < 1
    assert 0 <= timer.elapsed() < 30
