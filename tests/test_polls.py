"""Polls without a server: the kinds of question, the check of a phone's answer, the results
(bars, a scale's spread, a word cloud, Q&A by votes), and their records in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from labdesk.core import polls
from labdesk.core.polls import AskedQuestion, PollAnswer, PollError, PollKind, Upvote
from labdesk.store import migrations, open_workshop
from labdesk.store import polls as store_polls
from labdesk.store.changes import Topic
from labdesk.store.submissions import Submission, commit_batch
from tests.old_files import version_1

WELSH = "Diolch yn fawr — ŵyr a ŷd"
POLISH = "Zażółć gęślą jaźń"
ARABIC = "شكرا جزيلا"


# -- the questions ------------------------------------------------------------------------------


def test_a_question_needs_its_words_and_sensible_choices() -> None:
    with pytest.raises(PollError, match="Write the question"):
        polls.make_poll("   ", PollKind.WORDS)
    with pytest.raises(PollError, match="at least two choices"):
        polls.make_poll("Which idea?", PollKind.CHOICES, ["Only one"])
    with pytest.raises(PollError, match="the same"):
        polls.make_poll("Which idea?", PollKind.CHOICES, ["Yes", "yes"])
    with pytest.raises(PollError, match="at most 10"):
        polls.make_poll("Which?", PollKind.CHOICES, [f"Idea {n}" for n in range(11)])
    with pytest.raises(PollError, match="too long"):
        polls.make_poll("x" * 301, PollKind.TEXT)
    made = polls.make_poll("  Which idea   next? ", PollKind.CHOICES, ["A", " ", "B "])
    assert made.text == "Which idea next?" and made.choices == ("A", "B")


def test_scales_are_one_to_five_or_nought_to_ten() -> None:
    assert polls.parse_scale("1-5") == (1, 5)
    assert polls.parse_scale(" 0 – 10 ") == (0, 10)
    for bad in ("1-7", "five", "", "5-1", "-1-5"):
        with pytest.raises(PollError, match="1-5 or 0-10"):
            polls.parse_scale(bad)
    assert polls.parse_choices("Yes, No ,Not sure") == ["Yes", "No", "Not sure"]


# -- a phone's answer ----------------------------------------------------------------------------


def poll(kind: PollKind, **more) -> polls.Poll:
    base = polls.make_poll("How was it?", kind, **more)
    return polls.Poll(base.text, kind, base.choices, base.scale, id=1)


def test_a_choice_or_a_number_must_be_one_offered() -> None:
    choices = poll(PollKind.CHOICES, choices=["Red", "Amber", "Green"])
    assert polls.read_answer(choices, {"answer": "2"}).value == "2"
    for bad in ("3", "-1", "Red", "1.0", "<b>1</b>"):
        assert not polls.read_answer(choices, {"answer": bad}).ok
    assert "Choose one" in polls.read_answer(choices, {}).error
    scale = poll(PollKind.SCALE, scale=(0, 10))
    assert polls.read_answer(scale, {"answer": "0"}).value == "0"
    assert polls.read_answer(scale, {"answer": "10"}).value == "10"
    assert polls.read_answer(scale, {"answer": "11"}).error == "Choose a number from 0 to 10."


def test_words_and_text_are_refused_empty_or_too_long_and_kept_in_any_script() -> None:
    words = poll(PollKind.WORDS)
    assert "before sending" in polls.read_answer(words, {"answer": " \t "}).error
    assert "at most 3 words" in polls.read_answer(words, {"answer": "one two three four"}).error
    assert "too long: 61 characters" in polls.read_answer(words, {"answer": "x" * 61}).error
    assert "letters or digits" in polls.read_answer(words, {"answer": "!!! ???"}).error
    for text in ("Diolch yn fawr", POLISH, ARABIC):
        assert polls.read_answer(words, {"answer": text}).value == text
    text = poll(PollKind.TEXT)
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert polls.read_answer(text, {"answer": markup}).value == markup  # kept as text
    assert polls.read_answer(text, {"answer": "a\x00b\r\nc"}).value == "ab\nc"
    assert "at most 1000" in polls.read_answer(text, {"answer": "é" * 1001}).error
    assert polls.read_answer(text, {"answer": WELSH}).value == WELSH


# -- results -------------------------------------------------------------------------------------


def test_word_cloud_groups_by_normalised_word_and_shows_the_common_spelling() -> None:
    answers = ["Trust", "trust!", " TRUST ", "Trust", "Café", "cafe", "Zażółć", "zazolc", ARABIC]
    answers += ["شكرًا جزيلا"]  # the same words with a vowel mark
    cloud = polls.word_cloud(answers)
    assert [(w.text, w.count) for w in cloud] == [
        ("Trust", 4),
        ("Café", 2),
        ("Zażółć", 2),
        (ARABIC, 2),
    ]
    by_text = {w.text: w for w in cloud}
    assert by_text["Trust"].weight == 1.0 and by_text["Café"].weight == 0.5
    assert by_text[ARABIC].count == 2
    assert polls.word_cloud(["x"] * 3 + [f"w{n}" for n in range(80)], limit=5)[0].text == "x"
    assert len(polls.word_cloud([f"w{n}" for n in range(80)], limit=5)) == 5


def test_markup_in_a_word_is_only_letters_to_the_cloud() -> None:
    assert polls.normalise_word("<b>Hope</b>") == "hope"
    cloud = polls.word_cloud(["<b>hope</b>", "Hope"])
    assert [(w.text, w.count) for w in cloud] == [("Hope", 2)]
    assert polls.normalise_word("“Hope!”") == "hope"
    assert polls.normalise_word("  Dŵr  ") == "dwr"
    assert polls.normalise_word("...") == ""


def test_bars_count_each_choice_in_order_and_the_scale_spread_and_mean() -> None:
    choices = poll(PollKind.CHOICES, choices=["Red", "Amber", "Green"])
    bars = polls.choice_bars(choices, ["0", "2", "2", "9", "x"])
    assert [(b.label, b.count) for b in bars] == [("Red", 1), ("Amber", 0), ("Green", 2)]
    assert bars[2].share == pytest.approx(2 / 3)
    scale = poll(PollKind.SCALE, scale=(1, 5))
    spread, mean = polls.scale_bars(scale, ["1", "5", "5", "4"])
    assert [b.count for b in spread] == [1, 0, 0, 1, 2] and mean == pytest.approx(3.75)
    assert polls.scale_bars(scale, [])[1] is None


def test_q_and_a_shows_waiting_questions_by_votes_and_never_hidden_ones() -> None:
    asked = [
        polls.Asked(1, "First", 2),
        polls.Asked(2, "Popular", 9),
        polls.Asked(3, "Rude", 50, hidden=True),
        polls.Asked(4, "Done", 30, answered=True),
        polls.Asked(5, "Also two", 2),
    ]
    assert [a.text for a in polls.by_votes(asked)] == ["Popular", "First", "Also two", "Done"]


# -- the file -------------------------------------------------------------------------------------


def answer(doc, poll_id: int, phone: str, value: str) -> int | Exception:
    return commit_batch(doc, [Submission(PollAnswer(poll_id, phone, value), "")])[0]


def test_one_answer_a_phone_a_second_replaces_the_first(workshop_file) -> None:
    doc = workshop_file
    made = store_polls.create(doc, polls.make_poll("Colour?", PollKind.CHOICES, ["R", "G"]))
    assert made.id is not None
    assert answer(doc, made.id, "phone-a", "0") == store_polls.NOT_OPEN  # not open yet
    store_polls.open_for_phones(doc, made.id)
    first = answer(doc, made.id, "phone-a", "0")
    again = answer(doc, made.id, "phone-a", "1")
    assert first == again and isinstance(first, int) and first > 0
    answer(doc, made.id, "phone-b", "1")
    results = store_polls.results(doc.con, store_polls.get(doc.con, made.id))
    assert [b.count for b in results.bars] == [0, 2] and results.answers == 2
    store_polls.close(doc, made.id)
    assert answer(doc, made.id, "phone-c", "0") == store_polls.NOT_OPEN
    assert store_polls.answer_count(doc.con, made.id) == 2


def test_opening_a_poll_closes_the_one_before(workshop_file) -> None:
    doc = workshop_file
    one = store_polls.create(doc, polls.make_poll("One?", PollKind.WORDS), open_now=True)
    two = store_polls.create(doc, polls.make_poll("Two?", PollKind.WORDS), open_now=True)
    assert store_polls.open_poll(doc.con).id == two.id
    assert not store_polls.get(doc.con, one.id).is_open


def test_one_vote_a_phone_a_question_and_the_facilitator_moderates(workshop_file) -> None:
    doc = workshop_file
    qa = store_polls.create(doc, polls.make_poll("Ask us", PollKind.QUESTIONS), open_now=True)
    [q1, q2] = commit_batch(
        doc,
        [
            Submission(AskedQuestion(qa.id, "a", "Who funds it?"), "ask:a:1"),
            Submission(AskedQuestion(qa.id, "b", "When is it?"), "ask:b:1"),
        ],
    )
    assert commit_batch(doc, [Submission(AskedQuestion(qa.id, "a", "resent"), "ask:a:1")]) == [q1]
    votes = [Submission(Upvote(q2, p), "") for p in ("a", "b", "c", "a", "a")]
    commit_batch(doc, votes)
    shown = store_polls.results(doc.con, qa)
    assert [(a.text, a.votes) for a in shown.asked] == [("When is it?", 3), ("Who funds it?", 0)]
    store_polls.set_answered(doc, q2, True)
    store_polls.set_hidden(doc, q1, True)
    shown = store_polls.results(doc.con, qa)
    assert [(a.text, a.answered) for a in shown.asked] == [("When is it?", True)]
    assert commit_batch(doc, [Submission(Upvote(q1, "z"), "")]) == [store_polls.NOT_OPEN]


def test_frozen_results_stay_while_answers_still_arrive(workshop_file) -> None:
    doc = workshop_file
    words = store_polls.create(doc, polls.make_poll("One word", PollKind.WORDS), open_now=True)
    answer(doc, words.id, "a", "Hope")
    store_polls.show(doc, words.id)
    store_polls.freeze(doc, words.id, True)
    answer(doc, words.id, "b", "Trust")
    held = store_polls.shown_results(doc.con)
    assert held.frozen and [w.text for w in held.words] == ["Hope"]
    store_polls.freeze(doc, words.id, False)
    live = store_polls.shown_results(doc.con)
    assert not live.frozen and {w.text for w in live.words} == {"Hope", "Trust"}
    store_polls.show(doc, None)
    assert store_polls.shown_results(doc.con) is None


def test_polls_are_counted_under_their_topic(workshop_file) -> None:
    doc = workshop_file
    before = doc.change_counts()
    made = store_polls.create(doc, polls.make_poll("Scale?", PollKind.SCALE), open_now=True)
    answer(doc, made.id, "a", "3")
    after = doc.change_counts()
    assert after[Topic.POLLS] > before[Topic.POLLS]
    assert {t for t in Topic if after.get(t) != before.get(t)} == {Topic.POLLS}


def test_a_file_from_before_the_polls_gets_them_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.labdesk"
    con = version_1(path, day="2026-03-02")
    con.execute(
        "INSERT INTO attendees (name, created_at) VALUES ('Siân Jones', '2026-01-01T09:00:00')"
    )
    before = next(
        n for n, step in enumerate(migrations.MIGRATIONS) if "Polls:" in (step.__doc__ or "")
    )
    migrations.migrate(con, target=before)
    con.close()
    doc = open_workshop(path)
    try:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        assert doc.con.execute("SELECT name FROM attendees").fetchone()[0] == "Siân Jones"
        assert store_polls.load_all(doc) == []
        made = store_polls.create(doc, polls.make_poll("Now?", PollKind.TEXT))
        assert store_polls.get(doc.con, made.id) == made
    finally:
        doc.close(take_backup=False)


def test_a_second_answer_is_refused_by_the_file_itself(workshop_file) -> None:
    doc = workshop_file
    made = store_polls.create(doc, polls.make_poll("Scale?", PollKind.SCALE), open_now=True)
    with pytest.raises(sqlite3.IntegrityError), doc.transaction() as con:
        for _ in range(2):
            con.execute(
                "INSERT INTO poll_answers (poll_id, phone, value, created_at, updated_at)"
                " VALUES (?, 'p', '1', '', '')",
                (made.id,),
            )
