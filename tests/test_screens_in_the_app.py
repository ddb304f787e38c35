"""The screens in the room while the app holds the file, over real HTTP against the app's own phone
server (127.0.0.1): the remote's presses move the app's presenter as the clicker does, the room
view follows the app's timer and shows the facilitator's message, a door desk's check-in shows at
the app's desk, and a PIN revoked in the Screens dialog is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from labdesk.core.checkin import ScanKind
from labdesk.core.timer import Status
from labdesk.gui.areas import checkin as checkin_area
from labdesk.gui.keys import Action
from labdesk.gui.screens_dialog import ScreensDialog, spaced_pin
from labdesk.store import open_workshop, room_screen, screen_pins
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner
from labdesk.store.screen_pins import ScreenKind
from labdesk.web.server import AttendeeServer
from tests.screens_client import Device, Stream, pin_of


@pytest.fixture
def server(qtbot, services) -> AttendeeServer:  # type: ignore[no-untyped-def]
    """The app's phone server, started as the Feedback area starts it."""
    services.phones.start("127.0.0.1", 0)
    qtbot.waitUntil(lambda: services.phones.server is not None, timeout=15000)
    found: AttendeeServer = services.phones.server
    return found


@pytest.fixture
def remote(server, services) -> Iterator[Device]:  # type: ignore[no-untyped-def]
    device = Device(server.remote_url, "127.0.7.1")
    assert device.sign_in(pin_of(services.doc, ScreenKind.REMOTE)).status_code == 303
    yield device
    device.close()


def meanwhile(qtbot, request: Callable[[], Any]) -> Any:  # type: ignore[no-untyped-def]
    """Make a request on a thread of its own while the app's event loop runs (the press is done
    on the GUI thread, as a tablet's would be); returns its answer."""
    answers: list[Any] = []
    thread = threading.Thread(target=lambda: answers.append(request()), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    thread.join()
    return answers[0]


def room_now(server: AttendeeServer) -> dict[str, Any]:
    answer = httpx.get(server.room_url + "/now")
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def test_a_remote_press_moves_the_apps_presenter_as_the_clicker_does(
    qtbot, services, server, remote
) -> None:
    """GIVEN the app open on the demo with its phone server on WHEN the remote presses next,
    start, a minute more and blank THEN the app's timer, its projector and the remote's answer
    all say the same, exactly as the clicker's keys would have; a message is refused plainly when
    too long and stored when not."""
    day, presenter = services.day, services.presenter
    answer = meanwhile(qtbot, lambda: remote.press("start-pause"))
    assert answer.status_code == 200 and answer.json()["ok"]
    assert day.timer.state.status is Status.RUNNING and not presenter.show.frame.paused
    assert presenter.show.frame.phase == "Arrival"
    assert answer.json()["text"] == "Running: Arrival, coffee and check-in: Arrival"
    answer = meanwhile(qtbot, lambda: remote.press("next")).json()
    assert day.timer.index == 1
    assert presenter.show.frame.phase == day.timer.step.name == "Welcome"
    assert answer["text"] == "Now: Welcome and networking pairs: Welcome"
    assert answer["view"]["running"] and answer["view"]["phase"] == "Welcome"
    # The clicker's key does the same as the remote's button.
    presenter.perform(Action.PLUS_MINUTE)
    assert day.timer.state.extra_s == 60
    answer = meanwhile(qtbot, lambda: remote.press("plus-minute")).json()
    assert day.timer.state.extra_s == 120
    assert (
        answer["text"]
        == f"Welcome and networking pairs: Welcome now has {day.timer.display()} left"
    )
    answer = meanwhile(qtbot, lambda: remote.press("blank")).json()
    assert answer["text"] == "The projector is blank."
    assert presenter.show.blanked and services.projector.canvas.show_value.blanked
    assert answer["view"]["blank"]  # the remote and the room views read it from the file
    answer = meanwhile(qtbot, lambda: remote.press("blank")).json()
    assert answer["text"] == "The projector shows again." and not presenter.show.blanked
    assert presenter.show.frame.mode == "phase"
    too_long = meanwhile(qtbot, lambda: remote.press("message", "x" * 200))
    assert too_long.status_code == 409 and not too_long.json()["ok"]
    assert room_screen.room_message(services.doc) is None
    said = meanwhile(qtbot, lambda: remote.press("message", "Swap roles now")).json()
    assert said["ok"] and said["text"] == "Showing: Swap roles now"
    assert room_screen.room_message(services.doc).text == "Swap roles now"  # type: ignore[union-attr]


def test_the_room_view_follows_the_apps_timer_and_the_facilitators_message(
    qtbot, services, server
) -> None:
    """GIVEN a room view listening WHEN the facilitator starts the day at the laptop (the
    clicker, not the remote), time passes, they pause it, and put a message on the screens
    THEN the room view counts down from the app's own anchor, stops when the app stops, and shows
    the message; it never needed the remote."""
    clock, day, presenter = services.surroundings.clock, services.day, services.presenter
    stream = Stream(server.room_url + "/events")
    try:
        assert stream.wait_for(lambda v: True)["mode"] == "idle"
        presenter.perform(Action.NEXT)
        presenter.perform(Action.START_PAUSE)
        running = stream.wait_for(lambda v: v["running"], timeout=3.0)
        assert running["phase"] == day.timer.step.name == "Welcome"
        assert running["ends_at"] == pytest.approx(clock() + day.timer.remaining(), abs=0.01)
        clock.advance(90)
        qtbot.waitUntil(lambda: presenter.show.frame.countdown == day.timer.display())
        now = room_now(server)  # a device counts down from the anchor: it agrees with the app
        assert now["ends_at"] - clock() == pytest.approx(day.timer.remaining(), abs=0.01)
        assert now["running"] and now["phase"] == presenter.show.frame.phase
        seen = stream.mark()
        presenter.perform(Action.START_PAUSE)
        paused = stream.wait_for(lambda v: not v["running"], timeout=3.0, after=seen)
        assert paused["remaining_s"] == pytest.approx(day.timer.remaining(), abs=0.01)
        # The facilitator's message, stored as the console stores it.
        room_screen.set_room_message(services.doc, "1 minute — wrap up")
        shown = stream.wait_for(lambda v: v["message"] == "1 minute — wrap up", timeout=3.0)
        assert shown["phase"] == "Welcome" and not shown["running"]
        # Blanked with the clicker's key: the room view says so, and keeps the time.
        presenter.perform(Action.BLANK)
        blank = stream.wait_for(lambda v: v["blank"], timeout=3.0)
        assert blank["phase"] == "Welcome" and blank["remaining_s"] > 0
    finally:
        stream.close()


def test_a_door_desk_check_in_shows_at_the_apps_desk(qtbot, services, server) -> None:
    """GIVEN the app's check-in desk open and a tablet signed in at Door desk 1 WHEN the tablet
    scans a badge THEN the app's desk counts them in at once, and the laptop scanning the same
    badge is told they are already in (one check-in, not two)."""
    with services.doc.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")  # the door opens: nobody is in yet
    area = checkin_area.AreaWidget(services)
    qtbot.addWidget(area)
    qtbot.waitUntil(lambda: area.status_text().startswith("0 of "))
    expected = area.status_text().split(" of ")[1].split(" ")[0]
    tablet = Device(server.desk_url, "127.0.7.2")
    try:
        assert tablet.sign_in(pin_of(services.doc, ScreenKind.DESK)).status_code == 303
        code = Scanner(services.doc).badge_code(18)
        answer = tablet.scan(code)
        assert answer.status_code == 200 and answer.json()["kind"] == ScanKind.CHECKED_IN.value
        name = answer.json()["name"]
    finally:
        tablet.close()
    qtbot.waitUntil(lambda: area.status_text().startswith(f"1 of {expected} in"), timeout=3000)
    assert name not in [p.name for p in area.desk.waiting.rows]
    again = area.desk.handle_scan(code)
    assert again.kind is ScanKind.ALREADY_IN and again.attendee.name == name  # type: ignore[union-attr]


def test_a_pin_revoked_or_renewed_in_the_screens_dialog_is_refused(qtbot, services, server) -> None:
    """GIVEN the Screens dialog showing the room view, Door desk 1 and the remote, a tablet
    signed in at the desk WHEN the facilitator revokes the desk's PIN THEN the tablet's next scan
    is refused and its PIN no longer opens the desk; a desk added in the dialog works with its own
    PIN, and New PIN on the remote shuts its old PIN out."""
    dialog = ScreensDialog(services)
    qtbot.addWidget(dialog)
    assert [c.link.label for c in dialog.cards] == ["Room view", "Door desk 1", "Remote"]
    desk_card = dialog.card("Door desk 1")
    old_pin = desk_card.link.pin
    assert desk_card.pin.text() == f"PIN  {spaced_pin(old_pin)}"
    assert desk_card.link.url == server.desk_url and desk_card.code.pixmap() is not None
    assert dialog.card("Room view").link.pin == ""
    tablet = Device(server.desk_url, "127.0.7.3")
    code = Scanner(services.doc).badge_code(24)
    try:
        assert tablet.sign_in(old_pin).status_code == 303
        assert desk_card.link.pin_id is not None
        dialog.revoke(desk_card.link.pin_id)
        assert [c.link.label for c in dialog.cards] == ["Room view", "Remote"]
        assert tablet.scan(code).status_code == 403
        again = Device(server.desk_url, "127.0.7.4")
        assert again.sign_in(old_pin).status_code != 303  # the old PIN opens nothing
        again.close()
        dialog.add_desk_button.click()
        added = dialog.card("Door desk 2")
        assert added.link.pin and added.link.pin != old_pin
        assert tablet.sign_in(added.link.pin).status_code == 303
        assert tablet.scan(code).json()["kind"] == ScanKind.CHECKED_IN.value
    finally:
        tablet.close()
    remote_card = dialog.card("Remote")
    old_remote = remote_card.link.pin
    assert remote_card.link.pin_id is not None
    dialog.renew(remote_card.link.pin_id)
    new_remote = dialog.card("Remote").link.pin
    assert new_remote != old_remote
    device = Device(server.remote_url, "127.0.7.5")
    try:
        assert device.sign_in(old_remote).status_code != 303
        assert device.sign_in(new_remote).status_code == 303
        assert dialog.attempts.text().startswith(("1 wrong PIN", "2 wrong PINs"))
    finally:
        device.close()
    with open_workshop(services.doc.path, lock=False) as other:  # what the file now says
        live = {p.name: p.pin for p in screen_pins.live_pins(other)}
        other.close(take_backup=False)
    assert live == {"Door desk 2": added.link.pin, "Remote": new_remote}


# Bringing the dialog to the front: the offscreen platform cannot, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)
def test_the_screens_are_one_place_reached_from_the_menu_and_feedback(
    qtbot, qsettings_isolated
) -> None:
    """GIVEN the demo open in the main window WHEN the facilitator opens View › Screens in the
    Room… with the phone server off THEN it says to start the server in Feedback (and goes
    there); once the server is on, the same dialog (also reached from the Feedback area) shows
    every screen's QR code; closing the workshop closes it."""
    from labdesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_new_demo()
    window.act_screens.trigger()
    dialog = window.findChild(ScreensDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.state.text().startswith("The phone server is off: start it in Feedback")
    assert all(not c.link.url for c in dialog.cards)
    dialog.feedback_button.click()
    feedback = window.current_area()
    assert feedback is window.areas["feedback"]
    feedback.start_server("127.0.0.1", 0)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: feedback.server is not None, timeout=15000)  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: [c.link.label for c in dialog.cards] == ["Room view", "Door desk 1", "Remote"]
    )
    assert all(c.link.url and c.code.pixmap() is not None for c in dialog.cards)
    assert dialog.state.text().startswith("The phone server is on (only this laptop)")
    feedback.server_panel.screens.click()  # type: ignore[attr-defined]
    assert window.findChildren(ScreensDialog) == [dialog]  # one place, not a second copy
    window.close_workshop()
    qtbot.waitUntil(lambda: not window.findChildren(ScreensDialog))


def test_a_press_while_the_workshop_closes_is_refused_at_once(qtbot, services, server) -> None:
    """A remote's press that arrives as the laptop closes the workshop is answered "not done"
    at once (the server is waiting for it to stop), and nothing moves afterwards."""
    answers: list[Any] = []
    thread = threading.Thread(target=lambda: answers.append(services.remote.press("next")))
    thread.start()
    services.shutdown()  # on the GUI thread, which never ran the press
    thread.join(2)
    assert not thread.is_alive()
    assert not answers[0].ok
    assert answers[0].text == "Not done: the workshop is closed on the laptop."
    assert services.day.timer.index == 0


def test_presses_from_two_remotes_at_once_are_each_done_once(
    qtbot, services, server, remote
) -> None:
    """Two people with the remote press Next five times each, at the same moment: the app's
    timer moves ten steps, one after the other, none lost and none doubled."""
    other = Device(server.remote_url, "127.0.7.6")
    assert other.sign_in(pin_of(services.doc, ScreenKind.REMOTE)).status_code == 303
    answers: list[Any] = []

    def five(device: Device) -> None:
        for _ in range(5):
            answers.append(device.press("next"))

    threads = [threading.Thread(target=five, args=(d,), daemon=True) for d in (remote, other)]
    for thread in threads:
        thread.start()
    qtbot.waitUntil(lambda: len(answers) == 10, timeout=20000)
    for thread in threads:
        thread.join()
    other.close()
    assert all(a.status_code == 200 and a.json()["ok"] for a in answers)
    assert services.day.timer.index == 10
    steps = [a.json()["text"] for a in answers]
    assert len(set(steps)) == 10  # each press saw its own step: never two at once
