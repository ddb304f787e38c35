"""Live questions to the room: their kinds, the check of a phone's answer, and the results a
projector or a room view draws (bars, a scale's distribution, a word cloud, Q&A by votes)."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from labdesk.core.feedback import clean_text
from labdesk.core.mentions import REMOVED
from labdesk.core.words import count


class PollKind(enum.Enum):
    """What a question asks the room for."""

    CHOICES = "choices"  # one of a few options
    SCALE = "scale"  # a number on a scale: 1–5 or 0–10
    WORDS = "words"  # a few words, drawn as a word cloud
    TEXT = "text"  # an open answer, read by the facilitator
    QUESTIONS = "questions"  # Q&A: the room asks, and upvotes what it wants answered

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PollKind.CHOICES: "Multiple choice",
    PollKind.SCALE: "Scale",
    PollKind.WORDS: "Word cloud",
    PollKind.TEXT: "Open text",
    PollKind.QUESTIONS: "Q&A",
}

SCALES = ((1, 5), (0, 10))
MAX_QUESTION = 300  # the question itself
MAX_CHOICES = 10
MAX_CHOICE = 80  # one option's text
MAX_WORDS_TEXT = 60  # a word-cloud answer, in characters
MAX_WORDS = 3  # … and in words
MAX_TEXT = 1000  # an open answer
MAX_ASKED = 300  # a question asked in Q&A


class PollError(ValueError):
    """A question that cannot be asked as written; the message says why in one line."""


@dataclass(frozen=True)
class Poll:
    """One question put to the room."""

    text: str
    kind: PollKind
    choices: tuple[str, ...] = ()
    scale: tuple[int, int] = (1, 5)
    id: int | None = None
    agenda_item_id: int | None = None
    phase_id: int | None = None
    opened_at: str | None = None  # ISO; None: never opened
    closed_at: str | None = None  # ISO; None while open (or never opened)
    shown: bool = False  # its results are on the projector and the room views
    frozen: bool = False  # the results shown stay as they were when frozen
    site_id: int | None = None  # merged from another site (None: asked here)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


def make_poll(
    text: str,
    kind: PollKind,
    choices: Sequence[str] = (),
    scale: tuple[int, int] = (1, 5),
    *,
    agenda_item_id: int | None = None,
    phase_id: int | None = None,
) -> Poll:
    """A question checked before it is stored: raises PollError with the reason."""
    text = " ".join(clean_text(text).split())
    if not text:
        raise PollError("Write the question to ask.")
    if len(text) > MAX_QUESTION:
        raise PollError(
            f"The question is too long: {len(text)} characters, at most {MAX_QUESTION}."
        )
    options: tuple[str, ...] = ()
    if kind is PollKind.CHOICES:
        options = tuple(" ".join(clean_text(c).split()) for c in choices)
        options = tuple(c for c in options if c)
        if len(options) < 2:
            raise PollError("Give at least two choices, separated by commas: --choices Yes,No.")
        if len(options) > MAX_CHOICES:
            raise PollError(f"Give at most {MAX_CHOICES} choices (there are {len(options)}).")
        long = [c for c in options if len(c) > MAX_CHOICE]
        if long:
            raise PollError(f"A choice is too long (at most {MAX_CHOICE} characters): {long[0]}")
        folded = [c.casefold() for c in options]
        if len(set(folded)) != len(folded):
            raise PollError("Two choices are the same; give each choice once.")
    if kind is PollKind.SCALE and tuple(scale) not in SCALES:
        raise PollError("A scale is 1-5 or 0-10.")
    return Poll(
        text,
        kind,
        options,
        tuple(scale) if kind is PollKind.SCALE else (1, 5),  # type: ignore[arg-type]
        agenda_item_id=agenda_item_id,
        phase_id=phase_id,
    )


def parse_scale(text: str) -> tuple[int, int]:
    """ "1-5" or "0-10" (also with an en dash or spaces) as a scale; PollError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*[-–—]\s*(\d+)\s*", text)
    if match is None or (int(match[1]), int(match[2])) not in SCALES:
        raise PollError(f"{text!r} is not a scale: give 1-5 or 0-10.")
    return int(match[1]), int(match[2])


def parse_choices(text: str) -> list[str]:
    """ "Yes,No,Not sure" as its choices (blanks around commas ignored)."""
    return [c.strip() for c in text.split(",")]


# -- a phone's answer ---------------------------------------------------------------------------


@dataclass
class AnswerCheck:
    """What a posted answer means: its stored text, or the one problem to show beside it."""

    value: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def read_answer(poll: Poll, form: Mapping[str, str]) -> AnswerCheck:
    """Check a phone's answer to poll. The value is what is stored: a choice's number, the
    scale's number, or the text. Markup is kept as plain text (every page escapes it); control
    characters go; other scripts (Welsh, Polish, Arabic…) are as good as English."""
    raw = form.get("answer", "")
    if poll.kind is PollKind.CHOICES:
        raw = raw.strip()
        if not raw:
            return AnswerCheck(error="Choose one of the answers before sending.")
        if not raw.isdigit() or not 0 <= int(raw) < len(poll.choices):
            return AnswerCheck(error="Choose one of the answers shown.")
        return AnswerCheck(str(int(raw)))
    if poll.kind is PollKind.SCALE:
        low, high = poll.scale
        raw = raw.strip()
        if not raw:
            return AnswerCheck(error=f"Choose a number from {low} to {high} before sending.")
        if not raw.isdigit() or not low <= int(raw) <= high:
            return AnswerCheck(error=f"Choose a number from {low} to {high}.")
        return AnswerCheck(str(int(raw)))
    text = " ".join(clean_text(raw).split()) if poll.kind is not PollKind.TEXT else clean_text(raw)
    limit = {PollKind.WORDS: MAX_WORDS_TEXT, PollKind.TEXT: MAX_TEXT}.get(poll.kind, MAX_ASKED)
    if not text:
        what = {PollKind.WORDS: "a word or two", PollKind.QUESTIONS: "your question"}
        return AnswerCheck(error=f"Write {what.get(poll.kind, 'your answer')} before sending.")
    if len(text) > limit:
        return AnswerCheck(
            error=f"That is too long: {count(len(text), 'character')}, at most {limit}."
        )
    if poll.kind is PollKind.WORDS:
        if len(text.split()) > MAX_WORDS:
            return AnswerCheck(error=f"Write at most {MAX_WORDS} words.")
        if not normalise_word(text):
            return AnswerCheck(error="Write a word or two (letters or digits).")
    return AnswerCheck(text)


# -- results ------------------------------------------------------------------------------------

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_TAG = re.compile(r"<[^<>]*>")
_TATWEEL = "\u0640"


def normalise_word(text: str) -> str:
    """The form word-cloud answers are grouped by: case, accents and Arabic vowel marks
    ignored, punctuation at the ends of each word dropped, blanks collapsed ("Trust!",
    "trust" and " TRUST " are one word; "Diolch" and "diolch" too)."""
    text = _TAG.sub(" ", text)  # "<b>hope</b>" is the word hope (shown as text, never markup)
    decomposed = unicodedata.normalize("NFKD", text.casefold()).replace(_TATWEEL, "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    words = (_EDGE.sub("", w) for w in bare.split())
    return unicodedata.normalize("NFC", " ".join(w for w in words if w))


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its count and its share of the answers (0 to 1)."""

    label: str
    count: int
    share: float


@dataclass(frozen=True)
class CloudWord:
    """One word of a word cloud: as most people spelt it, how many gave it, and its weight
    (1 for the most given, down towards 0)."""

    text: str
    count: int
    weight: float


@dataclass(frozen=True)
class Asked:
    """A question the room asked in Q&A."""

    id: int
    text: str
    votes: int
    answered: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class PollResults:
    """What a poll's results show, as one plain value (drawn by the projector, sent as JSON to
    the room views)."""

    poll_id: int
    question: str
    kind: str
    answers: int  # phones that answered (Q&A: questions asked, hidden ones too)
    bars: tuple[Bar, ...] = ()  # choices, or the scale's numbers in order
    average: float | None = None  # the scale's mean
    words: tuple[CloudWord, ...] = ()
    asked: tuple[Asked, ...] = ()  # Q&A by votes, hidden ones left out
    texts: tuple[str, ...] = ()  # open answers, newest first
    frozen: bool = False
    site: str = ""  # where it was asked, in a file with other sites merged into it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def summary(self) -> str:
        """One line a person reads: "12 answers", "3 questions asked"."""
        if self.kind == PollKind.QUESTIONS.value:
            return f"{count(self.answers, 'question')} asked"
        return count(self.answers, "answer")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PollResults:
        return cls(
            poll_id=int(data["poll_id"]),
            question=str(data["question"]),
            kind=str(data["kind"]),
            answers=int(data["answers"]),
            bars=tuple(Bar(**b) for b in data.get("bars", ())),
            average=data.get("average"),
            # Held by an earlier labdesk, a redacted word may be "[removed]": never shown.
            words=tuple(CloudWord(**w) for w in tidy_cloud(data.get("words", ()))),
            asked=tuple(Asked(**a) for a in data.get("asked", ())),
            texts=tuple(data.get("texts", ())),
            frozen=bool(data.get("frozen", False)),
            site=str(data.get("site", "")),
        )


def _bars(labels: Sequence[str], counts: Sequence[int]) -> tuple[Bar, ...]:
    total = sum(counts)
    return tuple(
        Bar(label, n, n / total if total else 0.0) for label, n in zip(labels, counts, strict=True)
    )


def choice_bars(poll: Poll, values: Iterable[str]) -> tuple[Bar, ...]:
    """How many chose each choice, in the poll's order (answers naming no choice ignored)."""
    counts = [0] * len(poll.choices)
    for value in values:
        if value.isdigit() and int(value) < len(counts):
            counts[int(value)] += 1
    return _bars(poll.choices, counts)


def scale_bars(poll: Poll, values: Iterable[str]) -> tuple[tuple[Bar, ...], float | None]:
    """The scale's distribution (one bar a number, low to high) and its mean."""
    low, high = poll.scale
    counts = [0] * (high - low + 1)
    for value in values:
        if value.isdigit() and low <= int(value) <= high:
            counts[int(value) - low] += 1
    total = sum(counts)
    mean = sum((low + n) * c for n, c in enumerate(counts)) / total if total else None
    return _bars([str(n) for n in range(low, high + 1)], counts), mean


WORD_LIMIT = 60  # words in a cloud, the most given


def cloud_text(value: str) -> str:
    """An answer as a word cloud counts it: blanks collapsed, and what a redaction took out
    left out ("[removed]" is no word: "Thanks [removed]" is "Thanks", "[removed]" nothing)."""
    return " ".join(w for w in value.replace(REMOVED, " ").split() if w)


def cloud_key(value: str) -> str:
    """The word an answer counts as in a cloud ("" for none)."""
    return normalise_word(cloud_text(value))


def word_cloud(values: Iterable[str], limit: int = WORD_LIMIT) -> tuple[CloudWord, ...]:
    """Answers grouped by normalised word, most given first (ties alphabetically), each shown
    as most people spelt it, at most limit of them. Redacted words are no words."""
    groups: dict[str, Counter[str]] = {}
    for value in values:
        key = cloud_key(value)
        if key:
            groups.setdefault(key, Counter())[cloud_text(value)] += 1
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1].total(), kv[0]))[:limit]
    if not ranked:
        return ()
    top = ranked[0][1].total()
    words = []
    for _key, spellings in ranked:
        n = spellings.total()
        # The commonest spelling; on a tie, one without markup.
        ranked_spellings = sorted(
            spellings.items(), key=lambda s: (-s[1], bool(_TAG.search(s[0])), s[0])
        )
        shown = ranked_spellings[0][0]
        words.append(CloudWord(shown, n, n / top))
    return tuple(words)


def _ranked(counts: Mapping[str, tuple[str, int]], limit: int) -> list[dict[str, Any]]:
    """A held cloud's words (key -> (as shown, how many)) as PollResults keeps them."""
    ranked = sorted(
        ((k, t, n) for k, (t, n) in counts.items() if n > 0), key=lambda w: (-w[2], w[0])
    )[:limit]
    top = ranked[0][2] if ranked else 1
    return [{"text": t, "count": n, "weight": n / top} for _k, t, n in ranked]


def tidy_cloud(words: Iterable[Mapping[str, Any]], limit: int = WORD_LIMIT) -> list[dict[str, Any]]:
    """A held cloud's words with no redacted word among them (held by an earlier labdesk,
    a redacted answer became a word "[removed]" of its own): what a redaction left of a word
    counts as that word, a word of nothing is left out, weights follow."""
    counts: dict[str, tuple[str, int]] = {}
    for w in words:
        text, n = str(w.get("text", "")), int(w.get("count", 0))
        key = cloud_key(text)
        if not key:
            continue
        shown, had = counts.get(key, (cloud_text(text), 0))
        if had and REMOVED not in text and n > had:
            shown = text  # the spelling of the most given, as word_cloud shows it
        counts[key] = (shown, had + n)
    return _ranked(counts, limit)


def redact_cloud(
    words: Iterable[Mapping[str, Any]], old: str, new: str, limit: int = WORD_LIMIT
) -> list[dict[str, Any]]:
    """A held cloud's words after one answer's redaction (old to new): one fewer of the word
    old counted as, one more of new's (if a redaction left it a word: "[removed]" is none);
    the weights follow. An answer the cloud did not show (past its limit) changes nothing."""
    counts = {
        cloud_key(str(w["text"])): (str(w["text"]), int(w["count"])) for w in tidy_cloud(words)
    }
    was, now = cloud_key(old), cloud_key(new)
    if was == now:
        if was in counts and counts[was][0] == cloud_text(old):  # respelt, the same word
            counts[was] = (cloud_text(new), counts[was][1])
        return _ranked(counts, limit)
    if was not in counts:
        return _ranked(counts, limit)
    shown, n = counts[was]
    counts[was] = (shown, n - 1)
    if now:
        shown, n = counts.get(now, (cloud_text(new), 0))
        counts[now] = (shown, n + 1)
    return _ranked(counts, limit)


def redact_results(data: Any, old: str, new: str) -> Any:
    """Results kept as JSON (frozen on the projector) with an answer's words redacted: every
    text that is the old answer, as written or as a word cloud shows it, becomes the new. A
    word cloud's words are counted again (redact_cloud): the old word one fewer, never a word
    "[removed]" more."""
    if isinstance(data, dict) and data.get("kind") == PollKind.WORDS.value and "words" in data:
        rest = redact_results({k: v for k, v in data.items() if k != "words"}, old, new)
        return {**rest, "words": redact_cloud(data["words"], old, new)}
    collapsed = " ".join(old.split())
    if isinstance(data, str):
        if data == old:
            return new
        return " ".join(new.split()) if data == collapsed else data
    if isinstance(data, list):
        return [redact_results(d, old, new) for d in data]
    if isinstance(data, dict):
        return {k: v if k == "kind" else redact_results(v, old, new) for k, v in data.items()}
    return data


def by_votes(asked: Iterable[Asked]) -> tuple[Asked, ...]:
    """Q&A as the room sees it: hidden ones left out, unanswered before answered, most votes
    first, then the oldest first."""
    shown = [a for a in asked if not a.hidden]
    return tuple(sorted(shown, key=lambda a: (a.answered, -a.votes, a.id)))


@dataclass
class Tally:
    """A poll's stored answers, as the store reads them, turned into results."""

    poll: Poll
    values: list[str] = field(default_factory=list)  # answers' values, newest first
    asked: list[Asked] = field(default_factory=list)

    def results(self, *, text_limit: int = 12) -> PollResults:
        assert self.poll.id is not None
        kind = self.poll.kind
        base: dict[str, Any] = {
            "poll_id": self.poll.id,
            "question": self.poll.text,
            "kind": kind.value,
            "answers": len(self.asked) if kind is PollKind.QUESTIONS else len(self.values),
            "frozen": self.poll.frozen,
        }
        if kind is PollKind.CHOICES:
            return PollResults(**base, bars=choice_bars(self.poll, self.values))
        if kind is PollKind.SCALE:
            bars, mean = scale_bars(self.poll, self.values)
            return PollResults(**base, bars=bars, average=mean)
        if kind is PollKind.WORDS:
            return PollResults(**base, words=word_cloud(self.values))
        if kind is PollKind.TEXT:
            return PollResults(**base, texts=tuple(self.values[:text_limit]))
        return PollResults(**base, asked=by_votes(self.asked))


# -- what a phone posts, to store --------------------------------------------------------------


@dataclass
class PollAnswer:
    """A phone's answer to a poll: the value read_answer gave. A second replaces the first."""

    poll_id: int
    phone: str
    value: str


@dataclass
class AskedQuestion:
    """A question a phone asks in Q&A (a resent post, by its key, is still one question)."""

    poll_id: int
    phone: str
    text: str


@dataclass
class Upvote:
    """A phone's vote for a question asked in Q&A: one per phone per question."""

    asked_id: int
    phone: str


def due_when(
    polls: Sequence[Poll], item_id: int, phase_id: int | None, *, item_starts: bool
) -> Poll | None:
    """The question to open as the day reaches an agenda item's phase: the first never opened
    that is attached to this phase, or (as the item starts) to the item as a whole."""
    for poll in polls:
        if poll.opened_at is not None or poll.agenda_item_id != item_id:
            continue
        if (phase_id is not None and poll.phase_id == phase_id) or (
            poll.phase_id is None and item_starts
        ):
            return poll
    return None


def _of_place(polls: Sequence[Poll]) -> Poll | None:
    """Of the questions for one phase (or one item as a whole): the one open, else the first
    never opened, else the last one asked."""
    return (
        next((p for p in polls if p.is_open), None)
        or next((p for p in polls if p.opened_at is None), None)
        or (polls[-1] if polls else None)
    )


def for_now(
    item_polls: Sequence[Poll],
    phase_id: int | None,
    *,
    open_now: Poll | None = None,
    shown: Poll | None = None,
    chosen: Poll | None = None,
) -> Poll | None:
    """The question that belongs to what is on now, as the presenter console shows it: the one
    chosen (opened or shown since the day reached this phase), else this phase's, else the
    item's as a whole (item_polls: the current item's questions), else the one open now, else
    the one whose results are shown."""
    if chosen is not None:
        return chosen
    phase = [p for p in item_polls if phase_id is not None and p.phase_id == phase_id]
    whole = [p for p in item_polls if p.phase_id is None]
    return _of_place(phase) or _of_place(whole) or open_now or shown
