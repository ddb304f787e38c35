"""Badge sheets on A4 (and a single badge for a walk-in): name large, organisation, QR, code."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labdesk.core.badges import printed
from labdesk.core.model import split_name
from labdesk.core.qr import qr_png
from labdesk.printing.fonts import register


@dataclass(frozen=True)
class BadgeSize:
    """A badge or label stock: one badge's size and how many fit across and down an A4 sheet."""

    key: str
    label: str
    width_mm: float
    height_mm: float
    across: int
    down: int

    @property
    def per_sheet(self) -> int:
        return self.across * self.down


SIZES: dict[str, BadgeSize] = {
    s.key: s
    for s in (
        BadgeSize("a4-8", "8 a sheet, 99 × 68 mm (Avery L7165 / badge inserts)", 99.1, 67.7, 2, 4),
        BadgeSize("a4-6", "6 a sheet, 4 × 3 in (101.6 × 76.2 mm badge holders)", 101.6, 76.2, 2, 3),
        BadgeSize("a4-10", "10 a sheet, 85 × 54 mm (credit-card badges)", 85.0, 54.0, 2, 5),
        BadgeSize("a4-4", "4 a sheet, 105 × 148 mm (A6, lanyard badges)", 105.0, 148.0, 2, 2),
    )
}
DEFAULT_SIZE = "a4-8"
_GREY = Color(0.75, 0.75, 0.75)


@dataclass
class Badge:
    name: str
    organisation: str
    code: str
    role: str = ""


def _fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _wrap_name(name: str, font: str, largest: float, width: float) -> tuple[list[str], float]:
    """One line if it fits at a good size, else two lines; shrinks until it fits, never cut."""
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
    # The QR (pre-rendered PNG: fast, and identical everywhere it is used) with the code below.
    image = ImageReader(io.BytesIO(qr_png(badge.code, box_size=8, border=2)))
    qr_x, qr_y = x + w - pad - qr_side, y + pad + 5 * mm
    c.drawImage(image, qr_x, qr_y, qr_side, qr_side)
    c.setFillColor(black)
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


def badge_sheets(
    badges: Sequence[Badge],
    out: Path | str | io.BytesIO,
    *,
    size: str = DEFAULT_SIZE,
    title: str = "Badges",
    outline: bool = True,
) -> int:
    """Write badges onto A4 sheets of `size`; returns the number of pages."""
    stock = SIZES[size]
    font, bold = register()
    c = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
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
    c.save()
    return pages


def single_badges(
    badges: Sequence[Badge], out: Path | str | io.BytesIO, *, size: str = DEFAULT_SIZE
) -> int:
    """Each badge on a page of its own size (label printers); returns the number of pages."""
    stock = SIZES[size]
    font, bold = register()
    c = Canvas(
        str(out) if isinstance(out, Path) else out,
        pagesize=(stock.width_mm * mm, stock.height_mm * mm),
    )
    c.setTitle("Badges")
    c.setAuthor("labdesk")
    for badge in badges:
        _draw_badge(c, badge, 0, 0, stock, font, bold, outline=False)
        c.showPage()
    c.save()
    return len(badges)
