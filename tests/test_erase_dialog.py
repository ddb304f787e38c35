"""Erasing from the app: the dialog shows what will change and the comments naming the person,
erases off the GUI thread with the redactions ticked, and leaves nothing behind, log included."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt

from labdesk.core.model import FeedbackResponse
from labdesk.gui.areas import postcards as area
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import backup
from labdesk.store import feedback as store_feedback
from labdesk.store.changes import Topic
from tests.traces import look

NEEDLES = ["Siân Jones", "sian.jones@example.org", "68 Placeholder Close", "991499755604016233011"]


def _dialog_for_sian(qtbot, services):  # type: ignore[no-untyped-def]
    """The Postcards area on the services' file, and its erase dialog for Siân Jones (not yet
    shown)."""
    widget = area.AreaWidget(services)
    qtbot.addWidget(widget)
    sian = next(a for a in store_attendees.load_all(services.doc) if a.name == "Siân Jones")
    dialog = widget.erase_dialog(sian)
    qtbot.addWidget(dialog)
    return dialog


def test_the_dialog_erases_with_the_redactions_ticked_and_nothing_is_left(
    qtbot, demo_file, services, tmp_path, _isolated_data_dir, monkeypatch
):
    from labdesk.gui import errors

    errors.setup_logging()  # as the app does: the log is one more place to look
    backup.rolling_backup(demo_file.con, demo_file.path)
    item = next(i.id for i in store_agenda.load(demo_file) if i.title.startswith("Session 3"))
    with demo_file.transaction(Topic.FEEDBACK) as con:
        for n, words in enumerate(
            ["Siân Jones made it click", "Ask SIAN.JONES@example.org for the slides"]
        ):
            store_feedback.write(con, FeedbackResponse(item, 5, change=words), f"fb:named{n}")
    dialog = _dialog_for_sian(qtbot, services)
    dialog.resize(1280, 800)
    assert dialog.heading.text() == "Erase Siân Jones · Mind · sian.jones@example.org"
    assert "Backups: 1 backup would be rewritten." in dialog.what.toPlainText()
    assert dialog.mentions.rowCount() == 2 and dialog.mentions.isVisibleTo(dialog)
    dialog.mentions.setCurrentCell(0, 1)
    assert dialog.written.toPlainText() == "Siân Jones made it click"
    assert dialog.redacted.toPlainText() == "[removed] made it click"
    dialog.redacted.setPlainText("Our colleague made it click")  # the organiser's own words
    dialog.mentions.item(1, 0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.erased, timeout=60000) as done:
        dialog.erase_now()
        assert not dialog.erase_button.isEnabled()  # the window stays live meanwhile
    outcome = done.args[0]
    assert outcome.ok, outcome.problems
    assert "2 comments redacted" in outcome.lines[0]
    changes = {r.change for r in store_feedback.load_all(demo_file)}
    assert {"Our colleague made it click", "Ask [removed] for the slides"} <= changes
    assert dialog.close_button.text() == "Close"
    for handler in logging.getLogger("labdesk").handlers:
        handler.flush()
    found, looked = look(NEEDLES, demo_file.path.parent, _isolated_data_dir)
    assert found == {}
    assert "labdesk.log" in {Path(p).name for p in looked}


def test_unticked_comments_stay_as_written(qtbot, demo_file, services):
    item = next(i.id for i in store_agenda.load(demo_file) if i.title.startswith("Session 3"))
    store_feedback.upsert(demo_file, FeedbackResponse(item, 4, worked="Thanks, Siân Jones"), "k")
    dialog = _dialog_for_sian(qtbot, services)
    dialog.mentions.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.redactions() == {}
    with qtbot.waitSignal(dialog.erased, timeout=60000) as done:
        dialog.erase_now()
    assert "Comments that name them, left as they are: 1" in done.args[0].text()
    assert "Thanks, Siân Jones" in {r.worked for r in store_feedback.load_all(demo_file)}
