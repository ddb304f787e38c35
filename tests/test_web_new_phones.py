"""New phones get their empty form from one rendering: each with its own token, and a renamed
session shows once the pages read the day again."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from labdesk.store import agenda as store_agenda
from labdesk.store import feedback as store_feedback
from labdesk.store import open_workshop
from labdesk.store.document import WorkshopFile
from labdesk.web.pages import AGENDA_CACHE_S, COOKIE, Pages
from labdesk.web.writer import SubmissionWriter

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pages(demo_file: WorkshopFile) -> Iterator[tuple[Pages, Clock]]:
    writer = SubmissionWriter(Path(demo_file.path))
    writer.start()
    reader = open_workshop(demo_file.path, lock=False, purpose="test")
    clock = Clock()
    yield Pages(reader, writer, clock=clock), clock
    writer.stop()
    reader.close(take_backup=False)


def _item(doc: WorkshopFile, title_start: str):  # type: ignore[no-untyped-def]
    return next(i for i in store_agenda.load(doc) if i.title.startswith(title_start))


def _new_phone(pages: Pages, address: str = "127.0.0.5") -> httpx.AsyncClient:
    """A phone with no cookie yet, sending from its own address, straight to the pages."""
    transport = httpx.ASGITransport(app=pages.app(), client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


def _run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())  # type: ignore[arg-type]


def test_new_phones_each_get_the_form_with_their_own_token(pages, demo_file) -> None:
    site, _ = pages
    item = _item(demo_file, "Session 3")
    url = f"{site.base}session/{item.id}"

    async def scenario() -> None:
        phones = [_new_phone(site, f"127.0.0.{n + 10}") for n in range(3)]
        got = [await phone.get(url) for phone in phones]
        tokens = [CSRF.findall(r.text) for r in got]
        assert all(r.status_code == 200 for r in got)
        assert all(len(found) == 1 for found in tokens)  # in its one place, no stand-in left
        assert len({found[0] for found in tokens}) == 3
        ids = [phone.cookies[COOKIE] for phone in phones]
        assert len(set(ids)) == 3
        assert got[0].headers["set-cookie"] == (
            f"{COOKIE}={ids[0]}; HttpOnly; Max-Age=259200; Path={site.base}; SameSite=strict"
        )
        # The same page for everyone but the token, with nothing answered, and the stems.
        assert got[1].text.replace(tokens[1][0], tokens[0][0]) == got[0].text
        assert "You have already answered" not in got[0].text
        assert "One thing that influenced me …</label>" in got[0].text

        form = {"rating": "4", "worked": "Mine", "change": ""}
        before = store_feedback.count(demo_file)
        # Another phone's token is refused: the form each got is its own.
        refused = await phones[1].post(url, data={"csrf": tokens[0][0], **form})
        assert refused.status_code == 403
        for phone, found in zip(phones, tokens, strict=True):
            assert (await phone.post(url, data={"csrf": found[0], **form})).status_code == 303
        assert store_feedback.count(demo_file) == before + 3

        # A phone that has answered gets its answer back, not the empty form.
        again = await phones[0].get(url)
        assert "You have already answered" in again.text and "Mine</textarea>" in again.text
        assert "set-cookie" not in again.headers
        for phone in phones:
            await phone.aclose()

    _run(scenario)


def test_a_renamed_session_reaches_new_phones_when_the_day_is_read_again(pages, demo_file) -> None:
    site, clock = pages
    item = _item(demo_file, "Session 2")
    url = f"{site.base}session/{item.id}"

    async def scenario() -> None:
        async with _new_phone(site) as phone:
            first = await phone.get(url)
        assert f"<h1>{item.title}</h1>" in first.text
        item.title = "Session 2: Listening in trios"
        store_agenda.save_item(demo_file, item)
        clock.now += AGENDA_CACHE_S + 0.1
        async with _new_phone(site) as phone:
            later = await phone.get(url)
        assert "<h1>Session 2: Listening in trios</h1>" in later.text
        assert "Feedback: Session 2: Listening in trios" in later.text  # the page's title too

    _run(scenario)


def test_a_new_phone_gets_an_empty_card_unless_its_address_sent_one(pages) -> None:
    site, _ = pages
    url = f"{site.base}card"

    async def scenario() -> None:
        first = _new_phone(site, "127.0.0.21")
        page = await first.get(url)
        token = CSRF.findall(page.text)
        assert len(token) == 1
        assert "This phone has already sent a card" not in page.text
        card = {"csrf": token[0], "action": "Call Sam", "name": "Ana Lima", "email": "a@x.org"}
        assert (await first.post(url, data=card)).status_code == 303
        # The same address with a new cookie still finds its card (one card a phone) ...
        async with _new_phone(site, "127.0.0.21") as same:
            seen = await same.get(url)
        assert "This phone has already sent a card" in seen.text
        assert "Call Sam</textarea>" in seen.text
        # ... and a phone at another address gets the empty card, with its own token.
        async with _new_phone(site, "127.0.0.22") as other:
            empty = await other.get(url)
        assert "This phone has already sent a card" not in empty.text
        assert "Call Sam" not in empty.text
        assert CSRF.findall(empty.text) != token
        await first.aclose()

    _run(scenario)


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_the_server_serves_a_new_phone_on_either_event_loop(demo_file, monkeypatch, loop) -> None:
    """uvloop where installed; asyncio's own loop where it is not (Windows): the same pages,
    the same checks, the post on disk before its 303."""
    import labdesk.web.server as web_server
    from labdesk.web.server import AttendeeServer
    from tests.webphone import Phone, path_of

    if loop == "asyncio":
        monkeypatch.setattr(web_server, "event_loop_factory", lambda: asyncio.new_event_loop)
    else:
        pytest.importorskip("uvloop")  # not installed on Windows, where asyncio's loop serves
    used: list[str] = []
    real = web_server.AttendeeServer._serve

    async def serve(self):  # type: ignore[no-untyped-def]
        used.append(type(asyncio.get_running_loop()).__module__.split(".")[0])
        await real(self)

    monkeypatch.setattr(web_server.AttendeeServer, "_serve", serve)
    server = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    server.start()
    try:
        item = _item(demo_file, "Session 1")
        phone = Phone(server.origin, "127.0.0.31")
        url = path_of(server.session_url(item.id))
        before = store_feedback.count(demo_file)
        assert phone.get(url).status_code == 200
        assert phone.post(url, {"rating": "5"}, csrf="0" * 40).status_code == 403
        assert phone.post(url, {"rating": "5", "worked": "On " + loop}).status_code == 303
        assert store_feedback.count(demo_file) == before + 1
        phone.close()
    finally:
        server.stop()
    assert used == [loop]
