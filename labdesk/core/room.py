"""What the room sees on the projector, decided without Qt: the screen for the timer's state (the
day not started, a phase, a break, groups, blank, and the close once the last item is over),
its words, and its colours, each text colour at least 7:1 against its background."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from labdesk.core.grouping_rule import Grouping
from labdesk.core.model import Workshop
from labdesk.core.timer import Level, PhaseTimer, Status

if TYPE_CHECKING:
    from labdesk.core.grouping import Formation

# The least contrast for any text on any projector screen (WCAG's AAA level): projectors wash
# colours out, and the back row is far away.
MIN_CONTRAST = 7.0


class Mode(StrEnum):
    IDLE = "idle"  # before the day starts: the workshop, its date, what comes first
    PHASE = "phase"
    BREAK = "break"
    GROUPS = "groups"
    BLANK = "blank"
    CLOSING = "closing"  # after the last item: thanks, never a red "+0:05 Paused"


@dataclass(frozen=True)
class Screen:
    """One picture for the room. The console's notes (the laptop slept, resumed after a
    restart) are never on it."""

    mode: Mode = Mode.IDLE
    workshop: str = ""
    item: str = ""  # the agenda item, small along the top ("" when it would repeat `phase`)
    phase: str = ""
    prompt: str = ""
    countdown: str = ""
    level: Level = Level.NORMAL
    paused: bool = False
    round_label: str = ""
    next_up: str = ""
    back_at: str = ""  # break screen: "Back at 11:30"
    warning_text: str = ""  # "2 min left", "Nearly time"
    groups_title: str = ""
    groups: tuple[tuple[str, ...], ...] = ()
    closing: tuple[str, ...] = ()  # closing screen: a heading, then smaller lines


def _minutes(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


def next_up(timer: PhaseTimer) -> str:
    """What follows the current step: the next phase of this item (and its round, when that
    changes) with its length, else the next item's title; "End of the day" after the last."""
    step, nxt = timer.step, timer.next_step
    if nxt is None:
        return "End of the day" if step is not None and not timer.finished else ""
    if step is not None and nxt.item_id == step.item_id:
        label = f" ({nxt.round_label})" if nxt.round_label and nxt.round != step.round else ""
        return f"{nxt.name}{label} · {_minutes(nxt.duration_s)}"
    return nxt.item_title


def closing_lines(workshop: Workshop) -> tuple[str, ...]:
    """The closing screen: thanks, the day's title and who ran it."""
    lines = ["Thank you for today", workshop.title]
    if workshop.organiser.strip():
        lines.append(workshop.organiser.strip())
    return tuple(line for line in lines if line.strip())


def room_screen(
    timer: PhaseTimer,
    workshop: Workshop,
    now: dt.datetime,
    *,
    blank: bool = False,
    groups: tuple[str, Sequence[Sequence[str]]] | None = None,
) -> Screen:
    """The screen for the timer as it is at `now` (local wall-clock time, for "Back at").
    `groups` (title, names per group) shows the groups instead of the countdown."""
    step = timer.step
    if blank:
        return Screen(mode=Mode.BLANK)
    w = workshop
    if step is None or (timer.state.status is Status.IDLE and not timer.state.started_items):
        return Screen(
            mode=Mode.IDLE,
            workshop=w.title,
            prompt=f"{w.date:%A} {w.date.day} {w.date:%B %Y} · Starting at {w.day_start:%H:%M}",
            next_up=step.item_title if step else "",
        )
    if timer.finished:
        return Screen(mode=Mode.CLOSING, workshop=w.title, closing=closing_lines(w))
    if groups is not None and groups[1]:
        return Screen(
            mode=Mode.GROUPS,
            item=step.item_title,
            groups_title=groups[0],
            groups=tuple(tuple(g) for g in groups[1]),
        )
    left = timer.remaining()
    back = ""
    if step.is_pause:
        back_at = now + dt.timedelta(seconds=max(0.0, left))
        if back_at.second or back_at.microsecond:
            back_at = back_at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        back = f"Back at {back_at:%H:%M}"
    return Screen(
        mode=Mode.BREAK if step.is_pause else Mode.PHASE,
        workshop=w.title,
        item="" if step.item_title == step.name else step.item_title,
        phase=step.name,
        prompt=step.prompt,
        countdown=timer.display(),
        level=timer.level(),
        paused=timer.state.status is not Status.RUNNING,
        round_label=step.round_label,
        next_up=next_up(timer),
        back_at=back,
        warning_text=f"{math.ceil(left / 60)} min left" if left >= 60 else "Nearly time",
    )


_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def groups_on_screen(
    formation: Formation, stage: int, names: Mapping[int, str]
) -> tuple[str, list[list[str]]]:
    """The groups screen for one stage: a title saying what the rule asks this round, and each
    group's names (first names, say), the holder of a rotating role marked ("Siân · client")."""
    rotating = next((r for r in formation.roles if r.rotates), None)
    label = formation.label(stage)
    if formation.rule is Grouping.SAME_GROUP_ROLES_ROTATE and rotating is not None:
        nth = _ORDINALS[stage] if stage < len(_ORDINALS) else f"number {stage + 1}"
        title = f"{label}: the {rotating.name} is each group's {nth} person"
    elif formation.rule is Grouping.PAIRS_THEN_FOURS and formation.stages[stage].size == 4:
        title = "Fours: each pair joins another pair"
    elif formation.rule is Grouping.NEW_PARTNERS_EACH_ROUND and len(formation.stages) > 1:
        title = f"New partners — {label.lower()}"
    else:
        title = "Find your group" if label == "Groups" else f"Find your group — {label.lower()}"
    seats = formation.roles_in(stage)
    out = []
    for group, roles in zip(formation.stages[stage].groups, seats, strict=True):
        line = []
        for person, role in zip(group, roles, strict=True):
            name = names.get(person, "?")
            line.append(
                f"{name} · {role}" if rotating is not None and role == rotating.name else name
            )
        out.append(line)
    return title, out


# -- colours ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Colours:
    """The colours of one screen, as #rrggbb."""

    background: str
    ink: str  # titles, prompts and the running digits
    muted: str  # the item line, "Next: …"
    digits: str  # the countdown (greyer while paused)
    accent: str  # group numbers, the warning frame


DARK = "#0d1117"
OVER = "#6b0000"  # over time: dark red, white text, a double frame (never colour alone)
WHITE = "#ffffff"
AMBER = "#ffd23f"
SOFT = "#c9d1d9"  # muted text and paused digits: light enough on dark red too
GROUP_BOX = "#161b22"


def colours(mode: Mode, level: Level = Level.NORMAL, paused: bool = False) -> Colours:
    """The colours for a screen: the level counts only on the timer's screens."""
    timed = mode in (Mode.PHASE, Mode.BREAK)
    level = level if timed else Level.NORMAL
    if mode is Mode.BLANK:
        return Colours("#000000", "#000000", "#000000", "#000000", "#000000")
    background = OVER if level is Level.OVERRUN else DARK
    ink = AMBER if level is Level.WARNING else WHITE
    return Colours(background, WHITE, SOFT, SOFT if paused else ink, AMBER)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of #rrggbb (WCAG 2)."""
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_pairs(mode: Mode, level: Level = Level.NORMAL, paused: bool = False) -> dict[str, float]:
    """Every text colour of a screen against what it is drawn on, as contrast ratios."""
    c = colours(mode, level, paused)
    if mode is Mode.BLANK:
        return {}
    pairs = {
        "ink": contrast(c.ink, c.background),
        "muted": contrast(c.muted, c.background),
        "digits": contrast(c.digits, c.background),
        "accent": contrast(c.accent, c.background),
    }
    if mode is Mode.GROUPS:
        pairs["names in a group box"] = contrast(WHITE, GROUP_BOX)
        pairs["group number"] = contrast(AMBER, GROUP_BOX)
    return pairs
