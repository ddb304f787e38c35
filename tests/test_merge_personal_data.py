"""Erasure and the retention date reach merged people wherever their records came from, in
every table (those the sites migration added too), the journal and the backups; people erased
at either site stay erased, and are not brought back by a merge or an import."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from labdesk.store import open_workshop
from tests import two_sites
from tests.hostile import fine, labdesk
from tests.traces import look

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once


SAME = ["--same", "11=11", "--same", "12=12", "--apart", "13=13"]
AISHA = ["Aisha Qureshi", "aisha.qureshi@example.org", "M1 1AB", "MAN-NEW-0001-7Q2X9K4M"]
JAMAL = ["Jamal Ahmed", "jamal.ahmed@example.org"]
CATRIN = ["Catrin Pritchard", "catrin.pritchard@example.org"]


@pytest.fixture
def merged(pristine_sites: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """London with Manchester merged into it by `labdesk merge`, alone in its folder."""
    both, manchester = two_sites.copies(pristine_sites, tmp_path / "merged", tmp_path / "other")
    fine(labdesk("merge", both, manchester, *SAME))
    return both, manchester


def data_dir() -> Path:
    return Path(os.environ["LABDESK_DATA_DIR"])


def rows(path: Path) -> str:
    """Every value in every table of the file, as text (read through SQLite)."""
    with open_workshop(path, lock=False, readonly=True) as doc:
        tables = [
            r[0] for r in doc.con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        text = "\n".join(
            repr(tuple(r)) for t in tables for r in doc.con.execute(f"SELECT * FROM {t}")
        )
        doc.close(take_backup=False)
    return text.casefold()


def test_people_erased_at_either_site_are_nowhere_in_the_merged_file(merged) -> None:
    """Jamal, erased at Manchester, is erased from London's file by the merge (its journal
    and backups too, the one taken before the merge included); Catrin, erased at London, is
    not brought back from Manchester's rows."""
    both, _ = merged
    found, looked = look([*JAMAL, *CATRIN], both.parent, data_dir())
    assert len(looked) >= 3  # the file and the backups taken before and at the merge
    assert found == {}
    assert not any(n.casefold() in rows(both) for n in [*JAMAL, *CATRIN])


def test_erasing_a_merged_person_reaches_every_table_the_journal_and_the_backups(merged) -> None:
    both, manchester = merged
    # Found by the badge Manchester printed for her.
    with open_workshop(manchester, lock=False, readonly=True) as there:
        from labdesk.store.checkins import Scanner

        badge = Scanner(there).badge_code(31)
        there.close(take_backup=False)
    dry = fine(labdesk("erase", both, badge, "--dry-run"))
    assert "Aisha Qureshi" in dry
    done = fine(labdesk("erase", both, badge))
    assert "Other sites: what came from Manchester in a merge are erased here too" in done
    found, _ = look(AISHA, both.parent, data_dir())
    assert found == {}
    assert not any(n.casefold() in rows(both) for n in AISHA)
    # Merging Manchester again brings back neither her nor her card.
    with open_workshop(both, lock=False, readonly=True) as doc:
        before = doc.con.execute(
            "SELECT count(*), (SELECT count(*) FROM commitments) FROM attendees"
        ).fetchone()[:]
        doc.close(take_backup=False)
    again = fine(labdesk("merge", both, manchester, *SAME))
    assert "nothing new to merge" in again
    found, _ = look(AISHA[:2], both.parent)
    assert found == {}
    with open_workshop(both, lock=False, readonly=True) as doc:
        after = doc.con.execute(
            "SELECT count(*), (SELECT count(*) FROM commitments) FROM attendees"
        ).fetchone()[:]
        doc.close(take_backup=False)
    assert after == before


def test_someone_erased_at_manchester_is_left_out_of_an_import_into_the_merged_file(
    merged, tmp_path: Path
) -> None:
    """Orla Kennedy was erased at Manchester; only Manchester's keyed hashes of her email
    travelled. Manchester's registration export imported into the merged file leaves her out."""
    both, _ = merged
    export = tmp_path / "manchester-registrations.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Name", "Email", "Organisation"])
        writer.writerow(["Orla Kennedy", "orla.kennedy@example.org", "Pennine Care NHS FT"])
        writer.writerow(["New Person", "new.person@example.org", "Pennine Care NHS FT"])
    out = fine(labdesk("import", both, export))
    assert "erased on request; not imported again" in out
    assert "orla.kennedy@example.org" not in rows(both)
    assert "new.person@example.org" in rows(both)


def test_the_retention_date_purges_merged_people_everywhere(merged) -> None:
    both, _ = merged
    today = dt.date.today().isoformat()
    fine(labdesk("retention", both, "--set", today))
    fine(labdesk("retention", both, "--apply"))
    needles = [
        "Aisha Qureshi",
        "aisha.qureshi@example.org",
        "Oxford Road",
        "Siân Jones",
        "sian.jones@example.org",
        "Start a peer support walk",  # a Manchester card's words
    ]
    found, _ = look(needles, both.parent, data_dir())
    assert found == {}
    text = rows(both)
    assert not any(n.casefold() in text for n in needles)
    # The counts of both sites' days are kept.
    report = both.with_name("report.pdf")
    fine(labdesk("report", both, "-o", report))
    from tests.pdf_inspect import texts

    whole = " ".join(texts(report))
    assert "The sites side by side" in whole and "Manchester" in whole


def test_a_merged_file_takes_the_earlier_retention_date(pristine_sites, tmp_path: Path) -> None:
    """Manchester's attendees were promised their data goes at Manchester's date: merged into
    a file whose date is later, the earlier one holds."""
    london, manchester = two_sites.copies(pristine_sites, tmp_path, tmp_path)
    fine(labdesk("retention", london, "--set", "2027-06-01"))
    fine(labdesk("retention", manchester, "--set", "2027-01-15"))
    out = fine(labdesk("merge", london, manchester, *SAME))
    assert "retention date: 2027-01-15, the other site's (this file's was 2027-06-01)" in out
    assert "2027-01-15" in fine(labdesk("retention", london))
