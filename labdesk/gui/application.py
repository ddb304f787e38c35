"""The QApplication labdesk runs: it passes on the workshop files the system asks it to open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


class LabdeskApplication(QApplication):
    """On macOS a double-clicked workshop reaches a running app, and one just launched for it,
    as a file-open event rather than an argument: `open_requested` carries its path."""

    open_requested = Signal(str)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self.open_requested.emit(event.file())
            return True
        return super().event(event)
