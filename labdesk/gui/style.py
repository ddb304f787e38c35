"""Bundled fonts and the app-wide look."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from labdesk.paths import resource

_loaded: list[str] = []


def load_fonts() -> list[str]:
    """Register the fonts in resources/fonts once; returns their family names."""
    if not _loaded:
        for path in sorted(resource("fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _loaded


def apply_app_style(app: QApplication) -> None:
    load_fonts()
    app.setStyle("Fusion")
    app.setStyleSheet(
        """
        QListWidget#areas { font-size: 11pt; border: none; background: palette(window); }
        QListWidget#areas::item { padding: 8px 10px; }
        QLabel[role="heading"] { font-size: 16pt; font-weight: bold; }
        QLabel[role="figure"] { font-size: 22pt; font-weight: bold; }
        QLabel[role="hint"] { color: palette(placeholder-text); }
        """
    )
