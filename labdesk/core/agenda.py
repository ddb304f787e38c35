"""Agenda arithmetic: when each item starts and ends, and whether the day overruns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core.model import AgendaItem


@dataclass(frozen=True)
class Slot:
    """An agenda item placed on the clock."""

    item: AgendaItem
    start: dt.time
    end: dt.time

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return dt.time(minutes // 60, minutes % 60)


def schedule(day_start: dt.time, items: Sequence[AgendaItem]) -> list[Slot]:
    """Place items one after another from day_start.

    An item with a fixed start (lunch booked for 12:30) starts then if the day is not already past
    it; a gap before it is left empty.
    """
    slots: list[Slot] = []
    now = _minutes(day_start)
    for item in items:
        if item.fixed_start is not None:
            now = max(now, _minutes(item.fixed_start))
        end = now + item.duration_min
        slots.append(Slot(item, _time(now), _time(end)))
        now = end
    return slots


def overrun_minutes(slots: Sequence[Slot], day_end: dt.time) -> int:
    """Minutes by which the planned day runs past its end (0 when it fits)."""
    if not slots:
        return 0
    return max(0, _minutes(slots[-1].end) - _minutes(day_end))
