"""What each column header means: the vocabulary in resources/importing/headers.toml, applied.

`guess_header` answers for one header (which field, whose, and the entry that decided);
`recognise_tool` names the registration tool whose export a header row is; `find_header` finds
the header row among a file's first rows. Deciding between columns (the attendee's email over the
buyer's) is mapping.py's job.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from labdesk.core.importing.fields import (
    NAME_FIELDS,
    PERSON_FIELDS,
    Field,
    ImportError_,
    Party,
)
from labdesk.core.model import fold

HEADER_SEARCH_ROWS = 30

_WORD = re.compile(r"[a-z0-9]+|#")


def header_key(text: str) -> str:
    """A header as compared: folded lower-case words, "#" kept ("E-mail" → "e mail")."""
    return " ".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Guess:
    """What one column holds, whose it is, and why that was decided (for the dry run)."""

    field: Field
    party: Party = Party.NEUTRAL
    why: str = ""


@dataclass(frozen=True)
class Tool:
    """One registration tool's export shape, as the vocabulary describes it."""

    id: str
    name: str
    source: str
    sample: str
    signature: tuple[str, ...]
    columns: dict[str, tuple[Field, str]]  # header key (with "#2" for a second one) → meaning
    prefixes: tuple[tuple[str, Field, str], ...]  # "check ins" for "Check-ins: *"
    advice: str = ""
    note: str = ""
    everyone: str = ""  # "waitlist": every row of this export is on a waiting list


@dataclass(frozen=True)
class _Rule:
    field: Field
    why: str
    exact: frozenset[str]
    phrases: re.Pattern[str] | None


@dataclass(frozen=True)
class _Kind:
    party: Party
    why: str
    words: re.Pattern[str]


@dataclass(frozen=True)
class _Context:
    header: str
    beside: Field
    field: Field
    why: str


@dataclass(frozen=True)
class Vocabulary:
    rules: tuple[_Rule, ...]
    exact: dict[str, _Rule]
    kinds: tuple[_Kind, ...]
    contexts: tuple[_Context, ...]
    tools: tuple[Tool, ...] = field(default=())


def _phrases(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a list of phrases: whole header words, or word starts for "word*"."""
    parts = []
    for phrase in words:
        tokens = []
        for word in header_key(phrase.replace("*", " zzstarzz ")).replace(" zzstarzz", "*").split():
            if word.endswith("*"):
                tokens.append(re.escape(word[:-1]) + r"[a-z0-9]*")
            else:
                tokens.append(re.escape(word))
        if tokens:
            parts.append(" ".join(tokens))
    if not parts:
        return None
    return re.compile(r"(?:^| )(?:" + "|".join(parts) + r")(?= |$)")


def _meaning(text: str) -> tuple[Field, str]:
    name, _, why = text.partition(":")
    return Field(name.strip()), why.strip()


def _tool(entry: dict[str, object]) -> Tool:
    columns: dict[str, tuple[Field, str]] = {}
    prefixes: list[tuple[str, Field, str]] = []
    raw = entry.get("columns", {})
    assert isinstance(raw, dict)
    for header, meaning in raw.items():
        found = _meaning(str(meaning))
        text = str(header)
        if text.endswith("*"):
            prefixes.append((header_key(text[:-1]), *found))
            continue
        occurrence = ""
        match = re.fullmatch(r"(.*)#(\d+)", text)
        if match and match.group(1).strip():
            text, occurrence = match.group(1), "#" + match.group(2)
        columns[header_key(text) + occurrence] = found
    signature = entry.get("signature", [])
    assert isinstance(signature, list)
    return Tool(
        id=str(entry["id"]),
        name=str(entry["name"]),
        source=" ".join(str(entry.get("source", "")).split()),
        sample=str(entry.get("sample", "")),
        signature=tuple(header_key(str(s)) for s in signature),
        columns=columns,
        prefixes=tuple(prefixes),
        advice=str(entry.get("advice", "")),
        note=str(entry.get("note", "")),
        everyone=str(entry.get("everyone", "")),
    )


def parse_vocabulary(text: str) -> Vocabulary:
    """The header vocabulary from the text of headers.toml (a ValueError if it is malformed)."""
    data = tomllib.loads(text)
    rules = []
    exact: dict[str, _Rule] = {}
    for entry in data.get("field", []):
        rule = _Rule(
            field=Field(entry["field"]),
            why=str(entry.get("why", "")),
            exact=frozenset(header_key(h) for h in entry.get("exact", [])),
            phrases=_phrases(entry.get("phrases", [])),
        )
        rules.append(rule)
        for key in rule.exact:
            exact.setdefault(key, rule)
    kinds = []
    parties = {
        "thing": Party.OTHER,
        "someone_else": Party.OTHER,
        "buyer": Party.BUYER,
        "attendee": Party.ATTENDEE,
    }
    for name, entry in data.get("party", {}).items():
        pattern = _phrases(entry.get("words", []))
        if pattern is not None:
            kinds.append(_Kind(parties[name], str(entry.get("why", "")), pattern))
    contexts = tuple(
        _Context(header_key(c["header"]), Field(c["beside"]), Field(c["field"]), str(c["why"]))
        for c in data.get("context", [])
    )
    tools = tuple(_tool(entry) for entry in data.get("tool", []))
    return Vocabulary(tuple(rules), exact, tuple(kinds), contexts, tools)


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped in resources/importing/headers.toml (read once)."""
    from labdesk.paths import resource

    return parse_vocabulary(resource("importing", "headers.toml").read_text(encoding="utf-8"))


def recognise_tool(headers: Sequence[str]) -> Tool | None:
    """The tool whose export these headers are (the longest signature all present), if any."""
    keys = {header_key(h) for h in headers if h.strip()}
    best: Tool | None = None
    for tool in vocabulary().tools:
        matches = bool(tool.signature) and all(k in keys for k in tool.signature)
        if matches and (best is None or len(tool.signature) > len(best.signature)):
            best = tool
    return best


def tool_by_id(tool_id: str) -> Tool | None:
    return next((t for t in vocabulary().tools if t.id == tool_id), None)


def _party(key: str) -> tuple[Party, str] | None:
    for kind in vocabulary().kinds:
        match = kind.words.search(key)
        if match:
            word = match.group(0).strip()
            return kind.party, kind.why.replace("{word}", word)
    return None


_BUYER_FIELDS = {Field.EMAIL: Field.BUYER_EMAIL, **dict.fromkeys(NAME_FIELDS, Field.BUYER_NAME)}


def _whose(field_: Field, key: str, why: str) -> Guess:
    """A person field's guess with its party: someone else's are not imported, a buyer's are
    kept apart."""
    if field_ not in PERSON_FIELDS:
        return Guess(field_, Party.NEUTRAL, why)
    found = _party(key)
    if found is None:
        return Guess(field_, Party.NEUTRAL, why)
    party, party_why = found
    if party is Party.OTHER:
        return Guess(Field.IGNORE, Party.OTHER, party_why)
    if party is Party.BUYER:
        return Guess(_BUYER_FIELDS.get(field_, Field.IGNORE), Party.BUYER, party_why)
    return Guess(field_, Party.ATTENDEE, f"{why}, {party_why}")


def _field_why(field_: Field) -> str:
    """What a field is, in the vocabulary's words ("a given (first) name")."""
    rule = next((r for r in vocabulary().rules if r.field is field_ and r.why), None)
    return rule.why if rule is not None else field_.value


@functools.lru_cache(maxsize=4096)
def _guess(header: str, tool_id: str, occurrence: int) -> Guess:
    key = header_key(header)
    if not key:
        return Guess(Field.IGNORE, why="no header")
    tool = tool_by_id(tool_id) if tool_id else None
    if tool is not None:
        found = tool.columns.get(f"{key}#{occurrence}") if occurrence > 1 else None
        if found is None and occurrence == 1:
            found = tool.columns.get(key)
        if found is None:
            found = next(((f, w) for p, f, w in tool.prefixes if key.startswith(p)), None)
        if found is not None:
            field_, why = found
            party = Party.NEUTRAL
            if field_ in (Field.BUYER_NAME, Field.BUYER_EMAIL):
                party = Party.BUYER
            elif field_ in PERSON_FIELDS:
                whose = _party(key)
                if whose is not None and whose[0] is Party.ATTENDEE:
                    party = Party.ATTENDEE
            if not why:
                why = "the buyer's, who booked" if party is Party.BUYER else _field_why(field_)
            return Guess(field_, party, f"{tool.name}: {why}")
    words = vocabulary()
    rule = words.exact.get(key)
    if rule is not None:
        return _whose(rule.field, key, rule.why)
    for rule in words.rules:
        if rule.phrases is not None:
            match = rule.phrases.search(key)
            if match:
                said = match.group(0).strip()
                why = rule.why if said == key else f"{rule.why} (“{said}”)"
                return _whose(rule.field, key, why)
    return Guess(Field.IGNORE, why="not a header labdesk knows")


def guess_header(header: str, tool: Tool | None = None, occurrence: int = 1) -> Guess:
    """What a column with this header holds, whose it is and why, for this tool's export."""
    return _guess(" ".join(header.split()), tool.id if tool else "", occurrence)


def guess_headers(headers: Sequence[str], tool: Tool | None = None) -> list[Guess]:
    """A guess for each header of a row, counting repeated headers ("Company" twice)."""
    seen: dict[str, int] = {}
    guesses = []
    for header in headers:
        key = header_key(header)
        seen[key] = seen.get(key, 0) + 1
        guesses.append(guess_header(header, tool, seen[key]))
    fields = {g.field for g in guesses}
    for context in vocabulary().contexts:
        if context.beside in fields:
            for i, header in enumerate(headers):
                if header_key(header) == context.header and guesses[i].field in NAME_FIELDS:
                    guesses[i] = Guess(context.field, guesses[i].party, context.why)
    return guesses


def guess_field(header: str) -> Field:
    """What a column with this header most likely holds, on its own (IGNORE when unsure)."""
    return guess_header(header).field


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header row: the first of the top rows naming the most known columns."""
    best, best_score = -1, 0
    # A list with one column ("Name", then a name a line) has a header of one cell.
    one_column = all(sum(1 for c in r if c.strip()) <= 1 for r in rows[:HEADER_SEARCH_ROWS])
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [c for c in row if c.strip()]
        if not cells:
            continue
        fields = [g.field for g in guess_headers(cells)]
        known = {f for f in fields if f is not Field.IGNORE}
        names = known & (NAME_FIELDS | {Field.BUYER_NAME})
        score = len(known) + (2 if names else 0) + (1 if Field.EMAIL in known else 0)
        if recognise_tool(cells) is not None:
            score += 3
        if len(cells) < 2 and not (one_column and names):
            score = min(score, 1)
        if score > best_score:
            best, best_score = i, score
    if best < 0 or best_score < 3:
        raise ImportError_(
            "No header row found: one of the first rows should name the columns (for example "
            "“Name”, “Email”, “Organisation”). Add a header row and retry."
        )
    return best
