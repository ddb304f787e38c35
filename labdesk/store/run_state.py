"""The running day: the timer's wall-clock anchors and each item's planned and actual times, for
the real day (`Run.DAY`) or a rehearsal (`Run.REHEARSAL`), which is kept apart and never touches
the real record."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Mapping

from labdesk.core.agenda import Actual, Projection, project
from labdesk.core.rehearsal import Rehearsal, Run, project_rehearsal, rehearsal_plan
from labdesk.core.timer import Clock, Event, EventKind, PhaseTimer, Status, TimerState, day_steps
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.rows import to_datetime

# Each run's table of actual times (names are ours, never from input).
_ACTUALS = {Run.DAY: "item_actuals", Run.REHEARSAL: "rehearsal_actuals"}


def _state(text: str | None) -> TimerState:
    if text is None:
        return TimerState()
    try:
        data = json.loads(text)
    except ValueError:
        return TimerState()
    return TimerState.from_dict(data) if isinstance(data, dict) else TimerState()


def load_timer(doc: WorkshopFile, run: Run = Run.DAY) -> TimerState:
    if run is Run.REHEARSAL:
        row = doc.con.execute("SELECT timer FROM rehearsal WHERE id = 1").fetchone()
    else:
        row = doc.con.execute("SELECT data FROM run_state WHERE id = 1").fetchone()
    return _state(None if row is None else row[0])


def save_timer(doc: WorkshopFile, state: TimerState, run: Run = Run.DAY) -> None:
    """Written at every change (start, pause, next, ± minute), committed before it returns."""
    with doc.transaction(Topic.RUN) as con:
        _write_timer(con, state, run)


def _write_timer(con: sqlite3.Connection, state: TimerState, run: Run) -> None:
    data = json.dumps(state.to_dict())
    if run is Run.REHEARSAL:
        cur = con.execute("UPDATE rehearsal SET timer = ? WHERE id = 1", (data,))
        if cur.rowcount == 0:
            raise WorkshopFileError("No rehearsal is running: rehearse from now first.")
        return
    con.execute(
        "INSERT INTO run_state (id, data) VALUES (1, ?)"
        " ON CONFLICT(id) DO UPDATE SET data = excluded.data",
        (data,),
    )


def live_run(doc: WorkshopFile) -> Run:
    """The run the room is following: the rehearsal while one is under way, else the day."""
    return Run.REHEARSAL if current_rehearsal(doc) is not None else Run.DAY


def change_timer(
    doc: WorkshopFile,
    change: Callable[[PhaseTimer], list[Event]],
    clock: Clock,
    run: Run | None = None,
) -> PhaseTimer:
    """Load the stored timer, bring it up to now, apply change, and store it with the actual
    times its events record, in one short transaction: a change another holder stored a moment
    before is the one changed, and two changes never interleave. Returns the timer as stored."""
    from labdesk.core.agenda import plan
    from labdesk.store import agenda as store_agenda
    from labdesk.store import workshop as store_workshop

    with doc.transaction(Topic.RUN) as con:
        run = live_run(doc) if run is None else run
        items = store_agenda.load(doc)
        timer = PhaseTimer(day_steps(items), clock, load_timer(doc, run))
        slept = timer.state.slept_s
        events = [e for e in timer.tick() if e.kind is not EventKind.SLEPT]
        timer.state.slept_s = slept  # nobody looked meanwhile: that is not the laptop asleep
        events += change(timer)
        for event in events:
            at = dt.datetime.fromtimestamp(event.at)
            if event.kind is EventKind.ITEM_STARTED and event.item_id is not None:
                actuals = load_actuals(doc, run)
                if not any(a.planned_start for a in actuals.values()):
                    rehearsal = current_rehearsal(doc) if run is Run.REHEARSAL else None
                    if rehearsal is not None:
                        _keep_plan(con, rehearsal_plan(rehearsal, items), run)
                    else:
                        start = store_workshop.load(doc).day_start
                        _keep_plan(con, plan(at.date(), start, items), run)
                _record(con, event.item_id, start=at, run=run)
            elif event.kind is EventKind.ITEM_ENDED and event.item_id is not None:
                _record(con, event.item_id, end=at, run=run)
        step = timer.step
        if step is not None and timer.state.status is Status.RUNNING:
            actual = load_actuals(doc, run).get(step.item_id)
            if actual is not None and actual.end is not None:
                _reopen(con, step.item_id, run)
        _write_timer(con, timer.state, run)
    return timer


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def load_actuals(doc: WorkshopFile, run: Run = Run.DAY) -> dict[int, Actual]:
    out = {}
    for row in doc.con.execute(f"SELECT * FROM {_ACTUALS[run]}"):
        out[int(row["agenda_item_id"])] = Actual(
            start=to_datetime(row["actual_start"]),
            end=to_datetime(row["actual_end"]),
            planned_start=to_datetime(row["planned_start"]),
            planned_end=to_datetime(row["planned_end"]),
        )
    return out


def keep_plan(doc: WorkshopFile, plan: Mapping[int, Actual], run: Run = Run.DAY) -> None:
    """Remember the plan for items that have none yet (the day's plan as it began)."""
    with doc.transaction(Topic.RUN) as con:
        _keep_plan(con, plan, run)


def _keep_plan(con: sqlite3.Connection, plan: Mapping[int, Actual], run: Run) -> None:
    for item_id, p in plan.items():
        con.execute(
            f"INSERT INTO {_ACTUALS[run]} (agenda_item_id, planned_start, planned_end)"
            " VALUES (?, ?, ?) ON CONFLICT(agenda_item_id) DO UPDATE SET"
            " planned_start = coalesce(planned_start, excluded.planned_start),"
            " planned_end = coalesce(planned_end, excluded.planned_end)",
            (item_id, _iso(p.planned_start), _iso(p.planned_end)),
        )


def record(
    doc: WorkshopFile,
    item_id: int,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    run: Run = Run.DAY,
) -> None:
    """An item really started (first start only) or ended (the latest end wins)."""
    with doc.transaction(Topic.RUN) as con:
        _record(con, item_id, start=start, end=end, run=run)


def _record(
    con: sqlite3.Connection,
    item_id: int,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    run: Run = Run.DAY,
) -> None:
    table = _ACTUALS[run]
    con.execute(
        f"INSERT INTO {table} (agenda_item_id) VALUES (?) ON CONFLICT DO NOTHING", (item_id,)
    )
    if start is not None:
        con.execute(
            f"UPDATE {table} SET actual_start = coalesce(actual_start, ?) WHERE agenda_item_id = ?",
            (_iso(start), item_id),
        )
    if end is not None:
        con.execute(
            f"UPDATE {table} SET actual_end = ? WHERE agenda_item_id = ?", (_iso(end), item_id)
        )


def reopen(doc: WorkshopFile, item_id: int, run: Run = Run.DAY) -> None:
    """Going back to an item that had ended: it is running again."""
    with doc.transaction(Topic.RUN) as con:
        _reopen(con, item_id, run)


def _reopen(con: sqlite3.Connection, item_id: int, run: Run) -> None:
    con.execute(
        f"UPDATE {_ACTUALS[run]} SET actual_end = NULL WHERE agenda_item_id = ?", (item_id,)
    )


def reset_day(doc: WorkshopFile, run: Run = Run.DAY) -> None:
    """Start the day again: forget the timer and the actual times (of that run only)."""
    with doc.transaction(Topic.RUN) as con:
        if run is Run.REHEARSAL:
            con.execute("UPDATE rehearsal SET timer = '{}'")
            con.execute("DELETE FROM rehearsal_actuals")
            con.execute("DELETE FROM group_sets WHERE rehearsal = 1")
            return
        con.execute("DELETE FROM run_state")
        con.execute("DELETE FROM item_actuals")


# -- rehearsal --------------------------------------------------------------------------------


def start_rehearsal(doc: WorkshopFile, rehearsal: Rehearsal) -> Rehearsal:
    """Begin a rehearsal (core.rehearsal.rehearse_from): a fresh timer on the first step and no
    actual times or groups of its own yet; any earlier rehearsal is forgotten. The real day's
    timer, actual times and groups are not touched."""
    with doc.transaction(Topic.RUN) as con:
        _forget_rehearsal(con)
        data = rehearsal.to_dict()
        con.execute(
            "INSERT INTO rehearsal (id, started_at, day_start, timer) VALUES (1, ?, ?, '{}')",
            (data["started_at"], data["day_start"]),
        )
    return rehearsal


def current_rehearsal(doc: WorkshopFile) -> Rehearsal | None:
    """The rehearsal under way, if any (a restart goes back to it, as to the day's timer)."""
    try:
        row = doc.con.execute("SELECT started_at, day_start FROM rehearsal WHERE id = 1").fetchone()
    except sqlite3.OperationalError:  # a file from before rehearsals, opened read-only
        return None
    if row is None:
        return None
    try:
        return Rehearsal.from_dict({"started_at": row[0], "day_start": row[1]})
    except ValueError:
        return None


def end_rehearsal(doc: WorkshopFile) -> None:
    """Finish rehearsing: its timer, times and groups go; the real record is as it was."""
    with doc.transaction(Topic.RUN) as con:
        _forget_rehearsal(con)


def _forget_rehearsal(con: sqlite3.Connection) -> None:
    for statement in (
        "DELETE FROM rehearsal",
        "DELETE FROM rehearsal_actuals",
        "DELETE FROM group_sets WHERE rehearsal = 1",
    ):
        con.execute(statement)


# -- the day re-timed --------------------------------------------------------------------------


def projection(doc: WorkshopFile, now: dt.datetime, run: Run = Run.DAY) -> Projection:
    """The day (or the rehearsal) re-timed from what has happened, as of `now`: the one way
    every view (console, banner, printed agenda) times the rest of the day. The current item
    ends when its timer says; before the day begins it is the plan."""
    from labdesk.store import agenda as store_agenda
    from labdesk.store import workshop as store_workshop

    items = store_agenda.load(doc)
    actuals = load_actuals(doc, run)
    timer = PhaseTimer(day_steps(items), lambda: now.timestamp(), load_timer(doc, run))
    step = timer.step
    current = (
        step.item_id
        if step is not None and step.item_id in timer.state.started_items and not timer.finished
        else None
    )
    left = timer.item_remaining_s() if current is not None else 0.0
    if run is Run.REHEARSAL:
        rehearsal = current_rehearsal(doc)
        if rehearsal is not None:
            return project_rehearsal(rehearsal, items, actuals, now, current, left)
    w = store_workshop.load(doc)
    # The day being run: the one its plan was kept for when it began, else the workshop's.
    kept = [a.planned_start for a in actuals.values() if a.planned_start is not None]
    date = min(kept).date() if kept else w.date
    return project(date, w.day_start, items, actuals, now, current, left)
