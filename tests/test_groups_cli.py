"""`labdesk groups`: CSV and PDF from who checked in; clear one-line errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from labdesk.cli import main
from labdesk.core.grouping import meetings


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_round_group_attendee_and_everyone_checked_in_once_a_round(
    demo_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_file.path
    out = tmp_path / "groups.csv"
    assert (
        main(["groups", str(path), "--size", "3", "--rounds", "3", "-o", str(out), "--seed", "4"])
        == 0
    )
    rows = _csv(out)
    assert list(rows[0]) == ["round", "group", "attendee"]
    checked_in = demo_file.con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    per_round = Counter(r["round"] for r in rows)
    assert per_round == {"1": checked_in, "2": checked_in, "3": checked_in}
    for rnd in ("1", "2", "3"):
        names = [r["attendee"] for r in rows if r["round"] == rnd]
        assert len(set(names)) == len(names)
    groups: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        groups.setdefault((r["round"], r["group"]), []).append(r["attendee"])
    assert {len(g) for g in groups.values()} <= {2, 3}
    by_round = [[g for (rnd, _), g in groups.items() if rnd == str(k)] for k in (1, 2, 3)]
    assert all(n == 1 for n in meetings(by_round).values())  # nobody meets twice
    assert "checked in" in capsys.readouterr().out


def test_pdf_is_written(demo_file, tmp_path: Path) -> None:
    out = tmp_path / "groups.pdf"
    assert main(["groups", str(demo_file.path), "--size", "2", "-o", str(out)]) == 0
    from pypdf import PdfReader

    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Round 1 of 1" in text and "Group 1" in text


def test_formula_like_names_are_neutralised(workshop_file, tmp_path: Path) -> None:
    from labdesk.core.model import Attendee
    from labdesk.store import attendees

    attendees.add_many(
        workshop_file, [Attendee("=HYPERLINK(1)"), Attendee("Ann Bee"), Attendee("Cy Dee")]
    )
    out = tmp_path / "g.csv"
    assert main(["groups", str(workshop_file.path), "--size", "3", "-o", str(out)]) == 0
    names = {r["attendee"] for r in _csv(out)}
    assert "'=HYPERLINK(1)" in names


def test_bad_output_and_empty_workshop_give_one_line(workshop_file, tmp_path: Path) -> None:
    for args, expected in [
        (["-o", str(tmp_path / "x.txt")], "x.txt: give an output ending in .csv or .pdf"),
        (["-o", str(tmp_path / "x.csv")], "nobody to group"),
        (["-o", str(tmp_path / "x.csv"), "--size", "1"], "--size must be between 2 and 12"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "labdesk", "groups", str(workshop_file.path), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert expected in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
