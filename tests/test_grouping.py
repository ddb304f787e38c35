"""Grouping as properties: everyone once a round, valid sizes, fewer repeats than a shuffle."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from labdesk.core.grouping import (
    Member,
    form_groups,
    group_sizes,
    meetings,
    move,
    repeats,
    shuffled,
)


def room(n: int, orgs: int = 6) -> list[Member]:
    return [Member(i + 100, f"Org {i % orgs}") for i in range(n)]


@given(st.integers(1, 400), st.integers(2, 6))
def test_group_sizes_cover_everyone_with_near_equal_groups(n: int, size: int) -> None:
    sizes = group_sizes(n, size)
    assert sum(sizes) == n
    if n >= 2:
        assert min(sizes) >= 2
    assert max(sizes) - min(sizes) <= 1 or len(sizes) == 1
    if size <= 3 and n >= size:  # pairs and trios never have a seat short
        assert min(sizes) >= size and (len(sizes) == 1 or max(sizes) <= size + 1)
    if size >= 4 and len(sizes) > 1:
        assert min(sizes) >= 3 and max(sizes) <= size


def test_sizes_for_awkward_head_counts() -> None:
    assert group_sizes(7, 2) == [2, 2, 3]
    assert sorted(group_sizes(7, 3)) == [3, 4]  # a four, never a pair, for trios
    assert sorted(group_sizes(8, 3)) == [4, 4]
    assert sorted(group_sizes(46, 3)) == [3] * 14 + [4]
    assert group_sizes(5, 3) == [5]
    assert group_sizes(2, 3) == [2]
    assert group_sizes(1, 3) == [1]
    assert sorted(group_sizes(9, 6)) == [4, 5]  # tables: a third smaller at most
    assert sorted(group_sizes(11, 5)) == [3, 4, 4]  # never a table over its size


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 80), st.sampled_from([2, 3]), st.integers(1, 5), st.integers(0, 10_000))
def test_everyone_placed_exactly_once_each_round(n: int, size: int, rounds: int, seed: int) -> None:
    people = room(n)
    result = form_groups(people, size, rounds, rng=random.Random(seed))
    assert len(result) == rounds
    for groups in result:
        placed = [p for g in groups for p in g]
        assert sorted(placed) == sorted(m.id for m in people)
        assert sorted(len(g) for g in groups) == sorted(group_sizes(n, size))


@settings(max_examples=25, deadline=None)
@given(st.integers(12, 90), st.sampled_from([2, 3]), st.integers(0, 10_000))
def test_fewer_repeat_meetings_than_a_random_shuffle_over_five_rounds(
    n: int, size: int, seed: int
) -> None:
    people = room(n)
    ours = repeats(form_groups(people, size, 5, rng=random.Random(seed)))
    trials = [repeats(shuffled(people, size, 5, random.Random(seed + k))) for k in range(5)]
    assert ours <= min(trials)
    assert ours < sum(trials) / len(trials) or sum(trials) == 0


def test_budget_sixty_people_five_rounds_of_trios_no_one_meets_again() -> None:
    for seed in range(3):
        assert repeats(form_groups(room(60), 3, 5, rng=random.Random(seed))) == 0


def test_budget_fifteen_people_seven_rounds_kirkman_at_most_three() -> None:
    for seed in range(3):
        assert repeats(form_groups(room(15, orgs=5), 3, 7, rng=random.Random(seed))) <= 3


def test_organisations_are_mixed() -> None:
    people = room(60, orgs=4)
    org = {m.id: m.organisation for m in people}

    def clashes(rounds: list[list[list[int]]]) -> int:
        return sum(org[a] == org[b] for pair in meetings(rounds) for a, b in [tuple(pair)])

    ours = clashes(form_groups(people, 3, 3, rng=random.Random(1)))
    theirs = clashes(shuffled(people, 3, 3, random.Random(1)))
    assert ours < theirs / 3


def test_earlier_sessions_count_as_meetings() -> None:
    people = room(30)
    first = form_groups(people, 3, 2, rng=random.Random(1))
    history = meetings(first)
    later = form_groups(people, 3, 2, history=history, rng=random.Random(2))
    assert repeats(later, history) == 0
    assert not set(meetings(later)) & set(history)


def test_same_seed_same_groups_other_seed_a_re_roll() -> None:
    people = room(30)
    a = form_groups(people, 3, 2, rng=random.Random(5))
    assert a == form_groups(people, 3, 2, rng=random.Random(5))
    assert a != form_groups(people, 3, 2, rng=random.Random(6))


def test_moving_one_person_by_hand() -> None:
    rounds = [[[1, 2, 3], [4, 5, 6]]]
    moved = move(rounds, 0, 3, 1)
    assert moved == [[[1, 2], [4, 5, 6, 3]]]
    assert rounds == [[[1, 2, 3], [4, 5, 6]]]  # the original is untouched
    alone = move([[[1, 2]]], 0, 2, 0)
    assert Counter(p for g in alone[0] for p in g) == Counter([1, 2])
