"""The desk and the Feedback area follow changes by the rows that changed: what a volunteer sees
(the counts, who is still to come, by organisation, who the search finds) after scans, walk-ins,
imports, cancellations, erasures and changes from other connections is what a fresh desk shows."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from labdesk.core.model import Attendee, FeedbackResponse
from labdesk.core.search import SearchIndex
from labdesk.core.search_layers import LayeredIndex
from labdesk.gui.areas.checkin import CheckinDesk
from labdesk.gui.feedback_counts import FeedbackCounts
from labdesk.gui.session import WorkshopSession
from labdesk.store import attendees, checkins, erasure, migrations, open_workshop
from labdesk.store import feedback as store_feedback
from labdesk.store.changes import Topic

NAMES = ["Siân Jones", "Sean Jonas", "Bethan Smith", "Owain Morgan", "Zoë Nowak", "Ann Lee"]


def _people(n: int, start: int = 1) -> list[Attendee]:
    return [
        Attendee(
            name=f"{NAMES[k % len(NAMES)]} {k}",
            organisation=["Mind", "Q Lab", ""][k % 3],
            id=start + k,
        )
        for k in range(n)
    ]


def _names(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.attendee.name for h in hits]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 30),
    st.lists(st.integers(0, 29), max_size=8),
    st.lists(st.integers(0, 29), max_size=5),
    st.sampled_from(["jones", "sian 1", "nowak", "mind", "owain morgn", "ann", "walk"]),
)
def test_a_layered_index_finds_what_a_fresh_index_finds(n, renamed, removed, query) -> None:
    people = _people(n)
    index = LayeredIndex(SearchIndex(people))
    now = {p.id: p for p in people}
    changed = [
        Attendee(name=f"Walk-in Person {k}", organisation="Mind", id=100 + k) for k in (1, 2)
    ]
    for k in renamed:
        if k < n:
            changed.append(Attendee(name=f"Renamed Jones {k}", organisation="Q Lab", id=k + 1))
    later = {p.id for p in changed[3:]}  # one reading: someone is changed or gone, not both
    gone = [k + 1 for k in removed if k < n and k + 1 not in later]
    index = index.with_changes(changed[:3], [])
    index = index.with_changes(changed[3:], gone)
    for p in changed:
        now[p.id] = p
    for attendee_id in gone:
        now.pop(attendee_id, None)
    fresh = SearchIndex(now.values())
    assert sorted(_names(index.search(query, 500))) == sorted(_names(fresh.search(query, 500)))
    assert {h.score for h in index.search(query, 3)} <= {h.score for h in fresh.search(query, 500)}


def _desk(qtbot, session) -> CheckinDesk:  # type: ignore[no-untyped-def]
    desk = CheckinDesk(session, desk_name="Desk", open_pdf=lambda _p: None)
    qtbot.addWidget(desk)
    qtbot.waitUntil(lambda: desk.loaded)
    return desk


def _shown(desk: CheckinDesk) -> tuple[str, list[str], list[tuple[str, int, int]]]:
    return (
        desk.figure.text(),
        [a.name for a in desk.waiting.rows],
        list(desk.orgs.rows),
    )


def _settled(qtbot, desk: CheckinDesk, before: str) -> None:  # type: ignore[no-untyped-def]
    desk._refresh_timer.setInterval(0)
    qtbot.waitUntil(lambda: desk.figure.text() != before and not desk._reading, timeout=5000)


def test_scans_walk_ins_imports_and_erasures_show_as_a_fresh_desk_shows_them(
    qtbot, demo_file
) -> None:  # type: ignore[no-untyped-def]
    session = WorkshopSession(demo_file)
    desk = _desk(qtbot, session)
    try:
        waiting = [a for a in desk.waiting.rows]
        first, second = waiting[0], waiting[1]
        before = desk.figure.text()
        desk.handle_scan(desk.scanner.badge_code(first.id))  # a scan at this desk
        _settled(qtbot, desk, before)
        assert first.name not in [a.name for a in desk.waiting.rows]
        inside, expected = (int(w) for w in desk.figure.text().split()[0:3:2])
        org = first.organisation or "(none given)"
        assert sum(r[1] for r in desk.orgs.rows if r[0] == org) >= 1

        before = desk.figure.text()
        walk_in = Attendee(name="Nia Walker", organisation="A Brand New Charity")
        desk.scanner.walk_in(walk_in)  # a walk-in: a new organisation, counted and findable
        _settled(qtbot, desk, before)
        assert desk.figure.text().startswith(f"{inside + 1} of {expected + 1} in")
        assert ("A Brand New Charity", 1, 1) in desk.orgs.rows
        desk.search.setText("nia walkr")
        assert desk.results.rows[0][0].name == "Nia Walker"
        assert desk.results.rows[0][1].startswith("In since")
        desk.search.clear()

        # Another connection (a batch command, another laptop): an import, a cancellation, an
        # erasure and a check-in undone, in one go.
        other = open_workshop(demo_file.path, lock=False)
        attendees.add_many(other, [Attendee(name="Late Registrant", organisation="Mind")])
        cancelled = attendees.get(other, second.id)
        assert cancelled is not None
        cancelled.status = "cancelled"
        with other.transaction(Topic.ATTENDEES) as con:
            attendees.update(con, cancelled)
        erased = next(a for a in attendees.load_all(other) if a.name == "Nia Walker")
        erasure.erase_person(other, erased.id)
        checkins.undo(other, first.id)
        other.close(take_backup=False)
        before = desk.figure.text()
        session.look_now()
        _settled(qtbot, desk, before)

        fresh = _desk(qtbot, session)
        assert _shown(desk) == _shown(fresh)
        assert "Late Registrant" in [a.name for a in desk.waiting.rows]
        assert second.name not in [a.name for a in desk.waiting.rows]  # cancelled
        assert first.name in [a.name for a in desk.waiting.rows]  # back: undone
        assert all(r[0] != "A Brand New Charity" for r in desk.orgs.rows)  # erased
        desk.search.setText("nia walker")
        assert all(r[0].name != "Nia Walker" for r in desk.results.rows)
        desk.search.setText("late registrant")
        assert desk.results.rows[0][0].name == "Late Registrant"
        assert desk.results.rows[0][1] == "Not yet"
        desk.search.setText(second.name)
        assert any(
            r[0].name == second.name and r[1] == "Cancelled ticket" for r in desk.results.rows
        )
    finally:
        session.close()


def test_feedback_counts_follow_posts_edits_and_removals(workshop_file) -> None:
    from labdesk.core.model import AgendaItem
    from labdesk.store import agenda

    agenda.replace_all(
        workshop_file,
        [AgendaItem(title="Session 1", duration_min=30), AgendaItem(title="Two", duration_min=30)],
    )
    one, two = (i.id for i in agenda.load(workshop_file))
    counts = FeedbackCounts()

    def post(key: str, item: int | None, rating: int) -> None:
        response = FeedbackResponse(agenda_item_id=item, rating=rating, worked="Good")
        store_feedback.upsert(workshop_file, response, submission_key=key)

    post("a", one, 5)
    post("b", one, 3)
    assert counts.refresh(workshop_file, everything=True) == store_feedback.tallies(workshop_file)
    post("c", two, 4)
    post("a", one, 1)  # the same phone changed its mind
    post("d", None, 2)
    tallies = counts.refresh(workshop_file)
    assert tallies == store_feedback.tallies(workshop_file)
    assert tallies[one].responses == 2 and tallies[one].ratings == [1, 0, 1, 0, 0]
    with workshop_file.transaction(Topic.FEEDBACK) as con:
        con.execute("DELETE FROM feedback WHERE submission_key = 'c'")
    post("e", one, 4)
    assert counts.refresh(workshop_file) == store_feedback.tallies(workshop_file)
    assert two not in counts.tallies


def test_a_file_from_before_the_feedback_indexes_keeps_its_responses_and_counts(tmp_path) -> None:
    from labdesk.store import create

    path = tmp_path / "v9.labdesk"
    doc = create(path, "Old", __import__("datetime").date(2026, 1, 1), lock=False)
    for k in range(30):
        response = FeedbackResponse(agenda_item_id=None, rating=1 + k % 5, worked=f"w{k}")
        store_feedback.upsert(doc, response, submission_key=f"k{k}")
    doc.close(take_backup=False)
    con = sqlite3.connect(path)
    for name in ("feedback_updated", "feedback_chosen", "feedback_tally"):
        con.execute(f"DROP INDEX {name}")
    before = next(
        n
        for n, step in enumerate(migrations.MIGRATIONS)
        if "following feedback" in (step.__doc__ or "")
    )
    con.execute(f"PRAGMA user_version = {before}")
    con.commit()
    con.close()
    with open_workshop(path, lock=False) as upgraded:
        assert upgraded.schema_version() == migrations.SCHEMA_VERSION
        assert store_feedback.count(upgraded) == 30
        tallies = store_feedback.tallies(upgraded)
        assert tallies[None].ratings == [6, 6, 6, 6, 6]
        indexes = {
            r[0] for r in upgraded.con.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert {"feedback_updated", "feedback_chosen", "feedback_tally"} <= indexes
        upgraded.close(take_backup=False)
