"""Feedback and commitment cards merged before, changed at their site since, merged again with
`labdesk merge` as real processes on real files: the other site's later redaction (by hand, or
in an erasure) and moderation (hidden, shown again, chosen for the projector) come; a redaction
at either site is never undone by a merge, and redacted at both, neither site's name comes
back; merging either way round, again and again, the two files come to the same and then
nothing more is merged. The redacted words are gone from the file, its journal and backups."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from labdesk import personal_data
from labdesk.core.model import CommitmentCard, FeedbackResponse
from labdesk.store import backup, commitments, erasure, open_workshop
from labdesk.store import feedback as store_feedback
from labdesk.store import sites as store_sites
from tests import two_sites
from tests.hostile import fine, labdesk
from tests.traces import look

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once

DECIDE = ["--same", "11=11", "--same", "12=12", "--apart", "13=13"]
AISHA = "Aisha Qureshi"  # Manchester's #31
CHIDI = "Chidi Okafor"  # at both sites
NKECHI = "Nkechi Adeyemi-Brown"  # named in a comment, at neither site


@dataclass(frozen=True)
class Comment:
    worked: str
    change: str
    answers: dict[str, str]
    hidden: bool
    chosen: bool
    redacted: bool


def _comments(path: Path) -> dict[tuple[str, int], Comment]:
    """Every response, by its site's key and its number there, as the file holds it."""
    with open_workshop(path, lock=False, readonly=True) as doc:
        keys = {s.id: s.key for s in store_sites.others(doc.con)}
        own = store_sites.own(doc).key
        found = {}
        for r in doc.con.execute("SELECT * FROM feedback"):
            key = own if r["site_id"] is None else keys[r["site_id"]]
            origin = r["id"] if r["site_id"] is None else r["site_origin_id"]
            assert (key, origin) not in found, "a response merged twice"
            found[(key, origin)] = Comment(
                r["worked"],
                r["change"],
                json.loads(r["answers"]),
                bool(r["hidden"]),
                bool(r["chosen"]),
                r["redacted_at"] is not None,
            )
        doc.close(take_backup=False)
    return found


def _key(path: Path) -> str:
    with open_workshop(path, lock=False, readonly=True) as doc:
        key = store_sites.own(doc).key
        doc.close(take_backup=False)
    return key


def _say(path: Path, worked: str, change: str = "", **answers: str) -> int:
    """A phone's response at that site, on its first session."""
    with open_workshop(path, lock=False) as doc:
        item = int(doc.con.execute("SELECT min(id) FROM agenda_items").fetchone()[0])
        response = FeedbackResponse(
            agenda_item_id=item, rating=5, worked=worked, change=change, answers=answers
        )
        found = store_feedback.upsert(doc, response, submission_key=f"test-{worked}")
        doc.close(take_backup=False)
    return found


def _here_id(path: Path, key: str, origin: int) -> int:
    """The id a response of site key (its number there: origin) has in this file."""
    with open_workshop(path, lock=False, readonly=True) as doc:
        if store_sites.own(doc).key == key:
            doc.close(take_backup=False)
            return origin
        [site] = [s for s in store_sites.others(doc.con) if s.key == key]
        found = doc.con.execute(
            "SELECT id FROM feedback WHERE site_id = ? AND site_origin_id = ?", (site.id, origin)
        ).fetchone()[0]
        doc.close(take_backup=False)
    return int(found)


def _redact(path: Path, key: str, origin: int, worked: str, change: str = "") -> None:
    """The organiser at that site redacts the response (Feedback › Redact…)."""
    response_id = _here_id(path, key, origin)
    with open_workshop(path, lock=False) as doc:
        answers = json.loads(
            doc.con.execute("SELECT answers FROM feedback WHERE id = ?", (response_id,)).fetchone()[
                0
            ]
        )
        done = personal_data.redact_feedback(doc, response_id, worked, change, answers)
        assert done.ok, done.problems
        doc.close(take_backup=False)


def _moderate(path: Path, key: str, origin: int, *, hidden: bool | None = None, chosen=None):  # type: ignore[no-untyped-def]
    response_id = _here_id(path, key, origin)
    with open_workshop(path, lock=False) as doc:
        if hidden is not None:
            store_feedback.set_hidden(doc, response_id, hidden)
        if chosen is not None:
            store_feedback.set_chosen(doc, response_id, chosen)
        doc.close(take_backup=False)


def _erase(path: Path, name: str) -> None:
    """That site erases the person, redacting every comment and card that names them."""
    with open_workshop(path, lock=False) as doc:
        [person] = erasure.find(doc, name).ids
        plan = erasure.plan(doc, person)
        done = personal_data.erase(
            doc, person, redactions={m.key: m.proposed for m in plan.mentions}
        )
        assert done.ok, done.problems
        doc.close(take_backup=False)


def _merge(here: Path, there: Path, *more: str) -> str:
    """`labdesk merge HERE THERE`, deciding the doubtful pairs when there are any (the first
    time the two sites are merged, whichever way round)."""
    dry = fine(labdesk("merge", here, there, "--dry-run"))
    decide = DECIDE if "not decided" in dry else []
    return fine(labdesk("merge", here, there, *more, *decide))


def _settled(london: Path, manchester: Path) -> None:
    """Merged both ways round until nothing more comes; at most twice each way."""
    for _ in range(2):
        _merge(london, manchester)
        _merge(manchester, london)
    for here, there in ((london, manchester), (manchester, london)):
        assert "nothing new to merge" in _merge(here, there, "--dry-run")


@pytest.fixture
def sites(pristine_sites: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    return two_sites.copies(pristine_sites, tmp_path / "l", tmp_path / "m")


def test_a_redaction_and_moderation_there_since_come_on_the_next_merge(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    london, manchester = sites
    there = _key(manchester)
    named = _say(manchester, f"{NKECHI} ran our trio brilliantly", "More time")
    plain = _say(manchester, "The Troika round", "Fewer slides")
    _merge(london, manchester)
    assert _comments(london)[(there, named)].worked == f"{NKECHI} ran our trio brilliantly"

    _redact(manchester, there, named, "[removed] ran our trio brilliantly", "More time")
    _moderate(manchester, there, plain, chosen=True)
    _moderate(manchester, there, named, hidden=True)
    dry = _merge(london, manchester, "--dry-run")
    assert (
        "feedback responses: none new, 2 merged before updated (redacted, hidden, shown again"
        " or chosen there since)"
    ) in dry
    assert _comments(london)[(there, named)].worked.startswith(NKECHI)  # a dry run: no change
    done = _merge(london, manchester)
    assert "2 feedback responses updated" in done
    assert "Redacted here too, as at" in done and ": 1 text in the file" in done
    merged = _comments(london)
    assert merged[(there, named)] == Comment(
        "[removed] ran our trio brilliantly", "More time", {}, True, False, True
    )
    assert merged[(there, plain)].chosen and not merged[(there, plain)].hidden
    assert "nothing new to merge" in _merge(london, manchester)
    # Nowhere in London's file, its journal or its backups (the one taken before this merge
    # held it, and those before).
    found, looked = look([NKECHI], london.parent, backup.backups_folder(london))
    assert len(looked) >= 3 and found == {}, (found, looked)


def test_a_redaction_here_is_never_undone_and_both_sites_redactions_hold(
    sites: tuple[Path, Path],
) -> None:
    """One Manchester comment names two people. London, which merged it, takes Chidi out;
    Manchester takes Aisha out. Merged either way round, again and again: both names are out,
    at both sites, and the files agree."""
    london, manchester = sites
    there = _key(manchester)
    both = _say(manchester, f"{AISHA} and {CHIDI} kept us on time", "")
    _merge(london, manchester)
    _redact(london, there, both, f"{AISHA} and [removed] kept us on time")
    _redact(manchester, there, both, f"[removed] and {CHIDI} kept us on time")
    dry = _merge(london, manchester, "--dry-run")
    assert "1 merged before updated" in dry

    _settled(london, manchester)
    expected = Comment("[removed] and [removed] kept us on time", "", {}, False, False, True)
    assert _comments(london)[(there, both)] == _comments(manchester)[(there, both)] == expected


def test_a_site_s_own_comment_redacted_at_the_other_comes_back_redacted(
    sites: tuple[Path, Path],
) -> None:
    """London's own comment, merged into Manchester, is redacted there (Manchester erased the
    person it named); London merging Manchester takes the redaction, and a redaction at London
    of the same comment is not undone."""
    london, manchester = sites
    here = _key(london)
    named = _say(london, f"Thanks to {AISHA} for the handout", "A longer lunch")
    _merge(manchester, london)
    _erase(manchester, AISHA)  # her comment at London named her: redacted at Manchester
    assert _comments(manchester)[(here, named)].worked == "Thanks to [removed] for the handout"
    assert "1 merged before updated" in _merge(london, manchester, "--dry-run")
    _settled(london, manchester)
    assert _comments(london)[(here, named)] == Comment(
        "Thanks to [removed] for the handout", "A longer lunch", {}, False, False, True
    )
    assert _comments(london) == _comments(manchester)


def test_moderation_converges_the_later_one_wins(
    sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden at Manchester after London merged it, then shown again at London later: the
    later moderation holds at both sites; choosing for the projector likewise."""
    london, manchester = sites
    there = _key(manchester)
    one = _say(manchester, "Good pace", "")
    two = _say(manchester, "Loved the role-play", "")
    _merge(london, manchester)
    _merge(manchester, london)
    _moderate(manchester, there, one, hidden=True)
    _moderate(manchester, there, two, chosen=True)
    _merge(london, manchester)
    assert _comments(london)[(there, one)].hidden and _comments(london)[(there, two)].chosen

    # London's comes later (moderation is dated to the second: the clock moved on a minute).
    later = (dt.datetime.now().astimezone() + dt.timedelta(minutes=1)).isoformat("T", "seconds")
    monkeypatch.setattr(store_feedback, "now_iso", lambda: later)
    _moderate(london, there, one, hidden=False)
    _moderate(london, there, two, chosen=False)
    _settled(london, manchester)
    for path in (london, manchester):
        got = _comments(path)
        assert not got[(there, one)].hidden and not got[(there, two)].chosen
    assert _comments(london) == _comments(manchester)


def test_a_new_response_giving_an_erased_persons_email_comes_without_it(
    sites: tuple[Path, Path],
) -> None:
    """Catrin was erased at London; a Manchester phone typed her email in a comment. London's
    merge leaves the email out, and says so; the comment is marked redacted."""
    london, manchester = sites
    with open_workshop(manchester, lock=False, readonly=True) as doc:
        catrin = doc.con.execute(
            "SELECT email FROM attendees WHERE id = ?", (two_sites.CATRIN,)
        ).fetchone()[0]
        doc.close(take_backup=False)
    assert "@" in catrin
    said = _say(manchester, f"Write to {catrin.upper()} for the slides", "", Next="Nothing")
    dry = _merge(london, manchester, "--dry-run")
    assert (
        "1 feedback response or card giving the email of someone erased on request:"
        " the email left out"
    ) in dry
    _merge(london, manchester)
    got = _comments(london)[(_key(manchester), said)]
    assert got.worked == "Write to [removed] for the slides" and got.redacted
    assert got.answers == {"Next": "Nothing"}


def test_a_card_naming_someone_redacted_there_since_comes_redacted(
    sites: tuple[Path, Path],
) -> None:
    london, manchester = sites
    with open_workshop(manchester, lock=False) as doc:
        card = CommitmentCard(
            action=f"Shadow {AISHA} on a ward round",
            who=f"{AISHA} and her team",
            by_when="March",
            name="Mei Lin Chen",
            consent_post=True,
        )
        commitments.upsert(doc, card, submission_key="naming-card")
        card_id = int(
            doc.con.execute(
                "SELECT id FROM commitments WHERE submission_key = 'naming-card'"
            ).fetchone()[0]
        )
        doc.close(take_backup=False)
    _merge(london, manchester)
    _erase(manchester, AISHA)
    dry = _merge(london, manchester, "--dry-run")
    assert "cards merged before: 1 card confirmed, printed, posted or redacted since" in dry
    _merge(london, manchester)
    with open_workshop(london, lock=False, readonly=True) as doc:
        row = doc.con.execute(
            "SELECT action, who, redacted_at FROM commitments WHERE site_origin_id = ?"
            " AND site_id IS NOT NULL",
            (card_id,),
        ).fetchone()
        doc.close(take_backup=False)
    assert (row[0], row[1]) == ("Shadow [removed] on a ward round", "[removed] and her team")
    assert row[2] is not None
    assert "nothing new to merge" in _merge(london, manchester)


def test_the_feedback_area_shows_a_redaction_a_merge_in_the_app_brought(
    pristine_sites: tuple[Path, Path], tmp_path: Path, qtbot, qsettings_isolated, monkeypatch
) -> None:
    """London holds the day open in the app, its Feedback area showing a Manchester comment
    merged before; File › Merge Another Site… brings Manchester's redaction of it since: the
    area shows the redacted words at once (the comment's time is as it was, so following the
    comments by time would not)."""
    from PySide6.QtCore import Qt

    from labdesk.gui import merge_dialog
    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.models.table import ROW_ROLE

    london, manchester = two_sites.copies(pristine_sites, tmp_path / "l", tmp_path / "m")
    there = _key(manchester)
    named = _say(manchester, f"{NKECHI} ran our trio", "")
    _merge(london, manchester)
    _redact(manchester, there, named, "[removed] ran our trio")

    window = MainWindow()
    qtbot.addWidget(window)
    dialogs: list[merge_dialog.MergeDialog] = []
    monkeypatch.setattr(merge_dialog.MergeDialog, "exec", lambda self: dialogs.append(self) or 0)
    assert window.open_path(london)
    area = window.show_area("feedback")

    def shown() -> list[str]:
        proxy = area.comment_proxy
        return [proxy.data(proxy.index(n, 0), ROW_ROLE)[1].worked for n in range(proxy.rowCount())]

    qtbot.waitUntil(lambda: f"{NKECHI} ran our trio" in shown())
    window.act_merge.trigger()
    [dialog] = dialogs
    dialog.preview(manchester)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert dialog.merge_button.isEnabled()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.merge_button.isHidden(), timeout=30000)
    print("SUMMARY", dialog.summary.text())
    assert "1 feedback response updated" in dialog.summary.text()
    assert "[removed] ran our trio" in shown() and f"{NKECHI} ran our trio" not in shown()
    window.resize(1280, 800)
    window.grab().save(str(tmp_path / "feedback-after-merge.png"))
    dialog.grab().save(str(tmp_path / "merge-dialog.png"))
    window.close_workshop()
