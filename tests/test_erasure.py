"""A person's data: exported on request, and once erased, found nowhere (file, WAL, backups)."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from labdesk.store import WorkshopFileError, backup, erasure
from labdesk.store import attendees as store_attendees
from labdesk.store import postcards as store_postcards

EMAIL = b"sian.jones@example.org"


def _everywhere(doc) -> dict[str, bytes]:
    files = {"file": doc.path, "wal": doc.path.with_name(doc.path.name + "-wal")}
    for n, copy in enumerate(backup.backups_folder(doc.path).iterdir()):
        files[f"backup {n} {copy.name}"] = copy
    return {name: p.read_bytes().lower() for name, p in files.items() if p.exists()}


def _sian(doc) -> int:
    return next(a.id for a in store_attendees.load_all(doc) if a.name == "Siân Jones")


def test_export_holds_everything_about_the_person(demo_file):
    data = json.loads(erasure.export_json(demo_file, _sian(demo_file)))
    assert data["attendee"]["email"] == "sian.jones@example.org"
    assert data["attendee"]["name"] == "Siân Jones"
    assert data["check_in"] is not None
    assert [c["action"] for c in data["commitment_cards"]] == [
        "Set up a lunchtime feedback session with our clinicians"
    ]
    assert "submission_key" not in data["commitment_cards"][0]


def test_after_erasure_the_email_is_nowhere_in_file_wal_or_backups(demo_file, tmp_path):
    # GIVEN a workshop with the person in it, backups taken, and uncheckpointed writes in the WAL
    sian = _sian(demo_file)
    cards_before = len(store_postcards.load_all(demo_file))
    backup.rolling_backup(demo_file.con, demo_file.path)
    backup.rolling_backup(demo_file.con, demo_file.path)
    backup.backup_before_migration(demo_file.con, demo_file.path, 0)
    store_postcards.mark_printed(demo_file, [c.id for c in store_postcards.load_all(demo_file)])
    assert any(EMAIL in data for data in _everywhere(demo_file).values())
    mailing = tmp_path / "mailing.csv"
    mailing.write_text("name,email\nSiân Jones,Sian.Jones@example.org\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("name\nZoë Nowak\n", encoding="utf-8")
    # WHEN they are erased
    result = erasure.erase_person(demo_file, sian, generated=[mailing, other])
    # THEN their email is found nowhere
    assert result.file_clean
    assert len(result.backups_rewritten) + len(result.backups_removed) == 3
    for name, data in _everywhere(demo_file).items():
        assert EMAIL not in data, name
        assert "siân jones".encode() not in data, name
    assert not mailing.exists() and other.exists()
    assert result.files_removed == [mailing]
    # AND the rest of the day is intact: counts, other people, other cards
    assert store_attendees.count(demo_file) == 59
    assert len(store_postcards.load_all(demo_file)) == cards_before - 1  # only Siân's card
    assert erasure.erased_on(demo_file, sian) is not None
    # AND the rewritten backups are still good workshop files, owner-only
    for copy in result.backups_rewritten:
        con = sqlite3.connect(copy)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60
        con.close()
        assert os.stat(copy).st_mode & 0o077 == 0


def test_erasing_someone_unknown_says_so(demo_file):
    with pytest.raises(WorkshopFileError, match="no attendee number 9999"):
        erasure.erase_person(demo_file, 9999)
