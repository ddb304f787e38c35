"""Badge sheets on A4 (and a single badge for a walk-in): name large, organisation, QR, code."""

from __future__ import annotations

import io
import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labdesk.core.badges import printed
from labdesk.core.model import split_name
from labdesk.core.qr import QrModules, qr_modules
from labdesk.printing.fonts import register
from labdesk.printing.stock import DEFAULT_SIZE, SIZES, BadgeSize

_GREY = Color(0.75, 0.75, 0.75)


@dataclass
class Badge:
    name: str
    organisation: str
    code: str
    role: str = ""


def _fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size in half points from largest down to smallest at which text fits width
    (smallest if none does). Widths grow with size, so one measurement finds it."""
    unit = stringWidth(text, font, 1.0)
    most = max(0, math.ceil((largest - smallest) / 0.5))  # the steps down to smallest or below
    if unit * largest <= width:
        steps = 0
    elif unit <= 0 or width <= 0:
        steps = most
    else:
        steps = min(most, max(0, math.ceil((largest - width / unit) / 0.5)))
    size = largest - 0.5 * steps
    hair = 1e-6 * max(1.0, abs(width))
    if abs(unit * size - width) > hair and abs(unit * (size + 0.5) - width) > hair:
        return size
    # Rounding may put the sum a hair either side of the width: settle it as the loop would.
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    while size < largest and stringWidth(text, font, size + 0.5) <= width:
        size += 0.5
    return size


@lru_cache(maxsize=4096)  # organisations come back badge after badge
def _wrap_name(name: str, font: str, largest: float, width: float) -> tuple[list[str], float]:
    """One line if it fits at a good size, else two lines; shrinks until it fits, never cut.
    (The lines returned are shared: do not change them.)"""
    size = _fit(name, font, largest, largest * 0.7, width)
    if stringWidth(name, font, size) <= width:
        return [name], size
    words = name.split()
    if len(words) > 1:
        options: list[tuple[list[str], float]] = []
        for cut in range(1, len(words)):
            lines = [" ".join(words[:cut]), " ".join(words[cut:])]
            options.append((lines, min(_fit(ln, font, largest * 0.8, 6, width) for ln in lines)))
        best = max(options, key=lambda o: o[1])
        # Keep "ap Gruffydd", "van der Berg" together on the family-name line when it costs little.
        given, family = split_name(name)
        for lines, size in options:
            if lines == [given, family] and size >= best[1] * 0.85:
                return lines, size
        return best
    return [name], _fit(name, font, largest, 4, width)


# Badge codes use one fixed QR mask: choosing the best of the eight takes three quarters of the
# encoder's time, and for badge codes mask 6 reads as well as the chosen one (zxing-cpp on 800
# codes rendered small, turned, blurred and noisy: 687 read against 673 with the chosen mask).
BADGE_MASK = 6
_PIECE = 11  # modules: a badge code's rows (33 modules with the quiet zone) are cut in three
_DARK_RUN = re.compile(rb"\x00+")


@lru_cache(maxsize=1 << 17)
def _piece_path(piece: bytes, at: tuple[int, int]) -> str:
    """PDF path operators for the dark runs of one piece of a row of modules, the piece's first
    module at (row, column) (module units)."""
    row, col = at
    return " ".join(
        f"{col + m.start()} {row} {m.end() - m.start()} 1 re" for m in _DARK_RUN.finditer(piece)
    )


@lru_cache(maxsize=8)
def _cutting(side: int) -> tuple[re.Pattern[bytes], tuple[tuple[int, int], ...]]:
    """How to cut the rows of a code side modules a side (a pattern matching each piece), and
    the (row, column) where each piece starts."""
    length = _PIECE if side % _PIECE == 0 else side
    places = tuple(divmod(start, side) for start in range(0, side * side, length))
    return re.compile(rb".{%d}" % length, re.DOTALL), places


def _qr_path(modules: QrModules) -> str:
    """The dark modules as rectangles in one PDF path, in module units from the top left.

    Rows are cut into pieces, and the few thousand pieces badge codes are made of are turned
    into operators once each (the cutting and the lookups run in C): turning each code's runs
    into operators would cost more than all the rest of a badge."""
    piece, places = _cutting(modules.side)
    return " ".join(filter(None, map(_piece_path, piece.findall(modules.pixels), places)))


def _draw_qr(c: Canvas, data: str, x: float, y: float, side: float, *, border: int = 2) -> None:
    """A QR code as filled vector squares (sharp at any printer's resolution, and a few hundred
    bytes a code) in a side × side square with its lower left corner at (x, y), a quiet zone of
    border modules inside it."""
    modules = qr_modules(data, mask=BADGE_MASK)
    trim = modules.quiet - border  # the modules' own quiet zone beyond the one drawn
    unit = side / (modules.side - 2 * trim)
    c.saveState()
    c.transform(unit, 0, 0, -unit, x - trim * unit, y + side + trim * unit)
    c.addLiteral(f"{_qr_path(modules)} f")  # one fill: neighbouring modules meet without seams
    c.restoreState()


def _draw_badge(
    c: Canvas,
    badge: Badge,
    x: float,
    y: float,
    size: BadgeSize,
    font: str,
    bold: str,
    outline: bool,
) -> None:
    w, h = size.width_mm * mm, size.height_mm * mm
    if outline:
        c.setStrokeColor(_GREY)
        c.setLineWidth(0.3)
        c.rect(x, y, w, h)
    pad = 5 * mm
    qr_side = min(h * 0.55, w * 0.36)
    text_width = w - 2 * pad - qr_side - 3 * mm
    # The QR, with the code below.
    qr_x, qr_y = x + w - pad - qr_side, y + pad + 5 * mm
    c.setFillColor(black)
    _draw_qr(c, badge.code, qr_x, qr_y, qr_side)
    code_text = printed(badge.code)
    code_size = _fit(code_text, font, 7, 4, qr_side + 2 * mm)
    c.setFont(font, code_size)
    c.drawCentredString(qr_x + qr_side / 2, y + pad, code_text)
    # Name large, organisation and role below, on the left.
    largest = min(26.0, h / mm * 0.42)
    lines, name_size = _wrap_name(badge.name, bold, largest, text_width)
    top = y + h - pad - name_size
    c.setFont(bold, name_size)
    for line in lines:
        c.drawString(x + pad, top, line)
        top -= name_size * 1.15
    for extra, largest_extra in ((badge.organisation, 12.0), (badge.role, 9.0)):
        if not extra:
            continue
        extra_lines, extra_size = _wrap_name(
            extra, font, min(largest_extra, name_size * 0.6), text_width
        )
        top -= extra_size * 0.4
        c.setFont(font, extra_size)
        for line in extra_lines:
            c.drawString(x + pad, top, line)
            top -= extra_size * 1.2


def _page_by_page(out: str | io.BytesIO) -> Canvas:
    """A reportlab canvas that compresses each page's content as soon as the page is done.

    reportlab keeps every page until it writes the file; for thousands of badges the pages'
    text would then hold five times the memory. (If reportlab ever keeps pages differently,
    pages are simply kept as it keeps them.)"""
    c = Canvas(out, pagesize=A4)
    finish_page = c.showPage

    def show_page() -> None:
        finish_page()
        pages = getattr(getattr(c, "_doc", None), "Pages", None)
        page = pages.pages[-1] if pages is not None and getattr(pages, "pages", None) else None
        text = getattr(page, "stream", None)
        if page is None or not isinstance(text, str) or getattr(page, "Contents", None):
            return
        contents = PDFStream(content=zlib.compress(text.encode("utf-8")))
        contents.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        page.Contents = contents
        page.stream = None

    c.showPage = show_page
    return c


def badge_sheets(
    badges: Sequence[Badge],
    out: Path | str | io.BytesIO,
    *,
    size: str = DEFAULT_SIZE,
    title: str = "Badges",
    outline: bool = True,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Write badges onto A4 sheets of `size`; returns the number of pages. progress(done,
    total) is told after each sheet."""
    stock = SIZES[size]
    font, bold = register()
    c = _page_by_page(str(out) if isinstance(out, Path) else out)
    c.setTitle(title)
    c.setAuthor("labdesk")
    page_w, page_h = A4
    gap_x = (page_w - stock.across * stock.width_mm * mm) / (stock.across + 1)
    gap_y = (page_h - stock.down * stock.height_mm * mm) / (stock.down + 1)
    pages = 0
    for start in range(0, max(len(badges), 1), stock.per_sheet):
        chunk = badges[start : start + stock.per_sheet]
        if not chunk and pages:
            break
        for n, badge in enumerate(chunk):
            col, row = n % stock.across, n // stock.across
            x = gap_x + col * (stock.width_mm * mm + gap_x)
            y = page_h - (row + 1) * (stock.height_mm * mm + gap_y)
            _draw_badge(c, badge, x, y, stock, font, bold, outline)
        c.showPage()
        pages += 1
        if progress is not None:
            progress(start + len(chunk), len(badges))
    c.save()
    return pages


def single_badges(
    badges: Sequence[Badge],
    out: Path | str | io.BytesIO,
    *,
    size: str = DEFAULT_SIZE,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Each badge on a page of its own size (label printers); returns the number of pages.
    progress(done, total) is told after each page."""
    stock = SIZES[size]
    font, bold = register()
    c = Canvas(
        str(out) if isinstance(out, Path) else out,
        pagesize=(stock.width_mm * mm, stock.height_mm * mm),
    )
    c.setTitle("Badges")
    c.setAuthor("labdesk")
    for n, badge in enumerate(badges, 1):
        _draw_badge(c, badge, 0, 0, stock, font, bold, outline=False)
        c.showPage()
        if progress is not None:
            progress(n, len(badges))
    c.save()
    return len(badges)
