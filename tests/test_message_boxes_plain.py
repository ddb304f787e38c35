"""Message boxes show file names, errors and attendee text as typed, never as Qt rich text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from labdesk.gui.main_window import MainWindow
from tests.test_xss_in_the_app import _might_be_rich, shown

MARKUP = "<b>x</b>.labdesk"


@pytest.fixture
def window(qtbot, qsettings_isolated):  # type: ignore[no-untyped-def]
    w = MainWindow()
    w.resize(1280, 800)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_workshop()


def _on_screen(label: QLabel) -> str:
    from PySide6.QtCore import Qt

    text, fmt = label.text(), label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and _might_be_rich(text))
    return shown(text, rich)


def _open_and_read_the_box(window: MainWindow, path: Path, picture: str) -> str:
    """Open path in the app, as a user would, and read the real warning box it shows."""
    seen: list[str] = []

    def read_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, read_box)
            return
        box.resize(700, 200)
        box.grab().save(picture)
        label = box.findChild(QLabel, "qt_msgbox_label")
        assert label is not None
        seen.append(_on_screen(label))
        box.done(0)

    QTimer.singleShot(0, read_box)
    assert not window.open_path(path)
    assert seen, "no message box was shown"
    return seen[0]


def test_a_file_named_with_markup_that_fails_to_open_shows_it_literally(
    window, tmp_path: Path
) -> None:
    # "<b>x</b>.labdesk": the slash makes "<b>x<" a folder, so the path holds those characters.
    folder = tmp_path / "<b>x<"
    folder.mkdir()
    missing = folder / "b>.labdesk"
    assert str(missing).endswith(MARKUP)
    text = _open_and_read_the_box(window, missing, str(tmp_path / "missing.png"))
    assert MARKUP in text and "does not exist" in text


def test_a_junk_file_named_with_markup_shows_its_name_literally(window, tmp_path: Path) -> None:
    junk = tmp_path / "<i>junk<i>.labdesk"
    junk.write_bytes(b"not a workshop")
    text = _open_and_read_the_box(window, junk, str(tmp_path / "junk.png"))
    assert text.startswith("<i>junk<i>.labdesk is not a labdesk workshop file")


def test_an_unexpected_error_with_markup_is_shown_literally(qtbot, monkeypatch) -> None:
    from labdesk.gui import errors

    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    monkeypatch.setattr(errors, "_last_shown", {})
    errors.show_unexpected(ValueError("<img src=x> in <b>bold</b>"))
    label = boxes[0].findChild(QLabel, "qt_msgbox_label")
    assert label is not None
    assert "<img src=x> in <b>bold</b>" in _on_screen(label)
