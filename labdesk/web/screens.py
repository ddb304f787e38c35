"""The screens in the room the laptop serves beside the attendee forms: the door desk and the
presenter's remote, each behind its PIN, and the room view behind the workshop's token.

Every check-in, walk-in and PIN attempt is written by the server's one writer and committed
before the desk is answered; a press on the remote goes to the presenter (labdesk.core.presenter)
and is answered once it is stored. The room view is pushed to every device as server-sent events
of labdesk.core.room_view values; each device counts down from the anchor on its own.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from labdesk.core.checkin import Outcome, ScanKind, read_walk_in
from labdesk.core.model import Attendee, AttendeeStatus, CheckInMethod
from labdesk.core.pins import PinGuard, clean_pin, pin_matches
from labdesk.core.presenter import Presenter, PresenterAction, PressOutcome
from labdesk.core.room_message import MESSAGE_LIMIT, PRESETS
from labdesk.core.room_view import RoomView, room_view
from labdesk.core.search import SearchIndex
from labdesk.core.timer import Clock, PhaseTimer, day_steps, system_clock
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store import erasure as store_erasure
from labdesk.store import polls as store_polls
from labdesk.store import room_screen, screen_pins
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, open_workshop
from labdesk.store.screen_pins import ScreenKind, ScreenPin
from labdesk.web.security import PHONE_ID

if TYPE_CHECKING:
    from labdesk.web.pages import Pages

COOKIE = "labdesk_phone"  # the device's own cookie (labdesk.web.pages.COOKIE)

log = logging.getLogger("labdesk.web")

HERE = Path(__file__).resolve().parent
STATIC = {
    "screens.css": "text/css",
    "desk.js": "text/javascript",
    "room.js": "text/javascript",
    "remote.js": "text/javascript",
    "jsQR.js": "text/javascript",
}
SESSION_COOKIE = {ScreenKind.DESK: "labdesk_desk", ScreenKind.REMOTE: "labdesk_remote"}
SESSION_S = 24 * 3600
SEARCH_LIMIT = 20
FEED_LOOK_S = 0.25  # how often the room feed looks whether the file changed
FEED_REFRESH_S = 5.0  # and recomputes anyway (the day re-timed as time passes)
HEARTBEAT_S = 15.0
ROSTER_LOOK_S = 2.0  # how often the desk's name index looks whether the list changed
CODE_LIMIT = 512


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else ""


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


# -- the desk's names -------------------------------------------------------------------------------


class Roster:
    """The desk's typo-tolerant name index, kept fresh off the event loop: a thread with its own
    connection looks every ROSTER_LOOK_S whether anyone else changed the list (PRAGMA
    data_version, then the people's change count) and builds a new index only then. A walk-in added
    at a web desk is searchable at once (a small index of its own) until the next build."""

    def __init__(self, path: Path, look_s: float = ROSTER_LOOK_S) -> None:
        self.path = path
        self.look_s = look_s
        self.index: SearchIndex | None = None
        self._extra: list[Attendee] = []
        self._extra_index: SearchIndex | None = None
        self._stop = threading.Event()
        self._built = threading.Event()
        self._thread = threading.Thread(target=self._run, name="labdesk-web-roster", daemon=True)
        self.builds = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)

    def ready(self, timeout: float) -> bool:
        return self._built.wait(timeout)

    def _run(self) -> None:
        try:
            doc = open_workshop(self.path, lock=False, purpose="the door desk")
        except Exception:
            log.exception("the desk's name index could not open the file")
            return
        try:
            version, fingerprint = None, None
            while True:
                now_version = doc.data_version()
                if now_version != version:
                    version = now_version
                    counts = doc.change_counts()  # the people's own count, when the file has it
                    now_print = (
                        counts[Topic.ATTENDEES]
                        if counts is not None and Topic.ATTENDEES in counts
                        else store_attendees.fingerprint(doc)
                    )
                    if now_print != fingerprint:
                        fingerprint = now_print
                        self._build(doc)
                if self._stop.wait(self.look_s):
                    break
        except Exception:
            log.exception("the desk's name index stopped")
        finally:
            doc.close(take_backup=False)

    def _build(self, doc: WorkshopFile) -> None:
        people = store_attendees.load_all(doc)
        index = SearchIndex(people)
        known = {p.id for p in people}
        self.index = index
        kept = [p for p in self._extra if p.id not in known]
        self._extra = kept
        self._extra_index = SearchIndex(kept) if kept else None
        self.builds += 1
        self._built.set()

    def added(self, person: Attendee) -> None:
        """A walk-in just added here (on the event loop's thread)."""
        self._extra = [*self._extra, person]
        self._extra_index = SearchIndex(self._extra)

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[Attendee]:
        index, extra = self.index, self._extra_index
        hits = index.search(query, limit) if index is not None else []
        if extra is not None:
            seen = {h.attendee.id for h in hits}
            more = [h for h in extra.search(query, limit) if h.attendee.id not in seen]
            hits = sorted([*hits, *more], key=lambda h: (-h.score, h.attendee.sort_name))
        return [h.attendee for h in hits[:limit]]


# -- the room view ----------------------------------------------------------------------------------


def current_view(doc: WorkshopFile, clock: Clock) -> RoomView:
    """The room view now, from the stored timer (whoever holds it) and screens."""
    at = clock()
    now = dt.datetime.fromtimestamp(at)
    run = store_run.live_run(doc)
    items = store_agenda.load(doc)
    timer = PhaseTimer(day_steps(items), lambda: at, store_run.load_timer(doc, run))
    timer.tick()  # automatic advances since the last stored change (not stored: only shown)
    shown = store_polls.shown_results(doc.con)
    view = room_view(
        timer,
        store_workshop.load(doc),
        now,
        projection=store_run.projection(doc, now, run),
        message=room_screen.room_message(doc),
        blank=room_screen.blanked(doc),
    )
    return view if shown is None else dataclasses.replace(view, poll=shown.to_dict())


class RoomFeed:
    """The latest room view and everyone listening for the next (on the server's loop)."""

    def __init__(self, doc: WorkshopFile, clock: Clock = system_clock) -> None:
        self.doc = doc
        self.clock = clock
        self.view: RoomView | None = None
        self.event = b""  # the view as one server-sent event, encoded once for every device
        self._version: int | None = None
        self._computed = 0.0
        self._listeners: set[asyncio.Queue[bytes | None]] = set()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.closing = False
        self.computed = 0

    def latest(self) -> RoomView:
        """The view now: recomputed when the file changed or it is a moment old."""
        version = self.doc.data_version()
        now = time.monotonic()
        view = self.view
        stale = view is None or version != self._version or now - self._computed >= FEED_REFRESH_S
        if view is not None and view.running and view.ends_at is not None:
            stale = stale or self.clock() >= view.ends_at  # the step's end: it may move on
        if stale or view is None:
            self._version, self._computed = version, now
            fresh = current_view(self.doc, self.clock)
            self.computed += 1
            if view is None or not fresh.same_as(view):
                self.view = view = fresh
                self.event = _event(fresh)
                for queue in list(self._listeners):
                    _replace(queue, self.event)
        assert view is not None
        return view

    def poke(self) -> None:
        """Something changed here (a press): look now rather than at the next beat."""
        self._wake.set()

    async def _watch(self) -> None:
        while self._listeners and not self.closing:
            try:
                self.latest()
            except Exception:
                log.exception("the room view could not be read")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(FEED_LOOK_S):
                    await self._wake.wait()
        self._task = None

    def listen(self) -> asyncio.Queue[bytes | None]:
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1)
        self._listeners.add(queue)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())
        return queue

    def forget(self, queue: asyncio.Queue[bytes | None]) -> None:
        self._listeners.discard(queue)

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    def close(self) -> None:
        """The server is stopping: every stream ends now."""
        self.closing = True
        for queue in list(self._listeners):
            _replace(queue, None)
        self._wake.set()


def _replace(queue: asyncio.Queue[bytes | None], item: bytes | None) -> None:
    """Put the newest item in a queue of one, dropping one a slow device has not taken yet."""
    with contextlib.suppress(asyncio.QueueEmpty):
        queue.get_nowait()
    queue.put_nowait(item)


def _event(view: RoomView) -> bytes:
    return b"data: " + json.dumps(view.to_dict(), separators=(",", ":")).encode() + b"\n\n"


# -- the pages ---------------------------------------------------------------------------------------


class ScreenPages:
    """The desk, remote and room routes, beside the attendee pages (labdesk.web.pages.Pages)."""

    def __init__(
        self,
        pages: Pages,  # render, csrf and the device cookie
        path: Path,
        *,
        presenter: Presenter | None = None,
        clock: Clock = system_clock,
        guard_clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pages = pages
        self.reader: WorkshopFile = pages.reader
        self.writer = pages.writer
        self.presenter = presenter
        self.clock = clock
        self.key = hmac.new(store_workshop.secret(self.reader), b"screens", "sha256").digest()
        self.pin_guard = PinGuard(guard_clock)
        self.roster = Roster(path)
        self.feed = RoomFeed(self.reader, clock)
        self.static = {name: (HERE / "static" / name).read_bytes() for name in STATIC}
        pages.env.filters["clock"] = lambda at: f"{dt.datetime.fromtimestamp(float(at)):%H:%M:%S}"
        self._counts: tuple[int, float, tuple[int, int]] | None = None

    @property
    def base(self) -> str:
        return self.pages.base

    def start(self) -> None:
        self.roster.start()

    def stop(self) -> None:
        self.roster.stop()

    # -- signing --------------------------------------------------------------------------------
    def _mac(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()[:32]

    def _sign(self, data: dict[str, Any]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        body = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return f"{body}.{self._mac('shown:' + body)}"

    def _unsign(self, value: str) -> dict[str, Any] | None:
        body, _, mac = value.partition(".")
        if (
            not body
            or len(value) > 2000
            or not hmac.compare_digest(mac, self._mac("shown:" + body))
        ):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    # -- sessions -------------------------------------------------------------------------------
    def _session(self, kind: ScreenKind, pin: ScreenPin, device: str) -> str:
        return f"{pin.id}.{self._mac(f'{kind.value}:{pin.id}:{pin.pin}:{device}')}"

    def signed_in(self, request: Request, kind: ScreenKind) -> ScreenPin | None:
        """The desk (or remote) this device opened with a right PIN, while that PIN lives."""
        device = self.pages._phone(request)
        value = request.cookies.get(SESSION_COOKIE[kind], "")
        number, _, mac = value.partition(".")
        if device is None or not number.isdigit() or len(number) > 12 or not mac:
            return None
        pin = screen_pins.get(self.reader, int(number))
        if pin is None or not pin.live or pin.kind is not kind:
            return None
        if not hmac.compare_digest(self._session(kind, pin, device), value):
            return None
        return pin

    def trusted_device(self, scope: Any) -> str | None:
        """For the guard, before any page runs: the key of a desk or remote opened with a right
        PIN on this device (its session cookie checked), which posts on its own allowance."""
        path = str(scope.get("path", ""))
        kind = next((k for k in ScreenKind if path.startswith(f"{self.base}{k.value}/")), None)
        if kind is None:
            return None
        header = b"; ".join(v for n, v in scope["headers"] if n == b"cookie")
        if len(header) > 4096:
            return None
        jar: dict[str, str] = {}
        for part in header.decode("latin-1").split(";"):
            name, _, value = part.strip().partition("=")
            jar.setdefault(name, value)
        device = jar.get(COOKIE, "")
        value = jar.get(SESSION_COOKIE[kind], "")
        number, _, _ = value.partition(".")
        if not PHONE_ID.match(device) or not number.isdigit() or len(number) > 12:
            return None
        pin = screen_pins.get(self.reader, int(number))
        if pin is None or not pin.live or pin.kind is not kind:
            return None
        if not hmac.compare_digest(self._session(kind, pin, device), value):
            return None
        return f"{kind.value}:{pin.id}:{device}"

    def _device(self, request: Request) -> tuple[str, bool]:
        device = self.pages._phone(request)
        if device is not None:
            return device, False
        import secrets

        return secrets.token_urlsafe(16), True

    def _page(self, request: Request, name: str, status: int = 200, **values: Any) -> Response:
        device, new = self._device(request)
        from labdesk.web.security import csrf_token

        values.setdefault("title", "labdesk")
        response = self.pages.render(
            name,
            status,
            csrf=csrf_token(self.pages.csrf_key, device),
            static=self.static_url,
            **values,
        )
        return self.pages._with_cookie(response, device, new)

    def static_url(self, name: str) -> str:
        return f"{self.base}static/{name}"

    async def _checked(self, request: Request) -> dict[str, str]:
        _, form = await self.pages._checked_form(request)
        return dict(form)

    # -- PINs -----------------------------------------------------------------------------------
    def _pin_page(
        self,
        request: Request,
        kind: ScreenKind,
        status: int = 200,
        *,
        wrong: bool = False,
        wait: float = 0.0,
    ) -> Response:
        response = self._page(
            request,
            "pin.html",
            status,
            title="Door desk" if kind is ScreenKind.DESK else "Remote",
            kind=kind.value,
            wrong=wrong,
            locked=status == 429,
            wait=max(1, round(wait)) if wait > 0 else 0,
        )
        if wait > 0:
            response.headers["retry-after"] = str(max(1, round(wait)))
        return response

    async def _pin_post(self, request: Request, kind: ScreenKind) -> Response:
        self.pages._check_token(request)
        form = await self._checked(request)
        address = _address(request)
        wait = self.pin_guard.wait_s(address)
        if wait > 0:
            log.warning("PIN for the %s from %s refused unread: wait %.0f s", kind, address, wait)
            return self._pin_page(request, kind, 429, wrong=True, wait=wait)
        typed = clean_pin(form.get("pin", ""))
        found = None
        for pin in screen_pins.live_pins(self.reader, kind):  # every one, in constant time each
            if pin_matches(typed, pin.pin) and found is None:
                found = pin
        pin_id = found.id if found is not None else None
        try:
            await self.writer.run(
                lambda doc: screen_pins.log_attempt(doc, address=address, kind=kind, pin_id=pin_id)
            )
        except Exception as exc:
            log.warning("a PIN attempt could not be logged: %s", exc)
            raise HTTPException(503) from exc
        if found is None:
            wait = self.pin_guard.wrong(address)
            log.warning(
                "wrong PIN for the %s from %s (%d in a row)",
                kind,
                address,
                self.pin_guard.wrong_count(address),
            )
            return self._pin_page(request, kind, 403, wrong=True, wait=wait)
        self.pin_guard.right(address)
        log.info("%s opened from %s", found.name, address)
        device, new = self._device(request)
        response = RedirectResponse(f"{self.base}{kind.value}", status_code=303)
        response.set_cookie(
            SESSION_COOKIE[kind],
            self._session(kind, found, device),
            max_age=SESSION_S,
            path=f"{self.base}{kind.value}",
            httponly=True,
            samesite="strict",
        )
        return self.pages._with_cookie(response, device, new)

    async def _leave(self, request: Request, kind: ScreenKind) -> Response:
        self.pages._check_token(request)
        await self._checked(request)
        response = RedirectResponse(f"{self.base}{kind.value}", status_code=303)
        response.delete_cookie(SESSION_COOKIE[kind], path=f"{self.base}{kind.value}")
        return response

    def _need(self, request: Request, kind: ScreenKind) -> ScreenPin:
        self.pages._check_token(request)
        pin = self.signed_in(request, kind)
        if pin is None:
            raise HTTPException(403)
        return pin

    # -- the desk -------------------------------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        """(checked in, expected), looked at again when the file changed or each second."""
        version = self.reader.data_version()
        now = time.monotonic()
        if self._counts is not None and self._counts[0] == version and now - self._counts[1] < 1:
            return self._counts[2]
        value = (
            store_checkins.count(self.reader),
            store_attendees.count(self.reader, status=AttendeeStatus.ATTENDING),
        )
        self._counts = (version, now, value)
        return value

    def _outcome_json(self, outcome: Outcome) -> dict[str, Any]:
        person = outcome.attendee
        inside, expected = self.counts()
        return {
            "ok": True,
            "kind": outcome.kind.value,
            "tone": outcome.tone.value,
            "headline": outcome.headline,
            "advice": outcome.advice,
            "name": person.name if person is not None else "",
            "organisation": person.organisation if person is not None else "",
            "access_needs": person.access_needs if person is not None else "",
            "at": f"{outcome.at:%H:%M}" if outcome.at else "",
            "counts": {"in": inside, "expected": expected},
        }

    def _answer(self, request: Request, outcome: Outcome) -> Response:
        """The result, once committed: JSON for the page's script, else Post/Redirect/Get."""
        if _wants_json(request):
            return JSONResponse(self._outcome_json(outcome))
        shown = self._sign(
            {
                "k": outcome.kind.value,
                "a": outcome.attendee.id if outcome.attendee is not None else None,
                "c": outcome.code[:60],
            }
        )
        return RedirectResponse(f"{self.base}desk?shown={quote(shown)}", status_code=303)

    def _not_saved(self, request: Request, exc: Exception) -> Response:
        log.warning("a check-in at a web desk was not saved: %s", exc)
        if _wants_json(request):
            inside, expected = self.counts()
            return JSONResponse(
                {
                    "ok": False,
                    "tone": "stop",
                    "headline": "Not saved — not checked in",
                    "advice": "The laptop could not store it. Try again, or use the laptop's desk.",
                    "counts": {"in": inside, "expected": expected},
                },
                status_code=503,
            )
        raise HTTPException(503) from exc

    async def _stored(self, request: Request, work: Callable[[WorkshopFile], Outcome]) -> Response:
        """Run a check-in on the server's writer; answer once it is committed (or not saved)."""
        try:
            outcome = await self.writer.run(work)
        except Exception as exc:
            return self._not_saved(request, exc)
        return self._answer(request, outcome)

    async def desk(self, request: Request) -> Response:
        self.pages._check_token(request)
        pin = self.signed_in(request, ScreenKind.DESK)
        if pin is None:
            return self._pin_page(request, ScreenKind.DESK)
        query = request.query_params.get("q", "")[:200]
        shown = self._shown(request.query_params.get("shown", ""))
        inside, expected = self.counts()
        found = self._found(query) if query.strip() else []
        return self._page(
            request,
            "desk.html",
            title=pin.name,
            desk=pin.name,
            inside=inside,
            expected=expected,
            query=query,
            found=found,
            searched=bool(query.strip()),
            shown=shown,
        )

    def _shown(self, value: str) -> dict[str, Any] | None:
        """The result a plain form post was redirected with, as the file says now."""
        data = self._unsign(value) if value else None
        if data is None:
            return None
        try:
            kind = ScanKind(str(data.get("k", "")))
        except ValueError:
            return None
        attendee_id = data.get("a")
        person = None
        at = None
        if isinstance(attendee_id, int):
            person = store_attendees.get(self.reader, attendee_id)
            record = store_checkins.get(self.reader, attendee_id)
            at = record.at if record is not None else None
            if kind in (ScanKind.CHECKED_IN, ScanKind.ALREADY_IN) and at is None:
                return None  # undone meanwhile: nothing green to show
        outcome = Outcome(kind, person, at, str(data.get("c", "")))
        return self._outcome_json(outcome)

    def _found(self, query: str) -> list[dict[str, Any]]:
        """People matching query, as the file says now (an erasure a moment ago counts)."""
        people = self.roster.search(query)
        ids = [p.id for p in people if p.id is not None]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        fresh = {
            int(r["id"]): r
            for r in self.reader.con.execute(
                f"SELECT id, name, organisation, status, erased_at FROM attendees"
                f" WHERE id IN ({marks})",
                ids,
            )
        }
        arrived = {
            int(r[0]): str(r[1])
            for r in self.reader.con.execute(
                f"SELECT attendee_id, at FROM check_ins WHERE attendee_id IN ({marks})", ids
            )
        }
        out = []
        for n in ids:
            row = fresh.get(n)
            if row is None or row["erased_at"] is not None:
                continue
            at = arrived.get(n)
            out.append(
                {
                    "id": n,
                    "name": row["name"],
                    "organisation": row["organisation"],
                    "cancelled": row["status"] == AttendeeStatus.CANCELLED,
                    "in_at": dt.datetime.fromisoformat(at).strftime("%H:%M") if at else "",
                }
            )
        return out

    async def desk_pin(self, request: Request) -> Response:
        return await self._pin_post(request, ScreenKind.DESK)

    async def desk_leave(self, request: Request) -> Response:
        return await self._leave(request, ScreenKind.DESK)

    async def desk_scan(self, request: Request) -> Response:
        pin = self._need(request, ScreenKind.DESK)
        form = await self._checked(request)
        code = form.get("code", "")[:CODE_LIMIT]
        method = CheckInMethod.CAMERA if form.get("method") == "camera" else CheckInMethod.SCAN
        desk = pin.name

        def scan(doc: WorkshopFile) -> Outcome:
            return store_checkins.Scanner(doc, desk=desk).scan(code, method=method)

        return await self._stored(request, scan)

    async def desk_check_in(self, request: Request) -> Response:
        pin = self._need(request, ScreenKind.DESK)
        form = await self._checked(request)
        text = form.get("attendee", "")
        if not text.isdigit() or len(text) > 12:
            raise HTTPException(400)
        attendee_id, desk = int(text), pin.name

        def admit(doc: WorkshopFile) -> Outcome:
            return store_checkins.admit(doc, attendee_id, desk=desk, method=CheckInMethod.SEARCH)

        return await self._stored(request, admit)

    async def desk_walk_in(self, request: Request) -> Response:
        pin = self._need(request, ScreenKind.DESK)
        form = await self._checked(request)
        person, problem = read_walk_in(
            form.get("name", ""), form.get("organisation", ""), form.get("email", "")
        )
        if person is not None and person.email and form.get("again") != person.email:
            email = person.email
            if store_erasure.was_erased(self.reader, email):
                problem = (
                    "Someone with this email was erased on request earlier. Add them again only "
                    "if they are here and happy to be: press Check in again."
                )
                return self._walk_in_refused(request, form, problem, again=email)
        if person is None:
            return self._walk_in_refused(request, form, problem)
        desk = pin.name
        chosen = person

        def add(doc: WorkshopFile) -> Outcome:
            store_attendees.add_walk_in(doc, chosen, desk=desk)
            record = store_checkins.get(doc, chosen.id or 0)
            kind = ScanKind.CHECKED_IN if record is not None else ScanKind.UNKNOWN
            return Outcome(kind, chosen, record.at if record is not None else None)

        response = await self._stored(request, add)
        if response.status_code < 400:  # stored: searchable here at once
            self.roster.added(chosen)
        return response

    def _walk_in_refused(
        self, request: Request, form: dict[str, str], problem: str, again: str = ""
    ) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"ok": False, "walk_in_problem": problem, "again": again}, status_code=422
            )
        pin = self.signed_in(request, ScreenKind.DESK)
        assert pin is not None
        inside, expected = self.counts()
        return self._page(
            request,
            "desk.html",
            422,
            title=pin.name,
            desk=pin.name,
            inside=inside,
            expected=expected,
            query="",
            found=[],
            searched=False,
            shown=None,
            walk_in={k: form.get(k, "") for k in ("name", "organisation", "email")},
            walk_in_problem=problem,
            again=again,
        )

    async def desk_search(self, request: Request) -> Response:
        self._need(request, ScreenKind.DESK)
        query = request.query_params.get("q", "")[:200]
        found = self._found(query) if query.strip() else []
        ready = self.roster.index is not None
        return JSONResponse({"query": query, "found": found, "ready": ready})

    async def desk_counts(self, request: Request) -> Response:
        self._need(request, ScreenKind.DESK)
        inside, expected = self.counts()
        return JSONResponse({"in": inside, "expected": expected})

    # -- the remote -----------------------------------------------------------------------------
    async def remote(self, request: Request) -> Response:
        self.pages._check_token(request)
        pin = self.signed_in(request, ScreenKind.REMOTE)
        if pin is None:
            return self._pin_page(request, ScreenKind.REMOTE)
        said = self._unsign(request.query_params.get("said", "")) or {}
        return self._page(
            request,
            "remote.html",
            title="Remote",
            view=self.feed.latest(),
            said=str(said.get("t", "")),
            said_ok=bool(said.get("ok", True)),
            presets=PRESETS,
            limit=MESSAGE_LIMIT,
            working=self.presenter is not None,
            actions=PresenterAction,
        )

    async def remote_pin(self, request: Request) -> Response:
        return await self._pin_post(request, ScreenKind.REMOTE)

    async def remote_leave(self, request: Request) -> Response:
        return await self._leave(request, ScreenKind.REMOTE)

    async def remote_press(self, request: Request) -> Response:
        self._need(request, ScreenKind.REMOTE)
        form = await self._checked(request)
        try:
            action = PresenterAction(form.get("action", ""))
        except ValueError:
            raise HTTPException(400) from None
        argument = form.get("message", "")[: MESSAGE_LIMIT * 4]
        presenter = self.presenter
        if presenter is None:
            outcome = PressOutcome.refused(
                "The remote cannot move this timer: open the day's console on the laptop."
            )
        else:
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(None, presenter.press, action, argument)
        self.feed.poke()
        if _wants_json(request):
            view = self.feed.latest()
            return JSONResponse(
                {"ok": outcome.ok, "text": outcome.text, "view": view.to_dict()},
                status_code=200 if outcome.ok else 409,
            )
        said = self._sign({"t": outcome.text, "ok": outcome.ok})
        return RedirectResponse(f"{self.base}remote?said={quote(said)}", status_code=303)

    # -- the room view --------------------------------------------------------------------------
    async def room(self, request: Request) -> Response:
        self.pages._check_token(request)
        return self._page(request, "room.html", title="Room view", view=self.feed.latest())

    async def room_now(self, request: Request) -> Response:
        self.pages._check_token(request)
        return JSONResponse(self.feed.latest().to_dict())

    async def room_events(self, request: Request) -> Response:
        self.pages._check_token(request)
        if self.feed.closing:
            raise HTTPException(503)
        queue = self.feed.listen()
        self.feed.latest()
        first = self.feed.event

        async def stream() -> AsyncIterator[bytes]:
            try:
                yield b"retry: 2000\n\n" + first
                while True:
                    try:
                        async with asyncio.timeout(HEARTBEAT_S):
                            event = await queue.get()
                    except TimeoutError:
                        yield b": still here\n\n"
                        continue
                    if event is None:
                        return
                    yield event
            finally:
                self.feed.forget(queue)

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"cache-control": "no-store"}
        )

    async def static_file(self, request: Request) -> Response:
        self.pages._check_token(request)
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        return Response(
            self.static[name],
            media_type=STATIC[name],
            headers={"cache-control": "public, max-age=3600"},
        )

    def routes(self) -> list[Route]:
        return [
            Route("/{token}/room", self.room, methods=["GET"]),
            Route("/{token}/room/now", self.room_now, methods=["GET"]),
            Route("/{token}/room/events", self.room_events, methods=["GET"]),
            Route("/{token}/desk", self.desk, methods=["GET"]),
            Route("/{token}/desk/pin", self.desk_pin, methods=["POST"]),
            Route("/{token}/desk/leave", self.desk_leave, methods=["POST"]),
            Route("/{token}/desk/scan", self.desk_scan, methods=["POST"]),
            Route("/{token}/desk/check-in", self.desk_check_in, methods=["POST"]),
            Route("/{token}/desk/walk-in", self.desk_walk_in, methods=["POST"]),
            Route("/{token}/desk/search", self.desk_search, methods=["GET"]),
            Route("/{token}/desk/counts", self.desk_counts, methods=["GET"]),
            Route("/{token}/remote", self.remote, methods=["GET"]),
            Route("/{token}/remote/pin", self.remote_pin, methods=["POST"]),
            Route("/{token}/remote/leave", self.remote_leave, methods=["POST"]),
            Route("/{token}/remote/press", self.remote_press, methods=["POST"]),
            Route("/{token}/static/{name}", self.static_file, methods=["GET"]),
        ]
