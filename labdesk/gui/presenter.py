"""The presenter: one object for everything the room sees and every presenter action (next,
previous, start or pause, a minute more or less, blank, present and stop presenting). The clicker
keys, the console's buttons and a web remote all call it; a thread other than the GUI's (the web
server's) calls `request`, which queues the action to the GUI thread."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from labdesk.gui.background import GuiCalls, WorkshopClosed
from labdesk.gui.day import RunController
from labdesk.gui.keys import NEVER_TYPED, Action, KeyMap
from labdesk.gui.projector import Frame, ProjectorWindow, QrCode, Show

log = logging.getLogger("labdesk.gui")


class PresenterClosed(WorkshopClosed):
    """The workshop closed before a requested action could run."""


class Presenter(QObject):
    """Composes the room's `Show` from the day's frame and what is put over it (the corner QR
    code, a QR or picture screen), sends each new value to the projector window and to anyone
    else painting it (`shown`), and performs the presenter's actions."""

    shown = Signal(object)  # the new Show, on the GUI thread

    def __init__(
        self, day: RunController, window: ProjectorWindow, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.day = day
        self.window = window
        self.keymap = KeyMap()
        self._corner: QrCode | None = None
        self._codes: tuple[QrCode, ...] = ()
        self._picture: QImage | None = None
        self.picture_key = ""  # who put the picture up ("feedback summary"), to redraw it
        self._index = day.timer.index
        self._closed = False
        self._calls = GuiCalls(self, lambda: PresenterClosed("The workshop is closed."))
        self.show = Show(day.frame())
        window.set_show(self.show)
        day.changed.connect(self._day_changed)

    # -- what the room sees -------------------------------------------------------------------
    def _day_changed(self) -> None:
        if self.day.timer.index != self._index:
            self._index = self.day.timer.index
            self._codes, self._picture = (), None  # a QR or picture screen stays until then
            self.picture_key = ""
        self._publish()

    def _publish(self) -> None:
        if self._closed:
            return
        show = Show(
            self.day.frame(), self._corner, self._codes, self._picture, blanked=self.day.blank
        )
        if show != self.show:
            self.show = show
            self.window.set_show(show)
            self.shown.emit(show)

    def set_corner_code(self, code: QrCode | None) -> None:
        """A QR code in the corner of the timer (the feedback page while the phone server
        runs); None empties the corner."""
        self._corner = code
        self._publish()

    def show_codes(self, codes: Sequence[QrCode]) -> None:
        """Large QR codes with their captions ("1. Join Wi-Fi LabDesk", "2. Give feedback")
        over the whole screen, until the next phase or key."""
        self._codes, self._picture = tuple(codes), None
        self._publish()

    def show_picture(self, image: QImage, key: str = "") -> None:
        """A whole-screen picture (the feedback summary), until the next phase or key. `key`
        names it, so its owner can redraw it while it shows (`showing`)."""
        self._codes, self._picture, self.picture_key = (), image, key
        self._publish()

    def showing(self, key: str) -> bool:
        """The picture named `key` is on the projector now."""
        return bool(key) and self._picture is not None and self.picture_key == key

    def back_to_the_timer(self) -> None:
        """Take a QR or picture screen away."""
        if self._codes or self._picture is not None:
            self._codes, self._picture, self.picture_key = (), None, ""
            self._publish()

    # -- actions --------------------------------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.window.presenting

    def perform(self, action: Action) -> None:
        """Do one presenter action (on the GUI thread). Every action first returns a QR or
        picture screen to the timer."""
        if self._closed:
            return
        if action is Action.ESCAPE:
            # One level back: a message, a QR or picture screen, else the projector itself.
            if self._codes or self._picture is not None:
                self.back_to_the_timer()
            elif not self.day.clear_message():
                self.window.stop_presenting()
            return
        self.back_to_the_timer()
        day = self.day
        if action is Action.START_PAUSE:
            day.toggle()
        elif action is Action.NEXT:
            day.next()
        elif action is Action.PREVIOUS:
            day.previous()
        elif action is Action.PLUS_MINUTE:
            day.add_minutes(1)
        elif action is Action.MINUS_MINUTE:
            day.add_minutes(-1)
        elif action is Action.BLANK:
            day.toggle_blank()
        elif action is Action.PRESENT:
            self.window.present()
        elif action is Action.STOP_PRESENTING:
            self.window.stop_presenting()
        elif action is Action.LEAVE:
            self.window.leave_full_screen()

    def request(self, action: Action) -> Future[Frame]:
        """Ask for an action from any thread; the future holds the frame the room sees after it,
        or PresenterClosed if the workshop closed first."""
        future: Future[Frame] = self._calls.call(lambda: self._perform_requested(action))
        return future

    def _perform_requested(self, action: Action) -> Frame:
        try:
            self.perform(action)
        except Exception:  # the caller hears of it; the app carries on
            log.exception("a requested presenter action failed")
            raise
        return self.show.frame

    def close(self) -> None:
        """The workshop is closing: refuse what is still queued; the window stops presenting."""
        self._closed = True
        self._calls.close()
        self.window.stop_presenting()


TYPING_S = 10.0  # a text box typed in (or clicked into) this recently is being typed in


def _text_field(widget: QWidget | None) -> bool:
    """A box where Space, B and "." are characters."""
    from PySide6.QtWidgets import QTextEdit  # (each Qt class imported at start costs its enums)

    return (
        isinstance(widget, QLineEdit | QTextEdit)
        or (isinstance(widget, QPlainTextEdit) and not widget.isReadOnly())
        or (isinstance(widget, QComboBox) and widget.isEditable())
    )


def _number_box(widget: QWidget | None) -> bool:
    """A number or time box (where a clicker's keys step the value)."""
    from PySide6.QtWidgets import QAbstractSpinBox

    return isinstance(widget, QAbstractSpinBox)


class PresenterKeys(QObject):
    """Clicker and keyboard keys for the presenter, wherever the focus is, except while a
    dialog is open: on the console and the projector window always, in any other area of the
    main window while presenting (and F5 to start presenting), except in an area where every
    key is typing (the check-in desk sends each one to its scan field).

    While presenting a clicker's key never reaches a field: PageDown, PageUp, F5 and Esc (which
    type nothing) and every presenter key in a number or time box drive the presenter; Space,
    B, "." and the arrows type in a text box only while someone is typing there (a key or a
    click in it within TYPING_S seconds). Not presenting, a field keeps its keys.

    The keys are taken where they arrive: at the main window's and the projector's own windows
    (QWindow), before the window hands them to the widget with the focus. (A filter over the
    whole application would also see every event of Qt's internal objects, and PySide makes a
    Python class for each kind it meets: some 40 ms of the app's first paint.)"""

    def __init__(
        self,
        presenter: Presenter,
        window: QWidget,
        on_console: Callable[[], bool],
        typing_area: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.window = window
        self.on_console = on_console
        self.typing_area = typing_area
        self.now = now
        self._typed: tuple[QObject | None, float] = (None, -1e9)  # the box, when
        self._pointing = False  # a mouse button is down in a watched window
        self._focus_key = False  # the last key moves the focus (Tab, or Alt and a letter)
        self._windows: dict[QWidget, QWindow | None] = {}
        for widget in (window, presenter.window):
            self._watch(widget)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _watch(self, widget: QWidget) -> None:
        """Take the keys arriving at widget's window, now and whenever it gets a new one (it is
        shown, or its window flags change)."""
        self._windows[widget] = None
        widget.installEventFilter(self)  # its own events only: Show and WinIdChange
        self._follow(widget)

    def _follow(self, widget: QWidget) -> None:
        handle = widget.windowHandle()
        if handle is self._windows.get(widget):
            return
        old = self._windows[widget]
        if old is not None:
            old.removeEventFilter(self)
        self._windows[widget] = handle
        if handle is not None:
            handle.installEventFilter(self)

    def stop(self) -> None:
        """The workshop is closing: the windows' keys are their own again."""
        for widget, handle in list(self._windows.items()):
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
            if handle is not None and shiboken6.isValid(handle):
                handle.removeEventFilter(self)
        self._windows.clear()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):  # never connected, or gone
                app.focusChanged.disconnect(self._focus_changed)

    def _typing_in(self, widget: QObject) -> bool:
        box, at = self._typed
        return box is widget and self.now() - at < TYPING_S

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A box clicked into, or tabbed to, is being typed in."""
        if new is not None and (self._pointing or self._focus_key) and _text_field(new):
            self._typed = (new, self.now())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QWidget):  # a watched top-level widget: a window of its own?
            if kind in (QEvent.Type.Show, QEvent.Type.WinIdChange) and watched in self._windows:
                self._follow(watched)
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pointing = True
            return False
        if kind == QEvent.Type.MouseButtonRelease:
            self._pointing = False
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        self._pointing = False  # (a release in another window, a popup's, was not seen)
        self._focus_key = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or bool(
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget():
            return False
        focus = QApplication.focusWidget()
        action = self.presenter.keymap.action_for(event)
        if action is None:
            if _text_field(focus):
                self._typed = (focus, self.now())  # someone is typing there
            return False
        active = QApplication.activeWindow()
        on_projector = active is self.presenter.window
        in_main_window = active is not None and active is self.window
        presenting = self.presenter.presenting and not self.typing_area()
        anywhere = action is Action.PRESENT or presenting
        if not (on_projector or (in_main_window and (anywhere or self.on_console()))):
            return False
        if presenting and not on_projector:
            typed = _text_field(focus) and event.key() not in NEVER_TYPED
            if typed and self._typing_in(focus):
                self._typed = (focus, self.now())
                return False
        elif _text_field(focus) or _number_box(focus):
            return False
        self.presenter.perform(action)
        return True
