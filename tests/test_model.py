"""The core model: names, folding, the agenda's clock arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from labdesk.core.agenda import overrun_minutes, schedule
from labdesk.core.model import AgendaItem, Attendee, ItemKind, fold, split_name


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("Siân Jones", "Siân", "Jones"),
        ("Jones, Siân", "Siân", "Jones"),
        ("Dafydd ap Gruffydd", "Dafydd", "ap Gruffydd"),
        ("Aoife Ó Súilleabháin", "Aoife", "Ó Súilleabháin"),
        ("Mei Lin Chen", "Mei Lin", "Chen"),
        ("Madonna", "Madonna", ""),
        ("  Zoë   Nowak ", "Zoë", "Nowak"),
    ],
)
def test_split_name(name, given, family):
    assert split_name(name) == (given, family)


def test_fold_ignores_case_and_accents():
    assert fold("Siân JONES") == fold("sian jones")
    assert fold("Bjørn Wiśniewski") == "bjorn wisniewski"
    assert fold("Llŷr") == "llyr"


def test_sort_name_puts_family_first_and_ignores_accents():
    people = [
        Attendee(name="Zoë Ørsted"),
        Attendee(name="Ann Nowak"),
        Attendee(name="Bea Oakes"),
        Attendee(name="Émile Adam"),
    ]
    assert [p.name for p in sorted(people, key=lambda p: p.sort_name)] == [
        "Émile Adam",
        "Ann Nowak",
        "Bea Oakes",
        "Zoë Ørsted",
    ]


def test_schedule_places_items_and_honours_a_fixed_lunch():
    items = [
        AgendaItem("Welcome", 30),
        AgendaItem("Session 1", 75),
        AgendaItem("Lunch", 45, kind=ItemKind.LUNCH, fixed_start=dt.time(12, 30)),
        AgendaItem("Session 2", 60),
    ]
    slots = schedule(dt.time(9, 30), items)
    assert [s.label for s in slots] == ["09:30–10:00", "10:00–11:15", "12:30–13:15", "13:15–14:15"]
    # A morning that overruns pushes lunch later rather than overlapping it.
    items[1].duration_min = 200
    slots = schedule(dt.time(9, 30), items)
    assert slots[2].start == dt.time(13, 20)


def test_overrun_is_reported_in_minutes():
    slots = schedule(dt.time(9, 0), [AgendaItem("Long day", 8 * 60 + 20)])
    assert overrun_minutes(slots, dt.time(17, 0)) == 20
    assert overrun_minutes(slots, dt.time(17, 30)) == 0
    assert overrun_minutes([], dt.time(17, 0)) == 0
