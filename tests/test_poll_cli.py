"""`labdesk poll` and `labdesk export --polls` as real processes: a question opened for the
phones, bad questions refused in one line with the file unchanged, the answers exported
spreadsheet-safe."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from labdesk.core.polls import AskedQuestion, PollAnswer, Upvote
from labdesk.store import open_workshop
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch
from tests.hostile import fine, labdesk, refused


@pytest.fixture
def day(tmp_path: Path) -> Path:
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path, "--demo"))
    return path


def test_a_question_is_opened_and_shown_and_the_one_before_closes(day: Path) -> None:
    out = fine(labdesk("poll", day, "Which idea do we take forward?", "--choices", "Huddle,Buddy"))
    assert out.startswith("opened question 1 (multiple choice: Huddle, Buddy): Which idea")
    out = fine(labdesk("poll", day, "How confident are you now?", "--scale", "0-10"))
    assert "opened question 2 (scale 0-10)" in out
    fine(labdesk("poll", day, "One word for this morning", "--words"))
    fine(labdesk("poll", day, "Questions for the test teams", "--questions"))
    fine(labdesk("poll", day, "What will you try first?"))
    with open_workshop(day, lock=False) as doc:
        made = store_polls.load_all(doc)
        assert [p.kind.value for p in made] == ["choices", "scale", "words", "questions", "text"]
        open_now = store_polls.open_poll(doc.con)
        assert open_now is not None and open_now.text == "What will you try first?"
        assert [p.is_open for p in made] == [False, False, False, False, True]
        assert store_polls.shown_poll(doc.con).id == open_now.id
        doc.close(take_backup=False)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["Rate it", "--scale", "1-7"], "is not a scale: give 1-5 or 0-10"),
        (["Pick", "--choices", "Only"], "at least two choices"),
        (["Pick", "--choices", "A,a"], "Two choices are the same"),
        (["   "], "Write the question to ask."),
        (["x" * 400, "--words"], "The question is too long: 400 characters"),
    ],
)
def test_a_bad_question_is_refused_in_one_line_and_nothing_is_stored(
    day: Path, args: list[str], reason: str
) -> None:
    line = refused(labdesk("poll", day, *args))
    assert reason in line
    with open_workshop(day, lock=False, readonly=True) as doc:
        assert store_polls.load_all(doc) == []
        doc.close(take_backup=False)


def test_two_kinds_at_once_are_refused_without_a_traceback(day: Path) -> None:
    ran = labdesk("poll", day, "Which?", "--words", "--questions")
    assert ran.code == 2 and "Traceback" not in ran.err and "not allowed with" in ran.err


def test_the_answers_export_spreadsheet_safe(day: Path, tmp_path: Path) -> None:
    fine(labdesk("poll", day, "Which?", "--choices", "=HYPERLINK(1),Plain"))
    with open_workshop(day, lock=False) as doc:
        choice = store_polls.open_poll(doc.con)
        commit_batch(doc, [Submission(PollAnswer(choice.id, "a", "0"), "")])
        doc.close(take_backup=False)
    fine(labdesk("poll", day, "Ask us", "--questions"))
    with open_workshop(day, lock=False) as doc:
        qa = store_polls.open_poll(doc.con)
        [asked] = commit_batch(doc, [Submission(AskedQuestion(qa.id, "a", "+SUM(A1)"), "k")])
        commit_batch(doc, [Submission(Upvote(asked, p), "") for p in "abc"])
        doc.close(take_backup=False)
    out = tmp_path / "polls.csv"
    assert fine(labdesk("export", day, "-o", out, "--polls")).startswith(
        f"exported 2 poll answers to {out}"
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["question id", "question", "kind", "answer", "votes"]
    assert rows[1][2:4] == ["Multiple choice", "'=HYPERLINK(1)"]
    assert rows[2][2:5] == ["Q&A", "'+SUM(A1)", "3"]
    xlsx = tmp_path / "polls.xlsx"
    fine(labdesk("export", day, "-o", xlsx, "--polls"))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.cell(2, 4).value == "'=HYPERLINK(1)" and sheet.cell(2, 4).data_type == "s"


def test_a_question_put_beside_labdesk_serve_reaches_the_phones_and_survives_a_kill(
    tmp_path: Path,
) -> None:
    """`labdesk poll` beside the holder (`labdesk serve`): phones see it at once, answer it,
    and every answer acknowledged is in the file after the holder is killed."""
    import signal

    from tests.test_serve_cli import serve, wait_for_url
    from tests.webphone import Phone

    day = tmp_path / "day.labdesk"
    fine(labdesk("new", day, "--demo"))
    proc = serve(day, "--port", "0")
    try:
        url = wait_for_url(proc)
        origin, token = url.rsplit("/", 2)[0], url.rsplit("/", 2)[1]
        out = fine(labdesk("poll", day, "One word for this morning", "--words"))
        assert out.startswith("opened question 1 (word cloud)")
        acknowledged = []
        for n, word in enumerate(["Trust", "Diolch", "شكرا"]):
            phone = Phone(origin, f"127.0.5.{n + 1}")
            page = phone.get(f"/{token}/poll")
            assert "One word for this morning" in page.text
            r = phone.post(f"/{token}/poll/1", {"answer": word})
            assert r.status_code == 303
            acknowledged.append(word)
            phone.close()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    with open_workshop(day, lock=False, readonly=True) as doc:
        poll = store_polls.get(doc.con, 1)
        assert sorted(store_polls.tally(doc.con, poll).values) == sorted(acknowledged)
        assert doc.integrity() == "ok"
        doc.close(take_backup=False)
