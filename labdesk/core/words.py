"""Counted nouns in the text people read: "1 response", "2 responses", "1 person", "3 people"."""

from __future__ import annotations

# Plurals that are not the noun plus "s".
_IRREGULAR = {"person": "people", "match": "matches", "box": "boxes", "is": "are", "was": "were"}


def plural(n: int, noun: str, many: str | None = None) -> str:
    """The noun as `n` of it reads: "response" for 1, "responses" otherwise."""
    if n == 1:
        return noun
    if many is not None:
        return many
    return _IRREGULAR.get(noun, noun + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """ "1 response", "0 responses", "12 people": the number and the noun, agreeing."""
    return f"{n} {plural(n, noun, many)}"
