"""Edit › Undo and Redo: one history per workshop, held by the services, over every undoable
change (agenda edits, check-ins, walk-ins, moderation, card ticks, postcards posted, imports).
Each command is done, undone, redone and undone again through the area a person uses, and the
file's rows are compared: after an undo they are exactly what they were before."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from labdesk.core.checkin import ScanKind
from labdesk.core.model import CommitmentCard
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store import postcards as store_postcards
from tests.import_helpers import settle


def rows(doc: Any) -> dict[str, list[str]]:
    """Every row of every table (the change counts aside: they move on, so other holders hear
    of an undo), by table."""
    tables = [
        str(name)
        for (name,) in doc.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'change_counts' ORDER BY name"
        )
    ]
    return {
        t: sorted(repr(tuple(r)) for r in doc.con.execute(f'SELECT rowid, * FROM "{t}"'))
        for t in tables
    }


def round_trip(services: Any, act: Callable[[], object], named: str) -> None:
    """GIVEN the file as it is, WHEN act() is done, undone, redone and undone again through the
    Edit menu's actions, THEN each undo leaves exactly the rows there were before, each redo
    exactly the rows act() left, and the menu names what it undoes."""
    history = services.undo
    doc = services.doc
    before = rows(doc)
    act()
    after = rows(doc)
    assert after != before, "the command changed nothing"
    assert history.undo_action.text() == f"&Undo {named}"
    assert history.undo_action.isEnabled()
    history.undo_action.trigger()
    assert rows(doc) == before
    assert history.redo_action.text() == f"&Redo {named}"
    history.redo_action.trigger()
    assert rows(doc) == after
    history.undo_action.trigger()
    assert rows(doc) == before


def not_in(doc: Any) -> Any:
    arrived = store_checkins.checked_in_at(doc)
    return next(
        a
        for a in store_attendees.load_all(doc)
        if a.status == "attending" and a.id not in arrived and " ap " not in a.name
    )


@pytest.fixture
def desk(qtbot, services):  # type: ignore[no-untyped-def]
    from labdesk.gui.areas.checkin import AreaWidget

    area = AreaWidget(services)
    qtbot.addWidget(area)
    area.desk.open_pdf = lambda path: None
    qtbot.waitUntil(lambda: area.desk.loaded)  # the desk has read everyone, on its worker
    yield area.desk
    area.desk._refresh_timer.stop()


def test_a_scanned_check_in_is_undone_and_redone_exactly(desk, services) -> None:
    person = not_in(services.doc)
    code = desk.scanner.badge_code(person.id)
    round_trip(services, lambda: desk.handle_scan(code), f"check-in of {person.name}")
    assert store_checkins.get(services.doc, person.id) is None


def test_the_desks_own_undo_button_undoes_its_check_in(desk, services, qtbot) -> None:
    person = not_in(services.doc)
    before = rows(services.doc)
    assert desk.handle_scan(desk.scanner.badge_code(person.id)).kind is ScanKind.CHECKED_IN
    assert desk.undo.isEnabled() and desk.undo.text() == f"Undo check-in of {person.name}"
    qtbot.mouseClick(desk.undo, Qt.MouseButton.LeftButton)
    assert rows(services.doc) == before
    assert desk.result.headline.text() == "CHECK-IN UNDONE"
    assert not desk.undo.isEnabled()
    assert services.undo.redo_action.text() == f"&Redo check-in of {person.name}"


def test_a_check_in_from_search_is_undone_exactly(desk, services) -> None:
    person = not_in(services.doc)

    def search() -> None:
        desk.search.setText(person.name)
        assert desk.selected_attendee().id == person.id
        desk.check_in_selected()

    round_trip(services, search, f"check-in of {person.name}")


def test_a_walk_in_undone_takes_the_person_and_their_check_in(desk, services, qtbot) -> None:
    from labdesk.gui.areas.checkin import WalkInDialog

    def walk_in() -> None:
        dialog = WalkInDialog(desk)
        qtbot.addWidget(dialog)
        dialog.name.setText("Nia Walker")
        dialog.print_badge.setChecked(False)
        dialog.exec = lambda: (dialog._accept(), int(dialog.result()))[1]  # type: ignore[method-assign]
        assert desk.add_walk_in(dialog=dialog) is not None

    round_trip(services, walk_in, "walk-in of Nia Walker")
    assert not [a for a in store_attendees.load_all(services.doc) if a.name == "Nia Walker"]


def first_words(comment: Any) -> str:
    words = " ".join((comment.worked or comment.change).split())
    return f"“{words[:28].rstrip()}…”" if len(words) > 28 else f"“{words}”"


@pytest.fixture
def feedback(qtbot, services):  # type: ignore[no-untyped-def]
    from labdesk.gui.areas.feedback import AreaWidget

    area = AreaWidget(services)
    qtbot.addWidget(area)
    area.resize(1200, 760)
    area.select_session(next(i.id for i in area._items if i.title.startswith("Session 1")))
    return area


def test_hiding_a_comment_is_undone_exactly(feedback, services) -> None:
    feedback.comment_view.selectRow(0)
    comment = feedback.selected_comment()
    assert comment is not None and not comment.hidden
    quoted = first_words(comment)

    def hide() -> None:
        feedback.comment_view.selectRow(0)
        feedback.toggle_hidden()

    round_trip(services, hide, f"hiding of the comment {quoted}")
    assert not next(r for r in store_feedback.load_all(services.doc) if r.id == comment.id).hidden


def test_choosing_a_comment_for_the_projector_is_undone_exactly(feedback, services) -> None:
    feedback.comment_view.selectRow(1)
    comment = feedback.selected_comment()
    assert comment is not None and not comment.chosen

    def choose() -> None:
        feedback.comment_view.selectRow(1)
        feedback.toggle_chosen()

    round_trip(services, choose, f"choice for the projector of {first_words(comment)}")


def test_a_card_tick_is_undone_exactly(feedback, services) -> None:
    cards = feedback.cards
    person = next(a for a in store_attendees.load_all(services.doc) if a.address)
    card_id = store_commitments.upsert(
        services.doc,
        CommitmentCard(action="Ring the clinic", name=person.name),
    )
    card = next(c for c in store_commitments.load_all(services.doc) if c.id == card_id)
    store_commitments.set_match(services.doc, card_id, person.id)
    store_commitments.confirm(services.doc, card_id, False)
    card = next(c for c in store_commitments.load_all(services.doc) if c.id == card_id)
    round_trip(
        services,
        lambda: cards._tick((card, person), True),
        f"tick of {person.name}’s card",
    )
    stored = next(c for c in store_commitments.load_all(services.doc) if c.id == card_id)
    assert stored.confirmed_by == ""


def test_marking_postcards_posted_is_undone_with_their_addresses(
    qtbot, services, monkeypatch
) -> None:
    from labdesk.gui.areas.postcards import AreaWidget

    area = AreaWidget(services)
    qtbot.addWidget(area)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    postable = [c for c in store_postcards.load_all(services.doc) if c.postable and not c.posted]
    assert postable
    chosen = postable[0]
    monkeypatch.setattr(area, "selected", lambda: [chosen])
    round_trip(services, area.mark_posted, f"posting of {chosen.name}’s postcard")
    again = next(c for c in store_postcards.load_all(services.doc) if c.id == chosen.id)
    assert not again.posted and again.address == chosen.address  # the address came back


def _people_csv(path: Path, doc: Any, new: int) -> Path:
    """A list with one person already in the workshop (a new organisation: merged) and `new`
    people who are not."""
    known = next(a for a in store_attendees.load_all(doc) if a.email)
    lines = ["Name,Email,Organisation", f"{known.name},{known.email},Renamed Trust"]
    lines += [f"Person {n:05d},person{n}@example.org,Org {n % 7}" for n in range(new)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_undone_removes_exactly_whom_it_added_and_restores_whom_it_merged(
    qtbot, services, tmp_path
) -> None:
    from labdesk.gui.areas.attendees import AreaWidget

    area = AreaWidget(services)
    qtbot.addWidget(area)
    source = _people_csv(tmp_path / "more people.csv", services.doc, 3)

    def import_it() -> None:
        dialog = area.open_import(source)
        qtbot.addWidget(dialog)
        settle(qtbot, dialog)
        dialog.import_button.click()
        settle(qtbot, dialog)
        assert dialog.outcome is not None and dialog.outcome.added == 3

    count = store_attendees.count(services.doc)
    round_trip(services, import_it, "import of 3 people, 1 merged from more people.csv")
    assert store_attendees.count(services.doc) == count


@pytest.mark.slow
def test_a_big_import_is_undone_off_the_gui_thread(qtbot, services, tmp_path) -> None:
    """GIVEN an import as big as the entries undone on a worker, WHEN it is undone and redone,
    THEN the work is under way off the GUI thread (the status bar says so, Undo waits), and
    afterwards the file is exactly as before (and again as after)."""
    from labdesk.gui import undo as gui_undo
    from labdesk.gui.import_dialog import ImportDialog

    history = services.undo
    before = rows(services.doc)
    source = _people_csv(tmp_path / "big.csv", services.doc, gui_undo.HEAVY_ROWS)
    dialog = ImportDialog(services.session, None, source, history=history)
    qtbot.addWidget(dialog)
    settle(qtbot, dialog)
    dialog.import_button.click()
    settle(qtbot, dialog)
    after = rows(services.doc)
    assert len(history.top().written) >= gui_undo.HEAVY_ROWS
    history.undo_action.trigger()
    assert history._running is not None and not history.undo_action.isEnabled()
    assert "Undoing import of" in services.session.work_text()
    qtbot.waitUntil(lambda: history._running is None, timeout=60_000)
    assert rows(services.doc) == before
    assert history.redo_action.isEnabled()
    history.redo_action.trigger()
    qtbot.waitUntil(lambda: history._running is None, timeout=60_000)
    assert rows(services.doc) == after


def test_agenda_edits_are_on_the_same_history(qtbot, services) -> None:
    """The agenda's undo (an item removed comes back with its feedback) is the workshop's."""
    from labdesk.gui.areas.agenda import AreaWidget

    editor = AreaWidget(services)
    qtbot.addWidget(editor)
    with_feedback = {r.agenda_item_id for r in store_feedback.load_all(services.doc)}
    row = next(i for i, item in enumerate(editor.items) if item.id in with_feedback)
    title = editor.items[row].title

    def remove() -> None:
        editor.list.setCurrentItem(editor.list.topLevelItem(row))
        editor.remove_selected()

    round_trip(services, remove, f"remove {title}")
    assert editor.undo_stack is services.undo.stack
    assert editor.undo_button.isEnabled() is False  # nothing left to undo


def _checked_in_elsewhere(doc: Any, code: str) -> None:
    """Another desk, in another process: the batch command, beside the holder."""
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", "check-in", str(doc.path), code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _undone_and_checked_in_elsewhere(desk: Any, services: Any) -> tuple[Any, Any]:
    """Someone checked in here and undone; then checked in by another process."""
    person = not_in(services.doc)
    code = desk.scanner.badge_code(person.id)
    desk.handle_scan(code)
    services.undo.undo_action.trigger()
    _checked_in_elsewhere(services.doc, code)
    return person, services.undo


def test_a_check_in_by_another_process_refuses_the_redo_plainly(desk, services) -> None:
    """GIVEN a check-in undone here, WHEN another process checks the same person in and Redo
    is pressed before the app has looked, THEN the redo is refused with a plain message,
    nothing is written, the other check-in stays, and the history starts again."""
    person, history = _undone_and_checked_in_elsewhere(desk, services)
    said: list[str] = []
    history.refused.connect(said.append)
    before = rows(services.doc)
    history.redo_action.trigger()
    assert rows(services.doc) == before
    QCoreApplication.processEvents()
    assert said == [
        f"Check-in of {person.name} cannot be redone: check-ins changed since, elsewhere."
        " The undo history starts again from here."
    ]
    assert history.stack.count() == 0 and not history.redo_action.isEnabled()
    assert store_checkins.get(services.doc, person.id) is not None  # theirs stays


def test_a_change_by_another_process_clears_the_history_once_seen(desk, services) -> None:
    person, history = _undone_and_checked_in_elsewhere(desk, services)
    told: list[str] = []
    history.forgotten.connect(told.append)
    services.session.look_now()  # what the half-second poll does
    assert told == [
        f"Undo history cleared: “check-in of {person.name}” was changed since, elsewhere."
    ]
    assert history.stack.count() == 0


def test_an_undo_that_would_take_a_later_check_in_with_it_is_refused(
    qtbot, services, tmp_path
) -> None:
    """An import undone must not take away a check-in made since for someone it added."""
    from labdesk.gui.import_dialog import ImportDialog

    history = services.undo
    dialog = ImportDialog(
        services.session, None, _people_csv(tmp_path / "x.csv", services.doc, 2), history=history
    )
    qtbot.addWidget(dialog)
    settle(qtbot, dialog)
    dialog.import_button.click()
    settle(qtbot, dialog)
    newcomer = next(a for a in store_attendees.load_all(services.doc) if a.name == "Person 00001")
    store_checkins.admit(services.doc, newcomer.id)  # not through the history (a door desk)
    said: list[str] = []
    history.refused.connect(said.append)
    assert history.stack.count() == 1  # a check-in says nothing of the people imported
    before = rows(services.doc)
    history.undo_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    assert rows(services.doc) == before
    assert said[0].startswith("Import of 2 people, 1 merged from x.csv cannot be undone: it")
    assert "would also change check-ins made since" in said[0]
    assert history.stack.count() == 0
    assert store_checkins.get(services.doc, newcomer.id) is not None


def test_the_edit_menu_has_undo_and_redo_with_the_usual_keys(
    qtbot, qsettings_isolated, tmp_path
) -> None:
    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    path = tmp_path / "day.labdesk"
    create_demo(path).close(take_backup=False)
    window = MainWindow()
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:3] == ["&File", "&Edit", "&View"]
    assert [a.text() for a in window.edit_menu.actions()] == ["&Undo", "&Redo"]
    assert not any(a.isEnabled() for a in window.edit_menu.actions())
    assert window.open_path(path)
    undo, redo = window.edit_menu.actions()
    assert undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert [s.toString() for s in redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    services = window.services
    desk = window.show_area("checkin").desk  # type: ignore[attr-defined]
    person = not_in(services.doc)
    desk.handle_scan(desk.scanner.badge_code(person.id))
    assert undo.text() == f"&Undo check-in of {person.name}" and undo.isEnabled()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    scan_field = QApplication.focusWidget()
    assert scan_field is desk.scan  # the desk types into its scan field, and Ctrl+Z still undoes
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    for key, modifiers, checked_in in (
        (Qt.Key.Key_Z, ctrl, False),
        (Qt.Key.Key_Z, ctrl | shift, True),
        (Qt.Key.Key_Z, ctrl, False),
        (Qt.Key.Key_Y, ctrl, True),
    ):
        qtbot.keyClick(scan_field, key, modifiers)
        assert (store_checkins.get(services.doc, person.id) is not None) is checked_in
    window.close_workshop()
    assert [a.text() for a in window.edit_menu.actions()] == ["&Undo", "&Redo"]


def test_an_erasure_clears_the_history_so_nobody_erased_comes_back(
    qtbot, services, tmp_path
) -> None:
    """GIVEN an import undone (its people only in the history now, for a redo), WHEN someone is
    erased on request, THEN the history is cleared: no redo can bring back a person's data."""
    from labdesk.gui.import_dialog import ImportDialog
    from labdesk.store import erasure

    history = services.undo
    dialog = ImportDialog(
        services.session, None, _people_csv(tmp_path / "y.csv", services.doc, 2), history=history
    )
    qtbot.addWidget(dialog)
    settle(qtbot, dialog)
    dialog.import_button.click()
    settle(qtbot, dialog)
    history.undo_action.trigger()
    assert history.redo_action.isEnabled()
    told: list[str] = []
    history.forgotten.connect(told.append)
    someone = next(a for a in store_attendees.load_all(services.doc) if a.email)
    erasure.erase_in_file(services.doc, erasure.plan(services.doc, someone.id))
    assert told == ["Undo history cleared: someone was erased."]
    assert not history.redo_action.isEnabled() and history.stack.count() == 0
