"""`labdesk serve` against hostile posts and bad options: a readable 4xx page, never a traceback,
never a stored row from a refused post."""

from __future__ import annotations

import http.client
import itertools
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile import REPO, fine, labdesk, refused

_SOURCES = itertools.count(2)


class Phone:
    """One client with its own loopback source address (so rate limits stay per phone)."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.token = parts.hostname, parts.port, parts.path.strip("/")
        n = next(_SOURCES)
        self.source = f"127.0.{n // 250}.{n % 250 + 2}"
        self.cookie = ""

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        host: str | None = None,
    ) -> tuple[int, str]:
        con = http.client.HTTPConnection(
            self.host, self.port, timeout=10, source_address=(self.source, 0)
        )
        con.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        con.putheader("Host", f"{self.host}:{self.port}" if host is None else host)
        for key, value in (headers or {}).items():
            con.putheader(key, value)
        if body is not None:
            con.putheader("Content-Length", str(len(body)))
        con.endheaders(body)
        response = con.getresponse()
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        text = response.read().decode("utf-8")
        con.close()
        return response.status, text

    def post(self, path: str, body: bytes, kind: str = "application/x-www-form-urlencoded"):
        _, page = self.request("GET", path)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf, page[:300]
        return self.request(
            "POST",
            path,
            body.replace(b"CSRF", csrf.group(1).encode()),
            {"Content-Type": kind, "Cookie": self.cookie},
        )


def heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert found, page[:300]
    return found.group(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    path = tmp_path_factory.mktemp("serve") / "day.labdesk"
    fine(labdesk("new", path, "--demo"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "labdesk", "serve", str(path), "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = ""
    for line in proc.stdout:
        if line.startswith("URL: "):
            url = line[5:].strip()
            break
    assert url, proc.stderr.read() if proc.stderr else ""
    yield url, path, proc
    proc.terminate()
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "Traceback" not in err


def feedback_rows(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute("SELECT count(*) FROM feedback").fetchone()[0])


def test_percent_encoded_bad_utf8_is_refused_not_stored_as_question_marks(server):
    url, path, _ = server
    before = feedback_rows(path)
    phone = Phone(url)
    session = f"/{phone.token}/session/3"
    for body in (b"csrf=CSRF&rating=4&worked=%FF%FEcaf%E9", b"csrf=CSRF&rating=4&worked=\xff"):
        status, page = Phone(url).post(session, body)
        assert status == 400
        assert "could not read" in page
    assert feedback_rows(path) == before


def test_a_wrong_method_page_does_not_claim_the_page_is_missing(server):
    url, _, _ = server
    phone = Phone(url)
    status, page = phone.request("DELETE", f"/{phone.token}/session/3")
    assert status == 405
    assert heading(page) == "Not possible here"


@pytest.mark.parametrize(
    ("body", "kind", "status"),
    [
        (b'{"csrf": "CSRF", "rating": 4}', "application/json", 415),
        (
            b'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nCSRF\r\n--B\r\n'
            b'Content-Disposition: form-data; name="worked"; filename="../../etc/passwd"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n\x00\xff\x00\r\n--B--\r\n",
            "multipart/form-data; boundary=B",
            415,
        ),
        (b"csrf=CSRF&rating=4&worked=" + b"a" * 70_000, "application/x-www-form-urlencoded", 413),
        (b"csrf=CSRF&rating=4&worked=" + b"a" * 20_000, "application/x-www-form-urlencoded", 422),
        (b"csrf=wrong&rating=4", "application/x-www-form-urlencoded", 403),
        (b"csrf=CSRF&rating=NaN", "application/x-www-form-urlencoded", 422),
    ],
    ids=["json", "multipart file", "oversize", "long field", "wrong csrf", "rating NaN"],
)
def test_hostile_posts_get_a_readable_refusal_and_store_nothing(server, body, kind, status):
    url, path, proc = server
    before = feedback_rows(path)
    phone = Phone(url)
    got, page = phone.post(f"/{phone.token}/session/3", body, kind)
    assert got == status
    assert "<h1>" in page and "Traceback" not in page
    assert feedback_rows(path) == before
    assert proc.poll() is None


@pytest.mark.parametrize(
    "target",
    [
        "/../../../etc/passwd",
        "/{token}/../../etc/passwd",
        "/{token}/%2e%2e/%2e%2e/etc/passwd",
        "/{token}/..%2f..%2fetc%2fpasswd",
        "/{token}/style.css/../../../etc/passwd",
        "/AAAAAAAAAAAAAAAAAAAAAAAA/session/3",
        "/{token}/session/" + "9" * 400,
    ],
)
def test_paths_outside_the_pages_are_not_found(server, target):
    url, _, _ = server
    phone = Phone(url)
    status, page = phone.request("GET", target.format(token=phone.token))
    assert status == 404
    assert "root:" not in page


@pytest.mark.parametrize("host", ["", "evil.example", "127.0.0.1:1.evil", "a" * 5000, "[::1]"])
def test_odd_host_headers_are_refused(server, host):
    url, _, _ = server
    phone = Phone(url)
    status, page = phone.request("GET", f"/{phone.token}/", host=host)
    assert status == 421
    assert heading(page) == "Wrong address"


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("nonsense..", "is not a network address"),
        ("http://127.0.0.1/", "is not a network address"),
        ("", "Choose one network address"),
        ("10.254.254.254", "no network address 10.254.254.254"),
    ],
)
def test_bad_host_options_are_one_line(tmp_path, host, reason):
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path))
    assert reason in refused(labdesk("serve", path, "--host", host, "--port", "0"))


@pytest.mark.parametrize("order", ["evil first", "evil last", "both ours"])
def test_two_host_headers_are_refused(server, order):
    # Before: the last Host header was checked while the page could read the first.
    url, _, _ = server
    phone = Phone(url)
    ours = f"{phone.host}:{phone.port}"
    first, second = {
        "evil first": ("evil.example", ours),
        "evil last": (ours, "evil.example"),
        "both ours": (ours, ours),
    }[order]
    with socket.create_connection((phone.host, phone.port), timeout=10) as sock:
        sock.sendall(
            f"GET /{phone.token}/ HTTP/1.1\r\nHost: {first}\r\nHost: {second}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 421 ")
