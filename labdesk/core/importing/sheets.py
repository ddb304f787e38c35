"""Choosing the sheet of a workbook that holds the people, and saying which (and why).

pretix's "Order data" workbook has Orders, Order positions and Order fees, often with as many rows
each: the one to read is the sheet with one row per attendee and their names, not the fullest.
A text file is one sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labdesk.core.importing.fields import NAME_FIELDS, ImportError_, Party
from labdesk.core.importing.headers import find_header, recognise_tool
from labdesk.core.importing.mapping import SAMPLE_ROWS, choose_columns
from labdesk.core.importing.reading import Book, BookKind, Sheet


@dataclass
class Table:
    """One sheet of a file as rows of text cells, with how it was read and what else was there."""

    rows: list[list[str]]
    kind: BookKind
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # every sheet of the workbook, in order

    def describe(self) -> str:
        if self.kind is BookKind.XLSX:
            return f"Excel workbook, sheet “{self.sheet}”"
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar", ":": "colon"}
        return f"{self.encoding}, {names.get(self.delimiter, repr(self.delimiter))}-separated"


@dataclass(frozen=True)
class SheetScore:
    """How much a sheet looks like a list of attendees, best first when sorted descending."""

    attendee_names: bool  # a name column that is the attendee's (not a buyer's)
    named_rows: int  # rows (of the first SAMPLE_ROWS after the header) with a name in them
    filled: int

    def key(self) -> tuple[bool, int, int]:
        return (self.attendee_names, self.named_rows, self.filled)


def score_sheet(sheet: Sheet) -> SheetScore:
    """Whether a sheet names its people one to a row (without reading every row)."""
    if not sheet.filled:
        return SheetScore(False, 0, 0)
    try:
        header = find_header(sheet.rows)
    except ImportError_:
        return SheetScore(False, 0, sheet.filled)
    headers = sheet.rows[header]
    tool = recognise_tool(headers)
    if tool is not None and tool.advice:  # an orders or fees sheet: the buyers, not attendees
        return SheetScore(False, 0, sheet.filled)
    body = sheet.rows[header + 1 : header + 1 + SAMPLE_ROWS]
    columns = choose_columns(headers, body, tool)
    names = [c.index for c in columns if c.field in NAME_FIELDS and c.party is not Party.BUYER]
    named = sum(1 for r in body if any(i < len(r) and r[i].strip() for i in names))
    return SheetScore(bool(names), named, sheet.filled)


def pick_sheet(book: Book, wanted: str | None = None) -> Table:
    """The sheet to import: the one asked for by name, else the one that holds people."""
    names = [s.name for s in book.sheets]
    notes = list(book.notes)
    if book.kind is not BookKind.XLSX:
        if wanted:
            raise ImportError_(
                "This file is text (CSV), not a workbook: it has no sheets to choose."
            )
        sheet = book.sheets[0]
    elif wanted:
        chosen = next((s for s in book.sheets if s.name == wanted), None) or next(
            (s for s in book.sheets if s.name.casefold() == wanted.strip().casefold()), None
        )
        if chosen is None:
            raise ImportError_(
                f"The workbook has no sheet “{wanted}”; its sheets are "
                + ", ".join(f"“{n}”" for n in names)
                + "."
            )
        sheet = chosen
        if not sheet.filled:
            raise ImportError_(f"The sheet “{sheet.name}” is empty.")
        others = [n for n in names if n != sheet.name]
        if others:
            notes.append(
                f"Read the sheet “{sheet.name}”, as chosen; not read: "
                + ", ".join(f"“{n}”" for n in others)
            )
    else:
        scored = [(score_sheet(s), i, s) for i, s in enumerate(book.sheets) if s.filled]
        best_score, _, sheet = max(scored, key=lambda t: (t[0].key(), -t[1]))
        others = [n for n in names if n != sheet.name]
        if others:
            why = (
                "it lists people one to a row, with their names"
                if best_score.attendee_names
                else "the fullest; no sheet names its people one to a row"
            )
            notes.append(
                f"Read the sheet “{sheet.name}” ({why}); not read: "
                + ", ".join(f"“{n}”" for n in others)
                + ". To import another, choose its sheet."
            )
    notes += sheet.notes
    return Table(
        rows=sheet.rows,
        kind=book.kind,
        encoding=book.encoding,
        delimiter=book.delimiter,
        sheet=sheet.name,
        notes=notes,
        sheets=names if book.kind is BookKind.XLSX else [],
    )
