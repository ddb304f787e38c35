"""Reading one row into one person: names as written, whether they are coming, what they need.

The answers vocabulary (resources/importing/answers.toml) says what statuses, section headings
and "nothing" answers look like. Names are read by their column's header: "Surname, First name"
expects a comma, "Nom Prénom" a space; an address book's "SURNAME, Firstname (ORGANISATION)" is
taken apart. Nothing here decides whether a row is someone already known (matching.py) or what
happens to it (plan.py).
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from labdesk.core.badges import ticket_is_safe
from labdesk.core.importing.fields import Field
from labdesk.core.importing.mapping import Column
from labdesk.core.model import Attendee, AttendeeStatus, fold, split_name


class Coming(IntEnum):
    """What a row's status says, weakest first: several statuses together take the strongest."""

    COMING = 0
    MAYBE = 1
    SURE = 2  # coming, whatever a maybe beside it says: a meeting's organiser, checked in
    WAITLIST = 3
    NOT_COMING = 4
    UNASSIGNED = 5
    NOT_A_PERSON = 6


_KINDS = {
    "coming": Coming.COMING,
    "maybe": Coming.MAYBE,
    "sure": Coming.SURE,
    "waitlist": Coming.WAITLIST,
    "not_coming": Coming.NOT_COMING,
    "unassigned": Coming.UNASSIGNED,
    "not_a_person": Coming.NOT_A_PERSON,
}


def answer_key(text: str) -> str:
    """An answer as compared: folded lower-case words ("N/A" → "n a", "Not Attending!" →
    "not attending")."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


@dataclass(frozen=True)
class Answers:
    """The answers vocabulary, ready to look things up in."""

    status: dict[str, Coming]
    status_why: dict[Coming, str]
    phrases: tuple[tuple[Coming, re.Pattern[str]], ...]  # strongest kind first
    flag_no: frozenset[str]
    sections: dict[str, Coming]
    empty: frozenset[str]
    empty_starts: frozenset[str]
    filler: frozenset[str]
    placeholders: frozenset[str]


def parse_answers(text: str) -> Answers:
    data = tomllib.loads(text)
    status: dict[str, Coming] = {}
    why: dict[Coming, str] = {}
    phrases = []
    for name, entry in data.get("status", {}).items():
        kind = _KINDS[name]
        why[kind] = str(entry.get("why", name))
        words = [answer_key(a) for a in entry.get("answers", [])]
        for word in words:
            status.setdefault(word, kind)
        several = sorted({w for w in words if " " in w or len(w) > 3}, key=len, reverse=True)
        if several:
            pattern = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, several)) + r")(?= |$)")
            phrases.append((kind, pattern))
    phrases.sort(key=lambda p: -p[0])
    sections = {
        answer_key(h): _KINDS[name]
        for name, headings in data.get("section", {}).items()
        for h in headings
    }
    empty = data.get("empty", {})
    return Answers(
        status=status,
        status_why=why,
        phrases=tuple(phrases),
        flag_no=frozenset(answer_key(a) for a in data.get("flag", {}).get("no", [])),
        sections=sections,
        empty=frozenset(answer_key(a) for a in empty.get("answers", [])),
        empty_starts=frozenset(answer_key(a) for a in empty.get("starts", [])),
        filler=frozenset(answer_key(a) for a in empty.get("filler", [])),
        placeholders=frozenset(answer_key(a) for a in empty.get("placeholders", [])),
    )


@functools.cache
def answers() -> Answers:
    """The answers vocabulary shipped in resources/importing/answers.toml (read once)."""
    from labdesk.paths import resource

    return parse_answers(resource("importing", "answers.toml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4096)
def classify_status(text: str) -> Coming | None:
    """What a status answer says (None when it is not one the vocabulary knows)."""
    key = answer_key(text)
    if not key:
        return None
    words = answers()
    kind = words.status.get(key)
    if kind is not None:
        return kind
    for kind, pattern in words.phrases:  # "Refunded/Canceled", "Cancelled by attendee"
        if pattern.search(key):
            return kind
    return None


@functools.lru_cache(maxsize=4096)
def flag_says_not_coming(text: str) -> bool:
    """Whether a yes/no "not valid" flag (Void Status, Cancelled?) is set."""
    return answer_key(text) not in answers().flag_no


_COUNT = re.compile(r"[\s:–—-]*(\(\s*\d+\s*\)|\d+)?[\s:–—.-]*$")


def section_heading(row: Sequence[str]) -> Coming | None:
    """The status a heading row gives the rows below ("Reserve list", "CANCELLED (3):"), or
    None when the row is not a heading."""
    cells = [c for c in row if c.strip()]
    if len(cells) != 1 or len(cells[0]) > 60 or "@" in cells[0]:
        return None
    key = answer_key(_COUNT.sub("", cells[0].strip()))
    return answers().sections.get(key)


@functools.lru_cache(maxsize=8192)
def is_empty_answer(text: str) -> bool:
    """Whether a needs answer says there is no need ("No", "None, thanks", "N/A", "-")."""
    key = answer_key(text)
    if not key:
        return True  # "-", "--", ".": no letters or digits at all
    words = answers()
    if key in words.empty:
        return True
    tokens = key.split()
    start = next(
        (n for n in (2, 1) if " ".join(tokens[:n]) in words.empty_starts and len(tokens) > n),
        0,
    )
    return bool(start) and all(t in words.filler for t in tokens[start:])


def is_placeholder(text: str) -> bool:
    """Whether a cell holds only a stand-in for nothing ("N/A", "-", "None")."""
    text = text.strip()
    if len(text) > 20:
        return False  # no stand-in is that long: addresses and names skip the lookup
    return _placeholder(text.lower())


@functools.lru_cache(maxsize=4096)
def _placeholder(text: str) -> bool:
    key = answer_key(text)
    return not key or key in answers().placeholders


# -- names ---------------------------------------------------------------------------------------

_ANGLE_EMAIL = re.compile(r"\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*")
_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_PRONOUNS = re.compile(
    r"^(she|he|they|ze|xe|ey)\s*/\s*(her|him|them|hir|xem|em)(\s*/\s*\w+)?$", re.IGNORECASE
)
_ORG_WORDS = re.compile(
    r"\b(nhs|trust|university|council|ltd|limited|plc|llp|cic|ccg|icb|ics|foundation|hospital|"
    r"practice|surgery|college|school|institute|department|dept|ministry|agency|authority|"
    r"society|association|charity|group|services?)\b",
    re.IGNORECASE,
)


@dataclass
class Name:
    """A person's name as read from a row, with what came with it."""

    name: str = ""
    given: str = ""
    family: str = ""
    organisation: str = ""  # from an address book's "(ORGANISATION)"
    email: str = ""  # from "Name <email>"
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _caps(word: str) -> bool:
    """A word of capitals only, as an address book writes a surname ("O'NEILL", "SMITH-JONES")."""
    return len(word) >= 2 and word.isupper() and bool(_WORD.fullmatch(word))


def name_case(text: str) -> str:
    """An address book's capitals made a name ("O'NEILL" → "O'Neill", "SMITH-JONES" →
    "Smith-Jones", "MCDONALD" → "McDonald")."""

    def word(w: str) -> str:
        w = w.lower()
        out = re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), w)
        if len(out) > 3 and out.startswith("Mc"):
            out = "Mc" + out[2].upper() + out[3:]
        return out

    return " ".join(word(w) for w in text.split())


def _looks_like_organisation(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return bool(letters) and (
        upper >= 0.6 * len(letters) or " - " in text or bool(_ORG_WORDS.search(text))
    )


def _decorations(text: str, found: Name) -> str:
    """Take "<email>" and a trailing "(ORGANISATION)" or "(she/her)" off a name."""
    match = _ANGLE_EMAIL.search(text)
    if match:
        found.email = found.email or match.group(1)
        text = _ANGLE_EMAIL.sub(" ", text)
    text = " ".join(text.split())
    match = _PARENS.search(text)
    if match and match.start() > 0:
        inside = match.group(1).strip()
        if _PRONOUNS.match(inside):
            found.notes.append(f"Pronouns: {inside}")
            text = text[: match.start()]
        elif _looks_like_organisation(inside):
            found.organisation = inside
            text = text[: match.start()]
    return " ".join(text.split())


def _surname_first(text: str, comma: bool, found: Name) -> None:
    """Family and given names from a surname-first cell: "Jones, Siân" (comma expected) or
    "DUPONT Jean" / "Dupont Jean" (space expected, as "Nom Prénom" columns are written)."""
    if "," in text:
        family, _, given = text.partition(",")
        found.family, found.given = family.strip(), given.strip()
        return
    words = text.split()
    caps = [w for w in words if _caps(w)]
    if caps and len(caps) < len(words):
        found.family = " ".join(caps)
        found.given = " ".join(w for w in words if not _caps(w))
    elif comma or len(words) < 2:
        # The header asks for "Surname, First" but this one is written as it is said.
        found.given, found.family = split_name(text)
        if len(words) > 1:
            found.problems.append(
                f"“{text}” has no comma in a surname-first column: read as written "
                f"(given name {found.given}, family name {found.family}). Check the order."
            )
    else:
        found.family, found.given = words[0], " ".join(words[1:])


def caps_surname_first(name: str) -> bool:
    """Whether a name is written "DUPONT Jean": surname in capitals first, then the rest not."""
    words = name.split()
    caps = 0
    while caps < len(words) and _caps(words[caps]):
        caps += 1
    return 0 < caps < len(words) <= 4 and not any(_caps(w) for w in words[caps:])


def read_name(
    name: str,
    given: str,
    family: str,
    surname_first: str,
    *,
    comma_expected: bool = True,
    caps_first: bool = False,
) -> Name:
    """The person's name from whichever name columns a row has. `caps_first`: the name column
    writes surnames first in capitals ("DUPONT Jean"), as most of its cells show."""
    found = Name()
    name = _decorations(name, found) if name else ""
    parts = _name_parts(name)
    if parts is not None:
        name, given, family = parts
    if surname_first and not name:
        surname_first = _decorations(surname_first, found)
        _surname_first(surname_first, comma_expected, found)
        given, family = given or found.given, family or found.family
    if name and "," in name and not (given or family):
        _surname_first(name, True, found)  # "Surname, First" in a plain name column
        given, family, name = found.given, found.family, ""
    elif name and not (given or family) and caps_first and caps_surname_first(name):
        # "DUPONT Jean", in a column that writes every name so.
        words = name.split()
        caps = [w for w in words if _caps(w)]
        given, family, name = " ".join(words[len(caps) :]), " ".join(caps), ""
    if name and given and not family and not fold(name).startswith(fold(given)):
        family, name = name, ""  # "Nom" beside "Prénom", "Name" beside "First name": the surname
    elif name and family and not given and fold(family) not in fold(name):
        given, name = name, ""  # "Nome" beside "Cognome": the given name
    if family and _caps(family) and not _caps(given or "x"):
        family = name_case(family)
    if given and _caps(given) and family and not _caps(family):
        given = name_case(given)
    if not name:
        name = " ".join(f"{given} {family}".split())
    elif not (given or family):
        given, family = split_name(name)
    found.name, found.given, found.family = name, given, family
    return found


def _name_parts(text: str) -> tuple[str, str, str] | None:
    """(full, given, family) from pretix's name parts, a JSON object such as
    {"_scheme": "given_family", "given_name": "Siân", "family_name": "Jones"}; None otherwise."""
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        parts = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parts, dict):
        return None
    words = {k: tidy(str(v)) for k, v in parts.items() if not k.startswith("_") and v}
    given = words.get("given_name", "")
    family = words.get("family_name", "")
    full = words.get("full_name") or tidy(
        " ".join(v for k, v in words.items() if k not in ("salutation", "title"))
    )
    return full, given, family


# -- one row -------------------------------------------------------------------------------------


def tidy(text: str) -> str:
    """Whitespace collapsed, ends trimmed (line breaks inside an address kept by callers)."""
    return " ".join(text.split())


_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")
_ACCESS_HINT = re.compile(
    r"wheelchair|step[- ]free|mobility|hearing|deaf|\bbsl\b|sign language|visual|blind|"
    r"guide dog|assistance dog|hearing loop|large print|accessible|ramp|lift\b|carer|"
    r"neurodiver|quiet room|seat near",
    re.IGNORECASE,
)
# A long barcode number that Excel stored as a floating-point number: "1.23457E+18".
_ROUNDED = re.compile(r"^\d([.,]\d+)?e\+\d+$", re.IGNORECASE)
_POSTCODE_UK = re.compile(r"^([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})$")
_HOME_COUNTRIES = {
    "gb",
    "uk",
    "united kingdom",
    "great britain",
    "england",
    "wales",
    "scotland",
    "northern ireland",
}


@functools.lru_cache(maxsize=256)
def _home_country(text: str) -> bool:
    return fold(text) in _HOME_COUNTRIES


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def tidy_postcode(text: str) -> str:
    text = tidy(text)
    match = _POSTCODE_UK.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}".upper()
    return text


def _yes(text: str) -> bool:
    return bool(re.match(r"\s*(yes|y|true|1|x|✓|✔|ja|oui|agree|i agree|consent)\b", text, re.I))


def _name_flaws(name: str) -> list[str]:
    problems = []
    if "?" in name or "\ufffd" in name:
        problems.append(
            f"The name “{name}” has “?” where a letter should be: the file lost letters its "
            "program could not save. Check the spelling."
        )
    if "@" in name:
        problems.append(f"The name “{name}” looks like an email address.")
    return problems


@dataclass(frozen=True)
class RowSpec:
    """Which columns hold what, prepared once for reading every row of a file."""

    columns: dict[Field, tuple[int, ...]]
    comma_expected: bool = True  # a surname-first column whose header has a comma
    caps_first: bool = False  # the name column writes "DUPONT Jean" (most of its cells do)

    @classmethod
    def of(cls, columns: Sequence[Column], rows: Sequence[Sequence[str]] = ()) -> RowSpec:
        """The spec for these columns; `rows` (a sample) shows how the name column is written."""
        found: dict[Field, list[int]] = {}
        comma = True
        for c in columns:
            found.setdefault(c.field, []).append(c.index)
            if c.field is Field.NAME_SURNAME_FIRST:
                comma = "," in c.header or "(" in c.header
        caps = False
        if Field.NAME in found:
            i = found[Field.NAME][0]
            names = [r[i] for r in rows if i < len(r) and len(r[i].split()) > 1]
            caps = bool(names) and sum(map(caps_surname_first, names)) >= 0.6 * len(names)
        return cls({f: tuple(ix) for f, ix in found.items()}, comma, caps)

    def cells(self, row: Sequence[str], wanted: Field) -> list[str]:
        width = len(row)
        return [row[i] for i in self.columns.get(wanted, ()) if i < width and row[i].strip()]

    def first(self, row: Sequence[str], wanted: Field) -> str:
        width = len(row)
        for i in self.columns.get(wanted, ()):
            if i < width and row[i].strip():
                return row[i]
        return ""


@dataclass
class RowRead:
    """One row as read: the person (None when the row names nobody), and what it said."""

    attendee: Attendee | None
    problems: list[str]
    coming: Coming = Coming.COMING
    status: str = ""  # the status as written, for the notes
    unknown_status: str = ""  # a status the vocabulary does not know
    reason: str = ""  # why no person could be read
    buyer_name: str = ""
    buyer_email: str = ""


def read_row(row: Sequence[str], spec: RowSpec, source: str) -> RowRead:
    """The person one row describes, with the problems to show for it."""
    problems: list[str] = []
    person = read_name(
        tidy(spec.first(row, Field.NAME)),
        tidy(spec.first(row, Field.GIVEN_NAME)),
        tidy(spec.first(row, Field.FAMILY_NAME)),
        tidy(spec.first(row, Field.NAME_SURNAME_FIRST)),
        comma_expected=spec.comma_expected,
        caps_first=spec.caps_first,
    )
    problems += person.problems
    name = person.name
    email_raw = tidy(spec.first(row, Field.EMAIL)) or person.email
    email = email_raw.lower().removeprefix("mailto:")
    notes = [tidy(n) for n in spec.cells(row, Field.NOTES) if not is_empty_answer(n)]
    notes += person.notes
    if email and not is_email(email):
        if email not in ("anonymous", "-", "n/a"):
            problems.append(f"“{email_raw}” is not an email address; kept in the notes.")
            notes.append(f"Email as given: {email_raw}")
        email = ""
    coming, status, unknown = _coming(row, spec)
    codes = []
    for cell in spec.cells(row, Field.TICKET_CODE):
        code = cell.strip()
        if _ROUNDED.match(code):
            problems.append(
                f"Ticket code “{code}” was rounded by a spreadsheet (it cannot be scanned). "
                "Export the list again straight from the ticket site."
            )
        elif code and len(code) <= 200 and not is_placeholder(code):
            codes.append(code)
            if not ticket_is_safe(code):
                problems.append(
                    f"Ticket code “{code}” is short enough to be guessed or typed by chance: "
                    "it checks this person in only when scanned exactly as it is here."
                )
    buyer_name = tidy(" ".join(spec.cells(row, Field.BUYER_NAME)))
    buyer_email = tidy(spec.first(row, Field.BUYER_EMAIL)).lower().removeprefix("mailto:")
    if buyer_email and not is_email(buyer_email):
        buyer_email = ""
    read = RowRead(None, problems, coming, status, unknown, "", buyer_name, buyer_email)
    if not name:
        if email or codes:
            read.reason = f"no name (row has {email or codes[0]}); add a name and import again"
        elif buyer_name or buyer_email:
            read.reason = (
                f"no attendee name (only the buyer's: {buyer_name or buyer_email}); add the "
                "attendee's name and import again"
            )
        else:
            read.reason = "no name or email"
        return read
    problems += _name_flaws(name)
    organisation = _text(spec.first(row, Field.ORGANISATION)) or person.organisation
    attendee = Attendee(
        name=name,
        given_name=person.given,
        family_name=person.family,
        email=email,
        organisation=organisation,
        role=_text(spec.first(row, Field.ROLE)),
        address=_address(row, spec),
        access_needs="; ".join(
            tidy(v) for v in spec.cells(row, Field.ACCESS_NEEDS) if not is_empty_answer(v)
        ),
        dietary_needs="; ".join(
            tidy(v) for v in spec.cells(row, Field.DIETARY_NEEDS)[:1] if not is_empty_answer(v)
        ),
        ticket_type=_text(spec.first(row, Field.TICKET_TYPE)),
        status=(
            AttendeeStatus.CANCELLED if coming is Coming.NOT_COMING else AttendeeStatus.ATTENDING
        ),
        ticket_codes=list(dict.fromkeys(codes)),
        consent_postcard=_yes(spec.first(row, Field.CONSENT_POSTCARD)),
        notes="; ".join(n for n in notes if n),
        source=source,
    )
    if not attendee.access_needs and attendee.notes and _ACCESS_HINT.search(attendee.notes):
        attendee.access_needs = attendee.notes
    if coming not in (Coming.COMING, Coming.SURE) and status:
        attendee.notes = "; ".join(
            x for x in (attendee.notes, f"Status in {source}: {status}") if x
        )
    read.attendee = attendee
    return read


def _text(cell: str) -> str:
    text = tidy(cell)
    return "" if is_placeholder(text) else text


def _coming(row: Sequence[str], spec: RowSpec) -> tuple[Coming, str, str]:
    """(what the row's statuses say together, the deciding status as written, an unknown one)."""
    coming, said, unknown = Coming.COMING, "", ""
    for cell in spec.cells(row, Field.STATUS):
        text = tidy(cell)
        kind = classify_status(text)
        if kind is None:
            unknown = unknown or text
            continue
        if kind > coming or (kind is coming and not said):
            coming, said = kind, text
    for cell in spec.cells(row, Field.NOT_COMING):
        text = tidy(cell)
        if flag_says_not_coming(text) and coming < Coming.NOT_COMING:
            coming, said = Coming.NOT_COMING, text
    return coming, said, unknown


def _address(row: Sequence[str], spec: RowSpec) -> str:
    lines: list[str] = []
    for wanted in (Field.ADDRESS, Field.ADDRESS_LINE, Field.TOWN, Field.COUNTY):
        for value in spec.cells(row, wanted):
            for line in (
                re.split(r"\n|\s*,\s*(?=\S)", value) if wanted is Field.ADDRESS else [value]
            ):
                if tidy(line) and not is_placeholder(line):
                    lines.append(tidy(line))
    postcode = tidy_postcode(spec.first(row, Field.POSTCODE))
    if postcode and not is_placeholder(postcode):
        lines.append(postcode)
    elif lines:
        # A postcode at the end of a one-cell address, lower-case as typed: tidy it.
        lines[-1] = tidy_postcode(lines[-1]) if _POSTCODE_UK.match(lines[-1]) else lines[-1]
    country = tidy(spec.first(row, Field.COUNTRY))
    if country and not _home_country(country) and not is_placeholder(country):
        lines.append(country)
    return "\n".join(dict.fromkeys(lines))
