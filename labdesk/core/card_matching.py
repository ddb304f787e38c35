"""Whose commitment card this is: one rule, called by every path that stores a card (a phone's
post, a paper card typed in at the desk), with the person-matching rules of the importer
(labdesk.core.importing.matching: names and emails compared the same way everywhere).

The store finds the candidates through indexed keys (the card's email, and its name as
`name_key` makes it); this decides among them:

- One registration with the card's email: theirs, unless the name given is another registered
  person's (then ambiguous: someone may have typed a colleague's email).
- Several registrations with the email: the one whose name is the card's, else ambiguous.
- No registration with the email, but it was erased on request: nobody (never re-linked by
  name to the person who asked to be forgotten).
- Otherwise one registration with the name (case, accents, spacing and "Surname, First" order
  ignored): theirs; several: ambiguous; none: nobody.

(The importer's own `PeopleIndex.find` asks a different question, whether two records are the
same registration, and finds by name only people without an email; a card names someone who
registered with one.)
"""

from __future__ import annotations

from collections.abc import Sequence

from labdesk.core.importing.matching import email_key, name_key
from labdesk.core.model import Attendee, CardMatch


def match_card(
    name: str, email: str, candidates: Sequence[Attendee], *, email_erased: bool = False
) -> tuple[int | None, CardMatch]:
    """(attendee id or None, how) for a card giving name and email, among candidates: the
    registered people (not erased) who share the card's email or its name."""
    wanted_email, wanted_name = email_key(email), name_key(name)
    by_email = [p.id for p in candidates if wanted_email and email_key(p.email) == wanted_email]
    if not by_email and wanted_email and email_erased:
        return None, CardMatch.UNMATCHED
    by_name = [p.id for p in candidates if wanted_name and name_key(p.name) == wanted_name]
    if len(by_email) == 1:
        if by_name and by_email[0] not in by_name:
            return None, CardMatch.AMBIGUOUS
        return by_email[0], CardMatch.MATCHED
    if len(by_email) > 1:
        both = [i for i in by_email if i in by_name]
        return (both[0], CardMatch.MATCHED) if len(both) == 1 else (None, CardMatch.AMBIGUOUS)
    if len(by_name) == 1:
        return by_name[0], CardMatch.MATCHED
    if len(by_name) > 1:
        return None, CardMatch.AMBIGUOUS
    return None, CardMatch.UNMATCHED
