"""Register the bundled fonts with reportlab once, so every name prints and every font embeds.

DejaVu Sans covers Latin (Llŷr, Ó Súilleabháin, Zoë), Greek, Cyrillic, Hebrew and basic Arabic.
Characters it lacks are set in a fallback font per script (Noto subsets for South Asian scripts,
Arabic, Ethiopic and Thai; Droid Sans Fallback for everyday Chinese, Japanese and Korean):
`runs()` splits text into (font, text) pieces and `draw()` / `width()` work on those pieces.

reportlab sets glyphs left to right, one by one, so a line with right-to-left text is put in
visual order first (`visual()`): Arabic letters take their joined forms (arabic-reshaper) and
the line is reordered by the Unicode bidi algorithm (python-bidi). Lines are broken in logical
order before that, as the algorithm expects. Runs in Indic scripts and Thai are shaped by
HarfBuzz (uharfbuzz, through reportlab) so vowel signs and conjuncts sit where readers expect.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from labdesk.paths import resource

SANS = "LabSans"
SANS_BOLD = "LabSans-Bold"
_registered = False

# reportlab name -> file in resources/fonts, in the order they are tried.
FALLBACKS: list[tuple[str, str]] = [
    ("LabDevanagari", "NotoSansDevanagari-Subset.ttf"),
    ("LabBengali", "NotoSansBengali-Subset.ttf"),
    ("LabGurmukhi", "NotoSansGurmukhi-Subset.ttf"),
    ("LabGujarati", "NotoSansGujarati-Subset.ttf"),
    ("LabTamil", "NotoSansTamil-Subset.ttf"),
    ("LabArabic", "NotoSansArabic-Subset.ttf"),
    ("LabEthiopic", "NotoSansEthiopic-Subset.ttf"),
    ("LabThai", "NotoSansThai-Subset.ttf"),
    ("LabCJK", "DroidSansFallback-Subset.ttf"),
]
# Fallbacks whose scripts need shaping (reordered vowel signs, conjuncts, stacked marks).
SHAPED = {"LabDevanagari", "LabBengali", "LabGurmukhi", "LabGujarati", "LabTamil", "LabThai"}
_fallback_names: list[str] = []


def register() -> tuple[str, str]:
    """Register the bundled TrueType fonts; returns (regular, bold) font names for reportlab."""
    global _registered
    if not _registered:
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(SANS, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(SANS_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        for name, filename in FALLBACKS:
            path = resource("fonts", filename)
            if path.exists():
                pdfmetrics.registerFont(TTFont(name, str(path)))
                _fallback_names.append(name)
        _registered = True
    return SANS, SANS_BOLD


@lru_cache(maxsize=64)
def _face(font: str) -> Any:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(font).face


def _covers(font: str, ch: str) -> bool:
    return ord(ch) in _face(font).charToGlyph


@lru_cache(maxsize=65536)
def _font_for(font: str, ch: str) -> str:
    if ch.isspace() or _covers(font, ch):
        return font
    for fallback in _fallback_names:
        if _covers(fallback, ch):
            return fallback
    return font


@lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """One line of text in the order its glyphs are drawn (left to right on the page)."""
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return text
    if any(unicodedata.bidirectional(ch) == "AL" for ch in text):
        import arabic_reshaper

        text = arabic_reshaper.reshape(text)
    from bidi import get_display

    return str(get_display(text))


def runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """Text split into (font name, piece) runs: each character in the first font that has it."""
    register()
    pieces: list[tuple[str, str]] = []
    current_font = ""
    current: list[str] = []
    for ch in text:
        chosen = current_font if ch.isspace() and current_font else _font_for(font, ch)
        if chosen != current_font and current:
            pieces.append((current_font, "".join(current)))
            current = []
        current_font = chosen
        current.append(ch)
    if current:
        pieces.append((current_font, "".join(current)))
    return pieces


@lru_cache(maxsize=1)
def _can_shape() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def _shaped(piece: str, name: str, size: float) -> tuple[Any, float]:
    """A run as reportlab's shaped string, and its width in points at size."""
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import shapeFragWord

    word = shapeFragWord(
        [stringWidth(piece, name, size), (ABag(fontName=name, fontSize=size), piece)]
    )
    return word[1][1], float(word[0])


def _run_width(piece: str, name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if name in SHAPED and _can_shape():
        return _shaped_width(piece, name) * size
    return float(stringWidth(piece, name, size))


@lru_cache(maxsize=8192)
def _shaped_width(piece: str, name: str) -> float:
    return _shaped(piece, name, 100.0)[1] / 100.0


def width(text: str, size: float, font: str = SANS) -> float:
    """Width of text in points at size, counting fallback fonts and shaping."""
    return sum(_run_width(piece, name, size) for name, piece in runs(visual(text), font))


@lru_cache(maxsize=65536)
def _unit_width(text: str, font: str) -> float:
    return width(text, 1.0, font)


def measure(font: str = SANS) -> Any:
    """A width function for labdesk.core.postcard_text: width of text at 1 pt in font (cached:
    the same words come back card after card)."""
    return lambda text: _unit_width(text, font)


def draw(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    size: float,
    font: str = SANS,
    anchor: str = "left",
) -> float:
    """Draw one line of text on canvas at baseline (x, y), in visual order, with fallback fonts;
    anchor left|centre|right. Returns the width drawn."""
    pieces = runs(visual(text), font)
    total = width(text, size, font) if anchor != "left" else 0.0
    if anchor == "centre":
        x -= total / 2
    elif anchor == "right":
        x -= total
    obj = canvas.beginText(x, y)
    start = x
    for name, piece in pieces:
        obj.setFont(name, size)
        if name in SHAPED and _can_shape():
            obj.textOut(_shaped(piece, name, size)[0])
        else:
            obj.textOut(piece)
    canvas.drawText(obj)
    return float(obj.getX() - start)


def draw_lines(
    canvas: Any,
    x: float,
    top: float,
    lines: Sequence[str],
    size: float,
    leading: float,
    font: str = SANS,
) -> None:
    """Draw lines downward from top (the top of the first line's em box)."""
    y = top - size
    for line in lines:
        if line:
            draw(canvas, x, y, line, size, font)
        y -= leading
