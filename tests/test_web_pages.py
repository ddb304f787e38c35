"""The attendee pages over real HTTP on 127.0.0.1: each page, each form, Post/Redirect/Get."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest

from labdesk.store import agenda as store_agenda
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.web.server import AttendeeServer
from tests.webphone import Phone, path_of


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def phone(server: AttendeeServer) -> Iterator[Phone]:
    p = Phone(server.origin)
    yield p
    p.close()


def session_id(doc, title_start: str) -> int:  # type: ignore[no-untyped-def]
    item = next(i for i in store_agenda.load(doc) if i.title.startswith(title_start))
    assert item.id is not None
    return item.id


def test_index_lists_sessions_not_breaks_and_links_the_card(server, phone) -> None:
    r = phone.get(path_of(server.url))
    assert r.status_code == 200
    assert "Session 3: The importance of influencing in your system" in r.text
    assert "Lunch" not in r.text
    assert 'href="/' + server.token + '/card"' in r.text
    assert len(r.content) < 50_000


def test_every_page_carries_the_security_headers_and_nothing_external(
    server, phone, demo_file
) -> None:
    item = session_id(demo_file, "Session 3")
    for url in (server.url, server.session_url(item), server.card_url, server.url + "style.css"):
        r = phone.get(path_of(url))
        assert r.status_code == 200, url
        csp = "default-src 'self'; object-src 'none'; frame-ancestors 'none'"
        assert r.headers["content-security-policy"] == csp
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert len(r.content) < 50_000
        assert not re.search(r'(src|href)="(https?:)?//', r.text), url
        assert "<script" not in r.text
        assert len(r.headers.get_list("cache-control")) == 1


def test_session_three_asks_its_own_feedback_stems(server, phone, demo_file) -> None:
    r = phone.get(path_of(server.session_url(session_id(demo_file, "Session 3"))))
    for stem in (
        "One thing that influenced me",
        "One thing that caused me to doubt",
        "The impact of your voice and body language",
    ):
        assert f"{stem} …</label>" in r.text
    assert r.text.count("<textarea") == 5  # worked, change and the three stems


def test_feedback_post_redirects_to_thank_you_after_storing(server, phone, demo_file) -> None:
    item = session_id(demo_file, "Session 3")
    url = path_of(server.session_url(item))
    phone.get(url)
    before = store_feedback.count(demo_file)
    r = phone.post(url, {"rating": "4", "worked": "The trios", "change": "", "p1": "Data"})
    assert r.status_code == 303
    assert r.headers["location"] == f"/{server.token}/thanks/session/{item}"
    thanks = phone.get(r.headers["location"])
    assert "Thank you" in thanks.text and "is saved" in thanks.text
    assert store_feedback.count(demo_file) == before + 1
    stored = store_feedback.load_for_item(demo_file, item)[-1]
    assert (stored.rating, stored.worked) == (4, "The trios")
    assert stored.answers == {"One thing that caused me to doubt": "Data"}


def test_a_phone_that_answered_is_told_so_and_can_edit(server, phone, demo_file) -> None:
    item = session_id(demo_file, "Session 1")
    url = path_of(server.session_url(item))
    phone.get(url)
    phone.post(url, {"rating": "2", "worked": "First thoughts"})
    again = phone.get(url)
    assert "You have already answered" in again.text
    assert "First thoughts</textarea>" in again.text
    assert 'value="2" checked' in again.text
    before = store_feedback.count(demo_file)
    phone.post(url, {"rating": "5", "worked": "Second thoughts"})
    assert store_feedback.count(demo_file) == before
    mine = [r for r in store_feedback.load_for_item(demo_file, item) if "thoughts" in r.worked]
    assert [(r.rating, r.worked) for r in mine] == [(5, "Second thoughts")]
    index = phone.get(path_of(server.url))
    assert "answered</span>" in index.text


def test_double_tap_and_resend_store_one_row(server, phone, demo_file) -> None:
    item = session_id(demo_file, "Session 2")
    url = path_of(server.session_url(item))
    phone.get(url)
    before = store_feedback.count(demo_file)
    results: list[int] = []

    def tap() -> None:
        results.append(phone.post(url, {"rating": "3", "worked": "tap"}).status_code)

    taps = [threading.Thread(target=tap) for _ in range(4)]
    for t in taps:
        t.start()
    for t in taps:
        t.join()
    assert phone.post(url, {"rating": "3", "worked": "tap"}).status_code == 303
    assert results == [303] * 4
    assert store_feedback.count(demo_file) == before + 1


def test_a_form_with_nothing_in_it_is_refused_readably(server, phone, demo_file) -> None:
    url = path_of(server.session_url(session_id(demo_file, "Session 1")))
    phone.get(url)
    before = store_feedback.count(demo_file)
    r = phone.post(url, {"rating": "", "worked": "   "})
    assert r.status_code == 422
    assert "Choose a rating or write a few words" in r.text
    assert "Thank you" not in r.text
    assert store_feedback.count(demo_file) == before
    r = phone.post(url, {"rating": "9"})
    assert r.status_code == 422 and "Choose a rating from 1 to 5" in r.text


def test_overlong_field_is_refused_with_its_limit(server, phone, demo_file) -> None:
    url = path_of(server.session_url(session_id(demo_file, "Session 1")))
    phone.get(url)
    r = phone.post(url, {"rating": "3", "worked": "x" * 2001})
    assert r.status_code == 422
    assert "at most 2000" in r.text


def test_commitment_card_is_stored_and_matched_to_the_registration(
    server, phone, demo_file
) -> None:
    url = path_of(server.card_url)
    page = phone.get(url)
    assert page.status_code == 200
    for label in (
        "What will you do next?",
        "Who will you talk to?",
        "By when?",
        "Your name",
        "Your email",
        "Use my registered address",
        "post my card to me",
    ):
        assert label in page.text
    r = phone.post(
        url,
        {
            "action": "Run a Troika with my team",
            "who": "My manager",
            "by_when": "March",
            "name": "Zoë Nowak",
            "email": "ZOE.NOWAK@example.org",
            "use_registered_address": "yes",
            "consent_post": "yes",
        },
    )
    assert r.status_code == 303 and r.headers["location"].endswith("/thanks/card")
    assert "Your commitment card is saved" in phone.get(r.headers["location"]).text
    card = store_commitments.get_by_key(
        demo_file.con,
        next(
            row[0]
            for row in demo_file.con.execute(
                "SELECT submission_key FROM commitments WHERE action LIKE 'Run a Troika%'"
            )
        ),
    )
    assert card is not None and card.match_status == "matched"
    person = demo_file.con.execute(
        "SELECT name FROM attendees WHERE id = ?", (card.attendee_id,)
    ).fetchone()[0]
    assert person == "Zoë Nowak"
    again = phone.get(url)
    assert "This phone has already sent a card" in again.text
    assert "Run a Troika with my team</textarea>" in again.text


def test_card_needs_an_action_a_name_and_an_address_to_post_to(server, phone) -> None:
    url = path_of(server.card_url)
    phone.get(url)
    r = phone.post(url, {"action": "", "name": "", "consent_post": "yes"})
    assert r.status_code == 422
    assert "Write what you will do next." in r.text
    assert "Write your name" in r.text
    assert "Write the address to post your card to" in r.text
    assert 'aria-invalid="true"' in r.text


def test_thank_you_page_never_thanks_a_phone_that_sent_nothing(server, phone, demo_file) -> None:
    item = session_id(demo_file, "Session 4")
    r = phone.get(f"/{server.token}/thanks/session/{item}")
    assert r.status_code == 200
    assert "Thank you" not in r.text and "Nothing saved yet" in r.text
    r = phone.get(f"/{server.token}/thanks/card")
    assert "Thank you" not in r.text


def test_breaks_and_unknown_sessions_have_no_page(server, phone, demo_file) -> None:
    lunch = session_id(demo_file, "Lunch")
    assert phone.get(f"/{server.token}/session/{lunch}").status_code == 404
    assert phone.get(f"/{server.token}/session/99999").status_code == 404
