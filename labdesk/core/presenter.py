"""The presenter's actions, as every control sends them (the clicker's keys, the console's buttons,
the web remote): one small vocabulary, the timer change each one makes, and the one call a holder
of the day's timer answers (`Presenter.press`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from labdesk.core.timer import Event, PhaseTimer, Status


class PresenterAction(StrEnum):
    """What a presenter can ask for. The values are the remote's button names."""

    NEXT = "next"
    PREVIOUS = "previous"
    START_PAUSE = "start-pause"  # start, or pause, or resume
    PLUS_MINUTE = "plus-minute"
    MINUS_MINUTE = "minus-minute"
    BLANK = "blank"  # blank the projector, or bring it back
    MESSAGE = "message"  # show the argument to the room (labdesk.core.room_message)
    CLEAR_MESSAGE = "clear-message"


# Actions that change the timer, and only the timer (BLANK and the messages change the screens).
TIMER_ACTIONS = frozenset(
    {
        PresenterAction.NEXT,
        PresenterAction.PREVIOUS,
        PresenterAction.START_PAUSE,
        PresenterAction.PLUS_MINUTE,
        PresenterAction.MINUS_MINUTE,
    }
)


@dataclass(frozen=True)
class PressOutcome:
    """What a press did: done, or refused with a sentence to show on the remote."""

    ok: bool
    text: str = ""  # "Moved to Round 2: Share", "The message is too long…"

    @classmethod
    def refused(cls, text: str) -> PressOutcome:
        return cls(False, text)


class Presenter(Protocol):
    """A holder of the day's timer and screens (the app, or `labdesk serve` without it).

    `press` may be called from any thread; it returns once the change is stored (or refused),
    so the remote can say so. Two presses are applied one after the other, never interleaved."""

    def press(self, action: PresenterAction, argument: str = "") -> PressOutcome: ...


def press_timer(timer: PhaseTimer, action: PresenterAction) -> list[Event]:
    """The timer change for one timer action (the same methods the console's buttons call)."""
    if action is PresenterAction.NEXT:
        return timer.next()
    if action is PresenterAction.PREVIOUS:
        return timer.previous()
    if action is PresenterAction.START_PAUSE:
        return timer.toggle()
    if action is PresenterAction.PLUS_MINUTE:
        return timer.add_seconds(60)
    if action is PresenterAction.MINUS_MINUTE:
        return timer.add_seconds(-60)
    raise ValueError(f"{action.value} does not change the timer")


def describe(timer: PhaseTimer, action: PresenterAction) -> str:
    """A short line for the remote after a timer action: where the day is now."""
    step = timer.step
    if step is None:
        return "There is no agenda to run yet."
    if timer.finished:
        return "The day is over: the room sees the closing screen."
    where = step.name if step.name == step.item_title else f"{step.item_title}: {step.name}"
    if step.round_label:
        where += f" ({step.round_label})"
    if action is PresenterAction.START_PAUSE:
        running = timer.state.status is Status.RUNNING
        return f"{'Running' if running else 'Paused'}: {where}"
    if action in (PresenterAction.PLUS_MINUTE, PresenterAction.MINUS_MINUTE):
        return f"{where} now has {timer.display()} left"
    return f"Now: {where}"
