"""Merging another site's file with 10,000 people, half of them also at this site, each site with
8,000 check-ins, 2,000 feedback responses and 10 polls (8 of 500 answers each, a Q&A of 200
questions with 2,000 votes, one unanswered): `labdesk merge FILE OTHER` timed as a whole
process, the first time and again (nothing new). DESIGN.md sets no budget for a merge: printed
as a reference, beside the 10,000-row import's budget (3 s) it is most like."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import statistics
from pathlib import Path

from benchmarks.common import Figure, labdesk, reference, runs
from benchmarks.people import people_rows

PEOPLE = 10_000


def _site(path: Path, title: str, day: dt.date, rows: list[list[str]]) -> None:
    from labdesk.store import create

    doc = create(path, title, day, venue=title, lock=False)
    with doc.transaction() as con:
        for n, (first, last, email, org, code) in enumerate(rows, start=1):
            con.execute(
                "INSERT INTO attendees (name, given_name, family_name, organisation, email,"
                " created_at) VALUES (?, ?, ?, ?, ?, '2026-09-01')",
                (f"{first} {last}", first, last, org, email),
            )
            con.execute(
                "INSERT INTO ticket_codes (code, attendee_id, key) VALUES (?, ?, ?)",
                (f"{title[:3]}-{code}", n, f"{title[:3]}-{code}".lower()),
            )
            if n <= 8_000:
                con.execute(
                    "INSERT INTO check_ins (attendee_id, at) VALUES (?, ?)",
                    (n, f"{day.isoformat()}T09:{n % 60:02d}:00+01:00"),
                )
            if n <= 2_000:
                con.execute(
                    "INSERT INTO feedback (rating, worked, created_at, updated_at)"
                    " VALUES (?, 'Good pace', '2026-09-17', '2026-09-17')",
                    (1 + n % 5,),
                )
        _polls(con)
    doc.close(take_backup=False)


def _polls(con: sqlite3.Connection) -> None:
    """Ten questions to the room, answered by 500 phones; a Q&A with its votes."""
    at = "2026-09-17T10:00:00+01:00"
    for n in range(1, 11):
        kind = "questions" if n == 10 else "words" if n % 2 else "scale"
        con.execute(
            "INSERT INTO polls (id, text, kind, created_at, opened_at, closed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (n, f"Question {n}", kind, at, at, at),
        )
        if kind != "questions" and n != 9:
            con.executemany(
                "INSERT INTO poll_answers (poll_id, phone, value, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(n, f"phone{p}", str(1 + p % 5), at, at) for p in range(500)],
            )
    con.executemany(
        "INSERT INTO poll_asked (id, poll_id, phone, submission_key, text, created_at)"
        " VALUES (?, 10, ?, ?, ?, ?)",
        [(q, f"phone{q}", f"k{q}", f"Asked question {q}?", at) for q in range(1, 201)],
    )
    con.executemany(
        "INSERT INTO poll_votes (asked_id, phone, at) VALUES (?, ?, ?)",
        [(1 + v % 200, f"phone{v // 200}", at) for v in range(2_000)],
    )


def run(folder: Path) -> list[Figure]:
    rows = people_rows(PEOPLE * 3 // 2)
    here, there = folder / "london.labdesk", folder / "manchester.labdesk"
    _site(here, "London", dt.date(2026, 9, 17), rows[:PEOPLE])
    _site(there, "Manchester", dt.date(2026, 9, 24), rows[PEOPLE // 2 :])
    first, again = [], []
    for n in range(3):
        path = folder / f"merge-{n}.labdesk"
        shutil.copyfile(here, path)
        (done,) = runs(labdesk("merge", path, there, "--apart", "all"), folder, 1)
        if (
            "5000 people added" not in done.stdout
            or "10 polls with 4200 answers" not in done.stdout
        ):
            raise RuntimeError(f"unexpected: {done.stdout[-500:]}")
        first.append(done.seconds)
        again.append(runs(labdesk("merge", path, there, "--apart", "all"), folder, 1)[0].seconds)
    return [
        reference(
            f"merge {PEOPLE:,} people (half at both sites): labdesk merge, whole process",
            statistics.median(first),
            "s",
        ),
        reference(
            f"merge the same {PEOPLE:,} again (nothing new): labdesk merge, whole process",
            statistics.median(again),
            "s",
        ),
    ]
