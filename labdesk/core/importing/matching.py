"""Whether two records are the same person: one set of rules for every path that asks.

Imports use it to find a row's person in the workshop file and earlier in the same file; matching
a commitment card to an attendee (#10) and merging another site's workshop file (#16) are meant to
call the same `PeopleIndex`, so a person is recognised the same way everywhere.

The rules, strongest first:

1. The same ticket code (compared as scanned: case, spaces and invisible characters ignored) is the
   same person, whatever the names say: a ticket passed to a colleague stays one record.
2. The same email (case and surrounding spaces ignored) is the same person, unless the two names
   clearly belong to two people ("Ana Lopes" and "Bo Chan" booked from one office address, or a
   check-in list that gives every ticket of an order the buyer's email): then they are two people,
   and the lookup says who else has that email.
3. Without an email on either side, the same name (case, accents, spacing and "Surname, First"
   order ignored) is the same person when their organisations agree or one has none.

Anything else is two people. Names "clearly differ" when neither the family names nor the given
names agree (a given name that starts the other, "Sam" and "Samantha", agrees; so do names that
differ only in accents or case). A changed surname with the same given name does not clearly
differ: "Ana Lopes" who became "Ana Silva" is still matched by her email.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from labdesk.core.badges import ticket_key
from labdesk.core.erased import normal_email
from labdesk.core.model import Attendee, fold, split_name

K = TypeVar("K", bound=Hashable)


class How(StrEnum):
    """Which rule recognised the person."""

    TICKET_CODE = "ticket code"
    EMAIL = "email"
    NAME = "name"


@dataclass(frozen=True)
class Match(Generic[K]):
    """The person found, and by which rule."""

    key: K
    how: How


@dataclass(frozen=True)
class Lookup(Generic[K]):
    """The answer to "who is this?": a match, or none; and someone with the same email who is
    clearly another person (worth a line to check), if any."""

    match: Match[K] | None = None
    shares_email_with: K | None = None


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name as compared: case, accents, spacing and word order ignored ("Jones, Siân" is
    "Siân Jones")."""
    return " ".join(sorted(fold(name).replace(",", " ").split()))


def code_key(code: str) -> str:
    """A ticket code as compared (the scanning key); plain letters and digits take a short cut."""
    if code.isascii() and code.isalnum():
        return code.lower()
    return ticket_key(code)


def email_key(email: str) -> str:
    """An email as compared (as the erased list compares it); plain ASCII takes a short cut."""
    if email.isascii():
        return email.strip().lower()
    return normal_email(email)


def _parts(name: str) -> tuple[str, str]:
    given, family = split_name(name)
    return fold(given).split(" ")[0] if given else "", fold(family)


def _agree(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or a.startswith(b) or b.startswith(a))


def names_conflict(a: str, b: str) -> bool:
    """Whether two names clearly belong to two different people (see the module's rules)."""
    if not a.strip() or not b.strip() or name_key(a) == name_key(b):
        return False
    given_a, family_a = _parts(a)
    given_b, family_b = _parts(b)
    if not family_a or not family_b:
        # A one-word name ("Priya"): it agrees when it agrees with either part of the other.
        single, other = (
            (given_a, (given_b, family_b)) if not family_a else (given_b, (given_a, family_a))
        )
        return not any(_agree(single, part) for part in other)
    return not _agree(family_a, family_b) and not _agree(given_a, given_b)


def same_organisation(a: str, b: str) -> bool:
    """Organisations agree when either is unknown or both are the same (case and accents
    ignored)."""
    return not a.strip() or not b.strip() or fold(a).strip() == fold(b).strip()


class PeopleIndex(Generic[K]):
    """People already known, each under a key of the caller's (an attendee id, a row number),
    found again by the rules above. Adding a person again under the same key adds their new
    codes and email."""

    def __init__(self, people: Iterable[tuple[K, Attendee]] = ()) -> None:
        self._people: dict[K, Attendee] = {}
        self._by_code: dict[str, K] = {}
        self._by_email: dict[str, list[K]] = {}
        self._by_name: dict[str, list[K]] = {}
        for key, person in people:
            self.add(key, person)

    def __len__(self) -> int:
        return len(self._people)

    def person(self, key: K) -> Attendee:
        return self._people[key]

    def add(self, key: K, person: Attendee) -> None:
        self._people[key] = person
        for code in person.ticket_codes:
            if found := code_key(code):
                self._by_code.setdefault(found, key)
        if email := email_key(person.email):
            keys = self._by_email.setdefault(email, [])
            if key not in keys:
                keys.append(key)
        elif names := name_key(person.name):
            keys = self._by_name.setdefault(names, [])
            if key not in keys:
                keys.append(key)

    def knows(self, person: Attendee) -> bool:
        """Whether anyone here has this person's email or one of their ticket codes."""
        if email_key(person.email) in self._by_email:
            return True
        return any(code_key(code) in self._by_code for code in person.ticket_codes)

    def find(self, person: Attendee) -> Lookup[K]:
        """Who this person is among those known (see the module's rules)."""
        for code in person.ticket_codes:
            key = self._by_code.get(code_key(code))
            if key is not None:
                return Lookup(Match(key, How.TICKET_CODE))
        email = email_key(person.email)
        if email:
            others = self._by_email.get(email, [])
            same = [k for k in others if not names_conflict(self._people[k].name, person.name)]
            if same:
                exact = [k for k in same if name_key(self._people[k].name) == name_key(person.name)]
                return Lookup(Match((exact or same)[0], How.EMAIL))
            return Lookup(None, others[0] if others else None)
        for key in self._by_name.get(name_key(person.name), []):
            known = self._people[key]
            if not known.email and same_organisation(known.organisation, person.organisation):
                return Lookup(Match(key, How.NAME))
        return Lookup()
