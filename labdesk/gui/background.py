"""Starting a worker thread from the GUI thread, collecting garbage on the GUI thread only,
and asking the GUI thread to run something from a worker (GuiCalls).

Python's garbage collector runs in whichever thread happens to allocate. If it ran on a worker
and found a Qt object from a window closed earlier, that object's destructor would run off the
GUI thread ("Timers cannot be stopped from another thread"). So once the first worker starts,
automatic collection is off and the GUI thread collects instead, a little at a time from a timer
(the young generations, each well under a millisecond). After each full collection what survived
is frozen (gc.freeze: the long-lived workshop data, the widgets), so the next full collection
looks only at what is newer and costs milliseconds, not the 25–30 ms a full pass over 10,000
people costs; closing a workshop unfreezes and collects everything once (`collect_all`).
Workers also hand the interpreter over within a fifth of a millisecond, so the GUI thread never
waits long for its turn while one runs.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

COLLECT_EVERY_MS = 10
# Python waits this long before asking a busy thread (the phone server) for the interpreter. The
# GUI thread asks on every call into Python (each table cell it paints): at the default 5 ms,
# a table of comments painted during a burst of phones takes whole frames.
SWITCH_INTERVAL_S = 0.0002

_collector: Any = None  # the QTimer collecting on the GUI thread, once installed


def start_worker(name: str, work: Callable[[], None]) -> threading.Thread:
    """Run work on a daemon thread named name; returns the thread (started)."""
    collect_on_gui_thread()
    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread


def collect_on_gui_thread() -> bool:
    """From now on garbage is collected on this (the GUI) thread only; True if it is (there is
    an application to run the timer)."""
    global _collector
    if _collector is not None:
        return True
    from PySide6.QtCore import QCoreApplication, QThread, QTimer

    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return False
    gc.disable()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    timer = QTimer(app)
    timer.setInterval(COLLECT_EVERY_MS)
    timer.timeout.connect(collect_some)
    timer.start()
    _collector = timer
    gc.freeze()  # what exists now (the modules, the window) lives as long as the app
    return True


def long_lived() -> None:
    """What exists now will live long (a workshop's people just loaded): full collections
    skip it from now on. Does nothing unless garbage is collected on the GUI thread."""
    if _collector is not None:
        gc.freeze()


_reading = 0  # workers making data that will live long (see reading_to_keep)
_READING_CAP = 2_000_000  # young objects beyond which the GUI thread collects anyway


@contextlib.contextmanager
def reading_to_keep() -> Iterator[None]:
    """On a worker: what it makes meanwhile will be kept (10,000 people read for the desk), so the
    GUI thread does not collect (it would look at every new object, milliseconds each time);
    once it is done, all of it is frozen as long-lived."""
    global _reading
    _reading += 1
    try:
        yield
    finally:
        _reading -= 1
        long_lived()


def collect_some() -> int:
    """What the automatic collector would have done by now, on this thread; the generation
    collected (-1: none was due)."""
    count0, count1, count2 = gc.get_count()
    limit0, limit1, limit2 = gc.get_threshold()
    if count0 < limit0 or (_reading and count0 < _READING_CAP):
        return -1
    if count1 < limit1:
        gc.collect(0)
        return 0
    if count2 < limit2:
        gc.collect(1)
        return 1
    gc.collect(2)
    gc.freeze()  # survivors are long-lived: the next full collection skips them
    return 2


def collect_all() -> None:
    """Everything, frozen or not (a workshop closed: its data and windows are garbage now)."""
    gc.unfreeze()
    gc.collect()
    if _collector is not None:
        gc.freeze()


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
