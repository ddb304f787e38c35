"""The attendee server's security rules, tried over real HTTP on loopback as an attacker would."""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest

from labdesk.store import agenda as store_agenda
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.web.security import Limits, RateLimiter
from labdesk.web.server import AttendeeServer, WebServerError
from tests.webphone import Phone, path_of

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
    "{{7*7}}{% raw %}",
    "<a href='//evil.example'>x</a>",
]


def start(doc, **limits: object) -> AttendeeServer:  # type: ignore[no-untyped-def]
    srv = AttendeeServer(doc.path, "127.0.0.1", 0, limits=Limits(**limits))  # type: ignore[arg-type]
    srv.start()
    return srv


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = start(demo_file)
    yield srv
    srv.stop()


def first_session(doc) -> int:  # type: ignore[no-untyped-def]
    item = next(i for i in store_agenda.load(doc) if i.title.startswith("Session 3"))
    assert item.id is not None
    return item.id


SAFE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "header",
    "main",
    "p",
    "h1",
    "h2",
    "form",
    "input",
    "fieldset",
    "legend",
    "label",
    "span",
    "textarea",
    "button",
    "a",
    "ul",
    "li",
    "div",
    "strong",
}


class _Page(HTMLParser):
    """What a browser would build from the page: its tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self.text += [v or "" for _, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(page: str, payload: str) -> int:
    """The payload reaches the page only as text: no new element, handler or link."""
    parsed = _Page()
    parsed.feed(page)
    assert parsed.tags <= SAFE_TAGS, parsed.tags - SAFE_TAGS
    for name, value in parsed.attrs:
        assert not name.startswith("on"), name
        if name in ("href", "src", "action"):
            assert value.startswith(("/", "#")) and not value.startswith("//"), value
    shown = sum(payload in t for t in parsed.text)
    assert shown, "the payload should show as typed"
    return shown


def test_xss_in_every_feedback_field_stays_inert(server, demo_file) -> None:
    phone = Phone(server.origin)
    url = path_of(server.session_url(first_session(demo_file)))
    for payload in XSS:
        phone.get(url)
        fields = {
            "rating": "3",
            "worked": payload,
            "change": payload,
            "p0": payload,
            "p1": payload,
            "p2": payload,
        }
        assert phone.post(url, fields).status_code == 303
        page = phone.get(url).text
        assert assert_inert(page, payload) == 5  # worked, change and the three stems
    stored = store_feedback.load_for_item(demo_file, first_session(demo_file))[-1]
    assert stored.worked == XSS[-1]  # stored as typed; escaped only when shown


def test_xss_in_every_card_field_stays_inert_even_when_refused(server) -> None:
    phone = Phone(server.origin)
    url = path_of(server.card_url)
    for n, payload in enumerate(XSS):
        phone = Phone(server.origin, f"127.0.2.{n + 1}")
        phone.get(url)
        fields = dict.fromkeys(("action", "who", "by_when", "name", "address"), payload)
        fields["email"] = payload  # not an email: the form comes back with every field
        r = phone.post(url, fields)
        assert r.status_code == 422
        assert_inert(r.text, payload)
        fields["email"] = "x@example.org"
        assert phone.post(url, fields).status_code == 303
        assert_inert(phone.get(url).text, payload)


def test_oversize_body_is_refused_with_413(server, demo_file) -> None:
    phone = Phone(server.origin)
    url = path_of(server.session_url(first_session(demo_file)))
    phone.get(url)
    before = store_feedback.count(demo_file)
    r = phone.post(url, {"rating": "3", "worked": "x" * (64 * 1024)})
    assert r.status_code == 413
    assert "over 64 KB" in r.text

    # No Content-Length: the server counts the body as it arrives.
    head = (
        f"POST {url} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Cookie: labdesk_phone={phone.client.cookies['labdesk_phone']}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"y" * 1024
    with socket.create_connection(("127.0.0.1", server.port)) as s:
        first = f"csrf={phone.csrf}&rating=3&worked=".encode()
        s.sendall(head + f"{len(first):x}\r\n".encode() + first + b"\r\n")
        for _ in range(80):
            s.sendall(b"400\r\n" + chunk + b"\r\n")
        s.sendall(b"0\r\n\r\n")
        s.settimeout(5)
        assert s.recv(4096).startswith(b"HTTP/1.1 413")
    assert store_feedback.count(demo_file) == before


def test_missing_wrong_or_borrowed_csrf_token_is_403(server, demo_file) -> None:
    url = path_of(server.session_url(first_session(demo_file)))
    phone, other = Phone(server.origin), Phone(server.origin)
    phone.get(url)
    other.get(url)
    before = store_feedback.count(demo_file)
    assert phone.post(url, {"rating": "5"}, csrf="").status_code == 403
    assert phone.post(url, {"rating": "5"}, csrf="0" * 40).status_code == 403
    assert phone.post(url, {"rating": "5"}, csrf=other.csrf).status_code == 403
    bare = httpx.post(server.origin + url, data={"csrf": phone.csrf, "rating": "5"})
    assert bare.status_code == 403  # the token without the phone's cookie
    r = phone.post(url, {"rating": "5"}, csrf="nope")
    assert "reload" in r.text and "Nothing was saved" in r.text
    assert store_feedback.count(demo_file) == before


def raw_get(port: int, target: str) -> bytes:
    """A request sent byte for byte (no client tidies the path first)."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(
            f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        s.settimeout(5)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def test_wrong_token_and_path_traversal_serve_nothing(server) -> None:
    token = server.token
    bad = [
        "/",
        "/index.html",
        "/style.css",
        f"/{token[:-1]}x/",
        f"/{token.upper()}/",
        f"/{token}/../{token}/card",
        f"/{token}/..%2f..%2fetc%2fpasswd",
        "/../../etc/passwd",
        f"/{token}/static/../../pyproject.toml",
        f"/{token}/templates/base.html",
        f"/{token}/%2e%2e/%2e%2e/labdesk/web/pages.py",
        f"/{token}/style.css/../../..",
        "/%00",
        f"/{token}/session/1%00",
        f"/{token}/session/../card",
        f"/{token}/static/style.css",
        f"/{token}/../../../../etc/passwd",
        f"/{token}/..\\..\\pyproject.toml",
        f"/{token}//etc/passwd",
    ]
    for target in bad:
        answer = raw_get(server.port, target)
        status = answer.split(b" ", 2)[1]
        assert status in (b"400", b"404", b"405"), (target, answer[:80])
        body = answer.split(b"\r\n\r\n", 1)[-1]
        assert b"root:" not in body and b"import" not in body and b"{%" not in body
        assert token.encode() not in body, target  # a refusal never reveals the token
    assert raw_get(server.port, f"/{token}/").split(b" ", 2)[1] == b"200"


def test_foreign_host_headers_are_all_rejected(server) -> None:
    good = f"127.0.0.1:{server.port}"
    hosts = [
        "evil.example",
        "localhost",
        f"localhost:{server.port}",
        "127.0.0.1",
        f"127.0.0.1:{server.port + 1}",
        f"127.0.0.2:{server.port}",
        "",
        "x" + good,
        good + ".evil.example",
        f"0.0.0.0:{server.port}",
        f"[::1]:{server.port}",
    ]
    rng = random.Random(5)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.:-[]_"
    while len(hosts) < 1000:  # near misses of the real host, and random ones
        chars = list(good)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and at < len(chars):
                chars[at] = rng.choice(alphabet)
            else:
                chars.insert(at, rng.choice(alphabet))
        fuzzed = "".join(chars)
        if rng.random() < 0.3:
            fuzzed = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        if fuzzed.lower() != good:
            hosts.append(fuzzed)
    with httpx.Client(base_url=server.origin) as client:
        for host in hosts:
            r = client.get(path_of(server.url), headers={"host": host})
            assert r.status_code == 421, host
            assert "not served here" in r.text
            assert server.token not in r.text
        assert client.get(path_of(server.url)).status_code == 200


def test_flood_from_one_phone_is_429_and_others_still_served(server, demo_file) -> None:
    url = path_of(server.session_url(first_session(demo_file)))
    flooder, neighbour = Phone(server.origin, "127.0.0.7"), Phone(server.origin, "127.0.0.8")
    flooder.get(url)
    codes = [flooder.post(url, {"rating": "1"}).status_code for _ in range(40)]
    assert 429 in codes and codes[0] == 303
    r = flooder.post(url, {"rating": "1"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "Wait a minute" in r.text
    neighbour.get(url)
    assert neighbour.post(url, {"rating": "4"}).status_code == 303


def test_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.allow("a") > 0
    assert limiter.allow("b") == 0.0
    now[0] += 1.0
    assert limiter.allow("a") == 0.0


def test_slow_clients_cannot_hold_the_server(demo_file) -> None:
    srv = start(demo_file, receive_timeout=0.4, header_timeout=0.4)
    try:
        url = path_of(srv.session_url(first_session(demo_file)))
        lorises = []
        for n in range(30):  # headers that never finish
            s = socket.create_connection(("127.0.0.1", srv.port))
            s.sendall(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nX-{n}: ".encode())
            lorises.append(s)
        phone = Phone(srv.origin)
        phone.get(url)
        body = f"csrf={phone.csrf}&rating=4&worked=slow".encode()
        cookie = "; ".join(f"{k}={v}" for k, v in phone.client.cookies.items())
        stalled = socket.create_connection(("127.0.0.1", srv.port))
        stalled.sendall(
            f"POST {url} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nCookie: {cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        started = time.monotonic()
        assert phone.post(url, {"rating": "5", "worked": "fast"}).status_code == 303
        assert time.monotonic() - started < 0.4  # served while the slow ones wait
        stalled.settimeout(5)
        answer = stalled.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408")
        for s in lorises:
            s.settimeout(5)
            assert s.recv(4096) == b""  # closed by the header deadline
            s.close()
        stalled.close()
        assert all(r.worked != "slow" for r in store_feedback.load_all(demo_file))
    finally:
        srv.stop()


def test_full_disk_answers_5xx_never_thank_you(server, demo_file) -> None:
    url = path_of(server.session_url(first_session(demo_file)))
    phone = Phone(server.origin, "127.0.0.9")
    phone.get(url)
    writer = server.writer.doc
    assert writer is not None
    pages = writer.con.execute("PRAGMA page_count").fetchone()[0]
    writer.con.execute(f"PRAGMA max_page_count = {pages}")
    acknowledged, refused = [], []
    for n in range(12):
        fresh = Phone(server.origin, f"127.0.1.{n + 1}")
        fresh.get(url)
        text = f"answer {n} " + "z" * 1900
        r = fresh.post(url, {"rating": "3", "worked": text, "change": "c" * 1900})
        (acknowledged if r.status_code == 303 else refused).append((r, text))
    assert refused, "the disk never filled"
    for r, _ in refused:
        assert r.status_code == 503
        assert "NOT saved" in r.text and "Thank you" not in r.text
    stored = {x.worked for x in store_feedback.load_all(demo_file)}
    assert all(text in stored for _, text in acknowledged)
    assert not any(text in stored for _, text in refused)


def test_read_only_file_answers_5xx(server) -> None:
    url = path_of(server.card_url)
    phone = Phone(server.origin)
    phone.get(url)
    assert server.writer.doc is not None
    server.writer.doc.con.execute("PRAGMA query_only = 1")
    r = phone.post(url, {"action": "Something", "name": "Ann Other"})
    assert r.status_code == 503 and "NOT saved" in r.text


def test_never_listens_on_all_interfaces_unless_asked(demo_file) -> None:
    for host in ("0.0.0.0", "", "::"):
        with pytest.raises(WebServerError, match="not all of them"):
            AttendeeServer(demo_file.path, host, 0)


def test_busy_port_gives_a_plain_message(server, demo_file) -> None:
    with pytest.raises(WebServerError, match="already in use"):
        AttendeeServer(demo_file.path, "127.0.0.1", server.port).start()
    assert store_commitments.count(demo_file) >= 0


def test_too_many_fields_or_bad_encoding_is_a_readable_400(server, demo_file) -> None:
    phone = Phone(server.origin)
    url = path_of(server.session_url(first_session(demo_file)))
    phone.get(url)
    many = {f"f{n}": "x" for n in range(60)}
    r = phone.post(url, many)
    assert r.status_code == 400 and "could not read" in r.text
    r = phone.client.post(
        url,
        content=b"csrf=" + phone.csrf.encode() + b"&worked=\xff\xfe",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400
    r = phone.client.post(url, json={"rating": 5})
    assert r.status_code == 415
