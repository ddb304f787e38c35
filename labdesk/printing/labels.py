"""Address labels for the postcards, on the common A4 label sheets (Avery L71xx and compatibles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from labdesk.core import postcard_text
from labdesk.printing import fonts
from labdesk.printing.postcards import fit_block

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


@dataclass(frozen=True)
class Sheet:
    """A label sheet's geometry in millimetres (as printed on its packet)."""

    code: str
    columns: int
    rows: int
    width: float
    height: float
    top: float  # page edge to the first label's top
    left: float  # page edge to the first label's left side
    pitch_x: float  # one label's left side to the next
    pitch_y: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def title(self) -> str:
        return (
            f"{self.code}: {self.per_sheet} labels, {self.width:g} × {self.height:g} mm "
            f"({self.columns} × {self.rows})"
        )


SHEETS: dict[str, Sheet] = {
    s.code: s
    for s in (
        Sheet("L7160", 3, 7, 63.5, 38.1, 15.1, 7.2, 66.0, 38.1),
        Sheet("L7161", 3, 6, 63.5, 46.6, 8.8, 7.2, 66.0, 46.6),
        Sheet("L7159", 3, 8, 63.5, 33.9, 12.9, 7.2, 66.0, 33.9),
        Sheet("L7163", 2, 7, 99.1, 38.1, 15.1, 4.65, 101.6, 38.1),
        Sheet("L7162", 2, 8, 99.1, 33.9, 12.9, 4.65, 101.6, 33.9),
        Sheet("L7173", 2, 5, 99.1, 57.0, 6.0, 4.65, 101.6, 57.0),
    )
}
DEFAULT_SHEET = "L7160"
PADDING = 4 * MM


def render(
    out: Path | str | BinaryIO,
    addresses: Sequence[list[str]],
    *,
    sheet: str = DEFAULT_SHEET,
    skip: int = 0,
    outlines: bool = False,
) -> int:
    """One label per address (name first, then its lines); `skip` leaves labels already used
    on a part-used first sheet. Returns the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    spec = SHEETS[sheet]
    sans, _ = fonts.register()
    c = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4, initialFontName=sans)
    c.setTitle("Postcard address labels")
    c.setCreator("labdesk")
    box_w = spec.width * MM - 2 * PADDING
    box_h = spec.height * MM - 2 * PADDING
    pages = 0
    position = max(0, skip) % spec.per_sheet
    for lines in addresses:
        if pages == 0:
            pages = 1
        elif position == 0:
            c.showPage()
            pages += 1
        row, column = divmod(position, spec.columns)
        x = (spec.left + column * spec.pitch_x) * MM
        top = A4[1] - (spec.top + row * spec.pitch_y) * MM
        if outlines:
            c.setStrokeColorRGB(0.8, 0.8, 0.8)
            c.roundRect(x, top - spec.height * MM, spec.width * MM, spec.height * MM, 2 * MM)
        shown, size = fit_block(lines, box_w, box_h, largest=10, smallest=6.5)
        block = len(shown) * size * postcard_text.LEADING
        c.setFillColorRGB(0, 0, 0)
        start = top - PADDING - (box_h - block) / 2  # centred top to bottom
        fonts.draw_lines(c, x + PADDING, start, shown, size, size * postcard_text.LEADING, sans)
        position = (position + 1) % spec.per_sheet
    if not addresses:
        fonts.draw(c, 20 * MM, A4[1] / 2, "No addresses to print.", 14, sans)
        pages = 1
    c.showPage()
    c.save()
    return pages
