"""One address holding thousands of idle connections does not stop the other phones."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from labdesk.store import commitments as store_commitments
from labdesk.web.security import Limits
from labdesk.web.server import AttendeeServer
from tests.webphone import Phone, path_of

GREEDY = "127.0.0.9"


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0, limits=Limits())
    srv.start()
    yield srv
    srv.stop()


def _still_open(sockets: list[socket.socket]) -> int:
    """How many of these client sockets the server has not closed (nothing is ever sent to
    them, so readable means closed by the server)."""
    poller = select.poll()
    for s in sockets:
        poller.register(s, select.POLLIN)
    return len(sockets) - len(poller.poll(0))


def _wait_for(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        select.select([], [], [], 0.05)  # let the server's loop run
    return condition()


@pytest.mark.slow
def test_4100_idle_sockets_from_one_address_leave_every_other_phone_served(server):  # type: ignore[no-untyped-def]
    """GIVEN one address opening 4,100 connections that never send a byte (more than the
    server's global cap of 4,000), WHILE 40 phones on other addresses each load the card form
    and post it, THEN every phone's card is saved, and the greedy address holds at most its
    per-address share of connections."""
    greedy: list[socket.socket] = []
    opened = threading.Event()

    def hog() -> None:
        try:
            for _ in range(4100):
                s = socket.create_connection(
                    ("127.0.0.1", server.port), source_address=(GREEDY, 0), timeout=5
                )
                greedy.append(s)
                if len(greedy) == 2000:
                    opened.set()
        finally:
            opened.set()

    thread = threading.Thread(target=hog)
    thread.start()
    try:
        assert opened.wait(30)
        url = path_of(server.card_url)
        statuses = []
        for n in range(40):  # while the greedy address keeps opening connections
            phone = Phone(server.origin, f"127.0.3.{n + 1}")
            try:
                assert phone.get(url).status_code == 200
                answer = phone.post(url, {"action": f"Phone {n} will call", "name": f"P {n}"})
                statuses.append(answer.status_code)
            finally:
                phone.close()
        thread.join(60)
        assert len(greedy) == 4100  # the server accepted every connection, then let most go
        assert statuses == [303] * 40
        saved = {c.action for c in store_commitments.load_all(server.writer.doc)}
        assert {f"Phone {n} will call" for n in range(40)} <= saved
        limit = Limits().max_per_address
        assert _wait_for(lambda: _still_open(greedy) <= limit), _still_open(greedy)
        # And now, with the greedy address still holding its share, a newcomer is served.
        late = Phone(server.origin, "127.0.3.200")
        assert late.get(url).status_code == 200
        late.close()
    finally:
        thread.join(60)
        for s in greedy:
            s.close()


def test_an_address_at_its_limit_keeps_its_busy_connections(demo_file):  # type: ignore[no-untyped-def]
    """The connections an address uses for a request in progress are never the ones closed:
    only idle ones make room, and when none is idle the newest is turned away."""
    srv = AttendeeServer(
        demo_file.path, "127.0.0.1", 0, limits=Limits(max_per_address=4, receive_timeout=5)
    )
    srv.start()
    try:
        url = path_of(srv.session_url(_a_session(demo_file)))
        phone = Phone(srv.origin, "127.0.4.1")
        phone.get(url)
        cookie = f"labdesk_phone={phone.client.cookies['labdesk_phone']}"
        body = f"csrf={phone.csrf}&rating=4&worked=kept".encode()
        busy = []
        for _ in range(4):  # four posts whose bodies have not all arrived: mid-request
            s = socket.create_connection(("127.0.0.1", srv.port), source_address=("127.0.4.1", 0))
            s.sendall(
                f"POST {url} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nCookie: {cookie}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body[:5]
            )
            busy.append(s)
        # Wait until the server has read all four heads (each one now has a request running).
        connections = srv._server.server_state.connections  # type: ignore[union-attr]
        assert _wait_for(lambda: sum(not c._waiting_for_headers() for c in connections) == 4)
        extra = socket.create_connection(("127.0.0.1", srv.port), source_address=("127.0.4.1", 0))
        assert _wait_for(lambda: _still_open([extra]) == 0, 5)  # turned away
        assert _still_open(busy) == 4
        busy[0].sendall(body[5:])
        busy[0].settimeout(5)
        assert busy[0].recv(4096).startswith(b"HTTP/1.1 303")
        for s in [*busy, extra]:
            s.close()
        phone.close()
    finally:
        srv.stop()


def _a_session(doc) -> int:  # type: ignore[no-untyped-def]
    from labdesk.store import agenda as store_agenda

    item = next(i for i in store_agenda.load(doc) if i.title.startswith("Session 3"))
    assert item.id is not None
    return item.id
