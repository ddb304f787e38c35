"""Screens come and go during the day: the projector follows, the timer and server carry on."""

from __future__ import annotations

import time

from PySide6.QtCore import QRect

from labdesk.core.timer import FakeClock, Status
from labdesk.gui.keys import Action
from labdesk.gui.main_window import MainWindow
from labdesk.gui.services import Surroundings
from tests.webphone import Phone, path_of


class FakeScreen:
    """A screen as the projector window sees it: a name and a geometry in logical pixels."""

    def __init__(self, name: str, rect: QRect) -> None:
        self._name, self._rect = name, rect

    def name(self) -> str:
        return self._name

    def geometry(self) -> QRect:
        return self._rect


def test_projector_follows_screens_while_the_timer_and_server_keep_running(
    qtbot, qsettings_isolated
) -> None:
    """GIVEN the demo running (phase timer on, phone server up, projector presenting), WHEN a
    projector is plugged in above-left of the laptop (negative coordinates), unplugged, and a
    125 % scaled one plugged in, THEN after each change the projector shows the running phase,
    the countdown has moved on with the clock, and a phone's post is saved."""
    clock = FakeClock(time.time())
    laptop = FakeScreen("eDP-1", QRect(0, 0, 1920, 1200))
    screens = [laptop]
    window = MainWindow(Surroundings(clock, screens=lambda: screens, primary=lambda: laptop))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_new_demo()
    run = window.show_area("run")
    controller, projector = window.services.day, window.services.projector
    run.perform(Action.NEXT)
    run.perform(Action.START_PAUSE)
    run.perform(Action.PRESENT)
    feedback = window.show_area("feedback")
    feedback.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: feedback.server is not None, timeout=15000)
    server = feedback.server
    url = path_of(server.card_url)
    try:
        changes = [
            ("add", FakeScreen("HDMI-1", QRect(-1920, -1080, 1920, 1080)), "fullscreen"),
            ("remove", None, "windowed"),
            ("add", FakeScreen("DP-2", QRect(1920, 0, 1536, 864)), "fullscreen"),  # 125 %
        ]
        for n, (how, screen, mode) in enumerate(changes):
            before = projector.canvas.frame.countdown
            if how == "add":
                screens.append(screen)
            else:
                del screens[1:]
            projector._screens_changed()
            qtbot.waitUntil(lambda mode=mode: projector.mode == mode)
            if screen is not None:
                assert projector.target_geometry == screen.geometry()
            clock.advance(61)
            qtbot.waitUntil(
                lambda before=before: projector.canvas.frame.countdown != before, timeout=3000
            )
            assert projector.canvas.frame.mode == "phase"
            assert controller.timer.state.status is Status.RUNNING
            phone = Phone(server.origin, f"127.0.9.{n + 1}")
            phone.get(url)
            assert (
                phone.post(url, {"action": f"After change {n}", "name": "Ann"}).status_code == 303
            )
        assert server.running
    finally:
        projector.stop_presenting()
        window.close_workshop()
        qtbot.waitUntil(lambda: not server.running, timeout=10000)
