"""Erasing a person: found by who they are, and afterwards nowhere: not in the file, its WAL,
its backups, the copies saved, any file labdesk made (made again without them, or removed), the
temporary folder or the log. The bytes are looked at from another process (tests/traces.py);
this one holds the file open, like the app beside `labdesk erase`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from labdesk import outputs, personal_data
from labdesk.cli import main
from labdesk.core.model import FeedbackResponse
from labdesk.private_files import private_temp_folder
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import backup, erasure, generated
from labdesk.store import feedback as store_feedback
from labdesk.store import postcards as store_postcards
from labdesk.store.changes import Topic
from labdesk.store.demo import create_demo
from tests.traces import look

ROOT = Path(__file__).resolve().parent.parent
SIAN = "Siân Jones"
EMAIL = "sian.jones@example.org"
ADDRESS = "68 Placeholder Close"  # her home
TICKET = "991499755604016233011"
CARD = "Set up a lunchtime feedback session"  # what her card says
NEEDLES = [SIAN, EMAIL, ADDRESS, TICKET, CARD]
# The files made from the day that name her, by the commands and the app (see the fixture).
MADE = (
    "people.csv",
    "people.xlsx",
    "cards.xlsx",
    "badges.pdf",
    "postcards.pdf",
    "report.pdf",
    "groups.csv",
    "groups.pdf",
    "mailing.csv",
    "labels.pdf",
)


def _id(doc, name: str = SIAN) -> int:  # type: ignore[no-untyped-def]
    return next(a.id for a in store_attendees.load_all(doc) if a.name == name)


def labdesk(*args: object) -> subprocess.CompletedProcess[str]:
    """`labdesk …` in a process of its own, as the organiser types it beside the app."""
    return subprocess.run(
        [sys.executable, "-m", "labdesk", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def day(tmp_path: Path, _isolated_data_dir: Path):  # type: ignore[no-untyped-def]
    """The demo day at its end, held open (as the app holds it): three backups, a copy on a
    'USB stick', and every kind of file labdesk makes from it, remembered, plus a walk-in's
    badge in the temporary folder and writes not yet checkpointed into the file."""
    (tmp_path / "day").mkdir()
    doc = create_demo(tmp_path / "day" / "demo.labdesk")
    backup.rolling_backup(doc.con, doc.path)
    backup.rolling_backup(doc.con, doc.path)
    backup.backup_before_migration(doc.con, doc.path, 0)
    (tmp_path / "usb").mkdir()
    copy = tmp_path / "usb" / "copy.labdesk"
    doc.save_copy(copy)
    generated.remember(doc, copy, generated.COPY)
    out = tmp_path / "out"
    out.mkdir()
    # Made as the commands and the app make them (made here on the open file: another
    # labdesk opening it in this process would read its header and drop SQLite's locks).
    everyone = [c.id for c in store_postcards.load_all(doc)]
    rounds = [[[a.id for a in store_attendees.load_all(doc)][i : i + 3] for i in range(0, 60, 3)]]
    for name, kind, options in (
        ("people.csv", "attendees", {}),
        ("people.xlsx", "attendees", {}),
        ("cards.xlsx", "commitments", {}),
        ("feedback.csv", "feedback", {}),
        ("badges.pdf", "badges", {"people": [a.id for a in store_attendees.load_all(doc)]}),
        ("postcards.pdf", "postcards", {"cards": everyone, "layout": "a5"}),
        ("labels.pdf", "labels", {"cards": everyone}),
        ("report.pdf", "report", {}),
        ("groups.csv", "groups", {"rounds": rounds}),
        ("groups.pdf", "groups", {"rounds": rounds}),
    ):
        outputs.make(doc, kind, out / name, **options)
    sian = _id(doc)
    outputs.make(doc, "mailing", out / "mailing.csv")
    outputs.make(doc, "person", out / "Attendee data.json", attendee=sian)
    temp = private_temp_folder("labdesk-badges-test-")
    outputs.make(
        doc, "badges", temp / f"badge {sian}.pdf", temporary=True, people=[sian], single=True
    )
    store_postcards.mark_printed(doc, [c.id for c in store_postcards.load_all(doc)])
    places = [doc.path.parent, _isolated_data_dir, out, tmp_path / "usb", temp]
    yield doc, out, temp, places
    doc.close(take_backup=False)


def test_export_holds_everything_about_the_person(demo_file):
    data = json.loads(erasure.export_json(demo_file, _id(demo_file)))
    assert data["attendee"]["email"] == EMAIL
    assert data["attendee"]["name"] == SIAN
    assert data["check_in"] is not None
    assert [c["action"] for c in data["commitment_cards"]] == [
        "Set up a lunchtime feedback session with our clinicians"
    ]
    assert "submission_key" not in data["commitment_cards"][0]


def test_erased_from_the_command_line_beside_the_app_they_are_nowhere(day):
    """GIVEN the day held open, WHEN `labdesk erase FILE "Siân Jones"` runs beside it, THEN her
    name, email, address, ticket code and card text are in no file anywhere labdesk wrote; the
    backups are rewritten (none deleted), the files that named her made again without her (or
    removed), and the command lists all of it."""
    doc, out, _temp, places = day
    sian = _id(doc)
    grouped = len((out / "groups.csv").read_text(encoding="utf-8-sig").splitlines())
    cards = len(PdfReader(out / "postcards.pdf").pages)
    before, looked = look(NEEDLES, *places)
    assert {Path(p).name for p in before} >= {
        *MADE,
        "Attendee data.json",
        "copy.labdesk",
        f"badge {sian}.pdf",
    }
    assert sum(p.endswith(".labdesk") for p in before) >= 4  # the file (or its WAL), 3 backups
    backups = sorted(backup.backups_folder(doc.path).glob("*.labdesk"))
    assert len(backups) == 3

    done = labdesk("erase", doc.path, "Siân Jones")

    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout
    assert said.startswith("Erased Siân Jones (attendee 1, Mind)\n")
    assert "1 commitment card and 1 ticket code deleted" in said
    assert "Journal (-wal): emptied." in said
    assert "Backups: 3 backups rewritten." in said
    assert f"Copies saved: rewritten: {out.parent / 'usb' / 'copy.labdesk'}." in said
    made_again = next(line for line in said.splitlines() if "made again without them" in line)
    for name in MADE:
        assert str(out / name) in made_again, name
    removed = next(line for line in said.splitlines() if "Files removed:" in line)
    assert str(out / "Attendee data.json") in removed and f"badge {sian}.pdf" in removed
    assert "feedback.csv" not in said  # it never named her: left alone
    assert "nother program" not in said + done.stderr

    after, looked = look(NEEDLES, *places)
    assert after == {}
    assert {Path(p).name for p in looked} >= {
        "demo.labdesk",
        "demo.labdesk-wal",
        "demo.labdesk-shm",
    }
    # Everything is still there for everyone else.
    assert sorted(backup.backups_folder(doc.path).glob("*.labdesk")) == backups
    for copy in [*backups, out.parent / "usb" / "copy.labdesk"]:
        con = sqlite3.connect(copy)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60
        con.close()
        assert os.stat(copy).st_mode & 0o077 == 0
    others, _ = look(["Llŷr Evans", "llyr.evans@example.org"], out)
    assert {Path(p).name for p in others} >= {"badges.pdf", "people.xlsx"}
    assert len(PdfReader(out / "postcards.pdf").pages) == cards - 2  # her card's two sides
    assert len((out / "groups.csv").read_text(encoding="utf-8-sig").splitlines()) == grouped - 1
    assert store_attendees.count(doc) == 59 and erasure.erased_on(doc, 1) is not None


def test_a_dry_run_says_what_would_be_done_and_changes_nothing(day):
    doc, _, _, places = day
    before, _ = look(NEEDLES, *places)
    done = labdesk("erase", doc.path, EMAIL.upper(), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Would erase Siân Jones (attendee 1, Mind)\n")
    assert "Backups: 3 backups would be rewritten." in done.stdout
    assert "Files would be removed: " in done.stdout
    assert done.stdout.rstrip().endswith("dry run: nothing changed")
    assert look(NEEDLES, *places)[0] == before
    assert store_attendees.get(doc, 1).name == SIAN


def test_comments_that_name_them_are_shown_and_redacted_only_as_the_organiser_chooses(day):
    """Free comments naming her (by name, by email) are listed with a proposed redaction; the
    ones the organiser ticks are redacted everywhere, the others kept as written; a later
    redaction in the Feedback area reaches the backups too."""
    doc, out, _, places = day
    item = next(i.id for i in store_agenda.load(doc) if i.title.startswith("Session 3"))
    with doc.transaction(Topic.FEEDBACK) as con:
        for n, words in enumerate(
            [f"{SIAN} explained the Troika really well", f"Please send slides to {EMAIL.upper()}"]
        ):
            store_feedback.write(con, FeedbackResponse(item, 5, worked=words), f"fb:named{n}")
    plan = erasure.plan(doc, 1)
    assert [m.proposed for m in plan.mentions] == [
        "[removed] explained the Troika really well",
        "Please send slides to [removed]",
    ]
    keep, redact = plan.mentions
    outcome = personal_data.erase(doc, 1, redactions={redact.key: redact.proposed})
    assert outcome.ok, outcome.problems
    assert "1 comment redacted" in outcome.lines[0]
    assert outcome.mentions_left == [keep]
    texts = {r.worked for r in store_feedback.load_all(doc)}
    assert "Please send slides to [removed]" in texts
    assert f"{SIAN} explained the Troika really well" in texts  # not silently destroyed
    found, _ = look(NEEDLES, *places)
    assert found and all(hits == [SIAN] for hits in found.values())
    assert {Path(p).suffix for p in found} <= {".labdesk", ".labdesk-wal", ".csv"}  # + feedback
    # The organiser redacts the one kept, later, in the Feedback area.
    response = next(r for r in store_feedback.load_all(doc) if r.worked == keep.text)
    later = personal_data.redact_feedback(doc, response.id, keep.proposed, "", {})
    assert later.ok and "Backups: 3 backups rewritten." in later.lines
    outputs.make(doc, "feedback", out / "feedback.csv")  # the organiser exports again
    assert look(NEEDLES, *places)[0] == {}


def test_person_is_found_by_email_ticket_or_badge_code_or_whole_name(demo_file, tmp_path):
    from labdesk.store.checkins import Scanner

    badge = Scanner(demo_file).badge_code(2)
    llyr = store_attendees.get(demo_file, 2)
    assert llyr is not None
    for text, how in (
        (" Sian.Jones@Example.org ", "email"),
        (TICKET, "ticket code"),
        (badge, "badge code"),
        (badge.lower(), "badge code"),
        ("sian   jones", "name"),
    ):
        found = erasure.find(demo_file, text)
        assert (found.ids, found.how) == ([2] if text.lower() == badge.lower() else [1], how), text
    assert erasure.find(demo_file, "Jones").ids == []
    assert "Siân Jones" in erasure.find(demo_file, "Jones").near
    # Once erased, her email still finds her blank row (the keyed hash knows it).
    personal_data.erase(demo_file, 1)
    assert erasure.find(demo_file, EMAIL).ids == [1]


def test_an_ambiguous_name_asks_for_more_in_one_line(demo_file, capsys):
    store_attendees.add(demo_file, store_attendees.Attendee(name="Siân Jones", email="s2@x.org"))
    assert main(["erase", str(demo_file.path), "Siân Jones"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "2 people are called 'Siân Jones': give their email or badge code instead" in err
    assert main(["erase", str(demo_file.path), "Nobody Here"]) == 2
    assert "nobody in this workshop matches 'Nobody Here'" in capsys.readouterr().err
    assert store_attendees.count(demo_file) == 61  # nothing erased


def test_erasing_again_goes_through_the_journal_and_backups_once_more(day):
    doc, *_ = day
    personal_data.erase(doc, 1)
    again = labdesk("erase", doc.path, EMAIL)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Attendee 1 was erased on ")
    assert "Backups: 3 backups rewritten." in again.stdout


def test_a_busy_journal_is_said_plainly_and_never_blamed_on_a_ghost(demo_file, tmp_path):
    """Only when SQLite says someone else was reading does the erasure say the WAL is not
    emptied yet, and then it says who could be: never "another program" out of nowhere."""
    reader = sqlite3.connect(demo_file.path, timeout=1)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM attendees").fetchone()  # holds a read snapshot
    demo_file.con.execute("PRAGMA busy_timeout = 200")
    try:
        store_attendees.add(demo_file, store_attendees.Attendee(name="Nia Walker"))
        outcome = personal_data.erase(demo_file, 1)
    finally:
        reader.rollback()
        reader.close()
    assert not outcome.ok
    assert outcome.problems[0].startswith("Journal (-wal): not emptied yet: another labdesk")
    clean = personal_data.erase(demo_file, 1)  # erase them again: now it empties
    assert clean.ok and "Journal (-wal): emptied." in clean.lines
