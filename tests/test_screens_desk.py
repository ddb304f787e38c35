"""The door desk on a tablet or phone, over real HTTP against the laptop's server: its PIN, the
same results as the laptop's desk, search, walk-ins, two desks at once, and nothing shown green
that the file does not hold."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from labdesk.core import badges
from labdesk.core.pins import FREE_TRIES
from labdesk.core.timer import FakeClock
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store import erasure as store_erasure
from labdesk.store import screen_pins
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner
from labdesk.store.screen_pins import ScreenKind
from labdesk.web.server import AttendeeServer
from tests.screens_client import Device, pin_of, visible_text


@pytest.fixture
def pin_clock() -> FakeClock:
    return FakeClock(1000.0)


@pytest.fixture
def server(demo_file, pin_clock) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    with demo_file.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")  # the door opens: nobody is in yet
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0, pin_clock=pin_clock)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def desk(server, demo_file) -> Iterator[Device]:  # type: ignore[no-untyped-def]
    device = Device(server.desk_url, "127.0.3.1")
    assert device.sign_in(pin_of(demo_file, ScreenKind.DESK)).status_code == 303
    yield device
    device.close()


def test_the_desk_shows_nothing_without_its_pin(server, demo_file) -> None:
    """GIVEN a phone with the attendees' address WHEN it opens the desk THEN it sees a PIN form
    and nothing else: no names, no counts; every desk action is refused and stores nothing."""
    stranger = Device(server.desk_url, "127.0.3.9")
    page = stranger.get()
    assert page.status_code == 200 and 'name="pin"' in page.text
    text = visible_text(page.text)
    assert "Siân" not in text and " of 60 in" not in text and "Door desk 1" not in text
    code = Scanner(demo_file).badge_code(18)
    refused = [
        stranger.scan(code),
        stranger.check_in(18),
        stranger.post(f"{stranger.page}/walk-in", {"name": "Someone New"}, json=True),
        stranger.client.get(f"{stranger.page}/search", params={"q": "jones"}),
        stranger.client.get(f"{stranger.page}/counts"),
    ]
    assert [r.status_code for r in refused] == [403] * 5
    assert all("Jones" not in r.text for r in refused)
    assert store_checkins.count(demo_file) == 0
    assert store_attendees.count(demo_file, status=None) == 60
    # Another desk's cookie copied onto this phone opens nothing: the session is bound to
    # the device that typed the PIN.
    owner = Device(server.desk_url, "127.0.3.8")
    owner.sign_in(pin_of(demo_file, ScreenKind.DESK))
    stranger.client.cookies.set("labdesk_desk", owner.client.cookies["labdesk_desk"])
    assert stranger.scan(code).status_code == 403
    assert store_checkins.count(demo_file) == 0


def test_a_wrong_pin_is_a_readable_page_and_a_growing_wait(server, demo_file, pin_clock) -> None:
    """GIVEN someone guessing WHEN they send wrong PINs THEN each is answered with a plain page
    that reveals nothing, the waits grow (1 s, 2 s, 4 s …), tries during a wait are refused
    unread (even the right PIN), every try is logged, and the right PIN works after the wait."""
    guesser = Device(server.desk_url, "127.0.3.7")
    right = pin_of(demo_file, ScreenKind.DESK)
    waits = []
    for n in range(FREE_TRIES + 3):
        r = guesser.sign_in("000000" if right != "000000" else "111111")
        assert r.status_code == 403, n
        text = visible_text(r.text)
        assert "That PIN is not right" in text
        assert right not in text and "Door desk 1" not in text and "of 60" not in text
        waits.append(int(r.headers.get("retry-after", "0")))
        # Even the right PIN is not looked at while the device must wait.
        if waits[-1]:
            early = guesser.sign_in(right)
            assert early.status_code == 429 and "Too many wrong PINs" in visible_text(early.text)
            assert "labdesk_desk" not in early.headers.get("set-cookie", "")
        pin_clock.advance(waits[-1])
    assert waits[:FREE_TRIES] == [0] * (FREE_TRIES - 1) + [1]
    assert waits[FREE_TRIES:] == [2, 4, 8]
    logged = screen_pins.attempts(demo_file)
    wrong = [a for a in logged if not a.ok]
    assert len(wrong) == FREE_TRIES + 3 and {a.address for a in wrong} == {"127.0.3.7"}
    # Another device is not held up by this one.
    other = Device(server.desk_url, "127.0.3.6")
    assert other.sign_in(right).status_code == 303
    # After the wait the guesser may try again, and the right PIN opens the desk.
    pin_clock.advance(10)
    assert guesser.sign_in(right).status_code == 303
    assert guesser.get().status_code == 200 and "Door desk 1" in guesser.get().text
    assert [a.ok for a in screen_pins.attempts(demo_file)[:2]] == [True, True]


def test_a_revoked_pin_shuts_its_desks_out_at_once(server, demo_file, desk) -> None:
    second = screen_pins.add_desk(demo_file)
    other = Device(server.desk_url, "127.0.3.2")
    assert other.sign_in(second.pin).status_code == 303
    screen_pins.revoke(demo_file, pin_of_id(demo_file))
    code = Scanner(demo_file).badge_code(18)
    assert desk.scan(code).status_code == 403
    assert 'name="pin"' in desk.get().text  # back to the PIN form
    assert other.scan(code).json()["kind"] == "checked in"  # the other desk carries on
    assert store_checkins.get(demo_file, 18).desk == second.name  # type: ignore[union-attr]


def pin_of_id(doc) -> int:  # type: ignore[no-untyped-def]
    return screen_pins.live_pins(doc, ScreenKind.DESK)[0].id


def test_scans_give_the_laptop_desks_results_and_each_is_stored_first(desk, demo_file) -> None:
    """GIVEN the web desk WHEN it scans a good badge, the same again, a badge of another
    workshop, a mistyped code and garbage THEN it says what the laptop's desk says, and a check-in
    it reports is already in the file (read through another connection)."""
    scanner = Scanner(demo_file)
    good = scanner.badge_code(42)
    first = desk.scan(good).json()
    assert first["kind"] == "checked in" and first["tone"] == "go"
    assert first["name"] == "Matthew Clarke" and first["counts"] == {"in": 1, "expected": 60}
    record = store_checkins.get(demo_file, 42)
    assert record is not None and record.desk == "Door desk 1"
    again = desk.scan(good).json()
    assert again["kind"] == "already in" and again["at"] == f"{record.at:%H:%M}"
    assert again["headline"] == f"Already checked in at {record.at:%H:%M}"
    other = badges.make_code(b"another workshop's secret", "XKCD", 42)
    wrong_char = good[:3] + ("4" if good[3] != "4" else "7") + good[4:]
    for text, kind in [
        (other, "other workshop"),
        (wrong_char, "mistyped"),
        ("hello world", "unknown"),
        ("", "unknown"),
        ("\x00\x1b[2J" + "é" * 400, "unknown"),
    ]:
        result = desk.scan(text).json()
        expected = scanner.identify(text)[0]
        assert result["kind"] == kind == expected, text
        assert result["tone"] != "go"
    assert store_checkins.count(demo_file) == 1


def test_without_javascript_a_scan_is_post_redirect_get(desk, demo_file) -> None:
    good = Scanner(demo_file).badge_code(24)
    posted = desk.scan(good, json=False)
    assert posted.status_code == 303
    page = desk.get(posted.headers["location"])
    text = visible_text(page.text)
    assert "Checked in" in text and "Rhiannon Davies" in text and "1 of 60 in" in text
    # The result a redirect carries is signed: an edited one shows nothing green.
    shown = parse_qs(urlsplit(posted.headers["location"]).query)["shown"][0]
    forged = desk.get(f"{desk.page}?shown={shown[:-2]}xx")
    assert "Checked in" not in visible_text(forged.text) and "Ready to scan" in forged.text
    # Undone on the laptop: the old result link no longer shows them as in.
    store_checkins.undo(demo_file, 24)
    assert "Checked in" not in visible_text(desk.get(posted.headers["location"]).text)


def test_name_search_is_typo_tolerant_and_checks_in(desk, demo_file) -> None:
    found = desk.search("chloe dubios")  # no accent, two letters swapped
    assert [p["name"] for p in found][:1] == ["Chloé Dubois"]
    assert found[0]["in_at"] == ""
    result = desk.check_in(found[0]["id"]).json()
    assert result["kind"] == "checked in" and result["name"] == "Chloé Dubois"
    assert desk.search("Chloé")[0]["in_at"] == result["at"]
    assert desk.check_in(found[0]["id"]).json()["kind"] == "already in"
    # Without JavaScript: a GET with the query lists them, each with its own check-in form.
    page = desk.get(f"{desk.page}?q=nowak")
    assert "Zoë Nowak" in page.text and 'name="attendee" value="3"' in page.text
    # Someone erased on request a moment ago is neither found nor checked in.
    store_erasure.erase_person(demo_file, 3)
    assert desk.search("nowak") == []
    assert desk.check_in(3).json()["kind"] == "unknown"
    assert store_checkins.get(demo_file, 3) is None


def test_a_walk_in_is_checked_in_and_found_at_once(desk, demo_file) -> None:
    result = desk.post(
        f"{desk.page}/walk-in",
        {"name": "  Dafydd   ap Gwilym ", "organisation": "Aberystwyth", "email": ""},
        json=True,
    ).json()
    assert result["kind"] == "checked in" and result["name"] == "Dafydd ap Gwilym"
    person = next(p for p in store_attendees.load_all(demo_file) if p.name == "Dafydd ap Gwilym")
    assert person.source == "walk-in" and store_checkins.get(demo_file, person.id or 0)
    found = desk.search("dafyd gwilym")
    assert found and found[0]["name"] == "Dafydd ap Gwilym" and found[0]["in_at"]
    # A nameless walk-in, or a bad email, is a sentence to fix, and adds nobody.
    for form in ({"name": "   "}, {"name": "Ann", "email": "not an email"}):
        refused = desk.post(f"{desk.page}/walk-in", form, json=True)
        assert refused.status_code == 422 and refused.json()["walk_in_problem"]
        plain = desk.post(f"{desk.page}/walk-in", form)
        assert plain.status_code == 422 and "walk-in-problem" in plain.text
    assert store_attendees.count(demo_file, status=None) == 61


def test_a_walk_in_with_an_erased_email_asks_again(desk, demo_file) -> None:
    email = store_attendees.get(demo_file, 7).email  # type: ignore[union-attr]
    store_erasure.erase_person(demo_file, 7)
    form = {"name": "Mo Rahman", "email": email}
    first = desk.post(f"{desk.page}/walk-in", form, json=True)
    assert first.status_code == 422 and "erased on request" in first.json()["walk_in_problem"]
    before = store_attendees.count(demo_file, status=None)  # nobody added by the first press
    assert not any(p.name == "Mo Rahman" for p in store_attendees.load_all(demo_file))
    again = desk.post(f"{desk.page}/walk-in", {**form, "again": email}, json=True)
    assert again.json()["kind"] == "checked in"
    assert store_attendees.count(demo_file, status=None) == before + 1


def test_two_desks_scanning_the_same_badges_at_once_give_one_check_in_each(
    server, demo_file
) -> None:
    """GIVEN two desks (two PINs, two tablets) WHEN both scan the same 30 badges at the same
    moment THEN each badge is checked in exactly once: one desk says "checked in", the other
    "already in"."""
    second = screen_pins.add_desk(demo_file)
    desks = [Device(server.desk_url, "127.0.4.1"), Device(server.desk_url, "127.0.4.2")]
    desks[0].sign_in(pin_of(demo_file, ScreenKind.DESK))
    desks[1].sign_in(second.pin)
    scanner = Scanner(demo_file)
    people = [p.id for p in store_attendees.load_all(demo_file)][:30]
    codes = [scanner.badge_code(n or 0) for n in people]
    results: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def run(n: int) -> None:
        start.wait()
        for code in codes:
            results[n].append(desks[n].scan(code).json()["kind"])

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for a, b in zip(*results, strict=True):
        assert sorted([a, b]) == ["already in", "checked in"]
    assert store_checkins.count(demo_file) == 30
    by_desk = {r.desk for r in store_checkins.all_by_attendee(demo_file).values()}
    assert by_desk <= {"Door desk 1", second.name}


def test_a_check_in_the_file_could_not_store_is_never_shown_green(desk, server, demo_file) -> None:
    """GIVEN a disk that turned read-only under the server WHEN the desk scans THEN it is told
    "not saved" (503, never green) and the file holds no check-in; once it is writable again
    the same scan checks them in."""
    import sqlite3

    writer = server.writer.doc
    writable = writer.con
    uri = f"{writer.path.resolve().as_uri()}?mode=ro"
    writer.con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    code = Scanner(demo_file).badge_code(60)
    try:
        refused = desk.scan(code)
        assert refused.status_code == 503
        assert refused.json()["ok"] is False and refused.json()["tone"] == "stop"
        assert "Not saved" in refused.json()["headline"]
        plain = desk.scan(code, json=False)
        assert plain.status_code == 503 and "NOT saved" in plain.text
        walk_in = desk.post(f"{desk.page}/walk-in", {"name": "Read Only"}, json=True)
        assert walk_in.status_code == 503
        assert store_checkins.get(demo_file, 60) is None
        assert not any(p.name == "Read Only" for p in store_attendees.load_all(demo_file))
    finally:
        writer.con.close()
        writer.con = writable
    assert desk.scan(code).json()["kind"] == "checked in"
    assert store_checkins.get(demo_file, 60) is not None


def test_counts_follow_check_ins_made_elsewhere(desk, demo_file) -> None:
    assert desk.client.get(f"{desk.page}/counts").json() == {"in": 0, "expected": 60}
    Scanner(demo_file, desk="Laptop").scan(Scanner(demo_file).badge_code(49))
    assert desk.client.get(f"{desk.page}/counts").json() == {"in": 1, "expected": 60}
