"""What the check-in desk tells the volunteer after a scan, and telling scanners from typists.

Plain Python: the desk widget shows an Outcome (colour, shape, words, sound) and feeds key
timings to a WedgeBurst; both are tested without a display, with an injected clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from labdesk.core.model import Attendee, AttendeeStatus


class Tone(StrEnum):
    """Green, amber or red, always shown with its own shape and words too."""

    GO = "go"  # green, a tick in a circle
    WAIT = "wait"  # amber, an exclamation mark in a triangle
    STOP = "stop"  # red, a cross in an octagon


class ScanKind(StrEnum):
    CHECKED_IN = "checked in"
    ALREADY_IN = "already in"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    OTHER_WORKSHOP = "other workshop"
    FORGED = "forged"
    MISTYPED = "mistyped"

    @property
    def tone(self) -> Tone:
        if self is ScanKind.CHECKED_IN:
            return Tone.GO
        if self in (ScanKind.ALREADY_IN, ScanKind.MISTYPED):
            return Tone.WAIT
        return Tone.STOP

    @property
    def changed_nothing(self) -> bool:
        return self is not ScanKind.CHECKED_IN


@dataclass
class Outcome:
    """One scan's result, as the desk shows it and `labdesk check-in` prints it."""

    kind: ScanKind
    attendee: Attendee | None = None
    at: dt.datetime | None = None  # when they were checked in (now, or earlier)
    code: str = ""  # what was scanned, as received

    @property
    def tone(self) -> Tone:
        return self.kind.tone

    @property
    def headline(self) -> str:
        at = f"{self.at:%H:%M}" if self.at else ""
        return {
            ScanKind.CHECKED_IN: "Checked in",
            ScanKind.ALREADY_IN: f"Already checked in at {at}" if at else "Already checked in",
            ScanKind.CANCELLED: "Cancelled ticket",
            ScanKind.UNKNOWN: "Unknown code",
            ScanKind.OTHER_WORKSHOP: "Badge for another workshop",
            ScanKind.FORGED: "Forged code — not a badge we printed",
            ScanKind.MISTYPED: "Misread code — scan again",
        }[self.kind]

    @property
    def advice(self) -> str:
        return {
            ScanKind.CHECKED_IN: "",
            ScanKind.ALREADY_IN: "They are already in: no need to scan again.",
            ScanKind.CANCELLED: "This ticket was cancelled or refunded. "
            "Ask them to see the organiser.",
            ScanKind.UNKNOWN: "Not a badge or ticket on this list. Search for their name instead.",
            ScanKind.OTHER_WORKSHOP: "This badge was printed for a different workshop. "
            "Search for their name instead.",
            ScanKind.FORGED: "The code's signature is wrong. Search for their name and ask the "
            "organiser.",
            ScanKind.MISTYPED: "A character was lost on the way in. Scan again, or search by name.",
        }[self.kind]

    def line(self) -> str:
        """One line for `labdesk check-in`."""
        who = ""
        if self.attendee is not None:
            org = f" ({self.attendee.organisation})" if self.attendee.organisation else ""
            who = f" {self.attendee.name}{org}"
        label = {
            ScanKind.CHECKED_IN: "checked in",
            ScanKind.ALREADY_IN: "already in",
            ScanKind.CANCELLED: "cancelled ticket",
            ScanKind.UNKNOWN: "unknown",
            ScanKind.OTHER_WORKSHOP: "other workshop",
            ScanKind.FORGED: "forged",
            ScanKind.MISTYPED: "mistyped",
        }[self.kind]
        since = f" since {self.at:%H:%M}" if self.kind is ScanKind.ALREADY_IN and self.at else ""
        shown = self.code if len(self.code) <= 60 else self.code[:57] + "…"
        shown = "".join(c if c.isprintable() else "?" for c in shown)
        if not shown.strip():
            shown = "(blank)"
        return f"{shown}: {label}{since}{':' if who else ''}{who}"


def check_in_refusal(person: Attendee | None) -> ScanKind | None:
    """The one rule for "may this person be checked in", whatever found them (a badge or
    ticket scan, a search at the desk, a walk-in just added): None if they may; otherwise what
    the desk says instead. Nobody erased on request is checked in, nor a cancelled ticket.
    (Already being in is not decided here: the file's unique key says so, atomically.)"""
    if person is None or person.erased_at is not None:
        return ScanKind.UNKNOWN
    if person.status == AttendeeStatus.CANCELLED:
        return ScanKind.CANCELLED
    return None


# -- keyboard-wedge scanners ---------------------------------------------------------------------

SCANNER_GAP_S = 0.035  # scanners type faster than this between keys; people rarely do
MIN_SCAN_LENGTH = 6


class WedgeBurst:
    """Watches keystroke times and says whether the text typed so far came from a scanner.

    Feed each printable key with its time; `is_scan()` is true when at least MIN_SCAN_LENGTH keys
    arrived with every gap under SCANNER_GAP_S. `reset()` after Enter/Tab ends a code.
    """

    def __init__(self) -> None:
        self.text = ""
        self._last: float | None = None
        self._fast = True
        self.started_at: float | None = None

    def key(self, ch: str, now: float) -> None:
        if self._last is not None and now - self._last > SCANNER_GAP_S:
            # A pause: whatever came before was typed by a person (or is a new burst).
            self.text, self._fast, self.started_at = "", True, None
        if self.started_at is None:
            self.started_at = now
        self.text += ch
        self._last = now

    def is_scan(self) -> bool:
        return self._fast and len(self.text) >= MIN_SCAN_LENGTH

    def idle_for(self, now: float) -> float:
        return float("inf") if self._last is None else now - self._last

    def reset(self) -> None:
        self.text, self._last, self._fast, self.started_at = "", None, True, None


# -- walk-ins ------------------------------------------------------------------------------------

WALK_IN_LIMIT = 200  # characters in a walk-in's name, organisation or email


def read_walk_in(name: str, organisation: str = "", email: str = "") -> tuple[Attendee | None, str]:
    """A walk-in from what the desk typed: (the attendee, "") or (None, what to fix)."""
    name = " ".join(name.split())
    organisation = " ".join(organisation.split())
    email = email.strip().lower()
    if not name:
        return None, "Type their name first."
    if max(len(name), len(organisation), len(email)) > WALK_IN_LIMIT:
        return None, f"Keep each field under {WALK_IN_LIMIT} characters."
    if any(not ch.isprintable() for ch in name + organisation + email):
        return None, "Take out the characters that cannot be printed on a badge."
    if email and ("@" not in email or "." not in email.split("@")[-1] or " " in email):
        return None, "That email does not look right; fix it or leave it empty."
    person = Attendee(
        name=name,
        organisation=organisation,
        email=email,
        ticket_type="Walk-in",
        source="walk-in",
    )
    return person, ""
