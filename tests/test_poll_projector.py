"""Poll results on the projector (offscreen): drawn by labdesk with their counts, put up from
the Polls panel, redrawn as answers arrive, held, hidden, taken away by a key; Q&A moderated."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from labdesk.core import polls
from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, PollResults
from labdesk.gui.keys import Action
from labdesk.gui.poll_results import BAR, render_poll
from labdesk.gui.polls_panel import KINDS, PollsPanel
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch


def bar_length(image: QImage, y: int) -> int:
    """How many pixels of the bar colour one row of the image holds."""
    target = QColor(BAR)
    return sum(
        1
        for x in range(image.width())
        if abs(image.pixelColor(x, y).red() - target.red()) < 8
        and abs(image.pixelColor(x, y).blue() - target.blue()) < 8
    )


def test_bars_are_as_long_as_their_counts(qtbot) -> None:
    results = PollResults(
        poll_id=1,
        question="Which idea?",
        kind="choices",
        answers=3,
        bars=(polls.Bar("Huddle", 2, 2 / 3), polls.Bar("Buddy", 1, 1 / 3)),
    )
    image = render_poll(results, QSize(1280, 720))
    body_top = 720 * 0.045 + 720 * 0.25
    row = 720 * 0.12
    first = bar_length(image, int(body_top + row / 2))
    second = bar_length(image, int(body_top + 1.5 * row))
    assert first > 100 and abs(first / second - 2.0) < 0.05


def test_a_cloud_of_many_long_words_in_several_scripts_fits_the_screen(qtbot) -> None:
    words = tuple(
        polls.CloudWord(text, 60 - n, (60 - n) / 60)
        for n, text in enumerate(
            [
                f"Cydweithio{n}" if n % 3 == 0 else f"Współpraca{n}" if n % 3 else f"تعاون{n}"
                for n in range(60)
            ]
        )
    )
    results = PollResults(poll_id=1, question="One word", kind="words", answers=1830, words=words)
    image = render_poll(results, QSize(1024, 768))
    assert image.width() == 1024 and not image.isNull()
    # Nothing is drawn in the bottom margin: the words were made small enough to fit.
    margin = int(768 * 0.045)
    bottom = [
        image.pixelColor(x, y).name()
        for y in range(768 - margin + 2, 768, 3)
        for x in range(0, 1024, 5)
    ]
    assert set(bottom) == {"#0d1117"}


def test_ask_now_puts_the_results_up_and_answers_redraw_them(services, qtbot) -> None:
    panel = PollsPanel(services)
    qtbot.addWidget(panel)
    panel.question.setText("Which idea do we take forward?")
    panel.kind.setCurrentIndex(0)
    panel.choices.setText("Huddle, Buddy, Shared agenda")
    made = panel.create(open_now=True)
    assert made is not None and store_polls.open_poll(services.doc.con).id == made.id
    live = services.polls
    qtbot.waitUntil(lambda: live.on_projector)
    first = services.presenter.show.picture
    before = live.redraws
    commit_batch(services.doc, [Submission(PollAnswer(made.id, "p1", "1"), "")])
    qtbot.waitUntil(lambda: live.redraws > before)
    assert live.shown.bars[1].count == 1
    assert services.presenter.show.picture is not first and live.on_projector
    # Held: answers still arrive and are kept, the picture stays as it was.
    panel.refresh()
    panel.toggle_held()
    qtbot.waitUntil(lambda: not live.drawing and live.shown.frozen)
    held = live.redraws
    commit_batch(services.doc, [Submission(PollAnswer(made.id, "p2", "1"), "")])
    qtbot.waitUntil(lambda: not live.drawing)
    assert live.shown.frozen and live.shown.bars[1].count == 1 and live.redraws == held
    assert store_polls.answer_count(services.doc.con, made.id) == 2
    # A key takes it away; answers do not put it back; Show results does.
    services.presenter.perform(Action.NEXT)
    assert services.presenter.show.picture is None
    panel.toggle_held()
    commit_batch(services.doc, [Submission(PollAnswer(made.id, "p3", "0"), "")])
    qtbot.waitUntil(lambda: live.shown.bars[0].count == 1)
    assert services.presenter.show.picture is None
    panel.refresh()
    panel.toggle_shown()  # it was shown: now hidden everywhere
    assert store_polls.shown_poll(services.doc.con) is None
    panel.toggle_shown()
    qtbot.waitUntil(lambda: live.on_projector)
    assert store_polls.shown_poll(services.doc.con).id == made.id
    panel.toggle_shown()
    qtbot.waitUntil(lambda: services.presenter.show.picture is None)


def test_the_panel_refuses_a_bad_question_in_words(services, qtbot) -> None:
    panel = PollsPanel(services)
    qtbot.addWidget(panel)
    panel.question.setText("Which?")
    panel.kind.setCurrentIndex(0)
    panel.choices.setText("Only one")
    assert panel.create(open_now=True) is None
    assert "at least two choices" in panel.problem.text()
    assert store_polls.load_all(services.doc) == []


def test_q_and_a_is_moderated_from_the_panel(services, qtbot) -> None:
    panel = PollsPanel(services)
    qtbot.addWidget(panel)
    panel.show()
    panel.question.setText("Questions for the test teams")
    panel.kind.setCurrentIndex(next(n for n, k in enumerate(KINDS) if k[1] is PollKind.QUESTIONS))
    panel.when.setCurrentIndex(2)
    made = panel.create(open_now=True)
    assert made.agenda_item_id is not None
    ids = commit_batch(
        services.doc,
        [
            Submission(AskedQuestion(made.id, "a", "Who funded it?"), "k1"),
            Submission(AskedQuestion(made.id, "b", "<b>Rude</b>"), "k2"),
        ],
    )
    qtbot.waitUntil(lambda: panel.asked.count() == 2, timeout=3000)
    row = next(n for n in range(2) if "Rude" in panel.asked.item(n).text())
    panel.asked.setCurrentRow(row)
    panel.toggle_asked_hidden()
    assert [a.hidden for a in store_polls.asked(services.doc.con, made.id)] == [False, True]
    qtbot.waitUntil(lambda: [a.text for a in services.polls.shown.asked] == ["Who funded it?"])
    row = next(n for n in range(2) if "Who funded" in panel.asked.item(n).text())
    panel.asked.setCurrentRow(row)
    panel.toggle_answered()
    assert store_polls.asked(services.doc.con, made.id)[0].answered
    qtbot.waitUntil(lambda: ids[0] in {a.id for a in services.polls.shown.asked if a.answered})


def test_a_question_for_a_phase_opens_as_the_day_reaches_it_once(services, qtbot) -> None:
    day = services.day
    steps = day.timer.steps
    # The first item with two phases or more: one question for the item, one for its 2nd phase.
    item = next(i for i in day.items if len(i.phases) >= 2)
    second = item.phases[1]
    doc = services.doc
    whole = store_polls.create(
        doc, polls.make_poll("How are you arriving?", PollKind.SCALE, agenda_item_id=item.id)
    )
    later = store_polls.create(
        doc,
        polls.make_poll(
            "Score this idea", PollKind.SCALE, agenda_item_id=item.id, phase_id=second.id
        ),
    )
    first_step = next(n for n, s in enumerate(steps) if s.item_id == item.id)
    phase_step = next(
        n for n, s in enumerate(steps) if s.item_id == item.id and s.name == second.name
    )
    assert store_polls.open_poll(doc.con) is None
    day.go_to(first_step)
    assert store_polls.open_poll(doc.con).id == whole.id
    qtbot.waitUntil(
        lambda: services.polls.on_projector and services.polls.shown.poll_id == whole.id
    )
    day.go_to(phase_step)
    assert store_polls.open_poll(doc.con).id == later.id  # and the one before closed
    assert store_polls.shown_poll(doc.con).id == later.id
    store_polls.close(doc, later.id)
    day.go_to(first_step)
    day.go_to(phase_step)  # back and forth: neither opens again
    assert store_polls.open_poll(doc.con) is None
    assert services.poll_cues.opened == [whole.id, later.id]
