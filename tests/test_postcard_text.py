"""Fitting a commitment into its box on the postcard: shrink to fit, never cut off, never overflow."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labdesk.core import postcard_text as pt
from labdesk.printing import fonts, postcards

BOX_W, BOX_H = postcards.MESSAGE_BOX[2], postcards.MESSAGE_BOX[3]


def fixed_width(text: str) -> float:
    """Every character half an em wide: a stand-in font for tests that need no PDF."""
    return 0.5 * len(text)


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def test_short_text_is_set_large():
    # GIVEN a short commitment WHEN fitted THEN it is set at the largest size, on one line or two
    fitted = pt.fit("Try Troika Consulting with my team", BOX_W, BOX_H, fixed_width, max_size=18)
    assert fitted.size == 18
    assert not fitted.continued
    assert " ".join(fitted.lines) == "Try Troika Consulting with my team"


def test_longer_text_shrinks_but_not_below_the_minimum():
    text = "word " * 300
    fitted = pt.fit(text, BOX_W, BOX_H, fixed_width, max_size=18, min_size=8)
    assert fitted.size >= 8
    assert fitted.height <= BOX_H
    assert all(w <= BOX_W + 1e-3 for w in fitted.widths)


def test_very_long_text_continues_and_nothing_is_lost():
    text = " ".join(f"word{n}" for n in range(1500))
    fitted = pt.fit(text, BOX_W, BOX_H, fixed_width, max_size=18, min_size=8)
    assert fitted.continued
    assert fitted.size == 8
    assert fitted.lines[-1] == pt.CONTINUED
    assert visible("".join(fitted.lines[:-1]) + fitted.rest) == visible(text)
    rest = pt.fit_all(fitted.rest, BOX_W, BOX_H, fixed_width)
    assert rest.height <= BOX_H
    assert visible("".join(rest.lines)) == visible(fitted.rest)


def test_a_word_longer_than_the_line_is_broken_not_cut():
    word = "x" * 500
    fitted = pt.fit(word, 100, 400, fixed_width, max_size=12, min_size=8)
    assert all(w <= 100 + 1e-3 for w in fitted.widths)
    assert visible("".join(fitted.lines)) == word


def test_control_characters_and_blank_runs_are_cleaned():
    assert pt.clean("a\x00b\r\n\r\n\r\n\r\nc\u202e d\t\te") == "ab\n\nc d e"


hostile = st.text(max_size=2000) | st.text(
    alphabet=st.sampled_from("W ﷽\n\u0301陈ŷ" + "\u200d"), max_size=2000
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_any_text_stays_in_its_box_with_the_real_font(text: str):
    # GIVEN up to 2,000 characters of any Unicode, measured with the bundled fonts
    measure = fonts.measure()
    fitted = pt.fit(text, BOX_W, BOX_H, measure, max_size=18, min_size=8)
    # THEN no line is wider than the box and the lines are no taller than it
    assert fitted.height <= BOX_H + 1e-6
    assert all(w <= BOX_W + 1e-3 for w in fitted.widths)
    assert fitted.size >= 8
    shown = fitted.lines[:-1] if fitted.continued else fitted.lines
    assert visible("".join(shown) + fitted.rest) == visible(pt.clean(text))
    if fitted.continued:
        # AND the rest fits the continuation panel on the front, all of it
        bw, bh = postcards.CONTINUATION_BOX[2], postcards.CONTINUATION_BOX[3]
        rest = pt.fit_all(fitted.rest, bw, bh, measure)
        assert rest.height <= bh + 1e-6
        assert all(w <= bw + 1e-3 for w in rest.widths)
        assert visible("".join(rest.lines)) == visible(pt.clean(fitted.rest))
