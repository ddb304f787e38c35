"""The desk as a volunteer uses it: scanner keystrokes, search, walk-ins, undo, camera frames."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from labdesk.core.checkin import ScanKind, Tone
from labdesk.gui.areas.checkin import AreaWidget, CheckinDesk, WalkInDialog
from labdesk.gui.session import WorkshopSession
from labdesk.store import attendees, checkins


@pytest.fixture
def desk(qtbot, demo_file):  # type: ignore[no-untyped-def]
    session = WorkshopSession(demo_file)
    opened: list[Path] = []
    widget = CheckinDesk(session, desk_name="Test desk", open_pdf=opened.append)
    widget.opened = opened  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.loaded)  # its reader has read everyone
    yield widget
    widget._refresh_timer.stop()
    session.close()


def _not_in(desk: CheckinDesk, n: int = 1) -> list:  # type: ignore[type-arg]
    arrived = checkins.checked_in_at(desk.session.doc)
    return [
        a
        for a in attendees.load_all(desk.session.doc)
        if a.status == "attending" and a.id not in arrived
    ][:n]


def test_scanner_keystrokes_and_enter_check_in_with_green_words_and_shape(qtbot, desk) -> None:
    person = _not_in(desk)[0]
    code = desk.scanner.badge_code(person.id)
    assert desk.scan.hasFocus()
    qtbot.keyClicks(desk.scan, code)
    qtbot.keyClick(desk.scan, Qt.Key.Key_Return)
    assert desk.result.outcome.kind is ScanKind.CHECKED_IN
    assert desk.result.headline.text() == "CHECKED IN"
    assert desk.result.name.text() == person.name
    assert desk.result.shape.tone is Tone.GO and desk.result.shape.accessibleName() == "tick"
    assert desk.sounds.last is Tone.GO
    assert desk.scan.text() == ""
    assert checkins.get(desk.session.doc, person.id) is not None
    qtbot.keyClicks(desk.scan, code)
    qtbot.keyClick(desk.scan, Qt.Key.Key_Return)
    assert desk.result.headline.text().startswith("ALREADY CHECKED IN AT ")
    assert desk.result.shape.accessibleName() == "warning"


def test_quick_successive_scans_with_tab_never_run_together(qtbot, desk) -> None:
    people = _not_in(desk, 3)
    for person in people:
        qtbot.keyClicks(desk.scan, desk.scanner.badge_code(person.id))
        qtbot.keyClick(desk.scan, Qt.Key.Key_Tab)
        assert desk.scan.hasFocus()  # Tab ended the code; focus stayed for the next one
    for person in people:
        assert checkins.get(desk.session.doc, person.id) is not None


def test_codes_without_enter_between_them_are_still_taken_one_by_one(desk) -> None:
    a, b = _not_in(desk, 2)
    outcome = desk.handle_scan(desk.scanner.badge_code(a.id) + desk.scanner.badge_code(b.id))
    assert outcome.kind is ScanKind.CHECKED_IN
    assert checkins.get(desk.session.doc, a.id) and checkins.get(desk.session.doc, b.id)


def test_a_scanner_without_enter_is_submitted_after_a_pause(qtbot, desk) -> None:
    person = _not_in(desk)[0]
    qtbot.keyClicks(desk.scan, desk.scanner.badge_code(person.id))  # no Enter, no Tab
    qtbot.waitUntil(lambda: desk.scan.text() == "", timeout=2000)
    assert checkins.get(desk.session.doc, person.id) is not None


def test_red_for_unknown_forged_and_other_workshop(qtbot, desk) -> None:
    from labdesk.core import badges

    before = checkins.count(desk.session.doc)
    other = badges.make_code(b"x" * 32, "QQQQ", 4)
    for text, words in ((other, "BADGE FOR ANOTHER WORKSHOP"), ("hello there", "UNKNOWN CODE")):
        qtbot.keyClicks(desk.scan, text)
        qtbot.keyClick(desk.scan, Qt.Key.Key_Return)
        assert desk.result.headline.text() == words
        assert desk.result.shape.accessibleName() == "stop"
        assert desk.sounds.last is Tone.STOP
    assert checkins.count(desk.session.doc) == before


def test_a_scan_landing_in_the_search_field_is_still_a_scan(qtbot, desk) -> None:
    person = _not_in(desk)[0]
    desk.search.setFocus()
    qtbot.keyClicks(desk.search, desk.scanner.badge_code(person.id))
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert desk.result.outcome.kind is ScanKind.CHECKED_IN
    assert desk.search.text() == ""


def test_keys_typed_while_a_table_has_focus_go_to_the_scan_field(qtbot, desk) -> None:
    person = _not_in(desk)[0]
    desk.waiting_view.setFocus()
    qtbot.keyClicks(desk.waiting_view, desk.scanner.badge_code(person.id))
    qtbot.keyClick(desk.scan, Qt.Key.Key_Return)
    assert checkins.get(desk.session.doc, person.id) is not None


def test_search_with_typos_and_accents_then_check_in(qtbot, desk) -> None:
    doc = desk.session.doc
    sian = next(a for a in attendees.load_all(doc) if a.name == "Siân Jones")
    checkins.undo(doc, sian.id)
    qtbot.waitUntil(lambda: sian.id not in desk._arrived)
    typing = iter(range(0, 100_000, 180))  # a person: 180 ms between keys
    desk.search.clock = lambda: float(next(typing))
    desk.search.setFocus()
    qtbot.keyClicks(desk.search, "sian jnoes")
    assert desk.results.rows[0][0].name == "Siân Jones"
    assert desk.results.rows[0][1] == "Not yet"
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert desk.result.outcome.kind is ScanKind.CHECKED_IN
    assert checkins.get(doc, sian.id).method == "search"
    assert desk.scan.hasFocus()


def test_undo_last_check_in(qtbot, desk) -> None:
    person = _not_in(desk)[0]
    desk.handle_scan(desk.scanner.badge_code(person.id))
    assert desk.undo.isEnabled() and person.name in desk.undo.text()
    qtbot.mouseClick(desk.undo, Qt.MouseButton.LeftButton)
    assert checkins.get(desk.session.doc, person.id) is None
    assert desk.result.headline.text() == "CHECK-IN UNDONE"
    assert not desk.undo.isEnabled()


def test_walk_in_added_checked_in_and_badge_printed(qtbot, desk, monkeypatch) -> None:
    before = desk.figure.text()
    dialog = WalkInDialog(desk)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Nia Walker")
    qtbot.keyClicks(dialog.organisation, "Mind")
    qtbot.keyClicks(dialog.access, "Step-free access")
    monkeypatch.setattr(dialog, "exec", lambda: (dialog._accept(), int(dialog.result()))[1])
    person = desk.add_walk_in(dialog=dialog)
    assert person is not None and person.id is not None
    assert checkins.get(desk.session.doc, person.id).method == "walk-in"
    assert desk.result.name.text() == "Nia Walker"
    assert desk.result.access.text() == "Access needs: Step-free access"
    qtbot.waitUntil(lambda: len(desk.opened) == 1, timeout=30_000)  # laid out on a worker
    assert desk.opened[0].read_bytes().startswith(b"%PDF")
    qtbot.waitUntil(lambda: desk.figure.text() != before)  # counts catch up just after


def test_walk_in_needs_a_name(qtbot, desk) -> None:
    dialog = WalkInDialog(desk)
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result() == 0 and "name" in dialog.problem.text()


def test_counts_by_organisation_and_not_yet_arrived(qtbot, desk) -> None:
    people = [a for a in attendees.load_all(desk.session.doc) if a.status == "attending"]
    inside = len(checkins.checked_in_at(desk.session.doc))
    assert desk.figure.text().startswith(f"{inside} of {len(people)} in")
    assert len(desk.waiting.rows) == len(people) - inside
    assert sum(r[2] for r in desk.orgs.rows) == len(people)
    assert sum(r[1] for r in desk.orgs.rows) == inside


def test_attendee_text_is_never_rich_text(qtbot, desk) -> None:
    from labdesk.core.model import Attendee

    evil = attendees.add(
        desk.session.doc, Attendee(name="<b>Bold</b><img src=x>", organisation="<i>x")
    )
    desk.handle_scan(desk.scanner.badge_code(evil.id))
    assert desk.result.name.textFormat() == Qt.TextFormat.PlainText
    assert desk.result.name.text() == "<b>Bold</b><img src=x>"


def test_area_opens_the_desk_in_its_own_window(qtbot, services) -> None:
    area = AreaWidget(services)
    qtbot.addWidget(area)
    window = area.open_window()
    qtbot.waitExposed(window)
    assert window.isWindow() and window.desk.scan.hasFocus() in (True, False)
    person = _not_in(area.desk)[0]
    window.desk.handle_scan(window.desk.scanner.badge_code(person.id))
    qtbot.waitUntil(lambda: "in" in area.desk.figure.text())
    assert area.desk.figure.text() == window.desk.figure.text()
    window.close()


def test_camera_frames_are_decoded_and_repeats_ignored(qtbot) -> None:
    from labdesk.core.qr import qr_png
    from labdesk.gui.camera import CameraScanner, decode_image

    now = [100.0]
    camera = CameraScanner(clock=lambda: now[0], cameras=lambda: [])
    qtbot.addWidget(camera)
    image = QImage.fromData(qr_png("ABCDEFGHJKLMNPRSTUVWX3"))
    assert decode_image(image) == ["ABCDEFGHJKLMNPRSTUVWX3"]
    assert decode_image(QImage(64, 64, QImage.Format.Format_RGB32)) == []
    with qtbot.waitSignal(camera.scanned) as signal:
        assert camera.feed_frame(image) == ["ABCDEFGHJKLMNPRSTUVWX3"]
    assert signal.args == ["ABCDEFGHJKLMNPRSTUVWX3"]
    now[0] += 0.5
    assert camera.feed_frame(image) == []  # still held up: counted once
    now[0] += 5
    assert camera.feed_frame(image) == ["ABCDEFGHJKLMNPRSTUVWX3"]
    assert not camera.start()
    assert camera.message.text().startswith("No camera found")


def test_sounds_are_real_wav_files() -> None:
    from labdesk.gui.sounds import wav_bytes

    for tone in Tone:
        with wave.open(io.BytesIO(wav_bytes(tone))) as wav:
            assert wav.getnchannels() == 1 and wav.getframerate() == 22050
            assert 0.1 < wav.getnframes() / wav.getframerate() < 1.0
    assert wav_bytes(Tone.GO) != wav_bytes(Tone.STOP)


def test_fast_typing_with_spaces_stays_a_search(qtbot, desk) -> None:
    qtbot.keyClicks(desk.search, "sian jones")  # as fast as a scanner, but a name
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert desk.result.outcome is not None
    assert desk.result.outcome.kind in (ScanKind.CHECKED_IN, ScanKind.ALREADY_IN)
    assert desk.result.name.text() == "Siân Jones"


def test_desk_windows_close_with_the_workshop(qtbot, services) -> None:
    area = AreaWidget(services)
    window = area.open_window()
    assert window.parent() is area and window.isWindow()
    with qtbot.waitSignal(window.destroyed):
        area.deleteLater()
