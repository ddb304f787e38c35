"""One rule decides whether someone may be checked in, whichever way the desk found them."""

from __future__ import annotations

import datetime as dt

import pytest

from labdesk.core.checkin import ScanKind, check_in_refusal
from labdesk.core.model import Attendee
from labdesk.store import attendees, checkins, erasure, open_workshop
from labdesk.store.checkins import Scanner


def test_the_rule_refuses_the_erased_and_the_cancelled() -> None:
    assert check_in_refusal(Attendee(name="Nia Walker", id=1)) is None
    assert check_in_refusal(None) is ScanKind.UNKNOWN
    gone = Attendee(name="Erased attendee", id=2, erased_at=dt.datetime(2026, 9, 17, 12))
    assert check_in_refusal(gone) is ScanKind.UNKNOWN
    assert check_in_refusal(Attendee(name="Ellie", id=3, status="cancelled")) is ScanKind.CANCELLED


def _not_in(doc) -> Attendee:  # type: ignore[no-untyped-def]
    arrived = checkins.checked_in_at(doc)
    return next(
        a for a in attendees.load_all(doc) if a.status == "attending" and a.id not in arrived
    )


def test_someone_erased_elsewhere_is_not_checked_in_from_the_desk_search(qtbot, services):  # type: ignore[no-untyped-def]
    """GIVEN the desk showing a person in its search results, WHEN `labdesk erase` (another
    connection) erases them before the desk has refreshed, and the volunteer presses check-in,
    THEN nobody is checked in and the desk says it does not know them."""
    from labdesk.gui.areas.checkin import CheckinDesk

    demo_file = services.doc
    desk = CheckinDesk(services.session, desk_name="Door", open_pdf=lambda _p: None)
    qtbot.addWidget(desk)
    qtbot.waitUntil(lambda: desk.loaded)  # the desk has read everyone
    person = _not_in(demo_file)
    desk.search.setText(person.name)
    assert desk.selected_attendee() is not None and desk.selected_attendee().id == person.id
    other = open_workshop(demo_file.path, lock=False)
    try:
        erasure.erase_person(other, person.id or 0)
    finally:
        other.close(take_backup=False)
    desk.check_in_selected()
    assert checkins.get(demo_file, person.id or 0) is None
    assert desk.result.headline.text() == "UNKNOWN CODE"


def test_a_change_to_the_rule_reaches_scan_search_and_walk_in(demo_file, monkeypatch) -> None:
    """The scan, the search and the walk-in paths all ask the same function."""
    import labdesk.store.checkins as store_checkins

    asked: list[str] = []

    def nobody(person: Attendee | None) -> ScanKind | None:
        asked.append(person.name if person else "?")
        return ScanKind.CANCELLED

    monkeypatch.setattr(store_checkins, "check_in_refusal", nobody)
    scanner = Scanner(demo_file)
    first, second = _not_in(demo_file), None
    assert scanner.scan(scanner.badge_code(first.id or 0)).kind is ScanKind.CANCELLED
    second = next(a for a in attendees.load_all(demo_file) if a.id != first.id)
    assert scanner.check_in_person(second.id or 0).kind is ScanKind.CANCELLED
    walk_in = attendees.add_walk_in(demo_file, Attendee(name="Nia Walker"))
    assert checkins.get(demo_file, walk_in.id or 0) is None
    assert asked == [first.name, second.name, "Nia Walker"]
    assert checkins.get(demo_file, first.id or 0) is None


@pytest.mark.parametrize("path", ["scan", "search", "batch"])
def test_an_erased_person_is_never_checked_in(demo_file, path: str, capsys) -> None:  # type: ignore[no-untyped-def]
    person = _not_in(demo_file)
    scanner = Scanner(demo_file)
    code = scanner.badge_code(person.id or 0)
    erasure.erase_person(demo_file, person.id or 0)
    if path == "scan":
        assert scanner.scan(code).kind is ScanKind.UNKNOWN
    elif path == "search":
        assert scanner.check_in_person(person.id or 0).kind is ScanKind.UNKNOWN
    else:
        from labdesk.cli import main

        assert main(["check-in", str(demo_file.path), code]) == 1
        assert ": unknown" in capsys.readouterr().out
    assert checkins.get(demo_file, person.id or 0) is None
