"""At 1280×800 every table the facilitator reads fits without scrolling sideways, and the
projector's message band never covers the workshop's title (issue #13, item 6)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from labdesk.gui.areas import agenda as agenda_area
from labdesk.gui.projector import Frame, ProjectorCanvas, Show
from labdesk.store import agenda as store_agenda


@pytest.fixture
def window(qtbot, qsettings_isolated, tmp_path):
    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    path = tmp_path / "day.labdesk"
    create_demo(path).close(take_backup=False)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    assert w.open_path(path)
    yield w
    w.close_workshop()


def settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


def test_feedback_tables_fit_1280_with_no_sideways_scrollbar(window) -> None:
    window.show_area("feedback")
    settle()
    area = window.areas["feedback"]
    for view in (area.session_view, area.comment_view):
        assert view.isVisible()
        assert not view.horizontalScrollBar().isVisible(), view.model().headerData(0, 1)
    # Every column of the sessions table is on screen, its ratings included.
    header = area.session_view.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        area.session_view.viewport().width()
    )
    # A long session title is cut on screen but whole in its tooltip.
    long = next(n for n, r in enumerate(area.sessions.rows) if r[0].title.startswith("Session 3"))
    index = area.sessions.index(long, 0)
    assert area.sessions.rows[long][0].title in area.sessions.data(index, 3)


def test_phases_fit_1280_and_prompts_are_edited_below(window) -> None:
    window.show_area("agenda")
    settle()
    editor = window.areas["agenda"]
    editor.list.setCurrentItem(editor.list.topLevelItem(1))  # networking pairs: three phases
    settle()
    assert editor.phases.isVisible()
    assert not editor.phases.horizontalScrollBar().isVisible()
    editor.phases.setCurrentCell(1, 0)
    saved = store_agenda.load(editor.doc)[1].phases[1]
    assert editor.phase_prompt.toPlainText() == saved.prompt
    assert editor.phase_prompt.isVisible() and editor.phase_notes.isVisible()
    editor.phase_notes.setFocus()
    editor.phase_notes.setPlainText("Call time loudly")
    editor.phase_prompt.setFocus()  # leaving the box saves it, as one undo step
    settle()
    assert store_agenda.load(editor.doc)[1].phases[1].notes == "Call time loudly"
    assert editor.phases.currentRow() == 1  # still the same phase after the save
    assert editor.phase_notes.toPlainText() == "Call time loudly"
    assert isinstance(editor.phase_prompt, QPlainTextEdit)
    assert agenda_area.PHASE_COLUMNS[agenda_area.PROMPT] == "Room prompt"


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_message_before_the_day_starts_leaves_the_title_readable(qtbot, size) -> None:
    title = "Regional leadership day: sharing the learning and influencing the system"
    canvas = ProjectorCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(*size)
    canvas.set_show(Show(Frame(mode="idle", workshop=title, message="Back at 14:10")))
    canvas.grab()
    assert not canvas.drawn_title.isEmpty() and not canvas.drawn_band.isEmpty()
    assert not canvas.drawn_title.intersects(canvas.drawn_band)
    assert canvas.drawn_title.bottom() <= size[1] * 0.6  # above the prompt and "Next:" lines
