"""Blank commitment cards to fill in by hand: the postcard's artwork front, and a back with the
prompts, lines to write on, the address side for posting, and a QR code to the phone form."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from labdesk.core import postcard_text, urls
from labdesk.core.qr import qr_png
from labdesk.printing import fonts
from labdesk.printing import postcards as pc

# Windows' Mobile Hotspot always gives the laptop this address; pass the real one when known.
PLACEHOLDER_HOST = urls.HOTSPOT_GUESS
DEFAULT_PORT = urls.DEFAULT_PORT
QR_FORM = "labdesk-blank-qr"
PROMPTS = [
    ("What will you do?", 5),
    ("Who will you do it with, or tell?", 2),
    ("By when?", 1),
]


def commitment_url(web_token: str, host: str = "", port: int = DEFAULT_PORT) -> str:
    """The phone form's address, as the phone server serves it."""
    return urls.card_url(host or PLACEHOLDER_HOST, port, web_token)


def _register_qr(c: Any, url: str, size: float) -> None:
    from reportlab.lib.utils import ImageReader

    c.beginForm(QR_FORM, 0, 0, size, size)
    c.drawImage(ImageReader(io.BytesIO(qr_png(url, box_size=8, border=2))), 0, 0, size, size)
    c.endForm()


def _rule(c: Any, x: float, y: float, w: float) -> None:
    c.setStrokeColorRGB(0.72, 0.74, 0.78)
    c.setLineWidth(0.5)
    c.line(x, y, x + w, y)


def draw_blank_back(c: Any, design: pc.Design, url: str) -> None:
    """The writing side, with the card's lower left corner at the origin."""
    sans, bold = fonts.register()
    mm = pc.MM
    mx, _, mw, _ = pc.MESSAGE_BOX
    c.setFillColorRGB(*pc.INK)
    fonts.draw(c, mx, pc.CARD_H - pc.MARGIN - 11, design.title, 11, bold)
    y = pc.CARD_H - pc.MARGIN - 13 * mm
    for prompt, lines in PROMPTS:
        c.setFillColorRGB(*pc.INK)
        fonts.draw(c, mx, y, prompt, 9.5, bold)
        y -= 9 * mm
        for _ in range(lines):
            _rule(c, mx, y, mw)
            y -= 8 * mm
        y -= 1 * mm
    c.setFillColorRGB(*pc.INK)
    fonts.draw(c, mx, y, "Your name", 9.5, bold)
    y -= 8 * mm
    _rule(c, mx, y, mw)
    c.setFillColorRGB(*pc.GREY)
    footer = f"{design.workshop} · {pc.long_date(design.date)}"
    fitted = postcard_text.fit_all(footer, mw, 9 * mm, fonts.measure(sans), max_size=7)
    fonts.draw_lines(c, mx, 8 * mm + 9 * mm, fitted.lines, fitted.size, fitted.leading, sans)
    # the address side
    c.setStrokeColorRGB(0.7, 0.72, 0.76)
    c.setLineWidth(0.6)
    c.line(pc.DIVIDER_X, 15 * mm, pc.DIVIDER_X, pc.CARD_H - 15 * mm)
    sx, sy, sw, sh = pc.STAMP_BOX
    c.setDash(2, 2)
    c.rect(sx, sy, sw, sh, stroke=1, fill=0)
    c.setDash()
    c.setFillColorRGB(*pc.GREY)
    fonts.draw(c, sx + sw / 2, sy + sh / 2 - 3, "Stamp", 8, sans, anchor="centre")
    qx, qsize = pc.DIVIDER_X + 5 * mm, 26 * mm
    qy = pc.CARD_H - pc.MARGIN - qsize
    c.saveState()
    c.translate(qx, qy)
    c.doForm(QR_FORM)
    c.restoreState()
    tx = qx + qsize + 2 * mm
    c.setFillColorRGB(*pc.INK)
    fonts.draw(c, tx, qy + qsize - 9, "Rather use", 8.5, bold)
    fonts.draw(c, tx, qy + qsize - 20, "your phone?", 8.5, bold)
    c.setFillColorRGB(*pc.GREY)
    fonts.draw(c, tx, qy + qsize - 32, "Scan the code", 7.5, sans)
    fonts.draw(c, tx, qy + qsize - 41, "(on the workshop", 7.5, sans)
    fonts.draw(c, tx, qy + qsize - 50, "Wi-Fi)", 7.5, sans)
    ax, ay, aw, ah = pc.ADDRESS_BOX
    c.setFillColorRGB(*pc.INK)
    fonts.draw(c, ax, ay + ah - 4, "Post this card back to me at:", 8.5, sans)
    line_y = ay + ah - 13 * mm
    for _ in range(5):
        _rule(c, ax, line_y, aw)
        line_y -= 9 * mm
    c.setStrokeColorRGB(*pc.INK)
    c.rect(ax, 9 * mm, 3.2 * mm, 3.2 * mm, stroke=1, fill=0)
    c.setFillColorRGB(*pc.INK)
    fonts.draw(c, ax + 5 * mm, 9 * mm + 2, "Yes, post it to me in a few weeks", 8, sans)


def render(
    out: Path | str | BinaryIO,
    design: pc.Design,
    url: str,
    *,
    count: int = 1,
    layout: str = "a5",
    flip: str = "long",
) -> int:
    """Write count blank cards (front and back, duplex order as for postcards); returns pages."""
    from reportlab.pdfgen.canvas import Canvas

    if layout not in pc.LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(pc.LAYOUTS)}")
    sans, _ = fonts.register()
    size = (pc.CARD_W, pc.CARD_H) if layout == "a5" else (pc.A4_W, pc.A4_H)
    target = str(out) if isinstance(out, Path) else out
    c = Canvas(target, pagesize=size, initialFontName=sans, initialFontSize=10)
    c.setTitle(f"Blank commitment cards — {design.workshop}")
    c.setCreator("labdesk")
    pc._register_artwork(c, design)
    _register_qr(c, url, 26 * pc.MM)
    empty = pc.CardFace(name="", address_lines=[], action="")
    no_text = postcard_text.Fitted([], 10, 12.5)
    pages = 0
    per_sheet = 1 if layout == "a5" else 2
    slots = [(0.0, 0.0)] if layout == "a5" else [(0.0, pc.A4_H / 2), (0.0, pc.A4_H / 2 - pc.CARD_H)]
    for start in range(0, count, per_sheet):
        n = min(per_sheet, count - start)
        for x, y in slots[:n]:
            c.saveState()
            c.translate(x, y)
            pc.draw_front(c, empty, design, no_text)
            c.restoreState()
        if layout != "a5":
            pc._crop_marks(c)
        c.showPage()
        rotate = (flip == "long") if layout == "a5" else (flip == "short")
        if rotate:
            c.translate(size[0], size[1])
            c.rotate(180)
        for x, y in slots[:n]:
            c.saveState()
            c.translate(x, y)
            draw_blank_back(c, design, url)
            c.restoreState()
        if layout != "a5":
            pc._crop_marks(c)
        c.showPage()
        pages += 2
    c.save()
    return pages


def render_for(
    doc: Any,
    out: Path | str | BinaryIO,
    *,
    count: int,
    layout: str = "a5",
    host: str = "",
    port: int = DEFAULT_PORT,
    flip: str = "long",
) -> int:
    """Blank cards for the workshop in doc, with its phone form's QR code."""
    from labdesk.store import workshop as store_workshop

    url = commitment_url(store_workshop.web_token(doc), host, port)
    return render(out, pc.design_for(doc), url, count=count, layout=layout, flip=flip)
