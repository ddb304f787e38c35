"""Two sites, one programme: merging Manchester's workshop file into London's and London's
into Manchester's, each twice, give the same people and the same figures for each site; the
other file is only read; badges of each site keep scanning; erased people stay erased."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from labdesk.core import badges
from labdesk.core.checkin import ScanKind
from labdesk.store import merge, open_workshop, sites
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner
from labdesk.store.document import WorkshopFile
from tests import two_sites
from tests.hostile import fine, labdesk

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once


@pytest.fixture
def london_and_manchester(pristine_sites: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    return two_sites.copies(pristine_sites, tmp_path, tmp_path)


def decisions(london_first: bool) -> dict[tuple[int, int], bool]:
    pairs = {
        **{p: True for p in two_sites.DECIDE_SAME},
        **{p: False for p in two_sites.DECIDE_APART},
    }
    return pairs if london_first else {(t, h): v for (h, t), v in pairs.items()}


def merge_into(file: Path, other: Path, *, london_first: bool) -> merge.MergePlan:
    from labdesk import sites as merging

    with open_workshop(file, lock=False) as doc:
        with merge.open_other(other, file) as there:
            plan = merge.plan(doc, merge.read(there), decisions=decisions(london_first))
        merging.run(doc, plan)
        doc.close(take_backup=False)
    return plan


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read through SQLite (what "changes nothing" means)."""
    with open_workshop(path, lock=False, readonly=True) as doc:
        tables = [
            r[0]
            for r in doc.con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found = {
            t: sorted(map(tuple, doc.con.execute(f"SELECT * FROM {t}")), key=repr) for t in tables
        }
        doc.close(take_backup=False)
    return found


def people_and_tallies(path: Path) -> tuple[tuple[int, int], dict[str, sites.Tally]]:
    with open_workshop(path, lock=False, readonly=True) as doc:
        live, blank = doc.con.execute(
            "SELECT sum(erased_at IS NULL), sum(erased_at IS NOT NULL) FROM attendees"
        ).fetchone()
        found = sites.tallies(doc)
        doc.close(take_backup=False)
    return (int(live), int(blank)), found


@pytest.fixture
def merged(london_and_manchester: tuple[Path, Path]) -> Iterator[tuple[Path, Path, Path]]:
    """London with Manchester merged into it (and the two originals)."""
    london, manchester = london_and_manchester
    both = london.with_name("both.labdesk")
    shutil.copyfile(london, both)
    merge_into(both, manchester, london_first=True)
    yield both, london, manchester


# -- nothing counted twice ------------------------------------------------------------------------


def test_both_ways_round_and_twice_over_give_the_same_people_and_counts(
    london_and_manchester: tuple[Path, Path],
) -> None:
    london, manchester = london_and_manchester
    into_london, into_manchester = london.with_name("L+M.labdesk"), london.with_name("M+L.labdesk")
    shutil.copyfile(london, into_london)
    shutil.copyfile(manchester, into_manchester)
    before = {p: contents(p) for p in (london, manchester)}

    first = merge_into(into_london, manchester, london_first=True)
    assert len(first.new_people) == 22 and len(first.people.of(merge.merging.Step.SAME)) == 26
    merge_into(into_manchester, london, london_first=False)
    once = {p: contents(p) for p in (into_london, into_manchester)}
    again = [
        merge_into(into_london, manchester, london_first=True),
        merge_into(into_manchester, london, london_first=False),
    ]
    assert all(plan.empty for plan in again)
    assert {p: contents(p) for p in (into_london, into_manchester)} == once  # changed nothing

    (people_l, tallies_l), (people_m, tallies_m) = map(
        people_and_tallies, (into_london, into_manchester)
    )
    assert people_l == people_m == (two_sites.PEOPLE - two_sites.ERASED, two_sites.ERASED)
    assert tallies_l == tallies_m
    with open_workshop(london, lock=False, readonly=True) as doc:
        london_key = sites.own(doc).key
        doc.close(take_backup=False)
    at_london = tallies_l[london_key]
    at_manchester = next(t for k, t in tallies_l.items() if k != london_key)
    for name, value in two_sites.LONDON.items():
        assert getattr(at_london, name) == value, name
    for name, value in {**two_sites.MANCHESTER, **two_sites.MANCHESTER_MARKS}.items():
        assert getattr(at_manchester, name) == value, name
    # The other files were only read.
    assert {p: contents(p) for p in (london, manchester)} == before


def test_merging_back_a_file_that_holds_this_one_counts_nothing_twice(
    merged: tuple[Path, Path, Path],
) -> None:
    """Manchester merges the merged file (London with Manchester in it): London's records
    come once, Manchester's own are not taken back."""
    both, london, manchester = merged
    back = manchester.with_name("back.labdesk")
    shutil.copyfile(manchester, back)
    plan = merge_into(back, both, london_first=False)
    assert not plan.people.undecided  # the pairs were decided once, at London
    direct = manchester.with_name("direct.labdesk")
    shutil.copyfile(manchester, direct)
    merge_into(direct, london, london_first=False)
    assert people_and_tallies(back) == people_and_tallies(direct)


def test_a_cli_merge_needs_every_doubtful_pair_decided_and_then_says_what_it_did(
    london_and_manchester: tuple[Path, Path],
) -> None:
    london, manchester = london_and_manchester
    dry = fine(labdesk("merge", london, manchester, "--dry-run"))
    assert "people at Manchester: 50: 24 the same as someone here, 20 new, 3 doubtful" in dry
    assert "decide with --same 11=11 or --apart 11=11" in dry
    assert "check-ins: 41 at Manchester" in dry and "dry run: nothing changed" in dry
    refused = labdesk("merge", london, manchester)
    assert refused.code == 2 and "3 doubtful pairs are not decided" in refused.err
    done = fine(
        labdesk(
            "merge", london, manchester, "--same", "11=11", "--same", "12=12", "--apart", "13=13"
        )
    )
    assert "22 people added, 26 matched, 41 check-ins, 33 feedback responses" in done
    assert "london.labdesk: 79 people (and 3 erased on request), 2 sites" in done
    again = fine(labdesk("merge", london, manchester, "--apart", "all"))
    assert "nothing new to merge" in again
    info = dict(
        line.split(": ", 1) for line in fine(labdesk("info", london)).splitlines() if ": " in line
    )
    assert "2: Mental health" in info["sites"] and "Manchester, 2026-09-24" in info["sites"]


# -- badges ---------------------------------------------------------------------------------------


def _badge(path: Path, attendee_id: int) -> str:
    with open_workshop(path, lock=False, readonly=True) as doc:
        code = Scanner(doc).badge_code(attendee_id)
        doc.close(take_backup=False)
    return code


def _reads(doc: WorkshopFile, code: str) -> tuple[ScanKind | None, str | None]:
    kind, found = Scanner(doc).identify(code)
    if found is None:
        return kind, None
    return kind, doc.con.execute("SELECT name FROM attendees WHERE id = ?", (found,)).fetchone()[0]


def test_each_sites_badges_still_scan_and_the_merged_file_prints_its_own(
    merged: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    both, london, manchester = merged
    from_london = _badge(london, 1)  # Siân Jones, at both sites
    from_manchester = {n: _badge(manchester, n) for n in (1, 31, 13)}  # both; Aisha; Tomasz
    third = tmp_path / "third.labdesk"
    fine(labdesk("new", third, "--title", "Another programme"))
    from_a_third_workshop = _badge(third, 1)
    with open_workshop(both, lock=False) as doc:
        assert _reads(doc, from_london) == (None, "Siân Jones")
        assert _reads(doc, from_manchester[1]) == (None, "Siân Jones")
        assert _reads(doc, from_manchester[31]) == (None, "Aisha Qureshi")
        assert _reads(doc, from_manchester[13]) == (None, "Tomasz Wójcik")
        assert _reads(doc, from_a_third_workshop) == (ScanKind.OTHER_WORKSHOP, None)
        typo = from_manchester[31][:5] + ("A" if from_manchester[31][5] != "A" else "B")
        assert _reads(doc, typo + from_manchester[31][6:]) == (ScanKind.MISTYPED, None)
        # A Manchester badge signed with the wrong key: forged, as at Manchester.
        body = from_manchester[31][:-1]
        forged = body[:8] + ("C" if body[8] != "C" else "D") + body[9:]
        assert _reads(doc, forged + badges.check_char(forged)) == (ScanKind.FORGED, None)
        # New badges of the merged file's own, for someone who was only at Manchester.
        aisha = doc.con.execute("SELECT id FROM attendees WHERE name = 'Aisha Qureshi'").fetchone()
        new_badge = Scanner(doc).badge_code(int(aisha[0]))
        assert new_badge != from_manchester[31]
        assert _reads(doc, new_badge) == (None, "Aisha Qureshi")
        # Scanning a Manchester badge at the merged file's desk checks them in here.
        assert Scanner(doc).scan(from_manchester[31]).kind is ScanKind.CHECKED_IN
        doc.close(take_backup=False)


def test_the_open_file_hears_the_merge_once_with_what_it_changed(
    london_and_manchester: tuple[Path, Path],
) -> None:
    """The app's areas refresh on the topics they show: a merge names people, check-ins,
    feedback, cards and postcards (as topics they can test, not words), once, after its commit."""
    from labdesk import sites as merging

    london, manchester = london_and_manchester
    with open_workshop(london, lock=False) as doc:
        heard: list[tuple[Topic, int]] = []
        doc.subscribe(lambda topic: heard.append((topic, _people(doc))))
        with merge.open_other(manchester, london) as there:
            plan = merge.plan(doc, merge.read(there), decisions=decisions(True))
        before = _people(doc)
        merging.run(doc, plan)
        assert len(heard) == 1
        topic, people_when_heard = heard[0]
        for shown in (Topic.ATTENDEES, Topic.CHECKINS, Topic.FEEDBACK, Topic.COMMITMENTS):
            assert topic & shown, shown
        assert not topic & Topic.AGENDA
        assert people_when_heard == _people(doc) > before  # heard after the commit
        doc.close(take_backup=False)


def _people(doc: WorkshopFile) -> int:
    return int(doc.con.execute("SELECT count(*) FROM attendees").fetchone()[0])


def test_old_badges_of_an_old_sites_file_still_scan_after_the_merge(tmp_path: Path) -> None:
    """A site whose file was made at schema version 1 (badges with the old check character)
    is merged read-only into a new file, which accepts only new badges of its own."""
    from tests.old_files import version_1

    old = tmp_path / "old-site.labdesk"
    con = version_1(old, day="2025-05-01", code="ACDE", secret="22" * 32)
    con.execute(
        "INSERT INTO attendees (id, name, email, created_at) VALUES"
        " (1, 'Ada Lovelace', 'ada@example.org', '2025-04-01')"
    )
    con.execute("INSERT INTO check_ins (attendee_id, at) VALUES (1, '2025-05-01T09:00:00+01:00')")
    con.close()
    secret = bytes.fromhex("22" * 32)
    body = badges.make_code(secret, "ACDE", 1)[:-1]
    old_badge = body + badges.old_check_char(body)
    assert badges.check_char(body) != badges.old_check_char(body)
    new = tmp_path / "new.labdesk"
    fine(labdesk("new", new, "--title", "Second site"))
    fine(labdesk("merge", new, old))
    with open_workshop(old, lock=False, readonly=True) as doc:
        assert doc.schema_version() == 1  # read, never migrated
        doc.close(take_backup=False)
    with open_workshop(new, lock=False) as doc:
        assert _reads(doc, old_badge) == (None, "Ada Lovelace")
        # Its own badges take the new check character only.
        own_body = Scanner(doc).badge_code(1)[:-1]
        if badges.old_check_char(own_body) != badges.check_char(own_body):
            old_style = own_body + badges.old_check_char(own_body)
            assert _reads(doc, old_style) == (ScanKind.MISTYPED, None)
        doc.close(take_backup=False)
