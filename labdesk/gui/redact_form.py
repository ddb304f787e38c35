"""The form of a Redact… dialog (Feedback › Redact…, and a poll's answer or question in the Polls
panel): the words as they are, to edit so that they read differently from now on (a name taken
out), and Save or Cancel. The caller saves on `accepted`, through labdesk.personal_data."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)


def redact_form(
    parent: QWidget, title: str, fields: Sequence[tuple[str, str, str]], height: int = 70
) -> tuple[QDialog, dict[str, QPlainTextEdit]]:
    """A dialog titled title with an edit for each (key, label, text) of fields (no label: the
    edit alone), each named key; returns it and its edits by key."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    hint = QLabel("Change the words as they are to read from now on.")
    hint.setTextFormat(Qt.TextFormat.PlainText)
    hint.setWordWrap(True)
    form.addRow(hint)
    edits: dict[str, QPlainTextEdit] = {}
    for key, label, text in fields:
        edit = QPlainTextEdit(text)
        edit.setObjectName(key)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        edits[key] = edit
        if label:
            caption = QLabel(label)
            caption.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(caption, edit)
        else:
            form.addRow(edit)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return dialog, edits
