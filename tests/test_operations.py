"""Work longer than a frame runs off the GUI thread (labdesk.gui.operations): the room's countdown
keeps ticking while 10,000 badges are laid out; results and errors come back on the GUI thread,
only to a window still there; closing the workshop waits for work under way."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QThread, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from labdesk.core.model import Attendee
from labdesk.gui.keys import Action
from labdesk.gui.main_window import MainWindow
from labdesk.gui.operations import Operation
from labdesk.gui.printing import PrintPreview
from labdesk.store import attendees as store_attendees
from labdesk.store import open_workshop
from labdesk.store.demo import create_demo


def _seconds(countdown: str) -> int:
    minutes, seconds = countdown.lstrip("+").split(":")[-2:]
    return int(minutes) * 60 + int(seconds)


@pytest.mark.slow
def test_the_countdown_keeps_ticking_while_10000_badges_are_laid_out(
    qtbot, tmp_path, qsettings_isolated, monkeypatch
):
    """GIVEN the demo with 10,000 people and a phase running on the projector, WHEN badges for
    everyone are printed from the Attendees area, THEN while they are laid out the countdown
    shows every second in turn (none skipped) and the GUI thread is never held for long."""
    path = tmp_path / "big.labdesk"
    doc = create_demo(path)
    store_attendees.add_many(
        doc,
        [
            Attendee(name=f"Person{n} Surname{n % 997}", organisation=f"Trust {n % 50}")
            for n in range(10_000)
        ],
    )
    doc.close(take_backup=False)
    window = MainWindow()  # the real clock: the room's time passes while the badges are made
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_path(path)
    services = window.services
    services.presenter.perform(Action.NEXT)
    services.presenter.perform(Action.START_PAUSE)
    attendees = window.show_area("attendees")
    out = tmp_path / "badges.pdf"
    opened: list[object] = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][a[4]], True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    # The print preview comes up once they are laid out: Save as PDF… from it.
    monkeypatch.setattr(PrintPreview, "exec", lambda d: (opened.append(d.path), d.save())[1])
    shown: list[tuple[float, str]] = []
    services.presenter.shown.connect(
        lambda show: shown.append((time.monotonic(), show.frame.countdown))
    )
    clock, gaps, last = QElapsedTimer(), [0.0], [0.0]
    clock.start()

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    watch = QTimer()
    watch.setInterval(5)
    watch.timeout.connect(beat)
    watch.start()
    started = time.monotonic()
    attendees.badges_button.click()
    assert window.working.isVisible() and window.working.text() == "Laying out badges…"
    qtbot.waitUntil(lambda: bool(opened), timeout=120_000)
    took = time.monotonic() - started
    watch.stop()
    qtbot.waitUntil(lambda: not window.working.isVisible(), timeout=5000)
    during = [c for t, c in shown if started <= t <= started + took and c]
    seconds = [_seconds(c) for c in during]
    frame_gaps = [b - a for (a, _), (b, _) in itertools.pairwise(shown)]
    longest_block = max(gaps[1:]) - 5
    print(
        f"\n10,000 badges laid out in {took:.1f} s; longest gap between countdown frames "
        f"{max(frame_gaps) * 1000:.0f} ms; longest GUI block {longest_block:.0f} ms"
    )
    assert out.stat().st_size > 0 and services.phones is not None
    assert took > 1.0 and len(seconds) >= int(took)  # a new frame every second meanwhile
    assert all(a - b == 1 for a, b in itertools.pairwise(seconds))  # none skipped
    assert max(frame_gaps) < 1.5
    window.close_workshop()


def test_results_and_errors_come_back_on_the_gui_thread(qtbot, services):
    gui = QCoreApplication.instance().thread()
    ran_on: list[object] = []
    results: list[int] = []
    failures: list[Exception] = []

    def count(doc):  # type: ignore[no-untyped-def]
        ran_on.append(QThread.currentThread())
        return store_attendees.count(doc)

    def fail(doc):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", "/media/usb/x.pdf")

    def on_gui(value: int) -> None:
        assert QThread.currentThread() is gui
        results.append(value)

    Operation(services.session, "Counting…", count, success=on_gui).run()
    Operation(services.session, "Writing…", fail, success=on_gui).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(results and failures), timeout=10_000)
    assert results == [60] and ran_on and ran_on[0] is not gui
    assert "No space left" in str(failures[0])


def test_a_window_gone_before_the_work_is_done_is_not_told(qtbot, services):
    gate = threading.Event()
    told: list[object] = []
    window = QWidget()
    operation = Operation(
        services.session, "Waiting…", lambda doc: gate.wait(10), success=told.append, parent=window
    ).run()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.set()
    operation.wait(10)
    qtbot.waitUntil(lambda: services.session.work_text() == "", timeout=5000)  # it came back
    assert told == []


def test_a_failure_says_so_plainly(qtbot, services, monkeypatch):
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: boxes.append(title))

    def broken(doc):  # type: ignore[no-untyped-def]
        raise OSError(13, "Permission denied", "/read-only/badges.pdf")

    Operation(services.session, "Laying out badges…", broken, success=print).run()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    assert boxes == ["Laying out badges failed"]


def test_closing_the_workshop_waits_for_a_write_under_way(qtbot, services, monkeypatch):
    """A worker writing into the file when the workshop closes: it finishes first, and what it
    wrote is there."""
    gate = threading.Event()

    def add(doc):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return store_attendees.add(doc, Attendee(name="Late Arrival")).id

    Operation(services.session, "Adding…", add, success=lambda _id: None).run()
    path = services.doc.path
    stop = services.phones.stop_and_wait
    monkeypatch.setattr(services.phones, "stop_and_wait", lambda: (gate.set(), stop()))
    services.shutdown()  # the write is still waiting when the closing begins
    with open_workshop(Path(path), lock=False) as doc:
        assert "Late Arrival" in {a.name for a in store_attendees.load_all(doc)}
        doc.close(take_backup=False)


def test_work_with_no_label_goes_unsaid_in_the_status_bar(qtbot, services):
    """The postcards due are counted on a worker as a workshop opens, with no label: the status
    bar says only what is worth saying ("Laying out badges…"), with no stray separator."""
    gate = threading.Event()
    quiet = Operation(services.session, "", lambda doc: gate.wait(10), success=lambda _: None)
    said = Operation(
        services.session, "Laying out badges…", lambda doc: gate.wait(10), success=lambda _: None
    )
    quiet.run()
    assert services.session.work_text() == ""
    said.run()
    assert services.session.work_text() == "Laying out badges…"
    gate.set()
    quiet.wait(10)
    said.wait(10)
    qtbot.waitUntil(lambda: services.session.work_text() == "", timeout=5000)
