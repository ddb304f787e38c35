"""Feedback and commitment cards in the store: prompts, edits by key, moderation, matching."""

from __future__ import annotations

import pytest

from labdesk.core.feedback import read_card, read_feedback, session_prompts, tally
from labdesk.core.model import Attendee, CommitmentCard, FeedbackResponse
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store.changes import Topic
from labdesk.store.submissions import Submission, commit_batch


def test_session_three_prompts_are_its_three_feedback_stems(demo_file) -> None:
    session3 = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 3"))
    assert session_prompts(session3) == [
        "One thing that influenced me",
        "One thing that caused me to doubt",
        "The impact of your voice and body language",
    ]
    session1 = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 1"))
    assert session_prompts(session1) == []


def test_demo_has_stem_answers_and_cards_to_check(demo_file) -> None:
    answered = [r for r in store_feedback.load_all(demo_file) if r.answers]
    assert answered and "One thing that influenced me" in answered[0].answers
    review = store_commitments.needs_review(demo_file)
    assert {c.match_status for c in review} == {"ambiguous", "unmatched"}


def test_same_key_edits_and_edited_text_leaves_the_projector(workshop_file) -> None:
    from labdesk.core.model import AgendaItem

    item = store_agenda.save_item(workshop_file, AgendaItem("Talk", 30))
    assert item.id is not None
    first = FeedbackResponse(item.id, 4, worked="Good")
    rid = store_feedback.upsert(workshop_file, first, "fb:phone:1")
    store_feedback.set_chosen(workshop_file, rid, True)
    store_feedback.upsert(workshop_file, FeedbackResponse(item.id, 4, worked="Good"), "fb:phone:1")
    assert store_feedback.load_all(workshop_file)[0].chosen  # same words: still chosen
    store_feedback.upsert(
        workshop_file, FeedbackResponse(item.id, 2, worked="Changed"), "fb:phone:1"
    )
    rows = store_feedback.load_all(workshop_file)
    assert [(r.rating, r.worked, r.chosen) for r in rows] == [(2, "Changed", False)]


def test_hidden_comments_cannot_be_chosen(workshop_file) -> None:
    from labdesk.core.model import AgendaItem

    item = store_agenda.save_item(workshop_file, AgendaItem("Talk", 30))
    assert item.id is not None
    rid = store_feedback.upsert(workshop_file, FeedbackResponse(item.id, 5, worked="x"), "k")
    store_feedback.set_chosen(workshop_file, rid, True)
    store_feedback.set_hidden(workshop_file, rid, True)
    row = store_feedback.load_all(workshop_file)[0]
    assert row.hidden and not row.chosen
    store_feedback.set_chosen(workshop_file, rid, True)
    assert not store_feedback.load_all(workshop_file)[0].chosen


@pytest.fixture
def people(workshop_file):  # type: ignore[no-untyped-def]
    store_attendees.add_many(
        workshop_file,
        [
            Attendee("Siân Jones", email="sian@example.org"),
            Attendee("Sian Jones", email="sian.j@example.org"),
            Attendee("Bjørn Larsen", email="bjorn@example.org", ticket_codes=["T-123"]),
            Attendee("Ruth Fuchs", email="ruth@example.org"),
        ],
    )
    return workshop_file


@pytest.mark.parametrize(
    ("name", "email", "expected"),
    [
        ("Anyone", "BJORN@example.org", ("Bjørn Larsen", "matched")),
        ("bjorn  larsen", "", ("Bjørn Larsen", "matched")),
        ("Siân Jones", "", (None, "ambiguous")),  # two registrations fold to the same name
        ("Siân Jones", "sian.j@example.org", ("Sian Jones", "matched")),
        ("Ruth Fuchs", "bjorn@example.org", (None, "ambiguous")),  # a colleague's email
        ("Nobody Here", "nobody@example.org", (None, "unmatched")),
    ],
)
def test_cards_match_by_email_or_name(people, name: str, email: str, expected) -> None:
    card = CommitmentCard("Do a thing", name=name, email=email)
    store_commitments.upsert(people, card)
    who = store_attendees.get(people, card.attendee_id).name if card.attendee_id else None
    assert (who, card.match_status) == expected


def test_review_candidates_and_the_desks_decision(people) -> None:
    card = CommitmentCard("Do a thing", name="Siân Jones")
    store_commitments.upsert(people, card)
    assert [c.id for c in store_commitments.needs_review(people)] == [card.id]
    names = [p.name for p in store_commitments.candidates(people, card)]
    assert set(names) == {"Siân Jones", "Sian Jones"}
    chosen = store_commitments.candidates(people, card)[0]
    assert card.id is not None
    store_commitments.set_match(people, card.id, chosen.id)
    assert store_commitments.needs_review(people) == []


def test_desk_finds_people_by_ticket_code_email_or_part_of_a_name(people) -> None:
    assert [p.name for p in store_commitments.find_person(people, "T-123")] == ["Bjørn Larsen"]
    assert [p.name for p in store_commitments.find_person(people, "ruth@example.org")] == [
        "Ruth Fuchs"
    ]
    assert [p.name for p in store_commitments.find_person(people, "larsen")] == ["Bjørn Larsen"]
    assert store_commitments.find_person(people, "zzz") == []


def test_a_failed_commit_refuses_every_post_in_it(workshop_file) -> None:
    workshop_file.con.execute("PRAGMA query_only = 1")
    results = commit_batch(
        workshop_file,
        [
            Submission(CommitmentCard("A", name="X"), "card:a"),
            Submission(CommitmentCard("B", name="Y"), "card:b"),
        ],
    )
    workshop_file.con.execute("PRAGMA query_only = 0")
    assert all(isinstance(r, Exception) for r in results)
    assert store_commitments.count(workshop_file) == 0


def test_one_bad_post_fails_alone_in_its_group(workshop_file) -> None:
    results = commit_batch(
        workshop_file,
        [
            Submission(FeedbackResponse(agenda_item_id=999, rating=3), "fb:x:999"),  # no such item
            Submission(CommitmentCard("B", name="Y"), "card:b"),
        ],
    )
    assert isinstance(results[0], Exception) and isinstance(results[1], int)
    assert store_commitments.count(workshop_file) == 1


def test_a_bad_post_late_in_a_group_keeps_the_good_ones_before_it(workshop_file) -> None:
    heard: list[Topic] = []
    workshop_file.subscribe(heard.append)
    results = commit_batch(
        workshop_file,
        [
            Submission(CommitmentCard("A", name="X"), "card:a"),
            Submission(CommitmentCard("B", name="Y"), "card:b"),
            Submission(FeedbackResponse(agenda_item_id=999, rating=3), "fb:x:999"),
        ],
    )
    assert isinstance(results[2], Exception)
    stored = {c.id: c.action for c in store_commitments.load_all(workshop_file)}
    assert stored == {results[0]: "A", results[1]: "B"}
    assert heard == [Topic.COMMITMENTS]  # once, and nothing of the refused one


def test_form_rules() -> None:
    ok = read_feedback({"rating": "5", "p0": " yes "}, 1, ["Stem"])
    assert ok.response is not None and ok.response.answers == {"Stem": "yes"}
    assert not read_feedback({"rating": "0"}, 1, []).ok
    cleaned = read_feedback({"worked": "a\x00" * 1500}, 1, []).response
    assert cleaned is not None and cleaned.worked == "a" * 1500  # control characters dropped
    assert not read_feedback({"worked": "a" * 2001}, 1, []).ok
    card = read_card(
        {
            "action": "Act",
            "name": " Ann   Other ",
            "consent_post": "yes",
            "use_registered_address": "yes",
            "address": "ignored",
        }
    )
    assert card.card is not None and card.card.name == "Ann Other" and card.card.address == ""
    assert "email" in read_card({"action": "a", "name": "b", "email": "nope"}).errors


def test_tally_counts_and_averages() -> None:
    t = tally([FeedbackResponse(1, 5), FeedbackResponse(1, 3), FeedbackResponse(1, None)])[1]
    assert (t.responses, t.rated, t.ratings, t.average) == (3, 2, [0, 0, 1, 0, 1], 4.0)
