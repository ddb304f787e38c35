"""Deciding what every column of a header row becomes, between columns, with the reason for each.

headers.py says what one header means on its own; here the columns are weighed together: the
attendee's own email over an unmarked one, an unmarked one over the buyer's; the second, billing
"Company" of a row is the buyer's; one address block (Home before Work), never an invoice one;
of two columns for one thing, the one that holds the data. Every column ends with a `Column`
saying what it became and why, which the dry run and the import dialog show.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core.importing.fields import (
    ADDRESS_FIELDS,
    MULTI,
    NAME_FIELDS,
    PERSON_FIELDS,
    Field,
    Party,
)
from labdesk.core.importing.headers import (
    Guess,
    Tool,
    guess_headers,
    header_key,
    recognise_tool,
)

SAMPLE_ROWS = 200  # rows looked at to see which of two columns holds the data

# The first word of an address column that names which address it is.
_BLOCK_WORDS = {"home", "work", "office", "business", "postal", "mailing", "delivery", "personal"}
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")


@dataclass(frozen=True)
class Column:
    """What one column of the file became, and why (shown in the dry run and the dialog)."""

    index: int
    header: str
    field: Field
    why: str
    party: Party = Party.NEUTRAL

    def label(self) -> str:
        return self.header or f"(column {self.index + 1})"


def choose_columns(
    headers: Sequence[str], rows: Sequence[Sequence[str]] = (), tool: Tool | None = None
) -> list[Column]:
    """What each column becomes, given its header, its neighbours and (when given) its data."""
    if tool is None:
        tool = recognise_tool(headers)
    guesses = guess_headers(headers, tool)
    guesses = _inherit_party(guesses)
    columns = [
        Column(i, h, g.field, g.why, g.party)
        for i, (h, g) in enumerate(zip(headers, guesses, strict=True))
    ]
    columns = _one_address(columns)
    sample = rows[:SAMPLE_ROWS]
    for wanted in {c.field for c in columns} - MULTI - {Field.IGNORE}:
        candidates = [c for c in columns if c.field is wanted]
        if len(candidates) < 2:
            continue
        if wanted is Field.ADDRESS:
            # "Address" beside another "Address": the second holds the next lines.
            for c in candidates[1:]:
                columns[c.index] = Column(c.index, c.header, Field.ADDRESS_LINE, c.why, c.party)
            continue
        best = min(
            candidates,
            key=lambda c: (
                c.party is not Party.ATTENDEE,
                -_filled(sample, c.index, wanted),
                c.index,
            ),
        )
        for c in candidates:
            if c is best:
                continue
            if (
                wanted is Field.EMAIL
                and best.party is Party.ATTENDEE
                and c.party is Party.NEUTRAL
                and Field.BUYER_EMAIL not in {x.field for x in columns}
            ):
                columns[c.index] = Column(
                    c.index,
                    c.header,
                    Field.BUYER_EMAIL,
                    f"probably the order's (the buyer's): the attendee's own is “{best.label()}”",
                    Party.BUYER,
                )
            else:
                columns[c.index] = Column(
                    c.index,
                    c.header,
                    Field.IGNORE,
                    f"another column holds the {wanted.value}: “{best.label()}”",
                    c.party,
                )
    return columns


def guess_mapping(headers: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> list[Field]:
    """A Field for each header (see choose_columns)."""
    return [c.field for c in choose_columns(headers, rows)]


def user_columns(
    headers: Sequence[str], fields: Sequence[Field], guessed: Sequence[Column]
) -> list[Column]:
    """Columns as the user mapped them: the guess's reason where they agree, theirs elsewhere."""
    columns = []
    for i, header in enumerate(headers):
        wanted = Field(fields[i]) if i < len(fields) else Field.IGNORE
        guess = guessed[i] if i < len(guessed) else None
        if guess is not None and guess.field is wanted:
            columns.append(guess)
        else:
            columns.append(Column(i, header, wanted, "chosen by you"))
    return columns


def _inherit_party(guesses: list[Guess]) -> list[Guess]:
    """An unmarked column whose field another column has too takes the party of its marked
    neighbours:
    pretix's second "Company" sits by "Invoice address name", Eventbrite's trailing "Company" by
    the billing address; so they are the buyer's."""
    counts = Counter(g.field for g in guesses if g.field in PERSON_FIELDS)
    result = list(guesses)
    for i, g in enumerate(guesses):
        if g.party is not Party.NEUTRAL or counts[g.field] < 2:
            continue
        party = _neighbour_party(guesses, i)
        if party is Party.BUYER:
            buyer = {Field.EMAIL: Field.BUYER_EMAIL}.get(g.field)
            if g.field in NAME_FIELDS:
                buyer = Field.BUYER_NAME
            result[i] = Guess(
                buyer or Field.IGNORE,
                Party.BUYER,
                "beside the buyer's details, so the buyer's (billing or invoice) "
                f"{g.field.value}, not the attendee's",
            )
        elif party is Party.ATTENDEE:
            result[i] = Guess(g.field, Party.ATTENDEE, g.why)
    return result


def _neighbour_party(guesses: Sequence[Guess], i: int) -> Party:
    """The party of the nearest marked person column touching column i (left wins a tie)."""

    def walk(step: int) -> tuple[int, Party] | None:
        j, distance = i + step, 1
        while 0 <= j < len(guesses):
            g = guesses[j]
            person = g.field in PERSON_FIELDS or g.field in (Field.BUYER_NAME, Field.BUYER_EMAIL)
            if not person and not (g.party is Party.BUYER and g.field is Field.IGNORE):
                return None
            if g.party in (Party.ATTENDEE, Party.BUYER):
                return distance, g.party
            j, distance = j + step, distance + 1
        return None

    left, right = walk(-1), walk(1)
    if left and (not right or left[0] <= right[0]):
        return left[1]
    if right:
        return right[1]
    return Party.NEUTRAL


def _one_address(columns: list[Column]) -> list[Column]:
    """One postal address per person: the first block given (Home before Work), never a buyer's.
    A block is a run of address columns whose headers start with the same word (Home, Work)."""
    blocks: dict[str, list[Column]] = {}
    for c in columns:
        if c.field in ADDRESS_FIELDS and c.party is not Party.BUYER:
            first = header_key(c.header).split(" ", 1)[0] if c.header.strip() else ""
            if first in _BLOCK_WORDS:
                blocks.setdefault(first, []).append(c)
    if len(blocks) < 2:
        return columns
    kept = next(iter(blocks))
    result = list(columns)
    for word, block in blocks.items():
        if word == kept:
            continue
        for c in block:
            result[c.index] = Column(
                c.index,
                c.header,
                Field.IGNORE,
                f"a second address ({word.capitalize()}): the {kept.capitalize()} address is used",
                c.party,
            )
    return result


def _filled(rows: Sequence[Sequence[str]], column: int, wanted: Field) -> int:
    cells = (r[column].strip() for r in rows if column < len(r))
    if wanted in NAME_FIELDS:
        # pretix's JSON name parts ("{...}") fill a cell but are no one's name as written.
        return sum(1 for c in cells if c and not c.startswith("{"))
    if wanted is Field.EMAIL:
        return sum(1 for c in cells if _EMAIL.match(c.lower().removeprefix("mailto:")))
    return sum(1 for c in cells if c)
