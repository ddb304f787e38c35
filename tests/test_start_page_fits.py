"""The start page's cards at every window width from a small laptop's half screen to a full HD
one: each card's title and lines wrap and the card grows to hold them, so no line is cut off;
in a window too short for them, the page scrolls rather than squeezing the cards."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from labdesk.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, qsettings_isolated):  # type: ignore[no-untyped-def]
    w = MainWindow()
    w.resize(1280, 800)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.start_page.built)
    return w


def cards(window: Any) -> list[Any]:
    page = window.start_page
    return [page.demo_card, page.new_card, page.open_card, page.guide_card]


def cut_off(card: Any) -> list[str]:
    """The card's lines that do not fit where they are laid out: too narrow for a line that
    does not wrap, too short for the lines one wraps to, or reaching past the card's edge."""
    found = []
    inside = card.contentsRect()
    for label in card.findChildren(QLabel):
        text = label.text()
        width, height = label.width(), label.height()
        if label.wordWrap():
            needed = label.heightForWidth(width)
            if needed > height:
                found.append(f"{text!r}: {needed} px of lines in {height} px")
        elif label.sizeHint().width() > width:
            found.append(f"{text!r}: {label.sizeHint().width()} px wide in {width} px")
        if not inside.contains(label.geometry()):
            found.append(f"{text!r}: {label.geometry()} reaches past the card {inside}")
    if card.height() < card.heightForWidth(card.width()):
        found.append(f"{card.title.text()!r}: the card is shorter than its lines")
    return found


@pytest.mark.parametrize("width", [640, 720, 800, 900, 1024, 1280, 1920])
def test_no_card_text_is_cut_off_at_any_width(qtbot, window, width: int) -> None:
    window.resize(width, 1080 if width >= 1920 else 800)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()  # the layouts settle
    assert all(card.isVisible() for card in cards(window))
    assert [line for card in cards(window) for line in cut_off(card)] == []


def test_a_short_narrow_window_scrolls_the_page_rather_than_squeeze_the_cards(
    qtbot, window
) -> None:
    window.resize(640, 520)
    qtbot.waitUntil(lambda: window.height() == 520)
    QApplication.processEvents()
    assert [line for card in cards(window) for line in cut_off(card)] == []
    scroll = window.start_page.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0
    scroll.ensureWidgetVisible(window.start_page.guide_card)
    guide = window.start_page.guide_card
    corner = guide.mapTo(scroll.viewport(), guide.rect().bottomRight())
    assert scroll.viewport().rect().contains(corner)  # scrolled to, whole
