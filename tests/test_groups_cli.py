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
    assert {len(g) for g in groups.values()} <= {3, 4}  # fours, never pairs, for trios
    by_round = [[g for (rnd, _), g in groups.items() if rnd == str(k)] for k in (1, 2, 3)]
    assert all(n == 1 for n in meetings(by_round).values())  # nobody meets twice
    assert "checked in" in capsys.readouterr().out


def test_pdf_is_written(demo_file, tmp_path: Path) -> None:
    out = tmp_path / "groups.pdf"
    assert main(["groups", str(demo_file.path), "--size", "2", "-o", str(out)]) == 0
    from pypdf import PdfReader

    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Groups: 23 pairs" in text and "Group 1" in text


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


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labdesk", "groups", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_item_groups_follow_troikas_rule_and_are_kept_in_the_file(
    demo_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labdesk.store import groups as store_groups

    out = tmp_path / "troika.csv"
    assert main(["groups", str(demo_file.path), "--item", "session 1", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "same group, roles rotate" in said and "46 people checked in" in said
    rows = _csv(out)
    assert list(rows[0]) == ["round", "group", "role", "attendee"]
    by_round: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for r in rows:
        by_round.setdefault(r["round"], {}).setdefault(r["group"], []).append(
            (r["attendee"], r["role"])
        )
    assert sorted(by_round) == ["1", "2", "3"]
    people = {k: [name for name, _ in g] for k, g in by_round["1"].items()}
    for rnd in ("2", "3"):  # the same trio every round: nobody regroups mid-Troika
        assert {k: [name for name, _ in g] for k, g in by_round[rnd].items()} == people
    for group in by_round["2"].values():
        assert group[1][1] == "client"  # round 2: the second member is the client
        assert sorted({role for _, role in group}) == ["client", "consultant"]
    assert sorted(len(g) for g in people.values()) == [3] * 14 + [4]  # a four, never a pair
    item_id = next(i.id for i in _items(demo_file) if i.title.startswith("Session 1"))
    kept = store_groups.latest(demo_file, item_id)
    assert kept is not None and kept.rule == "same_group_roles_rotate"
    # Asked again, the command prints the groups kept, not new ones.
    again = tmp_path / "again.csv"
    assert main(["groups", str(demo_file.path), "--item", str(item_id), "-o", str(again)]) == 0
    assert "kept groups" in capsys.readouterr().out
    assert _csv(again) == rows
    fresh = tmp_path / "fresh.csv"
    assert (
        main(["groups", str(demo_file.path), "--item", str(item_id), "--new", "-o", str(fresh)])
        == 0
    )
    assert store_groups.latest(demo_file, item_id).rounds != kept.rounds  # formed again


def _items(doc):  # type: ignore[no-untyped-def]
    from labdesk.store import agenda as store_agenda

    return store_agenda.load(doc)


def test_item_groups_as_pdf_name_the_round_and_each_role(demo_file, tmp_path: Path) -> None:
    out = tmp_path / "trios.pdf"
    assert main(["groups", str(demo_file.path), "--item", "Session 3", "-o", str(out)]) == 0
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert len(pages) == 3
    assert "Round 2 of 3: 14 trios and 1 four" in pages[1]
    assert "the presenter is each group's second member" in pages[1]
    assert pages[1].count("presenter") >= 15 and "listener" in pages[1]


def test_networking_pairs_by_item_meet_someone_new_each_round(demo_file, tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    assert main(["groups", str(demo_file.path), "--item", "Welcome", "-o", str(out)]) == 0
    rows = _csv(out)
    groups: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        groups.setdefault((r["round"], r["group"]), []).append(r["attendee"])
    by_round = [[g for (rnd, _), g in groups.items() if rnd == str(k)] for k in (1, 2, 3)]
    assert all(n == 1 for n in meetings(by_round).values())
    assert {r["role"] for r in rows} == {""}


def test_an_ambiguous_or_unknown_item_lists_the_candidates_in_one_line(
    demo_file, tmp_path: Path
) -> None:
    out = str(tmp_path / "x.csv")
    for item, expected in [
        ("Session", "'Session' matches 4 agenda items"),
        ("Break", '4 "Break", 8 "Break"'),
        ("Troika", "no agenda item is 'Troika'"),
        ("99", '1 "Arrival, coffee and check-in"'),
    ]:
        result = _run(str(demo_file.path), "--item", item, "-o", out)
        assert result.returncode == 2
        assert expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_item_refusals_say_why(demo_file, tmp_path: Path) -> None:
    out = str(tmp_path / "x.csv")
    for args, expected in [
        (["--item", "Lunch"], '"Lunch" has no groups to form'),
        (["--item", "Session 2"], "No groups"),
        (["--item", "Session 1", "--size", "2"], "leave out --size"),
        (["--new", "--size", "2"], "--new only goes with --item"),
    ]:
        result = _run(str(demo_file.path), *args, "-o", out)
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_nobody_checked_in_yet_groups_everyone_attending_and_says_so(
    workshop_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labdesk.core.activities import to_item
    from labdesk.core.model import Attendee
    from labdesk.store import agenda as store_agenda
    from labdesk.store import attendees
    from labdesk.store.agenda import template_for

    attendees.add_many(
        workshop_file,
        [Attendee(f"Person {n}") for n in range(7)] + [Attendee("Gone", status="cancelled")],
    )
    troika = template_for(workshop_file, "troika-consulting")
    assert troika is not None
    store_agenda.save_item(workshop_file, to_item(troika))
    out = tmp_path / "g.csv"
    assert main(["groups", str(workshop_file.path), "--item", "troika", "-o", str(out)]) == 0
    assert "all 7 people attending (nobody has checked in yet)" in capsys.readouterr().out
    rows = _csv(out)
    assert "Gone" not in {r["attendee"] for r in rows}
    assert sorted(Counter(r["group"] for r in rows if r["round"] == "1").values()) == [3, 4]
