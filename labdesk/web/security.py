"""The guard every request passes: Host, body cap, slow-client timeout, rate limit, headers."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ErrorPage = Callable[[int], tuple[bytes, list[tuple[bytes, bytes]]]]

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", b"default-src 'self'; object-src 'none'; frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
DRAIN_LIMIT = 1024 * 1024
MAX_HEADER_BYTES = 16 * 1024  # request line and headers together; more is answered 431
PHONE_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


@dataclass(frozen=True)
class Limits:
    """How much one client may ask of the server (phones on a hotspot each have an address)."""

    max_body: int = 64 * 1024  # bytes in one request body
    receive_timeout: float = 10.0  # seconds a client may pause while sending its body
    header_timeout: float = 10.0  # seconds from a connection's first byte to complete headers
    keep_alive: int = 5  # seconds an idle connection stays open
    max_connections: int = 4000  # beyond this, 503 (slow clients count until their deadline)
    max_per_address: int = 32  # connections one address may hold; its idle ones go first
    posts_per_minute: float = 30.0  # sustained form posts per client address
    post_burst: int = 12  # posts allowed at once before the rate applies
    gets_per_minute: float = 240.0
    get_burst: int = 60
    # A door desk or the remote opened with its PIN posts far more than a phone (a queue at
    # the door), counted per device and PIN, not against the phones' allowance.
    desk_posts_per_minute: float = 240.0
    desk_post_burst: int = 60


class RateLimiter:
    """Token buckets per client address; the clock is injectable for tests."""

    def __init__(
        self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds to wait before trying again."""
        now = self.clock()
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > 50_000:
                self._forget_full(now)
            return 0.0
        self._buckets[client] = (tokens, now)
        return (1.0 - tokens) / self.rate if self.rate > 0 else 60.0

    def _forget_full(self, now: float) -> None:
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate >= self.burst:
                del self._buckets[key]


def csrf_token(key: bytes, phone_id: str) -> str:
    """The form token for one phone: only a page this server sent to that phone carries it."""
    return hmac.new(key, b"csrf:" + phone_id.encode(), hashlib.sha256).hexdigest()[:40]


def csrf_ok(key: bytes, phone_id: str | None, token: str) -> bool:
    if not phone_id or not PHONE_ID.match(phone_id) or not token:
        return False
    return hmac.compare_digest(csrf_token(key, phone_id), token)


def served_target(target: bytes, hosts: Iterable[str]) -> bool:
    """Whether a request target is one of ours: a path ("/..."), or an absolute URI
    ("http://host:port/...") whose authority is a served host. Anything else (another host,
    user info, another scheme, "*" or an authority alone) is refused."""
    if target.startswith(b"/"):
        return True
    text = target.decode("latin-1")
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() != "http":
        return False
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return bool(authority) and authority.lower() in {h.lower() for h in hosts}


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a browser sends for http://host:port/ (lower case)."""
    shown = f"[{host}]" if ":" in host else host
    names = {f"{shown}:{port}".lower()}
    if port == 80:
        names.add(shown.lower())
    return frozenset(names)


class Guard:
    """Pure ASGI middleware in front of the pages (cheap: no Request objects)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Iterable[str],
        limits: Limits,
        error_page: ErrorPage,
        clock: Callable[[], float] = time.monotonic,
        trusted: Callable[[Scope], str | None] | None = None,
    ) -> None:
        self.app = app
        self.trusted = trusted  # a device opened with a PIN: its key, else None
        self.hosts = frozenset(h.lower() for h in hosts)
        self.limits = limits
        self.error_page = error_page
        self.posts = RateLimiter(limits.posts_per_minute, limits.post_burst, clock)
        self.gets = RateLimiter(limits.gets_per_minute, limits.get_burst, clock)
        self.desk_posts = RateLimiter(limits.desk_posts_per_minute, limits.desk_post_burst, clock)

    async def _refuse(
        self, send: Send, status: int, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        body, headers = self.error_page(status)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    *headers,
                    *SECURITY_HEADERS,
                    *(extra or []),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        hosts: list[bytes] = []
        length = -1
        for name, value in scope["headers"]:
            if name == b"host":
                hosts.append(value)
            elif name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = self.limits.max_body + 1
        # Exactly one Host, and one we serve: with two, the check and the page could each read
        # a different one.
        if len(hosts) != 1 or hosts[0].decode("latin-1").lower() not in self.hosts:
            await self._refuse(send, 421)
            return
        client = scope["client"][0] if scope.get("client") else "?"
        posting = scope["method"] not in ("GET", "HEAD")
        limiter = self.posts if posting else self.gets
        if posting and self.trusted is not None:
            device = self.trusted(scope)
            if device is not None:
                limiter, client = self.desk_posts, device
        wait = limiter.allow(client)
        if wait:
            await self._refuse(send, 429, [(b"retry-after", str(max(1, round(wait))).encode())])
            return
        if length > self.limits.max_body:
            await self._refuse(send, 413, [(b"connection", b"close")])
            return

        received = 0
        max_body = self.limits.max_body
        timeout = self.limits.receive_timeout

        async def guarded_receive() -> Message:
            nonlocal received
            try:
                async with asyncio.timeout(timeout):  # no extra task per read, unlike wait_for
                    message = await receive()
            except TimeoutError:
                raise HTTPException(408) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body:
                    # Read (and drop) the rest, up to a point, so the phone can read the answer.
                    drained = 0
                    while message.get("more_body") and drained < DRAIN_LIMIT:
                        try:
                            async with asyncio.timeout(timeout):
                                message = await receive()
                        except TimeoutError:
                            break
                        drained += len(message.get("body", b""))
                    raise HTTPException(413)
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in own]
                message["headers"] = headers
            await send(message)

        await self.app(scope, guarded_receive if posting else receive, secured_send)
