"""Badge codes: short, signed per workshop, and read back whatever keyboard layout typed them.

A code is 22 characters from a 25-character alphabet chosen so that every character a US, UK,
German or French keyboard-wedge scanner can turn it into (on a laptop set to any of those layouts,
Caps Lock on or off) maps back to exactly one code character:

    WWW  IIII  SSSSSSSSSSSSSS  C
    |    |     |               check character (Luhn mod 25): catches one wrong or swapped pair
    |    |     signature: HMAC-SHA256(workshop secret, workshop id + attendee id), 65 bits
    |    attendee id
    short workshop id (derived from the workshop's code)

Scanning it tells apart: ok, mistyped (check fails), another workshop's badge (check passes,
workshop id differs), forged (check passes, signature wrong) and unknown (not a badge at all).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from labdesk.core.keyboards import caps_lock, layout_pairs, mistranslate, typed_as

ALPHABET = "ABCDEFGHJKLMNPRSTUVWX3478"
BASE = len(ALPHABET)
WORKSHOP_LEN = 3
ID_LEN = 4
SIGNATURE_LEN = math.ceil(64 / math.log2(BASE))  # >= 64 bits
CODE_LEN = WORKSHOP_LEN + ID_LEN + SIGNATURE_LEN + 1
MAX_ATTENDEE_ID = BASE**ID_LEN - 1
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Characters people and scanners put between groups; none of them is a mistranslated code char.
_SEPARATORS = frozenset(" \t\r\n-‐–—.·ß´'`’,\u00a0")


def _build_normalisation() -> dict[str, str]:
    table: dict[str, str] = {}
    for ch in ALPHABET:
        for scanner, laptop in layout_pairs():
            got = typed_as(ch, scanner, laptop)
            assert got is not None, (ch, scanner, laptop)
            for variant in {got, got.lower(), got.upper()}:
                previous = table.setdefault(variant, ch)
                assert previous == ch, f"{variant!r} would mean both {previous} and {ch}"
    return table


NORMALISE = _build_normalisation()
# Separators that some layout turns into a code character are not separators for us.
SEPARATORS = frozenset(c for c in _SEPARATORS if c not in NORMALISE)


class Verdict(StrEnum):
    """What a scanned text turned out to be."""

    OK = "ok"
    UNKNOWN = "unknown"
    OTHER_WORKSHOP = "other workshop"
    FORGED = "forged"
    MISTYPED = "mistyped"


@dataclass(frozen=True)
class Reading:
    verdict: Verdict
    attendee_id: int | None = None
    code: str = ""  # the canonical code when the text was shaped like a badge code


def workshop_id(workshop_code: str) -> str:
    """The short workshop id carried in badges, derived from the workshop's own code."""
    digest = hashlib.sha256(f"labdesk-workshop:{workshop_code}".encode()).digest()
    return _encode(int.from_bytes(digest[:8], "big") % BASE**WORKSHOP_LEN, WORKSHOP_LEN)


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, BASE)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def _decode(text: str) -> int:
    value = 0
    for ch in text:
        value = value * BASE + _VALUE[ch]
    return value


def _signature(secret: bytes, wid: str, attendee_id: int) -> str:
    mac = hmac.new(secret, f"labdesk-badge:{wid}:{attendee_id}".encode(), hashlib.sha256).digest()
    return _encode(int.from_bytes(mac[:16], "big") % BASE**SIGNATURE_LEN, SIGNATURE_LEN)


def check_char(body: str) -> str:
    """Luhn mod N check character over body (every char in ALPHABET)."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // BASE + addend % BASE
    return ALPHABET[(BASE - total % BASE) % BASE]


def make_code(secret: bytes, workshop_code: str, attendee_id: int) -> str:
    """The badge code for an attendee: CODE_LEN characters of ALPHABET."""
    if not 0 < attendee_id <= MAX_ATTENDEE_ID:
        raise ValueError(f"attendee id {attendee_id} does not fit in a badge code")
    wid = workshop_id(workshop_code)
    body = wid + _encode(attendee_id, ID_LEN) + _signature(secret, wid, attendee_id)
    return body + check_char(body)


def printed(code: str) -> str:
    """The code as printed under the QR, in groups people can read aloud."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(text: str) -> str | None:
    """The canonical code characters in text, undoing layout mistranslation; None if some
    character cannot belong to a badge code."""
    out = []
    for ch in text:
        if ch in SEPARATORS or _invisible(ch):
            continue
        mapped = NORMALISE.get(ch)
        if mapped is None:
            # Full-width letters from an East Asian input method: "Ｅ" is "E".
            mapped = NORMALISE.get(unicodedata.normalize("NFKC", ch))
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def _invisible(ch: str) -> bool:
    """Control and format characters: a scanner's STX/ETX framing, a zero-width space or a
    byte-order mark copied with the code. None of them is typed from a badge."""
    return unicodedata.category(ch) in ("Cc", "Cf")


def read(text: str, secret: bytes, workshop_code: str) -> Reading:
    """Classify scanned or typed text as a badge of this workshop (or why not)."""
    if len(text) > 200:
        return Reading(Verdict.UNKNOWN)
    code = normalise(text)
    if code is None or not code:
        return Reading(Verdict.UNKNOWN)
    if len(code) != CODE_LEN:
        # Nearly a code: a character lost or doubled on the way in.
        if abs(len(code) - CODE_LEN) <= 2 and len(code) >= CODE_LEN - 2:
            return Reading(Verdict.MISTYPED, code=code)
        return Reading(Verdict.UNKNOWN, code=code)
    body, check = code[:-1], code[-1]
    if check_char(body) != check:
        return Reading(Verdict.MISTYPED, code=code)
    wid = workshop_id(workshop_code)
    if body[:WORKSHOP_LEN] != wid:
        return Reading(Verdict.OTHER_WORKSHOP, code=code)
    attendee_id = _decode(body[WORKSHOP_LEN : WORKSHOP_LEN + ID_LEN])
    expected = _signature(secret, wid, attendee_id)
    if attendee_id == 0 or not hmac.compare_digest(expected, body[WORKSHOP_LEN + ID_LEN :]):
        return Reading(Verdict.FORGED, code=code)
    return Reading(Verdict.OK, attendee_id=attendee_id, code=code)


def split_run_together(text: str) -> list[str] | None:
    """Codes that arrived with no Enter between them (text a whole multiple of CODE_LEN long,
    every piece a well-formed code); None when text is not that."""
    code = normalise(text)
    if code is None or len(code) <= CODE_LEN or len(code) % CODE_LEN:
        return None
    pieces = [code[i : i + CODE_LEN] for i in range(0, len(code), CODE_LEN)]
    if all(check_char(p[:-1]) == p[-1] for p in pieces):
        return pieces
    return None


# -- external ticket codes (Eventbrite barcodes, pretix secrets) ---------------------------------


def ticket_key(text: str) -> str:
    """An external ticket code as stored for scanning: lower case, no spaces ("" if nothing)."""
    return "".join(ch for ch in text.lower() if not ch.isspace() and not _invisible(ch))


def ticket_candidates(text: str) -> list[str]:
    """The ticket keys a scanned text can stand for: as typed, and as each scanner layout meant
    it on each laptop layout, Caps Lock on or off. Exact, key by key: a y/z swap from a German
    laptop finds the ticket, but a wrong digit never does (no two digits share a key)."""
    typed = "".join(text.split())
    found = {ticket_key(typed)}
    for variant in (typed, caps_lock(typed)):
        for scanner, laptop in layout_pairs():
            meant = mistranslate(variant, laptop, scanner)  # the laptop's keys, read back
            if meant is not None:
                found.add(ticket_key(meant))
    found.discard("")
    return sorted(found)
