"""Find activity templates for what a facilitator types in "add activity": purpose words, the title
or the summary; case, accents and a slip of a letter ignored."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from labdesk.core.activities import Activity, Purpose
from labdesk.core.search import within_one_edit, words_of

_STOP_WORDS_TEXT = (
    "a an the to of for and or in on at with we our us you your i me my it is are be do how what"
    " who can some"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# How much a match in each part of a template counts, and how good each kind of match is. A
# template's first purpose is its main one; each later one counts a little less.
_TITLE, _PURPOSE, _SUMMARY = 4.0, 3.0, 1.0
_LATER_PURPOSE = 0.15
_EXACT, _PREFIX, _TYPO = 3, 2, 1
_PHRASE_BONUS = 6.0


def _quality(query_word: str, words: Collection[str], typos: bool) -> int:
    """How well a query word matches a set of words: exactly, as a prefix, or (when `typos`) by
    one slip of a letter."""
    best = 0
    for word in words:
        if word == query_word:
            return _EXACT
        if len(query_word) >= 3 and word.startswith(query_word):
            best = _PREFIX
        elif typos and not best and len(query_word) >= 4 and within_one_edit(query_word, word):
            best = _TYPO
    return best


_PURPOSE_WORDS = {p: frozenset(words_of(f"{p.label} {p.words}")) for p in Purpose}
_PURPOSE_PHRASES = {p: " ".join(words_of(p.label)) for p in Purpose}


@dataclass(frozen=True)
class _Searchable:
    activity: Activity
    title: frozenset[str]
    purposes: tuple[frozenset[str], ...]  # in the template's order
    summary: frozenset[str]
    phrases: tuple[str, ...]  # the title and purpose labels, folded, for a whole-query match

    @classmethod
    def of(cls, activity: Activity) -> _Searchable:
        title = words_of(activity.title)
        return cls(
            activity,
            frozenset(title),
            tuple(_PURPOSE_WORDS[p] for p in activity.purposes),
            frozenset(words_of(f"{activity.summary} {activity.invitation}")),
            (" ".join(title), *(_PURPOSE_PHRASES[p] for p in activity.purposes)),
        )

    def score(self, word: str, typos: bool) -> tuple[float, int]:
        """(score, quality) of one query word against this template."""
        found = [(_TITLE, self.title), (_SUMMARY, self.summary)]
        found += [(_PURPOSE * (1 - _LATER_PURPOSE * n), w) for n, w in enumerate(self.purposes)]
        return max((weight * (q := _quality(word, w, typos)), q) for weight, w in found)


class ActivityIndex:
    """The library and the workshop's own templates, ready to search as the facilitator types."""

    def __init__(self, templates: Sequence[Activity]) -> None:
        by_title = sorted(templates, key=lambda a: a.title.casefold())
        self.entries = [_Searchable.of(a) for a in by_title]

    def search(self, query: str) -> list[Activity]:
        return _ranked(self.entries, query)


def search(templates: Sequence[Activity], query: str) -> list[Activity]:
    """Templates ranked for a query typed in "add activity": purpose words ("help each other",
    "icebreaker", "retro"), the title or the summary; case and accents are ignored, and a slip of
    a letter is forgiven when no template matches the word as typed. Templates that match every
    word come first; if none does, those that match any. An empty query lists all by title."""
    return ActivityIndex(templates).search(query)


def _ranked(entries: Sequence[_Searchable], query: str) -> list[Activity]:
    words = words_of(query)
    meaningful = [w for w in words if w not in _STOP_WORDS] or words
    if not meaningful:
        return [entry.activity for entry in entries]
    phrase = " ".join(words)
    columns = []
    for word in meaningful:  # a slip of a letter only counts when nothing matches as typed
        column = [entry.score(word, typos=False) for entry in entries]
        if not any(q for _, q in column):
            column = [entry.score(word, typos=True) for entry in entries]
        columns.append(column)
    table = list(zip(*columns, strict=True)) if columns else []
    ranked: list[tuple[int, float, Activity]] = []
    for entry, row in zip(entries, table, strict=True):
        matched = sum(q > 0 for _, q in row)
        if not matched:
            continue
        score = sum(points for points, _ in row)
        if len(words) > 1 and any(phrase in text for text in entry.phrases):
            score += _PHRASE_BONUS
        ranked.append((matched, score, entry.activity))
    every = [r for r in ranked if r[0] == len(meaningful)]
    chosen = every or ranked
    chosen.sort(key=lambda r: (-r[0], -r[1]))  # stable: ties stay in title order
    return [activity for _, _, activity in chosen]
