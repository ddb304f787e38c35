"""The main window's areas, in the order of the sidebar; each is built when first shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    module: str  # labdesk.gui.areas.<module>, which defines AreaWidget
    shortcut: str
    icon: str  # file in resources/icons


AREAS: list[AreaSpec] = [
    AreaSpec("run", "Run the day", "run_day", "Ctrl+1", "run.svg"),
    AreaSpec("agenda", "Agenda", "agenda", "Ctrl+2", "agenda.svg"),
    AreaSpec("attendees", "Attendees", "attendees", "Ctrl+3", "attendees.svg"),
    AreaSpec("checkin", "Check-in", "checkin", "Ctrl+4", "checkin.svg"),
    AreaSpec("feedback", "Feedback", "feedback", "Ctrl+5", "feedback.svg"),
    AreaSpec("postcards", "Postcards", "postcards", "Ctrl+6", "postcards.svg"),
]
