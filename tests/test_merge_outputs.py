"""What a merged workshop prints and exports: the day report with the sites side by side,
`labdesk export --site`, and the schema step that made room for sites."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from labdesk.store import migrations, open_workshop
from tests import two_sites
from tests.hostile import fine, labdesk, refused
from tests.pdf_inspect import texts

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once


SAME = ["--same", "11=11", "--same", "12=12", "--apart", "13=13"]


@pytest.fixture(scope="module")
def merged(pristine_sites: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """London with Manchester merged into it, once for the module (the tests only read it)."""
    folder = tmp_path_factory.mktemp("merged")
    london, manchester = two_sites.copies(pristine_sites, folder, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LABDESK_DATA_DIR", str(tmp_path_factory.mktemp("merged-data")))
        fine(labdesk("merge", london, manchester, *SAME))
    return london


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_day_report_shows_the_sites_side_by_side(merged: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    fine(labdesk("report", merged, "-o", out))
    pages = texts(out)
    whole = " ".join(" ".join(pages).split())
    assert "London, Thursday 17 September 2026 · Manchester, Thursday 24 September 2026" in whole
    first = " ".join(pages[0].split())
    for heading in ("The sites side by side", "London", "Manchester", "All sites"):
        assert heading in first
    # The figures of each site, then of both: expected, came, walk-ins.
    assert "Expected 60 50 110 Came 46 41 87" in first and "Walk-ins 0 2 2" in first
    assert "Commitment cards 15 12 27" in first
    assert "16:21 (21 min late)" in first  # Manchester's day ran late; London's did not
    assert "Planned and actual timings, per site" in whole
    assert "Feedback on each session, per site" in whole
    assert "Start a peer support walk at lunchtime" in whole  # a Manchester card, with its site


def test_export_can_keep_to_one_site(merged: Path, tmp_path: Path) -> None:
    for site, feedback, cards, people in (
        ("Manchester", 33, 12, 47),
        ("here", 49, 15, 58),
        ("1", 49, 15, 58),
        ("2026-09-24", 33, 12, 47),
    ):
        fb, cc, pp = (tmp_path / f"{n}-{site}.csv" for n in ("f", "c", "p"))
        fine(labdesk("export", merged, "-o", fb, "--feedback", "--site", site))
        fine(labdesk("export", merged, "-o", cc, "--commitments", "--site", site))
        fine(labdesk("export", merged, "-o", pp, "--site", site))
        assert (len(_csv(fb)), len(_csv(cc)), len(_csv(pp))) == (feedback, cards, people), site
    everyone = tmp_path / "all.csv"
    fine(labdesk("export", merged, "-o", everyone))
    rows = {r["Name"]: r for r in _csv(everyone)}
    assert rows["Siân Jones"]["Registered at"] == "London; Manchester"
    assert rows["Aisha Qureshi"]["Registered at"] == "Manchester"
    manchester = {r["Name"]: r for r in _csv(tmp_path / "p-Manchester.csv")}
    assert manchester["Siân Jones"]["Checked in at"].startswith("2026-09-24T09:")
    assert refused(
        labdesk("export", merged, "-o", tmp_path / "x.csv", "--site", "Leeds")
    ).startswith("labdesk: no site matches 'Leeds'")
    assert "there is no site 3" in refused(
        labdesk("export", merged, "-o", tmp_path / "x.csv", "--site", "3")
    )
    assert "--site" in fine(labdesk("export", "--help")) and "SITE is `here`" in fine(
        labdesk("export", "--help")
    )


def test_a_file_of_the_version_before_gets_room_for_sites_and_keeps_its_day(
    tmp_path: Path,
) -> None:
    path = tmp_path / "before.labdesk"
    fine(labdesk("new", path, "--demo"))
    con = sqlite3.connect(path)
    # One version back: without the sites step (what a file of the labdesk before is).
    for table in (
        "sites",
        "site_people",
        "site_check_ins",
        "site_agenda_items",
        "site_records",
        "site_erased_keys",
    ):
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP INDEX feedback_site_origin")
    con.execute("DROP INDEX commitments_site_origin")
    for table, column in (
        ("attendees", "site_id"),
        ("feedback", "site_item_id"),
        ("feedback", "site_origin_id"),
        ("feedback", "site_id"),
        ("commitments", "site_origin_id"),
        ("commitments", "site_id"),
    ):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    # The version before the sites came (later migrations may follow it).
    sites = next(
        n for n, step in enumerate(migrations.MIGRATIONS) if "Sites:" in (step.__doc__ or "")
    )
    con.execute(f"PRAGMA user_version = {sites}")
    con.commit()
    con.close()
    before = fine(labdesk("info", path))  # info migrates it, like every command
    assert f"schema version: {migrations.SCHEMA_VERSION}" in before
    with open_workshop(path, lock=False, readonly=True) as doc:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        columns = {r[1] for r in doc.con.execute("PRAGMA table_info(commitments)")}
        assert {"site_id", "site_origin_id"} <= columns
        assert doc.con.execute("SELECT count(*) FROM attendees").fetchone()[0] == 60
        doc.close(take_backup=False)
    # And it can take another site straight away.
    other = tmp_path / "other.labdesk"
    fine(labdesk("new", other, "--title", "Second day", "--venue", "Leeds"))
    assert "2 sites" in fine(labdesk("merge", path, other))
