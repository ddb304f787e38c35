"""Someone erased on request stays erased: a re-import, a phone's card or a walk-in does not
quietly bring them back, and the file keeps only keyed hashes, never their email."""

from __future__ import annotations

from pathlib import Path

import pytest

from labdesk.core.model import CommitmentCard
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments, erasure, open_workshop
from labdesk.store.demo import create_demo
from tests.import_helpers import settle

EMAIL = "sian.jones@example.org"
CODE = "991499755604016233011"

EXPORT = (
    "Name,Email,Organisation,Barcode\n"
    "Siân Jones,Sian.Jones@Example.org ,Mind,\n"  # her email, differently typed
    "S. Jones,s.jones@elsewhere.example,Mind,9914 9975 5604 0162 33011\n"  # her ticket code
    "Nia Walker,nia.walker@example.org,Shelter,\n"  # someone new
)


def _sian(doc) -> int:  # type: ignore[no-untyped-def]
    return next(a.id for a in store_attendees.load_all(doc) if a.name == "Siân Jones")


@pytest.fixture
def erased_demo(tmp_path: Path) -> Path:
    """A demo workshop with Siân Jones erased, closed (so a batch command may open it)."""
    doc = create_demo(tmp_path / "demo.labdesk")
    erasure.erase_person(doc, _sian(doc))
    doc.close(take_backup=False)
    return doc.path


def test_the_file_keeps_hashes_not_the_email(erased_demo: Path) -> None:
    with open_workshop(erased_demo) as doc:
        kinds = sorted(r[0] for r in doc.con.execute("SELECT kind FROM erased_keys"))
        assert kinds == ["email", "ticket"]
        listed = erasure.erased_list(doc)
        assert listed.email(" SIAN.JONES@example.org") and listed.code(CODE)
        assert not listed.email("priya.sharma@example.org")
    data = erased_demo.read_bytes().lower()
    assert EMAIL.encode() not in data and CODE.encode() not in data


def test_reimport_leaves_the_erased_person_out_with_a_note(
    erased_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labdesk.cli import main

    source = tmp_path / "eventbrite.csv"
    source.write_text(EXPORT, encoding="utf-8")
    with open_workshop(erased_demo) as doc:
        before = store_attendees.count(doc, status=None)

    # A dry run says what will happen ...
    assert main(["import", str(erased_demo), str(source), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "row 2: left out: erased on request; not imported again" in dry
    assert "row 3: left out: erased on request; not imported again" in dry
    assert "2 erased on request (left out)" in dry and "1 new" in dry
    assert "Siân" not in dry and "S. Jones" not in dry  # the erased rows' details are dropped

    # ... and the import does just that.
    assert main(["import", str(erased_demo), str(source)]) == 0
    out = capsys.readouterr().out
    assert "row 2: left out: erased on request; not imported again" in out
    assert "imported: 3 rows: 1 new, 0 already here (merged), 2 erased on request" in out
    with open_workshop(erased_demo) as doc:
        people = store_attendees.load_all(doc)
        assert store_attendees.count(doc, status=None) == before + 1
        assert "Nia Walker" in {a.name for a in people}
        assert not {"Siân Jones", "S. Jones"} & {a.name for a in people}
        assert store_attendees.find_by_ticket_code(doc, CODE) is None
    assert EMAIL.encode() not in erased_demo.read_bytes().lower()


def test_someone_added_back_at_the_desk_merges_as_usual(erased_demo: Path) -> None:
    from labdesk.core import importing

    with open_workshop(erased_demo) as doc:
        store_attendees.add_walk_in(doc, store_attendees.Attendee(name="Siân Jones", email=EMAIL))
        plan = importing.read_plan(
            EXPORT.encode(),
            "again.csv",
            store_attendees.load_all(doc),
            erased=erasure.erased_list(doc),
        )
    assert [r.action.value for r in plan.rows] == ["update", "skip", "add"]
    assert plan.rows[1].erased  # the ticket code alone is still someone erased
    assert "1 erased on request (left out)" in plan.summary()


def test_the_import_dialog_shows_erased_rows(qtbot, erased_demo, tmp_path, make_services) -> None:
    from labdesk.gui.areas.attendees import AreaWidget

    source = tmp_path / "eventbrite.csv"
    source.write_text(EXPORT, encoding="utf-8")
    area = AreaWidget(make_services(open_workshop(erased_demo, lock=True)))
    qtbot.addWidget(area)
    dialog = area.open_import(source)
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    erased = [r for r in dialog.preview.rows if r.erased]
    assert [r.row for r in erased] == [2, 3]
    assert all(r.reason == "erased on request; not imported again" for r in erased)
    assert "2 erased on request (left out)" in dialog.summary.text()
    assert dialog.import_button.text() == "Import 1 people"
    dialog.import_button.click()
    settle(qtbot, dialog)
    names = {a.name for a in store_attendees.load_all(area.doc)}
    assert "Nia Walker" in names and "Siân Jones" not in names


def test_a_card_from_an_erased_email_is_stored_unmatched(erased_demo: Path) -> None:
    with open_workshop(erased_demo) as doc:
        # Another attendee carries a name the card could be matched by.
        store_attendees.add(doc, store_attendees.Attendee(name="Siân Jones", email=""))
        card = CommitmentCard(action="Call the clinic", name="Siân Jones", email=EMAIL.upper())
        commitments.upsert(doc, card, "phone-key-1")
        assert card.attendee_id is None and card.match_status == commitments.UNMATCHED
        # Once someone with that email is registered again, their card finds them.
        again = store_attendees.add_walk_in(
            doc, store_attendees.Attendee(name="Siân Jones", email=EMAIL)
        )
        later = CommitmentCard(action="Write to the board", name="Siân Jones", email=EMAIL)
        commitments.upsert(doc, later, "phone-key-2")
        assert later.attendee_id == again.id and later.match_status == commitments.MATCHED


def test_a_walk_in_with_an_erased_email_is_warned_then_allowed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from labdesk.gui.areas.checkin import CheckinDesk, WalkInDialog
    from labdesk.gui.session import WorkshopSession

    doc = create_demo(tmp_path / "demo.labdesk")
    erasure.erase_person(doc, _sian(doc))
    session = WorkshopSession(doc)
    desk = CheckinDesk(session, desk_name="Test desk", open_pdf=lambda path: None)
    qtbot.addWidget(desk)
    try:
        dialog = WalkInDialog(
            desk, name="Siân Jones", erased=lambda email: erasure.was_erased(doc, email)
        )
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.email, "Sian.Jones@example.org")
        dialog._accept()
        assert dialog.result() == 0
        assert "erased on request earlier" in dialog.problem.text()
        assert dialog.ok.text() == "Check in again"
        dialog._accept()  # the facilitator confirms: they are here and happy to be added
        assert dialog.result() == 1
        # Someone else's email is not warned about.
        other = WalkInDialog(desk, name="Nia", erased=lambda e: erasure.was_erased(doc, e))
        qtbot.addWidget(other)
        qtbot.keyClicks(other.email, "nia@example.org")
        other._accept()
        assert other.result() == 1 and other.problem.text() == ""
    finally:
        desk._refresh_timer.stop()
        session.close()
