"""Redacting a poll's free text afterwards, as a feedback comment is: from the Polls panel on
a selected answer or question asked, through labdesk.personal_data, so that the file, its
backups, the results frozen on the projector and the files made from it all lose the words;
`labdesk erase` says where to do it."""

from __future__ import annotations

import csv

from labdesk import outputs, personal_data
from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, make_poll
from labdesk.gui.polls_panel import PollsPanel
from labdesk.store import erasure
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch
from tests.test_erasure import EMAIL, SIAN, labdesk
from tests.test_erasure_polls import NAMING, _texts, day  # noqa: F401 (the fixture)
from tests.traces import look


def test_an_answer_redacted_later_is_gone_from_file_backups_frozen_results_and_export(day):  # noqa: F811
    doc, out, places = day
    fine = labdesk("erase", doc.path, EMAIL)  # kept as written: redacted afterwards
    assert fine.returncode == 0, fine.stderr
    assert "(redact them in the app: View › Polls…, Redact… on the answer or question)" in (
        fine.stdout
    )
    assert _texts(doc) == [NAMING[0], "energy", NAMING[1], NAMING[2]]
    report = out / "report.pdf"
    outputs.make(doc, "report", report)

    answer_id, asked_id = (
        int(
            doc.con.execute("SELECT id FROM poll_answers WHERE value = ?", (NAMING[0],)).fetchone()[
                0
            ]
        ),
        int(doc.con.execute("SELECT id FROM poll_asked").fetchone()[0]),
    )
    done = personal_data.redact_poll(doc, "poll_answers", answer_id, "thanks [removed]")
    assert done.ok, done.problems
    assert done.title == "Answer redacted"
    assert "Backups: 1 backup rewritten." in done.lines
    assert f"Files made again with the redaction: {out / 'polls.csv'}; {report}." in done.lines
    frozen = doc.con.execute("SELECT frozen FROM polls WHERE kind = 'words'").fetchone()[0]
    assert "SIÂN" not in frozen.upper() and "[removed]" not in frozen
    shown = store_polls.shown_results(doc.con)
    # The word taken out, not one "[removed]" put in (the answer reads "thanks [removed]").
    assert shown.frozen and [w.text for w in shown.words] == ["energy", "thanks"]

    asked = personal_data.redact_poll(
        doc, "poll_asked", asked_id, "Can [removed] share the Troika notes?"
    )
    assert asked.ok and asked.title == "Question redacted"
    answer = personal_data.redact_poll(
        doc,
        "poll_answers",
        int(
            doc.con.execute("SELECT id FROM poll_answers WHERE value = ?", (NAMING[1],)).fetchone()[
                0
            ]
        ),
        "Ask [removed] for the slides",
    )
    assert answer.ok
    rows = list(csv.reader((out / "polls.csv").read_text(encoding="utf-8-sig").splitlines()))
    cells = {cell for row in rows for cell in row}
    assert {"thanks [removed]", "Ask [removed] for the slides"} <= cells
    # Nowhere any more: the file, its journal and backup, the export, the report.
    assert look([SIAN, EMAIL, SIAN.upper()], *places)[0] == {}
    # Asked again to redact what is no longer there, or nothing changed: said so.
    assert personal_data.redact_poll(doc, "poll_answers", 999, "x").title.startswith(
        "Nothing to redact"
    )
    assert (
        "nothing redacted"
        in personal_data.redact_poll(doc, "poll_answers", answer_id, "thanks [removed]").title
    )


def test_the_polls_panel_redacts_a_selected_answer_and_the_projector_follows(
    services, qtbot, finish
) -> None:
    doc = services.doc
    words = store_polls.create(doc, make_poll("One word", PollKind.WORDS), open_now=True)
    commit_batch(
        doc,
        [
            Submission(PollAnswer(words.id, "p1", "Thanks Chidi Okafor"), ""),
            Submission(PollAnswer(words.id, "p2", "Energy"), ""),
        ],
    )
    store_polls.show(doc, words.id)
    store_polls.freeze(doc, words.id, True)
    assert [m.text for m in erasure.plan(doc, 11).mentions] == ["Thanks Chidi Okafor"]
    panel = PollsPanel(services)
    qtbot.addWidget(panel)
    panel.resize(1280, 800)
    panel.show()
    panel.refresh()
    assert panel.answers_box.isVisible() and not panel.asked_box.isVisible()
    assert [panel.answers.item(n).text() for n in range(panel.answers.count())] == [
        "Energy",
        "Thanks Chidi Okafor",
    ]
    panel.answers.setCurrentRow(1)
    dialog = panel.redact_dialog("poll_answers")
    assert dialog is not None
    from PySide6.QtWidgets import QPlainTextEdit

    edit = dialog.findChild(QPlainTextEdit, "text")
    assert edit.toPlainText() == "Thanks Chidi Okafor"
    edit.setPlainText("Thanks [removed]")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.redactions == 0)
    assert panel.problem_after.text() == ""
    assert sorted(store_polls.tally(doc.con, words).values) == ["Energy", "Thanks [removed]"]
    held = store_polls.shown_results(doc.con)
    assert held.frozen and [w.text for w in held.words] == ["Energy", "Thanks"]
    qtbot.waitUntil(
        lambda: (
            services.polls.shown is not None
            and [w.text for w in services.polls.shown.words] == ["Energy", "Thanks"]
        )
    )
    assert "Thanks [removed]" in [panel.answers.item(n).text() for n in range(2)]
    assert erasure.plan(doc, 11).mentions == []  # Chidi (#11) is named nowhere now


def test_a_question_asked_is_redacted_from_the_panel(services, qtbot) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    doc = services.doc
    qa = store_polls.create(doc, make_poll("Questions", PollKind.QUESTIONS), open_now=True)
    commit_batch(doc, [Submission(AskedQuestion(qa.id, "p1", "Can Chidi Okafor share it?"), "k")])
    panel = PollsPanel(services)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.asked_box.isVisible() and not panel.answers_box.isVisible()
    panel.asked.setCurrentRow(0)
    dialog = panel.redact_dialog("poll_asked")
    dialog.findChild(QPlainTextEdit, "text").setPlainText("Can [removed] share it?")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.redactions == 0)
    assert [a.text for a in store_polls.asked(doc.con, qa.id)] == ["Can [removed] share it?"]
    assert panel.asked.item(0).text() == "0 ▲  Can [removed] share it?"
