"""Badge codes: short, signed per workshop, and read back whatever keyboard layout typed them.

A code is 22 characters from a 25-character alphabet chosen so that every character a US, UK,
German or French keyboard-wedge scanner can turn it into (on a laptop set to any of those layouts,
Caps Lock on or off) maps back to exactly one code character:

    WWW  IIII  SSSSSSSSSSSSSS  C
    |    |     |               check character, a weighted sum over the field of 25 elements
    |    |     signature: HMAC-SHA256(workshop secret, workshop id + attendee id), 65 bits
    |    attendee id
    short workshop id (derived from the workshop's code)

Scanning it tells apart: ok, mistyped (check fails), another workshop's badge (check passes,
workshop id differs), forged (check passes, signature wrong) and unknown (not a badge at all).

The check character makes the 22 characters, read as elements of GF(25), sum to zero with
weights t^21 … t^1, t^0, where t² = 2 (so t is neither 0 nor 1). In a field a single wrong
character changes the sum by a non-zero weight times a non-zero difference, and swapping two
neighbours changes it by t^k·(x − y)·(t − 1), which is not zero either: every single
substitution and every adjacent swap fails the check, so reads as "mistyped", never as forged or
another workshop's. (Swaps two apart are caught too, since t² ≠ 1.)

Badges printed by schema version 1 carried a Luhn mod 25 check character, which is not
one-to-one under doubling (25 is not prime) and let about 2 % of mistakes through as "forged".
A workshop made then (marked `old_badges` by migration 3) still accepts those badges:
a code whose Luhn check passes is a good badge if its signature is right, and is otherwise read
as mistyped; and a code one slip away from such an old badge is read as mistyped too. A new
workshop accepts only the new check.
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


# GF(25) as pairs (a, b) meaning a + b·t over GF(5), with t² = 2; character value = a + 5·b.
def _times_t(value: int) -> int:
    a, b = value % 5, value // 5
    return (2 * b) % 5 + 5 * a  # (a + b·t)·t = 2b + a·t


def _plus(x: int, y: int) -> int:
    return (x % 5 + y % 5) % 5 + 5 * ((x // 5 + y // 5) % 5)


def _minus(x: int) -> int:
    return (-(x % 5)) % 5 + 5 * ((-(x // 5)) % 5)


def check_char(body: str) -> str:
    """The check character for body (every char in ALPHABET): the one that makes
    body + check sum to zero over GF(25) with weights t^n … t^0 (Horner's rule)."""
    total = 0
    for ch in body:
        total = _plus(_times_t(total), _VALUE[ch])
    return ALPHABET[_minus(_times_t(total))]


def old_check_char(body: str) -> str:
    """Luhn mod 25, the check character of badges printed by schema version 1."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // BASE + addend % BASE
    return ALPHABET[(BASE - total % BASE) % BASE]


def _well_checked(code: str, old_badges: bool) -> bool:
    body, check = code[:-1], code[-1]
    return check_char(body) == check or (old_badges and old_check_char(body) == check)


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


def _signed_id(body: str, secret: bytes, wid: str) -> int | None:
    """The attendee id in body if its workshop id is wid and its signature is right."""
    if body[:WORKSHOP_LEN] != wid:
        return None
    attendee_id = _decode(body[WORKSHOP_LEN : WORKSHOP_LEN + ID_LEN])
    expected = _signature(secret, wid, attendee_id)
    if attendee_id == 0 or not hmac.compare_digest(expected, body[WORKSHOP_LEN + ID_LEN :]):
        return None
    return attendee_id


def _luhn_term(position: int, value: int) -> int:
    """What body[position] adds to the old Luhn total (doubled every other place from the
    right, the check character's neighbour first)."""
    addend = value * (2 if (CODE_LEN - 2 - position) % 2 == 0 else 1)
    return addend // BASE + addend % BASE


def _slip_from_old_badge(code: str, secret: bytes, wid: str) -> bool:
    """Whether code is one wrong character or one swapped neighbour pair away from a good
    badge printed with the old check character. The Luhn total is updated per slip, so only
    the few slips that pass it (about 1 in 25) cost a signature check: well under a frame."""
    values = [_VALUE[ch] for ch in code]
    last = CODE_LEN - 1
    terms = [_luhn_term(i, v) for i, v in enumerate(values[:last])]
    total = sum(terms) + values[last]  # 0 (mod BASE) for a good old badge

    def good(candidate: list[int]) -> bool:
        text = "".join(ALPHABET[v] for v in candidate)
        return _signed_id(text[:-1], secret, wid) is not None

    for i in range(CODE_LEN):
        for other in range(BASE):
            if other == values[i]:
                continue
            if i == last:
                changed = total - values[last] + other
            else:
                changed = total - terms[i] + _luhn_term(i, other)
            if changed % BASE == 0:
                candidate = values.copy()
                candidate[i] = other
                if good(candidate):
                    return True
    for i in range(CODE_LEN - 1):
        a, b = values[i], values[i + 1]
        if a == b:
            continue
        if i + 1 == last:
            changed = total - terms[i] - b + _luhn_term(i, b) + a  # b was the check
        else:
            changed = total - terms[i] - terms[i + 1] + _luhn_term(i, b) + _luhn_term(i + 1, a)
        if changed % BASE == 0:
            candidate = values.copy()
            candidate[i], candidate[i + 1] = b, a
            if good(candidate):
                return True
    return False


def read(text: str, secret: bytes, workshop_code: str, *, old_badges: bool = False) -> Reading:
    """Classify scanned or typed text as a badge of this workshop (or why not). old_badges:
    the workshop was made at schema version 1, so badges with the old check character exist."""
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
    wid = workshop_id(workshop_code)
    if check_char(body) != check:
        if old_badges and old_check_char(body) == check:
            attendee_id = _signed_id(body, secret, wid)
            if attendee_id is not None:
                return Reading(Verdict.OK, attendee_id=attendee_id, code=code)
        return Reading(Verdict.MISTYPED, code=code)
    attendee_id = _signed_id(body, secret, wid)
    if attendee_id is not None:
        return Reading(Verdict.OK, attendee_id=attendee_id, code=code)
    if old_badges and _slip_from_old_badge(code, secret, wid):
        return Reading(Verdict.MISTYPED, code=code)
    if body[:WORKSHOP_LEN] != wid:
        return Reading(Verdict.OTHER_WORKSHOP, code=code)
    return Reading(Verdict.FORGED, code=code)


def split_run_together(text: str, *, old_badges: bool = False) -> list[str] | None:
    """Codes that arrived with no Enter between them (text a whole multiple of CODE_LEN long,
    every piece a well-formed code); None when text is not that."""
    code = normalise(text)
    if code is None or len(code) <= CODE_LEN or len(code) % CODE_LEN:
        return None
    pieces = [code[i : i + CODE_LEN] for i in range(0, len(code), CODE_LEN)]
    if all(_well_checked(p, old_badges) for p in pieces):
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


SAFE_TICKET_BITS = 40  # below this a ticket code can be guessed, or typed by chance


def ticket_bits(code: str) -> float:
    """A generous estimate of how hard a ticket code is to guess: its length times the bits
    of the kinds of character it uses (digits, letters, both cases, anything else)."""
    text = "".join(code.split())
    if not text:
        return 0.0
    kinds = 0
    if any(c.isdigit() for c in text):
        kinds += 10
    if any(c.isalpha() for c in text):
        kinds += 26
        if any(c.islower() for c in text) and any(c.isupper() for c in text):
            kinds += 26
    if any(not c.isalnum() for c in text):
        kinds += 32
    return len(text) * math.log2(max(kinds, 2))


def ticket_is_safe(code: str) -> bool:
    """Long enough to be unguessable. A shorter code ("7", "1234") is named when it is
    imported and then matched only in full, exactly as it was imported."""
    return ticket_bits(code) >= SAFE_TICKET_BITS
