"""Every export is spreadsheet-safe: no cell a spreadsheet would run as a formula, none dropped."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest

from labdesk.cli import main
from labdesk.core import posting
from labdesk.core.model import Attendee, CommitmentCard, FeedbackResponse
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store import postcards as store_postcards
from labdesk.store.changes import Topic

# What a spreadsheet would take as a formula (or DDE), however it is dressed.
HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+44 20 7946 0000",
    "-1+2",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n-3",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\x0b=1+1",
    "\x01@SUM(A1)",
    "\uff1d1+1",
]


def dangerous(cell: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula: after any leading blanks or
    invisible characters it starts with = + - @ (or their full-width forms)."""
    text = cell
    while text and (text[0].isspace() or unicodedata.category(text[0]) in ("Cc", "Cf")):
        text = text[1:]
    return text[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def test_the_rule_itself() -> None:
    assert all(dangerous(h) for h in HOSTILE)
    assert not dangerous("'=1+1") and not dangerous("Ann") and not dangerous("")


@pytest.fixture
def hostile_day(demo_file):  # type: ignore[no-untyped-def]
    """The demo with hostile text in every field people or phones can fill."""
    for n, bad in enumerate(HOSTILE):
        store_attendees.add(
            demo_file,
            Attendee(
                name=f"{bad} {n}",
                given_name=bad,
                family_name=bad,
                organisation=bad,
                role=bad,
                email=bad,
                access_needs=bad,
                dietary_needs=bad,
                ticket_type=bad,
                address=f"{bad}\n{bad} Road\nLeeds",
                ticket_codes=[f"{bad}{n}"],
                consent_postcard=True,
            ),
        )
    item = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 3"))
    assert item.id is not None
    with demo_file.transaction(Topic.FEEDBACK) as con:
        for n, bad in enumerate(HOSTILE):
            store_feedback.write(
                con,
                FeedbackResponse(
                    item.id, 3, worked=bad, change=bad, answers={"One thing": bad, bad: bad}
                ),
                f"fb:hostile{n}",
            )
    for n, bad in enumerate(HOSTILE):
        card_id = store_commitments.upsert(
            demo_file,
            CommitmentCard(
                action=bad,
                who=bad,
                by_when=bad,
                name=f"{bad} {n}",
                email=bad,
                address=f"{bad}\n{bad} Street\nYork",
                consent_post=True,
            ),
            f"card:hostile{n}",
        )
        store_commitments.confirm(demo_file, card_id, True)  # the facilitator ticked them
    return demo_file


def _csv_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _xlsx_cells(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # never stored as a formula
        rows.append(["" if c.value is None else str(c.value) for c in row])
    return rows


@pytest.mark.parametrize("what", ["", "--feedback", "--commitments"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_export_neutralises_every_cell(hostile_day, tmp_path, what: str, suffix: str) -> None:
    out = tmp_path / f"export{suffix}"
    args = ["export", str(hostile_day.path), "-o", str(out)] + ([what] if what else [])
    assert main(args) == 0
    rows = (_csv_cells if suffix == ".csv" else _xlsx_cells)(out)
    expected = {
        "": 60 + len(HOSTILE),
        "--feedback": store_feedback.count(hostile_day),
        "--commitments": store_commitments.count(hostile_day),
    }[what]
    assert len(rows) == 1 + expected  # no row dropped
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if dangerous(c)] == []
    # Each hostile value is still there, as text behind an apostrophe.
    for bad in HOSTILE[:5]:
        assert any(c.startswith("'") and bad in c for c in cells), bad


def test_the_postcard_mailing_list_neutralises_every_cell(hostile_day) -> None:
    text = posting.mailing_csv(store_postcards.load_all(hostile_day))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if dangerous(c)] == []
    assert sum(any(f"{bad} " in c for c in cells) for bad in HOSTILE[:5]) == 5


def test_the_groups_csv_neutralises_every_name(hostile_day, tmp_path) -> None:
    with hostile_day.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")  # nobody in yet: everyone attending is grouped
    out = tmp_path / "groups.csv"
    assert (
        main(["groups", str(hostile_day.path), "--size", "4", "--rounds", "2", "-o", str(out)]) == 0
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if dangerous(c)] == []
    assert sum(any(f"{bad} " in c for c in cells) for bad in HOSTILE[:5]) == 5
