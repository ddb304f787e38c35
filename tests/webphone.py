"""A simulated phone for the web tests: its own loopback address, cookies, and the form's token."""

from __future__ import annotations

import re

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
