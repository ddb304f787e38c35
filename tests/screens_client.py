"""A tablet or phone opening the door desk, the remote or the room view over real HTTP: its own
loopback address, its cookies, the page's form token, and the PIN typed once."""

from __future__ import annotations

import json
import re
import threading
import time
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


class Stream:
    """A room view listening on its server-sent events (read on a thread of its own)."""

    def __init__(self, url: str) -> None:
        self.views: list[dict[str, Any]] = []
        self.read_at: list[float] = []  # when each view was read in full (time.perf_counter)
        self._arrived = threading.Condition()
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, read=30.0))
        self._response = self._client.send(self._client.build_request("GET", url), stream=True)
        self.headers = self._response.headers
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for line in self._response.iter_lines():
                if line.startswith("data: "):
                    view = json.loads(line[6:])
                    with self._arrived:
                        self.read_at.append(time.perf_counter())
                        self.views.append(view)
                        self._arrived.notify_all()
        except (httpx.HTTPError, RuntimeError):
            pass
        with self._arrived:
            self.ended = True
            self._arrived.notify_all()

    ended = False

    def mark(self) -> int:
        """How many views came so far: wait_for(…, after=mark()) looks only at later ones."""
        with self._arrived:
            return len(self.views)

    def wait_for(self, check: Any, timeout: float = 5.0, after: int = 0) -> dict[str, Any]:
        with self._arrived:
            ok = self._arrived.wait_for(
                lambda: self.ended or any(check(v) for v in self.views[after:]), timeout
            )
            found = [v for v in self.views[after:] if check(v)]
        assert ok and found, f"no such view came; last: {self.views[-1:]}"
        return found[-1]

    def first_read_after(self, since: float, check: Any) -> float | None:
        """When the first view passing check was read, of those read after since."""
        with self._arrived:
            for at, view in zip(self.read_at, self.views, strict=True):
                if at >= since and check(view):
                    return at
        return None

    def close(self) -> None:
        self._response.close()
        self._client.close()
