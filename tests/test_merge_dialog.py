"""File › Merge Another Site…: the preview read off the GUI thread, every doubtful pair decided
before Merge, the merge itself off the GUI thread beside the app's own hold on the file, and the
areas told at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from labdesk.gui.merge_dialog import APART, SAME, MergeDialog
from labdesk.store import open_workshop, sites
from labdesk.store.changes import Topic
from tests import two_sites


@pytest.fixture
def london_held(tmp_path: Path):  # type: ignore[no-untyped-def]
    london, manchester = two_sites.make(tmp_path)
    doc = open_workshop(london)  # held with the lock, as the app holds it
    yield doc, manchester
    doc.close(take_backup=False)


def test_the_dialog_previews_waits_for_every_pair_then_merges(qtbot, london_held) -> None:
    doc, manchester = london_held
    heard: list[Topic] = []
    doc.subscribe(heard.append)
    dialog = MergeDialog(doc, manchester)
    qtbot.addWidget(dialog)
    dialog.resize(1280, 800)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert dialog.heading.text() == "Merge Manchester into London"
    assert "People at Manchester: 50: 24 the same as someone here, 20 new, 3 to decide" in (
        dialog.summary.text()
    )
    assert dialog.pairs.rowCount() == 3 and dialog.people.rowCount() == 50
    assert not dialog.merge_button.isEnabled()
    for step, choice in dialog.choices:
        choice.setCurrentText(SAME if step.there in (two_sites.CHIDI, two_sites.HANNAH) else APART)
        # Merge waits until the last pair is decided.
        assert dialog.merge_button.isEnabled() == (step is dialog.choices[-1][0])
    assert dialog.decisions() == {(11, 11): True, (12, 12): True, (13, 13): False}
    qtbot.mouseClick(dialog.merge_button, qtbot_button())
    qtbot.waitUntil(lambda: dialog.merge_button.isHidden(), timeout=30000)
    assert dialog.heading.text() == "Merged Manchester into London"
    assert "22 people added, 26 matched, 41 check-ins" in dialog.summary.text()
    assert {Topic.ATTENDEES, Topic.CHECKINS, Topic.FEEDBACK, Topic.COMMITMENTS} <= set(heard)
    people = doc.con.execute("SELECT count(*) FROM attendees").fetchone()[0]
    assert people == two_sites.PEOPLE
    at = {s.place: sites.tally(doc, s) for s in sites.every(doc)}
    assert at["Manchester"].arrived == two_sites.MANCHESTER["arrived"]
    assert at["London"].feedback == two_sites.LONDON["feedback"]
    close = dialog.findChild(QDialogButtonBox).buttons()
    assert [b.text() for b in close if b.isVisible()] == ["Close"]


def test_a_file_that_cannot_be_merged_says_why_and_merges_nothing(
    qtbot, london_held, tmp_path: Path
) -> None:
    doc, _ = london_held
    notes = tmp_path / "notes.labdesk"
    notes.write_text("just notes", encoding="utf-8")
    for other, says in ((notes, "is not a labdesk workshop file"), (doc.path, "into itself")):
        dialog = MergeDialog(doc, other)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda d=dialog: d.state.text().startswith("Cannot merge"), timeout=20000)
        assert says in dialog.state.text()
        assert not dialog.merge_button.isEnabled()
    assert doc.con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60


def test_the_file_menu_offers_it_once_a_workshop_is_open(
    qtbot, qsettings_isolated, tmp_path, monkeypatch
):
    from labdesk.gui import merge_dialog
    from labdesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    london, _ = two_sites.make(tmp_path)
    opened: list[Path] = []
    monkeypatch.setattr(
        merge_dialog.MergeDialog, "exec", lambda self: opened.append(self.doc.path) or 0
    )
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Merge Another Site…" in [a.text() for a in file_menu.actions()]
    assert window.open_path(london)
    window.act_merge.trigger()
    assert opened == [london]
    window.close_workshop()


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
