"""What the app's start does around its first paint, to be on screen and idle soon after a bare
window would be (DESIGN.md: ≤ 1.5 ×; benchmarks/bench_startup.py).

- Until the window is painted nothing is garbage-collected: everything made by then (the modules,
  the window, the workshop's first screen) lives as long as the app, and collecting it over and
  over while it is made costs tens of milliseconds. Once it is painted, it is frozen and the GUI
  thread's own collector takes over (labdesk.gui.background).
- PySide6 replaces Python's import with one that reads the source of every module imported after
  it, looking for `from __feature__ import …` (snake_case and true_property). labdesk uses no
  such feature, so the plain import is put back: some 20 ms of start-up.
- The log file is set up on a worker a second after the window is painted (logging.handlers
  brings socket and pickle with it); what is logged before is held and written first
  (labdesk.gui.errors), also when the app quits sooner.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from labdesk.gui.main_window import MainWindow

# Longest wait for the first paint: a window started minimised, or on a screen that never shows
# it, still settles.
SETTLE_AT_LATEST_MS = 2000
# After the first paint, when the log file is set up (what is logged before is held).
LOG_AFTER_MS = 1000


def plain_import() -> None:
    """Put back the import PySide6 wrapped (see above). Does nothing if PySide6 did not wrap
    it (another version), or if it was put back already."""
    hooked = builtins.__import__
    original = getattr(builtins, "__orig_import__", None)
    if original is not None and getattr(hooked, "__name__", "") == "__feature_import__":
        builtins.__import__ = original


def settle(window: MainWindow | None = None) -> None:
    """The window is up: the log file is set up on a worker, garbage is collected from now on
    (on the GUI thread), what exists now is frozen as long-lived, and what the window left
    for after its first paint is done (MainWindow.first_painted)."""
    from labdesk.gui import errors
    from labdesk.gui.background import collect_on_gui_thread, start_worker

    collect_on_gui_thread()  # freezes what exists, then collects a little at a time
    # A moment later, not at once: the worker's imports (logging.handlers brings socket,
    # select and pickle, extension modules loaded holding the interpreter) would hold the GUI
    # thread 8-12 ms while it is still laying out the window's last pieces.
    QTimer.singleShot(LOG_AFTER_MS, lambda: start_worker("labdesk-log", errors.setup_logging))
    if window is not None:
        window.first_painted()


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then = then
        self.done = False
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)
        QTimer.singleShot(SETTLE_AT_LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and not self.done:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after the expose is handled: painted
        return False

    def _run(self) -> None:
        if not self.done:
            self.done = True
            self.then()


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call then() once window (shown) has painted for the first time, or after
    SETTLE_AT_LATEST_MS if it has not."""
    _FirstPaint(window, then)
