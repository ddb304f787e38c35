"""A workshop file written by the released version 1 for a whole day opens with today's
labdesk: upgraded after a backup, every row it held kept as it was, and the day carries on."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from labdesk.core.checkin import ScanKind
from labdesk.core.timer import Status
from labdesk.store import (
    agenda,
    attendees,
    backup,
    checkins,
    commitments,
    feedback,
    groups,
    migrations,
    open_workshop,
    postcards,
    run_state,
)
from labdesk.store.checkins import Scanner
from tests.old_files import RELEASED_V1, STORED_V1_DAY, released_v1, stored_v1_day


def _tables(con: sqlite3.Connection) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Each table's columns and rows (sorted), as the file holds them."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    found = {}
    for name in names:
        columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
        rows = [tuple(r) for r in con.execute(f"SELECT {', '.join(columns)} FROM {name}")]
        found[name] = (columns, sorted(rows, key=repr))
    return found


def _schema(con: sqlite3.Connection) -> list[tuple[str, str, str]]:
    q = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    return [tuple(r) for r in con.execute(q)]


def test_the_stored_day_is_a_version_1_file_as_released() -> None:
    """The stored file's tables are those of the released schema, to the character."""
    released = sqlite3.connect(":memory:", isolation_level=None)
    released_v1(released)
    stored = sqlite3.connect(":memory:")
    stored.executescript(STORED_V1_DAY.read_text(encoding="utf-8"))
    assert RELEASED_V1.exists() and _schema(stored) == _schema(released)
    # A whole day: something in every table of version 1.
    assert all(rows for _, rows in _tables(stored).values())


def test_a_day_written_by_version_1_opens_upgraded_with_every_row_kept(tmp_path: Path) -> None:
    path = tmp_path / "old day.labdesk"
    stored_v1_day(path)
    with sqlite3.connect(path) as con:
        before = _tables(con)
    con.close()
    with open_workshop(path) as doc:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        assert list(backup.backups_folder(path).glob("*before-v2*"))
        now = _tables(doc.con)
        for table, (columns, rows) in before.items():
            kept = [tuple(r) for r in doc.con.execute(f"SELECT {', '.join(columns)} FROM {table}")]
            if table == "settings":  # the upgrade adds settings of its own, changes none
                assert set(rows) <= set(kept), table
                continue
            assert sorted(kept, key=repr) == rows, table
        assert set(before) < set(now)

        # The day reads as it was left: agenda, people, arrivals, phones' words, cards, groups.
        items = agenda.load(doc)
        assert len(items) == 10 and sum(len(i.phases) for i in items) == 31
        assert attendees.count(doc, status=None) == 60  # the erased person is a blank row
        erased = [a for a in attendees.load_all(doc, include_erased=True) if a.erased_at]
        assert len(erased) == 1 and erased[0].name == "Erased attendee" and not erased[0].email
        assert checkins.count(doc) == 47
        walk_in = next(a for a in attendees.load_all(doc) if a.name == "Rhys ap Gruffydd")
        record = checkins.get(doc, walk_in.id or 0)
        assert record is not None and record.method == "walk-in" and record.desk == "Desk 2"
        assert len(feedback.load_all(doc)) == 49
        cards = commitments.load_all(doc)
        assert len(cards) == 16
        printed = postcards.load_all(doc)
        assert all(p.printed_at for p in printed) and sum(bool(p.posted_at) for p in printed) == 1
        timer = run_state.load_timer(doc)
        assert timer.status is Status.PAUSED and timer.item_id == items[3].id
        assert timer.step_in_item == 1 and timer.banked_s == 412.0
        actuals = run_state.load_actuals(doc)
        assert [i.id in actuals for i in items[:5]] == [True, True, True, True, False]
        session = next(i for i in items if i.phases)
        formed = groups.latest(doc, session.id)
        assert formed is not None and len(formed.rounds) == 2

        # And the day carries on: someone still to arrive is checked in at the desk.
        waiting = doc.con.execute(
            "SELECT id FROM attendees WHERE erased_at IS NULL AND status = 'attending'"
            " AND id NOT IN (SELECT attendee_id FROM check_ins) LIMIT 1"
        ).fetchone()[0]
        scanner = Scanner(doc)
        assert scanner.scan(scanner.badge_code(waiting)).kind is ScanKind.CHECKED_IN
        assert checkins.count(doc) == 48
        doc.close(take_backup=False)


def test_labdesk_info_reads_a_version_1_day(tmp_path: Path) -> None:
    path = tmp_path / "old.labdesk"
    stored_v1_day(path)
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"schema version: {migrations.SCHEMA_VERSION}" in lines
    for line in ("attendees: 60", "checked in: 47", "feedback responses: 49", "integrity: ok"):
        assert line in lines
