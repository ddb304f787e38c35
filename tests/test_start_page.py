"""First run: the start page offers the demo, a new workshop, opening one and the recent ones,
and Help › How a Day Goes shows the one-page guide inside the app. At every window width from a
small laptop's half screen to a full HD one, no card's text is cut off: the lines wrap and the
card grows to hold them; a window too short for the page scrolls it."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
)

from labdesk.gui.areas import AREAS
from labdesk.gui.guide import GUIDE, GuideWindow
from labdesk.gui.main_window import MainWindow
from labdesk.gui.start_cards import DETAIL_ROLE, SEPARATOR
from labdesk.gui.start_page import describe_change, recent_files, remember_recent
from labdesk.paths import resource
from labdesk.store import create


@pytest.fixture
def window(qtbot, qsettings_isolated):
    w = MainWindow()
    w.resize(1280, 800)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.start_page.built)  # on the first turn of the event loop
    yield w
    w.close_workshop()


def made(path: Path, title: str) -> Path:
    create(path, title, dt.date(2026, 9, 17)).close(take_backup=False)
    return path


def test_first_run_offers_the_demo_a_new_workshop_and_opening_one(window, qtbot):
    page = window.start_page
    assert window.stack.currentWidget() is page
    assert not window.nav.isVisible()  # the welcome has the window to itself
    cards = [page.demo_card, page.new_card, page.open_card, page.guide_card]
    assert all(card.isVisible() for card in cards)
    assert [c.title.text() for c in cards] == [
        "Try the demo workshop",
        "New workshop…",
        "Open a workshop…",
        "How a day goes",
    ]
    assert recent_files() == []
    assert page.empty.isVisible() and not page.recent.isVisible()
    assert "No recent workshops yet" in page.empty.text()

    qtbot.mouseClick(page.demo_card, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert "Mental health and persistent back and neck pain" in window.windowTitle()
    assert window.nav.isVisible() and window.nav.isEnabled()


def test_the_new_workshop_card_asks_for_the_day(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "Manchester"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        asked.append(dialog.windowTitle())
        dialog.findChild(QLineEdit, "title").setText("Pain and mood day, Manchester")
        dialog.accept()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(window.start_page.new_card, Qt.MouseButton.LeftButton)
    assert asked
    assert window.session is not None
    assert window.session.path == tmp_path / "Manchester.labdesk"


def test_the_open_card_opens_the_chosen_file(window, qtbot, tmp_path, monkeypatch):
    day = made(tmp_path / "London.labdesk", "Pain and mood day, London")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(day), ""))
    qtbot.mouseClick(window.start_page.open_card, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.path == day


# The offscreen platform cannot raise a window or grab the keyboard for a popup menu.
OFFSCREEN_LIMITS = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@OFFSCREEN_LIMITS
def test_recent_workshops_newest_first_with_where_and_when(window, tmp_path):
    london = made(tmp_path / "London.labdesk", "London")
    manchester = made(tmp_path / "Manchester.labdesk", "Manchester")
    gone = made(tmp_path / "Gone.labdesk", "Gone")
    for path in (gone, london, manchester):
        assert window.open_path(path)
    window.close_workshop()
    gone.unlink()  # on a USB stick that is not plugged in, say
    page = window.start_page
    page.refresh()
    items = [page.recent.item(row) for row in range(page.recent.count())]
    assert [item.text() for item in items] == ["Manchester", "London"]
    assert page.recent.isVisible() and not page.empty.isVisible()
    assert items[0].data(DETAIL_ROLE).startswith(str(tmp_path))
    assert "Changed today at" in items[0].data(DETAIL_ROLE)

    # Right-click › Remove from this list: gone from the list, the file itself untouched.
    def choose_remove() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        next(act for act in menu.actions() if act.text() == "Remove from this list").trigger()
        menu.close()

    QTimer.singleShot(0, choose_remove)
    where = page.recent.visualItemRect(items[1]).center()
    page.recent.customContextMenuRequested.emit(where)
    assert [page.recent.item(r).text() for r in range(page.recent.count())] == ["Manchester"]
    assert london.exists()

    # Double-click (or Enter) opens one.
    page.recent.itemActivated.emit(page.recent.item(0))
    assert window.session is not None and window.session.path == manchester


def test_when_a_workshop_last_changed_reads_as_people_say_it():
    now = dt.datetime(2026, 9, 18, 9, 30)
    assert describe_change(dt.datetime(2026, 9, 18, 8, 5), now) == "Changed today at 08:05"
    assert describe_change(dt.datetime(2026, 9, 17, 16, 2), now) == "Changed yesterday at 16:02"
    assert describe_change(dt.datetime(2026, 9, 3, 11, 0), now) == "Changed 3 September 2026"


@OFFSCREEN_LIMITS
def test_help_shows_how_a_day_goes_inside_the_app(window, qtbot):
    act = next(
        a
        for menu in window.menuBar().actions()
        if menu.text() == "&Help"
        for a in menu.menu().actions()
        if a.text() == "How a &Day Goes"
    )
    assert act.shortcut().toString() == "F1"
    act.trigger()
    guide = window.findChild(GuideWindow, "guide")
    assert guide is not None and guide.isVisible() and not guide.isModal()
    text = guide.browser.document().toPlainText()
    for spec in AREAS:  # it walks the day through every area
        assert spec.title in text, spec.title
    for moment in (
        "Troika Consulting",
        "test teams",
        "influencing",
        "commitment card",
        "postcards",
    ):
        assert moment in text, moment
    assert "09:30" in text and "16:00" in text

    act.trigger()  # again: the same window comes forward, not a second one
    assert len(window.findChildren(GuideWindow)) == 1
    guide.close()
    qtbot.mouseClick(window.start_page.guide_card, Qt.MouseButton.LeftButton)
    assert guide.isVisible()


def test_the_guide_needs_nothing_outside_the_app(qapp):
    html = resource(*GUIDE).read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith("#") for link in links)  # only jumps within the page
    anchors = set(re.findall(r'<a name="([^"]+)"', html))
    assert {link[1:] for link in links} <= anchors
    assert "http" not in html.replace('lang="en-GB"', "")
    guide = GuideWindow()
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) == len(AREAS)
    for src in images:
        data = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(src))
        assert data is not None, src
        assert not QImage.fromData(data).isNull(), src  # it draws, not a broken-image box
    guide.deleteLater()


def test_the_guide_jumps_to_a_part_of_the_day(qtbot):
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.resize(720, 600)
    guide.show()
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0
    guide.browser.anchorClicked.emit(QUrl("#after"))
    assert bar.value() > 0
    assert os.path.samefile(guide.browser.source().toLocalFile(), resource(*GUIDE))


# -- fitting the window -----------------------------------------------------------------------
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
