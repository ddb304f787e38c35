"""The start page, shown when no workshop is open: try the demo, make or open a workshop, pick up
a recent one, or read how a day goes. Its content (labdesk/gui/start_cards.py) is built the
first time it is shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QResizeEvent, QShowEvent
    from PySide6.QtWidgets import QListWidgetItem

    from labdesk.gui.main_window import MainWindow

MAX_RECENT = 8
PATH_ROLE = Qt.ItemDataRole.UserRole


def recent_files() -> list[str]:
    value = QSettings().value("recent_files", [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    return [str(v) for v in (value or [])]


def remember_recent(path: Path) -> None:
    entry = str(path.resolve())
    files = [entry] + [f for f in recent_files() if f != entry]
    QSettings().setValue("recent_files", files[:MAX_RECENT])


def forget_recent(entry: str) -> None:
    QSettings().setValue("recent_files", [f for f in recent_files() if f != entry])


def describe_change(modified: dt.datetime, now: dt.datetime) -> str:
    """ "Changed today at 14:05", "Changed yesterday at 09:12", "Changed 17 September 2026"."""
    days = (now.date() - modified.date()).days
    if days == 0:
        return f"Changed today at {modified:%H:%M}"
    if days == 1:
        return f"Changed yesterday at {modified:%H:%M}"
    return f"Changed {modified.day} {modified:%B %Y}"


class StartPage(QWidget):
    """Shown when no workshop is open: make one, open one, or try the demo."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("start")
        self._built = False
        self._shown_before = False

    @property
    def built(self) -> bool:
        return self._built

    def showEvent(self, event: QShowEvent) -> None:
        # The first show comes with the window's own, and `labdesk FILE` or `labdesk --demo` open a
        # workshop straight after it: the content is built on the next turn of the event loop,
        # and only if the page is still showing then. Later shows build it at once.
        if not self._built:
            if self._shown_before:
                self._build()
            else:
                QTimer.singleShot(0, self, self._build_if_showing)
        self._shown_before = True
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:
            from labdesk.gui import start_cards

            start_cards.lay_out(self)

    def _build_if_showing(self) -> None:
        if not self._built and self.isVisible():
            self._build()

    def _build(self) -> None:
        from labdesk.gui import start_cards

        start_cards.build(self, self.window_)
        self._built = True
        self.refresh()

    def refresh(self, now: dt.datetime | None = None) -> None:
        if not self._built:
            return  # showEvent builds and fills it
        from labdesk.gui import start_cards

        start_cards.fill_recent(self, recent_files(), now or dt.datetime.now())

    def _open_item(self, item: QListWidgetItem) -> None:
        self.window_.open_path(Path(item.data(PATH_ROLE)))

    def _recent_menu(self, where: QPoint) -> None:
        item = self.recent.itemAt(where)
        if item is None:
            return
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addAction("Open", lambda: self._open_item(item))
        menu.addAction(
            "Remove from this list", lambda: (forget_recent(item.data(PATH_ROLE)), self.refresh())
        )
        menu.exec(self.recent.viewport().mapToGlobal(where))

    def _show_guide(self) -> None:
        from labdesk.gui.guide import show_guide

        show_guide(self.window_)
