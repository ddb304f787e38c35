"""Who is who across two sites (labdesk.core.merging): the import rules, one to one, the
doubtful pairs left to a person, and people erased at either site."""

from __future__ import annotations

import datetime as dt

from labdesk.core import erased
from labdesk.core.merging import ErasedKeys, Person, Step, plan_people
from labdesk.core.model import Attendee

HERE_KEY, THERE_KEY = "aa" * 32, "bb" * 32


def people(key: str, *rows: tuple[str, str, str]) -> list[Person]:
    return [
        Person(n, Attendee(name=name, email=email, organisation=org, id=n), frozenset({(key, n)}))
        for n, (name, email, org) in enumerate(rows, start=1)
    ]


def by_there(plan):
    return {s.there: s for s in plan.steps}


def test_the_import_rules_decide_and_the_unclear_pairs_wait_for_a_person():
    here = people(
        HERE_KEY,
        ("Siân Jones", "sian@example.org", "Mind"),
        ("Sam Patel", "sam@nhs.example", "NHS"),
        ("Ana Lopes", "office@example.org", "Q Lab"),
    )
    there = people(
        THERE_KEY,
        ("SIAN JONES", "Sian@Example.org ", ""),  # the same email: the same person
        ("Sam Patel", "s.patel@home.example", "NHS"),  # same name and organisation
        ("Bo Chan", "office@example.org", "Q Lab"),  # a colleague's email
        ("Sam Patel", "", "Another Trust"),  # same name, another organisation: new
    )
    plan = by_there(plan_people(here, there))
    assert (plan[1].step, plan[1].here, plan[1].how) == (Step.SAME, 1, "email")
    assert (plan[2].step, plan[2].here) == (Step.DOUBTFUL, 2)
    assert (plan[3].step, plan[3].here, plan[3].how) == (
        Step.DOUBTFUL,
        3,
        "the same email under another name",
    )
    assert plan[4].step is Step.NEW

    decided = plan_people(here, there, decisions={(2, 2): True, (3, 3): False})
    steps = by_there(decided)
    assert (steps[2].step, steps[2].here, steps[2].decided) == (Step.SAME, 2, True)
    assert (steps[3].step, steps[3].decided) == (Step.NEW, False)
    assert not decided.undecided
    assert plan_people(here, there, decisions={(1, 4): True}).unknown_decisions == [(1, 4)]


def test_one_to_one_so_either_way_round_gives_as_many_people():
    """Two people here who both match one there: one is matched, the other is a doubtful
    pair; the other way round, the same. Either way three records make two people."""
    here = people(HERE_KEY, ("Jo Bennett", "jo@example.org", "Mind"), ("Jo Bennett", "", "Mind"))
    there = people(THERE_KEY, ("Jo Bennett", "jo@example.org", "Mind"))
    one = plan_people(here, there, default=False)
    other = plan_people(there, here, default=False)
    added = len(one.of(Step.NEW)) + len(here)
    assert added == len(other.of(Step.NEW)) + len(there) == 2


def test_people_erased_at_either_site_stay_erased():
    gone = dt.datetime(2026, 10, 1)
    here = people(HERE_KEY, ("Ada Lovelace", "ada@example.org", ""), ("Ben Okri", "ben@x.org", ""))
    there = people(THERE_KEY, ("Erased attendee", "", ""), ("Ben Okri", "ben@x.org", ""))
    there[0].attendee.erased_at = gone
    # The other site erased Ada (its row is blank): its hashes, with its secret, name her.
    there_keys = ErasedKeys(
        bytes.fromhex(THERE_KEY),
        {erased.digest(bytes.fromhex(THERE_KEY), "email", "ada@example.org"): 1},
    )
    plan = plan_people(here, there, there_erased=[there_keys])
    steps = by_there(plan)
    assert (steps[1].step, steps[1].here, steps[1].erase_here) == (Step.ERASED, 1, True)
    assert plan.erase_here == [1]
    # This site erased Ben: the other site's live row is not brought back.
    here[1].attendee.erased_at = gone
    here_keys = ErasedKeys(
        bytes.fromhex(HERE_KEY),
        {erased.digest(bytes.fromhex(HERE_KEY), "email", "ben@x.org"): 2},
    )
    steps = by_there(plan_people(here, there, here_erased=[here_keys]))
    assert (steps[2].step, steps[2].here, steps[2].erase_here) == (Step.ERASED, 2, False)


def test_someone_merged_before_is_known_by_where_they_came_from():
    """After a merge, the same person is found by their origin even when every detail
    changed since: their number at the other site, kept with them."""
    here = [
        Person(
            7,
            Attendee(name="Ffion Roberts", email="ffion@new.example", id=7),
            frozenset({(HERE_KEY, 7), (THERE_KEY, 3)}),
        )
    ]
    there = [
        Person(
            3, Attendee(name="Ffion Roberts-Hughes", email="", id=3), frozenset({(THERE_KEY, 3)})
        )
    ]
    step = plan_people(here, there).steps[0]
    assert (step.step, step.here, step.how) == (Step.SAME, 7, "merged before")
