"""The undo recorder is made while the app is idle, a few statements a turn of the event loop
(never a frame's worth on the GUI thread). Whenever the facilitator acts, before it is ready,
half-way or after, the change is undone exactly."""

from __future__ import annotations

from typing import Any

import pytest

from labdesk.store import checkins as store_checkins
from labdesk.store import undo as store_undo
from tests.test_undo import not_in, rows


def temp_triggers(doc: Any) -> set[str]:
    return {
        str(sql)
        for (sql,) in doc.con.execute("SELECT sql FROM temp.sqlite_master WHERE type = 'trigger'")
    }


def test_a_recorder_made_a_statement_at_a_time_is_the_one_made_at_once(tmp_path) -> None:
    from labdesk.store.demo import create_demo

    at_once = create_demo(tmp_path / "a.labdesk")
    piecewise = create_demo(tmp_path / "b.labdesk")
    try:
        store_undo.record(at_once, lambda d: None)  # the first write makes it, all at once
        preparation = store_undo.preparation(piecewise)
        pieces = 1
        while not preparation.run(0):  # one statement each
            pieces += 1
        assert pieces > 100  # over a hundred turns of an event loop, each a statement
        assert temp_triggers(piecewise) == temp_triggers(at_once) != set()
    finally:
        at_once.close(take_backup=False)
        piecewise.close(take_backup=False)


@pytest.mark.parametrize("made", [0, 1, 40, None])
def test_a_check_in_while_the_recorder_is_being_made_is_undone_exactly(
    demo_file, made: int | None
) -> None:
    """GIVEN the recorder not begun, half made (1 or 40 statements) or made, WHEN someone is
    checked in, THEN the undo takes exactly their check-in back, and the redo brings it."""
    doc = demo_file
    preparation = store_undo.preparation(doc)
    for _ in range(made if made is not None else 10_000):
        if preparation.run(0):
            break
    person = not_in(doc)
    before = rows(doc)
    _, written = store_undo.record(doc, lambda d: store_checkins.admit(d, person.id))
    assert preparation.done  # the write finished it first
    after = rows(doc)
    assert after != before and written
    store_undo.undo(doc, written)
    assert rows(doc) == before
    store_undo.redo(doc, written)
    assert rows(doc) == after
    assert preparation.run(0)  # nothing left to make: it stays done


def test_a_scan_the_moment_the_window_starts_making_the_recorder_is_undone_from_the_menu(
    qtbot, qsettings_isolated, demo_file, monkeypatch
) -> None:
    """GIVEN the window making its recorder (its module loaded on a worker, the first piece
    made, a statement a turn), WHEN a badge is scanned at the desk before it is done, THEN
    Edit › Undo takes exactly that check-in back; and the rest of the preparation, run after,
    leaves the recorder working: a second scan is undone as exactly."""
    from labdesk.gui import undo as gui_undo
    from labdesk.gui.main_window import MainWindow

    monkeypatch.setattr(gui_undo, "PREPARE_PIECE_S", 0.0)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    services = window.attach(demo_file)
    history = services.undo
    desk = window.show_area("checkin").desk  # type: ignore[attr-defined]
    desk.open_pdf = lambda path: None
    qtbot.waitUntil(lambda: desk.loaded)
    # The preparation's turns after its first piece are held until the scan: a statement a
    # turn, all of them can pass between two looks of waitUntil on a quick machine.
    turns: list[object] = []
    take_turn = gui_undo.UndoHistory._prepare_step

    def first_piece_then_hold(self: object) -> None:
        turns.append(self)
        if len(turns) == 1:
            take_turn(self)  # type: ignore[arg-type]

    monkeypatch.setattr(gui_undo.UndoHistory, "_prepare_step", first_piece_then_hold)
    history._prepare()  # as the timer does once the window is idle
    qtbot.waitUntil(lambda: len(turns) == 2)  # loaded; one statement made, the next turn held
    assert history._preparing is not None and not history._preparing.done
    monkeypatch.setattr(gui_undo.UndoHistory, "_prepare_step", take_turn)
    for _ in range(2):
        person = not_in(demo_file)
        before = rows(demo_file)
        desk.handle_scan(desk.scanner.badge_code(person.id))
        assert store_checkins.get(demo_file, person.id) is not None
        assert history.undo_action.text() == f"&Undo check-in of {person.name}"
        history.undo_action.trigger()
        assert rows(demo_file) == before
        history._prepare_step()  # the held turn comes: the scan finished it, nothing is left
        assert history._preparing is None
    desk._refresh_timer.stop()
