"""The day report's page per question: each question on a page of its own, with its counts,
its words, its Q&A by votes (hidden ones left out) and its open answers, in the bundled fonts."""

from __future__ import annotations

from pathlib import Path

from labdesk.core import polls
from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, Upvote
from labdesk.printing import report
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch
from tests import pdf_inspect as pdf


def put(doc, text: str, kind: PollKind, **more) -> polls.Poll:  # type: ignore[no-untyped-def]
    return store_polls.create(doc, polls.make_poll(text, kind, **more), open_now=True)


def answers(doc, poll: polls.Poll, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    commit_batch(
        doc, [Submission(PollAnswer(poll.id, f"p{n}", v), "") for n, v in enumerate(values)]
    )


def test_each_question_has_a_page_of_its_own(demo_file, tmp_path: Path) -> None:
    doc = demo_file
    out = tmp_path / "before.pdf"
    pages_before = report.render_for(doc, out)
    choice = put(doc, "Which idea next?", PollKind.CHOICES, choices=["Huddle", "Buddy"])
    answers(doc, choice, ["0", "0", "1"])
    words = put(doc, "One word for today", PollKind.WORDS)
    answers(doc, words, ["Trust", "trust!", "Diolch", "شكرا"])
    qa = put(doc, "Questions for the test teams", PollKind.QUESTIONS)
    ids = commit_batch(
        doc,
        [
            Submission(AskedQuestion(qa.id, "a", "Who funded it?"), "k1"),
            Submission(AskedQuestion(qa.id, "b", "Rude remark"), "k2"),
        ],
    )
    commit_batch(doc, [Submission(Upvote(ids[0], p), "") for p in "xyz"])
    store_polls.set_hidden(doc, ids[1], True)
    text_poll = put(doc, "What will you try first?", PollKind.TEXT)
    answers(doc, text_poll, ["<b>Ask</b> the patients"])
    out = tmp_path / "report.pdf"
    assert report.render_for(doc, out) == pages_before + 4
    pages = pdf.texts(out)[pages_before:]
    assert "Which idea next?" in pages[0] and "Huddle" in pages[0] and "67%" in pages[0]
    assert "3 answers." in pages[0]
    assert "One word for today" in pages[1] and "trust" in pages[1].casefold()
    assert "Diolch" in pages[1]
    assert "Who funded it?" in pages[2] and "Rude remark" not in pages[2]
    assert "1 question hidden by the facilitator." in pages[2]
    assert "<b>Ask</b> the patients" in pages[3]
    assert pdf.unembedded_fonts(out) == []
