"""Agenda arithmetic: when each item starts and ends, and whether the day overruns."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
class AtRisk:
    """A fixed item (lunch booked for 13:00) that will not start on time as things stand."""

    item: AgendaItem
    fixed: dt.datetime
    expected: dt.datetime

    @property
    def late_min(self) -> int:
        return round((self.expected - self.fixed).total_seconds() / 60)

    def message(self) -> str:
        """ "Lunch is fixed at 13:00 but now starts at 13:12 (12 min late)"."""
        return (
            f"{self.item.title} is fixed at {self.fixed:%H:%M} but now starts at "
            f"{self.expected:%H:%M} ({self.late_min} min late)"
        )


@dataclass(frozen=True)
class Projection:
    slots: list[ProjectedSlot]
    late_min: int  # > 0: running late; < 0: ahead
    at_risk: list[AtRisk] = field(default_factory=list)  # fixed items that will start late

    def risk_message(self) -> str:
        """For the re-timing banner: "Lunch is fixed at 13:00 but now starts at 13:12 (12 min
        late)", one clause per fixed item at risk ("" when none is)."""
        return "; ".join(r.message() for r in self.at_risk)

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
    risks = [
        AtRisk(s.item, fixed, s.start)
        for s in coming
        if s.item.fixed_start is not None
        and s.start - (fixed := dt.datetime.combine(date, s.item.fixed_start))
        >= dt.timedelta(minutes=1)
    ]
    return Projection(slots, late, risks)


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


# -- fixed items hold ----------------------------------------------------------------------------


def fixed_at_risk(date: dt.date, day_start: dt.time, items: Sequence[AgendaItem]) -> list[AtRisk]:
    """Fixed items the plan cannot start on time: what comes before them is too long."""
    out = []
    cursor = dt.datetime.combine(date, day_start)
    for item in items:
        if item.fixed_start is not None:
            fixed = dt.datetime.combine(date, item.fixed_start)
            if cursor > fixed:
                out.append(AtRisk(item, fixed, cursor))
            cursor = max(cursor, fixed)
        cursor += dt.timedelta(minutes=item.duration_min)
    return out


@dataclass(frozen=True)
class Hold:
    """What keeping the fixed items in place made of an edit: the agenda to save (`items`),
    the items shortened to make room ((item, minutes before, after)), or a refusal (`refused`,
    a plain sentence; the edit is then not to be saved)."""

    items: list[AgendaItem]
    shortened: list[tuple[AgendaItem, int, int]]
    refused: str = ""

    @property
    def ok(self) -> bool:
        return not self.refused

    def message(self) -> str:
        """ "Kept Lunch at 13:00: Session 2 60→53 min" (or the refusal, or "")."""
        if self.refused:
            return self.refused
        if not self.shortened:
            return ""
        kept = sorted(
            {f"{i.title} at {i.fixed_start:%H:%M}" for i in self.items if i.fixed_start},
        )
        cuts = ", ".join(f"{item.title} {old}→{new} min" for item, old, new in self.shortened)
        return f"Kept {' and '.join(kept)}: {cuts}"


_ANY_DAY = dt.date(2000, 1, 1)  # plan arithmetic on the clock alone


def _start(day_start: dt.time, items: Sequence[AgendaItem], index: int) -> dt.datetime:
    """When items[index] starts in the plan (a fixed item waits for its time)."""
    cursor = dt.datetime.combine(_ANY_DAY, day_start)
    for n, item in enumerate(items):
        if item.fixed_start is not None:
            cursor = max(cursor, dt.datetime.combine(_ANY_DAY, item.fixed_start))
        if n == index:
            break
        cursor += dt.timedelta(minutes=item.duration_min)
    return cursor


def _late_min(day_start: dt.time, items: Sequence[AgendaItem], index: int) -> int:
    fixed = items[index].fixed_start
    if fixed is None:
        return 0
    late = _start(day_start, items, index) - dt.datetime.combine(_ANY_DAY, fixed)
    return max(0, round(late.total_seconds() / 60))


def _segments(items: Sequence[AgendaItem]) -> list[int]:
    """For each item, how many fixed items come before it."""
    out, seen = [], 0
    for item in items:
        out.append(seen)
        seen += item.fixed_start is not None
    return out


def hold_fixed(
    day_start: dt.time,
    before: Sequence[AgendaItem],
    after: Sequence[AgendaItem],
    *,
    shortest_min: int = 5,
) -> Hold:
    """Keep fixed items at their time through an edit of the agenda (`before` -> `after`).

    When the edit pushes a fixed item later (a session made longer before lunch at 13:00, an
    item added or moved before it), the items between it and the fixed item before it give the
    minutes, each in proportion to what it can give, phases scaled to fit: never a break or
    lunch, never one the facilitator just changed, none below `shortest_min`. When they cannot
    give enough, the edit is refused with the reason. A fixed item that was already late before
    the edit is only kept from getting later."""
    items = [replace(i, phases=list(i.phases)) for i in after]
    was: dict[int | None, AgendaItem] = {i.id: i for i in before if i.id is not None}
    was_segment = dict(zip((i.id for i in before), _segments(before), strict=True))
    late_before = {i.id: _late_min(day_start, before, n) for n, i in enumerate(before)}
    changed = {
        n
        for n, (item, seg) in enumerate(zip(items, _segments(items), strict=True))
        if item.id not in was
        or was[item.id].duration_min != item.duration_min
        or was[item.id].fixed_start != item.fixed_start
        or was_segment.get(item.id) != seg
    }
    shortened: dict[int, tuple[AgendaItem, int, int]] = {}
    for n, fixed in enumerate(items):
        if fixed.fixed_start is None:
            continue
        prior = was.get(fixed.id)
        same_time = prior is not None and prior.fixed_start == fixed.fixed_start
        need = _late_min(day_start, items, n) - (late_before.get(fixed.id, 0) if same_time else 0)
        if need <= 0:
            continue
        first = max((k + 1 for k in range(n) if items[k].fixed_start is not None), default=0)
        pool = [
            k
            for k in range(first, n)
            if k not in changed
            and not items[k].kind.is_pause
            and items[k].duration_min > shortest_min
        ]
        give = {k: items[k].duration_min - shortest_min for k in pool}
        total = sum(give.values())
        if total < need:
            return Hold(
                list(after),
                [],
                _refusal(fixed, _start(day_start, items, n), need, total, shortest_min),
            )
        left = need
        for k in sorted(pool, key=lambda k: -give[k]):
            share = min(give[k], left, math.ceil(need * give[k] / total))
            if share <= 0:
                continue
            item = items[k]
            minutes = item.duration_min - share
            phases = fit_phases(item, minutes) if item.phases else list(item.phases)
            items[k] = replace(item, duration_min=minutes, phases=phases)
            old = shortened[k][1] if k in shortened else item.duration_min
            shortened[k] = (items[k], old, minutes)
            left -= share
    return Hold(items, [shortened[k] for k in sorted(shortened)])


def _refusal(
    fixed: AgendaItem, moved_to: dt.datetime, need: int, can_give: int, shortest_min: int
) -> str:
    head = (
        f"{fixed.title} is fixed at {fixed.fixed_start:%H:%M}; this change would move it to "
        f"{moved_to:%H:%M}"
    )
    if can_give == 0:
        return (
            f"{head}, and nothing before it can be shorter. Shorten something before it "
            f"yourself, or change {fixed.title}'s time."
        )
    return (
        f"{head}, and the items before it can give only {can_give} of the {need} min (none "
        f"below {shortest_min} min). Shorten something before it yourself, or change "
        f"{fixed.title}'s time."
    )


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
