"""The attendee server refuses oversized request headers (431) and absolute-form targets naming
another host (400), over real HTTP on loopback, with the readable page and security headers."""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Iterator

import httpx
import pytest
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from labdesk.web.security import MAX_HEADER_BYTES, served_target
from labdesk.web.server import AttendeeServer, WebServerError
from tests.test_web_security import THE_THREE, start


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = start(demo_file)
    yield srv
    srv.stop()


def send(port: int, data: bytes, *, pieces: int = 1) -> bytes:
    """Send raw bytes (in `pieces` writes), then read the whole answer."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(5)
        step = -(-len(data) // pieces)
        try:
            for start_at in range(0, len(data), step):
                s.sendall(data[start_at : start_at + step])
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused while still sending: the answer is already waiting to be read
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    return answer


def status_and_headers(answer: bytes) -> tuple[int, dict[str, list[str]], str]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split(" ")[1]), headers, body.decode("utf-8", "replace")


def request(port: int, target: str, extra: str = "") -> bytes:
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: close\r\n\r\n"
    ).encode()


@pytest.mark.parametrize("pieces", [1, 40])
@pytest.mark.parametrize("shape", ["one big header", "many headers", "long target"])
def test_a_200_kb_request_head_is_refused_431_with_the_page(server, shape, pieces) -> None:  # type: ignore[no-untyped-def]
    port, token = server.port, server.token
    if shape == "one big header":
        data = request(port, f"/{token}/", "Cookie: a=" + "x" * 200_000 + "\r\n")
    elif shape == "many headers":
        data = request(port, f"/{token}/", "".join(f"X-F{n}: {'y' * 90}\r\n" for n in range(2000)))
    else:
        data = request(port, f"/{token}/?q=" + "z" * 200_000)
    status, headers, body = status_and_headers(send(port, data, pieces=pieces))
    assert status == 431
    assert "Too much sent" in body and "scan the QR code" in body
    assert headers["content-type"] == ["text/html; charset=utf-8"]
    for name, value in THE_THREE.items():
        assert headers[name] == [value], name
    assert token not in body
    # The server is still there for everyone else.
    assert httpx.get(f"{server.url}").status_code == 200


def test_ordinary_headers_up_to_the_cap_are_served(server) -> None:
    port, token = server.port, server.token
    cookie = "Cookie: a=" + "x" * (MAX_HEADER_BYTES - 600) + "\r\n"
    status, _, _ = status_and_headers(send(port, request(port, f"/{token}/", cookie), pieces=5))
    assert status == 200


def test_absolute_form_naming_another_host_is_refused(server) -> None:
    port, token = server.port, server.token
    for target in (
        f"http://evil.example/{token}/",
        f"http://evil.example:{port}/{token}/",
        f"http://127.0.0.1:{port}@evil.example/{token}/",
        f"https://127.0.0.1:{port}/{token}/",
        f"http://127.0.0.1:{port + 1}/{token}/",
        "*",
        f"127.0.0.1:{port}",
    ):
        status, headers, body = status_and_headers(send(port, request(port, target)))
        assert status == 400, target
        assert "Something went wrong" in body and token not in body
        for name, value in THE_THREE.items():
            assert headers[name] == [value], (target, name)
    # Naming this server itself is fine (a proxy-style client may do so).
    status, _, body = status_and_headers(
        send(port, request(port, f"http://127.0.0.1:{port}/{token}/"))
    )
    assert status == 200 and "<html" in body.lower()


def test_served_target_rules() -> None:
    hosts = frozenset({"192.168.4.1:8000"})
    assert served_target(b"/abc/", hosts)
    assert served_target(b"http://192.168.4.1:8000/abc/", hosts)
    assert served_target(b"HTTP://192.168.4.1:8000/abc/", hosts)
    assert not served_target(b"http://evil.example/abc/", hosts)
    assert not served_target(b"http://x@192.168.4.1:8000/abc/", hosts)
    assert not served_target(b"ftp://192.168.4.1:8000/abc/", hosts)
    assert not served_target(b"192.168.4.1:8000", hosts)
    assert not served_target(b"*", hosts)


def test_a_head_just_over_16_kib_is_refused_by_the_servers_own_check(server, caplog) -> None:  # type: ignore[no-untyped-def]
    """uvicorn's httptools parser sets no limit of its own: the 431 comes from the callbacks
    the server overrides. If uvicorn stopped calling them, this head would be served."""
    caplog.set_level(logging.DEBUG, logger="labdesk.web")
    port, token = server.port, server.token
    assert MAX_HEADER_BYTES == 16 * 1024
    lines = [f"X-F{n}: {'y' * 90}\r\n" for n in range(MAX_HEADER_BYTES // 98 + 2)]
    headers = "".join(lines)
    data = request(port, f"/{token}/", headers)
    assert MAX_HEADER_BYTES < len(data) < MAX_HEADER_BYTES + 1024
    status, _, body = status_and_headers(send(port, data))
    assert status == 431 and "Too much sent" in body
    refusals = [r.getMessage() for r in caplog.records if r.name == "labdesk.web"]
    assert any(f"431: request line and headers over {MAX_HEADER_BYTES}" in m for m in refusals)
    # The same head a little shorter is served: the check counts, it does not guess.
    trimmed = request(port, f"/{token}/", "".join(lines[:-9]))
    assert MAX_HEADER_BYTES - 1024 < len(trimmed) < MAX_HEADER_BYTES
    assert status_and_headers(send(port, trimmed))[0] == 200


def test_the_server_will_not_start_without_httptools(demo_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With only uvicorn's pure-Python parser the request-head checks would silently vanish:
    the server refuses to start instead, saying what to install."""
    monkeypatch.setitem(sys.modules, "uvicorn.protocols.http.httptools_impl", None)
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    with pytest.raises(WebServerError, match=r"needs httptools.*uvicorn>=0\.29,<0\.55"):
        srv.start()
    assert not srv.running and srv.port == 0


def test_a_uvicorn_without_the_hooks_is_refused_at_start(demo_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delattr(HttpToolsProtocol, "on_header")
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    with pytest.raises(WebServerError, match=r"lacks .*\(on_header\).*httptools>=0\.6,<0\.10"):
        srv.start()
    assert not srv.running
