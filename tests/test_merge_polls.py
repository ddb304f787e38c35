"""Two sites' polls merged with `labdesk merge`, as real processes on real files: each site's
questions come with their answers, Q&A questions and votes, each once however often (and
whichever way round) the files are merged; the same question asked at both sites is two polls,
each with its site, in the report and the export; a redacted answer is not brought back."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, Upvote
from labdesk.store import erasure, open_workshop
from labdesk.store import polls as store_polls
from labdesk.store.document import WorkshopFileError
from labdesk.store.submissions import Submission, commit_batch
from tests import pdf_inspect as pdf
from tests import two_sites
from tests.hostile import fine, labdesk

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once

# London-first decisions for the doubtful pairs; Manchester-first are the same numbers.
DECIDE = ["--same", "11=11", "--same", "12=12", "--apart", "13=13"]

WORD = "One word for this morning"
LONDON_WORDS = ["Trust", "trust", "Diolch", "Hope"]  # phones a, b, c, d
MANCHESTER_WORDS = ["Energy", "Trust", "Cześć"]  # phones a, b, c: other phones, same ids


def _answer(path: Path, values: list[str], *, start: int = 0) -> None:
    with open_workshop(path, lock=False) as doc:
        poll = store_polls.open_poll(doc.con)
        assert poll is not None and poll.id is not None
        commit_batch(
            doc,
            [
                Submission(PollAnswer(poll.id, chr(ord("a") + start + n), v), "")
                for n, v in enumerate(values)
            ],
        )
        doc.close(take_backup=False)


def _qa(path: Path, asked: list[tuple[str, str]], voters: str) -> None:
    with open_workshop(path, lock=False) as doc:
        poll = store_polls.open_poll(doc.con)
        assert poll is not None and poll.id is not None
        ids = commit_batch(
            doc, [Submission(AskedQuestion(poll.id, p, t), f"{p}-{t}") for p, t in asked]
        )
        commit_batch(doc, [Submission(Upvote(ids[0], p), "") for p in voters])
        doc.close(take_backup=False)


@pytest.fixture
def sites(pristine_sites: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """London: a word cloud (4 answers), a choice (2), a Q&A (2 asked, 3 votes). Manchester:
    the same word cloud (3 answers) and a scale (2), left open."""
    london, manchester = two_sites.copies(pristine_sites, tmp_path / "l", tmp_path / "m")
    fine(labdesk("poll", london, WORD, "--words"))
    _answer(london, LONDON_WORDS)
    fine(labdesk("poll", london, "Which idea first?", "--choices", "Huddle,Buddy"))
    _answer(london, ["0", "1"])
    fine(labdesk("poll", london, "Questions for the test teams", "--questions"))
    _qa(london, [("a", "Who pays for the pilot?"), ("b", "When do we start?")], "bcd")
    fine(labdesk("poll", manchester, WORD, "--words"))
    _answer(manchester, MANCHESTER_WORDS)
    fine(labdesk("poll", manchester, "How confident are you now?", "--scale", "1-5"))
    _answer(manchester, ["4", "5"])
    return london, manchester


def _polls(path: Path) -> dict[tuple[str, str], list[str]]:
    """(question, site) -> its answers (Q&A: "text votes"), as the file holds them."""
    from labdesk.store import sites as store_sites

    with open_workshop(path, lock=False, readonly=True) as doc:
        names = store_sites.places(store_sites.every(doc))
        found: dict[tuple[str, str], list[str]] = {}
        for poll in store_polls.load_all(doc):
            assert poll.id is not None
            if poll.kind is PollKind.QUESTIONS:
                values = [f"{a.text} {a.votes}" for a in store_polls.asked(doc.con, poll.id)]
            else:
                values = store_polls.tally(doc.con, poll).values
            key = (poll.text, names[poll.site_id])
            assert key not in found, "a poll counted twice"
            found[key] = sorted(values)
        doc.close(take_backup=False)
    return found


def _place(path: Path) -> str:
    from labdesk.store import sites as store_sites

    with open_workshop(path, lock=False, readonly=True) as doc:
        place = store_sites.own(doc).place
        doc.close(take_backup=False)
    return place


EXPECTED = {
    (WORD, "L"): sorted(LONDON_WORDS),
    ("Which idea first?", "L"): ["0", "1"],
    ("Questions for the test teams", "L"): ["When do we start? 0", "Who pays for the pilot? 3"],
    (WORD, "M"): sorted(MANCHESTER_WORDS),
    ("How confident are you now?", "M"): ["4", "5"],
}


def _expected(london: Path, manchester: Path) -> dict[tuple[str, str], list[str]]:
    names = {"L": _place(london), "M": _place(manchester)}
    return {(q, names[s]): v for (q, s), v in EXPECTED.items()}


def test_both_ways_round_and_again_every_poll_once_with_its_site(
    sites: tuple[Path, Path],
) -> None:
    london, manchester = sites
    expected = _expected(london, manchester)
    dry = fine(labdesk("merge", london, manchester, "--dry-run"))
    place = _place(manchester)
    assert f"polls: 2 new (2 asked at {place}); 5 answers and questions asked" in dry
    assert _polls(london) == {k: v for k, v in expected.items() if k[1] != place}  # dry: no change

    out = fine(labdesk("merge", london, manchester, *DECIDE))
    assert "2 polls with 5 answers and questions asked" in out
    assert _polls(london) == expected
    again = fine(labdesk("merge", london, manchester, *DECIDE))
    assert "nothing new to merge" in again
    assert _polls(london) == expected

    # Manchester merges London, which holds Manchester's polls already: only London's come.
    dry = fine(labdesk("merge", manchester, london, "--dry-run"))
    assert "polls: 3 new" in dry and "8 answers and questions asked, 3 votes" in dry
    fine(labdesk("merge", manchester, london))
    assert _polls(manchester) == expected
    # And back: nothing of either site twice.
    fine(labdesk("merge", london, manchester, *DECIDE))
    assert _polls(london) == _polls(manchester) == expected

    with open_workshop(london, lock=False) as doc:
        merged = next(p for p in store_polls.load_all(doc) if p.site_id is not None)
        assert not merged.is_open  # open at Manchester, not for London's phones
        with pytest.raises(WorkshopFileError, match="asked at another site"):
            store_polls.open_for_phones(doc, merged.id)
        doc.close(take_backup=False)


def test_answers_given_there_since_come_on_the_next_merge(sites: tuple[Path, Path]) -> None:
    london, manchester = sites
    fine(labdesk("merge", london, manchester, *DECIDE))
    _answer(manchester, ["3"], start=5)  # the scale is still open at Manchester
    dry = fine(labdesk("merge", london, manchester, "--dry-run", *DECIDE))
    assert "polls: none new; 1 answer and questions asked" in dry
    fine(labdesk("merge", london, manchester, *DECIDE))
    scale = ("How confident are you now?", _place(manchester))
    assert _polls(london)[scale] == ["3", "4", "5"]


def test_the_report_and_the_export_show_both_sites_polls(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    london, manchester = sites
    fine(labdesk("merge", london, manchester, *DECIDE))
    here, there = _place(london), _place(manchester)

    out = tmp_path / "polls.csv"
    assert fine(labdesk("export", london, "-o", out, "--polls")).startswith(
        "exported 13 poll answers"  # 4 + 2 + 2 asked at London, 3 + 2 at Manchester
    )
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Site", "question id", "question"]
    words = sorted((r[0], r[4]) for r in rows[1:] if r[2] == WORD)
    assert words == sorted(
        [(here, w) for w in LONDON_WORDS] + [(there, w) for w in MANCHESTER_WORDS]
    )
    only = tmp_path / "manchester.csv"
    fine(labdesk("export", london, "-o", only, "--polls", "--site", there))
    rows = list(csv.reader(only.read_text(encoding="utf-8-sig").splitlines()))
    assert {r[0] for r in rows[1:]} == {there} and len(rows) == 1 + 5

    report = tmp_path / "report.pdf"
    fine(labdesk("report", london, "-o", report))
    pages = [" ".join(t.split()) for t in pdf.texts(report)]
    word_pages = [p for p in pages if WORD in p and "Word cloud" in p]
    assert len(word_pages) == 2  # one page per site's poll, not the rooms added together
    at_there = next(p for p in word_pages if f"asked at {there}" in p)
    assert "3 answers" in at_there and "Energy" in at_there and "Hope" not in at_there
    at_here = next(p for p in word_pages if f"asked at {here}" in p)
    assert "4 answers" in at_here and "Energy" not in at_here


def test_a_redaction_at_either_site_is_not_undone_by_a_merge(
    sites: tuple[Path, Path], pristine_sites: tuple[Path, Path], tmp_path: Path
) -> None:
    """Manchester erases Aisha Qureshi (its #31), redacting the answer that named her; London
    had merged the answer before and gets the redaction. London erases Chidi Okafor, redacting
    the Manchester answer that named him; merging Manchester again does not bring it back."""
    london, manchester = sites
    helped = "Who helped you today?"
    fine(labdesk("poll", manchester, helped))
    _answer(manchester, ["Thanks to Aisha Qureshi", "Chidi Okafor, a lot"])
    with open_workshop(manchester, lock=False) as doc:  # held on Manchester's projector
        store_polls.freeze(doc, store_polls.open_poll(doc.con).id, True)
        doc.close(take_backup=False)
    fine(labdesk("merge", london, manchester, *DECIDE))
    there = _place(manchester)
    assert _polls(london)[(helped, there)] == ["Chidi Okafor, a lot", "Thanks to Aisha Qureshi"]

    for path, name in ((manchester, "Aisha Qureshi"), (london, "Chidi Okafor")):
        with open_workshop(path, lock=False) as doc:
            [person] = erasure.find(doc, name).ids
            plan = erasure.plan(doc, person)
            [mention] = [m for m in plan.mentions if m.table == "poll_answers"]
            erasure.erase_in_file(doc, plan, {mention.key: mention.proposed})
            doc.close(take_backup=False)

    fine(labdesk("merge", london, manchester, *DECIDE))
    assert _polls(london)[(helped, there)] == ["Thanks to [removed]", "[removed], a lot"]
    with open_workshop(london, lock=False, readonly=True) as doc:  # the held results follow
        [poll] = [p for p in store_polls.load_all(doc) if p.text == helped]
        held = store_polls.results(doc.con, poll)
        assert held.frozen and held.poll_id == poll.id
        assert sorted(held.texts) == ["Thanks to [removed]", "[removed], a lot"]
        doc.close(take_backup=False)
    fine(labdesk("merge", london, manchester, *DECIDE))
    assert _polls(london)[(helped, there)] == ["Thanks to [removed]", "[removed], a lot"]

    # A London that merges Manchester only now never gets Aisha's name at all.
    fresh, _ = two_sites.copies(pristine_sites, tmp_path / "fresh", tmp_path / "unused")
    fine(labdesk("merge", fresh, manchester, *DECIDE))
    assert _polls(fresh)[(helped, there)] == ["Chidi Okafor, a lot", "Thanks to [removed]"]


def test_a_redaction_there_of_this_sites_own_poll_comes_back_with_the_merge(
    sites: tuple[Path, Path],
) -> None:
    """London asks who helped, and an answer and a question asked name Aisha Qureshi; Manchester
    merges London's polls, then erases Aisha (its #31), redacting both there. Merging Manchester
    into London redacts them in London's own poll too, the held results with them; nothing else
    of London's polls changes, and merging again changes nothing."""
    london, manchester = sites
    helped = "Who helped you today?"
    fine(labdesk("poll", london, helped))
    _answer(london, ["Thanks to Aisha Qureshi", "The coffee"])
    with open_workshop(london, lock=False) as doc:  # held on London's projector
        store_polls.freeze(doc, store_polls.open_poll(doc.con).id, True)
        doc.close(take_backup=False)
    fine(labdesk("poll", london, "Questions for Aisha", "--questions"))
    _qa(london, [("a", "Can Aisha Qureshi send the slides?"), ("b", "Lunch?")], "c")
    fine(labdesk("merge", london, manchester, *DECIDE))  # the people decided at London
    fine(labdesk("merge", manchester, london))
    here = _place(london)
    before = _polls(london)
    assert before[(helped, here)] == ["Thanks to Aisha Qureshi", "The coffee"]

    with open_workshop(manchester, lock=False) as doc:
        [person] = erasure.find(doc, "Aisha Qureshi").ids
        plan = erasure.plan(doc, person)
        chosen = {m.key: m.proposed for m in plan.mentions if m.table.startswith("poll_")}
        assert len(chosen) == 2, "the answer and the question asked, in London's polls there"
        erasure.erase_in_file(doc, plan, chosen)
        doc.close(take_backup=False)

    out = fine(labdesk("merge", london, manchester, *DECIDE))
    assert "Redacted here too" in out and "2 texts" in out
    after = _polls(london)
    assert after[(helped, here)] == ["Thanks to [removed]", "The coffee"]
    asked = after[("Questions for Aisha", here)]
    assert asked == ["Can [removed] send the slides? 1", "Lunch? 0"]
    untouched = {k: v for k, v in before.items() if k[0] not in (helped, "Questions for Aisha")}
    assert {k: after[k] for k in untouched} == untouched
    with open_workshop(london, lock=False, readonly=True) as doc:  # the held results follow
        [poll] = [p for p in store_polls.load_all(doc) if p.text == helped]
        assert poll.site_id is None, "still London's own poll"
        held = store_polls.results(doc.con, poll)
        assert held.frozen and sorted(held.texts) == ["Thanks to [removed]", "The coffee"]
        doc.close(take_backup=False)
    fine(labdesk("merge", london, manchester, *DECIDE))
    assert _polls(london) == after


def test_a_file_with_polls_from_before_merged_polls_is_upgraded_with_every_answer(
    tmp_path: Path,
) -> None:
    """A day with polls written before polls could be merged (schema version 11) opens with
    every question, answer and vote kept, and as its own site's (none marked as merged)."""
    from labdesk.store import migrations
    from tests.old_files import version_1

    path = tmp_path / "old.labdesk"
    con = version_1(path, day="2026-03-02")
    step = next(
        n for n, f in enumerate(migrations.MIGRATIONS) if "Polls merged" in (f.__doc__ or "")
    )
    migrations.migrate(con, target=step)
    con.execute(
        "INSERT INTO polls (id, text, kind, created_at, opened_at) VALUES"
        " (1, 'One word', 'words', '2026-03-02T10:00:00', '2026-03-02T10:00:00'),"
        " (2, 'Ask us', 'questions', '2026-03-02T11:00:00', '2026-03-02T11:00:00')"
    )
    con.execute(
        "INSERT INTO poll_answers (poll_id, phone, value, created_at, updated_at) VALUES"
        " (1, 'a', 'Trust', '', ''), (1, 'b', 'Hope', '', '')"
    )
    con.execute(
        "INSERT INTO poll_asked (id, poll_id, phone, submission_key, text, created_at)"
        " VALUES (1, 2, 'a', 'k', 'Who pays?', '')"
    )
    con.execute("INSERT INTO poll_votes (asked_id, phone, at) VALUES (1, 'b', ''), (1, 'c', '')")
    con.commit()
    con.close()
    with open_workshop(path, lock=False) as doc:
        assert doc.schema_version() == migrations.SCHEMA_VERSION
        words, qa = store_polls.load_all(doc)
        assert words.site_id is None and qa.site_id is None
        assert sorted(store_polls.tally(doc.con, words).values) == ["Hope", "Trust"]
        assert [(a.text, a.votes) for a in store_polls.asked(doc.con, qa.id)] == [("Who pays?", 2)]
        doc.close(take_backup=False)
    again = sqlite3.connect(path)  # run again (a file taken back a version): keeps it all
    migrations.MIGRATIONS[step](again)
    again.commit()
    assert again.execute("SELECT count(*) FROM poll_answers").fetchone()[0] == 2
    again.close()


def test_a_file_from_before_the_polls_merges_as_before(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    """Merging a day written before polls existed: its people come, nothing about polls."""
    from labdesk.store import migrations
    from tests.old_files import version_1

    london, _ = sites
    old = tmp_path / "old.labdesk"
    con = version_1(old, day="2026-03-02")
    step = next(n for n, f in enumerate(migrations.MIGRATIONS) if "Polls:" in (f.__doc__ or ""))
    migrations.migrate(con, target=step)
    con.execute(
        "INSERT INTO attendees (name, email, created_at)"
        " VALUES ('Eirlys Tregaskis', 'eirlys@example.org', '2026-01-01T09:00:00')"
    )
    con.commit()
    con.close()
    before = _polls(london)
    dry = fine(labdesk("merge", london, old, "--dry-run"))
    assert "polls: none new" in dry
    fine(labdesk("merge", london, old))
    assert _polls(london) == before
    with open_workshop(london, lock=False, readonly=True) as doc:
        assert (
            doc.con.execute(
                "SELECT count(*) FROM attendees WHERE name = 'Eirlys Tregaskis'"
            ).fetchone()[0]
            == 1
        )
        doc.close(take_backup=False)


def test_the_polls_panel_lists_both_sites_polls_and_keeps_the_others_closed(
    sites: tuple[Path, Path], make_services, qtbot
) -> None:
    from labdesk.gui.polls_panel import PollsPanel

    london, manchester = sites
    fine(labdesk("merge", london, manchester, *DECIDE))
    there = _place(manchester)
    doc = open_workshop(london)
    try:
        services = make_services(doc)
        panel = PollsPanel(services)
        qtbot.addWidget(panel)
        panel.show()
        lines = [panel.list.item(n).text() for n in range(panel.list.count())]
        assert [line for line in lines if line.startswith(WORD)] == [
            f"{WORD} — Word cloud, 4 answers · asked at {_place(london)}",
            f"{WORD} — Word cloud, 3 answers · asked at {there}",
        ]
        panel.list.setCurrentRow(lines.index(f"{WORD} — Word cloud, 3 answers · asked at {there}"))
        assert not panel.open_button.isEnabled()
        assert panel.merged_note.text().startswith(f"Asked at {there}:")
        assert sorted(panel.answers.item(n).text() for n in range(panel.answers.count())) == sorted(
            MANCHESTER_WORDS
        )
        panel.list.setCurrentRow(0)  # London's own: opens as before
        assert panel.open_button.isEnabled() and panel.merged_note.text() == ""
        services.shutdown()
    finally:
        doc.close(take_backup=False)


def test_a_question_hidden_and_votes_cast_there_since_come_on_the_next_merge(
    sites: tuple[Path, Path],
) -> None:
    london, manchester = sites
    fine(labdesk("merge", manchester, london, *DECIDE))
    with open_workshop(london, lock=False) as doc:
        qa = store_polls.open_poll(doc.con)
        start, who_pays = sorted(store_polls.asked(doc.con, qa.id), key=lambda a: a.text)
        store_polls.set_hidden(doc, who_pays.id, True)
        commit_batch(doc, [Submission(Upvote(start.id, p), "") for p in "xy"])
        doc.close(take_backup=False)
    dry = fine(labdesk("merge", manchester, london, "--dry-run"))
    assert "polls: none new; 0 answers and questions asked, 2 votes; 1 changed, redacted or" in dry
    fine(labdesk("merge", manchester, london))
    fine(labdesk("merge", manchester, london))
    with open_workshop(manchester, lock=False, readonly=True) as doc:
        [merged] = [p for p in store_polls.load_all(doc) if p.kind is PollKind.QUESTIONS]
        assert [(a.text, a.votes, a.hidden) for a in store_polls.asked(doc.con, merged.id)] == [
            ("Who pays for the pilot?", 3, True),
            ("When do we start?", 2, False),
        ]
        doc.close(take_backup=False)


def test_the_email_of_someone_erased_at_either_site_does_not_come_in_a_polls_text(
    sites: tuple[Path, Path],
) -> None:
    """Catrin was erased at London, Jamal at Manchester; a Manchester phone typed each one's
    email into an open answer after that. London's merge leaves both emails out."""
    london, manchester = sites

    def email(path: Path, number: int) -> str:
        with open_workshop(path, lock=False, readonly=True) as doc:
            found = doc.con.execute(
                "SELECT email FROM attendees WHERE id = ?", (number,)
            ).fetchone()[0]
            doc.close(take_backup=False)
        return str(found)

    catrin, jamal = email(manchester, two_sites.CATRIN), email(london, two_sites.JAMAL)
    assert "@" in catrin and "@" in jamal
    fine(labdesk("poll", manchester, "Who can help?"))
    _answer(manchester, [f"Ask {catrin.upper()} for the slides", f"Mail {jamal}.", "Ask me@x.org"])
    dry = fine(labdesk("merge", london, manchester, "--dry-run"))
    assert "2 texts giving the email of someone erased on request: the email left out" in dry
    fine(labdesk("merge", london, manchester, *DECIDE))
    assert _polls(london)[("Who can help?", _place(manchester))] == [
        "Ask [removed] for the slides",
        "Ask me@x.org",
        "Mail [removed].",
    ]
