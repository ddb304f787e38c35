"""Register the bundled fonts with reportlab once, so every name prints and every font embeds."""

from __future__ import annotations

from labdesk.paths import resource

SANS = "LabSans"
SANS_BOLD = "LabSans-Bold"
_registered = False


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
        _registered = True
    return SANS, SANS_BOLD
