"""Pairs and trios for an activity: everyone placed once a round, organisations mixed, and as few
people meeting again as possible, across the activity's rounds and earlier sessions."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labdesk.core.activities import Grouping, Role, seat_roles
from labdesk.core.model import Phase

Pair = frozenset[int]
Round = list[list[int]]  # groups of attendee ids

# A repeat meeting costs more than sharing a group with a colleague from the same organisation.
ORG_WEIGHT = 0.15

if TYPE_CHECKING:
    import random


def _new_rng() -> random.Random:
    import random  # here: it brings hashlib (and OpenSSL) with it, a cost at the app's start

    return random.Random()


@dataclass(frozen=True)
class Member:
    id: int
    organisation: str = ""


def group_sizes(n: int, size: int) -> list[int]:
    """Group sizes for n people in groups of `size`, as near equal as the room allows.

    Pairs and trios never go below their size, since the work needs every seat (a trio's
    role-play needs three): an odd room makes one trio among the pairs (7 -> 2,2,3), a room that
    does not divide by three makes fours (7 -> 3,4; 8 -> 4,4). Larger groups (tables) may be a
    third smaller (9 in fours -> 3,3,3; 9 at tables of six -> 4,5), never over their size where
    there is more than one group and never under three. Never a
    group of one unless n is 1; a room too small for two groups is one group."""
    if n <= 0:
        return []
    size = max(2, size)
    if n <= size:
        return [n]
    if size <= 3:
        groups = n // size
    else:
        # Never over the size asked (a table seats so many); a third smaller where the room
        # allows, else down to three (11 at tables of five -> 4,4,3, not 5,6).
        groups = math.ceil(n / size)
        if n // groups < 3:
            groups = max(1, n // 3)
    base, extra = divmod(n, groups)
    return [base] * (groups - extra) + [base + 1] * extra


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
    rng = rng or _new_rng()
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


# -- groups by the activity's rule ------------------------------------------------------------


@dataclass
class Stage:
    """One arrangement of the room: who is with whom, formed for groups of `size` (2 pairs,
    3 trios, 4 fours). Each group lists its members in seat order (the order roles follow)."""

    size: int
    groups: Round


@dataclass
class Formation:
    """An agenda item's groups as its rule makes them, one stage per round that has groups of
    its own (Troika: the same trio in each of its three rounds; networking: new partners each
    round; 1-2-4-All: pairs, then the fours they join). `roles` are the template's seats."""

    rule: Grouping
    stages: list[Stage]
    roles: list[Role] = field(default_factory=list)

    @property
    def size(self) -> int:
        return max((s.size for s in self.stages), default=0)

    @property
    def people(self) -> list[int]:
        return sorted({p for s in self.stages for g in s.groups for p in g})

    def roles_in(self, stage: int) -> list[list[str]]:
        """Each member's role in that stage, group by group ("" where the activity has none);
        with a rotating role, round n's holder is each group's nth member."""
        return [seat_roles(self.roles, len(g), stage + 1) for g in self.stages[stage].groups]

    def label(self, stage: int) -> str:
        """What the stage is called on paper and on the projector: "Round 2 of 3", "Pairs"."""
        if self.rule is Grouping.PAIRS_THEN_FOURS:
            return "Pairs" if self.stages[stage].size == 2 else "Fours"
        if len(self.stages) == 1:
            return "Groups"
        return f"Round {stage + 1} of {len(self.stages)}"

    def stage_for(self, round_no: int, group_size: int) -> int | None:
        """The stage a step shows: 1-2-4-All's phase of four shows the fours; otherwise the
        step's round (the last stage for rounds beyond it). None when there are no groups."""
        if not self.stages:
            return None
        if self.rule is Grouping.PAIRS_THEN_FOURS:
            sized = [i for i, s in enumerate(self.stages) if s.size == group_size]
            return sized[0] if sized else 0
        return min(max(1, round_no), len(self.stages)) - 1

    def distinct_rounds(self) -> list[Round]:
        """Each different arrangement once (a trio kept for three rounds met once), for counting
        who has met whom across the day."""
        out: list[Round] = []
        seen: set[frozenset[frozenset[int]]] = set()
        for s in self.stages:
            key = frozenset(frozenset(g) for g in s.groups)
            if key not in seen:
                seen.add(key)
                out.append(s.groups)
        return out

    def move(self, stage: int, person: int, to_group: int) -> Formation:
        """One person moved by hand to another group (a new group past the last). In a rule that
        keeps groups, they move in every round; 1-2-4-All's pairs and fours move separately."""
        kept = self.rule in (Grouping.SAME_GROUP, Grouping.SAME_GROUP_ROLES_ROTATE)
        targets = range(len(self.stages)) if kept else [stage]
        rounds = [s.groups for s in self.stages]
        for index in targets:
            rounds = move(rounds, index, person, to_group)
        stages = [Stage(s.size, rounds[i]) for i, s in enumerate(self.stages)]
        return Formation(self.rule, stages, list(self.roles))

    def notes(self) -> list[str]:
        """What the facilitator should know about these groups, in a sentence each."""
        out: list[str] = []
        rotating = next((r for r in self.roles if r.rotates), None)
        if rotating is not None and self.stages:
            rounds = len(self.stages)
            bigger = [g for g in self.stages[0].groups if len(g) > rounds]
            if bigger:
                n = len(bigger)
                out.append(
                    f"{n} {'group has' if n == 1 else 'groups have'} more members than there are "
                    f"rounds ({rounds}): the last member is never the {rotating.name}"
                )
        return out


def stages_needed(rule: Grouping, phases: Sequence[Phase]) -> list[int]:
    """The group size of each stage a rule forms for these phases ([] when it forms none)."""
    sizes = [p.group_size for p in phases if p.group_size >= 2]
    if not rule.forms_groups or not sizes:
        return []
    if rule is Grouping.PAIRS_THEN_FOURS:
        return [2, 4] if 4 in sizes else [2]
    if rule is Grouping.SAME_GROUP:
        return [max(sizes)]
    rounds = max([max(1, p.rounds) for p in phases if p.group_size >= 2] or [1])
    return [max(sizes)] * rounds


def form_by_rule(
    members: Sequence[Member],
    rule: Grouping,
    phases: Sequence[Phase],
    roles: Sequence[Role] = (),
    *,
    history: Mapping[Pair, int] | None = None,
    rng: random.Random | None = None,
    effort: float = 1.0,
) -> Formation:
    """The groups an agenda item's rule makes of the people in the room.

    same_group and same_group_roles_rotate form groups once and keep them for every round (the
    rotating role moves round the group); new_partners_each_round forms new groups each round,
    nobody meeting twice where that is possible; pairs_then_fours forms pairs, then joins each
    pair with another as a four (an odd pair out makes a six). Earlier sessions' meetings
    (`history`) count, so people also meet new faces across the day."""
    rng = rng or _new_rng()
    sizes = stages_needed(rule, phases)
    if not sizes or not members:
        return Formation(rule, [], list(roles))
    if rule is Grouping.NEW_PARTNERS_EACH_ROUND:
        rounds = form_groups(members, sizes[0], len(sizes), history=history, rng=rng, effort=effort)
        return Formation(rule, [Stage(sizes[0], r) for r in rounds], list(roles))
    first = form_groups(members, sizes[0], 1, history=history, rng=rng, effort=effort)[0]
    if rule is Grouping.PAIRS_THEN_FOURS:
        if len(sizes) == 1:
            return Formation(rule, [Stage(2, first)], list(roles))
        pairs, fours = join_pairs(members, first, history=history, rng=rng)
        return Formation(rule, [Stage(2, pairs), Stage(4, fours)], list(roles))
    return Formation(rule, [Stage(size, [list(g) for g in first]) for size in sizes], list(roles))


def join_pairs(
    members: Sequence[Member],
    pairs: Round,
    *,
    history: Mapping[Pair, int] | None = None,
    rng: random.Random | None = None,
) -> tuple[Round, Round]:
    """Fours made of pairs two at a time (three at a time for one group when the pairs are odd
    in number), choosing partners who have not met and do not work together. Returns the pairs
    renumbered so that four k holds pairs 2k-1 and 2k (and the fours)."""
    rng = rng or _new_rng()
    history = history or {}
    if len(pairs) < 2:
        return [list(p) for p in pairs], [sorted(p for g in pairs for p in g)]
    org = {m.id: m.organisation.strip().casefold() for m in members}

    def cost(a: Sequence[int], b: Sequence[int]) -> float:
        total = 0.0
        for x in a:
            for y in b:
                total += history.get(frozenset((x, y)), 0)
                total += ORG_WEIGHT if org.get(x) and org.get(x) == org.get(y) else 0.0
        return total

    order = list(range(len(pairs)))
    rng.shuffle(order)
    left_over = None
    if len(order) % 2:  # one pair (of two, never the trio) will make a six with a four
        left_over = next((i for i in order if len(pairs[i]) == 2), order[0])
        order.remove(left_over)

    # Pair the pairs: positions (0,1), (2,3), …; a swap of two positions in different fours is
    # kept when it costs no more (a few hundred tries settle a room of hundreds).
    def joined_cost(slots: Sequence[int]) -> float:
        return sum(cost(pairs[slots[i]], pairs[slots[i + 1]]) for i in range(0, len(slots), 2))

    best = joined_cost(order)
    for _ in range(40 * len(pairs)):
        i, j = rng.randrange(len(order)), rng.randrange(len(order))
        if i // 2 == j // 2:
            continue
        order[i], order[j] = order[j], order[i]
        trial = joined_cost(order)
        if trial <= best:
            best = trial
        else:
            order[i], order[j] = order[j], order[i]
    joins = [[order[k], order[k + 1]] for k in range(0, len(order), 2)]
    if left_over is not None:
        plain = [j for j in joins if all(len(pairs[p]) == 2 for p in j)] or joins
        host = min(plain, key=lambda j: cost([p for i in j for p in pairs[i]], pairs[left_over]))
        host.append(left_over)
        joins.remove(host)
        joins.append(host)  # the six comes last, so four k is still pairs 2k-1 and 2k
    renumbered: Round = [list(pairs[i]) for j in joins for i in j]
    fours: Round = [[p for i in j for p in pairs[i]] for j in joins]
    return renumbered, fours


_GROUP_WORDS = {2: ("pair", "pairs"), 3: ("trio", "trios"), 4: ("four", "fours")}


def sizes_in_words(groups: Round) -> str:
    """ "12 trios and 2 fours", "23 pairs", "1 group of 7": what a round is made of."""
    by_size = Counter(len(g) for g in groups)
    parts = []
    for size in sorted(by_size):
        n = by_size[size]
        one, many = _GROUP_WORDS.get(size, (f"group of {size}", f"groups of {size}"))
        parts.append(f"{n} {one if n == 1 else many}")
    if not parts:
        return "no groups"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
