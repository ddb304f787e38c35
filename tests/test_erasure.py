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


def _every_file(*folders):  # type: ignore[no-untyped-def]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                yield path


def _mentions(path, needle: bytes) -> bool:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    data = path.read_bytes()
    texts = [data]
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(m) for m in archive.namelist()]
    return any(
        needle in t.lower() or needle.decode().encode("utf-16-le") in t.lower() for t in texts
    )


def test_after_erasure_the_email_is_in_no_file_labdesk_wrote(
    demo_file, tmp_path, _isolated_data_dir
):
    """GIVEN backups, uncheckpointed writes, and CSV and XLSX exports made with `labdesk export`,
    WHEN the person is erased (nothing else named), THEN their email is in no file in the
    workshop's folder or labdesk's data folder (WAL, -shm, lock, backups, logs, exports, inside
    the XLSX's compressed parts too), and the workshop and its backups are owner-only."""
    from labdesk.cli import main

    sian = _sian(demo_file)
    backup.rolling_backup(demo_file.con, demo_file.path)
    backup.backup_before_migration(demo_file.con, demo_file.path, 0)
    out = tmp_path / "exports"
    out.mkdir()
    for args in (
        ["-o", str(out / "people.csv")],
        ["-o", str(out / "people.xlsx")],
        ["-o", str(out / "cards.xlsx"), "--commitments"],
        ["-o", str(out / "feedback.csv"), "--feedback"],
    ):
        assert main(["export", str(demo_file.path), *args]) == 0
    store_postcards.mark_printed(demo_file, [c.id for c in store_postcards.load_all(demo_file)])
    folders = (tmp_path, _isolated_data_dir)
    holding = {p.name for p in _every_file(*folders) if _mentions(p, EMAIL)}
    assert {"people.csv", "people.xlsx", "cards.xlsx"} <= holding
    assert "demo.labdesk" in holding or "demo.labdesk-wal" in holding

    result = erasure.erase_person(demo_file, sian)

    assert [p for p in _every_file(*folders) if _mentions(p, EMAIL)] == []
    assert {p.name for p in result.files_removed} == {"people.csv", "people.xlsx", "cards.xlsx"}
    assert (out / "feedback.csv").exists()  # it never named them: kept
    for path in [demo_file.path, *backup.backups_folder(demo_file.path).iterdir()]:
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                assert os.stat(part).st_mode & 0o077 == 0, part
    assert os.stat(backup.backups_folder(demo_file.path)).st_mode & 0o077 == 0
    assert os.stat(demo_file.path.with_name("demo.labdesk.lock")).st_mode & 0o077 == 0
