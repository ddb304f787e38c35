"""Agenda editor › Add item › Find an activity: the library searched by purpose as typed, the
chosen one added to the day; a shared template opened into the workshop and an own one shared
as a file; a bad file refused in a sentence, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from labdesk.core import activities, activity_files
from labdesk.gui import activity_picker
from labdesk.gui.activity_picker import ActivityPicker
from labdesk.gui.areas import agenda as agenda_area
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda

LIBRARY = activities.load_library(resource("activities"))


@pytest.fixture
def editor(qtbot, services):
    area = agenda_area.AreaWidget(services)
    qtbot.addWidget(area)
    area.resize(1200, 800)
    return area


def test_typing_a_purpose_lists_the_structures_for_it_and_adds_the_chosen(
    editor, qtbot, monkeypatch
) -> None:
    picker = ActivityPicker(editor.library, editor.doc, editor)
    qtbot.addWidget(picker)
    assert picker.results.count() == len(LIBRARY)  # nothing typed: every one, by title
    qtbot.keyClicks(picker.query, "help each other")
    shown = [picker.results.item(n).text() for n in range(picker.results.count())]
    assert any(t.startswith("Troika Consulting — ") for t in shown)
    assert all("help each other" in t.casefold() for t in shown)
    picker.query.setText("zzqx")
    assert picker.results.count() == 0 and "Nothing matches" in picker.details.text()
    picker.query.setText("icebreaker")
    assert picker.current().key == "impromptu-networking"
    assert "Source:" in picker.details.text()

    def run_it(self) -> int:  # the facilitator types and presses "Add to the agenda"
        self.query.setText("troika")
        self.accept()
        return 1

    monkeypatch.setattr(ActivityPicker, "exec", run_it)
    before = len(store_agenda.load(editor.doc))
    editor.find_activity()
    items = store_agenda.load(editor.doc)
    assert len(items) == before + 1 and any(i.title == "Troika Consulting" for i in items)


def test_a_template_is_shared_as_a_file_and_opened_in_another_workshop(
    editor, qtbot, tmp_path: Path, workshop_file
) -> None:
    troika = next(a for a in LIBRARY if a.key == "troika-consulting")
    mine = activities.Activity(
        **{**vars(troika), "key": "own-troika-nhs", "title": "Troika for ward teams", "own": True}
    )
    store_agenda.save_template(editor.doc, mine)
    picker = ActivityPicker(editor.library, editor.doc, editor)
    qtbot.addWidget(picker)
    picker.query.setText("ward teams")
    assert picker.current().title == "Troika for ward teams" and picker.share.isEnabled()
    written = picker.share_to(tmp_path / "troika-ward")
    assert written == tmp_path / f"troika-ward{activity_files.SHARE_SUFFIX}" and written.exists()
    elsewhere = ActivityPicker(LIBRARY, workshop_file, None)
    qtbot.addWidget(elsewhere)
    opened = elsewhere.open_file(written)
    assert opened is not None and opened.title == "Troika for ward teams" and opened.own
    assert [p.name for p in opened.phases] == [p.name for p in troika.phases]
    assert [a.title for a in store_agenda.load_templates(workshop_file)] == [opened.title]
    assert elsewhere.current().title == "Troika for ward teams"


def test_a_bad_file_is_refused_in_a_sentence_and_nothing_is_stored(
    editor, qtbot, tmp_path: Path, monkeypatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    bad = tmp_path / "not-a-template.labdesk-activity.json"
    bad.write_bytes(b'{"format": "labdesk-activity", "version": 1, "activity": <script>')
    picker = ActivityPicker(editor.library, editor.doc, editor)
    qtbot.addWidget(picker)
    assert picker.open_file(bad) is None
    assert len(said) == 1 and "\n" not in said[0] and bad.name in said[0]
    assert store_agenda.load_templates(editor.doc) == []
    # A library structure is not the facilitator's to share.
    picker.query.setText("troika")
    assert not picker.share.isEnabled() and picker.share_to(tmp_path / "x") is None
    assert activity_picker.describe(picker.current()).startswith("Troika Consulting — ")
