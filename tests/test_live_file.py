"""Only SQLite touches a live workshop file: opening it again in the same process, choosing it
as a list to read or a place to write, and what a holder does when a part of it is deleted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from labdesk.core.model import Attendee, CommitmentCard
from labdesk.store import WorkshopFileError, open_workshop
from labdesk.store import attendees as store_attendees
from labdesk.store.demo import create_demo
from labdesk.store.submissions import Submission, commit_batch
from tests.many_processes import deleted_parts

ROOT = Path(__file__).resolve().parent.parent


def labdesk(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labdesk", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _names_seen_by_another_process(path: Path) -> set[str]:
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; con = sqlite3.connect(sys.argv[1]);"
            " print('\\n'.join(r[0] for r in con.execute('SELECT name FROM attendees')))",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return set(found.stdout.splitlines())


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_opening_the_file_again_keeps_the_holders_locks(workshop_file):
    """GIVEN a holder that opens its own file again, as the web server's writer and reader do,
    WHEN a batch command runs beside it and ends, THEN the holder's journal is still there, its
    next write is seen by other processes, and it holds no deleted file."""
    for _ in range(2):
        open_workshop(workshop_file.path, lock=False, purpose="web server").close()
    beside = open_workshop(workshop_file.path, lock=False, purpose="web server")
    result = labdesk("info", workshop_file.path)
    assert result.returncode == 0, result.stderr
    assert _wal(workshop_file.path).exists()
    store_attendees.add(workshop_file, Attendee(name="Written after the batch command"))
    assert "Written after the batch command" in _names_seen_by_another_process(workshop_file.path)
    assert deleted_parts(os.getpid(), workshop_file.path) == []
    beside.close(take_backup=False)


def test_a_write_into_a_deleted_journal_is_refused(workshop_file):
    """GIVEN an open file whose -wal and -shm another program deleted, THEN a write is refused
    with what happened and what to do, before anything is written."""
    path = workshop_file.path
    workshop_file.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for part in ("-wal", "-shm"):
        os.unlink(path.with_name(path.name + part))
    with pytest.raises(WorkshopFileError, match=r"test\.labdesk-wal.*stopped saving.*open test"):
        store_attendees.add(workshop_file, Attendee(name="Never written"))
    # AND the same file is not opened again in this process (it would share the deleted journal)
    with pytest.raises(WorkshopFileError, match="stopped saving"):
        open_workshop(path, lock=False)


def test_a_commit_that_lands_in_a_deleted_journal_is_not_acknowledged(demo_file):
    """GIVEN phones' posts being committed, WHEN the journal is deleted during the commit, THEN
    every post of the batch gets the error (the phones get 503), none a row id."""
    wal = _wal(demo_file.path)
    card = CommitmentCard(action="Committed into a deleted journal", name="Ann")
    with (
        pytest.raises(WorkshopFileError, match="deleted or replaced"),
        demo_file.transaction() as con,
    ):
        con.execute("UPDATE workshop SET venue = 'Room 2'")
        os.unlink(wal)
    results = commit_batch(demo_file, [Submission(card, f"card:phone{n}") for n in range(3)])
    assert [type(r) for r in results] == [WorkshopFileError] * 3


def test_a_journal_or_a_second_name_is_not_opened_as_a_workshop(tmp_path):
    doc = create_demo(tmp_path / "day.labdesk", lock=False)
    doc.close(take_backup=False)
    path = doc.path
    beside = open_workshop(path, lock=False)  # -wal and -shm exist while it is open
    try:
        for part in ("day.labdesk-wal", "day.labdesk-shm"):
            with pytest.raises(WorkshopFileError, match=f"{part} is part of day.labdesk"):
                open_workshop(tmp_path / part, lock=False)
            result = labdesk("info", tmp_path / part)
            assert result.returncode == 2
            assert result.stderr.strip() == (
                f"labdesk: {part} is part of day.labdesk, not a workshop file. "
                "Open day.labdesk instead."
            )
    finally:
        beside.close(take_backup=False)
    os.link(path, tmp_path / "same.labdesk")
    for name in ("day.labdesk", "same.labdesk"):
        with pytest.raises(WorkshopFileError, match="has another name"):
            open_workshop(tmp_path / name, lock=False)


def test_batch_commands_refuse_the_workshop_file_as_a_list_or_an_output(tmp_path):
    doc = create_demo(tmp_path / "day.pdf", lock=False)  # a workshop file with an odd name
    doc.close(take_backup=False)
    path = doc.path
    (tmp_path / "link.csv").symlink_to(path)
    cases = [
        (("check-in", path, "--from", path), "not a list of scanned codes"),
        (("import", path, tmp_path / "link.csv"), "not an attendee list"),
        (("import", path, tmp_path / "day.pdf-wal", "--dry-run"), "not an attendee list"),
        (("report", path, "-o", path), "not a place for the output"),
        (("badges", path, "-o", path), "not a place for the output"),
        (("export", path, "-o", tmp_path / "link.csv"), "not a place for the output"),
    ]
    for args, words in cases:
        result = labdesk(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1, args
    assert labdesk("info", path).returncode == 0  # still a whole workshop file


def test_the_app_never_reads_its_own_file_as_a_list_or_a_picture(
    qtbot, demo_file, services, monkeypatch
):
    """GIVEN the app holding the file, WHEN a person chooses that file (or its journal) as the
    attendee list or the postcard picture, THEN it is refused without being opened: a batch
    command beside the app afterwards leaves the app's journal in place."""
    from labdesk.gui.areas import postcards as postcards_area
    from labdesk.gui.import_dialog import ImportDialog
    from labdesk.store import workshop as store_workshop

    dialog = ImportDialog(services.session)
    qtbot.addWidget(dialog)
    assert not dialog.load(demo_file.path)
    assert "is the open workshop file" in dialog.summary.text()
    assert not dialog.load(_wal(demo_file.path))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_file.path), ""))
    area = postcards_area.AreaWidget(services)
    qtbot.addWidget(area)
    area.choose_artwork()
    assert warnings and "is the workshop file open in labdesk" in warnings[0]
    assert store_workshop.get_asset(demo_file, "postcard_artwork") is None
    result = labdesk("info", demo_file.path)
    assert result.returncode == 0 and _wal(demo_file.path).exists()
    assert deleted_parts(os.getpid(), demo_file.path) == []


def test_the_app_says_plainly_when_its_file_lost_a_part(qtbot, demo_file, qsettings_isolated):
    """GIVEN the app on a file, WHEN its journal is deleted, THEN within a poll the window shows
    a red note and a box saying what happened and what to do, and the status bar no longer says
    "All changes saved"."""
    from labdesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.attach(demo_file)
    assert window.alert.isHidden()
    demo_file.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.unlink(_wal(demo_file.path))
    with qtbot.waitSignal(window.session.lost, timeout=5000):
        pass
    assert not window.alert.isHidden()
    assert "demo.labdesk-wal" in window.alert.text() and "stopped saving" in window.alert.text()
    assert window._lost_box.isVisible() and "Close labdesk" in window._lost_box.text()
    shown = " ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert "Nothing more is saved to demo.labdesk" in shown
    window._lost_box.close()
    window.close_workshop()


def test_sqlite_refuses_what_the_header_used_to_refuse(tmp_path):
    """The header is read through SQLite now; the messages for files that are not workshops
    stay the same."""
    empty = tmp_path / "empty.labdesk"
    empty.write_bytes(b"")
    other = tmp_path / "other.labdesk"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    text = tmp_path / "notes.labdesk"
    text.write_text("shopping list\n")
    whole = create_demo(tmp_path / "whole.labdesk", lock=False)
    whole.close(take_backup=False)
    truncated = tmp_path / "truncated.labdesk"
    truncated.write_bytes(whole.path.read_bytes()[:99])
    for path, words in (
        (empty, "empty.labdesk is not a labdesk workshop file"),
        (text, "notes.labdesk is not a labdesk workshop file"),
        (other, "other.labdesk is a database, but not a labdesk workshop"),
        (truncated, "truncated.labdesk is truncated"),
    ):
        with pytest.raises(WorkshopFileError, match=words):
            open_workshop(path)
