"""An unhandled exception in the GUI: a plain dialog, and the day carries on (timers, server)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from labdesk.core.timer import FakeClock
from labdesk.gui import errors
from labdesk.gui.main_window import MainWindow
from labdesk.gui.services import Surroundings
from tests.webphone import Phone, path_of


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The app's own exception hook in place (not pytest-qt's); its dialogs recorded."""
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(sys, "excepthook", errors._excepthook)
    monkeypatch.setattr(errors, "_last_shown", {})
    errors.setup_logging()
    return shown


def _raise_soon(message: str) -> None:
    def broken() -> None:
        raise RuntimeError(message)

    QTimer.singleShot(0, broken)


@pytest.mark.qt_no_exception_capture
def test_an_unhandled_error_shows_the_dialog_and_the_day_carries_on(
    qtbot, qsettings_isolated, dialogs
) -> None:
    """GIVEN the demo open, the phase timer running and the phone server up, WHEN a slot raises,
    THEN a plain dialog says what failed, that nothing saved was lost and where the log is; the
    window stays, the timer keeps counting and the server keeps taking posts."""
    clock = FakeClock(time.time())
    window = MainWindow(Surroundings(clock=clock))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_new_demo()
    controller = window.services.day
    controller.next()
    controller.start()
    feedback = window.show_area("feedback")
    feedback.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: feedback.server is not None, timeout=15000)
    server = feedback.server
    try:
        before = controller.frame().countdown
        _raise_soon("the clicker sent nonsense")
        qtbot.waitUntil(lambda: len(dialogs) == 1)
        assert "the clicker sent nonsense" in dialogs[0]
        assert "Nothing already saved was lost" in dialogs[0]
        assert errors.log_path() in dialogs[0]
        assert window.isVisible() and window.session is not None
        clock.advance(65)
        qtbot.waitUntil(lambda: controller.frame().countdown != before, timeout=3000)
        phone = Phone(server.origin)
        url = path_of(server.card_url)
        phone.get(url)
        assert phone.post(url, {"action": "Still taken", "name": "Ann"}).status_code == 303
        log = Path(errors.log_path()).read_text(encoding="utf-8")
        assert "RuntimeError: the clicker sent nonsense" in log
    finally:
        window.close_workshop()
        qtbot.waitUntil(lambda: not server.running, timeout=10000)


@pytest.fixture
def console(qtbot, demo_file, make_services):  # type: ignore[no-untyped-def]
    from labdesk.gui.areas import run_day

    clock = FakeClock(time.time())
    area = run_day.AreaWidget(make_services(demo_file, clock))
    qtbot.addWidget(area)
    area.resize(1200, 800)
    area.show()
    area.clock = clock
    return area


@pytest.mark.qt_no_exception_capture
def test_an_error_inside_the_timer_tick_leaves_the_timer_running(qtbot, console, dialogs) -> None:
    """GIVEN a phase about to end, WHEN the end-of-phase chime fails (no sound device), THEN the
    dialog shows once and the countdown still moves on by itself afterwards."""
    c = console.controller

    def no_sound() -> None:
        raise OSError("no sound device")

    c.chime = no_sound
    c.next()
    c.start()
    console.clock.advance(c.timer.remaining() + 0.5)  # the phase ends on the next tick
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=3000)
    assert "no sound device" in dialogs[0]
    shown = c.frame().countdown
    console.clock.advance(90)
    qtbot.waitUntil(lambda: c.frame().countdown != shown, timeout=3000)
    assert c.frame().countdown.startswith("+")  # overrunning, counted correctly


@pytest.mark.qt_no_exception_capture
def test_an_error_that_repeats_shows_one_dialog_not_a_stack(
    qtbot, qsettings_isolated, dialogs, monkeypatch
) -> None:
    """A slot failing on every repaint would otherwise open dialog after dialog: the same error
    is shown once a minute at most (and always logged); a different one is shown."""
    now = [1000.0]
    monkeypatch.setattr(errors, "clock", lambda: now[0])
    failing = QTimer()
    failing.setInterval(0)
    calls = [0]

    def again() -> None:
        calls[0] += 1
        raise ValueError("the same thing again")

    failing.timeout.connect(again)
    failing.start()
    qtbot.waitUntil(lambda: calls[0] >= 20)
    failing.stop()
    assert len(dialogs) == 1
    now[0] += 61
    _raise_soon("something else")
    qtbot.waitUntil(lambda: len(dialogs) == 2)
    assert "something else" in dialogs[1]
