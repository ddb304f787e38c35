"""Finding people at the desk: part of a name, organisation or email, with typos and accents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labdesk.core.model import Attendee
from labdesk.core.search import (
    EXACT,
    PREFIX,
    TYPO,
    TYPO_PREFIX,
    SearchIndex,
    search,
    within_one_edit,
    words_of,
)

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


def test_an_extra_letter_while_typing_a_long_name() -> None:
    # "kowxal": one letter too many in the part typed so far of "Kowalczyk".
    assert "Agnieszka Kowalczyk" in names("kowxal")[:2]
    assert "Pádraig Ó Súilleabháin" in names("suilxleab")[:2]


def _one_typo(typed: str) -> set[str]:
    """Every way to make one typo in typed: a letter dropped, added, changed or two swapped."""
    out = set()
    for i in range(len(typed) + 1):
        out.add(typed[:i] + "x" + typed[i:])
        if i < len(typed):
            out.add(typed[:i] + typed[i + 1 :])
            out.add(typed[:i] + "x" + typed[i + 1 :])
        if i + 1 < len(typed):
            out.add(typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :])
    return {q for q in out if len(q) >= 4 and q != typed}


@pytest.mark.parametrize("typed", ["kowa", "kowal", "kowalcz", "kowalczyk"])
def test_one_typo_anywhere_in_what_is_typed(typed: str) -> None:
    index = SearchIndex(PEOPLE)
    for query in sorted(_one_typo(typed)):
        found = [h.attendee.name for h in index.search(query)]
        assert "Agnieszka Kowalczyk" in found, query


def test_a_typo_scores_below_a_prefix_below_the_word() -> None:
    people = [
        Attendee(name="Ann Jones", id=1),
        Attendee(name="Ann Jonesborough", id=2),
        Attendee(name="Ann Janes", id=3),
        Attendee(name="Ann Jonathan", id=4),
    ]
    hits = SearchIndex(people).search("jones", limit=10)
    assert [h.attendee.name for h in hits] == [
        "Ann Jones",  # the word
        "Ann Jonesborough",  # begins with it
        "Ann Janes",  # one letter wrong
    ]
    assert [h.attendee.name for h in SearchIndex(people).search("jonat")] == ["Ann Jonathan"]


def test_many_people_one_letter_lists_the_first_by_name() -> None:
    # One letter matches thousands: the first thirty by family name, those with the letter
    # as a whole word ("O" of "Ó Briain" folded) first.
    many = [Attendee(name=f"Person{i:05d} Family{i % 977:04d}", id=i) for i in range(1, 6000)]
    many.append(Attendee(name="Aoife Ó Briain", id=6000))
    hits = SearchIndex(many).search("f", limit=30)
    expected = sorted(many[:-1], key=lambda a: (a.sort_name, a.id))[:30]
    assert [h.attendee for h in hits] == expected
    assert SearchIndex(many).search("o", limit=1)[0].attendee.name == "Aoife Ó Briain"
    assert SearchIndex(many).search("o b")[0].attendee.name == "Aoife Ó Briain"


# -- the rules, checked against a plain reading of them on generated lists ----------------------
def _rule_score(token: str, person: Attendee) -> int:
    """The score the module docstring gives one query word against one person, the slow way."""
    named = set(words_of(f"{person.name} {person.organisation}"))
    every = named | set(words_of(person.email))
    if token in every:
        return EXACT
    if any(w.startswith(token) for w in every):
        return PREFIX
    if len(token) < 4:
        return 0
    typo_words = [w for w in named if len(w) >= 3]
    if any(within_one_edit(token, w) for w in typo_words):
        return TYPO
    if any(within_one_edit(token, w[:end]) for w in typo_words for end in range(4, len(w))):
        return TYPO_PREFIX
    return 0


def _rule_search(people: list[Attendee], query: str, limit: int) -> list[tuple[int, int]]:
    tokens = set([t for t in words_of(query[:200]) if t][:8])
    if not tokens:
        return []
    scored = []
    for n, person in enumerate(people):
        scores = [_rule_score(t, person) for t in tokens]
        if all(scores):
            scored.append((-sum(scores), person.sort_name, n))
    return [(n, -s) for s, _, n in sorted(scored)[:limit]]


_GIVEN = ["Siân", "Sean", "Seán", "Ioan", "Zoë", "Jo", "Joan", "Joanna", "Björn", "Ann", "Anna"]
_FAMILY = ["Jones", "Jonas", "Jonesy", "Ó Súilleabháin", "O'Neill", "Smith-Jones", "Ng", "Kowal"]
_ORGS = ["Mind", "Mind in Leeds", "Keele University", "", "Leeds Mind"]
_LETTERS = "aeijnosuwklm'- "


@st.composite
def _lists(draw: st.DrawFn) -> list[Attendee]:
    n = draw(st.integers(1, 60))
    return [
        Attendee(
            name=f"{draw(st.sampled_from(_GIVEN))} {draw(st.sampled_from(_FAMILY))}",
            organisation=draw(st.sampled_from(_ORGS)),
            email=f"{draw(st.sampled_from(['jo', 'sian.j', 'mind', 'x']))}{i}@example.org",
            id=i + 1,
        )
        for i in range(n)
    ]


@st.composite
def _queries(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from([*_GIVEN, *_FAMILY, *_ORGS, "sian jones", "mind in l", "jo 1"]))
    typed = base[: draw(st.integers(1, max(1, len(base))))]
    for _ in range(draw(st.integers(0, 2))):  # typos: a letter dropped, added or changed
        i = draw(st.integers(0, len(typed)))
        typed = typed[:i] + draw(st.sampled_from(["", *_LETTERS])) + typed[i + 1 :]
    return typed


@settings(max_examples=300, deadline=None)
@given(_lists(), _queries(), st.sampled_from([1, 3, 30, 1000]))
def test_the_index_follows_the_rules(people: list[Attendee], query: str, limit: int) -> None:
    hits = SearchIndex(people).search(query, limit=limit)
    got = [(people.index(h.attendee), h.score) for h in hits]
    assert got == _rule_search(people, query, limit)


def test_a_typo_matches_names_and_organisations_not_emails() -> None:
    people = [
        Attendee(name="Sean Jones", email="sian.j@example.org", id=1),
        Attendee(name="Siân Evans", email="se@example.org", id=2),
    ]
    index = SearchIndex(people)
    assert [h.attendee.name for h in index.search("sain")] == ["Siân Evans"]
    # The email still finds its owner by the word itself or its start.
    assert [h.attendee.name for h in index.search("sian")] == ["Siân Evans", "Sean Jones"]
