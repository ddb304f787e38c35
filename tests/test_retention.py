"""Every workshop has a retention date from the start; when it comes, every holder and every
command purges the personal data (file, WAL, backups, copies, files made), keeping the counts."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from labdesk.core import retention
from tests.traces import look

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()
# Details of several demo attendees: names, emails, home addresses, needs, a card's words.
NEEDLES = [
    "Siân Jones",
    "sian.jones@example.org",
    "68 Placeholder Close",
    "Llŷr Evans",
    "llyr.evans@example.org",
    "55 Demo Avenue",
    "Seat near the front",
    "Set up a lunchtime feedback session",
    "991499755604016233011",
]


def labdesk(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labdesk", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fine(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def facts(path: Path) -> dict[str, str]:
    lines = fine(labdesk("info", path)).splitlines()
    return dict(line.split(": ", 1) for line in lines)


def test_rules() -> None:
    day = dt.date(2026, 9, 17)
    assert retention.default_date(day, dt.date(2026, 8, 1)) == dt.date(2026, 12, 16)
    # Made after its date had gone: 90 days from when it was made, not already past.
    assert retention.default_date(day, dt.date(2027, 1, 5)) == dt.date(2027, 4, 5)
    assert retention.is_due(day, day) and not retention.is_due(day, day - dt.timedelta(1))
    with pytest.raises(ValueError, match="is before the workshop"):
        retention.read_date("2026-09-01", day)
    with pytest.raises(ValueError, match="not a date"):
        retention.read_date("next spring", day)


def test_a_new_workshop_has_its_date_shown_by_info_and_retention(tmp_path, qtbot, monkeypatch):
    path = tmp_path / "day.labdesk"
    day = TODAY + dt.timedelta(days=10)
    fine(labdesk("new", path, "--title", "Day", "--date", day.isoformat()))
    expected = day + dt.timedelta(days=90)
    shown = facts(path)
    assert shown["retention date"] == f"{expected.isoformat()} (in 100 days)"
    assert shown["personal data"] == "none held"  # nobody imported yet
    assert fine(labdesk("retention", path)).splitlines()[0] == shown["retention date"].join(
        ["retention date: ", ""]
    )
    # The Details dialog shows the same date (and moves it with the day while it is the default).
    from PySide6.QtWidgets import QDateEdit, QDialog

    from labdesk.gui import dialogs
    from labdesk.store import open_workshop

    seen = {}

    def look_at(dialog: QDialog) -> int:
        edit = dialog.findChild(QDateEdit, "retention")
        seen["shown"] = edit.date().toPython()
        dialog.findChild(QDateEdit, "date").setDate(day + dt.timedelta(days=7))
        seen["moved"] = edit.date().toPython()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", look_at)
    with open_workshop(path) as doc:
        assert dialogs.edit_workshop_details(doc)
    assert seen == {"shown": expected, "moved": expected + dt.timedelta(days=7)}
    assert facts(path)["retention date"].startswith((expected + dt.timedelta(7)).isoformat())


def test_the_date_is_set_with_plain_messages(tmp_path):
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path, "--date", "2026-09-17"))
    wrong = labdesk("retention", path, "--set", "soon")
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert "'soon' is not a date; write it as YYYY-MM-DD" in wrong.stderr
    early = labdesk("retention", path, "--set", "2026-09-01")
    assert early.returncode == 2 and "is before the workshop (2026-09-17)" in early.stderr
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    assert fine(labdesk("retention", path, "--set", later)) == (
        f"retention date: {later} (in 30 days)\n"
    )
    assert "not yet: the retention date is" in fine(labdesk("retention", path, "--apply"))
    assert facts(path)["retention date"] == f"{later} (in 30 days)"


@pytest.fixture
def used_day(tmp_path: Path, _isolated_data_dir: Path):  # type: ignore[no-untyped-def]
    """The demo day after it happened: backups, files made from it, all through the commands."""
    path = tmp_path / "demo.labdesk"
    fine(labdesk("new", path, "--demo"))
    out = tmp_path / "out"
    out.mkdir()
    for args in (  # every other kind is made again or removed the same way (test_erasure.py)
        ["export", "-o", out / "people.xlsx"],
        ["export", "-o", out / "feedback.csv", "--feedback"],
        ["badges", "-o", out / "badges.pdf"],
        ["report", "-o", out / "report.pdf"],
    ):
        fine(labdesk(args[0], path, *args[1:]))
    return path, out, [tmp_path, _isolated_data_dir]


def _past(path: Path) -> None:
    """Bring the retention date to the workshop's own day (long gone)."""
    fine(labdesk("retention", path, "--set", "2026-09-17"))


def test_retention_apply_purges_everywhere_and_keeps_the_counts(used_day):
    path, out, places = used_day
    before = facts(path)
    assert look(NEEDLES, *places)[0]
    _past(path)
    said = fine(labdesk("retention", path, "--apply"))
    assert said.startswith("Retention date 2026-09-17: personal data purged\n")
    assert "60 people, the text of 16 commitment cards and 60 ticket codes deleted" in said
    assert "Journal (-wal): emptied." in said
    assert "Backups: 1 backup rewritten." in said
    assert f"Files made again anonymous: {out / 'report.pdf'}." in said
    assert str(out / "badges.pdf") in said and str(out / "people.xlsx") in said
    found, looked = look(NEEDLES, *places)
    assert found == {}
    assert any(p.endswith(".labdesk") and "backups" in p for p in looked)
    after = facts(path)
    for key in ("attendees", "checked in", "commitment cards", "feedback responses"):
        assert after[key] == before[key], key  # the anonymous counts stay
    assert after["personal data"] == f"purged on {TODAY.isoformat()}"
    assert (out / "report.pdf").exists() and (out / "feedback.csv").exists()
    from pypdf import PdfReader

    report = " ".join(p.extract_text() for p in PdfReader(out / "report.pdf").pages)
    assert "46 of 60 expected attendees came" in report  # the counts, made again
    assert "The words of 16 cards were deleted on the workshop's retention date" in report
    assert not (out / "badges.pdf").exists() and not (out / "people.xlsx").exists()
    assert "nothing to purge" in fine(labdesk("retention", path, "--apply"))


def test_export_past_the_date_purges_first_and_exports_nothing_personal(used_day):
    path, out, places = used_day
    _past(path)
    done = labdesk("export", path, "-o", out / "again.csv")
    assert done.returncode == 0, done.stderr
    assert "personal data purged, as its retention date has come" in done.stderr
    text = (out / "again.csv").read_text(encoding="utf-8-sig")
    assert "@example.org" not in text and "Attendee 1," in text
    assert look(NEEDLES, *places)[0] == {}
    refused = labdesk("import", path, out / "again.csv")
    assert refused.returncode == 2 and "set a later one first" in refused.stderr


def test_labdesk_serve_holding_the_file_purges_when_the_date_is_set(used_day):
    """GIVEN `labdesk serve` holding the file, WHEN someone sets the retention date to a day
    gone by, THEN the server (the holder) purges the personal data itself, at once."""
    path, _, places = used_day
    server = subprocess.Popen(
        [sys.executable, "-m", "labdesk", "serve", str(path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        while "Press Ctrl+C" not in server.stdout.readline():
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
        started = time.monotonic()
        _past(path)
        line = server.stdout.readline()
        assert line == "Retention date 2026-09-17: personal data purged.\n", line
        assert time.monotonic() - started < 10
        assert facts(path)["personal data"] == f"purged on {TODAY.isoformat()}"
        assert look(NEEDLES, *places)[0] == {}
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    assert server.returncode == 0


def test_the_app_holding_the_file_purges_when_the_date_comes(qtbot, tmp_path, monkeypatch):
    """The app's session looks on opening, hourly and whenever the file changes; here the
    calendar moves on past the date, and the purge runs on a worker, the window still live."""
    from labdesk.gui import session as session_module
    from labdesk.gui.session import WorkshopSession
    from labdesk.store import attendees as store_attendees
    from labdesk.store import open_workshop

    path = tmp_path / "demo.labdesk"
    fine(labdesk("new", path, "--demo"))
    doc = open_workshop(path)
    session = WorkshopSession(doc)
    try:
        assert not session.check_retention()  # not due yet
        monkeypatch.setattr(session_module, "today", lambda: TODAY + dt.timedelta(days=400))
        with qtbot.waitSignal(session.retention_applied, timeout=60000) as done:
            assert session.check_retention()
        outcome = done.args[0]
        assert outcome.ok and outcome.title.endswith("personal data purged")
        people = store_attendees.load_all(doc)
        assert len(people) == 60 and {p.email for p in people} == {""}
        assert {p.access_needs for p in people} == {""}
        assert all(p.name == f"Attendee {p.id}" for p in people)
    finally:
        session.close()
    assert look(NEEDLES, tmp_path)[0] == {}


def test_a_purged_backup_is_still_a_workshop(used_day, _isolated_data_dir):
    path, _, _ = used_day
    _past(path)
    fine(labdesk("retention", path, "--apply"))
    copies = list((_isolated_data_dir / "backups").rglob("*.labdesk"))
    assert copies
    for copy in copies:
        con = sqlite3.connect(copy)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM attendees WHERE email != ''").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60
        con.close()
        assert os.stat(copy).st_mode & 0o077 == 0
