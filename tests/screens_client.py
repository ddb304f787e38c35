"""A tablet or phone opening the door desk, the remote or the room view over real HTTP: its own
loopback address, its cookies, the page's form token, and the PIN typed once."""

from __future__ import annotations

import re
from typing import Any

import httpx

from labdesk.store import screen_pins
from labdesk.store.document import WorkshopFile
from labdesk.store.screen_pins import ScreenKind
from tests.webphone import CSRF, path_of

JSON = {"Accept": "application/json"}


class Device:
    """One browser at the door or at the back of the room."""

    def __init__(self, url: str, address: str = "127.0.0.1", timeout: float = 10.0) -> None:
        """url: the page's address, as `labdesk serve` prints it (…/desk, …/remote)."""
        origin, _, _ = url.partition("/" + url.split("/", 3)[3])
        transport = httpx.HTTPTransport(local_address=address)
        self.client = httpx.Client(base_url=origin, transport=transport, timeout=timeout)
        self.page = path_of(url)
        self.csrf = ""

    def get(self, path: str | None = None, **kw: Any) -> httpx.Response:
        response = self.client.get(path or self.page, **kw)
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(
        self, path: str, data: dict[str, str], *, json: bool = False, csrf: str | None = None
    ) -> httpx.Response:
        form = {"csrf": self.csrf if csrf is None else csrf, **data}
        return self.client.post(path, data=form, headers=JSON if json else None)

    def sign_in(self, pin: str) -> httpx.Response:
        self.get()
        return self.post(f"{self.page}/pin", {"pin": pin})

    # -- the desk -------------------------------------------------------------------------------
    def scan(self, code: str, *, json: bool = True) -> httpx.Response:
        return self.post(f"{self.page}/scan", {"code": code}, json=json)

    def check_in(self, attendee_id: int, *, json: bool = True) -> httpx.Response:
        return self.post(f"{self.page}/check-in", {"attendee": str(attendee_id)}, json=json)

    def search(self, query: str) -> list[dict[str, Any]]:
        response = self.client.get(f"{self.page}/search", params={"q": query}, headers=JSON)
        assert response.status_code == 200, response.text
        found: list[dict[str, Any]] = response.json()["found"]
        return found

    # -- the remote -----------------------------------------------------------------------------
    def press(
        self, action: str, message: str = "", *, json: bool = True, csrf: str | None = None
    ) -> httpx.Response:
        data = {"action": action, **({"message": message} if message else {})}
        return self.post(f"{self.page}/press", data, json=json, csrf=csrf)

    def close(self) -> None:
        self.client.close()


def pin_of(doc: WorkshopFile, kind: ScreenKind, n: int = 0) -> str:
    return screen_pins.live_pins(doc, kind)[n].pin


def visible_text(html: str) -> str:
    """The page's text as a person reads it (tags dropped)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
