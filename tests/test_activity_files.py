"""Sharing a facilitator's own template as a file: it comes back whole on another laptop, in the
other workshop's own templates; a bad file gets one plain sentence and nothing is saved."""

from __future__ import annotations

import json
import os

import pytest

from labdesk.core import activities
from labdesk.core.activities import Grouping, TemplateError
from labdesk.core.activity_files import (
    MAX_SHARE_BYTES,
    SHARE_SUFFIX,
    export_text,
    import_text,
    read_shared,
    share_file_name,
    write_shared,
)
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda

LIBRARY = {a.key: a for a in activities.load_library(resource("activities"))}


def _own_troika() -> activities.Activity:
    troika = LIBRARY["troika-consulting"]
    item = activities.to_item(troika)
    item.phases[4].duration_s = 240
    item.phases[4].warn_s = 60
    return activities.from_item(item, "own-troika-ward-7", "Troika for Ward 7 (Siân)", base=troika)


def test_a_shared_template_arrives_whole_in_another_workshop(tmp_path, workshop_file) -> None:
    mine = _own_troika()
    path = write_shared(mine, tmp_path / share_file_name(mine))
    assert path.name == "troika-for-ward-7-sian" + SHARE_SUFFIX
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "labdesk-activity"
    # On the colleague's laptop, into their workshop, beside a template of theirs with that key.
    theirs = activities.Activity("own-troika-ward-7", "Their own Troika", own=True)
    store_agenda.save_template(workshop_file, theirs)
    taken = {t.key for t in store_agenda.load_templates(workshop_file)}
    arrived = read_shared(path, taken=taken)
    assert arrived.key == "own-troika-ward-7-2" and arrived.own
    assert arrived.grouping is Grouping.SAME_GROUP_ROLES_ROTATE
    assert arrived.phases[4].duration_s == 240 and arrived.phases[4].warn_s == 60
    assert arrived.title == "Troika for Ward 7 (Siân)"
    store_agenda.save_template(workshop_file, arrived)
    saved = {t.key: t for t in store_agenda.load_templates(workshop_file)}
    assert saved["own-troika-ward-7-2"] == arrived
    assert saved["own-troika-ward-7"].title == "Their own Troika"  # theirs is untouched


def test_a_library_template_shared_becomes_the_receivers_own() -> None:
    arrived = import_text(export_text(LIBRARY["wise-crowds"]), taken=LIBRARY)
    assert arrived.key == "own-wise-crowds" and arrived.own
    assert arrived.phases == LIBRARY["wise-crowds"].phases


def test_a_name_without_an_ending_gets_one_and_a_workshop_file_is_never_written(tmp_path) -> None:
    mine = _own_troika()
    assert write_shared(mine, tmp_path / "for Ana").name == "for Ana" + SHARE_SUFFIX
    day = tmp_path / "day.labdesk"
    day.write_bytes(b"SQLite format 3\x00 precious")
    with pytest.raises(TemplateError, match=r"day\.labdesk is a workshop file; choose another"):
        write_shared(mine, day)
    assert day.read_bytes() == b"SQLite format 3\x00 precious"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not a labdesk activity file (not text)."),
        (b"SQLite format 3\x00\x10\x00", "is a workshop file, not an activity file."),
        (b"{\n  \"title\": \"A\",\n  oops\n}", "it is not JSON (line 3)."),
        (b"[" * 50_000 + b"]" * 50_000, "it is not JSON"),
        (b'{"format": "mural-board", "activity": {}}', "is not a labdesk activity file."),
        (b'{"format": "labdesk-activity", "version": 7, "activity": {}}', "made by a newer labdesk"),
        (b'{"format": "labdesk-activity", "version": "1"}', "version must be a whole number"),
        (b'{"name": "Just some JSON"}', "is not a labdesk activity file."),
        (b'{"title": "Pairs", "phases": [{"name": "Talk", "duration_s": -5}]}',
         "phases[0].duration_s must be from 0 to 28800 (it is -5)"),
        (b'{"title": "X", "grouping": "teams"}', "grouping is 'teams'; it must be one of"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_one_plain_sentence(tmp_path, content, message) -> None:
    path = tmp_path / ("from Tomasz" + SHARE_SUFFIX)
    path.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        read_shared(path)
    text = str(caught.value)
    assert text.startswith("from Tomasz.labdesk-activity.json")
    assert message in text and "\n" not in text and "Traceback" not in text


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / ("huge" + SHARE_SUFFIX)
    path.write_bytes(b" " * (MAX_SHARE_BYTES + 1))
    opened = []
    monkeypatch.setattr(type(path), "open", lambda self, *a, **k: opened.append(self))
    with pytest.raises(TemplateError, match=r"is 256 KB; an activity file is at most 256 KB\."):
        read_shared(path)
    assert opened == []
    with pytest.raises(TemplateError, match="at most 256 KB"):
        import_text(b" " * (MAX_SHARE_BYTES + 1), name="Pasted text")


def test_a_workshop_file_or_a_folder_is_never_opened(tmp_path, workshop_file, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(type(workshop_file.path), "open", lambda self, *a, **k: opened.append(1))
    for path in (workshop_file.path, workshop_file.path.with_name("test.labdesk-wal")):
        with pytest.raises(TemplateError, match="is a workshop file, not an activity file"):
            read_shared(path)
    monkeypatch.undo()
    with pytest.raises(TemplateError, match="is not a file"):
        read_shared(tmp_path)
    with pytest.raises(TemplateError, match="cannot be read"):
        read_shared(tmp_path / ("gone" + SHARE_SUFFIX))
    assert opened == []


def test_a_named_pipe_does_not_hang_the_import(tmp_path) -> None:
    pipe = tmp_path / ("pipe" + SHARE_SUFFIX)
    os.mkfifo(pipe)
    with pytest.raises(TemplateError, match="is not a file"):
        read_shared(pipe)
