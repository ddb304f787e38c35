"""Find attendees by part of a name, organisation or email: case-, accent- and typo-tolerant.

Each query word scores a person by their best word: the same word (EXACT), a word it begins
(PREFIX), a name or organisation word one typo away (TYPO: a letter wrong, missing, extra, or two
neighbours swapped) or one that begins with something one typo away (TYPO_PREFIX). Typos count
from four letters typed. A person must match every query word; best total first, then by name.

The index is sorted word lists and, per word, who has it, in name order. A keystroke bisects the
lists for the words it can match and combines those people with set operations (done in C),
so it never loops over everyone: a few milliseconds at 100,000 people, even for one letter.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from labdesk.core.model import Attendee, fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_JOINED = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)+", re.UNICODE)
_JOINERS = re.compile(r"['’\-]")
_LAST = "\U0010ffff"  # sorts after every character: prefix + _LAST bounds the words with prefix
SHORT = 3  # people for prefixes this short are kept ready, in name order
_CACHED_WORDS = 16  # query words remembered (the words before the one being typed)

# Scores: higher is a better match for one query word.
EXACT, PREFIX, TYPO, TYPO_PREFIX = 4, 3, 2, 1


def words_of(text: str) -> list[str]:
    """Folded words of text; hyphenated and apostrophe'd names also as one word ("oneill")."""
    folded = text.lower() if text.isascii() else fold(text)  # the same, for ASCII, and faster
    words = _WORD.findall(folded)
    for joined in _JOINED.findall(folded):
        words.append(_JOINERS.sub("", joined))
    return words


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a, or a with one letter changed, added, removed, or two neighbours swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True  # one substitution
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _span(keys: Sequence[str], prefix: str) -> tuple[int, int]:
    """The slice of sorted keys that begin with prefix."""
    lo = bisect_left(keys, prefix)
    return lo, bisect_left(keys, prefix + _LAST, lo)


@dataclass(frozen=True)
class Hit:
    attendee: Attendee
    score: int


@dataclass(frozen=True)
class _Matches:
    """Who one query word matches: at_least[s - 1] holds everyone scoring s or more (so each
    holds the next); ordered is at_least[0] in name order when the index had it ready. For a
    word of a few letters the first three are None: everyone in ordered (no set of thousands
    is made for a letter or two)."""

    at_least: tuple[set[int] | None, set[int] | None, set[int] | None, set[int]]
    ordered: Sequence[int] | None

    @property
    def size(self) -> int:
        widest = self.at_least[0]
        return len(widest) if widest is not None else len(self.ordered or ())


class _SortedPairs:
    """Words sorted by a key derived from each (the word without its first or second letter)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        ordered = sorted(pairs)
        self.keys = [k for k, _ in ordered]
        self.words = [w for _, w in ordered]

    def starting(self, prefix: str) -> list[str]:
        lo, hi = _span(self.keys, prefix)
        return self.words[lo:hi]


class SearchIndex:
    """An index over attendees' names, organisations and emails (immutable: build a new one
    when the list changes)."""

    def __init__(self, people: Iterable[Attendee]) -> None:
        self.people: list[Attendee] = list(people)
        order = sorted(range(len(self.people)), key=lambda i: (self.people[i].sort_name, i))
        self._ranked = [self.people[i] for i in order]  # a person's number is their place here
        postings: dict[str, list[int]] = {}
        named_words: set[str] = set()
        seen: dict[str, tuple[str, ...]] = {}  # names and organisations repeat: fold each once

        def words_once(text: str) -> tuple[str, ...]:
            got = seen.get(text)
            if got is None:
                got = seen[text] = tuple(set(words_of(text)))
            return got

        email_only: dict[str, list[int]] = {}  # word -> those who have it in their email alone
        for n, person in enumerate(self._ranked):
            named = {*words_once(person.name), *words_once(person.organisation)}
            named_words.update(named)
            for word in named:
                postings.setdefault(word, []).append(n)
            for word in set(words_of(person.email)) - named:
                postings.setdefault(word, []).append(n)
                email_only.setdefault(word, []).append(n)
        self._words = sorted(postings)
        self._people_of = [tuple(postings[w]) for w in self._words]
        self._short: dict[str, tuple[int, ...]] = {}
        for prefix in sorted({w[:end] for w in self._words for end in range(1, SHORT + 1)}):
            lo, hi = _span(self._words, prefix)
            if hi - lo == 1:
                self._short[prefix] = self._people_of[lo]
            else:
                self._short[prefix] = tuple(sorted(set().union(*self._people_of[lo:hi])))
        # Name and organisation words, for typos: as they are, and without their first or
        # second letter, so that a typo anywhere is a bisection away (see _typos).
        typo_words = [w for w in named_words if len(w) >= 3]
        self._typo_words = sorted(typo_words)
        # Typos match names and organisations only: who has each such word there, when that is
        # not everyone who has it.
        self._named_people_of: dict[str, tuple[int, ...]] = {}
        for word in typo_words:
            if word in email_only:
                elsewhere = set(email_only[word])
                self._named_people_of[word] = tuple(
                    n for n in self._people_with(word) if n not in elsewhere
                )
        self._without_first = _SortedPairs((w[1:], w) for w in typo_words)
        self._without_second = _SortedPairs((w[0] + w[2:], w) for w in typo_words)
        self._cache: dict[str, _Matches] = {}

    # -- one query word -------------------------------------------------------------------------
    def _people_with(self, word: str) -> tuple[int, ...]:
        i = bisect_left(self._words, word)
        return self._people_of[i] if i < len(self._words) and self._words[i] == word else ()

    def _named_people_with(self, word: str) -> tuple[int, ...]:
        named = self._named_people_of.get(word)
        return self._people_with(word) if named is None else named

    def _typos(self, token: str) -> tuple[list[str], list[str]]:
        """Name words one typo from token (whole), and those that begin with something one
        typo from token (part), leaving out words that begin with token itself."""
        t = token
        found: set[str] = set()
        words = self._typo_words
        # A typo after the second letter keeps the first two; one in them moves or drops a
        # letter, or is one of these four shapes (a letter dropped, two swapped).
        for prefix in {t[:2], t[1:], t[0] + t[2:], t[1] + t[0] + t[2:], t[0] + t[2] + t[1] + t[3:]}:
            lo, hi = _span(words, prefix)
            found.update(words[lo:hi])
        # A letter changed or added as the first or second one.
        found.update(self._without_first.starting(t))
        found.update(self._without_first.starting(t[1:]))
        found.update(self._without_second.starting(t))
        found.update(self._without_second.starting(t[0] + t[2:]))
        whole, part = [], []
        length = len(t)
        for word in found:
            if word.startswith(t):
                continue  # a prefix match already
            if abs(len(word) - length) <= 1 and within_one_edit(t, word):
                whole.append(word)
            elif any(
                4 <= end < len(word) and within_one_edit(t, word[:end])
                for end in (length - 1, length, length + 1)
            ):
                part.append(word)
        return whole, part

    def _matches(self, token: str) -> _Matches:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        lo, hi = _span(self._words, token)
        exact = set(self._people_of[lo]) if lo < hi and self._words[lo] == token else set()
        ordered: Sequence[int] | None = None
        if len(token) <= SHORT:  # no typos this short: people with a word that begins so
            matches = _Matches((None, None, None, exact), self._short.get(token, ()))
            return self._remember(token, matches)
        if hi - lo == 1:
            ordered = self._people_of[lo]
            prefix = exact or set(ordered)
        else:
            prefix = set().union(*self._people_of[lo:hi])
        typo = widest = prefix
        if len(token) >= 4:
            whole, part = self._typos(token)
            if whole:
                typo = widest = prefix.union(*(self._named_people_with(w) for w in whole))
            if part:
                widest = typo.union(*(self._named_people_with(w) for w in part))
        if widest is not prefix:
            ordered = None
        return self._remember(token, _Matches((widest, typo, prefix, exact), ordered))

    def _remember(self, token: str, matches: _Matches) -> _Matches:
        if len(self._cache) >= _CACHED_WORDS:
            del self._cache[next(iter(self._cache))]
        self._cache[token] = matches
        return matches

    # -- a query --------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """People matching every word of query, best first."""
        tokens = [t for t in words_of(query[:200]) if t][:8]
        if not tokens or limit <= 0:
            return []
        if len(set(tokens)) == 1 and len(tokens[0]) <= SHORT:
            return self._one_short_word(tokens[0], limit)
        each = sorted((self._matches(t) for t in set(tokens)), key=lambda m: m.size)
        sets = [m.at_least[0] for m in each if m.at_least[0] is not None]
        found = sets[0].intersection(*sets[1:]) if sets else set(each[0].ordered or ())
        for m in each if sets else each[1:]:
            if m.at_least[0] is None and found:
                found = found.intersection(m.ordered or ())  # iterates it: no set of it made
        if not found:
            return []
        # Everyone found scores at least `base`. Each better kind of match for one query word
        # (a level) that holds some of them but not all gives those it holds one more: counted
        # for the few it holds, or (as a point everyone has, less one) for the few it leaves out.
        base, plus, minus = 0, Counter[int](), Counter[int]()
        for m in each:
            full, last = True, None
            part: tuple[Counter[int], set[int]] = (plus, set())
            for level in m.at_least:
                if level is None:  # a short word's people: found is within them
                    base += 1
                    continue
                if full and (level is last or level is m.at_least[0] or found <= level):
                    base += 1
                else:
                    full = False
                    if level is not last:
                        inside = found & level
                        part = (
                            (plus, inside)
                            if len(inside) * 2 <= len(found)
                            else (minus, found - inside)
                        )
                    if part[0] is minus:
                        base += 1
                    part[0].update(part[1])
                last = level
        odd = {n: base + plus.get(n, 0) - minus.get(n, 0) for n in plus.keys() | minus.keys()}
        odd = {n: score for n, score in odd.items() if score != base}
        better = heapq.nsmallest(
            limit, ((n, s) for n, s in odd.items() if s > base), key=lambda kv: (-kv[1], kv[0])
        )
        hits = [*better]
        if len(hits) < limit:
            hits.extend((n, base) for n in self._first(limit - len(hits), found, odd, each))
        if len(hits) < limit:
            worse = ((n, s) for n, s in odd.items() if s < base)
            hits.extend(heapq.nsmallest(limit - len(hits), worse, key=lambda kv: (-kv[1], kv[0])))
        return [Hit(self._ranked[n], score) for n, score in hits]

    def _one_short_word(self, token: str, limit: int) -> list[Hit]:
        """One word of a few letters (no typos yet): those who have it as a word, then those
        with a word that begins with it, in name order; without a set of the thousands."""
        exact = self._people_with(token)
        hits = [(n, EXACT) for n in exact[:limit]]
        if len(hits) < limit:
            skip = set(exact)
            begins = (n for n in self._short.get(token, ()) if n not in skip)
            hits.extend((n, PREFIX) for n in islice(begins, limit - len(hits)))
        return [Hit(self._ranked[n], score) for n, score in hits]

    @staticmethod
    def _first(
        count: int, found: set[int], skip: dict[int, int], each: list[_Matches]
    ) -> Iterable[int]:
        """The first count of found, in name order, leaving out skip."""
        ordered = min((m.ordered for m in each if m.ordered is not None), key=len, default=None)
        if ordered is not None and len(found) * 8 >= len(ordered):
            return islice((n for n in ordered if n in found and n not in skip), count)
        return heapq.nsmallest(count, found - skip.keys() if skip else found)


def search(people: Sequence[Attendee], query: str, limit: int = 50) -> list[Attendee]:
    """One-off search (builds the index each time: use SearchIndex for a desk)."""
    return [h.attendee for h in SearchIndex(people).search(query, limit)]
