"""Keys and clicks as a keyboard and a mouse deliver them: to the widget's window first (where
the presenter's clicker keys are taken), which hands them to the widget with the focus.
(qtbot.keyClick(widget, …) would hand a key straight to the widget, past its window.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def key(
    widget: QWidget, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    handle = widget.window().windowHandle()
    assert handle is not None, "the window is not shown"
    QTest.keyClick(handle, k, modifier)
    # As fingers leave Ctrl or Shift: otherwise Qt goes on thinking they are held, and the
    # next selection in a table (say) is made as a Ctrl+click would.
    for held, its_key in _MODIFIER_KEYS:
        if modifier & held:
            QTest.keyRelease(handle, its_key, Qt.KeyboardModifier.NoModifier)


_MODIFIER_KEYS = (
    (Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
    (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
    (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
    (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta),
)


def type_text(widget: QWidget, text: str) -> None:
    """Lower-case ASCII text, key by key."""
    assert text == text.lower(), "a window is sent keys, and QTest types them in lower case"
    for ch in text:
        key(widget, Qt.Key(ord(ch.upper())))


def click(widget: QWidget) -> None:
    """A left click in the middle of widget, through its window."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None, "the window is not shown"
    QTest.mouseClick(
        handle,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        widget.mapTo(window, widget.rect().center()),
    )


def console_window(qtbot: Any, doc: Any, clock: Any, chime: Callable[[], None]) -> Any:
    """The main window at 1280×800 on doc, its day on clock (a FakeClock) and chiming through
    chime, showing Run the day, and the active window (where a clicker's keys arrive)."""
    from PySide6.QtWidgets import QApplication

    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.services import Surroundings

    window = MainWindow(Surroundings(clock=clock))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.attach(doc).day.chime = chime
    window.show_area("run")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window
