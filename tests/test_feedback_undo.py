"""Moderation undone and redone from the Edit menu or its keys: the Feedback area's table, its
buttons, the counts and the projector's summary show the comment as the file has it, at once
(moderating leaves a response's time alone, so the area cannot find it by following times)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from labdesk.core.model import FeedbackResponse
from labdesk.store import feedback as store_feedback
from tests.window_input import key

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def feedback_window(qtbot: Any, doc: Any) -> tuple[Any, Any]:
    from labdesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.attach(doc)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, window.show_area("feedback")


def state_in_table(area: Any, response_id: int) -> str:
    """The comment's "Shown" column as the table shows it."""
    model = area.comments
    for n, (_, r) in enumerate(model.rows):
        if r.id == response_id:
            return str(model.data(model.index(n, model.columnCount() - 1)))
    raise AssertionError(f"comment {response_id} is not in the table")


def stored(doc: Any, response_id: int) -> FeedbackResponse:
    return next(r for r in store_feedback.load_all(doc) if r.id == response_id)


def shortcut(area: Any, k: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """The key with its modifiers, then the modifiers let go, as a keyboard does (else the
    application goes on thinking Ctrl is held, and a row selected next is toggled instead)."""
    key(area, k, modifiers)
    handle = area.window().windowHandle()
    for held in (Qt.Key.Key_Shift, Qt.Key.Key_Control):
        QTest.keyRelease(handle, held)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def press(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shows(summary: Any, comment: FeedbackResponse) -> bool:
    """Whether the summary quotes the comment."""
    return summary is not None and any(comment.worked in text for text in summary.comments)


def select(area: Any, response_id: int) -> None:
    for n, (_, r) in enumerate(area.comments.rows):
        if r.id == response_id:
            index = area.comment_proxy.mapFromSource(area.comments.index(n, 0))
            area.comment_view.selectRow(index.row())
            return
    raise AssertionError(f"comment {response_id} is not in the table")


def test_undoing_and_redoing_a_comment_chosen_shows_in_the_table_and_summary_at_once(
    qtbot, qsettings_isolated, demo_file
) -> None:
    _, area = feedback_window(qtbot, demo_file)
    session = next(i for i in area._items if i.title.startswith("Session 1"))
    area.select_session(session.id)
    area.comment_view.selectRow(0)
    comment = area.selected_comment()
    assert comment is not None and not comment.chosen and not comment.hidden
    counts = area.total.text()
    press(qtbot, area.choose_button)
    assert state_in_table(area, comment.id) == "on the projector"
    assert shows(area.summary_data(), comment)

    shortcut(area, Qt.Key.Key_Z, CTRL)  # Edit › Undo
    assert not stored(demo_file, comment.id).chosen
    assert state_in_table(area, comment.id) == ""
    assert not shows(area.summary_data(), comment)
    assert area.summary.data == area.summary_data()  # the preview drawn again too
    assert area.choose_button.text() == "Show on projector"
    assert area.total.text() == counts

    shortcut(area, Qt.Key.Key_Z, CTRL | SHIFT)  # Edit › Redo
    assert stored(demo_file, comment.id).chosen
    assert state_in_table(area, comment.id) == "on the projector"
    assert shows(area.summary_data(), comment)
    assert area.choose_button.text() == "Take off the projector"


def test_undoing_a_comment_hidden_shows_it_again_on_the_projector_summary(
    qtbot, qsettings_isolated, demo_file
) -> None:
    """GIVEN the whole day's summary on the projector with a comment chosen, WHEN the comment
    is hidden and the hiding undone from the menu, THEN the table and the projector show it
    chosen again; a redo hides it from both again."""
    window, area = feedback_window(qtbot, demo_file)
    assert area.selected_item_id() is None  # every session: the newest comments of the day
    comment = next(r for _, r in area.comments.rows if r.worked and not r.hidden)
    select(area, comment.id)
    press(qtbot, area.choose_button)
    area.summary_to_projector()
    assert shows(area.projected_summary(), comment)
    select(area, comment.id)
    press(qtbot, area.hide_button)
    assert state_in_table(area, comment.id) == "hidden"
    assert not shows(area.projected_summary(), comment)

    undo = window.services.undo.undo_action
    assert undo.text().startswith("&Undo hiding of the comment")
    undo.trigger()
    assert not stored(demo_file, comment.id).hidden
    assert state_in_table(area, comment.id) == "on the projector"
    assert shows(area.projected_summary(), comment)
    select(area, comment.id)
    assert area.hide_button.text() == "Hide comment"

    window.services.undo.redo_action.trigger()
    assert state_in_table(area, comment.id) == "hidden"
    assert not shows(area.projected_summary(), comment)
    assert area.hide_button.text() == "Show comment again"


def test_many_responses_put_back_by_an_undo_are_read_again_on_the_reader(
    qtbot, qsettings_isolated, demo_file, monkeypatch
) -> None:
    """An undo that puts back more responses than are read at once (an agenda item's, say) has
    the area's reader read them again: the table follows as soon as it has."""
    from labdesk.gui.areas import feedback

    monkeypatch.setattr(feedback, "REREAD_AT_ONCE", 0)  # this one comment, as if thousands
    _, area = feedback_window(qtbot, demo_file)
    area.select_session(next(i.id for i in area._items if i.title.startswith("Session 1")))
    area.comment_view.selectRow(0)
    comment = area.selected_comment()
    assert comment is not None
    press(qtbot, area.hide_button)
    assert state_in_table(area, comment.id) == "hidden"
    shortcut(area, Qt.Key.Key_Z, CTRL)
    assert not stored(demo_file, comment.id).hidden
    qtbot.waitUntil(lambda: state_in_table(area, comment.id) == "", timeout=5000)
    assert not shows(area.summary_data(), comment)
