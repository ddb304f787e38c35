"""Commitment postcards as a PDF: A5 landscape, artwork front, message and address back.

Back layout, after Royal Mail's guidance for postcards: the message on the left half, the address
on the right half parallel to the long edge, the stamp in the top right corner, the address well
below the stamp and postmark area (about 40 mm from the top) and clear of the bottom 15 mm,
where the sorting office prints its barcode.

Printing double-sided, a sheet flips either about its long edge or its short edge. A card's back
must read upright when the card is turned over side to side, so:

* single A5 pages (landscape): long-edge flipping turns the back upside down, so backs are rotated
  180°; short-edge flipping needs no rotation;
* 2-up on A4 (portrait, a card above a card): long-edge flipping keeps each back behind its front;
  short-edge flipping swaps top and bottom and turns them over, so the whole back page is rotated.

The artwork is one form XObject, drawn once in the file and reused by every card.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from labdesk.core import postcard_text
from labdesk.paths import resource
from labdesk.printing import fonts

MM = 72 / 25.4
CARD_W, CARD_H = 210 * MM, 148 * MM
A4_W, A4_H = 210 * MM, 297 * MM
MARGIN = 8 * MM

LAYOUTS = ("a5", "a4-2up")
FLIPS = ("long", "short")

# Boxes on the back, in points from the card's lower left corner: (x, y, width, height).
MESSAGE_BOX = (MARGIN, 27 * MM, 92 * MM, 100 * MM)
DIVIDER_X = 106 * MM
STAMP_BOX = (CARD_W - MARGIN - 24 * MM, CARD_H - MARGIN - 28 * MM, 24 * MM, 28 * MM)
ADDRESS_BOX = (
    113 * MM,
    18 * MM,
    210 * MM - MARGIN - 113 * MM,
    80 * MM,
)  # top at 50 mm from the top
# Front: the artwork, then the words beneath it.
ARTWORK_BOX = (MARGIN, 50 * MM, CARD_W - 2 * MARGIN, CARD_H - 50 * MM - MARGIN)
CONTINUATION_BOX = (112 * MM, 56 * MM, 84 * MM, 78 * MM)

TITLE = "My commitment"
ARTWORK_FORM = "labdesk-artwork"
INK = (0.13, 0.15, 0.2)
GREY = (0.4, 0.42, 0.47)


@dataclass
class CardFace:
    """What one postcard says."""

    name: str
    address_lines: list[str]
    action: str
    who: str = ""
    by_when: str = ""
    written_on: dt.date | None = None


@dataclass
class Design:
    """What every card of the workshop shares."""

    workshop: str
    date: dt.date
    venue: str = ""
    title: str = TITLE
    artwork: bytes | None = None  # image bytes (PNG/JPEG); None: the default artwork


def long_date(day: dt.date) -> str:
    """17 September 2026."""
    return f"{day.day} {day:%B %Y}"


def message_text(face: CardFace) -> str:
    """The commitment as printed: what, then with whom and by when."""
    parts = [face.action.strip()]
    extra = []
    if face.who.strip():
        extra.append(f"With: {face.who.strip()}")
    if face.by_when.strip():
        extra.append(f"By: {face.by_when.strip()}")
    if extra:
        parts.append("\n".join(extra))
    return "\n\n".join(p for p in parts if p)


def written_line(face: CardFace, design: Design) -> str:
    day = face.written_on or design.date
    where = f" at {design.venue}" if design.venue.strip() else ""
    return f"You wrote this on {long_date(day)}{where}."


def fit_message(face: CardFace) -> postcard_text.Fitted:
    _, w_box, h_box = MESSAGE_BOX[0], MESSAGE_BOX[2], MESSAGE_BOX[3]
    return postcard_text.fit(
        message_text(face), w_box, h_box, fonts.measure(), max_size=18, min_size=8
    )


def _colour(c: Any, rgb: tuple[float, float, float]) -> None:
    c.setFillColorRGB(*rgb)


def _register_artwork(c: Any, design: Design) -> None:
    """Draw the artwork once into a form XObject that every front reuses."""
    from reportlab.lib.utils import ImageReader

    data = design.artwork or resource("artwork", "postcard.jpg").read_bytes()
    image = ImageReader(io.BytesIO(data))
    iw, ih = image.getSize()
    _, _, w, h = ARTWORK_BOX
    scale = max(w / iw, h / ih)  # cover the box, centred; the clip trims the overhang
    dw, dh = iw * scale, ih * scale
    c.beginForm(ARTWORK_FORM, 0, 0, w, h)
    path = c.beginPath()
    path.roundRect(0, 0, w, h, 3 * MM)
    c.clipPath(path, stroke=0, fill=0)
    c.drawImage(image, (w - dw) / 2, (h - dh) / 2, dw, dh)
    c.endForm()


def draw_front(c: Any, face: CardFace, design: Design, fitted: postcard_text.Fitted) -> None:
    """The picture side, drawn with the card's lower left corner at the origin."""
    sans, bold = fonts.register()
    x, y, w, _ = ARTWORK_BOX
    c.saveState()
    c.translate(x, y)
    c.doForm(ARTWORK_FORM)
    c.restoreState()
    _colour(c, INK)
    fonts.draw(c, MARGIN, 38 * MM, design.title, 24, bold)
    name_fit = postcard_text.fit_all(design.workshop, w, 16 * MM, fonts.measure(sans), max_size=12)
    fonts.draw_lines(c, MARGIN, 32 * MM, name_fit.lines, name_fit.size, name_fit.leading, sans)
    _colour(c, GREY)
    when = long_date(design.date) + (f" · {design.venue}" if design.venue.strip() else "")
    when_fit = postcard_text.fit_all(when, w, 6 * MM, fonts.measure(sans), max_size=9.5)
    fonts.draw_lines(c, MARGIN, 14 * MM, when_fit.lines, when_fit.size, when_fit.leading, sans)
    if fitted.continued:
        bx, by, bw, bh = CONTINUATION_BOX
        c.setFillColorRGB(1, 1, 1)
        c.roundRect(bx - 4 * MM, by - 4 * MM, bw + 8 * MM, bh + 8 * MM, 3 * MM, stroke=0, fill=1)
        _colour(c, GREY)
        fonts.draw(c, bx, by + bh - 8, "… continued from the other side", 8, sans)
        rest = postcard_text.fit_all(fitted.rest, bw, bh - 12, fonts.measure(sans), max_size=10)
        _colour(c, INK)
        fonts.draw_lines(c, bx, by + bh - 12, rest.lines, rest.size, rest.leading, sans)


def fit_block(
    lines: list[str], box_w: float, box_h: float, largest: float = 12.0, smallest: float = 8.0
) -> tuple[list[str], float]:
    """Lines (an address) as large as fits from largest down to smallest, a line too long being
    wrapped; below smallest only if nothing else fits (every word is always shown)."""
    text = "\n".join(line for line in lines if line.strip())
    fitted = postcard_text.fit(
        text, box_w, box_h, fonts.measure(), max_size=largest, min_size=smallest
    )
    if fitted.continued:
        fitted = postcard_text.fit_all(text, box_w, box_h, fonts.measure(), max_size=smallest)
    return fitted.lines, fitted.size


def draw_back(c: Any, face: CardFace, design: Design, fitted: postcard_text.Fitted) -> None:
    """The message and address side, drawn with the card's lower left corner at the origin."""
    sans, bold = fonts.register()
    # message
    mx, my, mw, mh = MESSAGE_BOX
    _colour(c, GREY)
    fonts.draw(c, mx, CARD_H - MARGIN - 9, design.title, 9, bold)
    _colour(c, INK)
    fonts.draw_lines(c, mx, my + mh, fitted.lines, fitted.size, fitted.leading, sans)
    _colour(c, GREY)
    written = postcard_text.fit_all(
        written_line(face, design), mw, 15 * MM, fonts.measure(sans), max_size=8.5
    )
    fonts.draw_lines(c, mx, 8 * MM + 15 * MM, written.lines, written.size, written.leading, sans)
    # divider
    c.setStrokeColorRGB(0.7, 0.72, 0.76)
    c.setLineWidth(0.6)
    c.line(DIVIDER_X, 15 * MM, DIVIDER_X, CARD_H - 15 * MM)
    # stamp box
    sx, sy, sw, sh = STAMP_BOX
    c.setDash(2, 2)
    c.rect(sx, sy, sw, sh, stroke=1, fill=0)
    c.setDash()
    fonts.draw(c, sx + sw / 2, sy + sh / 2 - 3, "Stamp", 8, sans, anchor="centre")
    # address
    ax, ay, aw, ah = ADDRESS_BOX
    lines, size = fit_block(
        [face.name, *face.address_lines] if face.name else face.address_lines, aw, ah
    )
    _colour(c, INK)
    fonts.draw_lines(c, ax, ay + ah, lines, size, size * postcard_text.LEADING, sans)


def _crop_marks(c: Any) -> None:
    """Ticks in the side margins where the A4 sheet is cut in two."""
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.4)
    y = A4_H / 2
    c.line(1.5 * MM, y, 6 * MM, y)
    c.line(A4_W - 6 * MM, y, A4_W - 1.5 * MM, y)


def render(
    out: Path | str | BinaryIO,
    faces: Sequence[CardFace],
    design: Design,
    *,
    layout: str = "a5",
    flip: str = "long",
) -> int:
    """Write the postcards (fronts and backs interleaved for duplex) to out; returns page count."""
    from reportlab.pdfgen.canvas import Canvas

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    if flip not in FLIPS:
        raise ValueError(f"flip must be one of {', '.join(FLIPS)}")
    sans, _ = fonts.register()
    size = (CARD_W, CARD_H) if layout == "a5" else (A4_W, A4_H)
    target = str(out) if isinstance(out, Path) else out
    c = Canvas(target, pagesize=size, initialFontName=sans, initialFontSize=10, pageCompression=1)
    c.setTitle(f"Postcards — {design.workshop}")
    c.setAuthor("labdesk")
    c.setCreator("labdesk")
    _register_artwork(c, design)
    fitted = [fit_message(face) for face in faces]
    pages = 0
    if layout == "a5":
        for face, fit in zip(faces, fitted, strict=True):
            draw_front(c, face, design, fit)
            c.showPage()
            if flip == "long":
                c.translate(CARD_W, CARD_H)
                c.rotate(180)
            draw_back(c, face, design, fit)
            c.showPage()
            pages += 2
    else:
        slots = [(0.0, A4_H / 2), (0.0, A4_H / 2 - CARD_H)]  # top card, bottom card
        for start in range(0, len(faces), 2):
            pair = list(zip(faces[start : start + 2], fitted[start : start + 2], strict=True))
            for (face, fit), (x, y) in zip(pair, slots, strict=False):
                c.saveState()
                c.translate(x, y)
                draw_front(c, face, design, fit)
                c.restoreState()
            _crop_marks(c)
            c.showPage()
            if flip == "short":
                c.translate(A4_W, A4_H)
                c.rotate(180)
            for (face, fit), (x, y) in zip(pair, slots, strict=False):
                c.saveState()
                c.translate(x, y)
                draw_back(c, face, design, fit)
                c.restoreState()
            _crop_marks(c)
            c.showPage()
            pages += 2
    if not faces:
        fonts.draw(c, MARGIN, size[1] / 2, "No postcards to print.", 14, sans)
        c.showPage()
        pages = 1
    c.save()
    return pages


def faces_from(postcards: Sequence[Any]) -> list[CardFace]:
    """CardFaces from labdesk.core.posting.Postcard objects."""
    faces = []
    for p in postcards:
        card = p.card
        faces.append(
            CardFace(
                name=p.name,
                address_lines=p.address_lines if p.consent else [],
                action=card.action,
                who=card.who,
                by_when=card.by_when,
                written_on=None,  # written at the workshop: the workshop's date
            )
        )
    return faces


def design_for(doc: Any) -> Design:
    """The workshop's postcard design: its title, date, venue and artwork (if replaced)."""
    from labdesk.store import workshop as store_workshop

    w = store_workshop.load(doc)
    asset = store_workshop.get_asset(doc, "postcard_artwork")
    return Design(workshop=w.title, date=w.date, venue=w.venue, artwork=asset[1] if asset else None)
