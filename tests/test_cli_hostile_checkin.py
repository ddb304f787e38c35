"""`labdesk check-in` with codes as scanners and people really deliver them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from labdesk.store import open_workshop
from labdesk.store.checkins import Scanner
from tests.hostile import REPO, fine, labdesk, refused


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.labdesk"
    fine(labdesk("new", path, "--demo"))
    return path


def badge(path, attendee_id: int) -> str:
    with open_workshop(path, lock=False) as doc:
        return Scanner(doc).badge_code(attendee_id)


def not_yet_in(path) -> list[int]:
    with open_workshop(path, lock=False) as doc:
        ids = [r[0] for r in doc.con.execute("SELECT id FROM attendees ORDER BY id")]
        inside = {r[0] for r in doc.con.execute("SELECT attendee_id FROM check_ins")}
    return [i for i in ids if i not in inside]


def test_framing_zero_width_and_full_width_characters_still_check_in(demo):
    a, b, c = not_yet_in(demo)[:3]
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in badge(demo, c))
    out = fine(
        labdesk(
            "check-in",
            demo,
            f"\x02{badge(demo, a)}\x03",  # a scanner set to send STX … ETX
            badge(demo, b)[:6] + "\u200b" + badge(demo, b)[6:] + "\ufeff",
            full_width,  # typed through a Japanese input method
        )
    )
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(": checked in: " in line for line in lines), out
    assert "\x02" not in out  # control characters are not echoed to the terminal


def test_two_badges_run_together_are_two_check_ins(demo):
    a, b = not_yet_in(demo)[:2]
    out = fine(labdesk("check-in", demo, badge(demo, a) + badge(demo, b)))
    assert out.count(": checked in: ") == 2


def test_blank_and_foreign_codes_say_so_and_change_nothing(demo, tmp_path):
    other = tmp_path / "other.labdesk"
    fine(labdesk("new", other, "--demo"))
    before = len(not_yet_in(demo))
    ran = labdesk("check-in", demo, "", "   ", badge(other, 1), "'; DROP TABLE attendees;--")
    assert ran.code == 1
    assert "Traceback" not in ran.err
    assert ran.out.splitlines() == [
        "(blank): unknown",
        "(blank): unknown",
        f"{badge(other, 1)}: other workshop",
        "'; DROP TABLE attendees;--: unknown",
    ]
    assert len(not_yet_in(demo)) == before


def test_an_empty_list_file_is_named_in_the_message(demo, tmp_path):
    codes = tmp_path / "scans.txt"
    codes.write_text("\n  \n\n", encoding="utf-8")
    assert "scans.txt has no codes in it" in refused(labdesk("check-in", demo, "--from", codes))


def test_utf16_list_with_mac_line_ends_from_a_handheld_scanner(demo, tmp_path):
    a, b = not_yet_in(demo)[:2]
    codes = tmp_path / "scans.txt"
    codes.write_bytes(f"{badge(demo, a)}\r{badge(demo, b)}\r".encode("utf-16"))
    out = fine(labdesk("check-in", demo, "--from", codes))
    assert out.count(": checked in: ") == 2


def test_a_reader_that_goes_away_is_not_reported_as_success(demo, tmp_path):
    # `labdesk check-in … | head -1`: the codes after the pipe closed were never checked in,
    # so the exit status must not say all went well (it was 0).
    codes = tmp_path / "scans.txt"
    codes.write_text("\n".join(["NOT-A-CODE"] * 20_000) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "labdesk", "check-in", str(demo), "--from", str(codes)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"NOT-A-CODE: unknown\n"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert b"Traceback" not in err and b"Exception ignored" not in err
