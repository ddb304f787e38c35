"""Whose commitment card this is: one rule in core, the candidates found through indexed keys
(never a read of every attendee inside the writer's transaction), names kept fresh."""

from __future__ import annotations

import sqlite3

from labdesk.core.card_matching import CardMatch, match_card
from labdesk.core.model import Attendee, CommitmentCard
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments
from labdesk.store.changes import Topic

SIAN = Attendee(id=1, name="Siân Jones", email="sian@example.org", organisation="Mind")
OTHER_SIAN = Attendee(id=2, name="Sian Jones", email="", organisation="NHS")
RAVI = Attendee(id=3, name="Ravi Patel", email="office@example.org")
ROSE = Attendee(id=4, name="Rose Patel", email="office@example.org")


def test_one_registration_with_the_email_is_theirs() -> None:
    assert match_card("S Jones", "SIAN@example.org ", [SIAN]) == (1, CardMatch.MATCHED)


def test_a_colleagues_email_with_another_registered_name_is_for_review() -> None:
    assert match_card("Ravi Patel", "sian@example.org", [SIAN, RAVI]) == (
        None,
        CardMatch.AMBIGUOUS,
    )


def test_a_shared_email_is_settled_by_the_name_or_left_for_review() -> None:
    assert match_card("Rose Patel", "office@example.org", [RAVI, ROSE]) == (4, CardMatch.MATCHED)
    assert match_card("R Patel", "office@example.org", [RAVI, ROSE])[1] is CardMatch.AMBIGUOUS


def test_names_match_whatever_their_accents_case_and_order() -> None:
    assert match_card("JONES, siân", "", [SIAN]) == (1, CardMatch.MATCHED)
    assert match_card("Sian Jones", "", [SIAN, OTHER_SIAN])[1] is CardMatch.AMBIGUOUS
    assert match_card("Nobody Here", "", [SIAN]) == (None, CardMatch.UNMATCHED)


def test_an_erased_persons_email_never_links_by_name() -> None:
    assert match_card("Sian Jones", "gone@example.org", [OTHER_SIAN], email_erased=True) == (
        None,
        CardMatch.UNMATCHED,
    )


def _plans(con: sqlite3.Connection, statements: list[str]) -> list[str]:
    """The query plan of every statement that reads the attendees, as SQLite would run it."""
    found = []
    for sql in statements:
        if "FROM attendees" in sql and sql.lstrip().upper().startswith("SELECT"):
            rows = con.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            found += [str(r[-1]) for r in rows]
    return found


def test_storing_a_card_finds_its_person_through_the_indexes(workshop_file) -> None:
    """GIVEN 2,000 people, WHEN a card naming one is stored, THEN the right person is matched
    and no statement inside the transaction reads the attendees table from end to end."""
    store_attendees.add_many(
        workshop_file,
        [Attendee(name=f"Person{n} Family{n}", email=f"p{n}@example.org") for n in range(2000)],
    )
    con = workshop_file.con
    statements: list[str] = []
    con.set_trace_callback(statements.append)
    try:
        card = CommitmentCard("Call the clinic", name="family1234, person1234")
        commitments.upsert(workshop_file, card, "card:1")
    finally:
        con.set_trace_callback(None)
    wanted = workshop_file.con.execute(
        "SELECT id FROM attendees WHERE email = 'p1234@example.org'"
    ).fetchone()[0]
    assert card.attendee_id == wanted
    assert card.match_status == commitments.MATCHED
    plans = _plans(con, statements)
    assert plans and not any(p.startswith("SCAN attendees") for p in plans), plans


def test_a_name_changed_by_another_program_is_matched_by_its_new_name(workshop_file) -> None:
    person = store_attendees.add(workshop_file, Attendee(name="Ann Lee"))
    with workshop_file.transaction(Topic.ATTENDEES) as con:  # as another program would
        con.execute("UPDATE attendees SET name = 'Ann Kowalczyk' WHERE id = ?", (person.id,))
    key = workshop_file.con.execute(
        "SELECT name_key FROM attendees WHERE id = ?", (person.id,)
    ).fetchone()[0]
    assert key is None  # no stale copy of the old name is kept
    old = CommitmentCard("A", name="Ann Lee")
    new = CommitmentCard("B", name="Ann Kowalczyk")
    commitments.upsert(workshop_file, old, "card:old")
    commitments.upsert(workshop_file, new, "card:new")
    assert old.attendee_id is None and new.attendee_id == person.id
