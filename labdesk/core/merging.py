"""Who is who across two sites' workshop files: the decision `labdesk merge` and File › Merge
Another Site… share (labdesk.store.merge reads the files and writes the result).

People are recognised by the rules every path uses (labdesk.core.importing.matching: ticket
code, email, name with organisation), one to one: a person here is the same as at most one
person there, so merging A into B and B into A give the same people. Before those rules:

- Someone merged before (from either side, or from a third site both files hold) is known by
  where they came from: a site and their number in that site's file.
- Someone erased on request at either site stays erased. A blank row there is matched to the
  person here whose email or ticket code the other site's keyed hashes name (and they are
  erased here too); a person there whom this file erased is not brought back.

After them, a pair the rules do not decide is *doubtful*, for a person to decide: the same email
under names that clearly differ (colleagues sharing an address, or a new surname), the same name
and organisation with different emails or none on one side (the rules' name test, asked without
the emails), or a second person there matching someone already matched. Nothing doubtful is
decided for them: a merge with an undecided pair is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from labdesk.core import erased
from labdesk.core.importing.matching import PeopleIndex
from labdesk.core.model import Attendee

Origin = tuple[str, int]  # (a site's key, the person's or record's id in that site's own file)


class Step(StrEnum):
    """What becomes of a person of the other file."""

    SAME = "same"  # the same person as someone here: their records join that person
    NEW = "new"  # added here
    DOUBTFUL = "doubtful"  # perhaps someone here; not decided yet
    ERASED = "erased"  # erased on request at one of the sites: nothing of them is merged


@dataclass(frozen=True)
class Person:
    """A person as one file knows them, with everywhere they came from."""

    id: int
    attendee: Attendee
    origins: frozenset[Origin] = frozenset()

    @property
    def erased(self) -> bool:
        return self.attendee.erased_at is not None


@dataclass(frozen=True)
class ErasedKeys:
    """The keyed hashes one site kept of the people it erased, and the blank row of each in
    the file that holds them (None when not known)."""

    secret: bytes
    owners: Mapping[str, int | None]

    def owner(self, person: Attendee) -> tuple[bool, int | None]:
        """(whether the person's email or a ticket code was erased here, whose blank row)."""
        for _, digest in erased.digests_for(self.secret, [person.email], person.ticket_codes):
            if digest in self.owners:
                return True, self.owners[digest]
        return False, None


@dataclass
class PersonStep:
    """One person of the other file: what becomes of them, and why."""

    there: int
    step: Step
    here: int | None = None  # the person here (SAME; DOUBTFUL: the candidate; ERASED: if any)
    how: str = ""  # SAME: the rule or the decision; DOUBTFUL: why they may be the same
    decided: bool | None = None  # a doubtful pair: True same, False two people, None undecided
    erase_here: bool = False  # ERASED: the person here is erased too (the other site erased them)


@dataclass
class PeoplePlan:
    steps: list[PersonStep] = field(default_factory=list)
    unknown_decisions: list[tuple[int, int]] = field(default_factory=list)

    def of(self, step: Step) -> list[PersonStep]:
        return [s for s in self.steps if s.step is step]

    @property
    def undecided(self) -> list[PersonStep]:
        return [s for s in self.steps if s.step is Step.DOUBTFUL and s.decided is None]

    @property
    def doubtful(self) -> list[PersonStep]:
        """Every pair that was doubtful, decided or not."""
        return [s for s in self.steps if s.decided is not None or s.step is Step.DOUBTFUL]

    @property
    def erase_here(self) -> list[int]:
        return sorted({s.here for s in self.steps if s.erase_here and s.here is not None})


def _without_contact(person: Attendee) -> Attendee:
    """The person with no email and no ticket code: what the name rule is asked about."""
    return dataclasses.replace(person, email="", ticket_codes=[])


def plan_people(
    here: Sequence[Person],
    there: Sequence[Person],
    *,
    here_erased: Sequence[ErasedKeys] = (),
    there_erased: Sequence[ErasedKeys] = (),
    decisions: Mapping[tuple[int, int], bool] | None = None,
    default: bool | None = None,
) -> PeoplePlan:
    """What becomes of each person there (see the module's rules). decisions: (here id, there
    id) -> True (the same person) or False (two people), for doubtful pairs; default applies
    to the pairs not in decisions (None: leave them undecided)."""
    decisions = dict(decisions or {})
    plan = PeoplePlan()
    by_origin: dict[Origin, int] = {}
    for h in here:
        for origin in h.origins:
            by_origin.setdefault(origin, h.id)
    live = [h for h in here if not h.erased]
    live_ids = {h.id for h in live}
    taken: set[int] = set()
    steps: dict[int, PersonStep] = {}

    # Erased on request at the other site: whom its hashes name here.
    named_by_there: dict[int, int] = {}  # there blank row id -> the person here
    if there_erased:
        for h in live:
            for keys in there_erased:
                hit, owner = keys.owner(h.attendee)
                if hit and owner is not None:
                    named_by_there.setdefault(owner, h.id)

    # Merged before, from either side.
    for t in there:
        h_id = next((by_origin[o] for o in sorted(t.origins) if o in by_origin), None)
        if h_id is None:
            continue
        if t.erased or h_id not in live_ids:
            steps[t.id] = PersonStep(
                t.id, Step.ERASED, h_id, "erased at one of the sites", erase_here=h_id in live_ids
            )
        else:
            steps[t.id] = PersonStep(t.id, Step.SAME, h_id, "merged before")
        taken.add(h_id)

    # Erased at either site, not merged before.
    for t in there:
        if t.id in steps:
            continue
        if t.erased:
            h_id = named_by_there.get(t.id)
            if h_id is not None and h_id in taken:
                h_id = None
            steps[t.id] = PersonStep(
                t.id, Step.ERASED, h_id, "erased there", erase_here=h_id is not None
            )
            if h_id is not None:
                taken.add(h_id)
            continue
        for keys in here_erased:
            hit, owner = keys.owner(t.attendee)
            if hit:
                steps[t.id] = PersonStep(t.id, Step.ERASED, owner, "erased here")
                break
    to_erase = {s.here for s in steps.values() if s.erase_here}

    # The rules, one to one: certain matches first, then the doubtful.
    index = PeopleIndex((h.id, h.attendee) for h in live if h.id not in to_erase)
    rest = [t for t in there if t.id not in steps]
    found = {t.id: index.find(t.attendee) for t in rest}
    for t in rest:
        match = found[t.id].match
        if match is not None and match.key not in taken:
            steps[t.id] = PersonStep(t.id, Step.SAME, match.key, match.how.value)
            taken.add(match.key)
    by_name = PeopleIndex(
        (h.id, _without_contact(h.attendee)) for h in live if h.id not in to_erase
    )
    pairs: set[tuple[int, int]] = set()
    for t in rest:
        if t.id in steps:
            continue
        lookup = found[t.id]
        candidate: int | None = None
        why = ""
        if lookup.match is not None:
            candidate, why = lookup.match.key, "matches someone already matched to another person"
        elif lookup.shares_email_with is not None and lookup.shares_email_with not in taken:
            candidate, why = lookup.shares_email_with, "the same email under another name"
        else:
            by = by_name.find(_without_contact(t.attendee)).match
            if by is not None and by.key not in taken:
                candidate = by.key
                other = index.person(by.key).email.strip()
                why = (
                    "the same name and organisation, different emails"
                    if other and t.attendee.email.strip()
                    else "the same name and organisation, an email on one side only"
                )
        if candidate is None:
            steps[t.id] = PersonStep(t.id, Step.NEW)
            continue
        pair = (candidate, t.id)
        pairs.add(pair)
        decided = decisions.get(pair, default)
        if decided:
            steps[t.id] = PersonStep(t.id, Step.SAME, candidate, why, decided=True)
        elif decided is False:
            steps[t.id] = PersonStep(t.id, Step.NEW, candidate, why, decided=False)
        else:
            steps[t.id] = PersonStep(t.id, Step.DOUBTFUL, candidate, why)
    plan.steps = [steps[t.id] for t in there]
    # A decision on a pair merged before is already taken (the same flags may be given again).
    before = {t for t, s in steps.items() if s.how == "merged before" or s.step is Step.ERASED}
    here_ids = {h.id for h in here}
    plan.unknown_decisions = sorted(
        p for p in decisions if p not in pairs and not (p[1] in before and p[0] in here_ids)
    )
    return plan
