"""The workshop's one undo history (Edit › Undo, Redo), held by the services: every undoable
change, whichever area made it, is one entry on one QUndoStack, named for what it undoes
("Undo check-in of Siân ap Gruffydd").

    history.do(lambda doc: store_checkins.admit(doc, person_id),
               lambda outcome: f"check-in of {outcome.attendee.name}")

The write goes through its store function, recorded row by row (labdesk.store.undo); undo and
redo put exactly those rows back, or refuse with a plain message when they have changed since
(the phones, a door desk, the console, another program), and the history then starts again.
Big entries (an import of thousands) are undone off the GUI thread (labdesk.gui.operations).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from labdesk.gui.background import emit_from_worker, start_worker
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError

if TYPE_CHECKING:
    from labdesk.gui.session import WorkshopSession
    from labdesk.store import undo as store_undo

log = logging.getLogger("labdesk.gui")

T = TypeVar("T")

UNDO_LIMIT = 100  # entries kept; checking them after an outside change stays cheap
HEAVY_ROWS = 2000  # entries this big are undone and redone on a worker
PREPARE_AFTER_MS = 1500  # the recorder is made once the window is idle
PREPARE_PIECE_S = 0.002  # … a few statements a turn of the event loop, never a frame's worth


def _recorder() -> ModuleType:
    """labdesk.store.undo, loaded with the recorder (once the window is idle), not at start."""
    from labdesk.store import undo

    return undo


CHECKED_ROWS = 200  # entries up to this size are checked at once after an outside change


def _sentence(text: str) -> str:
    """ "Edit Warm-up" reads "edit Warm-up" after "Undo"."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


class Entry(QUndoCommand):
    """One undoable change: the rows it wrote (already written when it is pushed)."""

    def __init__(self, history: UndoHistory, text: str, written: store_undo.Written) -> None:
        super().__init__(_sentence(text))
        self.history = history
        self.written = written
        self.skip = True  # pushed after the write: the first redo() is done already

    def redo(self) -> None:
        if self.skip:
            self.skip = False
            return
        self.history._put(self, _recorder().redo)

    def undo(self) -> None:
        if self.skip:
            self.skip = False
            return
        self.history._put(self, _recorder().undo)


class UndoHistory(QObject):
    """One QUndoStack per open workshop, with the Edit menu's Undo and Redo actions."""

    refused = Signal(str)  # an undo or redo could not be made: the plain reason
    forgotten = Signal(str)  # the history was cleared because something changed elsewhere
    # An entry was undone or redone: its rows (store_undo.Written) read as it put them now.
    # What a view follows by time (a comment hidden keeps its time) it reads again by these.
    put_back = Signal(object)
    _loaded = Signal()  # the recorder's module, loaded on a worker

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._writing = False  # our own record or put: its change notice is not "elsewhere"
        self._running: object = None  # a big undo under way on a worker
        self._failed = False  # the last undo or redo on this thread was refused
        self._preparing: store_undo.Preparation | None = None  # the recorder being made
        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.redo)
        self.stack.indexChanged.connect(self._update_actions)
        self.stack.cleanChanged.connect(self._update_actions)
        self._update_actions()
        self._erased = self._erased_count()
        session.changed.connect(self._on_changed)
        self._loaded.connect(self._begin_preparing)
        QTimer.singleShot(PREPARE_AFTER_MS, self, self._prepare)
        # Personal data purged: nothing may bring it back.
        session.retention_applied.connect(lambda _: self._forget("personal data was purged"))

    @property
    def doc(self) -> WorkshopFile:
        return self.session.doc

    def _prepare(self) -> None:
        """The recorder made while the app is idle, not on the first scan: its module loaded on
        a worker (a first import costs the GUI thread ~10 ms), then made in pieces, one a turn
        of the event loop (it is over a hundred statements on the window's own connection, so
        it cannot be made on a worker's). A write before it is ready finishes it first."""
        if self.doc.closed:
            return

        def load() -> None:
            try:
                _recorder()
            except Exception:  # loaded on the first write instead, and said there
                log.debug("undo recorder not loaded", exc_info=True)
                return
            emit_from_worker(self._loaded)

        start_worker("labdesk-undo-load", load)

    def _begin_preparing(self) -> None:
        if self.doc.closed or self._preparing is not None:
            return
        self._preparing = _recorder().preparation(self.doc)
        self._prepare_step()

    def _prepare_step(self) -> None:
        preparing = self._preparing
        if preparing is None or self.doc.closed:
            return
        try:
            done = preparing.run(PREPARE_PIECE_S)
        except Exception:  # made on the first write instead
            log.debug("undo recorder not prepared", exc_info=True)
            done = True
        if done:
            self._preparing = None
        else:
            QTimer.singleShot(0, self, self._prepare_step)

    # -- recording ---------------------------------------------------------------------------------
    def do(
        self, write: Callable[[WorkshopFile], T], describe: str | Callable[[T], str | None]
    ) -> T:
        """Make the write through its store function, recorded; it becomes one entry named by
        describe (its result gives the name; None: not undoable, no entry). Raises what the
        write raises."""
        self._writing = True
        try:
            result, written = _recorder().record(self.doc, write)
        finally:
            self._writing = False
        text = describe if isinstance(describe, str) else describe(result)
        if written and text:
            self.push(text, written)
        return result

    def push(self, text: str, written: store_undo.Written) -> Entry | None:
        """An entry for a write recorded elsewhere (an import, on a worker's connection)."""
        if not written:
            return None
        entry = Entry(self, text, written)
        self.stack.push(entry)
        return entry

    def clear(self) -> None:
        self.stack.clear()

    def top(self) -> Entry | None:
        """The entry Undo would undo now."""
        entry = self.stack.command(self.stack.index() - 1) if self.stack.canUndo() else None
        return entry if isinstance(entry, Entry) else None

    # -- undo and redo -------------------------------------------------------------------------
    def undo(self) -> bool:
        """Undo the latest entry; False when it was refused (or is still being undone)."""
        return self._step(backwards=True)

    def redo(self) -> bool:
        return self._step(backwards=False)

    def _step(self, *, backwards: bool) -> bool:
        if self._running is not None:
            return False
        index = self.stack.index() - (1 if backwards else 0)
        if not 0 <= index < self.stack.count():
            return False
        entry = self.stack.command(index)
        if not isinstance(entry, Entry) or len(entry.written) < HEAVY_ROWS:
            self._failed = False
            self.stack.undo() if backwards else self.stack.redo()
            if self._failed:
                return False
            if isinstance(entry, Entry):
                self.put_back.emit(entry.written)
            return True
        self._off_thread(entry, backwards=backwards)
        return False

    def _off_thread(self, entry: Entry, *, backwards: bool) -> None:
        """A big entry is put back on a worker; the stack moves once it is done."""
        from labdesk.gui.operations import Operation

        put = _recorder().undo if backwards else _recorder().redo
        written, text = entry.written, entry.text()

        def done(_: object) -> None:
            self._running = None
            self._update_actions()
            if self.stack.command(self.stack.index() - (1 if backwards else 0)) is entry:
                entry.skip = True
                self.stack.undo() if backwards else self.stack.redo()
            self.put_back.emit(written)

        def failed(exc: Exception) -> None:
            self._running = None
            self._refuse(exc)

        self._running = (
            Operation(
                self.session,
                f"{'Undoing' if backwards else 'Redoing'} {text}…",
                lambda doc: put(doc, written, text),
                success=done,
                purpose="undo",
            )
            .failure(failed)
            .run()
        )
        self._update_actions()

    def _put(self, entry: Entry, put: Callable[..., None]) -> None:
        self._writing = True
        try:
            put(self.doc, entry.written, entry.text()[:1].upper() + entry.text()[1:])
        except WorkshopFileError as exc:
            self._failed = True
            # The stack has moved past the entry already: it starts again once this returns.
            QTimer.singleShot(0, self.stack, lambda e=exc: self._refuse(e))
        finally:
            self._writing = False

    def _refuse(self, exc: Exception) -> None:
        log.info("undo refused: %s", exc)
        self.stack.clear()
        self._update_actions()
        self.refused.emit(f"{exc} The undo history starts again from here.")

    # -- changes made elsewhere ----------------------------------------------------------------
    def _on_changed(self, topic: Topic) -> None:
        """Something other than this history changed the file: entries whose rows it changed
        can no longer be undone, so the history starts again (big entries are checked when
        undone)."""
        if self.session.doc.closed:
            return
        if topic & Topic.ATTENDEES:
            erased = self._erased_count()
            if erased != self._erased:  # an erasure: nobody erased may come back by a redo
                self._erased = erased
                self._forget("someone was erased")
                return
        if self._writing or self.stack.count() == 0:
            return
        for index in range(self.stack.count()):
            entry = self.stack.command(index)
            if not isinstance(entry, Entry) or len(entry.written) > CHECKED_ROWS:
                continue
            if not entry.written.topics & topic:
                continue
            done = index < self.stack.index()
            try:
                same = _recorder().still_as(self.doc, entry.written, done=done)
            except Exception:  # a busy or closing file: checked again when undone
                return
            if not same:
                text = entry.text()
                self.stack.clear()
                self.forgotten.emit(f"Undo history cleared: “{text}” was changed since, elsewhere.")
                return

    def _erased_count(self) -> int:
        try:
            return int(self.doc.con.execute("SELECT count(*) FROM erased_keys").fetchone()[0])
        except Exception:  # an old or closing file
            return 0

    def _forget(self, why: str) -> None:
        if self.stack.count():
            self.stack.clear()
            self.forgotten.emit(f"Undo history cleared: {why}.")

    def _update_actions(self) -> None:
        busy = self._running is not None
        self.undo_action.setEnabled(self.stack.canUndo() and not busy)
        self.redo_action.setEnabled(self.stack.canRedo() and not busy)
        # An "&" in a name is shown, not taken for the menu's shortcut letter.
        undo, redo = (t.replace("&", "&&") for t in (self.stack.undoText(), self.stack.redoText()))
        self.undo_action.setText(f"&Undo {undo}" if self.stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if self.stack.canRedo() else "&Redo")
