"""Two demo-like sites of one programme, London and Manchester, with people in common.

London is the demo workshop as `labdesk new X --demo` makes it (60 people, 46 in, 49 feedback
responses, 16 cards), the day run from labdesk with its timings, and one person erased on
request (Catrin Pritchard, #21, who also went to Manchester).

Manchester starts from the demo too, then becomes another day (a week later, in Manchester,
other ticket codes). It keeps the first 30 of London's people, of whom:

- 24 are found by their email, and Catrin (#21) too, erased at London;
- #11 Chidi Okafor booked with another email, #12 Hannah Cohen with none: doubtful pairs,
  the same person (DECIDE_SAME);
- #13's email is now used by Tomasz Wójcik, a colleague: doubtful, two people (DECIDE_APART);
- #14 Amara Mensah has another email and another organisation: a new person, not doubtful;
- #22 Jamal Ahmed was erased on request at Manchester (so at London too, after the merge).

and adds 20 Manchester people (one of them, #35, erased on request there). 41 checked in at
Manchester (two walk-ins); 33 feedback responses; 13 cards (one of a new person, unconfirmed;
one unlinked; one on paper), two printed and one posted; the day ran late.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from labdesk.store import attendees, commitments, erasure, run_state
from labdesk.store.demo import create_demo
from labdesk.store.document import WorkshopFile

MANCHESTER_PEOPLE = [
    ("Aisha Qureshi", "Greater Manchester Mental Health NHS FT"),
    ("Liam Gallagher-Shaw", "Salford Royal NHS FT"),
    ("Bronwen Price", "Manchester Mind"),
    ("Sanjay Mistry", "Greater Manchester Mental Health NHS FT"),
    ("Orla Kennedy", "Pennine Care NHS FT"),
    ("Kojo Mensah-Bonsu", "Manchester Mind"),
    ("Zainab Hussain", "Salford Royal NHS FT"),
    ("Harriet Lowe", "University of Manchester"),
    ("Dominic Reyes", "Pennine Care NHS FT"),
    ("Ewa Kowalska", "University of Manchester"),
    ("Callum Fraser", "Greater Manchester Mental Health NHS FT"),
    ("Precious Ndlovu", "Manchester Mind"),
    ("Imran Siddiqui", "Salford Royal NHS FT"),
    ("Lucy Whitfield", "Pennine Care NHS FT"),
    ("Tariq Aziz", "University of Manchester"),
    ("Megan Lloyd", "Manchester Mind"),
    ("Ravi Chandran", "Salford Royal NHS FT"),
    ("Sinéad Doyle", "Greater Manchester Mental Health NHS FT"),
    ("Abdul Karim", "Pennine Care NHS FT"),
    ("Jess Armitage", "University of Manchester"),
]

# London's attendee numbers (the demo's order, from 1).
CHIDI, HANNAH, DAFYDD, AMARA, CATRIN, JAMAL = 11, 12, 13, 14, 21, 22
# Manchester keeps London's first 30 under the same numbers; its own people are 31 to 50.
TOMASZ_WOJCIK = DAFYDD  # Manchester's #13: Dafydd's email, another person
ERASED_AT_MANCHESTER = 35  # Orla Kennedy, erased on request at Manchester
DECIDE_SAME = [(CHIDI, CHIDI), (HANNAH, HANNAH)]  # (London, Manchester) pairs
DECIDE_APART = [(DAFYDD, TOMASZ_WOJCIK)]

# What the merge must come to, worked out from the above (either way round).
PEOPLE = 60 + 20 + 2  # London's, Manchester's own, Tomasz and the other Amara
ERASED = 1 + 1 + 1  # Catrin, Jamal (both sites), Manchester's #35
LONDON = {"expected": 60, "arrived": 46, "walk_ins": 0, "feedback": 49, "cards": 15}
MANCHESTER = {"expected": 50, "arrived": 41, "walk_ins": 2, "feedback": 33, "cards": 12}
MANCHESTER_MARKS = {"printed": 2, "posted": 1}


def _london(path: Path) -> None:
    doc = create_demo(path, lock=False)
    try:
        _timings(doc, late_min=0)
        erasure.erase_person(doc, CATRIN)
    finally:
        doc.close(take_backup=False)


def _timings(doc: WorkshopFile, *, late_min: int) -> None:
    from labdesk.core.agenda import schedule
    from labdesk.store import agenda
    from labdesk.store import workshop as store_workshop

    w = store_workshop.load(doc)
    items = agenda.load(doc)
    zone = dt.timezone(dt.timedelta(hours=1))
    plan = {}
    late = 0
    for n, slot in enumerate(schedule(w.day_start, items)):
        assert slot.item.id is not None
        start = dt.datetime.combine(w.date, slot.start, zone)
        end = dt.datetime.combine(w.date, slot.end, zone)
        plan[slot.item.id] = run_state.Actual(planned_start=start, planned_end=end)
        if n >= 2:
            late = min(late + late_min, 3 * late_min)  # late from the first session on
        shift = dt.timedelta(minutes=late)
        run_state.record(doc, slot.item.id, start=start + shift, end=end + shift)
    run_state.keep_plan(doc, plan)


def _manchester(path: Path) -> None:
    from labdesk.core.model import Attendee, CommitmentCard
    from labdesk.store import workshop as store_workshop

    doc = create_demo(path, lock=False)
    try:
        w = store_workshop.load(doc)
        w.venue = "Friends Meeting House, Manchester"
        w.date = dt.date(2026, 9, 24)
        store_workshop.save(doc, w)
        with doc.transaction("attendees") as con:
            con.execute("DELETE FROM commitments WHERE attendee_id > 30")
            con.execute("DELETE FROM attendees WHERE id > 30")
            con.execute("DELETE FROM check_ins")
            con.execute("DELETE FROM feedback WHERE id % 3 = 0")
            con.execute("UPDATE feedback SET rating = 6 - rating WHERE id % 3 = 1")
            # Another event, other tickets: Manchester's codes are its own.
            con.execute("UPDATE ticket_codes SET code = 'MAN-' || code, key = 'man-' || key")
            con.execute(
                "UPDATE attendees SET email = 'c.okafor@equallywell.example' WHERE id = ?",
                (CHIDI,),
            )
            con.execute("UPDATE attendees SET email = '' WHERE id = ?", (HANNAH,))
            con.execute(
                "UPDATE attendees SET name = 'Tomasz Wójcik', given_name = 'Tomasz',"
                " family_name = 'Wójcik', sort_name = 'wojcik tomasz' WHERE id = ?",
                (TOMASZ_WOJCIK,),
            )
            con.execute(
                "UPDATE attendees SET email = 'amara@manchester.example',"
                " organisation = 'University of Manchester' WHERE id = ?",
                (AMARA,),
            )
        for n, (name, org) in enumerate(MANCHESTER_PEOPLE, start=1):
            email = name.lower().replace(" ", ".").replace("é", "e") + "@example.org"
            person = Attendee(name=name, organisation=org, email=email)
            person.ticket_codes = [f"MAN-NEW-{n:04d}-7Q2X9K4M"]
            person.address = f"{n} Oxford Road\nManchester\nM1 {n}AB"
            person.consent_postcard = True
            if n in (19, 20):  # walked in on the day
                attendees.add_walk_in(doc, person, desk="Door", at="2026-09-24T10:05:00+01:00")
            else:
                attendees.add(doc, person)
        assert doc.con.execute("SELECT max(id) FROM attendees").fetchone()[0] == 50
        with doc.transaction("checkins") as con:
            arrivals = [i for i in range(1, 26) if i != 6] + list(range(31, 46))
            for n, person_id in enumerate(arrivals):
                con.execute(
                    "INSERT INTO check_ins (attendee_id, at, desk, method) VALUES (?, ?, ?, ?)",
                    (person_id, f"2026-09-24T09:{10 + n:02d}:00+01:00", "Desk 2", "scan"),
                )
        commitments.upsert(
            doc,
            CommitmentCard(
                action="Start a peer support walk at lunchtime",
                who="Two colleagues",
                by_when="December",
                name="Aisha Qureshi",
                email="aisha.qureshi@example.org",
                use_registered_address=True,
                consent_post=True,
            ),
            submission_key="man-card-1",
        )
        commitments.upsert(
            doc,
            CommitmentCard(
                action="Write to our commissioners about joined-up pain services",
                name="A visitor from Leeds",
                address="9 Briggate\nLeeds\nLS1 6HD",
                consent_post=True,
            ),
            submission_key="man-card-2",
        )
        paper = CommitmentCard(
            action="Bring a lived experience partner to our board",
            name="Mei Lin Chen",
            source="paper",
            attendee_id=30,
            confirmed_by="paper",
            consent_post=True,
            use_registered_address=True,
        )
        commitments.upsert(doc, paper, submission_key="man-card-3")
        ids = [int(r[0]) for r in doc.con.execute("SELECT id FROM commitments ORDER BY id")]
        from labdesk.store import postcards

        postcards.mark_printed(doc, ids[:2], "2026-10-10T12:00:00+01:00")
        with doc.transaction("postcards") as con:  # posted (its address kept, as a test)
            con.execute(
                "UPDATE postcards SET posted_at = '2026-10-15T09:00:00+01:00'"
                " WHERE commitment_id = ?",
                (ids[0],),
            )
        _timings(doc, late_min=7)
        erasure.erase_person(doc, JAMAL)
        erasure.erase_person(doc, ERASED_AT_MANCHESTER)
    finally:
        doc.close(take_backup=False)


def make(folder: Path) -> tuple[Path, Path]:
    """London and Manchester in folder, closed (nothing holds them)."""
    london, manchester = folder / "london.labdesk", folder / "manchester.labdesk"
    _london(london)
    _manchester(manchester)
    return london, manchester


@pytest.fixture(scope="session")
def pristine_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """London and Manchester, made once for the session: tests copy them (`copies`)."""
    folder = tmp_path_factory.mktemp("sites")
    with pytest.MonkeyPatch.context() as patch:  # their backups: not in the user's data folder
        patch.setenv("LABDESK_DATA_DIR", str(tmp_path_factory.mktemp("sites-data")))
        return make(folder)


def copies(pristine: tuple[Path, Path], london_in: Path, manchester_in: Path) -> tuple[Path, Path]:
    """Copies of the two (closed: nothing holds them), owner-only like the originals."""
    made = []
    for source, folder in zip(pristine, (london_in, manchester_in), strict=True):
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / source.name
        shutil.copyfile(source, copy)
        copy.chmod(0o600)
        made.append(copy)
    return made[0], made[1]
