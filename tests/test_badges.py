"""Badge codes: signed per workshop, read back through QR and every keyboard-layout mix-up."""

from __future__ import annotations

import io
import random
import secrets
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from labdesk.core import badges
from labdesk.core.badges import CODE_LEN, Verdict, make_code, read
from labdesk.core.keyboards import LAYOUTS, caps_lock, layout_pairs, mistranslate
from labdesk.core.qr import qr_modules, qr_png
from labdesk.printing.badges import (
    BADGE_MASK,
    SIZES,
    Badge,
    _qr_path,
    badge_sheets,
    single_badges,
)

SECRET = bytes.fromhex("11" * 32)
WORKSHOP = "ACDE"


def test_code_shape_and_signature_strength() -> None:
    code = make_code(SECRET, WORKSHOP, 1)
    assert len(code) == CODE_LEN == 22
    assert set(code) <= set(badges.ALPHABET)
    assert badges.BASE**badges.SIGNATURE_LEN >= 2**64  # at least 64 bits of HMAC
    assert read(code, SECRET, WORKSHOP) == badges.Reading(Verdict.OK, 1, code)
    assert make_code(SECRET, WORKSHOP, 1) == code  # stable: reprints give the same badge


def test_alphabet_has_no_characters_that_mean_two_things() -> None:
    # Built at import with assertions; here: every layout pair reads every character back.
    for scanner, laptop in layout_pairs():
        typed = mistranslate(badges.ALPHABET, scanner, laptop)
        assert typed is not None
        assert badges.normalise(typed) == badges.ALPHABET, (scanner, laptop, typed)


@pytest.mark.parametrize(("scanner", "laptop"), list(layout_pairs()))
def test_round_trip_through_every_layout_mistranslation(scanner: str, laptop: str) -> None:
    for attendee_id in (1, 42, 9999, badges.MAX_ATTENDEE_ID):
        code = make_code(SECRET, WORKSHOP, attendee_id)
        typed = mistranslate(code, scanner, laptop)
        assert typed is not None
        for variant in (typed, caps_lock(typed)):
            reading = read(variant, SECRET, WORKSHOP)
            assert reading.verdict is Verdict.OK, (scanner, laptop, variant)
            assert reading.attendee_id == attendee_id


def test_known_mistranslations_are_undone() -> None:
    code = make_code(SECRET, WORKSHOP, 7)
    de = mistranslate(code, "US", "DE")
    fr = mistranslate(code, "US", "FR")
    assert de is not None and fr is not None
    if "W" in code:
        assert "Z" in fr  # FR swaps W and Z
    if any(ch in code for ch in "3478"):
        assert not any(ch in fr for ch in "3478")  # FR: digits need Shift, a scanner sends none
    assert read(de, SECRET, WORKSHOP).verdict is Verdict.OK
    assert read(fr, SECRET, WORKSHOP).verdict is Verdict.OK
    assert read(badges.printed(code), SECRET, WORKSHOP).verdict is Verdict.OK
    assert read(badges.printed(code).lower(), SECRET, WORKSHOP).verdict is Verdict.OK
    assert (
        read("-".join(code[i : i + 4] for i in range(0, 22, 4)), SECRET, WORKSHOP).attendee_id == 7
    )


def test_round_trip_through_qr_png_and_zxing() -> None:
    for attendee_id in (1, 250, 12345):
        code = make_code(SECRET, WORKSHOP, attendee_id)
        image = Image.open(io.BytesIO(qr_png(code)))
        results = zxingcpp.read_barcodes(image)
        assert [r.text for r in results] == [code]
        assert read(results[0].text, SECRET, WORKSHOP).attendee_id == attendee_id


def test_other_workshop_forged_mistyped_unknown() -> None:
    theirs = make_code(secrets.token_bytes(32), "HJKL", 5)
    assert read(theirs, SECRET, WORKSHOP).verdict is Verdict.OTHER_WORKSHOP
    # Same workshop id, made with the wrong key: well-formed, signature wrong.
    forged = make_code(b"not the key", WORKSHOP, 5)
    assert read(forged, SECRET, WORKSHOP).verdict is Verdict.FORGED
    good = make_code(SECRET, WORKSHOP, 5)
    one_wrong = good[:10] + ("B" if good[10] != "B" else "C") + good[11:]
    assert read(one_wrong, SECRET, WORKSHOP).verdict is Verdict.MISTYPED
    assert read(good[:-1], SECRET, WORKSHOP).verdict is Verdict.MISTYPED
    for text in ("", "hello world", "https://example.org/", "0" * 22, "\x00\x01", "é" * 500):
        assert read(text, SECRET, WORKSHOP).verdict is Verdict.UNKNOWN


def test_adjacent_swaps_and_single_substitutions_are_all_caught() -> None:
    good = make_code(SECRET, WORKSHOP, 321)
    for i in range(CODE_LEN):
        for ch in badges.ALPHABET:
            if ch == good[i]:
                continue
            bad = good[:i] + ch + good[i + 1 :]
            assert read(bad, SECRET, WORKSHOP).verdict is not Verdict.OK
        if i + 1 < CODE_LEN and good[i] != good[i + 1]:
            swapped = good[:i] + good[i + 1] + good[i] + good[i + 2 :]
            assert read(swapped, SECRET, WORKSHOP).verdict is not Verdict.OK


def test_ten_thousand_random_and_mutated_codes_none_accepted() -> None:
    rng = random.Random(4)
    valid = {make_code(SECRET, WORKSHOP, i) for i in range(1, 51)}
    accepted = 0
    for n in range(10_000):
        kind = n % 4
        if kind == 0:  # random well-shaped codes
            text = "".join(rng.choice(badges.ALPHABET) for _ in range(CODE_LEN))
        elif kind == 1:  # random well-shaped codes with a correct check character
            body = "".join(rng.choice(badges.ALPHABET) for _ in range(CODE_LEN - 1))
            text = body + badges.check_char(body)
        elif kind == 2:  # a real badge with a few characters changed, check char fixed up
            base = list(rng.choice(sorted(valid)))
            for _ in range(rng.randint(1, 3)):
                base[rng.randrange(badges.WORKSHOP_LEN, CODE_LEN - 1)] = rng.choice(badges.ALPHABET)
            body = "".join(base[:-1])
            text = body + badges.check_char(body)
        else:  # arbitrary printable noise
            text = "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(rng.randint(0, 40)))
        reading = read(text, SECRET, WORKSHOP)
        if reading.verdict is Verdict.OK and reading.code not in valid:
            accepted += 1
    assert accepted == 0


def test_run_together_codes_are_split() -> None:
    a, b = make_code(SECRET, WORKSHOP, 1), make_code(SECRET, WORKSHOP, 2)
    assert badges.split_run_together(a + b) == [a, b]
    assert badges.split_run_together(a) is None
    assert badges.split_run_together(a + b[:-1] + "A") in (None, [a, b[:-1] + "A"])


def test_attendee_ids_out_of_range() -> None:
    with pytest.raises(ValueError):
        make_code(SECRET, WORKSHOP, 0)
    with pytest.raises(ValueError):
        make_code(SECRET, WORKSHOP, badges.MAX_ATTENDEE_ID + 1)


def test_ticket_codes_survive_layouts_and_caps_lock() -> None:
    secret = "dzyrpfa3xup9s96rtn8ra3zjbdunj3vv"  # a pretix secret
    barcode = "580943097405043636502"  # an Eventbrite barcode
    for code in (secret, barcode):
        for scanner, laptop in layout_pairs():
            typed = mistranslate(code, scanner, laptop)
            assert typed is not None
            for text in (typed, caps_lock(typed), f" {typed}\n"):
                assert badges.ticket_key(code) in badges.ticket_candidates(text), (scanner, laptop)


def test_a_wrong_character_in_a_ticket_code_finds_no_ticket() -> None:
    barcode = "580943097405043636502"
    for at in range(len(barcode)):
        for digit in "0123456789":
            if digit != barcode[at]:
                wrong = barcode[:at] + digit + barcode[at + 1 :]
                assert barcode not in badges.ticket_candidates(wrong), wrong
    secret = "dzyrpfa3xup9s96rtn8ra3zjbdunj3vv"
    assert secret not in badges.ticket_candidates("dzyrpfa3xup9s96rtn8ra3zjbdunj3vw")


def test_layout_tables_are_aligned() -> None:
    for name, rows in LAYOUTS.items():
        us_rows = LAYOUTS["US"]
        for (plain, shifted), (us_plain, _) in zip(rows, us_rows, strict=True):
            assert len(plain) == len(shifted) == len(us_plain), name


def test_badge_sheets_and_single_badge_from_the_command_line(demo_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from labdesk.cli import main
    from labdesk.store import attendees
    from labdesk.store.checkins import Scanner

    people = [a for a in attendees.load_all(demo_file) if a.status == "attending"]
    sian = next(a for a in people if a.name == "Siân Jones")
    code = Scanner(demo_file).badge_code(sian.id or 0)
    path = demo_file.path
    out = tmp_path / "badges.pdf"
    assert main(["badges", str(path), "-o", str(out)]) == 0
    assert f"{len(people)} badges on {-(-len(people) // 8)} pages" in capsys.readouterr().out
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Siân Jones" in text and badges.printed(code) in text
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4
    single = tmp_path / "one.pdf"
    assert (
        main(
            [
                "badges",
                str(path),
                "-o",
                str(single),
                "--only",
                "sian jones",
                "--single",
                "--size",
                "a4-10",
            ]
        )
        == 0
    )
    one = PdfReader(single)
    assert len(one.pages) == 1
    assert abs(float(one.pages[0].mediabox.width) - 85 * 72 / 25.4) < 1
    assert "Siân Jones" in one.pages[0].extract_text()
    assert main(["badges", str(path), "-o", str(tmp_path / "x.pdf"), "--only", "zzzzzz"]) == 2
    assert "nobody matches" in capsys.readouterr().err


def test_every_slip_of_many_real_codes_reads_mistyped() -> None:
    """Every single-character substitution and every adjacent swap of 100 real codes, from
    100 workshops, reads "mistyped": never forged, another workshop's, or someone else."""
    rng = random.Random(11)
    wrong: dict[str, int] = {}
    for _ in range(100):
        secret = rng.randbytes(32)
        workshop = "".join(rng.choice("ACDEFHJKLMNPRTUVWXY3479") for _ in range(4))
        code = make_code(secret, workshop, rng.randint(1, badges.MAX_ATTENDEE_ID))
        slips = [code[:i] + ch + code[i + 1 :] for i in range(CODE_LEN) for ch in badges.ALPHABET]
        slips += [code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(CODE_LEN - 1)]
        for slip in slips:
            if slip == code:
                continue
            verdict = read(slip, secret, workshop).verdict
            if verdict is not Verdict.MISTYPED:
                wrong[verdict.value] = wrong.get(verdict.value, 0) + 1
    assert wrong == {}


def _old_badge(secret: bytes, workshop: str, attendee_id: int) -> str:
    body = make_code(secret, workshop, attendee_id)[:-1]
    return body + badges.old_check_char(body)


def test_badges_printed_before_still_scan_where_they_were_printed() -> None:
    """A workshop made before the new check character keeps its printed badges: they read as
    theirs, and every slip of one reads mistyped (or, for the check character, as the same
    person's new badge). A new workshop has no such badges and accepts only the new check."""
    rng = random.Random(5)
    for attendee_id in (1, 77, 4242, badges.MAX_ATTENDEE_ID):
        old = _old_badge(SECRET, WORKSHOP, attendee_id)
        if old == make_code(SECRET, WORKSHOP, attendee_id):
            continue  # both checks agree for this one
        assert read(old, SECRET, WORKSHOP, old_badges=True) == badges.Reading(
            Verdict.OK, attendee_id, old
        )
        assert read(old, SECRET, WORKSHOP).verdict is Verdict.MISTYPED
        for _ in range(300):
            i = rng.randrange(CODE_LEN)
            ch = rng.choice([c for c in badges.ALPHABET if c != old[i]])
            reading = read(old[:i] + ch + old[i + 1 :], SECRET, WORKSHOP, old_badges=True)
            assert reading.verdict is Verdict.MISTYPED or (
                reading.verdict is Verdict.OK and reading.attendee_id == attendee_id
            ), (old, i, ch, reading)
        for i in range(CODE_LEN - 1):
            swapped = old[:i] + old[i + 1] + old[i] + old[i + 2 :]
            if swapped != old:
                assert read(swapped, SECRET, WORKSHOP, old_badges=True).verdict is Verdict.MISTYPED
    # Forged and other workshops' codes are still told apart where old badges exist.
    forged = make_code(b"not the key", WORKSHOP, 5)
    assert read(forged, SECRET, WORKSHOP, old_badges=True).verdict is Verdict.FORGED
    theirs = make_code(secrets.token_bytes(32), "HJKL", 5)
    assert read(theirs, SECRET, WORKSHOP, old_badges=True).verdict is Verdict.OTHER_WORKSHOP


def test_a_workshop_from_before_scans_its_old_badges_at_the_desk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a workshop file made by the released schema (version 1) with its badges printed,
    WHEN this labdesk opens it, THEN the old badges check people in, as do new ones."""
    from labdesk.core.checkin import ScanKind
    from labdesk.store import attendees, open_workshop
    from labdesk.store.checkins import Scanner
    from tests.old_files import version_1

    path = tmp_path / "last-year.labdesk"
    con = version_1(path, day="2025-05-01", code=WORKSHOP, secret=SECRET.hex())
    for n in (1, 2):
        con.execute(
            "INSERT INTO attendees (id, name, created_at) VALUES (?, ?, '2025-04-01')",
            (n, f"Person {n}"),
        )
    con.close()
    with open_workshop(path) as doc:
        assert attendees.count(doc) == 2
        scanner = Scanner(doc)
        old = _old_badge(SECRET, WORKSHOP, 1)
        assert old != make_code(SECRET, WORKSHOP, 1)
        assert scanner.scan(old).kind is ScanKind.CHECKED_IN
        assert scanner.scan(make_code(SECRET, WORKSHOP, 2)).kind is ScanKind.CHECKED_IN


def test_ticket_codes_too_short_to_be_safe(workshop_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """GIVEN an export with the ticket codes "7" and "ab12cd" and a real Eventbrite barcode,
    WHEN it is imported, THEN the short codes are named, row by row; and at the desk they check
    someone in only when scanned exactly as imported, never by a Caps Lock or layout reading."""
    from labdesk.cli import main
    from labdesk.core.checkin import ScanKind
    from labdesk.store import attendees, checkins
    from labdesk.store.checkins import Scanner

    source = tmp_path / "export.csv"
    source.write_text(
        "Name,Email,Ticket code\n"
        "Guest Seven,seven@example.org,7\n"
        "Ada Short,ada@example.org,ab12cd\n"
        "Bea Long,bea@example.org,580943097405043636502\n",
        encoding="utf-8",
    )
    workshop_file.close(take_backup=False)
    assert main(["import", str(workshop_file.path), str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "row 2: Ticket code “7” is short enough to be guessed" in out
    assert "row 3: Ticket code “ab12cd” is short enough to be guessed" in out
    assert "row 4: Ticket code" not in out
    assert main(["import", str(workshop_file.path), str(source)]) == 0
    from labdesk.store import open_workshop

    with open_workshop(workshop_file.path) as doc:
        scanner = Scanner(doc)
        people = {a.name: a.id for a in attendees.load_all(doc)}
        assert scanner.scan("AB12CD").kind is ScanKind.UNKNOWN  # Caps Lock on: not in full
        assert scanner.scan("ab12cd").kind is ScanKind.CHECKED_IN
        assert scanner.scan("7").kind is ScanKind.CHECKED_IN  # in full, as imported
        assert scanner.scan("77").kind is ScanKind.UNKNOWN
        long_caps = mistranslate("580943097405043636502", "US", "FR")
        assert long_caps is not None
        assert scanner.scan(long_caps).kind is ScanKind.CHECKED_IN  # a safe code: any layout
        assert checkins.get(doc, people["Bea Long"] or 0) is not None


# -- printed badges scan back ---------------------------------------------------------------------
def _printed_codes(pdf: Path, tmp_path: Path) -> list[list[str]]:
    """Each page of pdf printed at 150 dpi in grey, as a scanner at the desk reads it."""
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
    return [sorted(r.text for r in zxingcpp.read_barcodes(Image.open(p))) for p in pages]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_printed_badge_sheets_scan_back_to_every_code(size: str, tmp_path: Path) -> None:
    """GIVEN a sheet and a bit of badges, WHEN printed and scanned, THEN every QR code reads as
    its person's badge code, and nothing else."""
    per_sheet = SIZES[size].per_sheet
    codes = [make_code(SECRET, WORKSHOP, i) for i in range(1, per_sheet + 3)]
    people = [Badge(f"Person {i} Ó Súilleabháin", "Mind in Leeds", c) for i, c in enumerate(codes)]
    out = tmp_path / "badges.pdf"
    assert badge_sheets(people, out, size=size) == 2
    assert _printed_codes(out, tmp_path) == [sorted(codes[:per_sheet]), sorted(codes[per_sheet:])]


def test_a_walk_in_badge_scans_back(tmp_path: Path) -> None:
    code = make_code(SECRET, WORKSHOP, 4321)
    out = tmp_path / "walk-in.pdf"
    single_badges([Badge("Llŷr ap Gruffydd", "", code)], out, size="a4-10")
    assert _printed_codes(out, tmp_path) == [[code]]


def test_the_drawn_squares_are_exactly_the_dark_modules() -> None:
    """The vector QR on a badge paints every dark module once and no light one."""
    for attendee_id in (1, 77, badges.MAX_ATTENDEE_ID):
        modules = qr_modules(make_code(SECRET, WORKSHOP, attendee_id), mask=BADGE_MASK)
        painted = [[0] * modules.side for _ in range(modules.side)]
        ops = _qr_path(modules).split()
        assert len(ops) % 5 == 0 and set(ops[4::5]) == {"re"}
        for i in range(0, len(ops), 5):
            col, row, width, height = map(int, ops[i : i + 4])
            assert height == 1
            for c in range(col, col + width):
                painted[row][c] += 1
        expected = [
            [int(modules.is_dark(r, c)) for c in range(modules.side)] for r in range(modules.side)
        ]
        assert painted == expected


def test_qr_codes_for_the_phones_read_back_exactly() -> None:
    """The projector's and cards' QR codes carry their text unchanged, accents included."""
    for text in (
        "http://192.168.1.20:8080/Zq3x_tokentokentoken/feedback/12",
        "WIFI:T:WPA;S:Café Wi-Fi;P:pässwörd;;",
        "WIFI:T:WPA;S:Łódź 2.4;P:żółć;;",
        "WIFI:T:nopass;S:Ysgol Gŵyl;;",
    ):
        image = Image.open(io.BytesIO(qr_png(text)))
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [text]


def test_qr_options_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="error correction"):
        qr_modules("x", error="Z")
    with pytest.raises(ValueError, match="mask"):
        qr_modules("x", mask=8)


def test_badge_codes_are_made_with_the_fixed_mask() -> None:
    # The mask is what makes ten thousand badges fast; a reader reports the one it found.
    modules = qr_modules(make_code(SECRET, WORKSHOP, 5), mask=BADGE_MASK)
    image = Image.frombytes("L", (modules.side, modules.side), modules.pixels).resize(
        (modules.side * 4, modules.side * 4), Image.Resampling.NEAREST
    )
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == make_code(SECRET, WORKSHOP, 5)
    assert result.extra["DataMask"] == BADGE_MASK
