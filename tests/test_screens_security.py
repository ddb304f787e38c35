"""The server's security rules on the screens in the room (desk, remote, room view), tried over
real HTTP on loopback as an attacker would: CSRF on every post, the Host check, the per-address
cap, the three headers on every answer, no file beyond labdesk's own scripts, inert markup."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store import room_screen
from labdesk.store import run_state as store_run
from labdesk.store.changes import Topic
from labdesk.store.presenter import StoredPresenter
from labdesk.store.screen_pins import ScreenKind
from labdesk.web.security import Limits
from labdesk.web.server import AttendeeServer
from tests.screens_client import Device, pin_of
from tests.test_web_security import THE_THREE, XSS, exchange

CSP = "default-src 'self'; object-src 'none'; frame-ancestors 'none'"


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    with demo_file.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")
    presenter = StoredPresenter(demo_file.path)
    srv = AttendeeServer(
        demo_file.path, "127.0.0.1", 0, presenter=presenter, limits=Limits(max_per_address=6)
    )
    srv.start()
    yield srv
    srv.stop()
    presenter.close()


def opened(server, demo_file, kind: ScreenKind, address: str) -> Device:  # type: ignore[no-untyped-def]
    url = server.desk_url if kind is ScreenKind.DESK else server.remote_url
    device = Device(url, address)
    assert device.sign_in(pin_of(demo_file, kind)).status_code == 303
    return device


def test_every_post_of_the_desk_and_remote_needs_its_csrf_token(server, demo_file) -> None:
    desk = opened(server, demo_file, ScreenKind.DESK, "127.0.8.1")
    remote = opened(server, demo_file, ScreenKind.REMOTE, "127.0.8.2")
    stranger = Device(server.desk_url, "127.0.8.3")
    stranger.get()
    from labdesk.store.checkins import Scanner

    code = Scanner(demo_file).badge_code(18)
    posts = [
        (stranger, f"{stranger.page}/pin", {"pin": pin_of(demo_file, ScreenKind.DESK)}),
        (desk, f"{desk.page}/scan", {"code": code}),
        (desk, f"{desk.page}/check-in", {"attendee": "18"}),
        (desk, f"{desk.page}/walk-in", {"name": "CSRF Walk-in"}),
        (desk, f"{desk.page}/leave", {}),
        (remote, f"{remote.page}/press", {"action": "next"}),
        (remote, f"{remote.page}/press", {"action": "message", "message": "Hello"}),
        (remote, f"{remote.page}/leave", {}),
    ]
    borrowed = Device(server.desk_url, "127.0.8.4")
    borrowed.get()
    for device, path, form in posts:
        for token in ("", "0" * 40, borrowed.csrf):  # none, made up, another device's
            answer = device.post(path, form, json=True, csrf=token)
            assert answer.status_code == 403, (path, token)
    assert store_checkins.count(demo_file) == 0
    assert not any(p.name == "CSRF Walk-in" for p in store_attendees.load_all(demo_file))
    assert store_run.load_timer(demo_file).item_id in (None, 1)
    assert room_screen.room_message(demo_file) is None
    assert "labdesk_desk" not in stranger.client.cookies  # the PIN without a token opened nothing
    assert desk.scan(code).json()["kind"] == "checked in"  # with it, all is well


def test_foreign_hosts_are_refused_on_every_new_page(server) -> None:
    token, port = server.token, server.port
    paths = [
        "room",
        "room/now",
        "room/events",
        "desk",
        "desk/search?q=a",
        "remote",
        "static/room.js",
        "static/jsQR.js",
    ]
    for path in paths:
        for host in ("evil.example", f"127.0.0.1:{port + 1}", "localhost", f"127.0.0.1:{port}.x"):
            status, headers = exchange(
                port,
                f"GET /{token}/{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode(),
            )
            assert status == 421, (path, host)
            assert dict(headers)["content-security-policy"] == CSP


def test_every_screen_answer_carries_the_three_headers_exactly_once(server, demo_file) -> None:
    desk = opened(server, demo_file, ScreenKind.DESK, "127.0.8.5")
    remote = opened(server, demo_file, ScreenKind.REMOTE, "127.0.8.6")
    answers = {
        "room": httpx.get(server.room_url),
        "room now": httpx.get(server.room_url + "/now"),
        "desk pin form": Device(server.desk_url, "127.0.8.7").get(),
        "wrong pin": Device(server.desk_url, "127.0.8.8").sign_in("1"),
        "desk": desk.get(),
        "desk search": desk.client.get(f"{desk.page}/search", params={"q": "jo"}),
        "desk scan": desk.scan("garbage"),
        "desk scan, no script": desk.scan("garbage", json=False),
        "remote": remote.get(),
        "press": remote.press("blank"),
        "script": httpx.get(f"{server.url}static/desk.js"),
        "decoder": httpx.get(f"{server.url}static/jsQR.js"),
        "no such file": httpx.get(f"{server.url}static/pages.py"),
    }
    with httpx.stream("GET", server.room_url + "/events") as events:
        answers["events"] = events
    for name, answer in answers.items():
        for header, value in THE_THREE.items():
            got = [v for k, v in answer.headers.multi_items() if k == header]
            assert got == [value], (name, header, got)
    assert answers["script"].headers["content-type"].startswith("text/javascript")
    assert answers["no such file"].status_code == 404
    assert answers["events"].headers["content-type"].startswith("text/event-stream")
    assert answers["events"].headers["cache-control"] == "no-store"


def test_only_labdesks_own_scripts_are_served(server) -> None:
    token = server.token
    for target in [
        f"/{token}/static/../pages.py",
        f"/{token}/static/%2e%2e/pages.py",
        f"/{token}/static/..%2fserver.py",
        f"/{token}/static/jsQR-LICENSE.txt/../../screens.py",
        f"/{token}/static/",
        f"/{token}/static/style.css",
        f"/{token}x/static/room.js",
        "/static/room.js",
    ]:
        status, _ = exchange(
            server.port,
            f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Connection: close\r\n\r\n".encode(),
        )
        assert status in (400, 404), target
    page = httpx.get(server.room_url).text + httpx.get(server.desk_url).text
    assert "http://" not in page.replace(server.origin, "") and "https://" not in page


def test_markup_typed_at_the_desk_or_sent_to_the_room_stays_text(server, demo_file) -> None:
    desk = opened(server, demo_file, ScreenKind.DESK, "127.0.8.9")
    remote = opened(server, demo_file, ScreenKind.REMOTE, "127.0.9.1")
    for n, payload in enumerate(XSS[:5]):
        posted = desk.post(
            f"{desk.page}/walk-in", {"name": f"{payload} {n}", "organisation": payload}
        )
        assert posted.status_code == 303
        shown = desk.get(posted.headers["location"]).text
        searched = desk.get(f"{desk.page}?q={n}").text
        for page in (shown, searched):
            assert "<script>alert" not in page and "<img src=x" not in page
            assert "<svg" not in page and "<a href='//evil" not in page
        answer = remote.press("message", payload[:100])
        assert answer.json()["ok"]
        room = httpx.get(server.room_url).text
        assert "<" not in payload or payload[:100] not in room  # escaped, never raw
        assert room_screen.room_message(demo_file).text == payload[:100]  # type: ignore[union-attr]


def test_one_address_cannot_hold_every_room_view_connection(server) -> None:
    """GIVEN one device opening many room views (a reload loop, a broken tablet) THEN it is
    capped at its own share and every other device still gets the room view."""
    streams = []
    try:
        for _ in range(12):
            s = socket.create_connection(
                ("127.0.0.1", server.port), source_address=("127.0.9.9", 0)
            )
            s.sendall(
                f"GET /{server.token}/room/events HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{server.port}\r\n\r\n".encode()
            )
            streams.append(s)
        answered = []
        for s in streams:
            s.settimeout(3)
            try:
                answered.append(s.recv(12).startswith(b"HTTP/1.1 200"))
            except (TimeoutError, ConnectionError):
                answered.append(False)
        assert answered.count(True) <= 6
        others = [httpx.get(server.room_url) for _ in range(3)]
        assert [r.status_code for r in others] == [200, 200, 200]
    finally:
        for s in streams:
            s.close()
