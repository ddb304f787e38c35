"""Work that can take longer than a frame, off the GUI thread (in the shape of Anki's QueryOp).

    Operation(session, "Laying out 10,000 badges…", lambda doc: outputs.make(doc, ...),
              success=lambda made: ...).failure(...).run()

The work runs on a worker thread with its own connection to the workshop file (or none:
`without_file()`), and never touches a widget. Its result (or its exception) comes back on the
GUI thread, to `success` (or `failure`: by default a plain warning box), and only while the
widget that asked is still there. While it runs the session says so (`working`), the countdown
and the phone server carry on, and closing the workshop waits for it before the file closes.
After work on the file the session looks at what it changed, so the areas that show it refresh
(labdesk.store.changes).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from labdesk.gui.background import emit_from_worker, start_worker
from labdesk.gui.plaintext import as_typed
from labdesk.outputs_child import Cancelled
from labdesk.store import WorkshopFileError, open_workshop
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from labdesk.gui.session import WorkshopSession

log = logging.getLogger("labdesk.gui")

T = TypeVar("T")

# Operations under way, kept alive until they report (their relay is a QObject).
_running: set[Operation[Any]] = set()


class _Relay(QObject):
    """Lives on the GUI thread; the worker's result crosses to it as a queued signal."""

    done = Signal(object, object)  # (result, exception)
    said = Signal(str)  # how far the work is (Operation.say)


class Operation(Generic[T]):
    """One piece of background work and what to do with its result on the GUI thread."""

    def __init__(
        self,
        session: WorkshopSession,
        label: str,
        op: Callable[[WorkshopFile], T],
        *,
        success: Callable[[T], object],
        parent: QWidget | None = None,
        purpose: str = "worker",
    ) -> None:
        self.session = session
        self.label = label
        self._op = op
        self._success = success
        self._failure: Callable[[Exception], object] | None = None
        self._parent = parent
        self._purpose = purpose
        self._with_file = True
        self._disabled: list[QWidget | QAction] = []
        self._back: list[Callable[[], object]] = []
        self._relay = _Relay()
        self._relay.done.connect(self._finished)
        self._relay.said.connect(self._said)
        self.status = ""  # how far it is, in place of the label in the status bar ("": none)
        self.thread: threading.Thread | None = None
        # Set by cancel(): work that can stop looks at it (a child process making badges).
        self.cancelled = threading.Event()
        self.finished = False  # its result (or error) has been dealt with, on the GUI thread

    def failure(self, handler: Callable[[Exception], object]) -> Operation[T]:
        """What to do when the work raised (instead of the plain warning box)."""
        self._failure = handler
        return self

    def disabling(self, *widgets: QWidget | QAction) -> Operation[T]:
        """Widgets or actions (what started it) disabled until the work is done."""
        self._disabled.extend(widgets)
        return self

    def when_back(self, then: Callable[[], object]) -> Operation[T]:
        """then() on the GUI thread once the work is back, however it ended (done, failed or
        cancelled), before its result is dealt with (a Stop button turns back into Print)."""
        self._back.append(then)
        return self

    def without_file(self) -> Operation[T]:
        """The work needs no connection (reading an attendee list): it gets None for the doc."""
        self._with_file = False
        return self

    def run(self) -> Operation[T]:
        """Start the work now; returns at once."""
        if self.session.doc.closed:
            raise WorkshopFileError("The workshop is closed.")
        path, relay, op, purpose, with_file = (
            self.session.doc.path,
            self._relay,
            self._op,
            self._purpose,
            self._with_file,
        )

        def work() -> None:
            result: object = None
            error: Exception | None = None
            try:
                if with_file:
                    doc = open_workshop(path, lock=False, purpose=purpose)
                    try:
                        result = op(doc)
                    finally:
                        doc.close(take_backup=False)
                else:
                    result = op(None)  # type: ignore[arg-type]
            except Exception as exc:  # reported on the GUI thread
                error = exc
            emit_from_worker(relay.done, result, error)

        _running.add(self)
        for widget in self._disabled:
            widget.setEnabled(False)
        self.session.begin_work(self)
        self.thread = start_worker(f"labdesk-{purpose}", work)
        return self

    def _finished(self, result: object, error: object) -> None:
        try:
            self._report(result, error)
        finally:
            self.finished = True

    def _report(self, result: object, error: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        _running.discard(self)
        session = self.session
        session.end_work(self)
        if self._with_file and not session.doc.closed:
            session.look_now()  # what the work changed, told to the areas that show it
        for widget in self._disabled:
            if shiboken6.isValid(widget) and not session.doc.closed:
                widget.setEnabled(True)
        for then in self._back:
            then()
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return  # the window that asked has gone; nobody to tell
        if isinstance(error, Cancelled):  # it stopped when asked (cancel): nothing to tell
            log.info("%s cancelled", self.label)
            return
        if isinstance(error, Exception):
            if not isinstance(error, (WorkshopFileError, OSError)):
                log.error("%s failed", self.label, exc_info=error)
            if self._failure is not None:
                self._failure(error)
            else:
                QMessageBox.warning(self._parent, _title(self.label), as_typed(_say(error)))
            return
        self._success(result)  # type: ignore[arg-type]

    def say(self, text: str) -> None:
        """From the work (any thread): how far it is, shown in place of the label ("Laying
        out badges… 4,000 of 10,000")."""
        emit_from_worker(self._relay.said, text)

    def _said(self, text: str) -> None:
        if not self.finished and self in _running:
            self.status = text
            self.session.working.emit(self.session.work_text())

    def cancel(self) -> None:
        """Ask the work to stop (the workshop closing, a Stop button): work that looks at
        `cancelled` stops and raises Cancelled, and nobody is told of that; other work carries
        on and reports as usual."""
        self.cancelled.set()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the worker to finish (closing the workshop; tests)."""
        if self.thread is not None:
            self.thread.join(timeout)


def _say(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}."
    return str(error) or type(error).__name__


def _title(label: str) -> str:
    """ "Laying out badges…" fails as "Laying out badges failed"."""
    return f"{label.rstrip('…. ')} failed"
