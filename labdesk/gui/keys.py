"""Presenter keys and clickers: the standard keys, and keys learnt from an unusual clicker."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget


class Action(StrEnum):
    START_PAUSE = "start_pause"
    NEXT = "next"
    PREVIOUS = "previous"
    PLUS_MINUTE = "plus_minute"
    MINUS_MINUTE = "minus_minute"
    BLANK = "blank"
    PRESENT = "present"
    STOP_PRESENTING = "stop_presenting"
    LEAVE = "leave"
    ESCAPE = "escape"

    @property
    def label(self) -> str:
        return {
            "start_pause": "Start or pause",
            "next": "Next phase",
            "previous": "Previous phase",
            "plus_minute": "One minute more",
            "minus_minute": "One minute less",
            "blank": "Blank the screen",
            "present": "Start presenting",
            "stop_presenting": "Stop presenting",
            "leave": "Leave full screen",
            "escape": "Clear the message, or stop presenting",
        }[self.value]


K = Qt.Key
# What common clickers send (Logitech, Kensington, Targus, generic 2.4 GHz): PageDown/PageUp,
# B or "." for a black screen, F5 / Shift+F5 to present and Esc to stop (the laptop's own screen,
# the slides, shows again in one key; a message to the room goes first).
DEFAULT_KEYS: dict[int, Action] = {
    K.Key_Space: Action.START_PAUSE,
    K.Key_Right: Action.NEXT,
    K.Key_PageDown: Action.NEXT,
    K.Key_Left: Action.PREVIOUS,
    K.Key_PageUp: Action.PREVIOUS,
    K.Key_Plus: Action.PLUS_MINUTE,
    K.Key_Equal: Action.PLUS_MINUTE,
    K.Key_Minus: Action.MINUS_MINUTE,
    K.Key_Underscore: Action.MINUS_MINUTE,
    K.Key_B: Action.BLANK,
    K.Key_Period: Action.BLANK,
    K.Key_F5: Action.PRESENT,
    K.Key_Escape: Action.ESCAPE,
}
_SETTINGS_KEY = "clicker/learned"
# Keys that never type a character: while presenting they always drive the presenter, wherever the
# focus is. The others (Space, B, ".", +, −, arrows) type in a text box the user is typing in.
NEVER_TYPED = {K.Key_PageDown, K.Key_PageUp, K.Key_F5, K.Key_Escape}
_IGNORED = {K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_Meta, K.Key_AltGr, K.Key_unknown}


class KeyMap:
    """The standard keys plus any learnt ones (remembered in the user's settings)."""

    def __init__(self) -> None:
        self.learned: dict[int, Action] = {}
        value = QSettings().value(_SETTINGS_KEY, [])
        entries: list[object] = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        for entry in entries:
            key, _, action = str(entry).partition(":")
            try:
                self.learned[int(key)] = Action(action)
            except ValueError:
                continue

    def action_for(self, event: QKeyEvent) -> Action | None:
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if mods != Qt.KeyboardModifier.NoModifier:
            return None  # Ctrl/Alt combinations are menu shortcuts, not clicker keys
        key = event.key()
        return self.learned.get(key) or DEFAULT_KEYS.get(key)

    def learn(self, action: Action, key: int) -> None:
        if key in _IGNORED:
            return
        self.learned = {k: a for k, a in self.learned.items() if k != key}
        self.learned[key] = action
        QSettings().setValue(_SETTINGS_KEY, [f"{k}:{a.value}" for k, a in self.learned.items()])

    def forget(self) -> None:
        self.learned.clear()
        QSettings().remove(_SETTINGS_KEY)

    def describe(self, action: Action) -> str:
        keys = [k for k, a in {**DEFAULT_KEYS, **self.learned}.items() if a is action]
        return ", ".join(QKeySequence(k).toString() or f"key {k}" for k in keys)


class LearnKeyDialog(QDialog):
    """ "Press your clicker's Next button": the next key pressed is mapped to the action."""

    def __init__(self, keymap: KeyMap, action: Action, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keymap = keymap
        self.action = action
        self.learnt: int | None = None
        self.setWindowTitle("Learn a clicker key")
        text = QLabel(
            f"Press your clicker's “{action.label}” button now.\n\nPress Esc on the keyboard to "
            "cancel."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        self.resize(360, 120)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _IGNORED:
            return
        if key == K.Key_Escape:
            self.reject()
            return
        self.keymap.learn(self.action, key)
        self.learnt = key
        self.accept()
