"""Reading attendee lists from registration exports and spreadsheets into a checked import plan.

Bytes in (CSV, TSV, TXT or XLSX, any common encoding), a plan out: which column means what, and
for every row what will happen to it (added, merged into someone already there, or left out with
the reason) and its problems. Nothing is written here; the store applies a plan. No row is ever
dropped without a line saying so.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from labdesk.core.badges import ticket_is_safe
from labdesk.core.erased import ErasedList
from labdesk.core.model import IMPORTED_DETAILS, Attendee, fold, split_name

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000  # rows with something in them
MAX_SHEET_ROWS = 1_100_000  # Excel's own limit is 1,048,576
MAX_COLUMNS = 500
MAX_BLANK_RUN = 10_000  # empty rows in a row before a sheet is taken to have ended
MAX_UNZIPPED = 300 * 1024 * 1024  # a workbook that unpacks to more is not an attendee list
MAX_CELL = 10_000  # characters kept from one cell
HEADER_SEARCH_ROWS = 30


class ImportError_(Exception):
    """The file cannot be read as an attendee list; the message says why, in plain words."""


class Field(StrEnum):
    """What a column can mean."""

    IGNORE = "ignore"
    NAME = "name"
    NAME_SURNAME_FIRST = "name (surname first)"
    GIVEN_NAME = "given name"
    FAMILY_NAME = "family name"
    EMAIL = "email"
    ORGANISATION = "organisation"
    ROLE = "role"
    ADDRESS = "address"  # one cell, or the first line when in parts
    ADDRESS_LINE = "address line"
    TOWN = "town"
    COUNTY = "county"
    POSTCODE = "postcode"
    COUNTRY = "country"
    ACCESS_NEEDS = "access needs"
    DIETARY_NEEDS = "dietary needs"
    TICKET_TYPE = "ticket type"
    TICKET_CODE = "ticket code"
    STATUS = "status"
    NOTES = "notes"
    CONSENT_POSTCARD = "postcard consent"


# Fields that may come from several columns (joined); the rest take the first column mapped.
MULTI = {Field.ADDRESS_LINE, Field.NOTES, Field.TICKET_CODE, Field.ACCESS_NEEDS}


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


# Exact header names (folded to lower-case words) from Eventbrite, pretix, Google Forms, Ticket
# Tailor, Tito, Microsoft Forms and hand-kept sheets.
_EXACT: dict[str, Field] = {}
for _field, _names in {
    Field.NAME: [
        "name",
        "full name",
        "attendee name",
        "attendee",
        "participant",
        "participant name",
        "delegate",
        "delegate name",
        "your name",
        "your full name",
        "naam",
        "nom",
        "nom complet",
        "vollstandiger name",
        "ticket holder",
        "ticket holder name",
        "guest name",
        "guest",
        "what is your name",
        "name of attendee",
        "attendee full name",
        "contact name",
        "person",
    ],
    Field.NAME_SURNAME_FIRST: [
        "surname first name",
        "last name first name",
        "name surname first",
        "surname forename",
        "family name given name",
        "name last first",
    ],
    Field.GIVEN_NAME: [
        "first name",
        "firstname",
        "first",
        "given name",
        "given names",
        "forename",
        "forenames",
        "attendee name given name",
        "attendee first name",
        "christian name",
        "vorname",
        "prenom",
        "first name s",
        "preferred name",
        "ticket first name",
        "attendee given name",
    ],
    Field.FAMILY_NAME: [
        "last name",
        "lastname",
        "last",
        "surname",
        "family name",
        "attendee name family name",
        "attendee last name",
        "nachname",
        "nom de famille",
        "ticket last name",
        "attendee family name",
    ],
    Field.EMAIL: [
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "attendee email",
        "attendee e mail",
        "email addresses",
        "your email",
        "your email address",
        "contact email",
        "ticket email",
        "attendee email address",
        "work email",
        "emailaddress",
        "courriel",
        "adresse courriel",
        "adresse e mail",
        "adresse mail",
    ],
    Field.ORGANISATION: [
        "organisation",
        "organization",
        "company",
        "employer",
        "organisation name",
        "organization name",
        "company name",
        "affiliation",
        "institution",
        "trust",
        "team",
        "your organisation",
        "your organization",
        "which organisation do you work for",
        "organisation or team",
        "firma",
        "organisme",
        "home organisation",
        "work organisation",
        "company organisation",
        "organisation company",
    ],
    Field.ROLE: [
        "role",
        "job title",
        "title role",
        "position",
        "job",
        "job role",
        "your role",
        "occupation",
        "profession",
        "role job title",
        "job title role",
    ],
    Field.ADDRESS: [
        "address",
        "postal address",
        "home address",
        "full address",
        "mailing address",
        "street address",
        "work address",
        "address for postcard",
        "postcard address",
        "invoice address",
        "adresse",
    ],
    Field.ADDRESS_LINE: [
        "address 1",
        "address 2",
        "address 3",
        "address line 1",
        "address line 2",
        "address line 3",
        "home address 1",
        "home address 2",
        "work address 1",
        "work address 2",
        "street",
        "street 1",
        "street 2",
        "house",
        "house number",
        "address1",
        "address2",
        "street and number",
    ],
    Field.TOWN: [
        "town",
        "city",
        "home city",
        "work city",
        "town city",
        "city town",
        "locality",
        "ort",
        "ville",
        "post town",
    ],
    Field.COUNTY: [
        "county",
        "home county",
        "work county",
        "state",
        "region",
        "province",
        "state province",
        "county state",
    ],
    Field.POSTCODE: [
        "postcode",
        "post code",
        "zip",
        "zip code",
        "zipcode",
        "postal code",
        "home postcode",
        "work postcode",
        "home zip",
        "plz",
        "code postal",
        "postcode zip",
    ],
    Field.COUNTRY: ["country", "home country", "work country", "land", "pays"],
    Field.ACCESS_NEEDS: [
        "access needs",
        "access requirements",
        "accessibility",
        "accessibility needs",
        "accessibility requirements",
        "additional needs",
        "support needs",
        "reasonable adjustments",
        "access",
        "mobility",
        "any access needs",
        "do you have any access needs",
        "do you have any access requirements",
        "adjustments",
    ],
    Field.DIETARY_NEEDS: [
        "dietary",
        "dietary requirements",
        "dietary needs",
        "diet",
        "dietary restrictions",
        "food",
        "allergies",
        "dietary requirements allergies",
        "special diet",
        "do you have any dietary requirements",
        "food allergies",
    ],
    Field.TICKET_TYPE: [
        "ticket type",
        "ticket",
        "product",
        "ticket name",
        "ticket class",
        "registration type",
        "category",
        "ticket category",
        "type",
        "attendee type",
        "ticket tier",
    ],
    Field.TICKET_CODE: [
        "barcode",
        "barcode number",
        "barcode no",
        "secret",
        "ticket code",
        "ticket barcode",
        "ticket number",
        "ticket id",
        "ticket reference",
        "qr code",
        "booking reference",
        "ticket secret",
        "code",
        "reference",
        "ticket ref",
        "attendee barcode",
    ],
    Field.STATUS: [
        "status",
        "attendee status",
        "ticket status",
        "order status",
        "booking status",
        "registration status",
        "attending",
        "will you attend",
        "are you attending",
        "rsvp",
    ],
    Field.NOTES: ["notes", "note", "comments", "comment", "remarks", "other", "anything else"],
    Field.CONSENT_POSTCARD: [
        "postcard consent",
        "consent to postcard",
        "send me a postcard",
        "postcard",
        "may we post you a postcard",
    ],
}.items():
    for _name in _names:
        _EXACT[_key(_name)] = _field

# Header words that say "this is not a column you want" though they contain a known word.
_IGNORE_WORDS = (
    "order",
    "date",
    "time",
    "timestamp",
    "quantity",
    "currency",
    "paid",
    "fee",
    "fees",
    "price",
    "total",
    "payment",
    "pseudonymization",
    "voucher",
    "invoice",
    "checked in",
    "check in",
    "attendee #",
    "attendee no",
    "group",
    "id",
)

# Looser rules when no exact name matched: (words that must all appear, field).
_CONTAINS: list[tuple[tuple[str, ...], Field]] = [
    (("surname", "first"), Field.NAME_SURNAME_FIRST),
    (("last", "first"), Field.NAME_SURNAME_FIRST),
    (("email",), Field.EMAIL),
    (("e", "mail"), Field.EMAIL),
    (("first", "name"), Field.GIVEN_NAME),
    (("given",), Field.GIVEN_NAME),
    (("forename",), Field.GIVEN_NAME),
    (("surname",), Field.FAMILY_NAME),
    (("family", "name"), Field.FAMILY_NAME),
    (("last", "name"), Field.FAMILY_NAME),
    (("access",), Field.ACCESS_NEEDS),
    (("accessib",), Field.ACCESS_NEEDS),
    (("dietary",), Field.DIETARY_NEEDS),
    (("allerg",), Field.DIETARY_NEEDS),
    (("postcode",), Field.POSTCODE),
    (("zip",), Field.POSTCODE),
    (("address", "line"), Field.ADDRESS_LINE),
    (("address",), Field.ADDRESS),
    (("organisation",), Field.ORGANISATION),
    (("organization",), Field.ORGANISATION),
    (("company",), Field.ORGANISATION),
    (("job",), Field.ROLE),
    (("role",), Field.ROLE),
    (("barcode",), Field.TICKET_CODE),
    (("city",), Field.TOWN),
    (("town",), Field.TOWN),
    (("country",), Field.COUNTRY),
    (("status",), Field.STATUS),
    (("full", "name"), Field.NAME),
    (("name",), Field.NAME),
    (("note",), Field.NOTES),
    (("comment",), Field.NOTES),
    (("postcard",), Field.CONSENT_POSTCARD),
]


def guess_field(header: str) -> Field:
    """What a column with this header most likely holds (IGNORE when unsure)."""
    key = _key(header)
    if not key:
        return Field.IGNORE
    if "#" in header and "barcode" not in key:
        return Field.IGNORE  # "Order #", "Attendee #": numbers of the order, not of a ticket
    if key in _EXACT:
        return _EXACT[key]
    words = key.split()
    if any(
        (" " in w and w in key) or w in words or (w == "#" and "#" in header) for w in _IGNORE_WORDS
    ):
        return Field.IGNORE
    for needed, guessed in _CONTAINS:
        if all(any(word.startswith(n) for word in words) for n in needed):
            return guessed
    return Field.IGNORE


# -- reading bytes into a grid of cells ---------------------------------------------------------


@dataclass
class Table:
    """A file as rows of text cells, with how it was read."""

    rows: list[list[str]]
    kind: str  # "csv" | "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.kind == "xlsx":
            return f"Excel workbook, sheet “{self.sheet}”"
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar", ":": "colon"}
        return f"{self.encoding}, {names.get(self.delimiter, repr(self.delimiter))}-separated"


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


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a file's bytes into rows of cells, or raise ImportError_ with the reason."""
    if len(data) > MAX_BYTES:
        raise ImportError_(
            f"The file is {len(data) // (1024 * 1024)} MB; an attendee list over "
            f"{MAX_BYTES // (1024 * 1024)} MB is not one this can read."
        )
    if not data.strip():
        raise ImportError_("The file is empty.")
    lower = filename.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") and lower.endswith((".xlsx", ".xlsm")):
        raise ImportError_(
            "This workbook is protected with a password. Open it in Excel, remove the password "
            "(or save a copy without one) and import that."
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise ImportError_(
            "This is an old Excel .xls file. Open it in your spreadsheet program and save it as "
            ".xlsx or CSV, then import that."
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"SQLite format 3")):
        raise ImportError_(
            "This is not a spreadsheet or CSV file (it looks like a PDF, image or "
            "database). Export the attendee list as CSV or .xlsx."
        )
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
    return Table(rows=rows, kind="csv", encoding=encoding, delimiter=delimiter, notes=notes)


def _read_xlsx(data: bytes) -> Table:
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
    try:
        best: tuple[int, str, list[list[str]]] | None = None
        notes = []
        blank: list[str] = []
        for sheet in book.worksheets:
            rows: list[list[str]] = []
            filled = 0
            wide = False
            run = 0
            for values in sheet.iter_rows(values_only=True):
                if len(values) > MAX_COLUMNS:
                    wide = wide or any(v not in (None, "") for v in values[MAX_COLUMNS:])
                    values = values[:MAX_COLUMNS]
                cells = (
                    [_clean_cell(_cell_text(v)) for v in values]
                    if any(v is not None and v != "" for v in values)
                    else blank
                )
                if any(c.strip() for c in cells):
                    rows.append(cells)
                    filled += 1
                    run = 0
                else:
                    rows.append(blank)  # one shared empty row: cheap
                    run += 1
                    if run >= MAX_BLANK_RUN:
                        notes.append(
                            f"Reading “{sheet.title}” stopped at row {len(rows):,} after "
                            f"{MAX_BLANK_RUN:,} empty rows. If people are listed further down, "
                            "delete the empty rows and import again."
                        )
                        break
                if filled > MAX_ROWS or len(rows) > MAX_SHEET_ROWS:
                    raise ImportError_(
                        f"The sheet “{sheet.title}” has more than {MAX_ROWS:,} rows."
                    )
            while rows and rows[-1] is blank:
                rows.pop()
            if wide:
                notes.append(f"Columns after the {MAX_COLUMNS}th of “{sheet.title}” were not read.")
            if best is None or filled > best[0]:
                best = (filled, sheet.title, rows)
        if best is None or best[0] == 0:
            raise ImportError_("The workbook has no filled-in cells.")
        others = [s.title for s in book.worksheets if s.title != best[1]]
        if others:
            notes.append(
                f"Read the sheet “{best[1]}” (the fullest); other sheets were not read: "
                + ", ".join(f"“{t}”" for t in others)
            )
    except ImportError_:
        raise
    except Exception as exc:
        raise ImportError_(
            f"This workbook cannot be read ({type(exc).__name__}). Save it again as .xlsx or CSV."
        ) from None
    finally:
        book.close()
    rows = best[2]
    if len(data) <= MERGED_CELLS_MAX_BYTES:
        _fill_merged_cells(data, best[1], rows)
    return Table(rows=rows, kind="xlsx", sheet=best[1], notes=notes)


MERGED_CELLS_MAX_BYTES = 5 * 1024 * 1024  # reading merged ranges means loading the whole book


def _fill_merged_cells(data: bytes, sheet: str, rows: list[list[str]]) -> None:
    """Give every cell of a merged range the range's value: an organisation merged down the
    rows of its people belongs to each of them (the fast reader sees only the first)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        ranges = list(book[sheet].merged_cells.ranges)
    except Exception:  # the rows were read; a workbook this reader chokes on keeps them as read
        return
    for merged in ranges:
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


# -- the header row and the column mapping -------------------------------------------------------


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """Index of the header row: the first of the top rows naming the most known columns."""
    best, best_score = -1, 0
    # A list with one column ("Name", then a name a line) has a header of one cell.
    one_column = all(sum(1 for c in r if c.strip()) <= 1 for r in rows[:HEADER_SEARCH_ROWS])
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [guess_field(c) for c in row if c.strip()]
        known = {f for f in fields if f is not Field.IGNORE}
        names = known & {Field.NAME, Field.NAME_SURNAME_FIRST, Field.GIVEN_NAME, Field.FAMILY_NAME}
        score = len(known) + (2 if names else 0) + (1 if Field.EMAIL in known else 0)
        if len(fields) < 2 and not (one_column and names):
            score = min(score, 1)
        if score > best_score:
            best, best_score = i, score
    if best < 0 or best_score < 3:
        raise ImportError_(
            "No header row found: one of the first rows should name the columns (for example "
            "“Name”, “Email”, “Organisation”). Add a header row and retry."
        )
    return best


def guess_mapping(headers: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> list[Field]:
    """A Field for each header; single-valued fields go to one column only: the one whose
    cells (in rows, when given) hold the most values, else the first."""
    mapping = [guess_field(h) for h in headers]
    if rows:
        # Microsoft Forms puts "Email" ("anonymous") and "Name" (empty) before the form's own
        # "Email address" and "Full name" questions: take the column that holds the data.
        for wanted in set(mapping) - MULTI - {Field.IGNORE, Field.ADDRESS}:
            columns = [i for i, f in enumerate(mapping) if f is wanted]
            if len(columns) > 1:
                best = max(columns, key=lambda i: (_filled(rows, i, wanted), -i))
                for i in columns:
                    mapping[i] = wanted if i == best else Field.IGNORE
    taken: set[Field] = set()
    for i, f in enumerate(mapping):
        if f is Field.IGNORE or f in MULTI:
            continue
        if f in taken:
            if f is Field.ADDRESS:
                mapping[i] = Field.ADDRESS_LINE
            elif f is Field.NAME and Field.NAME in taken:
                mapping[i] = Field.IGNORE
            else:
                mapping[i] = Field.IGNORE
        taken.add(f)
    # "Address" beside address lines (pretix: Address + ZIP + City) is the street part.
    return mapping


def _filled(rows: Sequence[Sequence[str]], column: int, wanted: Field) -> int:
    cells = (r[column].strip() for r in rows if column < len(r))
    if wanted in (Field.NAME, Field.GIVEN_NAME, Field.FAMILY_NAME):
        # pretix's JSON name parts ("{...}") fill a cell but are no one's name as written.
        return sum(1 for c in cells if c and not c.startswith("{"))
    if wanted is Field.EMAIL:
        return sum(1 for c in cells if _EMAIL.match(c.lower().removeprefix("mailto:")))
    return sum(1 for c in cells if c)


# -- from rows to an import plan -----------------------------------------------------------------


class Action(StrEnum):
    ADD = "add"
    UPDATE = "update"
    SKIP = "skip"


@dataclass
class RowPlan:
    """What happens to one row of the file."""

    row: int  # 1-based row number as a spreadsheet shows it
    action: Action
    attendee: Attendee | None = None
    problems: list[str] = field(default_factory=list)
    reason: str = ""  # why a row is skipped
    existing_id: int | None = None  # the attendee it merges into
    cancelled: bool = False
    erased: bool = False  # the person was erased on request: left out, details dropped


@dataclass
class ImportPlan:
    source: str
    table: Table
    header_row: int  # 0-based index into table.rows
    headers: list[str]
    mapping: list[Field]
    rows: list[RowPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def added(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.ADD]

    @property
    def updated(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.UPDATE]

    @property
    def skipped(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.SKIP]

    @property
    def erased(self) -> list[RowPlan]:
        return [r for r in self.rows if r.erased]

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [(r.row, p) for r in self.rows for p in r.problems]

    def summary(self) -> str:
        cancelled = sum(1 for r in self.rows if r.cancelled)
        merged = sum(1 for r in self.updated if not r.cancelled)
        parts = [f"{len(self.added)} new", f"{merged} already here (merged)"]
        if cancelled:
            parts.append(f"{cancelled} cancelled or not attending (left out)")
        if self.erased:
            parts.append(f"{len(self.erased)} erased on request (left out)")
        other = len(self.skipped) - sum(1 for r in self.skipped if r.cancelled or r.erased)
        if other:
            parts.append(f"{other} other {'row' if other == 1 else 'rows'} left out")
        rows = "1 row" if len(self.rows) == 1 else f"{len(self.rows)} rows"
        return f"{rows}: " + ", ".join(parts)


_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")
_CANCELLED = re.compile(
    r"\b(cancel+ed|cancel+ation|refund(ed)?|not attending|declined|void(ed)?|deleted|"
    r"transferred|no\b|withdrawn|expired|canceled)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^(grand )?(total|totals|sum|count|subtotal|summe|gesamt)\b[\s:]*", re.I)
_ACCESS_HINT = re.compile(
    r"wheelchair|step[- ]free|mobility|hearing|deaf|\bbsl\b|sign language|visual|blind|"
    r"guide dog|assistance dog|hearing loop|large print|accessible|ramp|lift\b|carer|"
    r"neurodiver|quiet room|seat near",
    re.IGNORECASE,
)
# A long barcode number that Excel stored as a floating-point number: "1.23457E+18".
_ROUNDED = re.compile(r"^\d([.,]\d+)?e\+\d+$", re.IGNORECASE)
_POSTCODE_UK = re.compile(r"^([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})$")


def tidy(text: str) -> str:
    """Whitespace collapsed, ends trimmed (line breaks inside an address kept by callers)."""
    return " ".join(text.split())


def tidy_postcode(text: str) -> str:
    text = tidy(text)
    match = _POSTCODE_UK.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}".upper()
    return text


def _is_cancelled(status: str) -> bool:
    status = status.strip()
    if not status:
        return False
    if re.fullmatch(
        r"(yes|y|attending|confirmed|paid|valid|complete|completed|checked in|"
        r"active|registered|booked|going|ok)\.?",
        status,
        re.I,
    ):
        return False
    if status in ("c", "e"):  # pretix's status letters: canceled, expired (p paid, n pending)
        return True
    return bool(_CANCELLED.search(status))


def _name_parts(text: str) -> tuple[str, str, str] | None:
    """(full, given, family) from pretix's name parts, a JSON object such as
    {"_scheme": "given_family", "given_name": "Siân", "family_name": "Jones"}; None otherwise."""
    if not (text.startswith("{") and text.endswith("}")):
        return None
    import json

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


@functools.lru_cache(maxsize=64)
def _indices(mapping: tuple[Field, ...]) -> dict[Field, tuple[int, ...]]:
    found: dict[Field, list[int]] = {}
    for i, f in enumerate(mapping):
        found.setdefault(Field(f), []).append(i)
    return {f: tuple(ix) for f, ix in found.items()}


def _cell(row: Sequence[str], mapping: Sequence[Field], wanted: Field) -> list[str]:
    columns = _indices(mapping if isinstance(mapping, tuple) else tuple(mapping))
    width = len(row)
    return [row[i] for i in columns.get(wanted, ()) if i < width and row[i].strip()]


def _first(row: Sequence[str], mapping: Sequence[Field], wanted: Field) -> str:
    values = _cell(row, mapping, wanted)
    return values[0] if values else ""


def row_to_attendee(
    row: Sequence[str], mapping: Sequence[Field], source: str
) -> tuple[Attendee | None, list[str], bool, str]:
    """(attendee or None, problems, cancelled, reason to skip)."""
    problems: list[str] = []
    name = tidy(_first(row, mapping, Field.NAME))
    given = tidy(_first(row, mapping, Field.GIVEN_NAME))
    family = tidy(_first(row, mapping, Field.FAMILY_NAME))
    surname_first = tidy(_first(row, mapping, Field.NAME_SURNAME_FIRST))
    json_parts = _name_parts(name)
    if json_parts is not None:
        name, given, family = json_parts
    if surname_first and not name:
        if "," in surname_first:
            given, family = split_name(surname_first)
        else:
            parts = surname_first.split(" ", 1)
            family, given = parts[0], parts[1] if len(parts) > 1 else ""
    if name and "," in name and not (given or family):
        given, family = split_name(name)  # "Surname, First" in a name column
        name = ""
    if name and given and not family and not fold(name).startswith(fold(given)):
        family, name = name, ""  # "Nom" beside "Prénom", "Name" beside "First name": the surname
    elif name and family and not given and fold(family) not in fold(name):
        given, name = name, ""  # "Nome" beside "Cognome": the given name
    if not name:
        name = tidy(f"{given} {family}")
    elif not (given or family):
        given, family = split_name(name)
    email_raw = tidy(_first(row, mapping, Field.EMAIL))
    email = email_raw.lower().removeprefix("mailto:")
    notes = [tidy(n) for n in _cell(row, mapping, Field.NOTES)]
    if email and not _EMAIL.match(email):
        problems.append(f"“{email_raw}” is not an email address; kept in the notes.")
        notes.append(f"Email as given: {email_raw}")
        email = ""
    status = tidy(_first(row, mapping, Field.STATUS))
    cancelled = _is_cancelled(status)
    codes = []
    for cell in _cell(row, mapping, Field.TICKET_CODE):
        code = cell.strip()
        if _ROUNDED.match(code):
            problems.append(
                f"Ticket code “{code}” was rounded by a spreadsheet (it cannot be scanned). "
                "Export the list again straight from the ticket site."
            )
        elif code and len(code) <= 200:
            codes.append(code)
            if not ticket_is_safe(code):
                problems.append(
                    f"Ticket code “{code}” is short enough to be guessed or typed by chance: "
                    "it checks this person in only when scanned exactly as it is here."
                )
    if not name:
        if email or codes:
            what = email or codes[0]
            return (
                None,
                problems,
                cancelled,
                f"no name (row has {what}); add a name and import again",
            )
        return None, problems, cancelled, "no name or email"
    problems += _name_flaws(name)
    address = _address(row, mapping)
    attendee = Attendee(
        name=name,
        given_name=given,
        family_name=family,
        email=email,
        organisation=tidy(_first(row, mapping, Field.ORGANISATION)),
        role=tidy(_first(row, mapping, Field.ROLE)),
        address=address,
        access_needs="; ".join(tidy(v) for v in _cell(row, mapping, Field.ACCESS_NEEDS)),
        dietary_needs=tidy(_first(row, mapping, Field.DIETARY_NEEDS)),
        ticket_type=tidy(_first(row, mapping, Field.TICKET_TYPE)),
        status="cancelled" if cancelled else "attending",
        ticket_codes=list(dict.fromkeys(codes)),
        consent_postcard=_yes(_first(row, mapping, Field.CONSENT_POSTCARD)),
        notes="; ".join(n for n in notes if n),
        source=source,
    )
    if not attendee.access_needs and attendee.notes and _ACCESS_HINT.search(attendee.notes):
        attendee.access_needs = attendee.notes
    if cancelled:
        attendee.notes = "; ".join(
            x for x in (attendee.notes, f"Status in {source}: {status}") if x
        )
    return attendee, problems, cancelled, ""


def _address(row: Sequence[str], mapping: Sequence[Field]) -> str:
    lines: list[str] = []
    for wanted in (Field.ADDRESS, Field.ADDRESS_LINE, Field.TOWN, Field.COUNTY):
        for value in _cell(row, mapping, wanted):
            for line in (
                re.split(r"\n|\s*,\s*(?=\S)", value) if wanted is Field.ADDRESS else [value]
            ):
                if tidy(line):
                    lines.append(tidy(line))
    postcode = tidy_postcode(_first(row, mapping, Field.POSTCODE))
    if postcode:
        lines.append(postcode)
    elif lines:
        # A postcode at the end of a one-cell address, lower-case as typed: tidy it.
        lines[-1] = tidy_postcode(lines[-1]) if _POSTCODE_UK.match(lines[-1]) else lines[-1]
    country = tidy(_first(row, mapping, Field.COUNTRY))
    if country and fold(country) not in {
        "gb",
        "uk",
        "united kingdom",
        "great britain",
        "england",
        "wales",
        "scotland",
        "northern ireland",
    }:
        lines.append(country)
    return "\n".join(dict.fromkeys(lines))


def _same_org(a: Attendee, b: Attendee) -> bool:
    return not a.organisation or not b.organisation or fold(a.organisation) == fold(b.organisation)


def _merge_into(base: Attendee, other: Attendee) -> None:
    """Fill base's empty fields from other; ticket codes and notes are combined."""
    for name in IMPORTED_DETAILS:
        if not getattr(base, name) and getattr(other, name):
            setattr(base, name, getattr(other, name))
    base.ticket_codes = list(dict.fromkeys(base.ticket_codes + other.ticket_codes))
    notes = [n for n in (base.notes, other.notes) if n]
    base.notes = "; ".join(dict.fromkeys(notes))
    base.consent_postcard = base.consent_postcard or other.consent_postcard


ERASED_REASON = "erased on request; not imported again"


def _known(person: Attendee, by_email: dict[str, int], by_code: dict[str, int]) -> bool:
    """Whether someone in the file already has this person's email or one of their codes."""
    if person.email and person.email.casefold() in by_email:
        return True
    return any(code.strip().casefold() in by_code for code in person.ticket_codes)


def plan_import(
    table: Table,
    source: str,
    existing: Sequence[Attendee] = (),
    *,
    mapping: Sequence[Field] | None = None,
    header_row: int | None = None,
    checked_in: frozenset[int] | set[int] = frozenset(),
    erased: ErasedList | None = None,
) -> ImportPlan:
    """Decide what happens to every row of table, given the attendees already in the file.

    A row whose email or ticket code was erased on request (`erased`) is left out, with a note,
    unless someone in the file already has that email or code (they were added again since)."""
    rows = table.rows
    if header_row is None:
        header_row = find_header(rows)
    if not 0 <= header_row < len(rows):
        raise ImportError_("The header row is outside the file.")
    headers = [tidy(h) for h in rows[header_row]]
    width = max((len(r) for r in rows), default=0)
    headers += [""] * (width - len(headers))
    fields = (
        [Field(f) for f in mapping]
        if mapping is not None
        else guess_mapping(headers, rows[header_row + 1 :])
    )
    fields += [Field.IGNORE] * (len(headers) - len(fields))
    plan = ImportPlan(source, table, header_row, headers, fields, notes=list(table.notes))
    frozen = tuple(fields)
    mapped = set(fields)
    if not mapped & {Field.NAME, Field.NAME_SURNAME_FIRST, Field.GIVEN_NAME, Field.FAMILY_NAME}:
        raise ImportError_("No column holds names. Choose which column is the name and retry.")
    above = [r for r in rows[:header_row] if any(c.strip() for c in r)]
    if above:
        titles = "; ".join(tidy(" ".join(c for c in r if c.strip()))[:60] for r in above)
        rows_above = "1 row" if len(above) == 1 else f"{len(above)} rows"
        plan.notes.append(f"{rows_above} above the header left out: {titles}")

    by_email: dict[str, int] = {}
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for person in existing:
        if person.id is None:
            continue
        if person.email:
            by_email.setdefault(person.email.casefold(), person.id)
        for code in person.ticket_codes:
            by_code.setdefault(code.strip().casefold(), person.id)
        if not person.email:
            by_name.setdefault(fold(person.name), person.id)
    existing_by_id = {p.id: p for p in existing if p.id is not None}

    seen_email: dict[str, RowPlan] = {}
    seen_code: dict[str, RowPlan] = {}
    seen_name: dict[str, RowPlan] = {}
    for index in range(header_row + 1, len(rows)):
        row = rows[index]
        number = index + 1
        if not any(c.strip() for c in row):
            plan.blank_rows += 1
            continue
        first = next((c for c in row if c.strip()), "")
        filled = sum(1 for c in row if c.strip())
        if _TOTAL.match(first.strip()) and filled <= 3 and not _cell(row, frozen, Field.EMAIL):
            plan.rows.append(RowPlan(number, Action.SKIP, reason=f"a totals row (“{tidy(first)}”)"))
            continue
        if (
            tidy(row[0]) == headers[0]
            and [tidy(c) for c in row[: len(headers)]] == headers[: len(row)]
        ):
            plan.rows.append(RowPlan(number, Action.SKIP, reason="the header repeated"))
            continue
        attendee, problems, cancelled, reason = row_to_attendee(row, frozen, source)
        if (
            attendee is not None
            and erased
            and erased.matches(attendee)
            and not _known(attendee, by_email, by_code)
        ):
            plan.rows.append(RowPlan(number, Action.SKIP, reason=ERASED_REASON, erased=True))
            continue
        if attendee is None:
            plan.rows.append(
                RowPlan(number, Action.SKIP, problems=problems, reason=reason, cancelled=cancelled)
            )
            continue
        # The same person twice in this file: merge into their first row.
        earlier = None
        if attendee.email:
            earlier = seen_email.get(attendee.email.casefold())
        for code in attendee.ticket_codes:
            earlier = earlier or seen_code.get(code.casefold())
        namesake = seen_name.get(fold(attendee.name))
        if earlier is None and namesake is not None and namesake.attendee is not None:
            if (
                not attendee.email
                and not namesake.attendee.email
                and _same_org(namesake.attendee, attendee)
            ):
                earlier = namesake  # no emails to tell them apart, same organisation: one person
            else:
                problems.append(
                    f"Same name as row {namesake.row}; kept both (different email or "
                    "organisation). Check they are two people."
                )
        if earlier is not None and earlier.attendee is not None:
            if fold(earlier.attendee.name) != fold(attendee.name):
                problems.append(
                    f"Same email or ticket as row {earlier.row} ({earlier.attendee.name}) but a "
                    f"different name ({attendee.name}); kept row {earlier.row}'s name."
                )
            _merge_into(earlier.attendee, attendee)
            earlier.problems.append(f"Row {number} is the same person: merged into this row.")
            plan.rows.append(
                RowPlan(
                    number,
                    Action.SKIP,
                    problems=problems,
                    reason=f"a duplicate of row {earlier.row} (merged into it)",
                )
            )
            continue
        # Already in the workshop file: merge by email or ticket code (or name, without emails).
        match_id = by_email.get(attendee.email.casefold()) if attendee.email else None
        for code in attendee.ticket_codes:
            match_id = match_id or by_code.get(code.strip().casefold())
        if match_id is None and not attendee.email:
            known = existing_by_id.get(by_name.get(fold(attendee.name), -1))
            if known is not None and _same_org(known, attendee):
                match_id = known.id
        if cancelled and match_id is None:
            step = RowPlan(
                number,
                Action.SKIP,
                attendee=attendee,
                problems=problems,
                reason="cancelled, refunded or not attending",
                cancelled=True,
            )
        elif match_id is not None:
            step = RowPlan(
                number,
                Action.UPDATE,
                attendee=attendee,
                problems=problems,
                existing_id=match_id,
                cancelled=cancelled,
            )
            if cancelled and match_id in checked_in:
                attendee.status = "attending"
                problems.append(
                    f"{attendee.name} is already checked in but the file says "
                    "cancelled; kept as attending."
                )
                step.cancelled = False
            elif cancelled:
                before = existing_by_id.get(match_id)
                if before is not None and before.status != "cancelled":
                    problems.append(f"{attendee.name} was expected; the file now says cancelled.")
        else:
            step = RowPlan(number, Action.ADD, attendee=attendee, problems=problems)
        plan.rows.append(step)
        if attendee.email:
            seen_email.setdefault(attendee.email.casefold(), step)
        for code in attendee.ticket_codes:
            seen_code.setdefault(code.casefold(), step)
        seen_name.setdefault(fold(attendee.name), step)
    for step in plan.rows:
        if step.action is not Action.SKIP and step.attendee and not step.attendee.email:
            step.problems.append("No email address.")
    if plan.blank_rows:
        blank = "1 blank row" if plan.blank_rows == 1 else f"{plan.blank_rows} blank rows"
        plan.notes.append(f"{blank} left out")
    if not plan.rows:
        plan.notes.append("The file has a header but no attendee rows.")
    return plan


def read_plan(
    data: bytes, filename: str, existing: Sequence[Attendee] = (), **kwargs: object
) -> ImportPlan:
    """read_table + plan_import in one step; raises ImportError_ with a reason."""
    table = read_table(data, filename)
    source = source_label(table, filename)
    return plan_import(table, source, existing, **kwargs)  # type: ignore[arg-type]


def source_label(table: Table, filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "import"
    headers = " ".join(_key(c) for r in table.rows[:HEADER_SEARCH_ROWS] for c in r)
    if "barcode" in headers and "attendee status" in headers:
        return f"Eventbrite ({name})"
    if "pseudonymization id" in headers or "attendee name given name" in headers:
        return f"pretix ({name})"
    if "timestamp" in headers and "email address" in headers:
        return f"Google Forms ({name})"
    return name
