"""The presenter without the app (`labdesk serve`): each press from the web remote applied to
the stored timer and screens in one short transaction of its own (labdesk.core.presenter)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from labdesk.core.presenter import (
    TIMER_ACTIONS,
    PresenterAction,
    PressOutcome,
    describe,
    press_timer,
)
from labdesk.core.room_message import MessageError
from labdesk.core.timer import Clock, system_clock
from labdesk.store import room_screen
from labdesk.store import run_state as store_run
from labdesk.store.document import WorkshopFile, WorkshopFileError, open_workshop

log = logging.getLogger("labdesk.store")


class StoredPresenter:
    """A labdesk.core.presenter.Presenter over the workshop file: its own connection (opened
    beside the holder's lock), one press at a time from any thread."""

    def __init__(self, path: Path | str, clock: Clock = system_clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.Lock()
        self._doc: WorkshopFile | None = None

    def _file(self) -> WorkshopFile:
        if self._doc is None:
            self._doc = open_workshop(self.path, lock=False, purpose="the remote")
        return self._doc

    def press(self, action: PresenterAction, argument: str = "") -> PressOutcome:
        with self._lock:
            try:
                return self._press(self._file(), action, argument)
            except MessageError as exc:
                return PressOutcome.refused(str(exc))
            except WorkshopFileError as exc:
                log.warning("a press from the remote was not stored: %s", exc)
                return PressOutcome.refused(f"Not done: {exc}")

    def _press(self, doc: WorkshopFile, action: PresenterAction, argument: str) -> PressOutcome:
        if action in TIMER_ACTIONS:
            timer = store_run.change_timer(doc, lambda t: press_timer(t, action), self.clock)
            return PressOutcome(True, describe(timer, action))
        if action is PresenterAction.BLANK:
            blank = room_screen.toggle_blank(doc)
            return PressOutcome(
                True, "The projector is blank." if blank else "The projector shows again."
            )
        if action is PresenterAction.MESSAGE:
            message = room_screen.set_room_message(doc, argument)
            return PressOutcome(True, f"Showing: {message.text}")
        if action is PresenterAction.CLEAR_MESSAGE:
            room_screen.clear_room_message(doc)
            return PressOutcome(True, "The message is off the screens.")
        return PressOutcome.refused("That is not something the remote can do.")

    def close(self) -> None:
        with self._lock:
            if self._doc is not None:
                self._doc.close(take_backup=False)
                self._doc = None
