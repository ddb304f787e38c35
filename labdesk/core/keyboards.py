"""What a keyboard-wedge scanner types when its layout and the laptop's differ (US/UK/DE/FR).

A wedge scanner sends key positions, not characters: it presses the key where *its* layout has the
character, and the laptop prints whatever *its* layout has on that key. The tables below describe
the keys a code can use on each layout, aligned by physical position (US names).
"""

from __future__ import annotations

from collections.abc import Iterator

# Each layout: rows of (unshifted, shifted) strings, aligned key by key with the US rows.
LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "US": (
        ("`1234567890-=", "~!@#$%^&*()_+"),
        ("qwertyuiop[]", "QWERTYUIOP{}"),
        ("asdfghjkl;'", 'ASDFGHJKL:"'),
        ("zxcvbnm,./", "ZXCVBNM<>?"),
    ),
    "UK": (
        ("`1234567890-=", '¬!"£$%^&*()_+'),
        ("qwertyuiop[]", "QWERTYUIOP{}"),
        ("asdfghjkl;'", "ASDFGHJKL:@"),
        ("zxcvbnm,./", "ZXCVBNM<>?"),
    ),
    "DE": (
        ("^1234567890ß´", '°!"§$%&/()=?`'),
        ("qwertzuiopü+", "QWERTZUIOPÜ*"),
        ("asdfghjklöä", "ASDFGHJKLÖÄ"),
        ("yxcvbnm,.-", "YXCVBNM;:_"),
    ),
    "FR": (
        ("²&é\"'(-è_çà)=", "²1234567890°+"),
        ("azertyuiop^$", "AZERTYUIOP¨£"),
        ("qsdfghjklmù", "QSDFGHJKLM%"),
        ("wxcvbn,;:!", "WXCVBN?./§"),
    ),
}


def _positions(layout: str) -> dict[str, tuple[int, int, int]]:
    """char -> (row, shift, column) on layout; the first position wins."""
    found: dict[str, tuple[int, int, int]] = {}
    for r, pair in enumerate(LAYOUTS[layout]):
        for shift, keys in enumerate(pair):
            for col, ch in enumerate(keys):
                found.setdefault(ch, (r, shift, col))
    return found


_POSITIONS = {name: _positions(name) for name in LAYOUTS}


def typed_as(ch: str, scanner: str, laptop: str) -> str | None:
    """What the laptop shows when a scanner set to `scanner` types ch; None if it cannot."""
    where = _POSITIONS[scanner].get(ch)
    if where is None:
        return None
    row, shift, col = where
    keys = LAYOUTS[laptop][row][shift]
    return keys[col] if col < len(keys) else None


def mistranslate(text: str, scanner: str, laptop: str) -> str | None:
    """The whole of text as the laptop receives it, or None if a character cannot be typed."""
    out = []
    for ch in text:
        got = typed_as(ch, scanner, laptop)
        if got is None:
            return None
        out.append(got)
    return "".join(out)


def layout_pairs() -> Iterator[tuple[str, str]]:
    """Every (scanner layout, laptop layout) combination supported, matching ones included."""
    for scanner in LAYOUTS:
        for laptop in LAYOUTS:
            yield scanner, laptop


def caps_lock(text: str) -> str:
    """The same text typed with Caps Lock on (letters change case)."""
    return text.swapcase()
