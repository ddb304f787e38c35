"""Unexpected errors: logged to the rotating log and shown in a plain dialog, never a silent exit."""

from __future__ import annotations

import logging
import logging.handlers

from PySide6.QtWidgets import QMessageBox

from labdesk.gui import errors


def test_unexpected_error_is_logged_and_explained(qtbot, monkeypatch, _isolated_data_dir):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0
    )
    errors.setup_logging()
    try:
        raise ValueError("the projector cable fell out")
    except ValueError as exc:
        errors._excepthook(ValueError, exc, exc.__traceback__)
    for handler in logging.getLogger("labdesk").handlers:
        handler.flush()
    text, detail = shown[0]
    assert "the projector cable fell out" in text
    assert "Nothing already saved was lost" in detail
    assert errors.log_path() in detail
    log = (_isolated_data_dir / "logs" / "labdesk.log").read_text(encoding="utf-8")
    assert "ValueError: the projector cable fell out" in log
    assert "Traceback" in log
    rotating = [
        h
        for h in logging.getLogger("labdesk").handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert [(h.maxBytes > 0, h.backupCount > 0) for h in rotating] == [(True, True)]
