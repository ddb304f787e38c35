"""The attendee pages: session feedback, the commitment card, thank-you pages, readable errors."""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from labdesk.core.feedback import LIMITS, read_card, read_feedback, session_prompts, takes_feedback
from labdesk.core.model import AgendaItem, ConfirmedBy
from labdesk.store import agenda as store_agenda
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store import polls as store_polls
from labdesk.store import workshop as store_workshop
from labdesk.store.document import WorkshopFile
from labdesk.store.submissions import Submission
from labdesk.web.security import PHONE_ID, csrf_ok, csrf_token

log = logging.getLogger("labdesk.web")

HERE = Path(__file__).resolve().parent
COOKIE = "labdesk_phone"
RATINGS = [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very good"), ("5", "Excellent")]
AGENDA_CACHE_S = 2.0
MAX_FIELDS = 40

ERRORS: dict[int, tuple[str, str]] = {
    400: (
        "Something went wrong",
        "Your phone sent something we could not read. Go back and send the form again.",
    ),
    403: (
        "Please reload the form",
        "This form has expired, or your phone did not keep our cookie. "
        "Go back, reload the page, and send your answer again. Nothing was saved.",
    ),
    404: ("Page not found", "This page does not exist. Scan the QR code on the screen again."),
    405: (
        "Not possible here",
        "This page cannot be used that way. Scan the QR code on the screen again.",
    ),
    408: (
        "Your phone took too long",
        "Sending the form took too long. Please send it again. Nothing was saved.",
    ),
    413: (
        "Your answer is too long",
        "What you sent is over 64 KB. Shorten your answers and send again. Nothing was saved.",
    ),
    431: (
        "Too much sent",
        "Your phone sent more than we accept with one page (often too many cookies). "
        "Close this tab and scan the QR code on the screen again.",
    ),
    415: (
        "Something went wrong",
        "Your phone sent the form in a way we cannot read. Nothing was saved.",
    ),
    421: (
        "Wrong address",
        "This address is not served here. Scan the QR code on the screen again.",
    ),
    429: (
        "Too many tries",
        "Your phone has sent a lot in a short time. Wait a minute, then try again.",
    ),
    500: (
        "Something went wrong",
        "The laptop could not handle this. Please tell the facilitator. Nothing was saved.",
    ),
    503: (
        "Not saved",
        "Your answer was NOT saved: the laptop cannot store it just now. "
        "Please try again in a minute or tell the facilitator.",
    ),
}


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


Done = TypeVar("Done")  # what a job run on the writer returns


class Writer(Protocol):
    """What the pages need from the writer (SubmissionWriter, or a stand-in in tests)."""

    async def submit(self, submission: Submission) -> int: ...

    async def run(self, work: Callable[[WorkshopFile], Done]) -> Done: ...


@dataclass
class _Day:
    title: str
    items: dict[int, AgendaItem] = field(default_factory=dict)
    loaded_at: float = 0.0
    prompts: dict[int, list[str]] = field(default_factory=dict)
    # Empty forms as a new phone gets them, rendered once for this reading of the day, with a
    # stand-in where each phone's own CSRF token goes (see Pages._blank_form).
    blank_forms: dict[str, str] = field(default_factory=dict)


class Pages:
    """Routes bound to a read connection (this thread only) and the writer."""

    def __init__(
        self, reader: WorkshopFile, writer: Writer, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.clock = clock
        self.token = store_workshop.web_token(reader)
        self.csrf_key = hmac.new(store_workshop.secret(reader), b"web-csrf", "sha256").digest()
        self.secret = store_workshop.secret(reader)
        self.workshop_code = store_workshop.load(reader).code
        self.old_badges = bool(store_workshop.get_setting(reader, "old_badges"))
        self.env = environment()
        self.css = (HERE / "static" / "style.css").read_bytes()
        self._day: _Day | None = None
        # Hex, as a token is: escaping leaves it alone, and no text on a page can hold it.
        self._csrf_stand_in = secrets.token_hex(20)
        self._cookie_attributes = (
            f"HttpOnly; Max-Age={3 * 24 * 3600}; Path={self.base}; SameSite=strict"
        )

    # -- shared ---------------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"/{self.token}/"

    def day(self) -> _Day:
        now = self.clock()
        if self._day is None or now - self._day.loaded_at > AGENDA_CACHE_S:
            items = {i.id: i for i in store_agenda.load(self.reader) if i.id is not None}
            prompts = {n: session_prompts(i) for n, i in items.items()}
            self._day = _Day(store_workshop.load(self.reader).title, items, now, prompts)
        return self._day

    def render(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        values.setdefault("base", self.base)
        values.setdefault("workshop", self.day().title)
        html = self.env.get_template(name).render(**values)
        return HTMLResponse(html, status_code=status)

    def _blank_form(self, key: str, phone: str, render: Callable[[str], HTMLResponse]) -> Response:
        """An empty form (no answer yet, no errors), as render(csrf) makes it, for this phone.
        Every new phone gets the same page but for its token, so the page is rendered once for
        each reading of the day and the token put in: the same bytes, a fraction of the work
        (rendering was most of what a new phone's visit cost the server)."""
        day = self.day()
        html = day.blank_forms.get(key)
        if html is None:
            page = render(self._csrf_stand_in)
            html = day.blank_forms[key] = bytes(page.body).decode("utf-8")
        return HTMLResponse(html.replace(self._csrf_stand_in, self._csrf(phone)))

    def error_response(
        self, status: int, *, with_style: bool = False, back: str = ""
    ) -> HTMLResponse:
        heading, message = ERRORS.get(status, ERRORS[400])
        html = self.env.get_template("error.html").render(
            title=heading,
            heading=heading,
            message=message,
            back=back,
            base=self.base if with_style else "",
            workshop=self.day().title if with_style else "",
        )
        return HTMLResponse(html, status_code=status)

    def error_page(self, status: int) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """For the guard: a bare page that reveals nothing (not even the token)."""
        response = self.error_response(status)
        return bytes(response.body), [(b"content-type", b"text/html; charset=utf-8")]

    def _check_token(self, request: Request) -> None:
        if not hmac.compare_digest(request.path_params["token"].encode(), self.token.encode()):
            raise HTTPException(404)

    def _phone(self, request: Request) -> str | None:
        value = request.cookies.get(COOKIE)
        return value if value and PHONE_ID.match(value) else None

    def _with_cookie(self, response: Response, phone: str, new: bool) -> Response:
        """A new phone's id in a cookie only this workshop's pages get back, for three days.
        The header is what Starlette's set_cookie writes (an id needs no quoting: PHONE_ID),
        put together here without building a SimpleCookie each time."""
        if new:
            assert PHONE_ID.match(phone)
            response.raw_headers.append(
                (b"set-cookie", f"{COOKIE}={phone}; {self._cookie_attributes}".encode("ascii"))
            )
        return response

    def _item(self, request: Request) -> AgendaItem:
        item = self.day().items.get(request.path_params["item_id"])
        if item is None or not takes_feedback(item):
            raise HTTPException(404)
        return item

    async def _form(self, request: Request) -> dict[str, str]:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise HTTPException(415)
        body = await request.body()
        try:
            # errors="strict": "%FF" is refused like a raw bad byte, never stored as "�".
            pairs = parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                max_num_fields=MAX_FIELDS,
                errors="strict",
            )
        except (UnicodeDecodeError, ValueError):
            raise HTTPException(400) from None
        form: dict[str, str] = {}
        for name, value in pairs:
            form.setdefault(name, value)
        return form

    async def _checked_form(self, request: Request) -> tuple[str, dict[str, str]]:
        form = await self._form(request)
        phone = self._phone(request)
        if phone is None or not csrf_ok(self.csrf_key, phone, form.get("csrf", "")):
            raise HTTPException(403)
        return phone, form

    async def _store(self, submission: Submission) -> None:
        try:
            await self.writer.submit(submission)
        except Exception as exc:
            log.warning("a post was not stored: %s", exc)
            raise HTTPException(503) from exc

    # -- pages ----------------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        self._check_token(request)
        phone = self._phone(request)
        new = phone is None
        phone = phone or secrets.token_urlsafe(16)
        answered = store_feedback.answered_items(self.reader.con, f"fb:{phone}:")
        sessions = [
            {"id": i.id, "title": i.title, "answered": i.id in answered}
            for i in self.day().items.values()
            if takes_feedback(i)
        ]
        card = store_commitments.get_for_phone(self.reader.con, f"card:{phone}", _address(request))
        response = self.render(
            "index.html",
            title="Your feedback",
            sessions=sessions,
            card_done=card is not None,
            poll=store_polls.open_poll(self.reader.con),
        )
        return self._with_cookie(response, phone, new)

    async def session(self, request: Request) -> Response:
        self._check_token(request)
        item = self._item(request)
        assert item.id is not None
        prompts = self.day().prompts.get(item.id, [])
        phone = self._phone(request)
        if request.method == "POST":
            phone, form = await self._checked_form(request)
            result = read_feedback(form, item.id, prompts)
            if not result.ok:
                values: dict[str, Any] = {
                    "rating": form.get("rating", ""),
                    "worked": form.get("worked", ""),
                    "change": form.get("change", ""),
                    "answers": {p: form.get(f"p{n}", "") for n, p in enumerate(prompts)},
                }
                return self._feedback_page(
                    item, prompts, self._csrf(phone), values, result.errors, 422
                )
            assert result.response is not None
            await self._store(Submission(result.response, f"fb:{phone}:{item.id}"))
            return RedirectResponse(f"{self.base}thanks/session/{item.id}", status_code=303)
        new = phone is None
        phone = phone or secrets.token_urlsafe(16)
        # A phone given its id just now has answered nothing yet.
        existing = (
            None if new else store_feedback.get_by_key(self.reader.con, f"fb:{phone}:{item.id}")
        )
        if existing is None:
            blank = {"rating": "", "worked": "", "change": "", "answers": {}}
            response = self._blank_form(
                f"session/{item.id}",
                phone,
                lambda csrf: self._feedback_page(item, prompts, csrf, blank, {}, 200),
            )
            return self._with_cookie(response, phone, new)
        values = {
            "rating": str(existing.rating or ""),
            "worked": existing.worked,
            "change": existing.change,
            "answers": existing.answers,
        }
        response = self._feedback_page(
            item, prompts, self._csrf(phone), values, {}, 200, already=True
        )
        return self._with_cookie(response, phone, new)

    def _csrf(self, phone: str) -> str:
        return csrf_token(self.csrf_key, phone)

    def _feedback_page(
        self,
        item: AgendaItem,
        prompts: list[str],
        csrf: str,
        values: dict[str, Any],
        errors: dict[str, str],
        status: int,
        already: bool = False,
    ) -> HTMLResponse:
        return self.render(
            "feedback.html",
            status,
            title=f"Feedback: {item.title}",
            session_title=item.title,
            item_id=item.id,
            prompts=prompts,
            values=values,
            errors=errors,
            already=already,
            ratings=RATINGS,
            limits=LIMITS,
            csrf=csrf,
        )

    async def card(self, request: Request) -> Response:
        self._check_token(request)
        phone = self._phone(request)
        if request.method == "POST":
            phone, form = await self._checked_form(request)
            result = read_card(form)
            if result.card is not None and result.card.badge_code:
                owner = self._badge_owner(result.card.badge_code)
                if owner is None:
                    result.errors["badge_code"] = (
                        "That is not the code of a badge for this workshop. Check it against "
                        "the letters and digits under the QR code on your badge, or leave it "
                        "empty."
                    )
                else:  # their own badge: the card is theirs
                    result.card.attendee_id, result.card.confirmed_by = owner, ConfirmedBy.BADGE
            if not result.ok:
                values: dict[str, Any] = {
                    k: form.get(k, "")
                    for k in ("action", "who", "by_when", "name", "email", "address", "badge_code")
                }
                values["use_registered_address"] = form.get("use_registered_address") == "yes"
                values["consent_post"] = form.get("consent_post") == "yes"
                return self._card_page(self._csrf(phone), values, result.errors, 422)
            assert result.card is not None
            result.card.phone_address = _address(request)  # one card a phone
            await self._store(Submission(result.card, f"card:{phone}"))
            return RedirectResponse(f"{self.base}thanks/card", status_code=303)
        new = phone is None
        phone = phone or secrets.token_urlsafe(16)
        existing = store_commitments.get_for_phone(
            self.reader.con, f"card:{phone}", _address(request)
        )
        if existing is None:
            blank = {
                "action": "",
                "who": "",
                "by_when": "",
                "name": "",
                "email": "",
                "address": "",
                "badge_code": "",
                "use_registered_address": False,
                "consent_post": False,
            }
            response = self._blank_form(
                "card", phone, lambda csrf: self._card_page(csrf, blank, {}, 200)
            )
            return self._with_cookie(response, phone, new)
        values = {
            "action": existing.action,
            "who": existing.who,
            "by_when": existing.by_when,
            "name": existing.name,
            "email": existing.email,
            "address": existing.address,
            "badge_code": "",
            "use_registered_address": existing.use_registered_address,
            "consent_post": existing.consent_post,
        }
        confirmed = existing.confirmed_by == ConfirmedBy.BADGE
        response = self._card_page(
            self._csrf(phone), values, {}, 200, already=True, confirmed=confirmed
        )
        return self._with_cookie(response, phone, new)

    def _badge_owner(self, text: str) -> int | None:
        """The attendee whose badge this is, if it is a good badge of this workshop."""
        from labdesk.core import badges
        from labdesk.store import attendees as store_attendees

        reading = badges.read(text, self.secret, self.workshop_code, old_badges=self.old_badges)
        if reading.verdict is not badges.Verdict.OK or reading.attendee_id is None:
            return None
        person = store_attendees.get(self.reader, reading.attendee_id)
        if person is None or person.erased_at is not None:
            return None
        return reading.attendee_id

    def _card_page(
        self,
        csrf: str,
        values: dict[str, Any],
        errors: dict[str, str],
        status: int,
        already: bool = False,
        confirmed: bool = False,
    ) -> HTMLResponse:
        return self.render(
            "card.html",
            status,
            title="Your commitment card",
            values=values,
            errors=errors,
            already=already,
            confirmed=confirmed,
            limits=LIMITS,
            csrf=csrf,
        )

    async def thanks_session(self, request: Request) -> Response:
        self._check_token(request)
        item = self._item(request)
        phone = self._phone(request)
        stored = (
            phone is not None
            and store_feedback.get_by_key(self.reader.con, f"fb:{phone}:{item.id}") is not None
        )
        return self.render(
            "thanks.html",
            title="Thank you" if stored else "Nothing saved yet",
            stored=stored,
            message=f"Your feedback on “{item.title}” is saved.",
            again=f"{self.base}session/{item.id}",
        )

    async def thanks_card(self, request: Request) -> Response:
        self._check_token(request)
        phone = self._phone(request)
        stored = (
            phone is not None
            and store_commitments.get_for_phone(self.reader.con, f"card:{phone}", _address(request))
            is not None
        )
        return self.render(
            "thanks.html",
            title="Thank you" if stored else "Nothing saved yet",
            stored=stored,
            message="Your commitment card is saved.",
            again=f"{self.base}card",
        )

    async def style(self, request: Request) -> Response:
        self._check_token(request)
        return Response(
            self.css, media_type="text/css", headers={"cache-control": "public, max-age=3600"}
        )

    # -- errors ---------------------------------------------------------------------------------
    async def http_error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        token_ok = hmac.compare_digest(
            str(request.path_params.get("token", "")).encode(), self.token.encode()
        )
        back = ""
        if token_ok and status in (403, 408, 413, 503):
            back = request.url.path
        response = self.error_response(status, with_style=token_ok and status != 404, back=back)
        if status in (408, 413):
            response.headers["connection"] = "close"
        return response

    async def crash(self, request: Request, exc: Exception) -> Response:
        log.exception("an attendee page failed", exc_info=exc)
        return self.error_response(500)

    def app(self, more: Sequence[BaseRoute] = ()) -> Starlette:
        """The attendee pages, and more routes beside them (the screens in the room)."""
        routes: list[BaseRoute] = [
            Route("/{token}/", self.index, methods=["GET"]),
            Route("/{token}/session/{item_id:int}", self.session, methods=["GET", "POST"]),
            Route("/{token}/card", self.card, methods=["GET", "POST"]),
            Route("/{token}/thanks/session/{item_id:int}", self.thanks_session, methods=["GET"]),
            Route("/{token}/thanks/card", self.thanks_card, methods=["GET"]),
            Route("/{token}/style.css", self.style, methods=["GET"]),
            *more,
        ]
        app = Starlette(
            routes=routes,
            exception_handlers={
                HTTPException: self.http_error,
                Exception: self.crash,
            },
        )
        app.router.redirect_slashes = False  # no redirect may reveal or guess a path
        return app


def _address(request: Request) -> str:
    """The network address a phone sends from: on the hotspot, one per phone."""
    return request.client.host if request.client is not None else ""
