"""The room view on presenters' and co-facilitators' phones and tablets: the current phase, its
countdown, what is next and the day re-timed, as one plain value the page renders and counts down
from. The countdown travels as its anchor (the wall-clock moment it reaches zero), never as ticks:
a device counts down on its own between updates and is right whenever it last heard."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from labdesk.core.agenda import Progress, Projection
from labdesk.core.model import Workshop
from labdesk.core.room import Mode, room_screen
from labdesk.core.room_message import RoomMessage
from labdesk.core.timer import PhaseTimer, Status


@dataclass(frozen=True)
class AgendaLine:
    title: str
    start: str  # "10:45": as the day is now re-timed
    end: str
    planned: str  # the start in the plan, shown when it moved
    progress: str  # "done", "current" or "coming"
    late_min: int
    pause: bool


@dataclass(frozen=True)
class RoomView:
    """Everything one room view shows at one moment (`at`, seconds since the epoch)."""

    at: float
    mode: str
    workshop: str
    item: str = ""
    phase: str = ""
    prompt: str = ""
    round_label: str = ""
    next_up: str = ""
    back_at: str = ""
    countdown: str = ""  # as of `at`, for a page without its script
    running: bool = False
    remaining_s: float = 0.0  # as of `at`
    ends_at: float | None = None  # while running: when the countdown reaches zero
    duration_s: float = 0.0
    warn_s: int = 0  # "nearly time" from this many seconds before the end
    level: str = "normal"
    late_min: int = 0
    agenda: tuple[AgendaLine, ...] = field(default_factory=tuple)
    message: str = ""
    message_serial: int = 0
    message_at: str = ""
    blank: bool = False
    closing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def _shown(self) -> dict[str, Any]:
        shown = self.to_dict()
        del shown["at"], shown["countdown"]
        if self.running:  # the anchor says it all; the seconds left change every moment
            del shown["remaining_s"]
        return shown

    def same_as(self, other: RoomView | None) -> bool:
        """Shows the same as other (each as of its moment): nothing new to send the devices."""
        return other is not None and self._shown() == other._shown()


def _lines(projection: Projection | None) -> tuple[AgendaLine, ...]:
    if projection is None:
        return ()
    return tuple(
        AgendaLine(
            s.item.title,
            f"{s.start:%H:%M}",
            f"{s.end:%H:%M}",
            f"{s.planned_start:%H:%M}",
            {Progress.DONE: "done", Progress.CURRENT: "current"}.get(s.progress, "coming"),
            s.late_min if s.progress is Progress.COMING else 0,
            s.item.kind.is_pause,
        )
        for s in projection.slots
    )


def room_view(
    timer: PhaseTimer,
    workshop: Workshop,
    now: dt.datetime,
    *,
    projection: Projection | None = None,
    message: RoomMessage | None = None,
    blank: bool = False,
) -> RoomView:
    """The room view for the timer as it is at `now` (local wall-clock time). Blanking the
    projector does not blank the room view: the presenters still need the time (it says so)."""
    at = now.timestamp()
    screen = room_screen(timer, workshop, now)
    running = timer.state.status is Status.RUNNING and screen.mode in (Mode.PHASE, Mode.BREAK)
    left = timer.remaining(at) if screen.mode in (Mode.PHASE, Mode.BREAK) else 0.0
    return RoomView(
        at=at,
        mode=screen.mode.value,
        workshop=workshop.title,
        item=screen.item,
        phase=screen.phase,
        prompt=screen.prompt,
        round_label=screen.round_label,
        next_up=screen.next_up,
        back_at=screen.back_at,
        countdown=screen.countdown,
        running=running,
        remaining_s=round(left, 3),
        ends_at=round(at + left, 3) if running else None,
        duration_s=timer.duration_s,
        warn_s=timer.warning_s,
        level=screen.level.value,
        late_min=projection.late_min if projection is not None else 0,
        agenda=_lines(projection),
        message=message.text if message else "",
        message_serial=message.serial if message else 0,
        message_at=f"{message.shown_at:%H:%M}" if message else "",
        blank=blank,
        closing=screen.closing,
    )
