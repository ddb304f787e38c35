"""Start, wait for, and stop the attendee server: uvicorn on its own thread, on one address."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn

from labdesk.core import urls
from labdesk.core.presenter import Presenter
from labdesk.core.timer import Clock, system_clock
from labdesk.store import open_workshop, screen_pins
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFileError
from labdesk.web.interfaces import list_interfaces, suggested
from labdesk.web.pages import Pages
from labdesk.web.polls import PollPages
from labdesk.web.screens import ScreenPages
from labdesk.web.security import (
    DRAIN_LIMIT,
    MAX_HEADER_BYTES,
    SECURITY_HEADERS,
    ErrorPage,
    Guard,
    Limits,
    allowed_hosts,
    served_target,
)
from labdesk.web.writer import SubmissionWriter

if TYPE_CHECKING:  # imported when the server starts: it needs httptools, which may be missing
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("labdesk.web")


class WebServerError(Exception):
    """The server cannot start; the message says why in plain words."""


def plain_response(status: int, reason: str, text: str) -> bytes:
    """A complete HTTP response written by the protocol itself (before any page runs), carrying
    the same security headers as every page."""
    body = text.encode("utf-8")
    lines = [f"HTTP/1.1 {status} {reason}".encode("ascii")]
    lines += [name + b": " + value for name, value in SECURITY_HEADERS]
    lines += [
        b"content-type: text/plain; charset=utf-8",
        f"content-length: {len(body)}".encode("ascii"),
        b"connection: close",
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


BUSY_TEXT = b"The laptop is busy. Try again in a moment."


async def _busy(scope: Any, receive: Any, send: Any) -> None:
    """The answer to a connection beyond the limit, once its request has arrived."""
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                *SECURITY_HEADERS,
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(BUSY_TEXT)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BUSY_TEXT})


REASONS = {400: "Bad Request", 431: "Request Header Fields Too Large"}


def page_response(status: int, error_page: ErrorPage) -> bytes:
    """A refusal written by the protocol itself, as the readable error page the guard sends."""
    body, headers = error_page(status)
    lines = [f"HTTP/1.1 {status} {REASONS[status]}".encode("ascii")]
    lines += [name + b": " + value for name, value in [*headers, *SECURITY_HEADERS]]
    lines += [f"content-length: {len(body)}".encode("ascii"), b"connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class _Refused(Exception):
    """Raised inside a parser callback to stop reading a request we refuse."""


# The callbacks of uvicorn's httptools protocol that the checks below override. They are not
# uvicorn's public API: pyproject.toml pins uvicorn and httptools to the versions tested, and the
# server refuses to start without them rather than serve phones without the checks (uvicorn's
# pure-Python h11 protocol has none of them: the 431 and the absolute-form check would vanish).
HOOKS = (
    "connection_made",
    "connection_lost",
    "data_received",
    "on_message_begin",
    "on_url",
    "on_header",
    "on_headers_complete",
    "on_message_complete",
    "send_400_response",
)


def tested_range(distribution: str) -> str:
    """The versions of a dependency labdesk is tested with, as its own metadata declares."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        declared = requires("labdesk") or []
    except PackageNotFoundError:  # run from a source tree that was never installed
        return ""
    for requirement in declared:
        found = re.match(r"\s*([A-Za-z0-9._-]+)\s*(?:\[[^\]]*\])?\s*([^;]*)", requirement)
        if found and found[1].lower() == distribution.lower():
            # ">=0.29,<0.55" reads better than the metadata's "<0.55,>=0.29"
            parts = [part.strip() for part in found[2].split(",") if part.strip()]
            return ",".join(sorted(parts, key=lambda part: not part.startswith(">")))
    return ""


def httptools_protocol() -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, whose callbacks the request-head checks override; a
    WebServerError saying what to install if it is missing or lacks one of them."""
    wanted = " ".join(f"{name}{tested_range(name)}" for name in ("uvicorn", "httptools"))
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError as exc:
        raise WebServerError(
            "The attendee server needs httptools (uvicorn's HTTP parser), which is not"
            f" installed. Reinstall labdesk, or install {wanted}."
        ) from exc
    missing = [name for name in HOOKS if not callable(getattr(HttpToolsProtocol, name, None))]
    if missing:
        raise WebServerError(
            f"uvicorn {uvicorn.__version__} lacks what the attendee server checks requests with"
            f" ({', '.join(missing)}). Install the versions labdesk is tested with: {wanted}."
        )
    return HttpToolsProtocol


def _protocol_class(
    header_timeout: float,
    max_connections: int,
    *,
    hosts: frozenset[str] = frozenset(),
    error_page: ErrorPage | None = None,
    max_header: int = MAX_HEADER_BYTES,
    max_per_address: int = 1_000_000,
) -> type:
    """uvicorn's HTTP protocol with a deadline for a request's headers (a slow-loris guard):
    a connection that has not finished sending its headers in time is closed. Connections
    beyond max_connections are answered 503 at once; requests the parser cannot read get 400.
    Both carry the security headers (uvicorn's own versions of those answers would not).

    One address may hold at most max_per_address connections (a phone opens half a dozen).
    When an address that holds that many opens another, its idle connections (those not in the
    middle of a request) are closed, oldest first, to make room; if none is idle, the new one
    is closed at once. So one greedy or broken device can never fill the server, and every
    other phone is served.

    A request line and headers over max_header bytes are answered 431, and an absolute-form
    target ("GET http://other.example/ HTTP/1.1") naming a host we do not serve 400, each with
    the readable error page, before any page runs (uvicorn would drop the target's host and
    serve the path)."""
    httptools_protocol()  # refuses, saying what to install, if it lacks a callback used here
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    by_address: dict[str, list[Any]] = {}  # the open connections of each client address

    class HeaderDeadlineProtocol(HttpToolsProtocol):
        _address = ""
        _deadline: asyncio.TimerHandle | None = None
        _head_done = False  # the current request's headers have all arrived
        _head_raw = 0  # bytes received while waiting for the current request's headers
        _boundary = False  # headers or a whole request ended in the chunk being read
        _head_parsed = 0  # bytes of request line and headers the parser has handed over
        _refusal = 0  # the status a parser callback refused the request with
        _why = ""  # which check refused it, for the log
        _refused = False  # answered and half-closed: what still arrives is dropped
        _dropped = 0

        def _waiting_for_headers(self) -> bool:
            cycle = getattr(self, "cycle", None)
            return cycle is None or cycle.response_complete

        def _arm(self) -> None:
            if self._deadline is None:
                self._deadline = self.loop.call_later(header_timeout, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            if self._waiting_for_headers() and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            peer = transport.get_extra_info("peername")
            self._address = str(peer[0]) if peer else ""
            held = by_address.setdefault(self._address, [])
            for older in list(held):
                if len(held) < max_per_address:
                    break
                if older._waiting_for_headers():
                    older._let_go()
            if len(held) >= max_per_address:  # all of them busy: this one cannot be taken
                self.connections.discard(self)
                transport.close()
                return
            held.append(self)
            if len(self.connections) > max_connections:
                self.app = _busy  # read its request (within the deadline), then answer 503
            self._arm()

        def _let_go(self) -> None:
            """Close this connection now, and stop counting it for its address."""
            self._forget_address()
            self._disarm()
            if not self.transport.is_closing():
                self.transport.close()

        def _forget_address(self) -> None:
            held = by_address.get(self._address)
            if held is not None:
                with contextlib.suppress(ValueError):
                    held.remove(self)
                if not held:
                    del by_address[self._address]

        def send_400_response(self, msg: str) -> None:
            if self._refusal and error_page is not None:
                self._refuse(self._refusal, self._why)
                return
            if error_page is not None:
                self.transport.write(page_response(400, error_page))
            else:
                self.transport.write(plain_response(400, "Bad Request", msg))
            self.transport.close()

        def _refuse(self, status: int, why: str) -> None:
            """Answer, then stop writing but keep reading (and dropping) for a moment, so a
            client still sending its oversized headers reads the answer instead of a reset."""
            assert error_page is not None
            log.debug("refused a request from %s with %d: %s", self._address, status, why)
            self._refused = True
            self.transport.write(page_response(status, error_page))
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(2.0, self.transport.close)

        def _count(self, size: int) -> None:
            self._head_parsed += size
            if self._head_parsed > max_header:
                self._refusal = 431
                self._why = f"request line and headers over {max_header} bytes"
                raise _Refused

        def on_message_begin(self) -> None:
            self._head_done, self._head_parsed = False, 0
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:
            self._count(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._count(len(name) + len(value) + 4)
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            if not served_target(self.url, hosts):
                self._refusal = 400
                self._why = "an absolute-form target naming a host not served here"
                raise _Refused
            self._head_done = self._boundary = True
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._head_done, self._boundary = False, True
            super().on_message_complete()

        def data_received(self, data: bytes) -> None:
            if self._refused:
                self._dropped += len(data)
                if self._dropped > DRAIN_LIMIT:
                    self.transport.close()
                return
            self._boundary = False
            super().data_received(data)
            if self._refused or self.transport.is_closing():
                return
            if self._boundary:
                self._head_raw = 0  # the parser's own count covers what is past the boundary
            elif not self._head_done:
                # Headers still coming, and the parser keeps an unfinished header to itself:
                # count what arrives, so headers that never end are refused early too.
                self._head_raw += len(data)
                if self._head_raw > max_header and error_page is not None:
                    self._refuse(431, f"unfinished headers over {max_header} bytes")
                    return
            if self._waiting_for_headers():
                self._arm()
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            self._forget_address()
            super().connection_lost(exc)

    return HeaderDeadlineProtocol


def _allow_connections(wanted: int) -> None:
    """Raise the open-file limit so many phones (and slow clients) can be connected at once
    (macOS starts processes at 256)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no such limit for sockets
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop]:
    """The server thread's event loop: uvloop where it is installed (Linux and macOS), as
    uvicorn itself picks by default, else asyncio's own. A new phone's visit is two requests on
    a connection of its own, and on asyncio's loop the connection's share of the work (accept,
    transports, timers, callbacks) is spent in Python, holding the GIL; uvloop does it in C."""
    try:
        import uvloop
    except ImportError:  # Windows: asyncio's loop, with every check the same
        return asyncio.new_event_loop
    return uvloop.new_event_loop


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready_event = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        # Everything alive now (the app, its modules, this server) lasts: keep it out of the
        # collector's full passes, which otherwise hold the GIL for ~45 ms while phones post
        # and freeze the app's window and every request with it.
        gc.freeze()
        self._ready_event.set()

    def install_signal_handlers(self) -> None:  # the app or `labdesk serve` handles signals
        pass


class AttendeeServer:
    """The attendee web server for one workshop file.

    start() binds host:port (port 0 picks a free one), starts the thread and returns once it is
    accepting; stop() finishes what is in flight and closes. Its connections are its own: one to
    read pages (on the server thread) and one to write posts (on the writer thread).
    """

    def __init__(
        self,
        path: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        limits: Limits | None = None,
        on_commit: Callable[[Topic], None] | None = None,
        everywhere: bool = False,
        presenter: Presenter | None = None,
        clock: Clock = system_clock,
        pin_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if host in ("", "0.0.0.0", "::") and not everywhere:
            raise WebServerError("Choose one network address to serve on, not all of them.")
        self.everywhere = host in ("0.0.0.0", "::")
        self.path = Path(path)
        self.host = host
        self.requested_port = port
        self.port = 0
        self.limits = limits or Limits()
        self.writer = SubmissionWriter(self.path, on_commit)
        self.presenter = presenter  # the remote's presses go to it (None: the remote says so)
        self.clock = clock  # the wall clock the room view is timed by
        self.pin_clock = pin_clock  # how wrong PINs' waits are timed
        self.screens: ScreenPages | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.token = ""
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._server: _Server | None = None
        self._socket: socket.socket | None = None
        self._error: BaseException | None = None

    # -- addresses ------------------------------------------------------------------------------
    @property
    def public_host(self) -> str:
        """The address to show: on all interfaces, the one phones most likely reach."""
        if self.everywhere:
            return suggested(list_interfaces()).address
        return self.host

    @property
    def origin(self) -> str:
        return urls.origin(self.public_host, self.port)

    def served_hosts(self) -> set[str]:
        if not self.everywhere:
            return set(allowed_hosts(self.host, self.port))
        hosts: set[str] = set()
        for interface in list_interfaces():
            hosts |= allowed_hosts(interface.address, self.port)
        return hosts

    @property
    def url(self) -> str:
        """The address phones open: the workshop's pages, behind its token."""
        return urls.workshop_url(self.public_host, self.port, self.token)

    def session_url(self, agenda_item_id: int) -> str:
        return urls.session_url(self.public_host, self.port, self.token, agenda_item_id)

    @property
    def card_url(self) -> str:
        return urls.card_url(self.public_host, self.port, self.token)

    @property
    def poll_url(self) -> str:
        """The question open now, for every phone."""
        return urls.poll_url(self.public_host, self.port, self.token)

    @property
    def room_url(self) -> str:
        """The room view (the timer, the phase and the day) for any phone or tablet."""
        return urls.room_url(self.public_host, self.port, self.token)

    @property
    def desk_url(self) -> str:
        """The door desk, behind a desk's PIN (labdesk.store.screen_pins)."""
        return urls.desk_url(self.public_host, self.port, self.token)

    @property
    def remote_url(self) -> str:
        """The presenter's remote, behind the remote's PIN."""
        return urls.remote_url(self.public_host, self.port, self.token)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._ready.is_set()

    # -- lifecycle ------------------------------------------------------------------------------
    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.requested_port))
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                raise WebServerError(
                    f"Port {self.requested_port} is already in use on {self.host}. "
                    "Choose another port, or 0 to pick a free one."
                ) from exc
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EINVAL):
                raise WebServerError(
                    f"This laptop has no network address {self.host} now. "
                    "Choose another network (is the hotspot on?)."
                ) from exc
            if isinstance(exc, socket.gaierror):
                raise WebServerError(
                    f"{self.host!r} is not a network address. Give one like 192.168.4.1 "
                    "(the hotspot's), or 127.0.0.1 for this laptop only."
                ) from exc
            if exc.errno == errno.EACCES:
                raise WebServerError(
                    f"Port {self.requested_port} needs administrator rights. "
                    "Choose a port above 1024."
                ) from exc
            raise WebServerError(
                f"Cannot listen on {self.host}:{self.requested_port}: {exc}"
            ) from exc
        # Accepted connections inherit this: without it a response's body waits ~40 ms for
        # the phone's delayed ACK of its headers (Nagle's algorithm).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.listen(1024)
        sock.setblocking(False)
        return sock

    def start(self, timeout: float = 15.0) -> None:
        if self._thread is not None:
            raise WebServerError("The server is already running.")
        httptools_protocol()  # refuse now, with what to install, rather than serve unchecked
        _allow_connections(self.limits.max_connections + 200)
        self._socket = self._bind()
        self.port = int(self._socket.getsockname()[1])
        try:
            self.writer.start()
        except Exception as exc:
            self._socket.close()
            raise WebServerError(str(exc)) from exc
        self._thread = threading.Thread(target=self._run, name="labdesk-web", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) or self._error is not None:
            self.stop()
            raise WebServerError(f"The server did not start: {self._error or 'timed out'}")
        log.info("attendee server on %s", self.origin)

    def _run(self) -> None:
        try:
            with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
                runner.run(self._serve())
        except BaseException as exc:  # reported to start(), or logged if it happens later
            self._error = exc
            log.exception("the attendee server stopped with an error")
            self._ready.set()

    async def _serve(self) -> None:
        reader = open_workshop(self.path, lock=False, purpose="web server")
        screens: ScreenPages | None = None
        try:
            self._loop = asyncio.get_running_loop()
            self.token = store_workshop.web_token(reader)
            try:
                screen_pins.ensure_screens(reader)  # a desk's PIN and the remote's, the first time
            except WorkshopFileError as exc:
                log.warning("no PINs for the desk and the remote: %s", exc)
            pages = Pages(reader, self.writer)
            screens = self.screens = ScreenPages(
                pages,
                self.path,
                presenter=self.presenter,
                clock=self.clock,
                guard_clock=self.pin_clock,
            )
            screens.start()
            hosts = frozenset(self.served_hosts())
            guarded = Guard(
                pages.app([*screens.routes(), *PollPages(pages).routes()]),
                hosts=hosts,
                limits=self.limits,
                error_page=pages.error_page,
                trusted=screens.trusted_device,
            )
            config = uvicorn.Config(
                guarded,
                http=_protocol_class(
                    self.limits.header_timeout,
                    self.limits.max_connections,
                    hosts=hosts,
                    error_page=pages.error_page,
                    max_per_address=self.limits.max_per_address,
                ),
                lifespan="off",
                log_level="warning",
                access_log=False,
                proxy_headers=False,
                server_header=False,
                timeout_keep_alive=self.limits.keep_alive,
                timeout_graceful_shutdown=3,
            )
            self._server = _Server(config, self._ready)
            assert self._socket is not None
            await self._server.serve(sockets=[self._socket])
        finally:
            if screens is not None:
                screens.stop()
            reader.close(take_backup=False)

    def room_changed(self) -> None:
        """From any thread: the timer or the screens just changed in the file (the app stored
        them); the room views hear of it now rather than at the feed's next look."""
        loop, screens = self._loop, self.screens
        if loop is not None and screens is not None:
            with contextlib.suppress(RuntimeError):  # the loop has stopped
                loop.call_soon_threadsafe(screens.feed.poke)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, let in-flight posts finish and commit, then close both connections."""
        if self.screens is not None and self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the room views' streams end now
                self._loop.call_soon_threadsafe(self.screens.feed.close)
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.writer.stop()
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
            self._socket = None
        self._server = None
