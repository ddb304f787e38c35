"""What the start page shows, built the first time it is shown: the action cards and the
recent workshops (kept apart so that opening a workshop straight away never loads them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from labdesk import __version__
from labdesk.gui.start_page import PATH_ROLE, describe_change
from labdesk.gui.style import set_role
from labdesk.paths import resource

if TYPE_CHECKING:
    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.start_page import StartPage

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
SEPARATOR = "  ·  "  # between a recent workshop's folder and when it changed
MIN_CARD_HEIGHT = 68
ONE_COLUMN_BELOW = 760  # px wide: the page in one column (two give a card ~220 px at 640)  # a card holds its icon (28 px) with room around it

# Only this page carries a style sheet: cards that look like cards, on the window's own palette.
CARDS = """
QPushButton[card="true"] {
    text-align: left; padding: 10px 14px; border-radius: 8px;
    background: palette(base); border: 1px solid palette(mid);
}
QPushButton[card="true"]:hover { border-color: palette(highlight); }
QPushButton[card="true"]:focus { border: 2px solid palette(highlight); }
QPushButton[card="true"]:pressed { background: palette(alternate-base); }
QListWidget#recent {
    background: palette(base); border: 1px solid palette(mid); border-radius: 8px; padding: 4px;
}
"""


def folder_text(folder: Path) -> str:
    try:
        return "~/" + str(folder.relative_to(Path.home())) if folder != Path.home() else "~"
    except ValueError:
        return str(folder)


def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", name)))


class _Card(QPushButton):
    """A large button: an icon, what it does in bold, and a line or two on what happens. Both
    wrap in a narrow window, and the card grows to hold them (a button's own size is that of
    its caption, which a card does not use: its size is its layout's)."""

    def __init__(self, symbol: str, title: str, detail: str, slot: Callable[[], object]) -> None:
        super().__init__()
        self.setProperty("card", True)
        self.symbol = icon(symbol)  # painted in the left margin, beside the two lines of text
        self.setAccessibleName(title)
        self.setAccessibleDescription(detail)
        self.setToolTip(detail)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.detail = QLabel(detail)
        self.detail.setWordWrap(True)
        set_role(self.detail, "hint")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)  # the two together, in the middle of a card taller than they are
        text.addWidget(self.title)
        text.addWidget(self.detail)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(54, 10, 14, 10)  # the icon is painted in the left margin
        row.addLayout(text)
        for label in (self.title, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # as tall as its wrapped lines need, never cut off
        self.setSizePolicy(policy)
        self.setMinimumHeight(MIN_CARD_HEIGHT)  # what a layout holds its height for width to
        self.clicked.connect(lambda: slot())

    def sizeHint(self) -> QSize:
        hint = self.layout().totalSizeHint()
        return QSize(hint.width(), max(hint.height(), MIN_CARD_HEIGHT))

    def minimumSizeHint(self) -> QSize:
        least = self.layout().totalMinimumSize()
        return QSize(least.width(), max(least.height(), MIN_CARD_HEIGHT))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().totalHeightForWidth(width), MIN_CARD_HEIGHT)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        painter = QPainter(self)
        self.symbol.paint(painter, QRect(QPoint(16, (self.height() - 28) // 2), QSize(28, 28)))


class _RecentDelegate(QStyledItemDelegate):
    """Two lines a workshop: its name in bold; where it is and when it last changed."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, height * 2 + 18)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        name, detail = option.text, str(index.data(DETAIL_ROLE) or "")
        option.text = ""
        option.icon = QIcon()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(10, 6, -8, -6)
        decoration = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(decoration, QIcon):
            decoration.paint(
                painter, QRect(rect.left(), rect.top() + (rect.height() - 28) // 2, 28, 28)
            )
        rect.setLeft(rect.left() + 40)
        line = option.fontMetrics.height()
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(text_role))
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        bottom = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, self.shown_detail(option, detail))
        painter.restore()

    @staticmethod
    def shown_detail(option: QStyleOptionViewItem, detail: str) -> str:
        """The second line as it is drawn in option's rect (the icon to its left)."""
        return detail_line(detail, option.fontMetrics, option.rect.width() - 10 - 40 - 8)


def detail_line(detail: str, metrics: QFontMetrics, width: int) -> str:
    """A recent workshop's folder and when it changed, fitted to width: the folder is shortened
    in its middle first, so that when it changed still reads whole."""
    folder, _, change = detail.partition(SEPARATOR)
    if change:
        tail = SEPARATOR + change
        room = width - metrics.horizontalAdvance(tail)
        if room >= metrics.horizontalAdvance("~/…/"):
            return metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, room) + tail
    return metrics.elidedText(detail, Qt.TextElideMode.ElideRight, width)


def build(page: StartPage, window: MainWindow) -> None:
    """Lay out the start page's content on `page`."""
    page.setStyleSheet(CARDS)

    logo = QLabel()
    logo.setPixmap(icon("labdesk.svg").pixmap(64, 64))
    title = QLabel("labdesk")
    title_font = QFont(title.font())
    title_font.setPointSizeF(26)
    title_font.setBold(True)
    title.setFont(title_font)
    blurb = QLabel("Run your workshop day from this laptop, with or without Wi-Fi.")
    set_role(blurb, "hint")
    names = QVBoxLayout()
    names.setSpacing(0)
    names.addWidget(title)
    names.addWidget(blurb)
    masthead = QHBoxLayout()
    masthead.setSpacing(16)
    masthead.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
    masthead.addLayout(names, 1)

    new_keys = QKeySequence(QKeySequence.StandardKey.New).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    open_keys = QKeySequence(QKeySequence.StandardKey.Open).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    page.demo_card = _Card(
        "demo.svg",
        "Try the demo workshop",
        "A real day with 60 made-up attendees, their check-ins, feedback and cards. "
        "A fresh copy each time.",
        window.open_new_demo,
    )
    page.new_card = _Card(
        "new.svg",
        "New workshop…",
        f"Give the day a name and a date, then choose where to keep the file ({new_keys}).",
        window.new_workshop,
    )
    page.open_card = _Card(
        "open.svg",
        "Open a workshop…",
        f"A .labdesk file on this laptop or a USB stick ({open_keys}).",
        window.open_dialog,
    )
    page.guide_card = _Card(
        "guide.svg",
        "How a day goes",
        "A one-page walk through a workshop day, area by area (F1).",
        page._show_guide,
    )
    start_label = QLabel("Start")
    set_role(start_label, "heading")
    left = QVBoxLayout()
    left.setSpacing(10)
    left.addWidget(start_label)
    for card in (page.demo_card, page.new_card, page.open_card):
        left.addWidget(card)
    left.addSpacing(12)
    learn_label = QLabel("Learn")
    set_role(learn_label, "heading")
    left.addWidget(learn_label)
    left.addWidget(page.guide_card)
    left.addStretch(1)

    page.recent_label = QLabel("Recent workshops")
    set_role(page.recent_label, "heading")
    page.recent = QListWidget()
    page.recent.setObjectName("recent")
    page.recent.setItemDelegate(_RecentDelegate(page.recent))
    page.recent.setIconSize(QSize(28, 28))
    page.recent.setAccessibleName("Recent workshops")
    page.recent.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    page.recent.customContextMenuRequested.connect(page._recent_menu)
    # Activated, not clicked: the second click of a habitual double-click would otherwise land
    # on whatever button of the opened workshop lies under the pointer.
    page.recent.itemActivated.connect(page._open_item)
    page.recent_hint = QLabel("Double-click one to open it; right-click to take it off the list.")
    page.recent_hint.setWordWrap(True)
    set_role(page.recent_hint, "hint")
    page.empty = QLabel(
        "No recent workshops yet.\n\nThe workshops you open or make appear here, "
        "so tomorrow morning is one click away."
    )
    page.empty.setObjectName("recent-empty")
    page.empty.setWordWrap(True)
    page.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    page.empty.setFrameShape(QFrame.Shape.StyledPanel)
    page.empty.setMinimumHeight(160)
    set_role(page.empty, "hint")
    right = QVBoxLayout()
    right.setSpacing(10)
    right.addWidget(page.recent_label)
    right.addWidget(page.recent, 1)
    right.addWidget(page.empty)
    right.addWidget(page.recent_hint)
    right.addStretch(0)

    columns = page.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
    columns.setSpacing(40)
    columns.addLayout(left, 1)
    columns.addLayout(right, 1)
    lay_out(page)

    footer = QLabel(
        f"Every change is saved as you make it. No internet needed.    labdesk {__version__}"
    )
    set_role(footer, "hint")
    body = QVBoxLayout()
    body.addStretch(1)
    body.addLayout(masthead)
    body.addSpacing(28)
    body.addLayout(columns, 6)
    body.addSpacing(16)
    body.addWidget(footer)
    body.addStretch(1)
    sheet = QWidget()
    sheet.setLayout(body)
    sheet.setMaximumWidth(980)
    # In a window too short for it (the cards' lines wrap in a narrow one), the page scrolls
    # rather than squeezing the cards until their text is cut off.
    content = QWidget()
    outer = QHBoxLayout(content)
    outer.setContentsMargins(32, 16, 32, 16)
    outer.addStretch(1)
    outer.addWidget(sheet, 12)
    outer.addStretch(1)
    scroll = QScrollArea()
    scroll.setObjectName("start-scroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the first card has the focus, as before
    scroll.setWidget(content)
    whole = QVBoxLayout(page)
    whole.setContentsMargins(0, 0, 0, 0)
    whole.addWidget(scroll)
    scroll.show()  # now, not on the next turn of the event loop: the page is showing already


def lay_out(page: StartPage) -> None:
    """Side by side; in a narrow window the recent workshops go below the cards instead, so
    that neither column is squeezed to a few words a line (the page scrolls if need be)."""
    narrow = page.width() < ONE_COLUMN_BELOW
    direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
    if page.columns.direction() != direction:
        page.columns.setDirection(direction)
        page.columns.setSpacing(24 if narrow else 40)


def fill_recent(page: StartPage, files: list[str], now: dt.datetime) -> None:
    """The recent workshops that are still there, newest first; or a word on what goes here."""
    page.recent.clear()
    symbol = icon("workshop.svg")
    for entry in files:
        path = Path(entry)
        try:
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:  # gone, or on a USB stick that is not plugged in
            continue
        item = QListWidgetItem(symbol, path.stem)
        item.setData(PATH_ROLE, entry)
        item.setData(
            DETAIL_ROLE, f"{folder_text(path.parent)}{SEPARATOR}{describe_change(modified, now)}"
        )
        item.setToolTip(entry)
        page.recent.addItem(item)
    has_recent = page.recent.count() > 0
    page.recent.setVisible(has_recent)
    page.recent_hint.setVisible(has_recent)
    page.empty.setVisible(not has_recent)
