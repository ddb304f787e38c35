"""The phase timer: which step of the day is on, and how long it has left, from wall-clock anchors.

Elapsed time is never counted in ticks. A running step keeps the wall-clock moment it (re)started
and the seconds it had already run before that; elapsed = banked + (now - started_at). The state is
a small dict the store writes at every change, so a crash or a restart resumes where reality is,
and a laptop that slept wakes up with the right time (and says it slept).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from labdesk.core.model import AgendaItem, Phase

# A gap longer than this between two looks at the clock means the laptop slept (or the process
# was frozen): the GUI looks several times a second.
SLEEP_GAP_S = 30.0

# A phase warns at WARNING_SHARE of its length, never under MIN_WARNING_S (a two-minute phase still
# warns), never over MAX_WARNING_S (lunch is not "nearly over" for nine minutes), and never for
# more than half of the phase (a thirty-second phase is not "nearly time" from its start).
WARNING_SHARE = 0.2
MIN_WARNING_S = 30
MAX_WARNING_S = 300


def phase_warning_s(duration_s: int, override: int | None = None) -> int:
    """Seconds before the end of a phase of `duration_s` at which it says "nearly time": the
    phase's own `override` if it has one (0: never), else scaled to its length."""
    if duration_s <= 0:
        return 0
    if override is not None:
        return max(0, min(override, duration_s))
    scaled = max(MIN_WARNING_S, min(MAX_WARNING_S, round(WARNING_SHARE * duration_s)))
    return min(scaled, duration_s // 2)


class Clock(Protocol):
    def __call__(self) -> float:
        """Seconds since the epoch (wall clock: it keeps counting while the laptop sleeps)."""
        ...


def system_clock() -> float:
    return time.time()


class FakeClock:
    """A clock tests (and benchmarks) move by hand."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Status(StrEnum):
    IDLE = "idle"  # not started yet (or moved to a step without starting it)
    RUNNING = "running"
    PAUSED = "paused"


class Level(StrEnum):
    """How the countdown looks: each level has its own colour, text and shape."""

    NORMAL = "normal"
    WARNING = "warning"
    OVERRUN = "overrun"


@dataclass(frozen=True)
class Step:
    """One timed step of the day: a phase in a given round, or a whole break."""

    item_id: int
    item_title: str
    name: str
    duration_s: int
    prompt: str = ""
    notes: str = ""
    round: int = 1
    rounds: int = 1
    group_size: int = 0
    auto_advance: bool = False
    is_pause: bool = False  # a break or lunch: the projector shows the break screen
    warn_s: int | None = None  # the phase's own "nearly time"; None: scaled to its length

    @property
    def round_label(self) -> str:
        return f"Round {self.round} of {self.rounds}" if self.rounds > 1 else ""


def item_steps(item: AgendaItem) -> list[Step]:
    """The steps of one agenda item. Consecutive phases with the same rounds > 1 repeat as a block
    (Troika Consulting: share, questions, consult, reflect; then the next client)."""
    assert item.id is not None, "save the item before running it"
    if not item.phases:
        return [
            Step(
                item.id,
                item.title,
                item.title,
                item.duration_min * 60,
                notes=item.notes,
                is_pause=item.kind.is_pause,
            )
        ]
    steps: list[Step] = []
    phases = item.phases
    i = 0
    while i < len(phases):
        block: list[Phase] = [phases[i]]
        rounds = max(1, phases[i].rounds)
        j = i + 1
        while rounds > 1 and j < len(phases) and phases[j].rounds == rounds:
            block.append(phases[j])
            j += 1
        for r in range(1, rounds + 1):
            for phase in block:
                steps.append(
                    Step(
                        item.id,
                        item.title,
                        phase.name,
                        phase.duration_s,
                        phase.prompt,
                        phase.notes or (item.notes if phase is phases[0] else ""),
                        r,
                        rounds,
                        phase.group_size,
                        phase.auto_advance,
                        item.kind.is_pause,
                        phase.warn_s,
                    )
                )
        i = j
    return steps


def day_steps(items: Sequence[AgendaItem]) -> list[Step]:
    return [step for item in items for step in item_steps(item)]


class EventKind(StrEnum):
    """What happened, for the GUI to react to once."""

    WARNING = "warning"  # nearly time: the warning chime
    ENDED = "ended"  # the step's time is up: the end chime
    SLEPT = "slept"  # the laptop slept through part of the step (detail: seconds)
    ADVANCED = "advanced"  # an auto-advancing step moved on by itself (detail: the new step)
    ITEM_STARTED = "item_started"  # an agenda item really started: its actual start
    ITEM_ENDED = "item_ended"  # and ended: its actual end
    DAY_ENDED = "day_ended"  # the last step is over


@dataclass
class Event:
    """Something the GUI should react to once: a chime, a note, a record of actual times."""

    kind: EventKind
    at: float
    item_id: int | None = None
    detail: str = ""


@dataclass
class TimerState:
    """Everything needed to resume; stored as JSON at every change."""

    item_id: int | None = None
    step_in_item: int = 0
    status: Status = Status.IDLE
    started_at: float | None = None  # wall clock when the current running stretch began
    banked_s: float = 0.0  # seconds run before started_at (earlier stretches)
    extra_s: int = 0  # +/- minutes added to this step
    warned: bool = False
    ended: bool = False
    last_seen: float | None = None
    slept_s: float = 0.0  # length of the last sleep noticed, shown until the next step
    started_items: list[int] = field(default_factory=list)
    finished: bool = False  # Next was pressed on the day's last step: the room sees the close

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "step_in_item": self.step_in_item,
            "status": self.status.value,
            "started_at": self.started_at,
            "banked_s": self.banked_s,
            "extra_s": self.extra_s,
            "warned": self.warned,
            "ended": self.ended,
            "last_seen": self.last_seen,
            "slept_s": self.slept_s,
            "started_items": list(self.started_items),
            "finished": self.finished,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimerState:
        state = cls()
        try:
            state.item_id = None if data.get("item_id") is None else int(data["item_id"])
            state.step_in_item = int(data.get("step_in_item", 0))
            state.status = Status(data.get("status", "idle"))
            started = data.get("started_at")
            state.started_at = None if started is None else float(started)
            state.banked_s = float(data.get("banked_s", 0.0))
            state.extra_s = int(data.get("extra_s", 0))
            state.warned = bool(data.get("warned", False))
            state.ended = bool(data.get("ended", False))
            seen = data.get("last_seen")
            state.last_seen = None if seen is None else float(seen)
            state.slept_s = float(data.get("slept_s", 0.0))
            state.started_items = [int(i) for i in data.get("started_items", [])]
            state.finished = bool(data.get("finished", False))
        except (TypeError, ValueError):
            return cls()
        if state.status is Status.RUNNING and state.started_at is None:
            state.status = Status.PAUSED
        return state


def format_seconds(seconds: float) -> str:
    """Countdown digits: "12:05", "1:02:03"; overrun as "+0:42". Counts down in whole seconds
    shown rounded up, so "0:00" appears exactly when time is up."""
    over = seconds < 0
    whole = math.floor(-seconds) if over else math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{text}" if over else text


class PhaseTimer:
    """The day's timer over a list of steps. Every public method takes the time from the clock;
    methods that change the state return the events they caused (the caller saves `state`).

    Each step says "nearly time" at its own moment: the phase's `warn_s` if it has one, else a
    share of its length (`phase_warning_s`), so a two-minute phase warns and a three-minute one
    is not "nearly time" for two of its minutes."""

    def __init__(
        self,
        steps: Sequence[Step],
        clock: Clock = system_clock,
        state: TimerState | None = None,
    ) -> None:
        self.clock = clock
        self.steps: list[Step] = []
        self.state = state or TimerState()
        self.set_steps(steps)

    # -- where we are ---------------------------------------------------------------------------
    def set_steps(self, steps: Sequence[Step]) -> None:
        """New steps (the agenda was edited): keep the position by item id where possible."""
        self.steps = list(steps)
        if not self.steps:
            return  # no agenda (yet): keep the stored state for when there is one
        if self.index is None:
            # Nothing started yet, or the current item was removed: the first step, stopped.
            self.state = TimerState(
                item_id=self.steps[0].item_id,
                last_seen=self.state.last_seen,
                started_items=self.state.started_items,
            )

    @property
    def index(self) -> int | None:
        """Position of the current step in `steps`, or None."""
        seen = 0
        for i, step in enumerate(self.steps):
            if step.item_id == self.state.item_id:
                if seen == self.state.step_in_item:
                    return i
                seen += 1
        if seen:  # fewer steps than before in the same item: its last one
            return self._last_of(self.state.item_id)
        return None

    def _last_of(self, item_id: int | None) -> int | None:
        found = None
        for i, step in enumerate(self.steps):
            if step.item_id == item_id:
                found = i
        return found

    @property
    def step(self) -> Step | None:
        i = self.index
        return None if i is None else self.steps[i]

    @property
    def next_step(self) -> Step | None:
        i = self.index
        return None if i is None or i + 1 >= len(self.steps) else self.steps[i + 1]

    @property
    def duration_s(self) -> float:
        step = self.step
        return 0.0 if step is None else max(0, step.duration_s + self.state.extra_s)

    @property
    def warning_s(self) -> int:
        """Seconds before the end at which this step says "nearly time" (0: never), scaled to
        its length as it stands (minutes added count) unless the phase sets its own."""
        step = self.step
        if step is None:
            return 0
        return phase_warning_s(int(self.duration_s), step.warn_s)

    @property
    def finished(self) -> bool:
        """The day is over: Next was pressed on its last step (Previous goes back into it)."""
        return self.state.finished and self.step is not None

    def elapsed(self, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        s = self.state
        running = 0.0
        if s.status is Status.RUNNING and s.started_at is not None:
            running = max(0.0, now - s.started_at)  # a clock set backwards never runs time back
        return s.banked_s + running

    def remaining(self, now: float | None = None) -> float:
        """Seconds left in this step; negative once it overruns."""
        return self.duration_s - self.elapsed(now)

    def level(self, now: float | None = None) -> Level:
        left = self.remaining(now)
        if self.step is None or self.finished:
            return Level.NORMAL
        if left < 0:
            return Level.OVERRUN
        if self._nearly(left):
            return Level.WARNING
        return Level.NORMAL

    def _nearly(self, left: float) -> bool:
        warn = self.warning_s
        return warn > 0 and 0 <= left <= warn

    def display(self, now: float | None = None) -> str:
        return format_seconds(self.remaining(now))

    def ms_until_display_changes(self, now: float | None = None) -> int:
        """How long until the digits change: the GUI wakes then, not on a fixed tick."""
        left = self.remaining(now)
        if self.state.status is not Status.RUNNING:
            return 1000
        frac = left - math.floor(left) if left >= 0 else math.ceil(left) - left
        frac = frac if frac > 0 else 1.0
        return max(1, math.ceil(frac * 1000))

    def item_remaining_s(self, now: float | None = None) -> float:
        """Seconds left in the current item: this step (never below zero) and its later steps."""
        i = self.index
        if i is None:
            return 0.0
        left = max(0.0, self.remaining(now))
        for step in self.steps[i + 1 :]:
            if step.item_id != self.steps[i].item_id:
                break
            left += step.duration_s
        return left

    # -- changes --------------------------------------------------------------------------------
    def _bank(self, now: float) -> None:
        self.state.banked_s = self.elapsed(now)
        self.state.started_at = now if self.state.status is Status.RUNNING else None

    def start(self) -> list[Event]:
        now = self.clock()
        step = self.step
        if step is None or self.state.status is Status.RUNNING or self.finished:
            return []
        self.state.status = Status.RUNNING
        self.state.started_at = now
        self.state.last_seen = now
        events: list[Event] = []
        if step.item_id not in self.state.started_items:
            self.state.started_items.append(step.item_id)
            events.append(Event(EventKind.ITEM_STARTED, now, step.item_id))
        return events

    def pause(self) -> list[Event]:
        now = self.clock()
        if self.state.status is not Status.RUNNING:
            return []
        self._bank(now)
        self.state.status = Status.PAUSED
        self.state.started_at = None
        return []

    def toggle(self) -> list[Event]:
        return self.pause() if self.state.status is Status.RUNNING else self.start()

    def add_seconds(self, seconds: int) -> list[Event]:
        """+/- one minute: changes this step's length, never the time already run."""
        if self.step is None:
            return []
        self.state.extra_s = max(-self.step.duration_s, self.state.extra_s + seconds)
        left = self.remaining()
        if not self._nearly(left) and left > 0:
            self.state.warned = False
        if left >= 0:
            self.state.ended = False
        return []

    def go_to(
        self, index: int, *, at: float | None = None, keep_running: bool | None = None
    ) -> list[Event]:
        """Move to step `index`. A running timer keeps running on the new step."""
        if not self.steps:
            return []
        index = max(0, min(index, len(self.steps) - 1))
        now = self.clock() if at is None else at
        old = self.step
        running = self.state.status is Status.RUNNING if keep_running is None else keep_running
        new = self.steps[index]
        in_item = sum(1 for s in self.steps[:index] if s.item_id == new.item_id)
        events: list[Event] = []
        if (
            old is not None
            and old.item_id != new.item_id
            and old.item_id in self.state.started_items
        ):
            events.append(Event(EventKind.ITEM_ENDED, now, old.item_id))
        self.state.item_id = new.item_id
        self.state.step_in_item = in_item
        self.state.banked_s = 0.0
        self.state.extra_s = 0
        self.state.warned = False
        self.state.ended = False
        self.state.slept_s = 0.0
        self.state.finished = False
        self.state.started_at = now if running else None
        self.state.status = (
            Status.RUNNING
            if running
            else (Status.PAUSED if self.state.status is not Status.IDLE else Status.IDLE)
        )
        if running and new.item_id not in self.state.started_items:
            self.state.started_items.append(new.item_id)
            events.append(Event(EventKind.ITEM_STARTED, now, new.item_id))
        return events

    def next(self) -> list[Event]:
        i = self.index
        if i is None:
            return []
        if i + 1 >= len(self.steps):
            # The last step of the day: stop, record the item's end, and close the day.
            if self.state.finished:
                return []
            now = self.clock()
            events = self.pause()
            step = self.steps[i]
            if step.item_id in self.state.started_items:
                events.append(Event(EventKind.ITEM_ENDED, now, step.item_id))
            self.state.finished = True
            events.append(Event(EventKind.DAY_ENDED, now, step.item_id))
            return events
        return self.go_to(i + 1)

    def previous(self) -> list[Event]:
        i = self.index
        if i is None:
            return []
        if self.state.finished:  # back from the closing screen into the last step, as it was
            self.state.finished = False
            return []
        return self.go_to(max(0, i - 1))

    def tick(self) -> list[Event]:
        """Look at the clock: notice sleep, warnings, the end, and automatic advances.

        Call it often (the GUI does several times a second); it does not matter how often."""
        now = self.clock()
        events: list[Event] = []
        s = self.state
        if (
            s.last_seen is not None
            and now - s.last_seen > SLEEP_GAP_S
            and s.status is Status.RUNNING
        ):
            s.slept_s = now - s.last_seen
            events.append(Event(EventKind.SLEPT, now, s.item_id, detail=f"{s.slept_s:.0f}"))
        s.last_seen = now
        if s.status is not Status.RUNNING or self.step is None:
            return events
        # Automatic advances, chained on exact end times so nothing drifts however late we look.
        while True:
            step = self.step
            i = self.index
            if step is None or i is None:
                break
            left = self.remaining(now)
            nxt = self.steps[i + 1] if i + 1 < len(self.steps) else None
            if left <= 0 and step.auto_advance and nxt is not None and nxt.item_id == step.item_id:
                end_at = now + left  # the moment this step reached zero
                events.append(Event(EventKind.ADVANCED, end_at, step.item_id, detail=step.name))
                events.extend(self.go_to(i + 1, at=end_at, keep_running=True))
                continue
            break
        left = self.remaining(now)
        if not s.warned and self._nearly(left):
            s.warned = True
            events.append(Event(EventKind.WARNING, now, s.item_id))
        if not s.ended and left <= 0:
            s.ended = True
            s.warned = True
            events.append(Event(EventKind.ENDED, now, s.item_id))
        return events

    def resume_note(self) -> str:
        """A line for the console after a sleep: "The laptop slept for 10 min; the timer kept
        time.\""""
        if self.state.slept_s <= 0:
            return ""
        minutes = round(self.state.slept_s / 60)
        span = f"{minutes} min" if minutes >= 1 else f"{self.state.slept_s:.0f} s"
        return f"The laptop slept for {span}; the timer kept real time."
