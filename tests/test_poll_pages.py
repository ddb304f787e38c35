"""The poll pages over real HTTP on 127.0.0.1: each kind of question answered from a phone,
committed before its thank-you, once per phone; hostile posts refused with readable pages; the
room view carrying the results shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from labdesk.core import polls
from labdesk.core.polls import PollKind
from labdesk.store import polls as store_polls
from labdesk.web.server import AttendeeServer
from tests.test_web_security import XSS
from tests.webphone import Phone, path_of


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def phones(server: AttendeeServer) -> Iterator[list[Phone]]:
    made = [Phone(server.origin, f"127.0.3.{n + 1}") for n in range(3)]
    yield made
    for p in made:
        p.close()


def ask(doc, text: str, kind: PollKind, **more) -> polls.Poll:  # type: ignore[no-untyped-def]
    return store_polls.create(doc, polls.make_poll(text, kind, **more), open_now=True)


def poll_url(server: AttendeeServer) -> str:
    return f"/{server.token}/poll"


def send(phone: Phone, server: AttendeeServer, poll: polls.Poll, **form: str) -> httpx.Response:
    page = phone.get(poll_url(server))
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
    if nonce:  # Q&A: the form's own key, so that a resend is the same question
        form = {"nonce": nonce.group(1), **form}
    return phone.post(f"{poll_url(server)}/{poll.id}", form)


def test_with_no_question_open_the_page_says_so(server, phones) -> None:
    r = phones[0].get(poll_url(server))
    assert r.status_code == 200 and "No question just now" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_a_choice_is_stored_before_thank_you_and_a_second_replaces_it(
    server, phones, demo_file
) -> None:
    poll = ask(demo_file, "Which idea next?", PollKind.CHOICES, choices=["Huddle", "Buddy"])
    phone = phones[0]
    page = phone.get(poll_url(server))
    assert "Which idea next?" in page.text and page.text.count('type="radio"') == 2
    assert "Answer the question on the screen" in phone.get(path_of(server.url)).text
    r = phone.post(f"{poll_url(server)}/{poll.id}", {"answer": "1"})
    assert r.status_code == 303 and r.headers["location"].endswith(f"/thanks/poll/{poll.id}")
    assert store_polls.answer_of(demo_file.con, poll.id, phone.client.cookies["labdesk_phone"])
    thanks = phone.get(r.headers["location"])
    assert "<h1>Thank you</h1>" in thanks.text
    again = phone.get(poll_url(server))
    assert "You have answered" in again.text and 'value="1" checked' in again.text
    assert send(phone, server, poll, answer="0").status_code == 303
    assert send(phones[1], server, poll, answer="0").status_code == 303
    shown = store_polls.results(demo_file.con, poll)
    assert [(b.label, b.count) for b in shown.bars] == [("Huddle", 2), ("Buddy", 0)]


def test_a_scale_offers_its_numbers_and_refuses_others(server, phones, demo_file) -> None:
    poll = ask(demo_file, "How confident are you?", PollKind.SCALE, scale=(0, 10))
    page = phones[0].get(poll_url(server))
    assert page.text.count('type="radio"') == 11
    r = send(phones[0], server, poll, answer="11")
    assert r.status_code == 422 and "Choose a number from 0 to 10." in r.text
    assert send(phones[0], server, poll, answer="10").status_code == 303
    assert store_polls.answer_count(demo_file.con, poll.id) == 1


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("", "Write a word or two before sending."),
        ("   ", "Write a word or two before sending."),
        ("x" * 61, "That is too long: 61 characters, at most 60."),
        ("one two three four", "Write at most 3 words."),
    ],
)
def test_bad_words_get_a_clear_page_and_nothing_is_stored(
    server, phones, demo_file, answer, problem
) -> None:
    poll = ask(demo_file, "One word for today", PollKind.WORDS)
    r = send(phones[0], server, poll, answer=answer)
    assert r.status_code == 422 and problem in r.text
    assert 'role="alert"' in r.text
    assert store_polls.answer_count(demo_file.con, poll.id) == 0


def test_welsh_polish_and_arabic_are_stored_as_written(server, phones, demo_file) -> None:
    poll = ask(demo_file, "One word for today", PollKind.WORDS)
    words = ["Diolch ŵyr", "Zażółć gęślą", "شكرا جزيلا"]
    for phone, word in zip(phones, words, strict=True):
        assert send(phone, server, poll, answer=word).status_code == 303
    cloud = store_polls.results(demo_file.con, poll).words
    assert sorted(w.text for w in cloud) == sorted(words)


def test_markup_is_stored_as_text_and_never_runs_on_the_room_view(
    server, phones, demo_file
) -> None:
    poll = ask(demo_file, "What did you hear?", PollKind.TEXT)
    store_polls.show(demo_file, poll.id)
    for n, attack in enumerate(XSS):
        phone = Phone(server.origin, f"127.0.4.{n + 1}")
        assert send(phone, server, poll, answer=attack).status_code == 303
        phone.close()
    stored = set(store_polls.tally(demo_file.con, poll).values)
    assert stored == set(XSS)
    room = phones[0].get(f"/{server.token}/room")
    assert room.status_code == 200
    section = room.text.split('id="poll"', 1)[1].split("</section>", 1)[0]
    assert "<script" not in section and "<img" not in section and "<svg" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    now = phones[0].get(f"/{server.token}/room/now").json()
    assert now["poll"]["question"] == "What did you hear?"
    assert set(now["poll"]["texts"]) == set(XSS)


def test_posts_without_the_form_token_or_to_a_closed_question_store_nothing(
    server, phones, demo_file
) -> None:
    poll = ask(demo_file, "Colour?", PollKind.CHOICES, choices=["Red", "Blue"])
    phone = phones[0]
    phone.get(poll_url(server))
    r = phone.post(f"{poll_url(server)}/{poll.id}", {"answer": "0"}, csrf="forged")
    assert r.status_code == 403 and "Please reload the form" in r.text
    stranger = httpx.post(
        server.origin + f"{poll_url(server)}/{poll.id}", data={"answer": "0"}, timeout=5
    )
    assert stranger.status_code == 403
    r = phone.client.post(
        f"{poll_url(server)}/{poll.id}", content=b"answer=0", headers={"content-type": "text/x"}
    )
    assert r.status_code == 415
    r = phone.post(f"{poll_url(server)}/{poll.id}", {"answer": "x" * 70_000})
    assert r.status_code == 413
    r = phone.post(f"{poll_url(server)}/9999", {"answer": "0"})
    assert r.status_code == 404
    assert store_polls.answer_count(demo_file.con, poll.id) == 0
    store_polls.close(demo_file, poll.id)
    r = phone.post(f"{poll_url(server)}/{poll.id}", {"answer": "0"})
    assert r.status_code == 409 and "This question has closed" in r.text
    assert store_polls.answer_count(demo_file.con, poll.id) == 0


def test_q_and_a_questions_upvoted_once_a_phone_and_moderated(server, phones, demo_file) -> None:
    qa = ask(demo_file, "Questions for the test teams", PollKind.QUESTIONS)
    first, second, third = phones
    r = send(first, server, qa, answer="How did you recruit patients?")
    assert r.status_code == 303
    assert "Your question is saved" in first.get(r.headers["location"]).text
    page = second.get(poll_url(server))
    asked_id = int(re.search(r'name="asked" value="(\d+)"', page.text).group(1))
    for _ in range(3):  # a double tap and a resend are one vote
        r = second.post(f"{poll_url(server)}/{qa.id}/vote", {"asked": str(asked_id)})
        assert r.status_code == 303
    third.get(poll_url(server))
    third.post(f"{poll_url(server)}/{qa.id}/vote", {"asked": str(asked_id)})
    page = second.get(poll_url(server))
    assert "2 votes" in page.text and "You voted for this" in page.text
    r = second.post(f"{poll_url(server)}/{qa.id}/vote", {"asked": "<script>"})
    assert r.status_code == 400
    store_polls.set_hidden(demo_file, asked_id, True)
    assert "How did you recruit" not in third.get(poll_url(server)).text
    r = first.post(f"{poll_url(server)}/{qa.id}/vote", {"asked": str(asked_id)})
    assert r.status_code == 409
    assert store_polls.asked(demo_file.con, qa.id)[0].votes == 2


def test_a_resent_question_is_one_question(server, phones, demo_file) -> None:
    qa = ask(demo_file, "Ask us", PollKind.QUESTIONS)
    phone = phones[0]
    page = phone.get(poll_url(server))
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text).group(1)
    for _ in range(2):
        r = phone.post(f"{poll_url(server)}/{qa.id}", {"answer": "Same?", "nonce": nonce})
        assert r.status_code == 303
    assert len(store_polls.asked(demo_file.con, qa.id)) == 1
    r = phone.post(f"{poll_url(server)}/{qa.id}", {"answer": "No nonce"})
    assert r.status_code == 400
