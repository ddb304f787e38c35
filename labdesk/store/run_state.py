"""The running day: the timer's wall-clock anchors and each item's planned and actual times."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from labdesk.core.agenda import Actual
from labdesk.core.timer import TimerState
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import to_datetime


def load_timer(doc: WorkshopFile) -> TimerState:
    row = doc.con.execute("SELECT data FROM run_state WHERE id = 1").fetchone()
    if row is None:
        return TimerState()
    try:
        data = json.loads(row[0])
    except ValueError:
        return TimerState()
    return TimerState.from_dict(data) if isinstance(data, dict) else TimerState()


def save_timer(doc: WorkshopFile, state: TimerState) -> None:
    """Written at every change (start, pause, next, ± minute), committed before it returns."""
    with doc.transaction(Topic.RUN) as con:
        con.execute(
            "INSERT INTO run_state (id, data) VALUES (1, ?)"
            " ON CONFLICT(id) DO UPDATE SET data = excluded.data",
            (json.dumps(state.to_dict()),),
        )


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def load_actuals(doc: WorkshopFile) -> dict[int, Actual]:
    out = {}
    for row in doc.con.execute("SELECT * FROM item_actuals"):
        out[int(row["agenda_item_id"])] = Actual(
            start=to_datetime(row["actual_start"]),
            end=to_datetime(row["actual_end"]),
            planned_start=to_datetime(row["planned_start"]),
            planned_end=to_datetime(row["planned_end"]),
        )
    return out


def keep_plan(doc: WorkshopFile, plan: Mapping[int, Actual]) -> None:
    """Remember the plan for items that have none yet (the day's plan as it began)."""
    with doc.transaction(Topic.RUN) as con:
        for item_id, p in plan.items():
            con.execute(
                "INSERT INTO item_actuals (agenda_item_id, planned_start, planned_end)"
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
) -> None:
    """An item really started (first start only) or ended (the latest end wins)."""
    with doc.transaction(Topic.RUN) as con:
        con.execute(
            "INSERT INTO item_actuals (agenda_item_id) VALUES (?) ON CONFLICT DO NOTHING",
            (item_id,),
        )
        if start is not None:
            con.execute(
                "UPDATE item_actuals SET actual_start = coalesce(actual_start, ?)"
                " WHERE agenda_item_id = ?",
                (_iso(start), item_id),
            )
        if end is not None:
            con.execute(
                "UPDATE item_actuals SET actual_end = ? WHERE agenda_item_id = ?",
                (_iso(end), item_id),
            )


def reopen(doc: WorkshopFile, item_id: int) -> None:
    """Going back to an item that had ended: it is running again."""
    with doc.transaction(Topic.RUN) as con:
        con.execute(
            "UPDATE item_actuals SET actual_end = NULL WHERE agenda_item_id = ?", (item_id,)
        )


def reset_day(doc: WorkshopFile) -> None:
    """Start the day again: forget the timer and the actual times."""
    with doc.transaction(Topic.RUN) as con:
        con.execute("DELETE FROM run_state")
        con.execute("DELETE FROM item_actuals")
