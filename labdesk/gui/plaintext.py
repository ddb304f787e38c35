"""Attendee text for places Qt may read as rich text (tooltips, message boxes): shown as typed."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt


def as_typed(text: str) -> str:
    """text escaped into a rich-text paragraph, so Qt shows its characters exactly (a name like
    "<img src=x>" stays those characters); line breaks kept, long lines still wrap."""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
