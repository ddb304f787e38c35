"""Badges, groups, postcards, report and export on empty, card-less, erased and hostile-Unicode
workshops: a result with a short summary, or one line and a non-zero exit; never a traceback."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from labdesk.core.model import CommitmentCard
from labdesk.store import attendees, commitments, open_workshop
from labdesk.store.erasure import erase_person
from tests.hostile import fine, labdesk, refused

HOSTILE_NAMES = [
    "Ali \u202eevil.exe\u202c Khan",
    "👩\u200d⚕️ Dr Zoë 🏳️\u200d🌈 Smith",
    "a\u200db\u200cc\u200bd Zero-Width",
    "محمد بن سلمان",
    "李小龙",
    "=HYPERLINK(1) Formula",
    "X" * 2000,
    "<script>alert(1)</script> Tag",
    "Siân Jones",
    "Bob Smith",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Ten people with hostile names, long and odd commitment cards, two people erased."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.labdesk"
    fine(labdesk("new", path, "--title", "\u202eHostile 👩\u200d⚕️ " + "T" * 300))
    source = folder / "people.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Name", "Email", "Organisation", "Address", "Postcard consent"])
    for i, name in enumerate(HOSTILE_NAMES):
        writer.writerow([name, f"p{i}@example.org", "🏥 " + "O" * 300, "1 High St\nLeeds", "yes"])
    source.write_text(buf.getvalue(), encoding="utf-8")
    fine(labdesk("import", path, source))
    with open_workshop(path, lock=False) as doc:
        people = attendees.load_all(doc)
        texts = ["\u202e" + "I will " * 300, "👩\u200d⚕️" * 500, "=cmd|' /C calc'!A0", "W" * 2000]
        for person, text in zip(people, texts, strict=False):
            card = CommitmentCard(
                action=text,
                who="\u202e" + person.name,
                by_when="🗓️" * 50,
                name=person.name,
                email=person.email,
                use_registered_address=True,
                consent_post=True,
                attendee_id=person.id,
                match_status="matched",
                confirmed_by="paper",  # typed in at the desk
            )
            commitments.upsert(doc, card)
        for person in people[-2:]:
            erase_person(doc, person.id or 0)
        doc.close(take_backup=False)
    return path


def pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def test_day_report_with_cards_taller_than_a_page(hostile, tmp_path):
    # Before: reportlab's LayoutError traceback ("too large on page 3").
    for extra in ([], ["--anonymised"]):
        out = tmp_path / f"report{len(extra)}.pdf"
        said = fine(labdesk("report", hostile, "-o", out, *extra))
        assert said == f"Day report, {pages(out)} pages: {out}\n"
        assert pages(out) > 1
    # the two people erased still count for the day, labelled rather than "no organisation"
    first_page = PdfReader(tmp_path / "report0.pdf").pages[0].extract_text()
    assert "(details erased on request)" in first_page


def test_day_report_with_two_thousand_character_comments_and_titles(tmp_path):
    path = tmp_path / "demo.labdesk"
    fine(labdesk("new", path, "--demo"))
    with sqlite3.connect(path) as con:
        some = "WHERE id IN (SELECT id FROM {} ORDER BY id LIMIT 6)"
        con.execute(
            "UPDATE feedback SET worked = ?, change = ?, chosen = 1, hidden = 0 "
            + some.format("feedback"),
            ("\u202e" + "W" * 1999, "👩\u200d⚕️ " * 400),
        )
        con.execute(
            "UPDATE commitments SET action = ?, name = ? " + some.format("commitments"),
            ("A" * 2000, "N" * 2000),
        )
        con.execute("UPDATE agenda_items SET title = ?", ("T" * 2000,))
    out = tmp_path / "report.pdf"
    fine(labdesk("report", path, "-o", out))
    assert pages(out) > 5


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        (["badges"], "wrote {out}: 8 badges on 1 page (a4-8)"),
        (["badges", "--single"], "wrote {out}: 8 badges on 8 pages (one a page)"),
        (["groups", "--size", "3", "--rounds", "2"], "8 people attending"),
        (["postcards", "--all"], "4 postcards (4 to post) on 8 pages: {out}"),
        (["postcards", "--blank", "--count", "1"], "1 blank commitment card on 2 pages: {out}"),
    ],
)
def test_printed_outputs_of_the_hostile_workshop(hostile, tmp_path, args, summary):
    out = tmp_path / "out.pdf"
    said = fine(labdesk(*args[:1], hostile, *args[1:], "-o", out))
    assert summary.format(out=out) in said
    assert pages(out) >= 1


def test_exports_of_the_hostile_workshop_keep_every_character_and_defuse_formulas(
    hostile, tmp_path
):
    out = tmp_path / "people.csv"
    assert fine(labdesk("export", hostile, "-o", out)) == f"exported 8 attendees to {out}\n"
    with out.open(encoding="utf-8-sig", newline="") as fh:
        names = {row["Name"] for row in csv.DictReader(fh)}
    # the overrides that would show "Ali exe.live Khan" are gone; joiners in emoji stay
    assert "Ali evil.exe Khan" in names and "X" * 2000 in names
    assert "👩\u200d⚕️ Dr Zoë 🏳️\u200d🌈 Smith" in names
    assert "'=HYPERLINK(1) Formula" in names
    cards = tmp_path / "cards.xlsx"
    said = fine(labdesk("export", hostile, "--commitments", "-o", cards))
    assert said.startswith("exported ") and "commitment card" in said


def test_groups_csv_opens_in_excel_with_its_accents(hostile, tmp_path):
    out = tmp_path / "groups.csv"
    said = fine(labdesk("groups", hostile, "--size", "2", "-o", out))
    assert "4 groups a round, 1 round;" in said
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfround,group,attendee")
    assert "Siân Jones" in data.decode("utf-8-sig")


def test_empty_workshop(tmp_path):
    path = tmp_path / "empty.labdesk"
    fine(labdesk("new", path))
    out = tmp_path / "x.pdf"
    assert "nobody to print a badge for" in refused(labdesk("badges", path, "-o", out))
    assert "nobody to group" in refused(labdesk("groups", path, "-o", tmp_path / "g.csv"))
    assert "no commitment cards yet" in refused(labdesk("postcards", path, "-o", out))
    assert not out.exists()
    assert fine(labdesk("report", path, "-o", out)) == f"Day report, 1 page: {out}\n"
    said = fine(labdesk("export", path, "--feedback", "-o", tmp_path / "f.csv"))
    assert said.startswith("exported 0 feedback responses")


def test_blank_cards_from_the_command_line_point_at_the_port_serve_uses(tmp_path):
    # Before: `postcards --blank` defaulted to port 8000 while `labdesk serve` uses 8080.
    import zxingcpp

    from labdesk.core import urls

    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path))
    out = tmp_path / "blank.pdf"
    fine(labdesk("postcards", path, "--blank", "--count", "1", "-o", out))
    images = [img.image for img in PdfReader(out).pages[1].images]
    decoded = [r.text for img in images for r in zxingcpp.read_barcodes(img)]
    assert len(decoded) == 1
    assert decoded[0].startswith(f"http://{urls.HOTSPOT_GUESS}:{urls.DEFAULT_PORT}/")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--blank", "--count", "0"], "--count must be between 1 and 5000"),
        (["--blank", "--count", "-3"], "--count must be between 1 and 5000"),
        (["--blank", "--port", "70000"], "--port must be between 1 and 65535"),
        (["--blank", "--host", "<script>"], "is not an address"),
        (["--count", "3"], "--count only goes with --blank"),
        (["--host", "10.0.0.1", "--port", "9"], "--host and --port only go with --blank"),
    ],
)
def test_postcard_options_that_make_no_sense_are_refused(tmp_path, args, reason):
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path, "--demo"))
    before = path.read_bytes()
    out = tmp_path / "cards.pdf"
    assert reason in refused(labdesk("postcards", path, *args, "-o", out))
    assert not out.exists()
    assert path.read_bytes() == before  # no card marked printed


def test_info_stays_one_line_a_fact_whatever_the_title_holds(tmp_path):
    path = tmp_path / "day.labdesk"
    said = fine(labdesk("new", path, "--title", "Line one\nvenue: forged\tx", "--venue", "a\rb"))
    assert said.count("\n") == 1
    facts = fine(labdesk("info", path)).splitlines()
    assert facts[0] == "title: Line one venue: forged x"
    assert facts[2] == "venue: a b"
    assert len(facts) == 12  # with the retention date and what personal data is kept


def test_new_demo_refuses_options_it_would_ignore(tmp_path):
    path = tmp_path / "demo.labdesk"
    reason = refused(labdesk("new", path, "--demo", "--title", "Mine"))
    assert "leave out --title" in reason
    assert not path.exists()


def test_a_pipe_or_a_folder_named_like_a_workshop_is_refused_at_once(tmp_path):
    pipe = tmp_path / "pipe.labdesk"
    os.mkfifo(pipe)
    assert "not a regular file" in refused(labdesk("info", pipe, timeout=20))
    (tmp_path / "folder.labdesk").mkdir()
    assert "is a folder" in refused(labdesk("info", tmp_path / "folder.labdesk"))
    assert "The folder" in refused(labdesk("new", tmp_path / "nowhere" / "day.labdesk"))


@pytest.mark.parametrize(
    ("command", "target", "name"),
    [
        (["report"], "labdesk.printing.report.render_for", "report.pdf"),
        (["postcards", "--all"], "labdesk.printing.postcards.render", "cards.pdf"),
        (["postcards", "--blank"], "labdesk.printing.blank_cards.render_for", "blank.pdf"),
        (["badges"], "labdesk.printing.badges.badge_sheets", "badges.pdf"),
        (["groups"], "labdesk.printing.groups.render", "groups.pdf"),
        (["groups", "--item", "Session 1"], "labdesk.printing.groups.render", "trios.pdf"),
        (["agenda", "--run-sheet"], "labdesk.printing.agenda.render", "agenda.pdf"),
    ],
)
def test_a_disk_that_fills_half_way_leaves_the_old_file_whole(
    tmp_path, monkeypatch, capsys, command, target, name
):
    # Before: a full disk left a cut-off PDF in place of the one that was there.
    import errno
    import importlib

    from labdesk.cli import main

    path = tmp_path / "demo.labdesk"
    assert main(["new", str(path), "--demo"]) == 0
    out = tmp_path / name
    out.write_bytes(b"%PDF- the good copy from yesterday")

    def fill_the_disk(*args, **kwargs):
        where = next(a for a in [*args, *kwargs.values()] if isinstance(a, Path))
        where.write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    module, attr = target.rsplit(".", 1)
    monkeypatch.setattr(importlib.import_module(module), attr, fill_the_disk)
    if attr == "badge_sheets":
        monkeypatch.setattr("labdesk.commands.badges.badge_sheets", fill_the_disk, raising=False)
    assert main([command[0], str(path), *command[1:], "-o", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"%PDF- the good copy from yesterday"
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.")] == [name]


def test_groups_csv_defuses_formulas_like_the_exports(tmp_path):
    # Before: groups had its own rule that let a full-width "＝" through.
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path))
    source = tmp_path / "people.csv"
    source.write_text("Name\n＝1+1 Wide\n=1+1 Narrow\n@SUM Ann\nBob\n", encoding="utf-8")
    fine(labdesk("import", path, source))
    out = tmp_path / "groups.csv"
    fine(labdesk("groups", path, "--size", "2", "-o", out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        names = sorted(row["attendee"] for row in csv.DictReader(fh))
    assert names == ["'=1+1 Narrow", "'@SUM Ann", "'＝1+1 Wide", "Bob"]
