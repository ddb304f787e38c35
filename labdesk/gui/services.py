"""The open workshop's services, above the areas: one object creates the file's session, the
day's timer, the projector window, the presenter and the phone server, hands them to the areas,
and shuts them down in one order (server, projector, timer, file).

    Services ── session    WorkshopSession: the file, its changes, backups   (stopped last)
             ├─ day        RunController: the agenda's steps and the phase timer
             ├─ projector  ProjectorWindow: the room's screen
             ├─ presenter  Presenter: what the room sees, and every presenter action
             ├─ undo       UndoHistory: Edit › Undo and Redo, one history for every area
             └─ phones     PhoneServer: the attendee server and the screens in the room:
                           room view, door desks, the remote (its presses go to the
                           presenter, through `remote`)                      (stopped first)

Areas only display these and dispatch to them: closing or rebuilding an area never stops a
timer, a screen or a server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from labdesk.core.timer import Clock, system_clock
from labdesk.gui.background import GuiCalls
from labdesk.gui.day import RunController
from labdesk.gui.poll_cues import PollCues
from labdesk.gui.presenter import Presenter
from labdesk.gui.projector import ProjectorWindow
from labdesk.gui.session import WorkshopSession
from labdesk.store import room_screen as store_room
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from labdesk.gui.phones import PhoneServer
    from labdesk.gui.poll_results import LivePoll
    from labdesk.gui.screens import AppRemote
    from labdesk.gui.undo import UndoHistory

log = logging.getLogger("labdesk.gui")

# What the room views show: the timer, the message and blanking, the agenda and the workshop.
ROOM_VIEW_TOPICS = Topic.RUN | Topic.SCREENS | Topic.AGENDA | Topic.WORKSHOP


@dataclass(frozen=True)
class Surroundings:
    """What the services see of the world: the clock and the screens. Tests give fakes (a
    FakeClock; screens plugged in and out by hand)."""

    clock: Clock = system_clock
    screens: Callable[[], Sequence[Any]] | None = None
    primary: Callable[[], Any] | None = None


class Services(QObject):
    """Everything that lives as long as the open workshop, whichever area is showing."""

    def __init__(
        self,
        doc: WorkshopFile,
        surroundings: Surroundings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        around = surroundings or Surroundings()
        self.surroundings = around
        self.session = WorkshopSession(doc, self)
        self.day = RunController(self.session, around.clock, self)
        self.projector = ProjectorWindow(screens=around.screens, primary=around.primary)
        self.presenter = Presenter(self.day, self.projector, self)
        self._undo: UndoHistory | None = None  # made when first needed (see undo)
        self.calls = GuiCalls(self)
        self._phones: PhoneServer | None = None  # made when first needed (see phones)
        self._remote: AppRemote | None = None
        self._polls: LivePoll | None = None  # made when first needed (see polls)
        self.poll_cues = PollCues(self, self)  # questions that open as their phase comes
        self.session.changed.connect(self._room_changed)
        self.closed = False
        if store_room.poll_shown(doc.con):  # results were up when the file closed: they
            self.polls  # noqa: B018  go up again once the window is (LivePoll's timer)

    @property
    def undo(self) -> UndoHistory:
        """Edit › Undo and Redo. Made when first needed: the main window puts it in the Edit
        menu once the window is painted, or an area's first edit does."""
        if self._undo is None:
            from labdesk.gui.undo import UndoHistory

            self._undo = UndoHistory(self.session, self)
        return self._undo

    @property
    def phones(self) -> PhoneServer:
        """The phone server and the screens in the room it serves. Made when first needed (the
        Feedback area, the Screens dialog): it is off when a workshop opens, and its modules are
        not part of the app's start."""
        if self._phones is None:
            from labdesk.gui.phones import PhoneServer
            from labdesk.gui.screens import AppRemote

            remote = self._remote = AppRemote(self.presenter, lambda: self.session.doc, self.calls)
            clock = self.surroundings.clock
            self._phones = PhoneServer(self.session, self, remote=remote, clock=clock)
            self._phones.codes_changed.connect(self._corner_code)
        return self._phones

    @property
    def remote(self) -> AppRemote:
        """What the web remote's presses go to (through the phone server's room screens)."""
        self.phones  # noqa: B018 (made with it)
        assert self._remote is not None
        return self._remote

    @property
    def polls(self) -> LivePoll:
        """Poll results on the projector, kept up to date. Made when a poll is first shown (or
        was shown when the file opened): drawing results is not part of the app's start."""
        if self._polls is None:
            from labdesk.gui.poll_results import LivePoll

            self._polls = LivePoll(self, self._poll_address, self)
        return self._polls

    @property
    def polls_if_made(self) -> LivePoll | None:
        """The poll results' follower if a poll has been shown (never makes it)."""
        return self._polls

    @property
    def phones_running(self) -> bool:
        """The phone server is up (asking never makes or starts it)."""
        return self._phones is not None and self._phones.running

    @property
    def poll_address(self) -> str:
        """Where phones answer the question open now ("" while the phone server is off)."""
        return self._poll_address()

    @property
    def doc(self) -> WorkshopFile:
        return self.session.doc

    def _room_changed(self, topic: Topic) -> None:
        """What the room views show changed here: they hear of it at once. A poll shown by
        another process (`labdesk poll`) goes up on the projector too."""
        if topic & ROOM_VIEW_TOPICS and not self.closed and self._phones is not None:
            self._phones.room_changed()
        new_poll = topic & Topic.POLLS and self._polls is None and not self.closed
        if new_poll and store_room.poll_shown(self.doc.con):
            self.polls  # noqa: B018 (made now, it draws them at its next beat)

    def _corner_code(self) -> None:
        """While the phone server runs, its feedback code sits in the projector's corner."""
        if not self.closed:
            self.presenter.set_corner_code(self.phones.corner_code())

    def _poll_address(self) -> str:
        server = None if self._phones is None else self._phones.server
        return "" if server is None else str(server.poll_url)

    def shutdown(self) -> None:
        """Stop everything, in order: the phone server (every post answered "thank you" is on
        disk, and nobody is answered after this), the projector, the timer, then the file."""
        if self.closed:
            return
        self.closed = True
        if self._polls is not None:
            self._polls.stop()
        self.calls.close()  # a remote's message now is refused, not left waiting
        if self._undo is not None:
            self._undo.clear()
        try:
            if self._phones is not None:
                self._phones.stop_and_wait()
        finally:
            try:
                self.presenter.close()
                self.projector.close()
                self.projector.deleteLater()
            finally:
                try:
                    self.day.stop()
                finally:
                    self.session.close()
