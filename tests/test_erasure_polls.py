"""Erasure reaches the room's poll answers: the free text of word and open-text answers and
Q&A's questions that name a person is shown to the organiser, kept unless they choose to redact
it (as feedback comments are), and redacted in the file, its backups, the results frozen on the
projector and the polls export made again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from labdesk import outputs, personal_data
from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, make_poll
from labdesk.store import backup, erasure, generated
from labdesk.store import polls as store_polls
from labdesk.store.demo import create_demo
from labdesk.store.submissions import Submission, commit_batch
from tests.test_erasure import EMAIL, SIAN, labdesk
from tests.traces import look

NAMING = [
    f"thanks {SIAN.upper()}",  # a word answer
    f"Ask {EMAIL} for the slides",  # an open-text answer
    f"Can {SIAN} share the Troika notes?",  # a question asked
]


@pytest.fixture
def day(tmp_path: Path, _isolated_data_dir: Path):  # type: ignore[no-untyped-def]
    """The demo day held open, with a word cloud (frozen on the projector), an open question
    and a Q&A whose answers name Siân, one answer that does not, a backup and a polls export."""
    (tmp_path / "day").mkdir()
    doc = create_demo(tmp_path / "day" / "demo.labdesk")
    words = store_polls.create(doc, make_poll("One word", PollKind.WORDS), open_now=True)
    commit_batch(doc, [Submission(PollAnswer(words.id, "p1", NAMING[0]), "")])
    commit_batch(doc, [Submission(PollAnswer(words.id, "p2", "energy"), "")])
    store_polls.show(doc, words.id)
    store_polls.freeze(doc, words.id, True)
    text = store_polls.create(doc, make_poll("What next?", PollKind.TEXT), open_now=True)
    commit_batch(doc, [Submission(PollAnswer(text.id, "p1", NAMING[1]), "")])
    qa = store_polls.create(doc, make_poll("Questions", PollKind.QUESTIONS), open_now=True)
    commit_batch(doc, [Submission(AskedQuestion(qa.id, "p3", NAMING[2]), "k1")])
    backup.rolling_backup(doc.con, doc.path)
    out = tmp_path / "out"
    out.mkdir()
    outputs.make(doc, "polls", out / "polls.csv")
    yield doc, out, [doc.path.parent, _isolated_data_dir, out]
    doc.close(take_backup=False)


def _texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    answers = [str(r[0]) for r in doc.con.execute("SELECT value FROM poll_answers ORDER BY id")]
    return answers + [str(r[0]) for r in doc.con.execute("SELECT text FROM poll_asked")]


def test_the_command_lists_poll_answers_that_name_them_and_keeps_them_as_written(day):
    doc, _, places = day
    before, _ = look([SIAN, EMAIL], *places)
    dry = labdesk("erase", doc.path, EMAIL, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Comments that name them, left as they are: 3" in dry.stdout
    assert "Poll “One word”, an answer: “thanks SIÂN JONES”" in dry.stdout
    assert f"Poll “What next?”, an answer: “Ask {EMAIL} for the slides”" in dry.stdout
    assert f"Poll “Questions”, a question asked: “Can {SIAN} share" in dry.stdout
    assert look([SIAN, EMAIL], *places)[0] == before
    done = labdesk("erase", doc.path, EMAIL)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"Erased {SIAN} (attendee 1")
    assert "Comments that name them, left as they are: 3" in done.stdout
    assert "Poll “Questions”, a question asked" in done.stdout
    assert _texts(doc) == [NAMING[0], "energy", NAMING[1], NAMING[2]]  # not silently destroyed


def test_the_redactions_chosen_reach_the_file_backups_frozen_results_and_export(day):
    doc, out, places = day
    plan = erasure.plan(doc, 1)
    polled = [m for m in plan.mentions if m.table.startswith("poll_")]
    assert [m.proposed for m in polled] == [
        "thanks [removed]",
        "Ask [removed] for the slides",
        "Can [removed] share the Troika notes?",
    ]
    outcome = personal_data.erase(doc, 1, redactions={m.key: m.proposed for m in polled})
    assert outcome.ok, outcome.problems
    assert "3 comments redacted" in outcome.lines[0]
    assert f"Files made again without them: {out / 'polls.csv'}" in " ".join(outcome.lines)
    assert _texts(doc) == [
        "thanks [removed]",
        "energy",
        "Ask [removed] for the slides",
        "Can [removed] share the Troika notes?",
    ]
    frozen = doc.con.execute("SELECT frozen FROM polls WHERE kind = 'words'").fetchone()[0]
    assert "SIÂN" not in frozen.upper() and "energy" in frozen
    rows = list(csv.reader((out / "polls.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert "Can [removed] share the Troika notes?" in {cell for row in rows for cell in row}
    assert out / "polls.csv" in {m.path for m in generated.load(doc)}
    assert look([SIAN, EMAIL, SIAN.upper()], *places)[0] == {}
