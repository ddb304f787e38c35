"""Finding people at the desk: part of a name, organisation or email, with typos and accents."""

from __future__ import annotations

import pytest

from labdesk.core.model import Attendee
from labdesk.core.search import SearchIndex, search, within_one_edit

PEOPLE = [
    Attendee(name="Siân Jones", organisation="Mind", email="sian.jones@example.org", id=1),
    Attendee(name="Sean Jonas", organisation="Keele University", email="sj@example.org", id=2),
    Attendee(
        name="Pádraig Ó Súilleabháin",
        organisation="Equally Well UK",
        email="padraig@example.org",
        id=3,
    ),
    Attendee(
        name="Bethan Smith-Jones",
        organisation="Powys Teaching Health Board",
        email="bethan@example.org",
        id=4,
    ),
    Attendee(
        name="Oliver O'Neill",
        organisation="St George's University Hospitals NHS FT",
        email="oliver.oneill@example.org",
        id=5,
    ),
    Attendee(
        name="Björn Ångström", organisation="Sydenham Gardens", email="bjorn@example.org", id=6
    ),
    Attendee(name="Agnieszka Kowalczyk", organisation="Mind", email="aga@example.org", id=7),
]


def names(query: str) -> list[str]:
    return [a.name for a in search(PEOPLE, query)]


def test_sian_jones_finds_sian_first() -> None:
    assert names("sian jones")[0] == "Siân Jones"
    assert names("SIAN JONES")[0] == "Siân Jones"
    assert names("Siân")[0] == "Siân Jones"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sian jnoes", "Siân Jones"),  # two letters swapped
        ("sain", "Siân Jones"),
        ("kowalcyzk", "Agnieszka Kowalczyk"),
        ("kowalczk", "Agnieszka Kowalczyk"),  # a letter missing
        ("padraig o suilleabhain", "Pádraig Ó Súilleabháin"),
        ("suilleabhain", "Pádraig Ó Súilleabháin"),
        ("oneill", "Oliver O'Neill"),
        ("o'neill", "Oliver O'Neill"),
        ("bjorn angstrom", "Björn Ångström"),
        ("angstrom", "Björn Ångström"),
        ("smith-jones", "Bethan Smith-Jones"),
        ("powys", "Bethan Smith-Jones"),
        ("sydenham", "Björn Ångström"),
        ("aga@example", "Agnieszka Kowalczyk"),
        ("oliver.oneill", "Oliver O'Neill"),
        ("kowal", "Agnieszka Kowalczyk"),  # part of a name, still being typed
    ],
)
def test_finds(query: str, expected: str) -> None:
    assert expected in names(query)[:2], names(query)


def test_every_word_must_match() -> None:
    assert names("mind agnieszka") == ["Agnieszka Kowalczyk"]
    assert names("mind keele") == []


def test_exact_beats_typo() -> None:
    assert names("jones")[0] in {"Siân Jones", "Bethan Smith-Jones"}
    assert names("jonas")[0] == "Sean Jonas"


def test_nothing_for_nonsense_or_empty() -> None:
    assert names("xqzv") == []
    assert names("") == []
    assert names("   ,,, ") == []
    assert names("a" * 10_000) == []


def test_within_one_edit() -> None:
    assert within_one_edit("jones", "jones")
    assert within_one_edit("jones", "jnoes")
    assert within_one_edit("jones", "jone")
    assert within_one_edit("jones", "joness")
    assert within_one_edit("jones", "janes")
    assert not within_one_edit("sian", "ioan")
    assert not within_one_edit("jones", "jnose")


def test_index_limit_and_rank_by_name() -> None:
    many = [Attendee(name=f"Alex Test{i:03d}", id=i) for i in range(1, 200)]
    hits = SearchIndex(many).search("alex", limit=10)
    assert len(hits) == 10
    assert [h.attendee.name for h in hits] == sorted(h.attendee.name for h in hits)
