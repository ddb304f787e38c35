"""The Qt binding must not wear away Python's None: PySide6 6.12.0 on Python 3.11 drops one
reference to None on every call of a method that returns nothing (setText, setEnabled, …), so an
app that runs for a day aborts with "Fatal Python error: none_dealloc" (a live refresh of the
Feedback area cost ~60 references, and a process starts with ~10,000)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QPushButton


def test_calls_that_return_nothing_keep_none_alive(qtbot) -> None:
    label, button = QLabel(), QPushButton("Start")
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for n in range(5000):
        label.setText(str(n))
        button.setEnabled(n % 2 == 0)
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 10,000 calls: pin another PySide6"
