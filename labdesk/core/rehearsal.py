"""Rehearsal: the day run from now, as if it started now, kept apart from the real record.

A rehearsal maps the wall clock onto the workshop's own day by one offset: pressed at 21:03 the
evening before, 21:03 stands for the day's 09:30, so the plan, fixed items (lunch at 13:00 is
00:33 in the rehearsal) and lateness all work as on the day, and times are shown on the wall
clock. Its timer, actual times and groups are kept in their own place (`Run.REHEARSAL`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from labdesk.core.agenda import Actual, AtRisk, ProjectedSlot, Projection, plan, project
from labdesk.core.model import AgendaItem


class Run(StrEnum):
    """Which record a run of the day writes: the real one, or the rehearsal's."""

    DAY = "day"
    REHEARSAL = "rehearsal"


@dataclass(frozen=True)
class Rehearsal:
    """A rehearsal begun at `started_at` (wall clock, local) standing for the day's `day_start`
    (the workshop's date and start time)."""

    started_at: dt.datetime
    day_start: dt.datetime

    @property
    def offset(self) -> dt.timedelta:
        return self.started_at - self.day_start

    def to_day(self, wall: dt.datetime) -> dt.datetime:
        """A wall-clock moment as the time of the day it stands for."""
        return wall - self.offset

    def to_wall(self, day: dt.datetime) -> dt.datetime:
        return day + self.offset

    def to_dict(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "day_start": self.day_start.isoformat(timespec="seconds"),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rehearsal:
        return cls(
            dt.datetime.fromisoformat(str(data["started_at"])),
            dt.datetime.fromisoformat(str(data["day_start"])),
        )


def rehearse_from(now: dt.datetime, date: dt.date, day_start: dt.time) -> Rehearsal:
    """ "Rehearse from now": the day's start is now, to the minute."""
    return Rehearsal(now.replace(second=0, microsecond=0), dt.datetime.combine(date, day_start))


def _shift_actual(a: Actual, by: dt.timedelta) -> Actual:
    def move(value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else value + by

    return Actual(move(a.start), move(a.end), move(a.planned_start), move(a.planned_end))


def rehearsal_plan(rehearsal: Rehearsal, items: Sequence[AgendaItem]) -> dict[int, Actual]:
    """The plan in the rehearsal's wall-clock times (what keep_plan keeps for it)."""
    start = rehearsal.day_start
    day = plan(start.date(), start.time(), items)
    return {k: _shift_actual(a, rehearsal.offset) for k, a in day.items()}


def project_rehearsal(
    rehearsal: Rehearsal,
    items: Sequence[AgendaItem],
    actuals: Mapping[int, Actual],
    now: dt.datetime,
    current_item_id: int | None = None,
    current_left_s: float = 0.0,
) -> Projection:
    """The rest of the rehearsal re-timed, as `agenda.project` re-times the day, in wall-clock
    times: running late or ahead is measured against the day begun at `started_at`."""
    back = -rehearsal.offset
    on_the_day = project(
        rehearsal.day_start.date(),
        rehearsal.day_start.time(),
        items,
        {k: _shift_actual(a, back) for k, a in actuals.items()},
        rehearsal.to_day(now),
        current_item_id,
        current_left_s,
    )
    by = rehearsal.offset

    def slot(s: ProjectedSlot) -> ProjectedSlot:
        return replace(
            s,
            planned_start=s.planned_start + by,
            planned_end=s.planned_end + by,
            start=s.start + by,
            end=s.end + by,
        )

    def risk(r: AtRisk) -> AtRisk:
        return AtRisk(r.item, r.fixed + by, r.expected + by)

    return Projection(
        [slot(s) for s in on_the_day.slots],
        on_the_day.late_min,
        [risk(r) for r in on_the_day.at_risk],
    )
