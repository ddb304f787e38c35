"""Agenda arithmetic: when each item starts and ends, and whether the day overruns."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from labdesk.core.model import AgendaItem, ItemKind, Phase, fold


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


# -- running late ----------------------------------------------------------------------------------


class Progress(StrEnum):
    DONE = "done"
    CURRENT = "current"
    COMING = "coming"


@dataclass(frozen=True)
class Actual:
    """What really happened to an item (for the day report), and what the plan was when the day
    began (kept, because absorbing a delay changes the agenda)."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    planned_start: dt.datetime | None = None
    planned_end: dt.datetime | None = None


@dataclass(frozen=True)
class ProjectedSlot:
    item: AgendaItem
    planned_start: dt.datetime
    planned_end: dt.datetime
    start: dt.datetime  # actual when started, projected otherwise
    end: dt.datetime
    progress: Progress

    @property
    def late_min(self) -> int:
        return round((self.start - self.planned_start).total_seconds() / 60)


@dataclass(frozen=True)
class Projection:
    slots: list[ProjectedSlot]
    late_min: int  # > 0: running late; < 0: ahead

    @property
    def end_late_min(self) -> int:
        """How late the day now ends: what is left to absorb once later items were shortened."""
        if not self.slots:
            return 0
        last = self.slots[-1]
        return round((last.end - last.planned_end).total_seconds() / 60)

    @property
    def day_end(self) -> dt.datetime | None:
        return self.slots[-1].end if self.slots else None

    def message(self) -> str:
        """ "Running 7 min late — lunch now 12:37", "On time", "Running 3 min ahead"."""
        coming = [s for s in self.slots if s.progress is Progress.COMING]
        if self.late_min == 0:
            return "On time"
        head = (
            f"Running {self.late_min} min late"
            if self.late_min > 0
            else f"Running {-self.late_min} min ahead"
        )
        lunch = next((s for s in coming if s.item.kind is ItemKind.LUNCH), None)
        if lunch is not None:
            return f"{head} — lunch now {lunch.start:%H:%M}"
        if self.day_end is not None:
            return f"{head} — the day now ends at {self.day_end:%H:%M}"
        return head


def plan(date: dt.date, day_start: dt.time, items: Sequence[AgendaItem]) -> dict[int, Actual]:
    """The plan as it stands, by item id: what the day starts with, for planned vs actual."""
    out: dict[int, Actual] = {}
    for slot in schedule(day_start, items):
        if slot.item.id is not None:
            out[slot.item.id] = Actual(
                planned_start=dt.datetime.combine(date, slot.start),
                planned_end=dt.datetime.combine(date, slot.end),
            )
    return out


def project(
    date: dt.date,
    day_start: dt.time,
    items: Sequence[AgendaItem],
    actuals: Mapping[int, Actual],
    now: dt.datetime,
    current_item_id: int | None = None,
    current_left_s: float = 0.0,
) -> Projection:
    """Re-time the rest of the day from what has happened.

    Done items keep their actual times; the current item ends when its timer says (never before
    now); later items follow one after another, a fixed start (lunch booked for 13:00) waiting for
    its time when the day is early. Lateness is measured on the next item still to come.
    """
    current_plan = plan(date, day_start, items)
    slots: list[ProjectedSlot] = []
    cursor: dt.datetime | None = None
    for item in items:
        assert item.id is not None
        a = actuals.get(item.id, Actual())
        p = current_plan[item.id]
        planned_start = a.planned_start or p.planned_start
        planned_end = a.planned_end or p.planned_end
        assert planned_start is not None and planned_end is not None
        length = dt.timedelta(minutes=item.duration_min)
        if a.start is not None and a.end is not None and item.id != current_item_id:
            slots.append(
                ProjectedSlot(item, planned_start, planned_end, a.start, a.end, Progress.DONE)
            )
            cursor = a.end
            continue
        if item.id == current_item_id:
            end = now + dt.timedelta(seconds=max(0.0, current_left_s))
            began = a.start or min(now, cursor or planned_start)
            slots.append(
                ProjectedSlot(item, planned_start, planned_end, began, end, Progress.CURRENT)
            )
            cursor = end
            continue
        if cursor is None:
            start = p.planned_start
            assert start is not None
        else:
            start = cursor
            if item.fixed_start is not None:
                start = max(start, dt.datetime.combine(date, item.fixed_start))
        slots.append(
            ProjectedSlot(item, planned_start, planned_end, start, start + length, Progress.COMING)
        )
        cursor = start + length
    coming = [s for s in slots if s.progress is Progress.COMING]
    late = 0
    if cursor is not None and any(s.progress is not Progress.COMING for s in slots):
        if coming:
            late = coming[0].late_min
        else:
            late = round((slots[-1].end - slots[-1].planned_end).total_seconds() / 60)
    return Projection(slots, late)


def absorb(
    items: Sequence[AgendaItem], late_min: int, chosen: Sequence[int], *, shortest_min: int = 5
) -> tuple[dict[int, int], int]:
    """Shorten the chosen items to win back late_min minutes, each in proportion to what it can
    give (no item below shortest_min). Returns (item id -> new length, minutes still late)."""
    pool = [i for i in items if i.id in set(chosen) and i.duration_min > shortest_min]
    give = {i.id: i.duration_min - shortest_min for i in pool}
    total = sum(v for v in give.values())
    need = min(max(0, late_min), total)
    if need == 0:
        return {}, max(0, late_min)
    cuts: dict[int, int] = {}
    left = need
    for item in sorted(pool, key=lambda i: -give[i.id]):
        assert item.id is not None
        share = min(give[item.id], left, math.ceil(need * give[item.id] / total))
        if share > 0:
            cuts[item.id] = item.duration_min - share
            left -= share
    return cuts, late_min - (need - left)


def fit_phases(item: AgendaItem, minutes: int) -> list[Phase]:
    """The item's phases scaled to fill `minutes` (to the quarter-minute, none under 30 s)."""
    rounds_total = sum(p.duration_s * max(1, p.rounds) for p in item.phases)
    if rounds_total == 0:
        return list(item.phases)
    factor = minutes * 60 / rounds_total
    return [
        replace(p, duration_s=max(30, round(p.duration_s * factor / 15) * 15)) for p in item.phases
    ]


# -- naming an item on the command line ----------------------------------------------------------


class ItemNotFound(LookupError):
    """No agenda item, or more than one, answers to what was typed; the message names them."""


def find_item(items: Sequence[AgendaItem], text: str) -> AgendaItem:
    """The agenda item `text` names: its id, its whole title, or the start of its title (case
    and accents ignored). Raises ItemNotFound with one line listing the candidates."""
    wanted = " ".join(text.split())
    if wanted.isdigit():
        for item in items:
            if item.id == int(wanted):
                return item
    key = fold(wanted)
    whole = [i for i in items if key and fold(" ".join(i.title.split())) == key]
    starts = whole or [i for i in items if key and fold(" ".join(i.title.split())).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    if not starts:
        raise ItemNotFound(
            f"no agenda item is {wanted!r}; give an id or the start of a title: {_listing(items)}"
        )
    raise ItemNotFound(
        f"{wanted!r} matches {len(starts)} agenda items; give more of the title or the id: "
        f"{_listing(starts)}"
    )


def _listing(items: Sequence[AgendaItem]) -> str:
    if not items:
        return "the agenda is empty"
    return ", ".join(f'{i.id} "{" ".join(i.title.split())}"' for i in items)
