"""Tables for spreadsheets: cells neutralised so a name like "=HYPERLINK(…)" stays text."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters an XLSX (XML 1.0) cell cannot hold at all.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def neutralise(value: object) -> str:
    """A cell's text, with a leading apostrophe when a spreadsheet would take it as a formula:
    when, after any blanks or invisible characters, it starts with = + - @ (or a full-width
    form of them)."""
    text = "" if value is None else str(value)
    start = 0
    while start < len(text) and _invisible(text[start]):
        start += 1
    if text[start:].startswith(_FORMULA_START):
        return "'" + text
    return text


def xlsx_text(value: object) -> str:
    """A cell's text for an XLSX sheet: characters XML cannot hold become U+FFFD (so nothing
    vanishes unseen), then neutralised."""
    return neutralise(_NOT_IN_XML.sub("\ufffd", "" if value is None else str(value)))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads accents right), every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
