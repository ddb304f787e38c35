"""Driving the app as a person does, for the benchmarks: the main window opened on a file, areas
chosen by their key, fields found by what they say, buttons by their text, keys typed, and the
event loop watched for how long it is blocked. Only public entry points: when the window is
rebuilt, this is the one place a benchmark may need to follow it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TICK_MS = 1  # the watch's timer: a gap longer than this is time the GUI thread was busy


def qt_app() -> Any:
    """The application, made as labdesk's start makes it (labdesk.app.run): Fusion, and
    Python's plain import put back."""
    from PySide6.QtWidgets import QApplication

    from labdesk.gui import startup

    app = QApplication.instance()
    if app is None:
        app = QApplication(["labdesk-bench", "-style", "Fusion"])
        startup.plain_import()
    return app


@contextlib.contextmanager
def main_window(path: Path) -> Iterator[Any]:
    """The main window, shown at laptop size, on the workshop at path."""
    from labdesk.gui.main_window import MainWindow

    app = qt_app()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    if not window.open_path(path):
        raise RuntimeError(f"the app did not open {path}")
    app.processEvents()
    try:
        yield window
    finally:
        window.close()
        app.processEvents()


def open_area(window: Any, key: str) -> Any:
    """Go to an area (run, agenda, attendees, checkin, feedback, postcards) and let it paint."""
    area = window.show_area(key)
    area.repaint()
    qt_app().processEvents()
    return area


def field(area: Any, placeholder: str) -> Any:
    """The visible text field whose placeholder begins with placeholder."""
    from PySide6.QtWidgets import QLineEdit

    for edit in area.findChildren(QLineEdit):
        if edit.placeholderText().startswith(placeholder) and edit.isVisible():
            return edit
    raise LookupError(f"no field saying {placeholder!r}")


def named(area: Any, name: str) -> Any:
    """The widget inside area with this object name (the desk's result panel is "result")."""
    from PySide6.QtWidgets import QWidget

    found = area.findChild(QWidget, name)
    if found is None:
        raise LookupError(f"no widget named {name!r}")
    return found


def button(area: Any, text: str) -> Any:
    """The button whose text begins with text (one on show, if there is)."""
    from PySide6.QtWidgets import QAbstractButton

    matching = [
        b for b in area.findChildren(QAbstractButton) if b.text().replace("&", "").startswith(text)
    ]
    for found in sorted(matching, key=lambda b: not b.isVisible()):  # one on show first
        return found
    raise LookupError(f"no button saying {text!r}")


def shows_text(widget: Any, text: str) -> bool:
    """Whether a label inside widget (or widget itself) shows exactly text."""
    from PySide6.QtWidgets import QLabel

    labels = [widget, *widget.findChildren(QLabel)] if widget is not None else []
    return any(isinstance(w, QLabel) and w.text() == text for w in labels)


def enter(widget: Any, text: str) -> None:
    """Put text in a field and press Enter, as a keyboard-wedge scanner does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    widget.setText(text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


class Watch:
    """The GUI thread's longest block while waiting: a 1 ms timer's longest gap, less 1 ms."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self._last = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest_ms

    @property
    def longest_ms(self) -> float:
        return max(0.0, max(self.gaps, default=0.0) - TICK_MS)


def wait_until(
    done: Callable[[], bool], *, timeout_s: float = 60, settle_ms: int = 0, every_ms: int = 1
) -> float:
    """Run the event loop until done() holds (checked every every_ms: a millisecond unless the
    moment matters less than the checking's own cost), then settle_ms more; returns the
    seconds it took until done."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    started = time.perf_counter()
    took: list[float] = []
    check = QTimer()
    check.setInterval(every_ms)

    def poll() -> None:
        if not took and done():
            took.append(time.perf_counter() - started)
            if settle_ms:
                QTimer.singleShot(settle_ms, loop.quit)
            else:
                loop.quit()
        elif time.perf_counter() - started > timeout_s:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    loop.exec()
    check.stop()
    if not took:
        raise TimeoutError(f"still waiting after {timeout_s:g} s")
    return took[0]


def until_idle(*, quiet_ms: float = 100, gap_ms: float = 5, timeout_s: float = 60) -> float:
    """Run the event loop until it has run freely (no block longer than gap_ms) for quiet_ms;
    returns the seconds until that quiet stretch began: the moment the app went idle."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    loop = QEventLoop()
    clock = QElapsedTimer()
    clock.start()
    state = {"last": 0.0, "quiet_from": 0.0, "idle": -1.0}
    tick = QTimer()
    tick.setInterval(TICK_MS)

    def on_tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        if now - state["last"] > gap_ms + TICK_MS:
            state["quiet_from"] = now  # blocked: the quiet stretch starts again
        state["last"] = now
        if now - state["quiet_from"] >= quiet_ms:
            state["idle"] = state["quiet_from"]
            loop.quit()
        elif now > timeout_s * 1000:
            loop.quit()

    tick.timeout.connect(on_tick)
    tick.start()
    loop.exec()
    tick.stop()
    if state["idle"] < 0:
        raise TimeoutError(f"not idle after {timeout_s:g} s")
    return state["idle"] / 1000


def dialog(title: str) -> Any:
    """The visible dialog with this window title."""
    from PySide6.QtWidgets import QApplication, QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and widget.windowTitle() == title:
            return widget
    raise LookupError(f"no dialog {title!r}")


@contextlib.contextmanager
def answering(**answers: Any) -> Iterator[list[Any]]:
    """Answer the app's standard dialogs without a person: getSaveFileName / getOpenFileName
    (a path), getItem (the label to pick, or None for the default); QDesktopServices.openUrl is
    recorded in the list yielded (the app opens what it wrote), and so is each print preview,
    saved as PDF to the path given."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from labdesk.gui.printing import PrintPreview

    opened: list[Any] = []
    saved = {
        (QFileDialog, "getSaveFileName"): QFileDialog.getSaveFileName,
        (QFileDialog, "getOpenFileName"): QFileDialog.getOpenFileName,
        (QInputDialog, "getItem"): QInputDialog.getItem,
        (QDesktopServices, "openUrl"): QDesktopServices.openUrl,
        (PrintPreview, "exec"): PrintPreview.exec,
    }
    path = str(answers.get("path", ""))
    pick = answers.get("item")

    def get_item(
        _parent: Any,
        _title: str,
        _label: str,
        items: list[str],
        current: int = 0,
        *_a: Any,
        **_k: Any,
    ) -> tuple[str, bool]:
        return (pick if pick is not None else items[current], True)

    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (path, ""))  # type: ignore[method-assign]
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (path, ""))  # type: ignore[method-assign]
    QInputDialog.getItem = staticmethod(get_item)  # type: ignore[method-assign]
    QDesktopServices.openUrl = staticmethod(lambda url: opened.append(url) or True)  # type: ignore[method-assign]

    def preview(dialog: Any) -> int:
        if path:
            dialog.save()  # Save as PDF… to the path answered
        opened.append(dialog.path)
        return 0

    PrintPreview.exec = preview  # type: ignore[method-assign]
    try:
        yield opened
    finally:
        for (owner, name), original in saved.items():
            setattr(owner, name, original)


def when_dialog(act: Callable[[Any], None]) -> None:
    """Once a modal dialog is up, act on it (for dialogs the app runs with exec())."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(5, look)
        else:
            act(dialog)

    QTimer.singleShot(0, look)


# -- the check-in desk ----------------------------------------------------------------------------
def time_scan(desk: Any, code: str, name: str, *, next_person: bool) -> float:
    """Seconds from Enter on a scanned code to the result painted (checked to name the person,
    when name is given); if next_person, the desk is then left to show the change, as it is
    before the next person steps up."""
    scan, result = field(desk, "Scan a badge"), named(desk, "result")
    before = desk.status_text()
    start = time.perf_counter()
    enter(scan, code)
    result.repaint()
    took = time.perf_counter() - start
    if name and not shows_text(result, name):
        raise RuntimeError(f"the desk did not show {name}")
    if next_person:
        wait_until(lambda: desk.status_text() != before, timeout_s=60, settle_ms=10)
    return took


def time_typing(desk: Any, queries: list[str]) -> list[float]:
    """Seconds for each keystroke of each query typed into the desk's search, until what
    changed is painted; a breath between people."""
    from PySide6.QtTest import QTest

    search = field(desk, "Find by name")
    search.setFocus()
    until_idle()
    times = []
    for query in queries:
        search.clear()
        for ch in query:
            start = time.perf_counter()
            QTest.keyClick(search, ch)
            qt_app().processEvents()
            times.append(time.perf_counter() - start)
        wait_until(lambda: True, settle_ms=20)
    return times
