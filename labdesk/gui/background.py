"""Starting a worker thread from the GUI thread (until gui/operations.py does it for all), and
asking the GUI thread to run something from a worker (GuiCalls).

Python's garbage collector runs in whichever thread happens to allocate. If it ran on a worker
and found a Qt object from a window closed earlier, that object's destructor would run off the
GUI thread ("Timers cannot be stopped from another thread"). So garbage is collected here, on the
GUI thread, just before the worker starts; the worker then makes little garbage of its own.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


def start_worker(name: str, work: Callable[[], None]) -> threading.Thread:
    """Run work on a daemon thread named name; returns the thread (started)."""
    gc.collect()
    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread


def emit_from_worker(signal: Any, *args: object) -> bool:
    """Emit a Qt signal from a worker thread (it reaches the GUI thread queued); False if its
    object has been deleted meanwhile."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True


class WorkshopClosed(RuntimeError):
    """The workshop closed before what was asked of the GUI thread could run."""


class GuiCalls(QObject):
    """Run a function on the GUI thread from any thread (the web server's, say): `call` returns
    at once with a future that holds what the function returned or raised, or `refusal()` once
    closed (the workshop closed before it could run). Calls run one by one, in order."""

    _call = Signal(object, object)  # (function, Future)

    def __init__(
        self,
        parent: QObject | None = None,
        refusal: Callable[[], Exception] = lambda: WorkshopClosed("The workshop is closed."),
    ) -> None:
        super().__init__(parent)
        self.refusal = refusal
        self._lock = threading.Lock()
        self._closed = False
        self._pending: set[Future[Any]] = set()
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @property
    def closed(self) -> bool:
        return self._closed

    def call(self, function: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                future.set_exception(self.refusal())
                return future
            self._pending.add(future)
        self._call.emit(function, future)
        return future

    def _run(self, function: Callable[[], Any], future: Future[Any]) -> None:
        with self._lock:
            if future not in self._pending:  # refused when it closed
                return
            self._pending.discard(future)
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(function())
        except Exception as exc:  # the caller hears of it
            future.set_exception(exc)

    def close(self) -> None:
        """Refuse what is still queued, and every call from now on."""
        with self._lock:
            self._closed = True
            pending, self._pending = self._pending, set()
        for future in pending:
            if future.set_running_or_notify_cancel():
                future.set_exception(self.refusal())
