"""The workshop file: creation, pragmas, permissions, the instance lock, migrations, bad files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from labdesk.core.model import Attendee
from labdesk.store import WorkshopFileError, backup, create, migrations, open_workshop
from labdesk.store import attendees as store_attendees
from labdesk.store.changes import Topic
from labdesk.store.summary import summary
from tests.old_files import released_v1


def test_new_file_is_wal_full_sync_and_owner_only(workshop_file):
    con = workshop_file.con
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    mode = stat.S_IMODE(os.stat(workshop_file.path).st_mode)
    assert mode & 0o077 == 0, oct(mode)


def test_every_change_is_on_disk_at_once(workshop_file):
    store_attendees.add(workshop_file, Attendee(name="Siân Jones", email="sian@example.org"))
    # A second connection (another process would see the same) reads it without any save step.
    other = sqlite3.connect(workshop_file.path)
    assert other.execute("SELECT name FROM attendees").fetchall() == [("Siân Jones",)]
    other.close()


def test_second_holder_is_refused_with_a_clear_message(workshop_file):
    with pytest.raises(WorkshopFileError, match="already open in another labdesk"):
        open_workshop(workshop_file.path)
    # Batch commands still read beside the holder.
    with open_workshop(workshop_file.path, lock=False) as batch:
        assert summary(batch, full_check=False)["title"] == "Test workshop"
        batch.close(take_backup=False)


def test_lock_is_released_on_close_and_after_a_crash(tmp_path):
    path = tmp_path / "w.labdesk"
    create(path, "W", dt.date(2026, 1, 1)).close(take_backup=False)
    # A crashed holder: a child process takes the lock and is killed without closing.
    import subprocess
    import sys

    code = (
        "import os, signal, sys; from labdesk.store import open_workshop;"
        f"d = open_workshop({str(path)!r}); print('held', flush=True);"
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "held" in child.stdout
    assert (tmp_path / "w.labdesk.lock").exists()  # the stale lock file is left behind...
    doc = open_workshop(path)  # ...and recovered
    doc.close(take_backup=False)


def test_not_a_workshop_files_are_refused_and_left_unchanged(tmp_path):
    text = tmp_path / "notes.labdesk"
    text.write_text("shopping list\n")
    other_db = tmp_path / "other.labdesk"
    con = sqlite3.connect(other_db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    for path, words in ((text, "not a labdesk workshop"), (other_db, "not a labdesk workshop")):
        before = path.read_bytes()
        with pytest.raises(WorkshopFileError, match=words):
            open_workshop(path)
        assert path.read_bytes() == before
    with pytest.raises(WorkshopFileError, match="does not exist"):
        open_workshop(tmp_path / "missing.labdesk")
    with pytest.raises(WorkshopFileError, match="folder"):
        open_workshop(tmp_path)


def test_truncated_and_corrupted_files_are_refused(workshop_file, tmp_path):
    store_attendees.add(workshop_file, Attendee(name="Zoë Nowak"))
    workshop_file.close(take_backup=False)
    data = workshop_file.path.read_bytes()
    truncated = tmp_path / "truncated.labdesk"
    truncated.write_bytes(data[:50])
    with pytest.raises(WorkshopFileError, match="truncated"):
        open_workshop(truncated)
    corrupted = tmp_path / "corrupted.labdesk"
    mangled = bytearray(data)
    for offset in range(4096 + 200, min(len(mangled), 4 * 4096), 7):
        mangled[offset] ^= 0xFF
    corrupted.write_bytes(bytes(mangled))
    with pytest.raises(WorkshopFileError, match=r"damaged|not a labdesk"):
        open_workshop(corrupted)
    assert corrupted.read_bytes() == bytes(mangled)


def test_file_from_a_newer_labdesk_is_refused_unchanged(workshop_file):
    path = workshop_file.path
    workshop_file.close(take_backup=False)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(WorkshopFileError, match="newer labdesk"):
        open_workshop(path)
    assert path.read_bytes() == before


def test_read_only_location_gets_a_clear_message(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    path = folder / "w.labdesk"
    create(path, "W", dt.date(2026, 1, 1)).close(take_backup=False)
    (folder / "w.labdesk.lock").unlink()
    os.chmod(path, 0o400)
    os.chmod(folder, 0o500)
    try:
        real_access = os.access
        if os.geteuid() == 0:  # root ignores permission bits: make os.access tell the truth
            os.access = lambda p, m, **kw: False if m == os.W_OK else real_access(p, m, **kw)  # type: ignore[assignment]
        try:
            with pytest.raises(WorkshopFileError, match=r"read-only|cannot be written"):
                open_workshop(path)
        finally:
            os.access = real_access  # type: ignore[assignment]
    finally:
        os.chmod(folder, 0o700)
        os.chmod(path, 0o600)


def test_creating_where_the_file_exists_is_refused(workshop_file):
    with pytest.raises(WorkshopFileError, match="already exists"):
        create(workshop_file.path, "Again", dt.date(2026, 1, 1))


def test_failed_write_changes_nothing(workshop_file):
    store_attendees.add(workshop_file, Attendee(name="Llŷr Evans"))
    with pytest.raises(sqlite3.IntegrityError), workshop_file.transaction(Topic.ATTENDEES) as con:
        con.execute("UPDATE attendees SET name = 'changed'")
        con.execute("INSERT INTO check_ins (attendee_id, at) VALUES (9999, 'x')")  # FK fails
    assert [a.name for a in store_attendees.load_all(workshop_file)] == ["Llŷr Evans"]


def _file_at_version(path: Path, version: int) -> None:
    """A file as a labdesk of that version left it: the released version 1 (stored, never made
    by today's _v1) and the steps after it, with a workshop and one attendee in it."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    if version >= 1:
        released_v1(con)
        migrations.migrate(con, target=version)
        con.execute(
            "INSERT INTO workshop (id, title, date, code, secret, web_token, created_at)"
            " VALUES (1, 'Old', '2025-01-01', 'ACDE', '00', 'tok', '2025-01-01')"
        )
        con.execute(
            "INSERT INTO attendees (name, sort_name, created_at)"
            " VALUES ('Ann Lee', 'lee ann', '2025-01-01')"
        )
    con.close()


def _schema(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    rows = con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return [tuple(r) for r in rows]


def test_migrations_from_every_older_version_reach_the_new_schema(tmp_path):
    fresh = create(tmp_path / "fresh.labdesk", "F", dt.date(2026, 1, 1), lock=False)
    target = _schema(fresh.con)
    fresh.close(take_backup=False)
    # From nothing: every step in turn, each atomic.
    empty = tmp_path / "v0.labdesk"
    _file_at_version(empty, 0)
    con = sqlite3.connect(empty, isolation_level=None)
    assert migrations.migrate(con) == list(range(1, migrations.SCHEMA_VERSION + 1))
    assert _schema(con) == target
    con.close()
    # From each released version: opening upgrades it, after a backup, keeping its rows, to
    # the schema a new file has (the old files start from the released version 1, so a step
    # edited after its release makes the two differ).
    upgraded = []
    for start in range(1, migrations.SCHEMA_VERSION):
        old = tmp_path / f"v{start}.labdesk"
        _file_at_version(old, start)
        doc = open_workshop(old)
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        assert _schema(doc.con) == target, f"from version {start}"
        assert [a.name for a in store_attendees.load_all(doc)] == ["Ann Lee"]
        assert list(backup.backups_folder(old).glob(f"*before-v{start + 1}*"))
        doc.close(take_backup=False)
        upgraded.append(start)
    assert upgraded and upgraded[0] == 1  # the released version itself was upgraded


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "w.labdesk"
    create(path, "W", dt.date(2026, 1, 1)).close(take_backup=False)

    def broken(con: sqlite3.Connection) -> None:
        con.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    con = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError):
        migrations.migrate(con, target=len(migrations.MIGRATIONS))
    assert migrations.user_version(con) == migrations.SCHEMA_VERSION
    assert (
        con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0]
        == 0
    )
    con.close()


def test_save_a_copy_is_a_complete_owner_only_workshop(demo_file, tmp_path):
    dest = tmp_path / "usb" / "copy.labdesk"
    dest.parent.mkdir()
    demo_file.save_copy(dest)
    assert stat.S_IMODE(os.stat(dest).st_mode) & 0o077 == 0
    with open_workshop(dest, lock=False) as copy:
        assert summary(copy) == {**summary(demo_file), "integrity": "ok"}
        copy.close(take_backup=False)


def test_rolling_backups_keep_the_newest(demo_file):
    taken = [backup.rolling_backup(demo_file.con, demo_file.path, keep=3) for _ in range(5)]
    kept = backup.list_backups(demo_file.path)
    assert kept == sorted(taken[-3:], reverse=True)
    for path in kept:
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def test_closing_takes_a_backup(tmp_path):
    doc = create(tmp_path / "w.labdesk", "W", dt.date(2026, 1, 1))
    doc.close()
    assert len(backup.list_backups(tmp_path / "w.labdesk")) == 1


def test_save_copy_to_a_missing_folder_says_so(demo_file, tmp_path):
    with pytest.raises(WorkshopFileError):
        demo_file.save_copy(tmp_path / "no" / "such" / "folder" / "x.labdesk")
    assert not (tmp_path / "no").exists()


def test_a_full_disk_gets_a_clear_message_and_keeps_what_was_saved(workshop_file):
    store_attendees.add(workshop_file, Attendee(name="Zoë Nowak"))
    pages = workshop_file.con.execute("PRAGMA page_count").fetchone()[0]
    workshop_file.con.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(WorkshopFileError, match="is full"):
        store_attendees.add_many(
            workshop_file, [Attendee(name=f"Person {n}", notes="x" * 2000) for n in range(200)]
        )
    assert [a.name for a in store_attendees.load_all(workshop_file)] == ["Zoë Nowak"]
    assert workshop_file.integrity(full=True) == "ok"


def test_words_labdesk_never_wrote_read_as_the_default(workshop_file):
    """A file edited by another program (or a later labdesk) with a status, a check-in method
    or a card's source this labdesk does not know still opens: each reads as its default."""
    from labdesk.core.model import (
        AttendeeStatus,
        CardMatch,
        CardSource,
        CheckInMethod,
        CommitmentCard,
        ConfirmedBy,
    )
    from labdesk.store import checkins, commitments

    person = store_attendees.add(workshop_file, Attendee(name="Siân Jones"))
    assert person.id is not None
    checkins.admit(workshop_file, person.id, method=CheckInMethod.CAMERA)
    card = CommitmentCard(action="Call Ravi", name="Siân Jones", source=CardSource.PAPER)
    commitments.upsert(workshop_file, card)
    assert commitments.load_all(workshop_file)[0].match_status is CardMatch.MATCHED
    assert checkins.get(workshop_file, person.id).method is CheckInMethod.CAMERA
    with workshop_file.transaction() as con:
        con.execute("UPDATE attendees SET status = 'waitlisted'")
        con.execute("UPDATE check_ins SET method = 'kiosk'")
        con.execute(
            "UPDATE commitments SET source = 'email', match_status = '?', confirmed_by = 'x'"
        )
    assert store_attendees.get(workshop_file, person.id).status is AttendeeStatus.ATTENDING
    assert checkins.get(workshop_file, person.id).method is CheckInMethod.SCAN
    read = commitments.load_all(workshop_file)[0]
    assert read.source is CardSource.PHONE and read.match_status is CardMatch.UNMATCHED
    assert read.confirmed_by is ConfirmedBy.NOBODY and not read.confirmed
