"""The poll pages on phones: the open question (a choice, a scale, a few words, an open answer,
or Q&A with upvotes), each answer committed before its "thank you", under the same guard,
CSRF token and phone cookie as the feedback forms (labdesk.web.pages)."""

from __future__ import annotations

import logging
import re
import secrets
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from labdesk.core.polls import (
    MAX_ASKED,
    MAX_TEXT,
    MAX_WORDS_TEXT,
    AskedQuestion,
    Poll,
    PollAnswer,
    PollKind,
    Upvote,
    by_votes,
    read_answer,
)
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission
from labdesk.web.security import csrf_token

if TYPE_CHECKING:
    from labdesk.web.pages import Pages

log = logging.getLogger("labdesk.web")

_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,32}$")
SHOWN_ASKED = 50  # questions listed on a phone in Q&A


class PollPages:
    """Routes for the open poll, beside the attendee pages (labdesk.web.pages.Pages)."""

    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.reader = pages.reader

    @property
    def base(self) -> str:
        return str(self.pages.base)

    def _poll(self, request: Request) -> Poll:
        """The poll a page is about: it must exist (else 404)."""
        poll = store_polls.get(self.reader.con, request.path_params["poll_id"])
        if poll is None:
            raise HTTPException(404)
        return poll

    async def _store(self, submission: Submission) -> int:
        try:
            return int(await self.pages.writer.submit(submission))
        except Exception as exc:
            log.warning("a poll answer was not stored: %s", exc)
            raise HTTPException(503) from exc

    def _page(
        self,
        poll: Poll | None,
        phone: str,
        *,
        status: int = 200,
        error: str = "",
        value: str = "",
        note: str = "",
    ) -> HTMLResponse:
        values: dict[str, Any] = {
            "poll": poll,
            "error": error,
            "value": value,
            "note": note,
            "csrf": csrf_token(self.pages.csrf_key, phone),
            "limits": {"words": MAX_WORDS_TEXT, "text": MAX_TEXT, "asked": MAX_ASKED},
        }
        if poll is not None and poll.id is not None:
            con = self.reader.con
            stored = store_polls.answer_of(con, poll.id, phone)
            values["stored"] = stored
            if not value and stored is not None and poll.kind is not PollKind.QUESTIONS:
                values["value"] = stored
            if poll.kind is PollKind.SCALE:
                values["numbers"] = list(range(poll.scale[0], poll.scale[1] + 1))
            if poll.kind is PollKind.QUESTIONS:
                values["asked"] = by_votes(store_polls.asked(con, poll.id))[:SHOWN_ASKED]
                values["voted"] = store_polls.voted_by(con, poll.id, phone)
                values["asked_here"] = store_polls.asked_by(con, poll.id, phone)
                values["nonce"] = secrets.token_urlsafe(16)
        title = poll.text if poll is not None else "No question just now"
        return self.pages.render("poll.html", status, title=title, **values)

    # -- pages ----------------------------------------------------------------------------------
    async def current(self, request: Request) -> Response:
        """The open question, or a page saying there is none yet."""
        self.pages._check_token(request)
        phone = self.pages._phone(request)
        new = phone is None
        phone = phone or secrets.token_urlsafe(16)
        poll = store_polls.open_poll(self.reader.con)
        return self.pages._with_cookie(self._page(poll, phone), phone, new)

    async def answer(self, request: Request) -> Response:
        self.pages._check_token(request)
        poll = self._poll(request)
        assert poll.id is not None
        phone, form = await self.pages._checked_form(request)
        if not poll.is_open:
            return self._closed(poll, phone)
        check = read_answer(poll, form)
        if not check.ok:
            return self._page(
                poll, phone, status=422, error=check.error, value=form.get("answer", "")
            )
        if poll.kind is PollKind.QUESTIONS:
            nonce = form.get("nonce", "")
            if not _NONCE.match(nonce):
                raise HTTPException(400)
            stored = await self._store(
                Submission(AskedQuestion(poll.id, phone, check.value), f"ask:{phone}:{nonce}")
            )
        else:
            stored = await self._store(Submission(PollAnswer(poll.id, phone, check.value), ""))
        if stored == store_polls.NOT_OPEN:
            return self._closed(poll, phone)
        return RedirectResponse(f"{self.base}thanks/poll/{poll.id}", status_code=303)

    async def vote(self, request: Request) -> Response:
        self.pages._check_token(request)
        poll = self._poll(request)
        assert poll.id is not None
        phone, form = await self.pages._checked_form(request)
        raw = form.get("asked", "")
        if poll.kind is not PollKind.QUESTIONS or not raw.isdigit() or len(raw) > 12:
            raise HTTPException(400)
        if not poll.is_open:
            return self._closed(poll, phone)
        stored = await self._store(Submission(Upvote(int(raw), phone), ""))
        if stored == store_polls.NOT_OPEN:
            return self._page(
                poll, phone, status=409, note="That question is no longer open for votes."
            )
        return RedirectResponse(f"{self.base}poll#asked-{int(raw)}", status_code=303)

    def _closed(self, poll: Poll, phone: str) -> HTMLResponse:
        return self.pages.render(
            "poll_closed.html", 409, title="This question has closed", poll=poll
        )

    async def thanks(self, request: Request) -> Response:
        self.pages._check_token(request)
        poll = self._poll(request)
        assert poll.id is not None
        phone = self.pages._phone(request)
        stored = False
        if phone is not None:
            con = self.reader.con
            if poll.kind is PollKind.QUESTIONS:
                stored = store_polls.asked_by(con, poll.id, phone) > 0
            else:
                stored = store_polls.answer_of(con, poll.id, phone) is not None
        message = (
            "Your question is saved. Others can now vote for it."
            if poll.kind is PollKind.QUESTIONS
            else "Your answer is saved. You can change it while the question is open."
        )
        return self.pages.render(
            "thanks.html",
            title="Thank you" if stored else "Nothing saved yet",
            stored=stored,
            message=message,
            again=f"{self.base}poll",
            again_label="Ask another question"
            if poll.kind is PollKind.QUESTIONS
            else "Change your answer",
        )

    def routes(self) -> list[Route]:
        return [
            Route("/{token}/poll", self.current, methods=["GET"]),
            Route("/{token}/poll/{poll_id:int}", self.answer, methods=["POST"]),
            Route("/{token}/poll/{poll_id:int}/vote", self.vote, methods=["POST"]),
            Route("/{token}/thanks/poll/{poll_id:int}", self.thanks, methods=["GET"]),
        ]
