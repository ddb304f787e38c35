"""The agenda editor: library items, reorder, lengths, day times, overrun warning, undo/redo,
every change in the file at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QInputDialog

from labdesk.core import activities
from labdesk.gui.areas import agenda as agenda_area
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda
from labdesk.store import workshop as store_workshop


@pytest.fixture
def editor(qtbot, services):
    area = agenda_area.AreaWidget(services)
    qtbot.addWidget(area)
    area.resize(1200, 800)
    return area


def titles(doc) -> list[str]:
    return [i.title for i in store_agenda.load(doc)]


def library(key: str) -> activities.Activity:
    return next(a for a in activities.load_library(resource("activities")) if a.key == key)


def test_add_item_is_on_the_toolbar_with_the_library_search(editor) -> None:
    """The facilitator can see where to add an item: the first button of the bar, whose menu
    offers the library's activities and the search by purpose."""
    editor.show()
    assert editor.add_button.isVisible() and editor.add_button.text() == "Add item"
    editor.add_button.menu().aboutToShow.emit()  # as it opens: filled from the library
    entries = [a.text() for a in editor.add_button.menu().actions()]
    assert "Find an activity by purpose…" in entries and len(entries) > 5


def test_adding_from_the_library_is_saved_and_undone_and_redone(editor) -> None:
    doc = editor.doc
    before = titles(doc)
    editor.list.setCurrentItem(editor.list.topLevelItem(0))
    editor.add_activity(library("troika-consulting"))
    after = store_agenda.load(doc)
    assert [i.title for i in after][1] == "Troika Consulting"
    troika = after[1]
    assert len(troika.phases) == 6 and troika.duration_min == 35
    assert editor.list.topLevelItemCount() == len(before) + 1
    editor.undo_stack.undo()
    assert titles(doc) == before
    editor.undo_stack.redo()
    again = store_agenda.load(doc)
    assert again[1].title == "Troika Consulting" and again[1].id == troika.id


def test_remove_and_move_are_saved_and_undoable(editor) -> None:
    doc = editor.doc
    before = titles(doc)
    editor.list.setCurrentItem(editor.list.topLevelItem(2))
    editor.move_selected(-1)
    assert titles(doc)[1] == before[2] and titles(doc)[2] == before[1]
    editor.remove_selected()
    assert len(titles(doc)) == len(before) - 1
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert titles(doc) == before


def test_drag_reorder_goes_through_the_same_command(editor) -> None:
    doc = editor.doc
    items = store_agenda.load(doc)
    ids = [i.id for i in items]
    ids.insert(0, ids.pop())  # the last item dragged to the top
    editor.reorder(ids)
    assert [i.id for i in store_agenda.load(doc)] == ids
    assert editor.list.topLevelItem(0).text(2) == items[-1].title
    editor.undo_stack.undo()
    assert [i.id for i in store_agenda.load(doc)] == [i.id for i in items]


def test_lengths_recompute_times_and_warn_of_an_overrun(editor) -> None:
    doc = editor.doc
    assert not editor.warning.isVisibleTo(editor)
    last = editor.list.topLevelItemCount() - 1
    editor.list.setCurrentItem(editor.list.topLevelItem(last - 1))  # after the fixed lunch
    before = store_agenda.load(doc)[last - 1].duration_min
    editor.length.setValue(before + 60)  # the day now runs past 16:30
    editor._details_edited()
    assert store_agenda.load(doc)[last - 1].duration_min == before + 60
    assert editor.list.topLevelItem(last).text(0) == "16:45"
    assert editor.warning.isVisibleTo(editor)
    assert "overruns its end (16:30) by" in editor.warning.text()
    editor.undo_stack.undo()
    assert not editor.warning.isVisibleTo(editor)


def test_day_start_moves_every_time(editor) -> None:
    editor.day_start.setTime(QTime(9, 0))
    editor._day_times_edited()
    assert store_workshop.load(editor.doc).day_start == dt.time(9, 0)
    assert editor.list.topLevelItem(0).text(0) == "09:00"
    editor.undo_stack.undo()
    assert store_workshop.load(editor.doc).day_start == dt.time(9, 30)


def test_phase_edits_are_saved(editor) -> None:
    editor.list.setCurrentItem(editor.list.topLevelItem(1))
    editor.phases.item(1, 1).setText("5")  # networking pairs: 6 -> 5 minutes
    phase = store_agenda.load(editor.doc)[1].phases[1]
    assert phase.duration_s == 300 and phase.rounds == 3
    editor.phases.item(0, agenda_area.PROMPT).setText("<b>Welcome</b>")
    assert store_agenda.load(editor.doc)[1].phases[0].prompt == "<b>Welcome</b>"


def test_presentations_for_n_teams(editor, monkeypatch) -> None:
    answers = iter([(4, True), (10, True), (5, True)])
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: next(answers))
    editor.add_activity(library("presentations"))
    added = next(i for i in store_agenda.load(editor.doc) if i.activity == "presentations")
    assert len(added.phases) == 1 + 4 * 2
    assert added.duration_min == 5 + 4 * 15


def test_an_adapted_item_saved_as_my_template(editor, monkeypatch) -> None:
    editor.list.setCurrentItem(editor.list.topLevelItem(2))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Our Troika", True))
    editor.save_as_template()
    mine = store_agenda.load_templates(editor.doc)
    assert [t.title for t in mine] == ["Our Troika"]
    item = activities.to_item(mine[0])
    original = store_agenda.load(editor.doc)[2]
    assert [p.name for p in item.phases] == [p.name for p in original.phases]


def test_a_real_drag_and_drop_reorders_and_saves(editor, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QDropEvent

    editor.show()
    doc = editor.doc
    before = [i.id for i in store_agenda.load(doc)]
    view = editor.list
    source = view.topLevelItem(3)
    view.setCurrentItem(source)
    mime = view.model().mimeData([view.indexFromItem(source)])
    target = view.visualItemRect(view.topLevelItem(0))
    drop = QDropEvent(
        QPoint(target.center().x(), target.top() + 2).toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    after = [i.id for i in store_agenda.load(doc)]
    assert after[0] == before[3]
    assert sorted(after) == sorted(before)
    assert view.topLevelItemCount() == len(before)  # nothing nested or lost


def test_changes_made_in_the_console_start_a_new_undo_history(editor) -> None:
    editor.list.setCurrentItem(editor.list.topLevelItem(1))
    editor.move_selected(1)
    assert editor.undo_stack.canUndo()
    item = store_agenda.load(editor.doc)[4]
    item.duration_min = 50
    store_agenda.save_item(editor.doc, item)  # as "Absorb the delay" does
    assert not editor.undo_stack.canUndo()
    assert store_agenda.load(editor.doc)[4].duration_min == 50


def test_an_empty_workshop_can_be_edited_and_run(qtbot, workshop_file, make_services) -> None:
    from labdesk.gui.areas import run_day
    from labdesk.gui.keys import Action

    services = make_services(workshop_file)
    area = agenda_area.AreaWidget(services)
    qtbot.addWidget(area)
    assert "No agenda items yet" in area.summary.text()
    console = run_day.AreaWidget(services)
    qtbot.addWidget(console)
    assert console.controller.frame().mode == "idle"
    console.perform(Action.START_PAUSE)
    console.perform(Action.NEXT)
    area.add_item(activities.to_item(library("1-2-4-all")))
    assert console.controller.timer.step is not None
    assert console.controller.timer.step.name == "Alone"


def test_multi_line_prompts_and_phase_notes_survive_editing(editor, qtbot) -> None:
    editor.show()
    editor.list.setCurrentItem(editor.list.topLevelItem(1))
    table = editor.phases
    index = table.model().index(1, agenda_area.PROMPT)
    table.setCurrentIndex(index)
    table.edit(index)
    from PySide6.QtWidgets import QPlainTextEdit

    editor_widget = table.findChild(QPlainTextEdit)
    assert editor_widget is not None
    assert editor_widget.toPlainText().count("\n") == 3  # the three questions, one a line
    editor_widget.setPlainText("Ask each other:\n1. Where from?\n2. Why here?")
    table.commitData(editor_widget)
    saved = store_agenda.load(editor.doc)[1].phases[1]
    assert saved.prompt == "Ask each other:\n1. Where from?\n2. Why here?"
    table.item(1, agenda_area.NOTES).setText("Call time loudly")
    assert store_agenda.load(editor.doc)[1].phases[1].notes == "Call time loudly"


def test_removing_a_session_and_undoing_it_loses_nothing(editor) -> None:
    """GIVEN a session with phones' feedback, its actual times and its groups, WHEN it is removed
    from the agenda and the removal undone (twice over, with a redo between), THEN it is back
    with every piece of feedback, its times and its groups, and no feedback is left pointing at
    nothing."""
    import datetime as dt

    from labdesk.store import feedback as store_feedback
    from labdesk.store import groups as store_groups
    from labdesk.store import run_state as store_run

    doc = editor.doc
    session = next(i for i in store_agenda.load(doc) if i.title.startswith("Session 1"))
    assert session.id is not None
    feedback = sorted(r.id for r in store_feedback.load_for_item(doc, session.id))
    assert len(feedback) > 5
    store_run.record(doc, session.id, start=dt.datetime(2026, 9, 17, 10, 5))
    store_run.record(doc, session.id, end=dt.datetime(2026, 9, 17, 11, 2))
    people = [p for (p,) in doc.con.execute("SELECT id FROM attendees LIMIT 6")]
    store_groups.save(
        doc, store_groups.GroupSet(session.id, 3, [[people[:3], people[3:]]], rule="fixed")
    )

    def day(doc):  # type: ignore[no-untyped-def]
        """The agenda as it reads (phase rows are written afresh, so not their row ids)."""
        return [
            (i.id, i.title, i.duration_min, [(p.name, p.duration_s, p.prompt) for p in i.phases])
            for i in store_agenda.load(doc)
        ]

    before = (
        day(doc),
        store_run.load_actuals(doc)[session.id],
        store_groups.latest(doc, session.id),
    )
    editor.refresh()
    editor.list.setCurrentItem(editor.list.topLevelItem(titles(doc).index(session.title)))
    for _ in range(2):
        editor.remove_selected()
        assert session.title not in titles(doc)
        assert store_feedback.load_for_item(doc, session.id) == []
        editor.undo_stack.undo()
        assert day(doc) == before[0]
        assert sorted(r.id for r in store_feedback.load_for_item(doc, session.id)) == feedback
        assert store_run.load_actuals(doc)[session.id] == before[1]
        kept = store_groups.latest(doc, session.id)
        assert kept is not None and before[2] is not None
        assert (kept.rounds, kept.rule, kept.id) == (before[2].rounds, "fixed", before[2].id)
        orphans = doc.con.execute("SELECT count(*) FROM feedback WHERE agenda_item_id IS NULL")
        assert orphans.fetchone()[0] == 0
        editor.undo_stack.redo()
        assert session.title not in titles(doc)
        editor.undo_stack.undo()
        editor.list.setCurrentItem(editor.list.topLevelItem(titles(doc).index(session.title)))
