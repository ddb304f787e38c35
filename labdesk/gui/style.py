"""Bundled fonts and the app-wide look (set through fonts and palettes: an application style
sheet would make every widget slower to create and to polish)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from labdesk.paths import resource

_loaded: list[str] = []
# The fonts the screens use; the print fallbacks for other scripts are for reportlab only.
SCREEN_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_ROLE_POINTS = {"heading": 16.0, "figure": 22.0}
WARNING_COLOUR = "#8a1c00"


def load_fonts() -> list[str]:
    """Register the bundled screen fonts once; returns their family names."""
    if not _loaded:
        for name in SCREEN_FONTS:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            if font_id >= 0:
                _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _loaded


def set_role(widget: QWidget, role: str) -> None:
    """Give a label the look of its role: "heading", "figure" (a big number), "hint" or
    "warning" (dark red, bold)."""
    widget.setProperty("role", role)
    if role in _ROLE_POINTS:
        font = QFont(widget.font())
        font.setPointSizeF(_ROLE_POINTS[role])
        font.setBold(True)
        widget.setFont(font)
    elif role == "hint":
        palette = widget.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        widget.setPalette(palette)
    elif role == "warning":  # dark red and bold (a style sheet would cost the widget a style)
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(WARNING_COLOUR))
        widget.setPalette(palette)
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)


def apply_app_style(app: QApplication) -> None:
    """Fusion everywhere (one look on every system), set only where it is not already the
    default: setting a style costs a few milliseconds of start-up. The bundled fonts are loaded
    by what draws with them (the projector, the feedback summary)."""
    if app.style().name().casefold() != "fusion":
        app.setStyle("Fusion")
