"""The command line: help, new, info, export, and one-line errors for bad input."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from labdesk.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labdesk", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in ("new", "info", "export", "--demo"):
        assert name in out


def test_new_then_info(tmp_path, capsys):
    path = tmp_path / "day.labdesk"
    assert main(["new", str(path), "--title", "Pain and mood", "--date", "2026-10-01"]) == 0
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    assert lines["title"] == "Pain and mood"
    assert lines["date"] == "2026-10-01"
    assert lines["attendees"] == "0"
    assert lines["integrity"] == "ok"
    for key in (
        "venue",
        "schema version",
        "checked in",
        "agenda items",
        "feedback responses",
        "commitment cards",
    ):
        assert key in lines


def test_new_demo_then_info_in_a_real_process(tmp_path):
    path = tmp_path / "demo.labdesk"
    made = run_cli("new", str(path), "--demo")
    assert made.returncode == 0, made.stderr
    info = run_cli("info", str(path))
    assert info.returncode == 0
    facts = dict(line.split(": ", 1) for line in info.stdout.splitlines())
    assert int(facts["attendees"]) == 60
    assert int(facts["agenda items"]) >= 8
    assert int(facts["commitment cards"]) > 0
    assert "Traceback" not in info.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["info", "{tmp}/missing.labdesk"], "does not exist"),
        (["info", "{tmp}/junk.labdesk"], "not a labdesk workshop"),
        (["new", "{tmp}/x.labdesk", "--date", "17/09/2026"], "--date must look like"),
        (["export", "{tmp}/junk.labdesk", "-o", "{tmp}/out.pdf"], "must end in .csv or .xlsx"),
    ],
)
def test_bad_input_gets_one_line_and_no_traceback(tmp_path, args, words):
    (tmp_path / "junk.labdesk").write_bytes(b"\x00\xffnot sqlite")
    result = run_cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "day.labdesk"
    assert main(["new", str(path)]) == 0
    before = path.read_bytes()
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_export_is_spreadsheet_safe(demo_file, tmp_path, capsys):
    from labdesk.core.model import Attendee
    from labdesk.store import attendees

    attendees.add(
        demo_file,
        Attendee(name='=HYPERLINK("http://x")', organisation="+44 Ltd", email="@evil", role="-1"),
    )
    out = tmp_path / "people.csv"
    assert main(["export", str(demo_file.path), "-o", str(out)]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["Name", "Given name"]
    assert len(rows) == 1 + 61
    evil = next(r for r in rows if "HYPERLINK" in r[0])
    assert (
        evil[0].startswith("'=")
        and evil[3] == "'+44 Ltd"
        and evil[4] == "'-1"
        and evil[5] == "'@evil"
    )
    sian = next(r for r in rows if r[0] == "Siân Jones")
    assert sian[5] == "sian.jones@example.org"


def test_export_feedback_and_commitments_as_xlsx(demo_file, tmp_path):
    from openpyxl import load_workbook

    for flag, header in (("--feedback", "Rating"), ("--commitments", "Commitment")):
        out = tmp_path / f"out{flag}.xlsx"
        assert main(["export", str(demo_file.path), "-o", str(out), flag]) == 0
        sheet = load_workbook(out).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert header in values[0]
        assert len(values) > 10
