"""Recognising a person across records: the rules imports (and card matching, merging) share."""

from __future__ import annotations

import pytest

from labdesk.core.importing.matching import How, PeopleIndex, name_key, names_conflict
from labdesk.core.model import Attendee


def _index(*people: Attendee) -> PeopleIndex[int]:
    return PeopleIndex(enumerate(people))


def test_a_ticket_code_finds_its_holder_whatever_the_name_or_case() -> None:
    index = _index(Attendee("Ana Lopes", ticket_codes=["KQ7P-1"]))
    found = index.find(Attendee("Bo Chan", ticket_codes=["kq7p-1 "]))
    assert found.match is not None and (found.match.key, found.match.how) == (0, How.TICKET_CODE)


def test_an_email_finds_the_person_unless_the_names_clearly_differ() -> None:
    index = _index(
        Attendee("Ana Lopes", email="office@example.org"),
        Attendee("Siân Jones", email="sian@example.org"),
    )
    found = index.find(Attendee("ANA LOPES", email="Office@Example.org"))
    assert found.match is not None and found.match.how is How.EMAIL
    married = index.find(Attendee("Siân Roberts", email="sian@example.org"))  # same given name
    assert married.match is not None and married.match.key == 1
    colleague = index.find(Attendee("Bo Chan", email="office@example.org"))
    assert colleague.match is None and colleague.shares_email_with == 0


def test_two_people_sharing_an_email_are_each_found_again() -> None:
    index = _index(
        Attendee("Ana Lopes", email="office@example.org"),
        Attendee("Bo Chan", email="office@example.org"),
    )
    found = index.find(Attendee("Bo Chan", email="office@example.org"))
    assert found.match is not None and found.match.key == 1


def test_without_emails_a_name_within_one_organisation() -> None:
    index = _index(Attendee("John Smith", organisation="Mind"))
    assert index.find(Attendee("Smith, John", organisation="mind")).match is not None
    assert index.find(Attendee("John Smith")).match is not None  # organisation unknown
    assert index.find(Attendee("John Smith", organisation="Keele University")).match is None
    assert index.find(Attendee("John Smith", email="john@example.org")).match is None


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("Ana Lopes", "Bo Chan", True),
        ("Ana Lopes", "ana lopes", False),
        ("Siân Jones", "Sian Jones", False),
        ("Sam Patel", "Samantha Patel", False),
        ("Ana Lopes", "Ana Silva", False),
        ("Priya", "Priya Chakraborty", False),
        ("Priya", "Bo Chan", True),
        ("Jones, Siân", "Siân Jones", False),
    ],
)
def test_names_that_clearly_differ(a: str, b: str, conflict: bool) -> None:
    assert names_conflict(a, b) is conflict


def test_name_key_ignores_order_case_accents_and_commas() -> None:
    assert name_key("Ó Súilleabháin, Pádraig") == name_key("pádraig o súilleabháin")
