"""The start page's cards at every window width from a small laptop's half screen to a full HD
one: each card's title and lines wrap and the card grows to hold them, so no line is cut off;
in a window too short for them, the page scrolls rather than squeezing the cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from labdesk.gui.main_window import MainWindow
from labdesk.gui.start_cards import DETAIL_ROLE, SEPARATOR
from labdesk.gui.start_page import describe_change, remember_recent
from labdesk.store import create


def made(path: Path, title: str) -> Path:
    create(path, title, dt.date(2026, 9, 17)).close(take_backup=False)
    return path


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


def recent_lines(window: Any) -> list[str]:
    """Each recent workshop's second line as it is drawn."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    view = window.start_page.recent
    shown = []
    for row in range(view.count()):
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = view.visualItemRect(view.item(row))
        shown.append(view.itemDelegate().shown_detail(option, view.item(row).data(DETAIL_ROLE)))
    return shown


@pytest.mark.parametrize("width", [640, 720, 800, 900, 1024, 1280, 1920])
def test_no_card_text_is_cut_off_at_any_width(qtbot, window, width: int, tmp_path: Path) -> None:
    """At each width the cards' lines show whole, and each recent workshop says when it last
    changed in full (its folder may be shortened: it is whole in its tooltip)."""
    for title in ("Autumn leadership day 2026", "Spring retreat"):
        remember_recent(made(tmp_path / f"{title}.labdesk", title))
    window.start_page.refresh()
    window.resize(width, 1080 if width >= 1920 else 800)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()  # the layouts settle
    assert all(card.isVisible() for card in cards(window))
    assert [line for card in cards(window) for line in cut_off(card)] == []
    assert [line.split(SEPARATOR)[-1] for line in recent_lines(window)] == [
        describe_change(dt.datetime.fromtimestamp(p.stat().st_mtime), dt.datetime.now())
        for p in (
            tmp_path / "Spring retreat.labdesk",
            tmp_path / "Autumn leadership day 2026.labdesk",
        )
    ]


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
