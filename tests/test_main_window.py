"""The app shell: the demo opens with every area showing real content; File menu actions work."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog, QFileDialog, QLineEdit, QMessageBox

from labdesk.core.timer import Status
from labdesk.gui.areas import AREAS
from labdesk.gui.keys import Action
from labdesk.gui.main_window import MainWindow, recent_files
from labdesk.store import create, open_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import BUSY_TIMEOUT_MS
from tests.window_input import key


@pytest.fixture
def window(qtbot, qsettings_isolated):
    w = MainWindow()
    w.resize(1280, 800)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_workshop()


def test_start_page_without_a_workshop(window):
    assert window.windowTitle() == "labdesk"
    assert window.stack.currentWidget() is window.start_page
    assert not window.nav.isEnabled()
    assert not window.act_copy.isEnabled()


def test_demo_opens_with_every_area_showing_content(window, qtbot):
    assert window.open_new_demo()
    assert "Mental health and persistent back and neck pain" in window.windowTitle()
    assert ".labdesk" in window.windowTitle()
    for spec in AREAS:
        area = window.show_area(spec.key)
        assert window.stack.currentWidget() is area
        assert area.isVisible()
    qtbot.waitUntil(lambda: window.areas["checkin"].desk.loaded)  # read on their workers
    qtbot.waitUntil(lambda: window.areas["attendees"].loaded)
    texts = {key: area.status_text() for key, area in window.areas.items()}
    assert texts["run"].startswith("Arrival")
    assert texts["agenda"].startswith("10 items, 09:30 to 16:00")
    assert texts["attendees"] == "60 attending, 46 in"
    assert texts["checkin"].startswith("46 of 60 in")
    assert texts["feedback"].startswith("49 responses")
    assert "postcards" in texts["postcards"]
    assert window.areas["attendees"].model.rowCount() == 60


def test_area_shortcuts_switch_areas(window, qtbot):
    window.open_new_demo()
    for row, act in enumerate(window.area_actions):
        act.trigger()
        assert window.nav.currentRow() == row
        assert act.shortcut().toString() == f"Ctrl+{row + 1}"


def test_attendee_table_sorts_and_filters(window, qtbot):
    window.open_new_demo()
    area = window.show_area("attendees")
    qtbot.waitUntil(lambda: area.loaded)  # read on its worker
    area.view.sortByColumn(0, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    first = area.proxy.index(0, 0).data()
    assert first == "Joseph Adeyemi"  # sorted by family name, not by first name
    area.filter.setText("sian jones")  # without the accent
    assert [area.proxy.index(r, 0).data() for r in range(area.proxy.rowCount())] == ["Siân Jones"]
    area.filter.setText("jones")  # names and organisations ("Robert Jones and Agnes Hunt …")
    rows = [[area.proxy.index(r, c).data() for c in range(4)] for r in range(area.proxy.rowCount())]
    assert any(r[0] == "Bethan Smith-Jones" for r in rows)
    assert all("jones" in " ".join(r).lower() for r in rows)
    area.filter.clear()
    assert area.proxy.rowCount() == 60


def _check_in_one_elsewhere(path: Path) -> None:
    """Someone not yet in is checked in by another connection (a batch command)."""
    batch = open_workshop(path, lock=False)
    with batch.transaction(Topic.CHECKINS) as con:
        con.execute(
            "INSERT INTO check_ins (attendee_id, at) SELECT id, '2026-09-17T10:30:00+01:00'"
            " FROM attendees WHERE id NOT IN (SELECT attendee_id FROM check_ins) LIMIT 1"
        )
    batch.close(take_backup=False)


def test_changes_from_another_connection_show_up(window, qtbot):
    window.open_new_demo()
    area = window.show_area("checkin")
    qtbot.waitUntil(lambda: area.desk.loaded)  # the desk has read everyone
    before = area.status_text()
    _check_in_one_elsewhere(window.session.path)
    qtbot.waitUntil(lambda: area.status_text() != before, timeout=3000)
    assert area.status_text().startswith("47 of 60 in")


def test_an_area_behind_another_catches_up_when_it_shows_again(window, qtbot, monkeypatch):
    # A scan at the desk does not list everyone again in the Attendees area behind it (at
    # 100,000 people that held the GUI thread 30-80 ms a scan); going back shows the arrival.
    window.open_new_demo()
    attendees = window.show_area("attendees")
    qtbot.waitUntil(lambda: attendees.loaded)
    assert attendees.status_text() == "60 attending, 46 in"
    desk = window.show_area("checkin")
    qtbot.waitUntil(lambda: desk.desk.loaded)
    read = []
    monkeypatch.setattr(attendees.reader, "submit", lambda *a, **k: read.append(a))
    before = desk.status_text()
    _check_in_one_elsewhere(window.session.path)
    qtbot.waitUntil(lambda: desk.status_text() != before, timeout=3000)
    assert desk.status_text().startswith("47 of 60 in")  # the desk in front follows at once
    assert read == []  # the area behind it did nothing
    monkeypatch.undo()
    window.show_area("attendees")
    qtbot.waitUntil(lambda: attendees.status_text() == "60 attending, 47 in", timeout=3000)


def test_open_reopen_recent_and_close(window, tmp_path):
    path = tmp_path / "Day.labdesk"
    create(path, "Pain and mood day", dt.date(2026, 10, 1)).close(take_backup=False)
    assert window.open_path(path)
    assert window.windowTitle().startswith("Pain and mood day")
    assert recent_files()[0] == str(path.resolve())
    window.close_workshop()
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.recent.count() >= 1
    window.start_page.recent.itemActivated.emit(window.start_page.recent.item(0))
    assert window.session is not None and window.session.path == path


def test_opening_a_held_file_says_it_is_open_elsewhere(window, tmp_path, monkeypatch):
    path = tmp_path / "Held.labdesk"
    holder = create(path, "Held", dt.date(2026, 10, 1))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + ".lock")]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in parts]
    try:
        started = time.monotonic()
        assert not window.open_path(path)
        # Refused at once: it did not wait out the file's busy timeout first.
        assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000
        assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in parts] == before  # no write
    finally:
        holder.close(take_backup=False)
    assert "already open in another labdesk" in shown[0]
    assert window.session is None


def test_opening_junk_says_so_and_changes_nothing(window, tmp_path, monkeypatch):
    junk = tmp_path / "junk.labdesk"
    junk.write_bytes(b"PK\x03\x04 this is a zip")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    assert not window.open_path(junk)
    assert "not a labdesk workshop" in shown[0]
    assert junk.read_bytes() == b"PK\x03\x04 this is a zip"


def test_new_workshop_through_the_dialog(window, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "Improving care"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        dialog.findChild(QLineEdit, "title").setText("Improving care together")
        dialog.findChild(QLineEdit, "venue").setText("Manchester")
        dialog.findChild(QDateEdit, "date").setDate(QDate(2026, 11, 30))
        dialog.accept()

    QTimer.singleShot(0, fill_dialog)
    assert window.new_workshop()
    made = Path(str(target) + ".labdesk")
    assert window.session.path == made
    assert "Improving care together" in window.windowTitle()
    from labdesk.store import workshop

    w = workshop.load(window.session.doc)
    assert (w.date, w.venue) == (dt.date(2026, 11, 30), "Manchester")


def test_save_a_copy(window, tmp_path, monkeypatch, finish):
    window.open_new_demo()
    dest = tmp_path / "usb-stick-copy.labdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    finish(window.save_copy())  # on a worker, through SQLite's backup API
    with open_workshop(dest, lock=False) as copy:
        assert copy.con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60
        copy.close(take_backup=False)


def test_about_box_names_the_version(window, qtbot):
    seen: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        from PySide6.QtWidgets import QLabel

        seen.append(dialog.findChild(QLabel, "version").text())
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.show_about()
    assert seen[0] == "About labdesk"
    assert seen[1].startswith("Version ")


def test_main_window_renders_to_png(window, tmp_path):
    window.open_new_demo()
    window.show_area("agenda")
    QApplication.processEvents()
    image = window.grab().toImage()
    out = tmp_path / "main.png"
    assert image.save(str(out))
    assert image.width() == 1280 and image.height() == 800
    # Not blank: the table draws many distinct colours (text, grid, selection).
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 5


def test_workshop_details_are_saved_at_once(window, qtbot):
    window.open_new_demo()

    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.findChild(QLineEdit, "title").setText("Pain and mood: Manchester")
        dialog.findChild(QLineEdit, "hotspotSsid").setText("LabDesk-MCR")
        dialog.accept()

    QTimer.singleShot(0, edit)
    assert window.edit_details()
    from labdesk.store import workshop

    assert workshop.load(window.session.doc).title == "Pain and mood: Manchester"
    assert workshop.get_setting(window.session.doc, "hotspot_ssid") == "LabDesk-MCR"
    assert window.windowTitle().startswith("Pain and mood: Manchester")


def test_open_backup_restores_a_copy_and_leaves_the_original(window, tmp_path, monkeypatch):
    from labdesk.store import attendees, backup

    window.open_new_demo()
    original = window.session.path
    backup.rolling_backup(window.session.doc.con, original)
    with window.session.doc.transaction(Topic.ATTENDEES) as con:
        con.execute("DELETE FROM check_ins")
        con.execute("DELETE FROM attendees")  # a mistake made after the backup
    dest = tmp_path / "restored.labdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))

    def pick_newest() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.accept()

    QTimer.singleShot(0, pick_newest)
    assert window.open_backup()
    assert window.session.path == dest
    assert attendees.count(window.session.doc) == 60
    window.close_workshop()
    with open_workshop(original, lock=False) as doc:
        assert attendees.count(doc) == 0
        doc.close(take_backup=False)


def test_phone_server_codes_and_summary_reach_the_projector(window, qtbot):
    """GIVEN the demo, WHEN the phone server starts in Feedback, THEN the projector's corner shows
    the feedback QR; the area can put both codes or the summary full screen; closing stops it."""
    window.open_new_demo()
    projector = window.services.projector
    assert projector.canvas.corner_qr is None
    feedback = window.show_area("feedback")
    feedback.server_panel.ssid.setText("LabDesk")
    feedback.server_panel.ssid.editingFinished.emit()
    feedback.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: feedback.server is not None, timeout=15000)
    qtbot.waitUntil(lambda: projector.canvas.corner_qr is not None, timeout=3000)
    assert projector.canvas.corner_caption == "Give feedback"
    assert feedback.server_panel.to_projector.isEnabled()
    feedback.server_panel.to_projector.click()
    shown = projector.canvas.show_value
    captions = [code.caption.split("\n") for code in shown.codes]
    assert [c[0] for c in captions] == ["1. Join Wi-Fi LabDesk", "2. Give feedback"]
    # Typed out too, for phones that cannot scan: the password and the address.
    assert captions[0][1] == "No password"
    assert captions[1][1] == f"or type {feedback.phones.feedback_url()}"
    feedback.summary_button.click()
    shown = projector.canvas.show_value
    assert shown.picture is not None and shown.codes == ()
    window.services.presenter.perform(Action.NEXT)  # the next phase or key
    assert projector.canvas.show_value.picture is None
    assert projector.canvas.corner_qr is not None  # the corner stays while the server runs
    server = feedback.server
    window.close_workshop()
    assert not server.running  # stopped before the file closed


def test_f5_presents_from_any_area_and_then_every_key_works_there(window, qtbot):
    from PySide6.QtCore import Qt

    window.open_new_demo()
    QApplication.processEvents()  # what the opening left for the event loop
    projector, day = window.services.projector, window.services.day
    agenda = window.show_area("agenda")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    agenda.setFocus()
    key(agenda, Qt.Key.Key_Space)  # not presenting, not the console: no timer starts
    assert day.timer.state.status is Status.IDLE
    key(agenda, Qt.Key.Key_F5)
    assert projector.presenting and projector.isVisible()
    window.activateWindow()  # the projector's window came up beside it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    key(agenda, Qt.Key.Key_Space)  # presenting: the clicker works from any area
    assert day.timer.state.status is Status.RUNNING
    key(agenda, Qt.Key.Key_PageDown)
    assert day.timer.index == 1
    desk = window.show_area("checkin").desk  # every key typed there is a scan
    left = day.timer.remaining()
    desk.check_in_button.setFocus()
    key(desk.check_in_button, Qt.Key.Key_Minus)
    assert desk.scan.text() == "-" and day.timer.remaining() > left - 30  # no minute less
    window.show_area("agenda")
    window.services.presenter.perform(Action.STOP_PRESENTING)
    assert not projector.isVisible()
    key(agenda, Qt.Key.Key_PageDown)  # no longer presenting: the key stays put
    assert day.timer.index == 1


def test_closing_the_workshop_stops_the_services_in_order(window, qtbot, monkeypatch):
    """Server, then projector, then timer, then file; the areas (views) stop nothing."""
    window.open_new_demo()
    for spec in AREAS:
        window.show_area(spec.key)
    services = window.services
    order: list[str] = []
    for name, owner, method in (
        ("server", services.phones, "stop_and_wait"),
        ("projector", services.projector, "close"),
        ("timer", services.day, "stop"),
        ("file", services.session, "close"),
    ):
        original = getattr(owner, method)
        monkeypatch.setattr(
            owner, method, lambda *a, o=original, n=name, **k: (order.append(n), o(*a, **k))[1]
        )
    window.close_workshop()
    assert order == ["server", "projector", "timer", "file"]
    assert services.doc.closed


def test_the_demo_opened_before_the_window_shows_says_so_without_overprinting(qtbot):
    """`labdesk --demo` opens the demo before its window shows: the status bar's message is
    not drawn over the area's own line."""
    window = MainWindow(start_page=False)
    qtbot.addWidget(window)
    assert window.open_new_demo()
    window.show()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("A fresh copy"))
    assert not window._status.isVisible()  # hidden while the message shows
    window.close_workshop()
