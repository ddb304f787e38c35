"""The phone server of the open workshop (labdesk.web.server.AttendeeServer), as a service: it is
started and stopped on a worker thread so the GUI never waits, its commits reach the GUI thread,
and it says what its QR codes open. The Feedback area only shows it and asks it to start or stop;
closing that area leaves the server running."""

from __future__ import annotations

import logging
import threading
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from labdesk.core.timer import Clock, system_clock
from labdesk.gui.background import emit_from_worker, start_worker
from labdesk.gui.projector import QrCode
from labdesk.store import WorkshopFileError
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic

if TYPE_CHECKING:
    from labdesk.core.presenter import Presenter
    from labdesk.gui.session import WorkshopSession
    from labdesk.web.server import AttendeeServer

log = logging.getLogger("labdesk.gui")

# What the feedback QR code opens: the index of sessions, one session, or the commitment card.
INDEX = "index"
CARD = "card"
# Commits this close together are told to the areas once: a burst of a hundred posts a second
# costs the GUI thread twenty looks at the file, not a hundred.
LOOK_AFTER_MS = 50


class ServerState(Enum):
    OFF = "off"
    STARTING = "starting"
    ON = "on"
    STOPPING = "stopping"


def session_target(agenda_item_id: int) -> str:
    return f"session/{agenda_item_id}"


class _Bridge(QObject):
    """Carries the worker threads' news to the GUI thread (signals cross threads as queued
    calls)."""

    committed = Signal(object)  # the topics of one commit (a Topic)
    started = Signal(object)  # the AttendeeServer, or the reason it did not start (str)
    stopped = Signal()


class PhoneServer(QObject):
    """Start, stop and describe the attendee server. `state_changed` fires when it has started,
    failed to start, or stopped; `codes_changed` when what its QR codes show changed; `committed`
    (on the GUI thread) after phones' posts are committed, with their topics (commits within
    LOOK_AFTER_MS of each other told together)."""

    state_changed = Signal()
    codes_changed = Signal()
    committed = Signal(object)

    def __init__(
        self,
        session: WorkshopSession,
        parent: QObject | None = None,
        *,
        remote: Presenter | None = None,
        clock: Clock = system_clock,
    ) -> None:
        """remote: what the web remote's presses go to (the app's presenter); clock: the
        wall clock the room view is timed by (the day's own)."""
        super().__init__(parent)
        self.session = session
        self.remote = remote
        self.clock = clock
        self.server: AttendeeServer | None = None
        self.state = ServerState.OFF
        self.message = ""  # why it did not start, until the next try
        self.target = INDEX
        self._starting: tuple[threading.Thread, dict[str, AttendeeServer]] | None = None
        self._bridge = _Bridge(self)
        self._bridge.committed.connect(self._committed)
        self._told = Topic(0)  # committed, not yet told
        self._look = QTimer(self)
        self._look.setSingleShot(True)
        self._look.setInterval(LOOK_AFTER_MS)
        self._look.timeout.connect(self._tell)
        self._bridge.started.connect(self._on_started)
        self._bridge.stopped.connect(self._on_stopped)

    def _committed(self, topics: Topic) -> None:
        """Phones' posts are on disk: the session tells the areas soon (once for the commits
        of the next moment, with what changed)."""
        self._told |= topics
        if not self._look.isActive():
            self._look.start()

    def _tell(self) -> None:
        topics, self._told = self._told, Topic(0)
        if not self.session.doc.closed:
            self.session.look_now()
        self.committed.emit(topics)

    # -- starting and stopping ------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def busy(self) -> bool:
        """Starting or stopping."""
        return self.state in (ServerState.STARTING, ServerState.STOPPING)

    def start(self, host: str, port: int) -> None:
        """Start on a worker thread; `state_changed` says when it is up (or why not)."""
        if self.busy or self.server is not None:
            return
        from labdesk.web.server import AttendeeServer, WebServerError

        self.state = ServerState.STARTING
        self.message = ""
        self.state_changed.emit()
        bridge, path, remote, clock = self._bridge, self.session.path, self.remote, self.clock
        made: dict[str, AttendeeServer] = {}

        def tell(topics: Topic) -> None:
            emit_from_worker(bridge.committed, topics)

        def work() -> None:
            try:
                server = AttendeeServer(
                    path, host, port, on_commit=tell, presenter=remote, clock=clock
                )
                made["server"] = server
                server.start()
            except WebServerError as exc:
                emit_from_worker(bridge.started, str(exc))
                return
            except Exception as exc:  # never leave the button disabled
                log.exception("starting the phone server failed")
                emit_from_worker(bridge.started, f"The phone server did not start: {exc}")
                return
            if not emit_from_worker(bridge.started, server):  # the workshop closed while it started
                server.stop()

        self._starting = (start_worker("labdesk-web-start", work), made)

    def _on_started(self, result: object) -> None:
        self._starting = None
        self.state = ServerState.OFF
        if isinstance(result, str):
            self.message = result
            self.state_changed.emit()
            return
        server: AttendeeServer = result  # type: ignore[assignment]
        if self.session.doc.closed:  # closed meanwhile: nobody is to be told "thank you"
            start_worker("labdesk-web-stop", server.stop)
            return
        self.server = server
        self.state = ServerState.ON
        if not server.host.startswith("127."):
            # Blank commitment cards printed from now on point their QR code here.
            try:
                store_workshop.set_setting(self.session.doc, "web_host", server.public_host)
                store_workshop.set_setting(self.session.doc, "web_port", server.port)
            except WorkshopFileError:
                log.warning("could not remember the server's address", exc_info=True)
        self.state_changed.emit()
        self.codes_changed.emit()

    def stop(self) -> None:
        """Stop on a worker thread; `state_changed` says when it has stopped."""
        server, self.server = self.server, None
        if server is None:
            return
        self.state = ServerState.STOPPING
        self.state_changed.emit()
        self.codes_changed.emit()
        bridge = self._bridge

        def work() -> None:
            try:
                server.stop()
            finally:
                emit_from_worker(bridge.stopped)

        start_worker("labdesk-web-stop", work)

    def _on_stopped(self) -> None:
        self.state = ServerState.OFF
        self.state_changed.emit()

    def stop_and_wait(self) -> None:
        """Stop now and wait for it (before the workshop closes): every post already answered
        "thank you" is on disk, and nobody is told "thank you" after this."""
        starting, self._starting = self._starting, None
        if starting is not None:  # still starting: let it finish, then stop it
            thread, made = starting
            thread.join(30)
            if made.get("server") is not None and made["server"] is not self.server:
                made["server"].stop()
        server, self.server = self.server, None
        self.state = ServerState.OFF
        if server is not None:
            server.stop()
            self.codes_changed.emit()

    def room_changed(self) -> None:
        """The app stored a change the room views show (the timer, a message, the blanking)."""
        if self.server is not None:
            self.server.room_changed()

    # -- what the codes open --------------------------------------------------------------------
    def set_target(self, target: str) -> None:
        """What the feedback code opens: INDEX, CARD or session_target(id)."""
        if target != self.target:
            self.target = target
            self.codes_changed.emit()

    def hotspot(self) -> tuple[str, str]:
        """The hotspot's name and password, as set in the workshop."""
        doc = self.session.doc
        ssid = str(store_workshop.get_setting(doc, "hotspot_ssid") or "").strip()
        return ssid, str(store_workshop.get_setting(doc, "hotspot_password") or "")

    def hotspot_changed(self) -> None:
        self.codes_changed.emit()

    def feedback_url(self) -> str:
        """The address the feedback code opens ("" while the server is off)."""
        if self.server is None:
            return ""
        url = str(self.server.url)
        return url if self.target == INDEX else url + self.target

    def wifi_payload(self) -> str:
        from labdesk.core.qr import wifi_join_payload

        ssid, password = self.hotspot()
        return wifi_join_payload(ssid, password) if ssid else ""

    def codes(self) -> list[QrCode]:
        """ "1. Join Wi-Fi <name>" (if a hotspot is set) and "2. Give feedback", while the
        server runs; none while it is off."""
        from labdesk.core.qr import qr_png  # the compiled encoder, once a code is drawn

        url = self.feedback_url()
        if not url:
            return []
        codes: list[QrCode] = []
        wifi = self.wifi_payload()
        if wifi:
            # Typed out as well, for phones that cannot scan.
            ssid, password = self.hotspot()
            secret = f"Password: {password}" if password else "No password"
            codes.append(QrCode(qr_png(wifi), f"1. Join Wi-Fi {ssid}\n{secret}"))
        codes.append(QrCode(qr_png(url), f"{len(codes) + 1}. Give feedback\nor type {url}"))
        return codes

    def corner_code(self) -> QrCode | None:
        """The code the projector keeps in its corner while the server runs."""
        from labdesk.core.qr import qr_png

        url = self.feedback_url()
        return QrCode(qr_png(url), "Give feedback") if url else None
