"""Reading a file's bytes into sheets of text cells: any common encoding, delimiter or workbook.

CSV, TSV and text in UTF-8/16/32, Windows-1252 or Mac Roman; Excel .xlsx with every sheet;
files that lie about their type (Meetup's ".xls" is tab-separated text) read for what they are;
anything else refused with one plain sentence saying what it is and what to export instead.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from labdesk.core.importing.fields import ImportError_

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000  # rows with something in them
MAX_SHEET_ROWS = 1_100_000  # Excel's own limit is 1,048,576
MAX_COLUMNS = 500
MAX_BLANK_RUN = 10_000  # empty rows in a row before a sheet is taken to have ended
MAX_UNZIPPED = 300 * 1024 * 1024  # a workbook that unpacks to more is not an attendee list
MAX_CELL = 10_000  # characters kept from one cell
MERGED_CELLS_MAX_BYTES = 5 * 1024 * 1024  # reading merged ranges means loading the whole book


@dataclass
class Sheet:
    """One sheet of a workbook (a text file is one sheet with no name)."""

    name: str
    rows: list[list[str]]
    filled: int = 0  # rows with something in them
    notes: list[str] = field(default_factory=list)


class BookKind(StrEnum):
    """What a registration export was read as."""

    CSV = "csv"  # text, one sheet: its encoding and delimiter found
    XLSX = "xlsx"  # a spreadsheet, one or more sheets


@dataclass
class Book:
    """A file as read: its sheets, and how its text was decoded."""

    kind: BookKind
    sheets: list[Sheet]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


_ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 with BOM",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
    "mac-roman": "Mac Roman",
}


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then UTF-16 without BOM, UTF-8, Windows-1252."""
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return _decode(data, "utf-32"), "UTF-32"
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8"), "UTF-8 with BOM"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16"), "UTF-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nul > 0.3 and even_nul < 0.05:
            return _decode(data, "utf-16-le"), "UTF-16"
        if even_nul > 0.3 and odd_nul < 0.05:
            return _decode(data, "utf-16-be"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if _looks_mac_roman(data):
        return data.decode("mac_roman"), "Mac Roman"
    # Windows-1252 leaves five bytes undefined; read them as Latin-1 rather than fail.
    return data.decode("cp1252", errors="strict_or_latin1"), "Windows-1252"


# Inside a word, Mac Roman's lower-case accented letters (á à â ã ç è ê ë ì î ï ñ ó ò ô õ ù)
# are bytes Windows-1252 spends on punctuation (‡ ˆ ‰ ‹ ...); Windows-1252's own accented
# letters are bytes 0xC0-0xFF (and š ž œ ÿ). Excel for Mac's "CSV (Macintosh)" is Mac Roman.
_MAC_IN_WORD = re.compile(rb"[A-Za-z][\x87-\x89\x8b\x8d\x8f-\x91\x93-\x99\x9b\x9d][a-z]")
_CP1252_IN_WORD = re.compile(rb"[A-Za-z][\xc0-\xff\x8a\x8c\x8e\x9a\x9c\x9e\x9f][a-z]")


def _looks_mac_roman(data: bytes) -> bool:
    mac = len(_MAC_IN_WORD.findall(data))
    return mac > 0 and mac > len(_CP1252_IN_WORD.findall(data))


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bytes(bad).decode("latin-1"), exc.end


codecs.register_error("strict_or_latin1", _latin1_fallback)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportError_(
            f"The file says it is {_ENCODING_NAMES.get(encoding, encoding)} but is not "
            f"(bad bytes at position {exc.start}). Save it again as CSV UTF-8 and retry."
        ) from None


_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several columns."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delim in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        width, seen = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = seen / len(widths) * 100 + min(width, 30)
        if score > best_score:
            best, best_score = delim, score
    return best


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:  # exact
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# Control characters; and invisible ones no name needs: byte-order marks and zero-width spaces
# (left by copy and paste between files) and the bidirectional overrides that make a name read
# backwards ("Ali \u202eexe.live"). Joiners and RTL marks stay: emoji and scripts need them.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u200b\u202a-\u202e\u2066-\u2069]"
)


def _clean_cell(text: str) -> str:
    """Line breaks made "\n", control and invisible characters removed, at most MAX_CELL
    characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text[:MAX_CELL]


_OLE2 = b"\xd0\xcf\x11\xe0"
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def read_book(data: bytes, filename: str = "") -> Book:
    """Read a file's bytes into sheets of cells, or raise ImportError_ with the reason."""
    if len(data) > MAX_BYTES:
        raise ImportError_(
            f"The file is {len(data) // (1024 * 1024)} MB; an attendee list over "
            f"{MAX_BYTES // (1024 * 1024)} MB is not one this can read."
        )
    if not data.strip():
        raise ImportError_("The file is empty.")
    lower = filename.lower()
    if data.startswith(_OLE2) and lower.endswith((".xlsx", ".xlsm")):
        raise ImportError_(
            "This workbook is protected with a password. Open it in Excel, remove the password "
            "(or save a copy without one) and import that."
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(_OLE2):
        raise ImportError_(
            "This is an old Excel .xls file. Open it in your spreadsheet program and save it as "
            ".xlsx or CSV, then import that."
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"SQLite format 3")):
        raise ImportError_(
            "This is not a spreadsheet or CSV file (it looks like a PDF, image or "
            "database). Export the attendee list as CSV or .xlsx."
        )
    if _HTML.match(data.lstrip(codecs.BOM_UTF8)[:200]):
        raise ImportError_(
            "This file is a web page (an HTML table), whatever its name says. Open it in your "
            "spreadsheet program, save it as .xlsx or CSV, and import that."
        )
    return _read_text(data, lower)


def _read_text(data: bytes, lower: str) -> Book:
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    controls = sum(1 for c in text[:20000] if c < " " and c not in "\r\n\t")
    if controls > max(8, len(text[:20000]) // 50):
        raise ImportError_(
            "This does not look like a text or spreadsheet file (it is full of control "
            "characters). Export the attendee list as CSV or .xlsx."
        )
    text = text.replace("\x00", "")
    delimiter = "\t" if lower.endswith((".tsv", ".tab")) else sniff_delimiter(text)
    rows: list[list[str]] = []
    wide = False
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        for row in reader:
            if len(row) > MAX_COLUMNS:
                if any(c.strip() for c in row[MAX_COLUMNS:]):
                    wide = True
                row = row[:MAX_COLUMNS]
            rows.append([_clean_cell(c) for c in row])
            if len(rows) > MAX_ROWS:
                raise ImportError_(f"The file has more than {MAX_ROWS:,} rows.")
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise ImportError_(
                f"Row {len(rows) + 1} has a cell over {csv.field_size_limit():,} characters long "
                "(often a quote mark that is never closed). Fix that row and retry."
            ) from None
        raise ImportError_(
            f"The file could not be read as CSV (row {len(rows) + 1}: {exc})."
        ) from None
    notes = [f"Columns after the {MAX_COLUMNS}th were not read."] if wide else []
    if lower.endswith((".xlsx", ".xlsm")):
        notes.append("The file is named like an Excel workbook but holds text: read as CSV.")
    elif lower.endswith(".xls"):
        names = {"\t": "tab", ";": "semicolon", ",": "comma", "|": "bar"}
        notes.append(
            "The file is named like an old Excel .xls but holds "
            f"{names.get(delimiter, 'delimited')}-separated text (as Meetup's downloads do): "
            "read as text."
        )
    filled = sum(1 for r in rows if any(c.strip() for c in r))
    return Book(
        kind=BookKind.CSV,
        sheets=[Sheet("", rows, filled)],
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
    )


def _read_xlsx(data: bytes) -> Book:
    import openpyxl  # only when a workbook comes in
    from openpyxl.utils.exceptions import InvalidFileException

    names: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = archive.namelist()
            kind = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        unpacked = 0  # openpyxl says what is wrong below
        kind = b""
    if b"opendocument.spreadsheet" in kind:
        raise ImportError_(
            "This is a LibreOffice (OpenDocument .ods) spreadsheet. Save it as .xlsx or CSV "
            "(File › Save As) and import that."
        )
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        raise ImportError_(
            "This is an Apple Numbers file. Export it as CSV or Excel (File › Export To) and "
            "import that."
        )
    if names and "xl/workbook.xml" not in names:
        raise ImportError_(
            "This is a zip file or a document, not an Excel workbook. Export the attendee list "
            "as CSV or .xlsx."
        )
    if unpacked > MAX_UNZIPPED:
        raise ImportError_(
            f"This workbook unpacks to {unpacked // (1024 * 1024)} MB, far more than an attendee "
            "list needs. Save the list on its own as .xlsx or CSV."
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        IndexError,
        AttributeError,
        EOFError,
        NotImplementedError,
    ):
        raise ImportError_(
            "This file looks like an Excel workbook but cannot be opened (it may be damaged "
            "or only partly copied). Open it in your spreadsheet program, save it again as "
            ".xlsx or CSV, and retry."
        ) from None
    except Exception as exc:  # openpyxl raises many kinds for broken workbooks
        raise ImportError_(
            f"This workbook cannot be read ({type(exc).__name__}: {str(exc)[:80]}). "
            "Save it again as .xlsx or CSV and retry."
        ) from None
    sheets: list[Sheet] = []
    try:
        total = 0
        for worksheet in book.worksheets:
            sheet = _read_sheet(worksheet)
            total += sheet.filled
            if total > MAX_ROWS:
                raise ImportError_(f"The workbook has more than {MAX_ROWS:,} filled rows.")
            sheets.append(sheet)
    except ImportError_:
        raise
    except Exception as exc:
        raise ImportError_(
            f"This workbook cannot be read ({type(exc).__name__}). Save it again as .xlsx or CSV."
        ) from None
    finally:
        book.close()
    if not any(s.filled for s in sheets):
        raise ImportError_("The workbook has no filled-in cells.")
    if len(data) <= MERGED_CELLS_MAX_BYTES:
        _fill_merged_cells(data, sheets)
    return Book(kind=BookKind.XLSX, sheets=sheets)


def _read_sheet(worksheet: object) -> Sheet:
    title = str(getattr(worksheet, "title", ""))
    rows: list[list[str]] = []
    blank: list[str] = []
    notes: list[str] = []
    filled = 0
    wide = False
    run = 0
    for values in worksheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        if len(values) > MAX_COLUMNS:
            wide = wide or any(v not in (None, "") for v in values[MAX_COLUMNS:])
            values = values[:MAX_COLUMNS]
        if any(v is not None and v != "" for v in values):
            cells = [_clean_cell(_cell_text(v)) for v in values]
        else:
            cells = blank
        if any(c.strip() for c in cells):
            rows.append(cells)
            filled += 1
            run = 0
        else:
            rows.append(blank)  # one shared empty row: cheap
            run += 1
            if run >= MAX_BLANK_RUN:
                notes.append(
                    f"Reading “{title}” stopped at row {len(rows):,} after "
                    f"{MAX_BLANK_RUN:,} empty rows. If people are listed further down, "
                    "delete the empty rows and import again."
                )
                break
        if filled > MAX_ROWS or len(rows) > MAX_SHEET_ROWS:
            raise ImportError_(f"The sheet “{title}” has more than {MAX_ROWS:,} rows.")
    while rows and rows[-1] is blank:
        rows.pop()
    if wide:
        notes.append(f"Columns after the {MAX_COLUMNS}th of “{title}” were not read.")
    return Sheet(title, rows, filled, notes)


def _fill_merged_cells(data: bytes, sheets: list[Sheet]) -> None:
    """Give every cell of a merged range the range's value: an organisation merged down the
    rows of its people belongs to each of them (the fast reader sees only the first)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        ranges = {s.name: list(book[s.name].merged_cells.ranges) for s in sheets if s.filled}
    except Exception:  # the rows were read; a workbook this reader chokes on keeps them as read
        return
    for sheet in sheets:
        rows = sheet.rows
        for merged in ranges.get(sheet.name, ()):
            if merged.min_row == merged.max_row:
                continue  # a title across the columns of one row: once is enough
            top, left = merged.min_row - 1, merged.min_col - 1
            if top >= len(rows) or left >= len(rows[top]):
                continue
            value = rows[top][left]
            for r in range(top, min(merged.max_row, len(rows))):
                row = rows[r]
                if not row:  # the shared empty row: give this row its own cells
                    row = rows[r] = []
                row.extend([""] * (merged.max_col - len(row)))
                for c in range(left, merged.max_col):
                    if not row[c]:
                        row[c] = value
