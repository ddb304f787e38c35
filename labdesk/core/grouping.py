"""Pairs and trios for an activity: everyone placed once a round, organisations mixed, and as few
people meeting again as possible, across the activity's rounds and earlier sessions."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Pair = frozenset[int]
Round = list[list[int]]  # groups of attendee ids

# A repeat meeting costs more than sharing a group with a colleague from the same organisation.
ORG_WEIGHT = 0.15


@dataclass(frozen=True)
class Member:
    id: int
    organisation: str = ""


def group_sizes(n: int, size: int) -> list[int]:
    """Group sizes for n people in groups of `size`: a trio where pairs do not divide (7 -> 2,2,3),
    pairs where trios do not (7 -> 3,2,2; 8 -> 3,3,2), never a group of one unless n is 1."""
    if n <= 0:
        return []
    size = max(2, size)
    if n <= size:
        return [n]
    if size == 2:
        sizes = [2] * (n // 2)
        if n % 2:
            sizes[-1] = 3
        return sizes
    groups = math.ceil(n / size)
    base, extra = divmod(n, groups)
    return [base + 1] * extra + [base] * (groups - extra)


def meetings(rounds: Iterable[Round]) -> Counter[Pair]:
    """How often each pair of people shared a group."""
    met: Counter[Pair] = Counter()
    for groups in rounds:
        for group in groups:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    met[frozenset((a, b))] += 1
    return met


def repeats(rounds: Sequence[Round], history: Mapping[Pair, int] | None = None) -> int:
    """People meeting again: every meeting in `rounds` beyond a pair's first (history included)."""
    history = history or {}
    total = 0
    for pair, count in meetings(rounds).items():
        before = history.get(pair, 0)
        total += count if before else count - 1
    return total


def shuffled(members: Sequence[Member], size: int, rounds: int, rng: random.Random) -> list[Round]:
    """A random shuffle each round: what a facilitator gets by counting off round the room."""
    ids = [m.id for m in members]
    out: list[Round] = []
    for _ in range(rounds):
        rng.shuffle(ids)
        out.append(_cut(ids, group_sizes(len(ids), size)))
    return out


def _cut(ids: Sequence[int], sizes: Sequence[int]) -> Round:
    groups, start = [], 0
    for s in sizes:
        groups.append(list(ids[start : start + s]))
        start += s
    return groups


class _Search:
    """Local search over all rounds at once: swap two people in different groups of one round.

    The cost of a pair meeting m times is m(m-1)/2 (so a third meeting hurts more than a second)
    plus ORG_WEIGHT for each group shared with a colleague."""

    def __init__(self, members: Sequence[Member], history: Mapping[Pair, int]) -> None:
        self.ids = [m.id for m in members]
        self.index = {m.id: i for i, m in enumerate(members)}
        orgs: dict[str, int] = {}
        self.org = [
            orgs.setdefault(m.organisation.strip().casefold(), len(orgs))
            if m.organisation.strip()
            else -1 - i
            for i, m in enumerate(members)
        ]
        n = len(members)
        self.met = [[0] * n for _ in range(n)]
        for pair, count in history.items():
            a, b = tuple(pair) if len(pair) == 2 else (None, None)
            if a in self.index and b in self.index:
                ia, ib = self.index[a], self.index[b]
                self.met[ia][ib] += count
                self.met[ib][ia] += count

    def same_org(self, a: int, b: int) -> float:
        return ORG_WEIGHT if self.org[a] == self.org[b] else 0.0

    def add(self, group: Sequence[int], sign: int) -> None:
        met = self.met
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                met[a][b] += sign
                met[b][a] += sign

    def swap_delta(self, x: int, ga: Sequence[int], y: int, gb: Sequence[int]) -> float:
        """Change in cost if x (in ga) and y (in gb) swap groups; the counts include this round."""
        met = self.met
        delta = 0.0
        for z in ga:
            if z != x:
                delta -= met[x][z] - 1 + self.same_org(x, z)
                delta += met[y][z] + self.same_org(y, z)
        for z in gb:
            if z != y:
                delta -= met[y][z] - 1 + self.same_org(y, z)
                delta += met[x][z] + self.same_org(x, z)
        return delta

    def improve(self, rounds: list[Round], rng: random.Random, steps: int, heat: float) -> None:
        """Simulated annealing over the rounds given (their meetings already counted)."""
        if not rounds or all(len(r) < 2 for r in rounds):
            return
        where = self.positions(rounds)
        usable = [r for r, groups in enumerate(rounds) if len(groups) >= 2]
        n = len(self.ids)
        for step in range(steps):
            temperature = heat * (1 - step / steps) + 1e-3
            r = rng.choice(usable)
            groups, pos = rounds[r], where[r]
            x = rng.randrange(n)
            y = rng.randrange(n)
            gx, gy = pos[x], pos[y]
            if gx == gy:
                continue
            delta = self.swap_delta(x, groups[gx], y, groups[gy])
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                self.swap(groups, pos, x, y)

    def positions(self, rounds: Sequence[Round]) -> list[list[int]]:
        """Per round: person index -> the number of the group they are in."""
        where = []
        for groups in rounds:
            pos = [0] * len(self.ids)
            for g, group in enumerate(groups):
                for p in group:
                    pos[p] = g
            where.append(pos)
        return where

    def swap(self, groups: Round, pos: list[int], x: int, y: int) -> None:
        """Exchange x and y between their groups in one round, keeping the meeting counts and
        `pos` (person index -> group number) true."""
        gx, gy = pos[x], pos[y]
        ga, gb = groups[gx], groups[gy]
        self.add(ga, -1)
        self.add(gb, -1)
        ga[ga.index(x)] = y
        gb[gb.index(y)] = x
        self.add(ga, 1)
        self.add(gb, 1)
        pos[x], pos[y] = gy, gx

    def cost_of(self, rounds: Sequence[Round]) -> float:
        """Total cost of the rounds given (meetings counted in self.met)."""
        total = 0.0
        n = len(self.ids)
        for a in range(n):
            for b in range(a + 1, n):
                m = self.met[a][b]
                total += m * (m - 1) / 2
        for groups in rounds:
            for group in groups:
                for i, a in enumerate(group):
                    for b in group[i + 1 :]:
                        total += self.same_org(a, b)
        return total

    def conflicted(self, rounds: Sequence[Round]) -> tuple[list[tuple[int, int]], bool]:
        """(round, person) that meet someone again; else those sharing a group with a colleague.
        The flag says whether the list holds repeats."""
        repeat: list[tuple[int, int]] = []
        org: list[tuple[int, int]] = []
        for r, groups in enumerate(rounds):
            for group in groups:
                for a in group:
                    for b in group:
                        if a != b:
                            if self.met[a][b] > 1:
                                repeat.append((r, a))
                                break
                            if self.org[a] == self.org[b]:
                                org.append((r, a))
                                break
        return (repeat, True) if repeat else (org, False)

    def tabu(self, rounds: list[Round], rng: random.Random, iterations: int) -> list[Round]:
        """Conflict-directed tabu search (as for the social golfer problem): take someone who
        meets a person again, make the best swap for them in that round; keep the best seen."""
        usable = any(len(groups) >= 2 for groups in rounds)
        if not usable:
            return rounds
        where = self.positions(rounds)
        cost = self.cost_of(rounds)
        best_cost, best = cost, [[list(g) for g in groups] for groups in rounds]
        tabu: dict[tuple[int, int, int], int] = {}
        quiet = 0
        for it in range(iterations):
            candidates, repeats_left = self.conflicted(rounds)
            if not candidates or quiet > (2000 if repeats_left else 400):
                break
            choice: tuple[float, float, int, int, int] | None = None
            for r, x in candidates if len(candidates) <= 40 else rng.sample(candidates, 40):
                groups, pos = rounds[r], where[r]
                gx = pos[x]
                for y in range(len(self.ids)):
                    gy = pos[y]
                    if gy == gx:
                        continue
                    delta = self.swap_delta(x, groups[gx], y, groups[gy])
                    if tabu.get((r, x, y), -1) >= it and cost + delta >= best_cost - 1e-9:
                        continue
                    key = (delta, rng.random(), r, x, y)
                    if choice is None or key < choice:
                        choice = key
            if choice is None:
                continue
            delta, _, r, x, y = choice
            self.swap(rounds[r], where[r], x, y)
            tabu[(r, x, y)] = tabu[(r, y, x)] = it + rng.randint(5, 20)
            cost += delta
            if cost < best_cost - 1e-9:
                best_cost, best = cost, [[list(g) for g in groups] for groups in rounds]
                quiet = 0
            else:
                quiet += 1
        return best


def form_groups(
    members: Sequence[Member],
    size: int,
    rounds: int = 1,
    *,
    history: Mapping[Pair, int] | None = None,
    rng: random.Random | None = None,
    effort: float = 1.0,
) -> list[Round]:
    """Groups of about `size` for each of `rounds` rounds, each person exactly once a round.

    `history` holds earlier sessions' meetings, so people also meet new faces across sessions.
    The same rng seed gives the same groups; another seed is a re-roll.
    """
    rng = rng or random.Random()
    history = history or {}
    if not members or rounds <= 0:
        return [[] for _ in range(max(0, rounds))]
    search = _Search(members, history)
    n = len(members)
    sizes = group_sizes(n, size)
    out: list[Round] = []
    # Build round by round, each polished against the rounds before it ...
    for _ in range(rounds):
        order = list(range(n))
        rng.shuffle(order)
        groups = _cut(order, sizes)
        for g in groups:
            search.add(g, 1)
        out.append(groups)
        search.improve([groups], rng, steps=int(effort * max(200, 12 * n)), heat=0.6)
    # ... then polish all rounds together, where a small room makes it hard (15 people, 7 rounds).
    if rounds > 1 and n <= 150:
        out = search.tabu(out, rng, iterations=int(effort * min(20_000, 400_000 / n)))
    ids = search.ids
    return [[sorted((ids[p] for p in g), key=lambda i: i) for g in groups] for groups in out]


def move(rounds: list[Round], round_index: int, person: int, to_group: int) -> list[Round]:
    """Move one person by hand to another group of one round (a new group when to_group is past
    the last). Empty groups disappear."""
    out = [[list(g) for g in groups] for groups in rounds]
    groups = out[round_index]
    for g in groups:
        if person in g:
            g.remove(person)
            break
    else:
        raise ValueError(f"{person} is not in round {round_index + 1}")
    if to_group >= len(groups):
        groups.append([person])
    else:
        groups[to_group].append(person)
    out[round_index] = [g for g in groups if g]
    return out
