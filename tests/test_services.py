"""The open workshop's services live above the areas: an area closed or built again stops no
timer, screen or server; the presenter takes actions from any thread; closing the workshop stops
the services in their order."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread

from labdesk.core.timer import Status
from labdesk.gui.areas import feedback as feedback_area
from labdesk.gui.areas import run_day
from labdesk.gui.keys import Action
from labdesk.gui.presenter import PresenterClosed
from labdesk.store import commitments as store_commitments
from tests.webphone import Phone, path_of


def _delete(widget) -> None:  # type: ignore[no-untyped-def]
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_closing_and_rebuilding_areas_stops_no_timer_screen_or_server(qtbot, services) -> None:
    """GIVEN the console and the Feedback area with the timer running, the projector presenting
    and the phone server on, WHEN both areas are closed and deleted, THEN the countdown still
    moves with the clock on the projector, a phone's card is still saved, and areas built
    again show the server on and the same countdown."""
    clock = services.surroundings.clock
    console = run_day.AreaWidget(services)
    feedback = feedback_area.AreaWidget(services)
    console.perform(Action.NEXT)
    console.perform(Action.START_PAUSE)
    console.perform(Action.PRESENT)
    feedback.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: services.phones.server is not None, timeout=15000)
    server = services.phones.server
    before = services.projector.canvas.frame.countdown
    _delete(console)
    _delete(feedback)
    clock.advance(61)
    qtbot.waitUntil(lambda: services.projector.canvas.frame.countdown != before, timeout=3000)
    assert services.day.timer.state.status is Status.RUNNING
    assert services.projector.presenting and services.projector.isVisible()
    assert server.running
    phone = Phone(server.origin)
    url = path_of(server.card_url)
    phone.get(url)
    assert phone.post(url, {"action": "Call the clinic", "name": "Ann"}).status_code == 303
    assert any(c.action == "Call the clinic" for c in store_commitments.load_all(services.doc))
    again, console_again = feedback_area.AreaWidget(services), run_day.AreaWidget(services)
    for area in (again, console_again):
        qtbot.addWidget(area)
    assert again.server_panel.state.text().startswith("On: only this laptop")
    assert again.server_panel.start_stop.text() == "Stop the phone server"
    assert console_again.preview.show_value == services.projector.canvas.show_value
    assert console_again.buttons[Action.PRESENT].text() == "Stop presenting"


def test_the_presenter_takes_actions_from_another_thread_on_the_gui_thread(qtbot, services) -> None:
    """A web remote's thread asks for "next": the action runs on the GUI thread and the answer
    is the frame the room then sees; once the workshop is closed it is refused, plainly."""
    presenter, day = services.presenter, services.day
    ran_on: list[object] = []
    day.changed.connect(lambda: ran_on.append(QThread.currentThread()))
    answers: list[object] = []

    def remote() -> None:
        answers.append(presenter.request(Action.START_PAUSE).result(timeout=10))
        answers.append(presenter.request(Action.NEXT).result(timeout=10))

    thread = threading.Thread(target=remote)
    thread.start()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)
    thread.join()
    assert day.timer.index == 1 and day.timer.state.status is Status.RUNNING
    assert answers[-1].phase == day.timer.step.name
    assert ran_on and all(t is QCoreApplication.instance().thread() for t in ran_on)
    services.shutdown()
    with pytest.raises(PresenterClosed):
        presenter.request(Action.NEXT).result(timeout=1)


def test_a_card_answered_just_before_closing_is_in_the_file(qtbot, services) -> None:
    """The server stops (and its writer commits) before the file closes: what a phone was told
    "thank you" for is in the file, and the server answers nobody afterwards."""
    services.phones.start("127.0.0.1", 0)
    qtbot.waitUntil(lambda: services.phones.server is not None, timeout=15000)
    server = services.phones.server
    phone = Phone(server.origin)
    url = path_of(server.card_url)
    phone.get(url)
    assert phone.post(url, {"action": "Write to my MP", "name": "Bea"}).status_code == 303
    path = services.doc.path
    services.shutdown()
    assert not server.running
    from labdesk.store import open_workshop

    with open_workshop(path, lock=False) as doc:
        assert any(c.action == "Write to my MP" for c in store_commitments.load_all(doc))
        assert doc.integrity(full=True) == "ok"
        doc.close(take_backup=False)
