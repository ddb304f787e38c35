"""Running the seed's day in the app the way facilitators run it (#13): groups by their rule from
the console, clicker keys that never edit the agenda, fixed items that hold, blanking that keeps
the facilitator's view, rehearsal, the closing screen, messages to the room."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit

from labdesk.core.activities import Grouping
from labdesk.core.rehearsal import Run
from labdesk.core.room import contrast
from labdesk.core.timer import FakeClock, Status
from labdesk.gui.areas import agenda as agenda_area
from labdesk.gui.presenter import TYPING_S
from labdesk.gui.projector import ProjectorCanvas
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from tests.window_input import click, console_window, type_text
from tests.window_input import key as window_key

START = dt.datetime(2026, 9, 17, 9, 30).timestamp()


class Ticks:
    """A monotonic clock for the presenter keys' "typing just now"."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def window(qtbot, demo_file, qsettings_isolated):
    clock = FakeClock(START)
    win = console_window(qtbot, demo_file, clock, lambda: None)
    win.clock = clock
    assert win.keys is not None
    win.ticks = win.keys.now = Ticks()
    yield win
    win.close_workshop()


def key(qtbot, win, k: Qt.Key) -> None:
    """A real key press, sent where the focus is (as a clicker's would be)."""
    window_key(QApplication.focusWidget() or win, k)
    QApplication.processEvents()


def grab(canvas: ProjectorCanvas, w: int, h: int) -> QImage:
    canvas.resize(w, h)
    return canvas.grab().toImage()


def colours_in(image: QImage, step: int = 7) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    }


def step_named(day, name: str, round_no: int = 1) -> int:
    return next(i for i, s in enumerate(day.timer.steps) if s.name == name and s.round == round_no)


# -- 1. groups by their rule -----------------------------------------------------------------


def test_troika_formed_from_the_console_keeps_its_trios_and_names_each_rounds_client(
    qtbot, window
) -> None:
    services = window.services
    day, console = services.day, window.areas["run"]
    day.go_to(step_named(day, "Client shares the challenge", 1))
    day.start()
    console.form_groups()
    item_id = day.timer.step.item_id
    kept = store_groups.latest(window.session.doc, item_id)
    assert kept is not None and kept.rule == Grouping.SAME_GROUP_ROLES_ROTATE.value
    # Same trios every round (nobody regroups mid-Troika), and no pairs: an odd one out makes
    # a four.
    assert kept.rounds[0] == kept.rounds[1] == kept.rounds[2]
    assert {len(g) for g in kept.rounds[0]} <= {3, 4}
    day.set_show_groups(True)
    first = services.presenter.show.frame
    assert "client" in first.groups_title and "first person" in first.groups_title
    assert all(sum(n.endswith("· client") for n in g) == 1 for g in first.groups)
    day.go_to(step_named(day, "Client shares the challenge", 2))
    day.set_show_groups(True)
    second = services.presenter.show.frame
    assert "Round 2 of 3" in second.groups_title and "second person" in second.groups_title
    client_1 = {next(n for n in g if "client" in n) for g in first.groups}
    client_2 = {next(n for n in g if "client" in n) for g in second.groups}
    assert client_1.isdisjoint(client_2)  # the role went round the trio
    # The console's Groups tab says the same, and its names are whole.
    console.tabs.setCurrentWidget(console.groups_page)
    assert "same group, roles rotate" in console.groups_info.text()


# -- 2. clicker keys ---------------------------------------------------------------------------


def test_no_area_opens_with_a_field_focused(qtbot, window) -> None:
    for key_name in ("agenda", "attendees", "feedback", "postcards", "run"):
        window.show_area(key_name)
        QApplication.processEvents()
        focus = QApplication.focusWidget()
        assert not isinstance(focus, QLineEdit | QAbstractSpinBox), (key_name, focus)


def test_a_clicker_in_the_agenda_moves_the_day_not_the_day_start(qtbot, window) -> None:
    """The facilitator presents, looks at the Agenda, and the clicker's PageDown, PageDown,
    Down go to the presenter: the day's start stays 09:30."""
    doc = window.session.doc
    day = window.services.day
    key(qtbot, window, Qt.Key.Key_F5)
    assert window.services.presenter.presenting
    agenda = window.show_area("agenda")
    QApplication.processEvents()
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_Down)
    assert day.timer.index == 2
    assert store_workshop.load(doc).day_start == dt.time(9, 30)
    # Even with the focus in the time box (clicked into long ago), PageUp is the presenter's.
    qtbot.mouseClick(agenda.day_start, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert QApplication.focusWidget() is agenda.day_start
    key(qtbot, window, Qt.Key.Key_PageUp)
    key(qtbot, window, Qt.Key.Key_B)
    assert day.timer.index == 1 and day.blank
    key(qtbot, window, Qt.Key.Key_Period)
    assert not day.blank
    assert store_workshop.load(doc).day_start == dt.time(9, 30)


def test_typing_in_a_box_while_presenting_types_until_the_clicker_is_used(qtbot, window) -> None:
    day = window.services.day
    key(qtbot, window, Qt.Key.Key_F5)
    agenda = window.show_area("agenda")
    QApplication.processEvents()
    click(agenda.title)
    assert agenda.title.hasFocus()
    agenda.title.selectAll()
    type_text(agenda.title, "bob. b")
    assert agenda.title.text() == "bob. b" and not day.blank
    key(qtbot, window, Qt.Key.Key_PageDown)  # never a character: the presenter's
    assert day.timer.index == 1
    window.ticks.t += TYPING_S + 1  # the facilitator stopped typing; the clicker's B blanks
    key(qtbot, window, Qt.Key.Key_B)
    assert day.blank and agenda.title.text() == "bob. b"


# -- 3. fixed items hold -----------------------------------------------------------------------


def _select(agenda, title_start: str) -> int:
    index = next(n for n, i in enumerate(agenda.items) if i.title.startswith(title_start))
    agenda.list.setCurrentItem(agenda.list.topLevelItem(index))
    return index


def test_twelve_minutes_before_a_fixed_lunch_keep_lunch_at_one(qtbot, window) -> None:
    doc = window.session.doc
    agenda = window.show_area("agenda")
    index = _select(agenda, "Session 2")
    agenda.length.setValue(72)
    agenda._details_edited()
    items = store_agenda.load(doc)
    assert items[index].duration_min == 72
    lunch = next(n for n, i in enumerate(items) if i.title == "Lunch")
    assert agenda.list.topLevelItem(lunch).text(0) == "13:00 ⚑"
    assert agenda.hold_note.isVisibleTo(agenda)
    assert agenda.hold_note.text().startswith("Kept Lunch at 13:00:")
    # Far too much before lunch: refused, plainly, and nothing saved.
    _select(agenda, "Session 2")
    agenda.length.setValue(400)
    agenda._details_edited()
    assert store_agenda.load(doc)[index].duration_min == 72
    assert agenda.hold_note.text().startswith("Not changed:")
    assert agenda.length.value() == 72  # the box shows the agenda as it is


def test_the_banner_names_a_fixed_item_at_risk(qtbot, window) -> None:
    day, console = window.services.day, window.areas["run"]
    day.start()
    window.clock.advance(3 * 3600 + 20 * 60)  # the morning ran 12:50 with Arrival still on
    day.tick()
    assert console.risk_label.isVisibleTo(console)
    assert "Lunch is fixed at 13:00 but now starts at" in console.risk_label.text()


def test_a_phase_warning_set_in_the_agenda_is_the_one_the_room_sees(qtbot, window) -> None:
    doc = window.session.doc
    agenda = window.show_area("agenda")
    index = _select(agenda, "Welcome")
    agenda.phases.item(0, agenda_area.WARN).setText("0.5")  # Welcome: 30 s before the end
    assert store_agenda.load(doc)[index].phases[0].warn_s == 30
    day = window.services.day
    day.go_to(step_named(day, "Welcome"))
    day.start()
    window.clock.advance(day.timer.remaining() - 31)
    day.tick()
    assert day.frame().level.value == "normal"
    window.clock.advance(2)
    day.tick()
    assert day.frame().level.value == "warning"


# -- 4. blanking, the status bar, the clock ----------------------------------------------------


def test_blanking_blacks_out_the_room_but_not_the_console(qtbot, window) -> None:
    services, console = window.services, window.areas["run"]
    services.day.start()
    key(qtbot, window, Qt.Key.Key_B)
    room = ProjectorCanvas()
    qtbot.addWidget(room)
    room.set_show(services.presenter.show)
    assert colours_in(grab(room, 1024, 768)) == {"#000000"}
    preview = console.preview.grab().toImage()
    seen = colours_in(preview, 3)
    assert "#ffffff" in seen  # the digits, still there for the facilitator
    assert "#ff4d4d" in seen  # and the red "projector blanked" frame
    before = window._status.text()
    window.clock.advance(5)
    window._status_beat.timeout.emit()  # the status bar's one-second beat
    assert window._status_beat.isActive() and window._status_beat.interval() == 1000
    assert window._status.text() != before and "running" in window._status.text()
    assert "projector blanked" in window._status.text()


def test_the_clock_is_on_the_console_and_on_the_projector_when_asked(qtbot, window) -> None:
    services, console = window.services, window.areas["run"]
    services.day.tick()
    assert console.clock_label.text() == "09:30:00"
    services.day.start()
    assert services.presenter.show.frame.clock == ""
    console.projector_clock.setChecked(True)
    services.day.tick()
    assert services.presenter.show.frame.clock == "09:30"
    assert store_workshop.get_setting(window.session.doc, "projector_clock") is True


# -- 5. rehearsal, the laptop slept, the close, stop presenting ------------------------------


def test_rehearse_from_now_leaves_the_real_record_alone(qtbot, window) -> None:
    doc = window.session.doc
    day, console = window.services.day, window.areas["run"]
    window.clock.advance(dt.datetime(2026, 9, 16, 21, 3).timestamp() - window.clock())  # the eve
    console.rehearse_button.click()
    assert day.run is Run.REHEARSAL and console.rehearse_button.text() == "End the rehearsal"
    day.start()
    window.clock.advance(40 * 60)
    day.tick()
    day.next()
    assert console.late_label.text().startswith("Rehearsal · ")
    assert "563" not in console.late_label.text() and "late" in console.late_label.text()
    assert store_run.load_actuals(doc, Run.REHEARSAL)
    assert store_run.load_actuals(doc) == {}  # the real day has no times
    assert store_run.load_timer(doc).status is Status.IDLE
    console.rehearse_button.click()
    assert day.run is Run.DAY and day.timer.state.status is Status.IDLE
    assert store_run.current_rehearsal(doc) is None


def test_the_laptop_slept_note_is_on_the_console_not_on_the_projector(qtbot, window) -> None:
    day, console = window.services.day, window.areas["run"]
    day.next()
    day.start()
    window.clock.advance(1)
    day.tick()
    window.clock.advance(600)
    day.tick()
    assert "slept" in console.note_label.text()
    assert "slept" not in repr(window.services.presenter.show)


def test_after_the_last_item_the_room_sees_thanks_and_esc_hands_the_screen_back(
    qtbot, window
) -> None:
    services = window.services
    day = services.day
    key(qtbot, window, Qt.Key.Key_F5)
    day.go_to(len(day.timer.steps) - 1)
    day.start()
    key(qtbot, window, Qt.Key.Key_PageDown)
    frame = services.presenter.show.frame
    assert frame.mode == "closing" and frame.closing[0] == "Thank you for today"
    image = grab(services.projector.canvas, 1024, 768)
    assert "#6b0000" not in colours_in(image)  # not a red "+0:05 Paused"
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not services.presenter.presenting and not services.projector.isVisible()


# -- 6. messages to the room -------------------------------------------------------------------


def test_a_picked_message_flashes_on_the_projector_keeps_the_timer_and_esc_clears_it(
    qtbot, window
) -> None:
    from labdesk.web.screens import current_view

    services, console = window.services, window.areas["run"]
    day = services.day
    key(qtbot, window, Qt.Key.Key_F5)
    day.start()
    presets = [console.message_box.itemText(i) for i in range(console.message_box.count())]
    assert "1 minute — wrap up" in presets and "Swap roles now" in presets
    assert any(p.startswith("Back at ") for p in presets)
    console.message_box.setCurrentIndex(presets.index("Swap roles now"))
    console.send_button.click()
    room = services.projector.canvas
    assert room.frame.message == "Swap roles now" and room.flashes_left > 0
    lit = grab(room, 1920, 1080)
    band = lit.pixelColor(960, 300).name()
    room.flash_step()
    assert grab(room, 1920, 1080).pixelColor(960, 300).name() != band  # it flashes
    for _ in range(10):
        room.flash_step()
    assert room.flashes_left == 0 and grab(room, 1920, 1080).pixelColor(960, 300).name() == (
        "#ffd23f"
    )
    # The timer runs on, and the room view on phones shows the same message.
    left = day.timer.remaining()
    window.clock.advance(3)
    day.tick()
    assert day.timer.state.status is Status.RUNNING and day.timer.remaining() < left
    assert current_view(window.session.doc, window.clock).message == "Swap roles now"
    # A typed one, then Esc: the message goes, the projector stays.
    console.message_box.setEditText("Back at 14:10")
    console.send_message()
    assert room.frame.message == "Back at 14:10"
    key(qtbot, window, Qt.Key.Key_Escape)
    assert room.frame.message == "" and services.presenter.presenting
    assert current_view(window.session.doc, window.clock).message == ""
    console.message_box.setEditText("   ")
    console.send_message()
    assert console.message_note.text() == "Type a message first."


# -- 9. contrast -------------------------------------------------------------------------------


@pytest.mark.parametrize("over", [False, True])
def test_paused_digits_read_at_seven_to_one(qtbot, window, over: bool) -> None:
    day = window.services.day
    day.go_to(step_named(day, "Welcome"))
    day.start()
    if over:
        window.clock.advance(day.timer.remaining() + 65)
        day.tick()
    day.pause()
    frame = window.services.presenter.show.frame
    assert frame.paused and (frame.level.value == "overrun") == over
    image = grab(window.services.projector.canvas, 1024, 768)
    background = image.pixelColor(3 * 1024 // 4, 740).name() if not over else "#6b0000"
    digits = image.pixelColor(512, 460)
    counts: dict[str, int] = {}
    for y in range(330, 600, 3):
        for x in range(200, 824, 3):
            c = image.pixelColor(x, y).name()
            counts[c] = counts.get(c, 0) + 1
    ink = max((c for c in counts if c != background), key=lambda c: counts[c])
    assert contrast(ink, background) >= 7.0, (ink, background, digits.name())
    assert QColor(ink).lightness() > 150


# -- 8. the agenda and run sheet printed from the app -------------------------------------------


@pytest.mark.parametrize("run_sheet", [False, True])
def test_the_agenda_is_printed_from_the_app_with_a_preview_and_saved_as_pdf(
    qtbot, window, tmp_path, monkeypatch, run_sheet: bool
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from labdesk.gui.printing import PrintPreview
    from tests.pdf_inspect import texts

    shown: list[PrintPreview] = []
    monkeypatch.setattr(PrintPreview, "exec", lambda d: shown.append(d) or 0)
    agenda = window.show_area("agenda")
    operation = agenda.print_agenda(run_sheet)
    qtbot.waitUntil(lambda: operation.finished, timeout=20000)
    (preview,) = shown
    assert preview.document.pageCount() >= 1 and preview.print_action.isEnabled()
    dest = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    assert preview.save()
    words = " ".join(" ".join(texts(dest)).split())
    assert "Lunch" in words and "13:00" in words
    # The run sheet has the phases and the facilitator's notes; the participants' agenda not.
    assert ("Consultants ask questions" in words) == run_sheet
    preview.close()


# -- 9. readable at 1280×800 --------------------------------------------------------------------


def _fully_shown(view, column: int) -> bool:
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    return not header.isSectionHidden(column) and right <= view.viewport().width()


def _text_fits(view, column: int, text: str, indent: int = 0) -> bool:
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    return view.fontMetrics().horizontalAdvance(text) + indent + 8 <= header.sectionSize(column)


def test_every_table_reads_at_1280_by_800_without_scrolling_sideways(qtbot, window) -> None:
    day, console = window.services.day, window.areas["run"]
    day.go_to(step_named(day, "Client shares the challenge", 2))
    day.start()
    console.form_groups()
    # The Day tab: Planned, Actual and Late, and the "now" marker, all in sight.
    console.tabs.setCurrentIndex(1)
    console._refresh_timeline()
    QApplication.processEvents()
    timeline = console.timeline
    assert timeline.horizontalScrollBar().maximum() == 0
    assert all(_fully_shown(timeline, c) for c in (1, 2, 3))
    marks = [
        timeline.topLevelItem(i).child(k).text(2)
        for i in range(timeline.topLevelItemCount())
        for k in range(timeline.topLevelItem(i).childCount())
    ]
    assert "◀ now" in marks and _text_fits(timeline, 2, "◀ now")
    assert all(_text_fits(timeline, 1, timeline.topLevelItem(i).text(1)) for i in range(3))
    # The Groups tab: whole names.
    console.tabs.setCurrentWidget(console.groups_page)
    QApplication.processEvents()
    tree = console.groups_tree
    tree.expandAll()  # every round opened, as the facilitator might
    QApplication.processEvents()
    names = [
        tree.topLevelItem(0).child(g).child(k).text(0)
        for g in range(tree.topLevelItem(0).childCount())
        for k in range(tree.topLevelItem(0).child(g).childCount())
    ]
    assert names and all(_text_fits(tree, 0, n, 2 * tree.indentation()) for n in names)
    assert _fully_shown(tree, 1)
    # The desk: Expected by organisation, and whole names of those still to come.
    desk = window.show_area("checkin").desk
    qtbot.waitUntil(lambda: desk.loaded)  # read on its worker
    QApplication.processEvents()
    assert _fully_shown(desk.org_view, 2) and _fully_shown(desk.waiting_view, 2)
    waiting = [desk.waiting.rows[r].name for r in range(len(desk.waiting.rows))]
    assert waiting and all(_text_fits(desk.waiting_view, 0, n) for n in waiting)
    for view in (desk.org_view, desk.waiting_view, desk.results_view):
        assert view.horizontalScrollBar().maximum() == 0


def test_the_break_screen_says_break_once(qtbot, window) -> None:
    day = window.services.day
    day.go_to(step_named(day, "Break"))
    day.start()
    frame = window.services.presenter.show.frame
    shown = [frame.item, frame.phase, frame.prompt, frame.back_at]
    assert frame.mode == "break" and sum(t.count("Break") for t in shown) == 1
    assert frame.back_at.startswith("Back at ")


def test_the_timer_screen_names_this_rounds_client_in_troika(qtbot, window) -> None:
    day, console = window.services.day, window.areas["run"]
    day.go_to(step_named(day, "Consultants ask questions", 3))
    day.start()
    assert window.services.presenter.show.frame.round_label == "Round 3 of 3"  # no groups yet
    console.form_groups()
    frame = window.services.presenter.show.frame
    assert frame.mode == "phase"
    assert frame.round_label == "Round 3 of 3: the client is each group's third person"
