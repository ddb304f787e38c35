"""Migration 2 on a file made by the released schema (version 1): what it adds, and that the
day's data carries on, erasable and with its old badges."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from labdesk import personal_data
from labdesk.store import commitments, generated, migrations, open_workshop
from labdesk.store import retention as store_retention
from labdesk.store import workshop as store_workshop
from tests.old_files import version_1


def _version_1(path: Path, export: Path, day: str) -> None:
    con = version_1(path, day=day)
    con.execute(
        "INSERT INTO attendees (id, name, email, address, created_at) VALUES"
        " (1, 'Ada Lovelace', 'ada@example.org', '1 Analytical Row', '2025-04-01'),"
        " (2, 'Ben Okri', 'ben@example.org', '2 Famished Road', '2025-04-01')"
    )
    con.execute(
        "INSERT INTO commitments (attendee_id, action, name, source, match_status, created_at,"
        " updated_at) VALUES (1, 'Write it down', 'Ada', 'paper', 'matched', '2025-05-01', '2025-05-01'),"
        " (2, 'Tell the board', 'Ben', 'phone', 'matched', '2025-05-01', '2025-05-01')"
    )
    con.execute(
        "INSERT INTO settings (key, value) VALUES ('generated_files', ?)",
        (json.dumps([str(export)]),),
    )
    con.close()


def test_a_version_1_file_is_upgraded_and_carries_on(tmp_path):
    export = tmp_path / "people.csv"
    export.write_text("Name,Email\nAda Lovelace,ada@example.org\n", encoding="utf-8")
    path = tmp_path / "old.labdesk"
    _version_1(path, export, "2025-05-01")
    with open_workshop(path) as doc:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        # The files it remembered by path are kept, of no kind that can be made again.
        assert [(m.path, m.kind) for m in generated.load(doc)] == [(export, generated.LEGACY)]
        assert store_workshop.get_setting(doc, "generated_files") is None
        # Paper cards were chosen at the desk: confirmed; a phone's card waits for a tick.
        cards = {c.name: c for c in commitments.load_all(doc)}
        assert cards["Ada"].confirmed_by == "paper" and not cards["Ben"].confirmed
        # Its printed badges keep scanning; its retention date is 90 days from the upgrade
        # (the day's own 90 days had passed: nothing is purged the moment labdesk is updated).
        assert store_workshop.get_setting(doc, "old_badges") is True
        assert store_retention.retention_date(doc) == dt.date.today() + dt.timedelta(days=90)
        assert not store_retention.due(doc, dt.date.today())
        # An erasure finds the person in the file it remembered, by reading its text.
        outcome = personal_data.erase(doc, 1)
        assert outcome.ok and f"Files removed: {export}." in outcome.lines
        assert not export.exists()
        keys = doc.con.execute("SELECT kind, attendee_id FROM erased_keys").fetchall()
        assert [tuple(k) for k in keys] == [("email", 1)]


def test_a_new_file_has_no_old_badges_and_its_own_retention_date(workshop_file):
    assert store_workshop.get_setting(workshop_file, "old_badges") is False
    day = store_workshop.load(workshop_file).date
    expected = day + dt.timedelta(days=90)
    if expected <= dt.date.today():
        expected = dt.date.today() + dt.timedelta(days=90)
    assert store_retention.retention_date(workshop_file) == expected
    assert store_workshop.get_setting(workshop_file, "retention_date") == expected.isoformat()
