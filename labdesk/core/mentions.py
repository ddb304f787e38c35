"""Finding a person in free text (a feedback comment, someone else's card), to redact it.

A person is recognised by their full name (case, accents and spacing ignored, whole words
only), by any of their email addresses, and by the first line of their postal address. The
organiser sees each comment that names them with the proposed redaction, and decides: text
people wrote is never silently destroyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from labdesk.core.model import fold

REMOVED = "[removed]"
_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_ADDRESS_LINE = 8  # "Flat 2" is too common to point at anyone


@dataclass(frozen=True)
class Identity:
    """What identifies one person in text."""

    name: str
    emails: tuple[str, ...] = ()
    address: str = ""
    extra_names: tuple[str, ...] = field(default=())  # names on their cards, if different

    def names(self) -> list[list[str]]:
        """Each name as a list of folded words (two words at least: a first name alone is
        anyone's)."""
        found = []
        for name in (self.name, *self.extra_names):
            words = [fold(w) for w in _WORD.findall(name)]
            if len(words) >= 2 and words not in found:
                found.append(words)
        return found

    def literals(self) -> list[str]:
        """Emails and the first address line, compared case-insensitively."""
        found = [e.strip() for e in self.emails if e.strip()]
        first_line = next((ln.strip() for ln in self.address.splitlines() if ln.strip()), "")
        first_line = first_line.split(",")[0].strip()
        if len(first_line) >= _MIN_ADDRESS_LINE:
            found.append(first_line)
        return found


def spans(text: str, who: Identity) -> list[tuple[int, int]]:
    """Where in text the person is named: (start, end) pairs, in order, not overlapping."""
    found: list[tuple[int, int]] = []
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    for name in who.names():
        n = len(name)
        for i in range(len(words) - n + 1):
            if [w[2] for w in words[i : i + n]] == name:
                found.append((words[i][0], words[i + n - 1][1]))
    for literal in who.literals():
        for match in re.finditer(re.escape(literal), text, re.IGNORECASE):
            found.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def names(text: str, who: Identity) -> bool:
    return bool(spans(text, who))


def redact(text: str, who: Identity) -> str:
    """text with every mention of the person replaced by [removed]."""
    out, at = [], 0
    for start, end in spans(text, who):
        out.append(text[at:start])
        out.append(REMOVED)
        at = end
    out.append(text[at:])
    return "".join(out)


# A text as words, [removed] marks, blanks and single other characters (for combine).
_TOKEN = re.compile(rf"{re.escape(REMOVED)}|\w+|\s+|[^\w\s]", re.UNICODE)


def combine(a: str, b: str) -> str:
    """Two redactions of one text (made at two sites, say) as one text both may keep: where
    they read alike, as they read; where they differ in words, [removed] (either side's words
    there may be what the other took out, so neither is kept). The same whichever way round,
    and combining the result with either again changes nothing."""
    from difflib import SequenceMatcher

    if a == b:
        return a
    a, b = sorted((a, b))
    x, y = _TOKEN.findall(a), _TOKEN.findall(b)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if op == "equal":
            out += x[i1:i2]
            continue
        left, right = "".join(x[i1:i2]), "".join(y[j1:j2])
        if _WORD.search(left) or _WORD.search(right):  # [removed] counts as words here
            out.append(REMOVED)
        else:  # blanks or punctuation only: one of the two, whichever way round
            out.append(max(left, right))
    return "".join(out)
