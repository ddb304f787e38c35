"""Load Qt Designer forms from ui/ at run time (the same in a checkout, a wheel and a bundle)."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtWidgets import QWidget

from labdesk.paths import ui_file


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget described by ui/<name>; its children are found with findChild."""
    from PySide6.QtUiTools import QUiLoader

    path = ui_file(name)
    handle = QFile(str(path))
    if not handle.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot read {path}")
    try:
        widget = QUiLoader().load(handle, parent)
    finally:
        handle.close()
    if widget is None:
        raise RuntimeError(f"cannot build the form {path}")
    return widget
