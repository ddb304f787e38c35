"""The screens in the room while the app holds the file: the web remote's presses go to the app's
presenter (exactly as the clicker's keys), and what the room view reads beside the timer (the
projector blanked or not) is kept in the file, as `labdesk serve` keeps it.

The room view needs nothing more from the app: the day's timer is stored at every change
(labdesk.gui.day.RunController), and the server's room feed reads the stored timer whoever wrote
it (labdesk.web.screens.current_view)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from labdesk.core.presenter import PresenterAction, PressOutcome, describe
from labdesk.core.room_message import MessageError
from labdesk.gui.background import GuiCalls, WorkshopClosed
from labdesk.gui.keys import Action
from labdesk.gui.presenter import Presenter
from labdesk.store import room_screen
from labdesk.store.document import WorkshopFile, WorkshopFileError

log = logging.getLogger("labdesk.gui")

ANSWER_WITHIN_S = 10.0  # a press the laptop has not done by then is reported as not done

# The remote's buttons as the clicker's keys (the same presenter actions).
CLICKER = {
    PresenterAction.NEXT: Action.NEXT,
    PresenterAction.PREVIOUS: Action.PREVIOUS,
    PresenterAction.START_PAUSE: Action.START_PAUSE,
    PresenterAction.PLUS_MINUTE: Action.PLUS_MINUTE,
    PresenterAction.MINUS_MINUTE: Action.MINUS_MINUTE,
    PresenterAction.BLANK: Action.BLANK,
}


class AppRemote:
    """The web remote's presenter while the app holds the file (a
    labdesk.core.presenter.Presenter): each press is the clicker's action through
    `Presenter.request`, answered with where the day is then; a message to the room is stored
    through the app's own connection, on the GUI thread. One press at a time."""

    def __init__(
        self, presenter: Presenter, doc: Callable[[], WorkshopFile], calls: GuiCalls
    ) -> None:
        self.presenter = presenter
        self.doc = doc
        self.calls = calls
        self._one_at_a_time = threading.Lock()

    def press(self, action: PresenterAction, argument: str = "") -> PressOutcome:
        with self._one_at_a_time:
            try:
                return self._press(action, argument)
            except WorkshopClosed:
                return PressOutcome.refused("Not done: the workshop is closed on the laptop.")
            except FutureTimeout:
                return PressOutcome.refused(
                    "Not done yet: the laptop is busy. Look at the screen before pressing again."
                )
            except MessageError as exc:
                return PressOutcome.refused(str(exc))
            except WorkshopFileError as exc:
                log.warning("a press from the remote was not stored: %s", exc)
                return PressOutcome.refused(f"Not done: {exc}")

    def _wait(self, future: Future[Any]) -> Any:
        """What the GUI thread answered; WorkshopClosed as soon as the workshop starts closing
        (it waits for the server, which waits for this press), FutureTimeout after a while."""
        deadline = time.monotonic() + ANSWER_WITHIN_S
        while True:
            try:
                return future.result(0.05)
            except FutureTimeout:
                if self.calls.closed:
                    raise WorkshopClosed("The workshop is closed.") from None
                if time.monotonic() >= deadline:
                    raise

    def _press(self, action: PresenterAction, argument: str) -> PressOutcome:
        if action in CLICKER:
            self._wait(self.presenter.request(CLICKER[action]))
            return PressOutcome(True, self._wait(self.calls.call(lambda: self._said(action))))
        if action is PresenterAction.MESSAGE:
            message = self._wait(
                self.calls.call(lambda: room_screen.set_room_message(self.doc(), argument))
            )
            return PressOutcome(True, f"Showing: {message.text}")
        if action is PresenterAction.CLEAR_MESSAGE:
            self._wait(self.calls.call(lambda: room_screen.clear_room_message(self.doc())))
            return PressOutcome(True, "The message is off the screens.")
        return PressOutcome.refused("That is not something the remote can do.")

    def _said(self, action: PresenterAction) -> str:
        """Where the day is after the action (on the GUI thread, where the timer lives)."""
        day = self.presenter.day
        if action is PresenterAction.BLANK:
            return "The projector is blank." if day.blank else "The projector shows again."
        return describe(day.timer, action)
