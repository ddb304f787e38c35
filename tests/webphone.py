"""A simulated phone for the web tests: its own loopback address, cookies, and the form's token."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlencode

import httpx

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Phone:
    """One attendee's phone talking to the server over real HTTP (source address in 127/8)."""

    def __init__(self, origin: str, address: str = "127.0.0.1", timeout: float = 10.0) -> None:
        transport = httpx.HTTPTransport(local_address=address)
        self.client = httpx.Client(base_url=origin, transport=transport, timeout=timeout)
        self.csrf = ""

    def get(self, url: str, **kw: object) -> httpx.Response:
        response = self.client.get(url, **kw)  # type: ignore[arg-type]
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, url: str, data: dict[str, str], *, csrf: str | None = None) -> httpx.Response:
        form = {"csrf": self.csrf if csrf is None else csrf, **data}
        return self.client.post(url, data=form)

    def close(self) -> None:
        self.client.close()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def phone_form(base: str, items: list[int], n: int, text: str) -> tuple[str, dict[str, str]]:
    """What phone n of a burst posts, and where: odd ones a session's feedback, even ones a
    commitment card, with text as the answer (so that it can be looked for afterwards)."""
    if n % 2:
        page = f"{base}session/{items[n % len(items)]}"
        return page, {"rating": str(1 + n % 5), "worked": text, "change": ""}
    return f"{base}card", {"action": text, "name": f"Phone {n}"}


class RawPhone:
    """A phone as a bare asyncio connection: cheap enough to run hundreds at once in a test.

    It sends exactly the bytes a browser would (GET the form, then POST it with the cookie and
    CSRF token it was given) and reads the status line; nothing tidies or retries for it.
    """

    def __init__(self, host: str, port: int, source: str = "127.0.0.1") -> None:
        self.host, self.port, self.source = host, port, source
        self.cookie = b""
        self.csrf = b""
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(
            self.host, self.port, local_addr=(self.source, 0)
        )

    async def request(self, data: bytes) -> tuple[int, bytes, bytes]:
        if self._writer is None:
            await self._connect()
        assert self._reader is not None and self._writer is not None
        self._writer.write(data)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        found = re.search(rb"(?i)\r\ncontent-length: (\d+)", head)
        body = await self._reader.readexactly(int(found.group(1))) if found else b""
        return status, head, body

    async def get(self, path: str) -> int:
        status, head, body = await self.request(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
        )
        cookie = re.search(rb"(?i)\r\nset-cookie: (labdesk_phone=[^;\r]+)", head)
        if cookie:
            self.cookie = cookie.group(1)
        token = CSRF.search(body.decode("utf-8", "replace"))
        if token:
            self.csrf = token.group(1).encode()
        return status

    def post_bytes(self, path: str, form: dict[str, str]) -> bytes:
        """The exact POST request this phone would send (kept by tests that replay it)."""
        payload = b"csrf=" + self.csrf + b"&" + urlencode(form).encode()
        return (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n".encode()
            + b"Cookie: "
            + self.cookie
            + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )

    async def post(self, path: str, form: dict[str, str]) -> int:
        status, _, _ = await self.request(self.post_bytes(path, form))
        return status

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
