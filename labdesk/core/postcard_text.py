"""Fit a commitment into a box on a postcard: shrink to fit, never cut off, continue if need be.

The rule for text that does not fit, in words a person can check on the card:

1. The text is set as large as `max_size` and shrunk in half-point steps until it fits the box.
2. It is never set smaller than `min_size` (legible on a postcard). If it still does not fit, the
   box is filled at `min_size` and its last line says "continued on the other side"
   (`CONTINUED`); the rest goes into the continuation panel on the front of the card, which
   shrinks it (below `min_size` if it must) until every word is shown.

Widths come from a function passed in (`measure(text) -> width at 1 pt`), so this module knows
nothing of fonts or PDFs; the printing layer passes reportlab's measurements.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

Measure = Callable[[str], float]  # width of text set at 1 pt, in points

LEADING = 1.25  # line spacing as a multiple of the font size
CONTINUED = "… continued on the other side"
STEP = 0.5

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Fitted:
    """Text set in a box: lines at `size` pt, `leading` apart, and what did not fit (if any)."""

    lines: list[str]
    size: float
    leading: float
    rest: str = ""  # text for the continuation panel; "" when everything fits
    widths: list[float] = field(default_factory=list)

    @property
    def height(self) -> float:
        """Height the lines take: every line's full leading (a safe upper bound)."""
        return len(self.lines) * self.leading

    @property
    def continued(self) -> bool:
        return bool(self.rest)


def clean(text: str) -> str:
    """Text safe to set: line breaks unified, control and invisible formatting characters gone,
    runs of spaces and of blank lines collapsed, outer blank space stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\t", " ")
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn"):
            continue
        if category == "Zl" or category == "Zp":
            kept.append("\n")
        elif category == "Zs":
            kept.append(" ")
        elif category == "Cf" and ch not in "\u200c\u200d":  # keep ZWNJ/ZWJ: they shape scripts
            continue
        else:
            kept.append(ch)
    text = "".join(kept)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class _Widths:
    """Cached widths at 1 pt of words and characters, for one text."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self.cache.get(text)
        if width is None:
            width = self.cache[text] = max(0.0, float(self.measure(text)))
        return width


def _break_word(word: str, limit: float, width: _Widths) -> list[str]:
    """Split a word wider than a line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and width(current + ch) > limit:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, box_width: float, size: float, width: _Widths) -> list[str]:
    """Greedy word wrap of cleaned text at size pt; words wider than a line are broken."""
    limit = box_width / size
    space = width(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph:
            lines.append("")
            continue
        line = ""
        line_width = 0.0
        for word in paragraph.split(" "):
            if not word:
                continue
            w = width(word)
            pieces = _break_word(word, limit, width) if w > limit else [word]
            for piece in pieces:
                pw = w if len(pieces) == 1 else width(piece)
                if not line:
                    line, line_width = piece, pw
                elif line_width + space + pw <= limit:
                    line, line_width = f"{line} {piece}", line_width + space + pw
                else:
                    lines.append(line)
                    line, line_width = piece, pw
        lines.append(line)
    return lines


def _settle(
    lines: list[str], size: float, leading: float, width: _Widths, rest: str = ""
) -> Fitted:
    return Fitted(lines, size, leading, rest, [width(line) * size for line in lines])


def fit(
    text: str,
    box_width: float,
    box_height: float,
    measure: Measure,
    *,
    max_size: float = 18.0,
    min_size: float = 8.0,
) -> Fitted:
    """Set text in the box as large as it fits, from max_size down to min_size.

    If it does not fit even at min_size, the box holds as many whole lines as fit, the last one
    being `CONTINUED`, and `rest` holds the remaining text for the continuation panel.
    """
    text = clean(text)
    width = _Widths(measure)
    size = max_size
    while True:
        leading = size * LEADING
        lines = wrap(text, box_width, size, width)
        if len(lines) * leading <= box_height + 1e-6 and _fits_across(
            lines, box_width, size, width
        ):
            return _settle(lines, size, leading, width)
        if size - STEP < min_size - 1e-9:
            break
        size -= STEP
    size = min_size
    leading = size * LEADING
    room = int((box_height + 1e-6) // leading) - 1  # one line kept for the continuation note
    if room < 1:
        return _settle([CONTINUED] if box_height >= leading else [], size, leading, width, text)
    lines = wrap(text, box_width, size, width)
    shown = lines[:room]
    if not _fits_across(shown, box_width, size, width):  # a single glyph wider than the box
        return _settle([CONTINUED][: int(box_height >= leading)], size, leading, width, text)
    # What remains is the cleaned text after the shown lines, rebuilt from the wrapped lines
    # (wrapping only ever breaks at spaces, line breaks or inside over-long words).
    rest = _remaining(text, shown)
    marker = CONTINUED if width(CONTINUED) * size <= box_width else "…"
    return _settle([*shown, marker], size, leading, width, rest)


def _fits_across(lines: list[str], box_width: float, size: float, width: _Widths) -> bool:
    return all(width(line) * size <= box_width + 1e-3 for line in lines)


def _remaining(text: str, shown: list[str]) -> str:
    """The part of text after the characters of the shown lines (spaces aside)."""
    consumed = sum(len(line.replace(" ", "")) for line in shown)
    index = 0
    while consumed > 0 and index < len(text):
        if text[index] not in " \n":
            consumed -= 1
        index += 1
    return text[index:].strip()


def fit_all(
    text: str,
    box_width: float,
    box_height: float,
    measure: Measure,
    *,
    max_size: float = 12.0,
) -> Fitted:
    """Set all of text in the box, shrinking as far as it takes (for the continuation panel).

    Searches sizes by halving: the largest size (to 0.1 pt) whose wrapped lines fit.
    """
    text = clean(text)
    width = _Widths(measure)

    def fits(size: float) -> list[str] | None:
        lines = wrap(text, box_width, size, width)
        if len(lines) * size * LEADING > box_height + 1e-6:
            return None
        return lines if _fits_across(lines, box_width, size, width) else None

    lines = fits(max_size)
    if lines is not None:
        return _settle(lines, max_size, max_size * LEADING, width)
    low, high = 0.0, max_size
    best: tuple[float, list[str]] | None = None
    while high - low > 0.1:
        mid = (low + high) / 2
        found = fits(mid)
        if found is not None:
            low, best = mid, (mid, found)
        else:
            high = mid
    if best is None:  # a box too small for even one line at 0.1 pt: set it at 0.1 pt anyway
        size = 0.1
        return _settle(wrap(text, box_width, size, width), size, size * LEADING, width)
    size, lines = best
    return _settle(lines, size, size * LEADING, width)
