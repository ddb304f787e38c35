"""The presenter console's Poll tab: it follows the day, opens, closes and shows what phones
and the projector then see, follows a poll opened in the Polls panel or by `labdesk poll`, and
leaves the clicker's keys to the presenter."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from labdesk.core import polls
from labdesk.core.polls import PollAnswer, PollKind
from labdesk.core.timer import FakeClock
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch
from tests.hostile import fine, labdesk
from tests.window_input import click, console_window, key

START = dt.datetime(2026, 9, 17, 9, 30).timestamp()


@pytest.fixture
def console(qtbot, demo_file, qsettings_isolated):
    window = console_window(qtbot, demo_file, FakeClock(START), lambda: None)
    yield window.areas["run"]
    window.close_workshop()


def show_poll_tab(console):
    console.tabs.setCurrentWidget(console.poll_page)
    QApplication.processEvents()
    return console.poll_tab


def test_the_tab_follows_the_day_to_a_phase_with_a_poll(qtbot, console) -> None:
    day, doc = console.controller, console.doc
    item = next(i for i in day.items if len(i.phases) >= 2)
    second = item.phases[1]
    made = store_polls.create(
        doc,
        polls.make_poll(
            "Score this idea", PollKind.SCALE, agenda_item_id=item.id, phase_id=second.id
        ),
    )
    tab = show_poll_tab(console)
    assert tab.question.text() == "No poll for this phase"
    step = next(
        n for n, s in enumerate(day.timer.steps) if s.item_id == item.id and s.name == second.name
    )
    day.go_to(step)
    qtbot.waitUntil(lambda: tab.question.text() == "Score this idea")
    assert tab.poll.id == made.id and tab.place.text() == "For this phase"
    assert "Scale 1–5" in tab.kind.text()


def test_open_and_show_from_the_tab_is_what_phones_and_the_projector_get(qtbot, console) -> None:
    services, doc = console.services, console.doc
    made = store_polls.create(doc, polls.make_poll("Which idea?", PollKind.CHOICES, ["A", "B"]))
    store_polls.show(doc, None)
    tab = show_poll_tab(console)
    store_polls.open_for_phones(doc, made.id)  # any poll: the tab shows it, open
    qtbot.waitUntil(lambda: tab.poll is not None and tab.poll.id == made.id)
    click(tab.open_button)  # close
    assert not store_polls.get(doc.con, made.id).is_open
    assert tab.open_button.text() == "Open for phones" and tab.question.text() == "Which idea?"
    click(tab.open_button)
    assert store_polls.open_poll(doc.con).id == made.id
    assert "Open for phones" in tab.state.text()
    click(tab.show_button)
    assert store_polls.shown_poll(doc.con).id == made.id
    qtbot.waitUntil(lambda: services.polls.on_projector)
    assert tab.show_button.text() == "Hide results"
    commit_batch(doc, [Submission(PollAnswer(made.id, "p1", "1"), "")])
    qtbot.waitUntil(lambda: tab.figure.text() == "1 answer")
    click(tab.show_button)
    assert store_polls.shown_poll(doc.con) is None
    qtbot.waitUntil(lambda: services.presenter.show.picture is None)
    assert tab.show_button.text() == "Show results"


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: raise() of the panel
def test_a_poll_opened_in_the_panel_or_by_another_process_shows(qtbot, console) -> None:
    tab = show_poll_tab(console)
    panel = tab.open_panel()  # the window's Polls panel: it goes with the workshop
    assert panel is console.services.polls_panel and panel.isVisible()
    panel.question.setText("One word for this morning")
    panel.kind.setCurrentIndex(3)
    panel.create(open_now=True)
    qtbot.waitUntil(lambda: tab.question.text() == "One word for this morning")
    assert tab.kind.text() == "Word cloud"
    fine(labdesk("poll", console.session.path, "How confident are you now?", "--scale", "0-10"))
    qtbot.waitUntil(lambda: tab.question.text() == "How confident are you now?", timeout=5000)
    assert "Scale 0–10" in tab.kind.text() and "Open for phones" in tab.state.text()


def test_clicker_keys_still_move_the_day_with_the_tab_showing(qtbot, console) -> None:
    doc = console.doc
    store_polls.create(doc, polls.make_poll("Ask us", PollKind.QUESTIONS), open_now=True)
    tab = show_poll_tab(console)
    qtbot.waitUntil(lambda: tab.poll is not None)
    buttons = tab.findChildren(QAbstractButton)
    assert buttons and all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in buttons)
    click(tab.show_button)
    timer = console.controller.timer
    before = timer.index
    key(QApplication.focusWidget() or console, Qt.Key.Key_PageDown)
    assert timer.index == before + 1
    key(QApplication.focusWidget() or console, Qt.Key.Key_Space)
    assert timer.state.status.value == "running"


def test_answers_while_the_tab_is_hidden_only_mark_it_stale(qtbot, console) -> None:
    doc = console.doc
    made = store_polls.create(doc, polls.make_poll("Ask", PollKind.TEXT), open_now=True)
    tab = show_poll_tab(console)
    console.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    before = tab.refreshes
    commit_batch(doc, [Submission(PollAnswer(made.id, f"p{n}", "yes"), "") for n in range(5)])
    console.session.look_now()
    qtbot.wait(400)
    assert tab.refreshes == before and tab.stale
    show_poll_tab(console)
    assert tab.refreshes == before + 1 and tab.figure.text() == "5 answers"
