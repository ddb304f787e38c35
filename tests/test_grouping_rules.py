"""Groups carry their rule from the activity template (issue #13, item 1): Troika's trio stays
together and the client role passes round it; networking pairs meet someone new each round;
1-2-4-All's pairs join as fours; uneven rooms make fours, never pairs, for trios."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from labdesk.core import activities
from labdesk.core.activities import Grouping
from labdesk.core.grouping import Member, form_by_rule, meetings, repeats
from labdesk.core.model import AgendaItem
from labdesk.paths import resource

LIBRARY = {a.key: a for a in activities.load_library(resource("activities"))}


def room(n: int, orgs: int = 6) -> list[Member]:
    return [Member(i + 100, f"Org {i % orgs}") for i in range(n)]


def formed(key: str, n: int, seed: int = 1, orgs: int = 6):  # type: ignore[no-untyped-def]
    template = LIBRARY[key]
    rng = random.Random(seed)
    return form_by_rule(room(n, orgs), template.grouping, template.phases, template.roles, rng=rng)


def test_troika_keeps_the_trio_for_every_round_and_the_client_passes_on() -> None:
    troika = formed("troika-consulting", 60)
    assert troika.rule is Grouping.SAME_GROUP_ROLES_ROTATE
    assert len(troika.stages) == 3  # one per round of the template
    first = troika.stages[0].groups
    assert all(stage.groups == first for stage in troika.stages)  # nobody regroups mid-Troika
    assert troika.label(1) == "Round 2 of 3"
    for seats in troika.roles_in(1):
        assert seats[1] == "client"  # round 2: the second member is the client
        assert seats.count("client") == 1 and set(seats) == {"client", "consultant"}
    clients = Counter(
        person
        for r in range(3)
        for group, seats in zip(troika.stages[r].groups, troika.roles_in(r), strict=True)
        for person, seat in zip(group, seats, strict=True)
        if seat == "client"
    )
    assert set(clients.values()) == {1} and len(clients) == 60  # each is the client once


def test_the_influencing_trios_name_the_presenter_of_each_round() -> None:
    trios = formed("influencing-trios", 30)
    assert [seats[2] for seats in trios.roles_in(2)] == ["presenter"] * 10
    assert trios.label(2) == "Round 3 of 3"


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 70), st.integers(0, 1000))
def test_uneven_rooms_make_fours_never_pairs_for_trios(n: int, seed: int) -> None:
    troika = formed("troika-consulting", n, seed)
    sizes = [len(g) for g in troika.stages[0].groups]
    assert sum(sizes) == n
    assert min(sizes) >= 3
    if n >= 6:
        assert max(sizes) <= 4


def test_a_four_in_troika_is_told_its_last_member_is_never_the_client() -> None:
    troika = formed("troika-consulting", 46)
    assert sorted(len(g) for g in troika.stages[0].groups) == [3] * 14 + [4]
    assert troika.roles_in(0)[-1][-1] == "consultant"
    assert any("never the client" in note for note in troika.notes())


def test_networking_pairs_meet_someone_new_each_round() -> None:
    networking = formed("impromptu-networking", 46)
    assert networking.rule is Grouping.NEW_PARTNERS_EACH_ROUND
    rounds = [s.groups for s in networking.stages]
    assert len(rounds) == 3 and repeats(rounds) == 0
    assert [networking.label(i) for i in range(3)] == [f"Round {k} of 3" for k in (1, 2, 3)]


def test_budget_new_partners_sixty_over_five_rounds_of_trios_and_kirkman() -> None:
    rule = Grouping.NEW_PARTNERS_EACH_ROUND
    trios = [activities.Phase("Talk", 300, rounds=5, group_size=3)]
    for seed in range(2):
        sixty = form_by_rule(room(60), rule, trios, rng=random.Random(seed))
        assert repeats([s.groups for s in sixty.stages]) == 0
    seven = [activities.Phase("Talk", 300, rounds=7, group_size=3)]
    fifteen = form_by_rule(room(15, orgs=5), rule, seven, rng=random.Random(0))
    assert repeats([s.groups for s in fifteen.stages]) <= 3


@settings(max_examples=30, deadline=None)
@given(st.integers(4, 80), st.integers(0, 1000))
def test_one_two_four_all_pairs_then_each_pair_joins_another(n: int, seed: int) -> None:
    f = formed("1-2-4-all", n, seed)
    pairs, fours = f.stages[0].groups, f.stages[1].groups
    assert [f.label(0), f.label(1)] == ["Pairs", "Fours"]
    everyone = sorted(m.id for m in room(n))
    assert sorted(p for g in pairs for p in g) == everyone
    assert sorted(p for g in fours for p in g) == everyone
    # Four k is pairs 2k-1 and 2k (and, when the pairs are odd in number, the last one too).
    for k, four in enumerate(fours):
        joined = pairs[2 * k : 2 * k + 2]
        if k == len(fours) - 1:
            joined = pairs[2 * k :]
        assert sorted(four) == sorted(p for g in joined for p in g)
    assert all(len(g) in (2, 3) for g in pairs)
    assert all(4 <= len(g) <= 7 for g in fours)


def test_one_two_four_all_steps_show_the_pairs_then_the_fours() -> None:
    f = formed("1-2-4-all", 20)
    phases = LIBRARY["1-2-4-all"].phases
    by_phase = [f.stage_for(1, p.group_size) for p in phases if p.group_size]
    assert by_phase == [0, 1]


def test_fours_of_one_two_four_all_join_pairs_from_different_organisations() -> None:
    f = formed("1-2-4-all", 40, orgs=2)  # two organisations, twenty people each
    org = {m.id: m.organisation for m in room(40, 2)}
    mixed = sum(len({org[p] for p in g}) == 2 for g in f.stages[1].groups)
    assert mixed == len(f.stages[1].groups)


def test_rules_that_form_no_groups_form_none() -> None:
    for key in ("open-space-technology", "25-10-crowd-sourcing", "presentations"):
        assert not LIBRARY[key].grouping.forms_groups
        assert formed(key, 30).stages == []


def test_a_hand_move_in_a_kept_group_moves_them_in_every_round() -> None:
    troika = formed("troika-consulting", 9)
    person = troika.stages[0].groups[0][0]
    moved = troika.move(1, person, 2)
    assert all(person in s.groups[-1] for s in moved.stages if len(s.groups) == 3)
    assert all(s.groups == moved.stages[0].groups for s in moved.stages)
    networking = formed("impromptu-networking", 10)
    other = networking.move(0, networking.stages[0].groups[0][0], 1)
    assert other.stages[1:] == networking.stages[1:]  # new partners: only that round


def test_a_trio_kept_for_three_rounds_counts_as_one_meeting_for_later_sessions() -> None:
    troika = formed("troika-consulting", 12)
    met = meetings(troika.distinct_rounds())
    assert set(met.values()) == {1}


def test_an_edited_item_whose_phases_no_longer_fit_keeps_its_groups() -> None:
    template = LIBRARY["1-2-4-all"]
    item = AgendaItem("1-2-4-All", 10, activity="1-2-4-all", phases=template.phases[:2])
    rule, roles = activities.rule_for(item, template)
    assert rule is Grouping.SAME_GROUP and roles == []
    assert activities.rule_for(activities.to_item(template), template)[0] is template.grouping
