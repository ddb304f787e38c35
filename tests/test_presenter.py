"""The presenter console: clicker keys, learn mode, timer kept in the file, planned vs actual,
running late, groups from who is in the room, the chime."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from labdesk.core.timer import FakeClock, Status
from labdesk.gui.areas import run_day
from labdesk.gui.day import RunController
from labdesk.gui.keys import Action, KeyMap, LearnKeyDialog
from labdesk.gui.projector import Placement, QrCode
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from tests.window_input import console_window, key, type_text

START = dt.datetime(2026, 9, 17, 9, 30).timestamp()


@pytest.fixture
def console(qtbot, demo_file, qsettings_isolated):
    """The Run the day area in the main window on the demo, its day on a fake clock."""
    clock = FakeClock(START)
    chimes: list[int] = []
    window = console_window(qtbot, demo_file, clock, lambda: chimes.append(1))
    area = window.areas["run"]
    area.clock, area.chimes, area.projector = clock, chimes, window.services.projector
    yield area
    window.close_workshop()


def press(qtbot, area, k: Qt.Key, text: str = "") -> None:
    key(QApplication.focusWidget() or area, k)


def test_space_starts_and_pauses_and_the_state_is_in_the_file(qtbot, console) -> None:
    timer = console.controller.timer
    assert timer.state.status is Status.IDLE
    press(qtbot, console, Qt.Key.Key_Space)
    assert timer.state.status is Status.RUNNING
    assert store_run.load_timer(console.doc).status is Status.RUNNING
    console.clock.advance(30)
    press(qtbot, console, Qt.Key.Key_Space)
    stored = store_run.load_timer(console.doc)
    assert stored.status is Status.PAUSED and stored.banked_s == 30


@pytest.mark.parametrize(
    "next_key,prev_key",
    [(Qt.Key.Key_PageDown, Qt.Key.Key_PageUp), (Qt.Key.Key_Right, Qt.Key.Key_Left)],
)
def test_clicker_next_and_previous(qtbot, console, next_key, prev_key) -> None:
    """The clicker moves the day on; the console's preview shows the step it moved to, the same
    picture as the projector's."""
    timer = console.controller.timer
    press(qtbot, console, Qt.Key.Key_Space)
    press(qtbot, console, next_key)
    press(qtbot, console, next_key)
    assert timer.index == 2
    assert timer.step is not None and timer.step.name == "Networking pairs"
    shown = console.preview.frame
    assert (shown.mode, shown.phase, shown.round_label) == (
        "phase",
        "Networking pairs",
        "Round 1 of 3",
    )
    assert console.preview.show_value == console.projector.canvas.show_value
    press(qtbot, console, prev_key)
    assert timer.index == 1
    assert console.preview.frame.phase == timer.step.name != "Networking pairs"
    assert console.preview.frame.round_label == ""


def test_plus_and_minus_one_minute(qtbot, console) -> None:
    timer = console.controller.timer
    press(qtbot, console, Qt.Key.Key_Space)
    before = timer.remaining()
    press(qtbot, console, Qt.Key.Key_Plus)
    assert timer.remaining() == before + 60
    press(qtbot, console, Qt.Key.Key_Minus)
    press(qtbot, console, Qt.Key.Key_Minus)
    assert timer.remaining() == before - 60


def test_b_and_period_blank_the_screen(qtbot, console) -> None:
    press(qtbot, console, Qt.Key.Key_B)
    assert console.projector.canvas.show_value.blanked
    # The console's preview keeps the timer (marked as blanked), not a black box.
    assert console.preview.show_value.blanked and console.preview.frame.mode == "idle"
    press(qtbot, console, Qt.Key.Key_Period)
    assert not console.projector.canvas.show_value.blanked


def test_f5_presents_and_esc_leaves_full_screen(qtbot, console) -> None:
    press(qtbot, console, Qt.Key.Key_F5)
    assert console.projector.presenting and console.projector.isVisible()
    console.projector.mode = Placement.FULLSCREEN  # as with a second screen
    console.perform(Action.LEAVE)
    assert console.projector.mode is Placement.WINDOWED and console.projector.isVisible()


def test_keys_typed_into_a_text_field_are_not_taken(qtbot, console) -> None:
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit(console)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    type_text(field, " b")
    assert console.controller.timer.state.status is Status.IDLE
    assert field.text() == " b"


def test_learn_mode_maps_another_clicker_key(qtbot, console) -> None:
    keymap = console.presenter.keymap
    dialog = LearnKeyDialog(keymap, Action.NEXT, console)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_F13)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert KeyMap().learned == {int(Qt.Key.Key_F13): Action.NEXT}  # remembered
    console.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console.window())
    press(qtbot, console, Qt.Key.Key_F13)
    assert console.controller.timer.index == 1


def test_restart_resumes_the_timer_from_the_file(qtbot, console, demo_file) -> None:
    console.controller.next()
    console.controller.start()
    console.clock.advance(100)
    console.controller.stop()
    console.clock.advance(45)  # the app was killed; reopened 45 s later
    again = RunController(console.session, console.clock)
    try:
        assert again.timer.index == 1
        assert abs(again.timer.remaining() - (300 - 145)) <= 1
        assert again.note.startswith("Resumed after a restart")
        assert "Resumed" not in repr(again.frame())  # a note for the console, not the room
    finally:
        again.stop()


def test_sleep_shows_a_note_and_the_right_time(qtbot, console) -> None:
    c = console.controller
    c.next()
    c.start()
    console.clock.advance(1)
    c.tick()
    console.clock.advance(600)
    c.tick()
    assert "slept for 10 min" in console.note_label.text()
    assert console.note_label.isVisible()  # on the console, where the facilitator looks
    assert c.frame().countdown.startswith("+")  # 300 s phase, 601 s gone


def test_planned_and_actual_times_are_recorded(qtbot, console) -> None:
    c = console.controller
    first = c.timer.steps[0].item_id
    c.start()
    console.clock.advance(37 * 60)  # arrival took 37 minutes instead of 30
    c.next()
    actuals = store_run.load_actuals(console.doc)
    assert actuals[first].start == dt.datetime(2026, 9, 17, 9, 30)
    assert actuals[first].end == dt.datetime(2026, 9, 17, 10, 7)
    assert actuals[first].planned_end == dt.datetime(2026, 9, 17, 10, 0)
    assert console.late_label.text().startswith("Running 7 min late")
    assert "lunch now 13:07" in console.late_label.text()
    assert console.absorb_button.isEnabled()


def test_absorbing_the_delay_shortens_chosen_items(qtbot, console, monkeypatch) -> None:
    c = console.controller
    c.start()
    console.clock.advance(40 * 60)
    c.next()
    dialog = run_day.AbsorbDialog(c, console)
    qtbot.addWidget(dialog)
    assert dialog.late == 10
    for row in range(dialog.list.count()):
        entry = dialog.list.item(row)
        if "Session 2" in entry.text():
            entry.setCheckState(Qt.CheckState.Checked)
    done = dialog.apply()
    assert "Session 2" in done
    c.reload()
    projection = c.projection()
    assert projection.end_late_min == 0  # the day ends on time again
    lunch = next(s for s in projection.slots if s.item.title == "Lunch")
    assert f"{lunch.start:%H:%M}" == "13:00"
    session2 = next(i for i in c.items if i.title.startswith("Session 2"))
    assert sum(p.duration_s * p.rounds for p in session2.phases) <= session2.duration_min * 60 + 60


def test_end_of_phase_chimes_unless_muted(qtbot, console) -> None:
    c = console.controller
    c.start()
    console.clock.advance(30 * 60 + 1)
    c.tick()
    assert console.chimes == [1]
    console.mute.setChecked(True)
    c.next()
    console.clock.advance(24 * 3600)
    c.tick()
    assert console.chimes == [1]


def test_groups_from_checked_in_people_shown_with_first_names(qtbot, console) -> None:
    c = console.controller
    for _ in range(2):
        c.next()  # Networking pairs, 3 rounds
    console.tabs.setCurrentWidget(console.groups_page)
    assert console.form_button.isEnabled()
    console.form_groups()
    kept = store_groups.latest(console.doc, c.timer.step.item_id)
    assert kept is not None and len(kept.rounds) == 3
    checked_in = console.doc.con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    assert all(sum(len(g) for g in r) == checked_in for r in kept.rounds)
    assert console.groups_tree.topLevelItemCount() == 3
    c.start()
    console.show_button.setChecked(True)
    frame = console.projector.canvas.frame
    assert frame.mode == "groups"
    from labdesk.store import attendees as store_attendees

    first = {a.first_name for a in store_attendees.load_all(console.doc)}
    full = {a.name for a in store_attendees.load_all(console.doc)}
    shown = {name for group in frame.groups for name in group}
    assert shown <= first and not shown & (full - first)  # first names only
    assert sum(len(g) for g in frame.groups) == checked_in
    c.next()  # moving on returns to the timer
    assert console.projector.canvas.frame.mode == "phase"


def test_groups_printed_from_the_console_are_owner_only_and_remembered(
    qtbot, console, tmp_path, monkeypatch, finish
) -> None:
    import os

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from labdesk.store import generated

    for _ in range(2):
        console.controller.next()  # Networking pairs
    console.tabs.setCurrentWidget(console.groups_page)
    console.form_groups()
    out = tmp_path / "pairs.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    from labdesk.gui.printing import PrintPreview

    # Laid out on a worker, then the print preview: Save as PDF… from it.
    monkeypatch.setattr(PrintPreview, "exec", lambda d: d.save())
    finish(console.print_groups())
    assert "Round 1 of 3" in PdfReader(out).pages[0].extract_text()
    assert os.stat(out).st_mode & 0o077 == 0
    # Noted in the file on a worker (the write waits for the disk), soon after.
    qtbot.waitUntil(
        lambda: (out, "groups") in [(m.path, m.kind) for m in generated.load(console.doc)],
        timeout=10_000,
    )


def test_labels_show_user_text_as_plain_text(qtbot, console) -> None:
    assert console.phase_label.textFormat() == Qt.TextFormat.PlainText
    assert console.late_label.textFormat() == Qt.TextFormat.PlainText


def test_each_phase_warns_at_its_own_time_on_the_projector(qtbot, console) -> None:
    c = console.controller
    c.next()  # Welcome, 5 min: "nearly time" in its last minute, not its last four
    c.start()
    console.clock.advance(61)
    c.tick()
    assert c.frame().level.value == "normal"
    console.clock.advance(180)
    c.tick()
    # The room view's words too (labdesk.core.room): under a minute left is "Nearly time".
    assert c.frame().level.value == "warning" and c.frame().warning_text == "Nearly time"
    # Troika's two-minute phases warn too (the day-wide two minutes never did).
    questions = next(
        i for i, s in enumerate(c.timer.steps) if s.name == "Consultants ask questions"
    )
    c.go_to(questions)
    console.clock.advance(89)
    c.tick()
    assert c.frame().level.value == "normal"
    console.clock.advance(2)
    c.tick()
    assert c.frame().level.value == "warning"


def test_a_rehearsal_on_another_day_is_timed_against_its_own_day(
    qtbot, console, monkeypatch
) -> None:
    # The demo workshop is on 17 September; rehearse it on 1 September at 09:40.
    console.clock.now = dt.datetime(2026, 9, 1, 9, 40).timestamp()
    c = console.controller
    c.start()
    assert console.late_label.text().startswith("Running 10 min late")
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    console.restart_day()
    assert store_run.load_actuals(console.doc) == {}
    assert c.timer.state.status is Status.IDLE and c.timer.index == 0
    assert console.late_label.text() == "Not started yet"


def test_qr_screen_shows_until_the_next_phase_and_is_mirrored(qtbot, console) -> None:
    from labdesk.core.qr import qr_png

    c, presenter = console.controller, console.presenter
    c.tick()
    presenter.set_corner_code(QrCode(qr_png("http://10.0.0.2:8080/x"), "Give feedback"))
    presenter.show_codes([QrCode(qr_png("WIFI:T:WPA;S:LabDesk;P:pw;;"), "1. Join Wi-Fi")])
    c.tick()
    assert console.preview.show_value.codes and console.preview.corner_caption == "Give feedback"
    assert console.preview.show_value == console.projector.canvas.show_value
    c.next()
    assert console.projector.canvas.show_value.codes == ()
    assert console.projector.canvas.corner_qr is not None  # the corner slot stays
    presenter.show_codes([QrCode(qr_png("x"), "2. Give feedback")])
    press(qtbot, console, Qt.Key.Key_Space)  # any presenter key returns to the timer
    assert console.projector.canvas.show_value.codes == ()


def test_the_clicker_works_on_the_projector_window_once_it_is_up(qtbot, console) -> None:
    """The projector's window is made when it first shows (and again when its flags change):
    the keys are taken there too."""
    press(qtbot, console, Qt.Key.Key_F5)
    projector = console.projector
    assert projector.isVisible() and projector.windowHandle() is not None
    projector.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is projector)
    key(projector, Qt.Key.Key_Space)
    key(projector, Qt.Key.Key_PageDown)
    assert console.controller.timer.index == 1
    assert console.controller.timer.state.status is Status.RUNNING
