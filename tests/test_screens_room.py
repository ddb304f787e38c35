"""The room view and the remote, over real HTTP against the laptop's server: the view follows the
stored timer whoever changes it, carries its countdown as an anchor, shows the facilitator's
messages; the remote's presses go through the presenter, one at a time, none lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from labdesk.core.presenter import PresenterAction
from labdesk.core.timer import PhaseTimer, Status, day_steps
from labdesk.store import agenda as store_agenda
from labdesk.store import room_screen
from labdesk.store import run_state as store_run
from labdesk.store.presenter import StoredPresenter
from labdesk.store.screen_pins import ScreenKind
from labdesk.web.server import AttendeeServer
from tests.screens_client import Device, Stream, pin_of, visible_text


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    presenter = StoredPresenter(demo_file.path)
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0, presenter=presenter)
    srv.start()
    yield srv
    srv.stop()
    presenter.close()


@pytest.fixture
def remote(server, demo_file) -> Iterator[Device]:  # type: ignore[no-untyped-def]
    device = Device(server.remote_url, "127.0.6.1")
    assert device.sign_in(pin_of(demo_file, ScreenKind.REMOTE)).status_code == 303
    yield device
    device.close()


def stored_timer(doc) -> PhaseTimer:  # type: ignore[no-untyped-def]
    return PhaseTimer(day_steps(store_agenda.load(doc)), time.time, store_run.load_timer(doc))


def test_the_room_view_needs_the_token_and_nothing_else(server) -> None:
    token = server.token
    wrong = httpx.get(
        server.room_url.replace(token, token[:-1] + ("y" if token.endswith("x") else "x"))
    )
    assert wrong.status_code == 404 and token not in wrong.text
    page = httpx.get(server.room_url)
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Mental health and persistent back and neck pain" in text and "Starting at 09:30" in text
    assert "Arrival, coffee and check-in" in text  # what comes first, and the day
    # Without its script the page refreshes itself; the script is labdesk's own.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page.text
    assert f'<script src="/{token}/static/room.js" defer>' in page.text
    assert "<script>" not in page.text and "style=" not in page.text
    assert page.headers["content-security-policy"] == (
        "default-src 'self'; object-src 'none'; frame-ancestors 'none'"
    )


def test_the_room_view_follows_the_timer_and_counts_from_its_anchor(
    server, remote, demo_file
) -> None:
    """GIVEN a room view listening WHEN the remote starts the timer and moves on THEN each change
    reaches the view at once, with the moment the countdown reaches zero (not a tick count)."""
    stream = Stream(server.room_url + "/events")
    try:
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["content-security-policy"].startswith("default-src 'self'")
        first = stream.wait_for(lambda v: True)
        assert first["mode"] == "idle" and first["ends_at"] is None
        pressed = time.time()
        answer = remote.press(PresenterAction.START_PAUSE.value)
        assert answer.status_code == 200 and answer.json()["text"].startswith("Running")
        running = stream.wait_for(lambda v: v["running"], timeout=2.0)
        arrived = time.time()
        assert arrived - pressed < 1.0  # within a second of the press
        timer = stored_timer(demo_file)
        state = timer.state
        assert state.status is Status.RUNNING and state.started_at is not None
        assert running["phase"] == "Arrival" and running["mode"] == "phase"
        assert running["ends_at"] == pytest.approx(state.started_at + timer.duration_s, abs=0.01)
        assert running["next_up"] == "Welcome and networking pairs"
        current = [line for line in running["agenda"] if line["progress"] == "current"]
        assert [line["title"] for line in current] == ["Arrival, coffee and check-in"]
        seen = stream.mark()
        remote.press(PresenterAction.NEXT.value)
        moved = stream.wait_for(lambda v: v["phase"] != "Arrival", timeout=2.0, after=seen)
        assert moved["item"] == "Welcome and networking pairs" and moved["running"]
        seen = stream.mark()
        remote.press(PresenterAction.START_PAUSE.value)
        paused = stream.wait_for(lambda v: not v["running"], after=seen)
        assert paused["ends_at"] is None and paused["remaining_s"] > 0
    finally:
        stream.close()


def test_the_room_view_follows_a_timer_another_connection_changed(server, demo_file) -> None:
    """The holder (the app, say) stores its timer; the room view, served by another connection,
    follows it all the same."""
    stream = Stream(server.room_url + "/events")
    try:
        stream.wait_for(lambda v: True)
        timer = stored_timer(demo_file)
        timer.go_to(3)
        timer.start()
        store_run.save_timer(demo_file, timer.state)
        view = stream.wait_for(lambda v: v["running"], timeout=2.0)
        assert view["phase"] == timer.step.name  # type: ignore[union-attr]
    finally:
        stream.close()


def test_messages_reach_every_room_view_and_flash_each_time(server, remote, demo_file) -> None:
    stream = Stream(server.room_url + "/events")
    try:
        stream.wait_for(lambda v: True)
        answer = remote.press(PresenterAction.MESSAGE.value, "1 minute — wrap up")
        assert answer.json()["ok"] is True
        shown = stream.wait_for(lambda v: v["message"] == "1 minute — wrap up")
        # The console (another connection) sends the same words again: a new serial, a new flash.
        room_screen.set_room_message(demo_file, "1 minute — wrap up")
        again = stream.wait_for(lambda v: v["message_serial"] > shown["message_serial"])
        assert again["message"] == "1 minute — wrap up"
        seen = stream.mark()
        room_screen.clear_room_message(demo_file)
        stream.wait_for(lambda v: v["message"] == "", after=seen)
        page = httpx.get(server.room_url)
        assert 'id="message" class="message" role="alert" hidden' in page.text
    finally:
        stream.close()


def test_stopping_the_server_ends_every_room_view_stream_promptly(demo_file) -> None:
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    srv.start()
    streams = [Stream(srv.room_url + "/events") for _ in range(5)]
    for s in streams:
        s.wait_for(lambda v: True)
    began = time.monotonic()
    srv.stop()
    assert time.monotonic() - began < 2.0
    for s in streams:
        s.close()


def test_the_remote_needs_its_own_pin(server, demo_file) -> None:
    device = Device(server.remote_url, "127.0.6.2")
    page = device.get()
    assert 'name="pin"' in page.text and "Start / Pause" not in page.text
    assert device.press("next").status_code == 403
    assert device.sign_in(pin_of(demo_file, ScreenKind.DESK)).status_code == 403  # a desk's PIN
    assert device.press("next").status_code == 403
    assert store_run.load_timer(demo_file).status is Status.IDLE
    desk = Device(server.desk_url, "127.0.6.3")
    assert desk.sign_in(pin_of(demo_file, ScreenKind.REMOTE)).status_code == 403  # and back
    assert device.sign_in(pin_of(demo_file, ScreenKind.REMOTE)).status_code == 303
    assert "Start / Pause" in device.get().text
    assert device.press("start-pause", csrf="").status_code == 403  # CSRF on every post


def test_each_press_goes_through_the_presenter_and_is_stored(remote, demo_file) -> None:
    assert remote.press("start-pause").json()["ok"]
    assert store_run.load_timer(demo_file).status is Status.RUNNING
    before = stored_timer(demo_file).remaining()
    assert remote.press("plus-minute").json()["ok"]
    assert stored_timer(demo_file).remaining() == pytest.approx(before + 60, abs=2)
    remote.press("minus-minute")
    remote.press("minus-minute")
    assert store_run.load_timer(demo_file).extra_s == -60
    assert remote.press("next").json()["text"].startswith("Now: ")
    assert stored_timer(demo_file).index == 1
    remote.press("previous")
    assert stored_timer(demo_file).index == 0
    assert remote.press("blank").json()["text"] == "The projector is blank."
    assert room_screen.blanked(demo_file)
    assert remote.press("blank").json()["text"] == "The projector shows again."
    assert not room_screen.blanked(demo_file)
    # Starting the day recorded its first item's start, as the console does.
    assert store_run.load_actuals(demo_file)[1].start is not None
    # Refused presses say why and change nothing.
    too_long = remote.press("message", "x" * 200)
    assert too_long.status_code == 409 and "120 characters" in too_long.json()["text"]
    assert room_screen.room_message(demo_file) is None
    assert remote.press("launch-rockets").status_code == 400
    # Without JavaScript a press is Post/Redirect/Get, and the page says what happened.
    plain = remote.press("message", "Swap roles now", json=False)
    assert plain.status_code == 303
    assert "Showing: Swap roles now" in visible_text(remote.get(plain.headers["location"]).text)
    assert room_screen.room_message(demo_file).text == "Swap roles now"  # type: ignore[union-attr]


def test_next_pressed_quickly_many_times_moves_that_many_steps(remote, demo_file) -> None:
    """GIVEN the remote WHEN Next is pressed ten times at once (two hands, a bouncing button)
    THEN the day moves exactly ten steps: no press lost, none half-applied."""
    remote.press("start-pause")
    errors: list[BaseException] = []

    def press() -> None:
        try:
            assert remote.client.post(
                f"{remote.page}/press",
                data={"csrf": remote.csrf, "action": "next"},
                headers={"Accept": "application/json"},
            ).json()["ok"]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=press) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    timer = stored_timer(demo_file)
    assert timer.index == 10 and timer.state.status is Status.RUNNING


def test_a_press_after_another_holder_moved_the_timer_is_not_lost(remote, demo_file) -> None:
    timer = stored_timer(demo_file)
    timer.go_to(4)
    store_run.save_timer(demo_file, timer.state)  # the console moved on meanwhile
    remote.press("next")
    assert stored_timer(demo_file).index == 5


def test_without_a_presenter_the_remote_says_so_and_changes_nothing(demo_file) -> None:
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    srv.start()
    try:
        device = Device(srv.remote_url, "127.0.6.4")
        device.sign_in(pin_of(demo_file, ScreenKind.REMOTE))
        assert "cannot move the timer" in device.get().text
        refused = device.press("next")
        assert refused.status_code == 409 and not refused.json()["ok"]
        assert store_run.load_timer(demo_file).status is Status.IDLE
    finally:
        srv.stop()


def test_the_screens_in_one_list_for_the_app_with_their_qr_codes(server, demo_file) -> None:
    """What the app shows in one place: the room view, each desk with its PIN, the remote with
    its own; each QR code reads back as its address alone (never the PIN)."""
    import io

    import zxingcpp
    from PIL import Image

    from labdesk.store import screen_pins
    from labdesk.web.access import screen_links

    second = screen_pins.add_desk(demo_file)
    links = screen_links(demo_file, server)
    assert [(link.label, link.kind) for link in links] == [
        ("Room view", "room"),
        ("Door desk 1", "desk"),
        (second.name, "desk"),
        ("Remote", "remote"),
    ]
    assert links[0].pin == "" and links[2].pin == second.pin
    assert links[3].pin == pin_of(demo_file, ScreenKind.REMOTE)
    for link in links:
        image = Image.open(io.BytesIO(link.qr_png())).convert("L")
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [link.url]
    screen_pins.revoke(demo_file, second.id)
    assert second.name not in [link.label for link in screen_links(demo_file, server)]
