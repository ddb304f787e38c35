"""Scanning at the desk and in batch: outcomes, two desks at once, check-ins surviving a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from labdesk.core import badges
from labdesk.core.checkin import ScanKind, Tone
from labdesk.core.keyboards import mistranslate
from labdesk.core.model import Attendee
from labdesk.store import attendees, checkins, open_workshop
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner

ROOT = Path(__file__).resolve().parent.parent


def _someone_not_in(doc) -> Attendee:  # type: ignore[no-untyped-def]
    arrived = checkins.checked_in_at(doc)
    return next(
        a for a in attendees.load_all(doc) if a.status == "attending" and a.id not in arrived
    )


def test_scan_checks_in_once_then_says_already_in(demo_file) -> None:
    person = _someone_not_in(demo_file)
    scanner = Scanner(demo_file, desk="Door")
    code = scanner.badge_code(person.id or 0)
    first = scanner.scan(code)
    assert first.kind is ScanKind.CHECKED_IN and first.tone is Tone.GO
    assert first.attendee is not None and first.attendee.name == person.name
    second = scanner.scan(code)
    assert second.kind is ScanKind.ALREADY_IN and second.tone is Tone.WAIT
    assert second.at == first.at
    assert second.headline == f"Already checked in at {first.at:%H:%M}"
    stored = checkins.get(demo_file, person.id or 0)
    assert stored is not None and stored.desk == "Door"


def test_scan_through_a_german_laptop_and_caps_lock(demo_file) -> None:
    person = _someone_not_in(demo_file)
    scanner = Scanner(demo_file)
    typed = mistranslate(scanner.badge_code(person.id or 0), "US", "DE")
    assert typed is not None
    assert scanner.scan(typed.swapcase()).kind is ScanKind.CHECKED_IN


def test_bad_codes_change_nothing(demo_file) -> None:
    scanner = Scanner(demo_file)
    before = checkins.count(demo_file)
    person = _someone_not_in(demo_file)
    good = scanner.badge_code(person.id or 0)
    other = badges.make_code(b"k" * 32, "WXYZ", person.id or 0)
    forged = badges.make_code(
        b"wrong key",
        demo_file.con.execute("SELECT code FROM workshop").fetchone()[0],
        person.id or 0,
    )
    mistyped = good[:5] + ("B" if good[5] != "B" else "C") + good[6:]
    outcomes = {
        text: scanner.scan(text).kind
        for text in (other, forged, mistyped, "hello", "", "\x00" * 30)
    }
    assert outcomes == {
        other: ScanKind.OTHER_WORKSHOP,
        forged: ScanKind.FORGED,
        mistyped: ScanKind.MISTYPED,
        "hello": ScanKind.UNKNOWN,
        "": ScanKind.UNKNOWN,
        "\x00" * 30: ScanKind.UNKNOWN,
    }
    assert all(ScanKind(k).tone is not Tone.GO for k in outcomes.values())
    assert checkins.count(demo_file) == before


def test_signed_badge_for_a_deleted_person_is_unknown(workshop_file) -> None:
    person = attendees.add(workshop_file, Attendee(name="Gone Person"))
    scanner = Scanner(workshop_file)
    code = scanner.badge_code(person.id or 0)
    with workshop_file.transaction(Topic.ATTENDEES) as con:
        con.execute("DELETE FROM attendees WHERE id = ?", (person.id,))
    assert scanner.scan(code).kind is ScanKind.UNKNOWN


def test_imported_ticket_codes_scan_including_cancelled(workshop_file, samples: Path) -> None:
    from labdesk.core.importing import read_plan

    source = samples / "attendees-eventbrite.csv"
    attendees.apply_import(workshop_file, read_plan(source.read_bytes(), source.name))
    pretix = samples / "attendees-pretix-checkin.csv"
    attendees.apply_import(
        workshop_file,
        read_plan(pretix.read_bytes(), pretix.name, attendees.load_all(workshop_file)),
    )
    scanner = Scanner(workshop_file)
    barcode = scanner.scan("580943097405043636502")
    assert barcode.kind is ScanKind.CHECKED_IN and barcode.attendee.name == "Aoife ap Gruffydd"
    refunded = scanner.scan("548488467053354364980")  # Ellie Ní Bhriain, refunded
    assert refunded.kind is ScanKind.CANCELLED and refunded.tone is Tone.STOP
    assert refunded.attendee.name == "Ellie Ní Bhriain"
    # A pretix secret typed by a US scanner into a French laptop (a/q, z/w, digits moved).
    typed = mistranslate("dzyrpfa3xup9s96rtn8ra3zjbdunj3vv", "US", "FR")
    assert typed is not None and typed != "dzyrpfa3xup9s96rtn8ra3zjbdunj3vv"
    secret = scanner.scan(typed)
    assert secret.kind is ScanKind.CHECKED_IN and secret.attendee.name == "Aoife Sharma"


def test_undo_only_removes_that_check_in(demo_file) -> None:
    person = _someone_not_in(demo_file)
    scanner = Scanner(demo_file)
    outcome = scanner.scan(scanner.badge_code(person.id or 0))
    assert outcome.at is not None
    assert checkins.undo_if_at(demo_file, person.id or 0, outcome.at)
    assert checkins.get(demo_file, person.id or 0) is None
    assert not checkins.undo_if_at(demo_file, person.id or 0, outcome.at)


def test_walk_in_is_added_and_checked_in_together(workshop_file) -> None:
    person = attendees.add_walk_in(
        workshop_file, Attendee(name="Nia Walker", organisation="Mind"), desk="Door"
    )
    record = checkins.get(workshop_file, person.id or 0)
    assert record is not None and record.method == "walk-in"
    assert attendees.get(workshop_file, person.id or 0).source == "walk-in"


def test_two_desks_scanning_the_same_badge_at_once_give_one_check_in(demo_file) -> None:
    person = _someone_not_in(demo_file)
    code = Scanner(demo_file).badge_code(person.id or 0)
    path = demo_file.path
    desks = 6
    barrier = threading.Barrier(desks)
    results: list[ScanKind] = []
    errors: list[BaseException] = []

    def desk(n: int) -> None:
        try:
            doc = open_workshop(path, lock=False)
            try:
                scanner = Scanner(doc, desk=f"Desk {n}")
                barrier.wait()
                results.append(scanner.scan(code).kind)
            finally:
                doc.close(take_backup=False)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(results) == sorted([ScanKind.CHECKED_IN] + [ScanKind.ALREADY_IN] * (desks - 1))
    rows = demo_file.con.execute(
        "SELECT count(*) FROM check_ins WHERE attendee_id = ?", (person.id,)
    ).fetchone()[0]
    assert rows == 1


WRITER = """
import sys
from labdesk.store import open_workshop
from labdesk.store.checkins import Scanner
doc = open_workshop(sys.argv[1], lock=False)
scanner = Scanner(doc, desk="killed")
for code in sys.argv[2:]:
    outcome = scanner.scan(code)
    print(outcome.attendee.id, outcome.kind.value, flush=True)  # acknowledged after the commit
"""


@pytest.mark.slow
def test_check_ins_survive_sigkill_of_the_writer(workshop_file) -> None:
    people = [Attendee(name=f"Person {i}") for i in range(400)]
    attendees.add_many(workshop_file, people)
    scanner = Scanner(workshop_file)
    codes = [scanner.badge_code(p.id or 0) for p in people]
    path = str(workshop_file.path)
    acknowledged: set[int] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for trial in range(3):
        batch = codes[trial * 130 : (trial + 1) * 130]
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, path, *batch],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for got, line in enumerate(proc.stdout, 1):
            attendee_id, kind = line.split(" ", 1)
            assert kind.strip() == "checked in"
            acknowledged.add(int(attendee_id))
            if got == 20 + trial * 15:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
    reopened = open_workshop(path, lock=False)
    try:
        assert reopened.integrity(full=True) == "ok"
        stored = set(checkins.checked_in_at(reopened))
        assert acknowledged <= stored
        assert len(acknowledged) >= 20 + 35 + 50
    finally:
        reopened.close(take_backup=False)


def test_batch_check_in_command(demo_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from labdesk.cli import main

    person = _someone_not_in(demo_file)
    code = Scanner(demo_file).badge_code(person.id or 0)
    other = badges.make_code(b"k" * 32, "WXYZ", 3)
    forged = badges.make_code(
        b"nope", demo_file.con.execute("SELECT code FROM workshop").fetchone()[0], 3
    )
    listing = tmp_path / "scanner.txt"
    listing.write_text(f"{code}\r\n\r\n{other}\r\n", encoding="utf-8")
    before = checkins.count(demo_file)
    status = main(
        ["check-in", str(demo_file.path), code, "NOT-A-CODE", forged, "--from", str(listing)]
    )
    lines = capsys.readouterr().out.splitlines()
    assert status == 1  # some codes were bad
    assert lines[0] == f"{code}: checked in: {person.name}" + (
        f" ({person.organisation})" if person.organisation else ""
    )
    assert lines[1] == "NOT-A-CODE: unknown"
    assert lines[2] == f"{forged}: forged"
    assert lines[3].startswith(f"{code}: already in since ")
    assert lines[4] == f"{other}: other workshop"
    assert len(lines) == 5
    assert checkins.count(demo_file) == before + 1
    assert main(["check-in", str(demo_file.path)]) == 2


def _mutants(rng, genuine: list[str], alphabet: str, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    """n texts made from genuine codes by what goes wrong in a hand or a damaged label:
    characters changed, swapped, lost, doubled or added; none equal to the code it came from."""
    made: list[str] = []
    while len(made) < n:
        chars = list(rng.choice(genuine))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            how = rng.randrange(5)
            if how == 0:
                chars[at] = rng.choice(alphabet.replace(chars[at], "") or alphabet)
            elif how == 1 and at + 1 < len(chars) and chars[at] != chars[at + 1]:
                chars[at], chars[at + 1] = chars[at + 1], chars[at]
            elif how == 2 and len(chars) > 1:
                del chars[at]
            elif how == 3:
                chars.insert(at, chars[at])
            else:
                chars.insert(at, rng.choice(alphabet))
        text = "".join(chars)
        if text not in genuine:
            made.append(text)
    return made


def test_ten_thousand_random_and_mutated_scans_check_no_one_in(demo_file) -> None:
    """GIVEN the demo's 60 signed badges and 60 imported ticket codes, WHEN 10,000 random and
    mutated codes are scanned at the desk, THEN none checks anyone in and none crashes."""
    import random

    scanner = Scanner(demo_file, desk="Fuzz")
    people = attendees.load_all(demo_file)
    badge_codes = [scanner.badge_code(a.id or 0) for a in people]
    tickets = [r[0] for r in demo_file.con.execute("SELECT code FROM ticket_codes")]
    assert len(badge_codes) == 60 and len(tickets) == 60
    rng = random.Random(10_000)
    digits = "0123456789"
    texts = (
        _mutants(rng, badge_codes, badges.ALPHABET, 3000)
        + _mutants(rng, tickets, digits, 3000)
        + [
            "".join(rng.choice(badges.ALPHABET) for _ in range(badges.CODE_LEN))
            for _ in range(1500)
        ]
        + ["".join(rng.choice(digits) for _ in range(len(tickets[0]))) for _ in range(1500)]
        + [
            "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randint(0, 60)))
            for _ in range(1000)
        ]
    )
    assert len(texts) == 10_000
    before = checkins.count(demo_file)
    accepted = []
    for text in texts:
        kind = scanner.scan(text).kind
        if kind in (ScanKind.CHECKED_IN, ScanKind.ALREADY_IN, ScanKind.CANCELLED):
            accepted.append((text, kind))
    assert accepted[:5] == [] and len(accepted) == 0
    assert checkins.count(demo_file) == before


DESK = """
import sys
from labdesk.store import open_workshop
from labdesk.store.checkins import Scanner
doc = open_workshop(sys.argv[1], lock=False, purpose="check-in")
scanner = Scanner(doc, desk=sys.argv[2])
codes = sys.argv[3:]
print("ready", flush=True)
sys.stdin.readline()  # both desks start on the same signal
for code in codes:
    print(scanner.scan(code).kind.value, flush=True)
doc.close(take_backup=False)
"""


def test_two_desk_processes_scanning_the_same_badges_give_one_check_in_each(demo_file) -> None:
    """GIVEN the app holding the file and two desks (separate processes) with the same 30 badges,
    WHEN both scan them all at the same moment, THEN each person is checked in once: for every
    badge exactly one desk says "checked in" and the other "already in"."""
    with demo_file.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")  # the morning before the doors open
    waiting = [a for a in attendees.load_all(demo_file) if a.status == "attending"][:30]
    assert len(waiting) == 30
    codes = [Scanner(demo_file).badge_code(a.id or 0) for a in waiting]
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", DESK, str(demo_file.path), f"Desk {n}", *codes],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    for desk in desks:
        assert desk.stdout is not None and desk.stdout.readline() == "ready\n"
    for desk in desks:
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.flush()
    said = [desk.communicate(timeout=60)[0].split() for desk in desks]
    said = [[w for w in words if w in ("checked", "already")] for words in said]
    assert all(len(words) == 30 for words in said)
    for first, second in zip(*said, strict=True):
        assert sorted((first, second)) == ["already", "checked"]
    assert checkins.count(demo_file) == 30
