"""The check-in desk: scan or search, see the result in a glance, add walk-ins, see who is in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QKeyCombination,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from labdesk.core.checkin import Outcome, ScanKind, Tone, WedgeBurst
from labdesk.core.model import Attendee, AttendeeStatus, CheckInMethod
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.desk_data import DeskChange, DeskReader, DeskView, read_all, read_changes
from labdesk.gui.desk_lists import DeskLists, LiveLists, OrgRow
from labdesk.gui.models.table import ROW_ROLE, Column, RowsModel
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.services import Services
from labdesk.gui.sounds import DeskSounds
from labdesk.gui.style import set_role
from labdesk.gui.tables import sortable_table
from labdesk.gui.undo import UndoHistory
from labdesk.store import WorkshopFileError, erasure
from labdesk.store import checkins as store_checkins
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from labdesk.gui.printing import Prepared

log = logging.getLogger("labdesk.gui")

SearchRow = tuple[Attendee, str]

ORG_COLUMNS: list[Column[OrgRow]] = [
    Column("Organisation", lambda r: r[0], tooltip=lambda r: r[0]),
    Column("In", lambda r: str(r[1]), lambda r: r[1], align_right=True),
    Column("Expected", lambda r: str(r[2]), lambda r: r[2], align_right=True),
]
WAITING_COLUMNS: list[Column[Attendee]] = [
    Column("Not yet arrived", lambda a: a.name, lambda a: a.sort_name, tooltip=lambda a: a.name),
    Column("Organisation", lambda a: a.organisation, tooltip=lambda a: a.organisation),
    Column("Access needs", lambda a: a.access_needs, tooltip=lambda a: a.access_needs),
]
SEARCH_COLUMNS: list[Column[SearchRow]] = [
    Column("Name", lambda r: r[0].name),
    Column("Organisation", lambda r: r[0].organisation),
    Column("Status", lambda r: r[1]),
    Column("Email", lambda r: r[0].email),
]

# Colours with their shape and words: colour is never the only signal.
TONE_STYLE: dict[Tone, tuple[str, str, str]] = {
    Tone.GO: ("#1b7f3b", "#e6f4ea", "✔"),  # green, a tick in a circle
    Tone.WAIT: ("#9a6300", "#fff4d6", "!"),  # amber, ! in a triangle
    Tone.STOP: ("#b3261e", "#fde7e6", "✖"),  # red, a cross in an octagon
}
AUTO_SUBMIT_MS = 90  # a scanner without Enter/Tab: submit after this much silence
REFRESH_AFTER_MS = 150  # counts and lists catch up this long after the last change
READING = "Reading the list…"  # the figure until the desk's reader has read everyone


def _monotonic_ms() -> float:
    return time.monotonic() * 1000


class ToneShape(QWidget):
    """A filled circle (go), triangle (wait) or octagon (stop) with its mark inside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tone: Tone | None = None
        self.setFixedSize(72, 72)

    def set_tone(self, tone: Tone | None) -> None:
        self.tone = tone
        self.setAccessibleName(
            {None: "", Tone.GO: "tick", Tone.WAIT: "warning", Tone.STOP: "stop"}[tone]
        )
        self.update()

    def paintEvent(self, event: object) -> None:
        if self.tone is None:
            return
        colour, _, mark = TONE_STYLE[self.tone]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(QBrush(QColor(colour)))
        p.setPen(Qt.PenStyle.NoPen)
        r = QRectF(4, 4, self.width() - 8, self.height() - 8)
        if self.tone is Tone.GO:
            p.drawEllipse(r)
        elif self.tone is Tone.WAIT:
            p.drawPolygon(
                QPolygonF([QPointF(r.center().x(), r.top()), r.bottomRight(), r.bottomLeft()])
            )
        else:
            path = QPainterPath()
            cut = r.width() * 0.29
            points = [
                QPointF(r.left() + cut, r.top()),
                QPointF(r.right() - cut, r.top()),
                QPointF(r.right(), r.top() + cut),
                QPointF(r.right(), r.bottom() - cut),
                QPointF(r.right() - cut, r.bottom()),
                QPointF(r.left() + cut, r.bottom()),
                QPointF(r.left(), r.bottom() - cut),
                QPointF(r.left(), r.top() + cut),
            ]
            path.addPolygon(QPolygonF(points))
            p.drawPath(path)
        p.setPen(QPen(QColor("white")))
        font = p.font()
        font.setPixelSize(int(r.height() * 0.5))
        font.setBold(True)
        p.setFont(font)
        text_rect = r.adjusted(0, r.height() * 0.15, 0, 0) if self.tone is Tone.WAIT else r
        p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, mark)
        p.end()


def _font(widget: QWidget, points: float, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)


def _ink(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


class ResultPanel(QWidget):
    """The result in a glance: shape and colour, headline words, name, organisation, access.
    As tall as what it says (a line or two while ready; the person, large, after a scan). Drawn
    with fonts, palettes and its own border: no style sheets (each one set costs a re-polish,
    milliseconds a scan)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result")
        self.shape = ToneShape()
        self.headline = QLabel("Ready to scan")
        self.name = QLabel("")
        self.organisation = QLabel("")
        self.access = QLabel("")
        self.advice = QLabel("Scan a badge or a phone ticket, or type part of a name below.")
        for label in (self.headline, self.name, self.organisation, self.access, self.advice):
            label.setTextFormat(Qt.TextFormat.PlainText)  # attendee text is never markup
            label.setWordWrap(True)
        _font(self.headline, 18, bold=True)
        _font(self.name, 24, bold=True)
        _font(self.organisation, 14)
        _font(self.access, 14, bold=True)
        _font(self.advice, 11)
        words = QVBoxLayout()
        words.setSpacing(2)
        for label in (self.headline, self.name, self.organisation, self.access, self.advice):
            words.addWidget(label)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.shape, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        # One height whatever it shows (a name, an organisation and access needs fit): a scan
        # repaints the panel, not the lists below it moved down and up again.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.outcome: Outcome | None = None
        self._tone: Tone | None = None
        lines = sum(
            label.fontMetrics().lineSpacing()
            for label in (self.headline, self.name, self.organisation, self.access, self.advice)
        )
        self.setFixedHeight(lines + 4 * words.spacing() + 20)
        self.set_neutral()

    def set_neutral(self) -> None:
        self._tone = None
        self.shape.set_tone(None)
        self.shape.hide()
        for label in (self.name, self.organisation, self.access):
            label.setVisible(bool(label.text()))
        self.update()

    def _set_tone(self, tone: Tone) -> None:
        self._tone = tone
        colour = QColor(TONE_STYLE[tone][0])
        self.shape.set_tone(tone)
        self.shape.show()
        _ink(self.headline, colour)
        for label in (self.name, self.organisation, self.access, self.advice):
            _ink(label, QColor("#111111"))  # on the pale tone, whatever the theme
        self.update()

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._tone is None:
            pen = QPen(self.palette().color(QPalette.ColorRole.Mid), 2)
            p.setBrush(Qt.BrushStyle.NoBrush)
        else:
            colour, background, _ = TONE_STYLE[self._tone]
            pen = QPen(QColor(colour), 4)
            p.setBrush(QBrush(QColor(background)))
        p.setPen(pen)
        half = pen.widthF() / 2
        p.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 8, 8)
        p.end()

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._set_tone(outcome.tone)
        self.headline.setText(outcome.headline.upper())
        person = outcome.attendee
        self.name.setText(person.name if person else "")
        self.organisation.setText(person.organisation if person else "")
        self.name.setVisible(bool(self.name.text()))
        self.organisation.setVisible(bool(self.organisation.text()))
        needs = [n for n in ((person.access_needs if person else ""),) if n]
        self.access.setText(f"Access needs: {needs[0]}" if needs else "")
        self.access.setVisible(bool(needs))
        self.advice.setText(outcome.advice)

    def show_message(self, tone: Tone, headline: str, name: str = "", advice: str = "") -> None:
        self.outcome = None
        self._set_tone(tone)
        self.headline.setText(headline.upper())
        self.name.setText(name)
        self.name.setVisible(bool(name))
        self.organisation.setText("")
        self.organisation.setVisible(False)
        self.access.setText("")
        self.access.setVisible(False)
        self.advice.setText(advice)


def _undo_key(e: QKeyEvent) -> bool:
    return (
        e.matches(QKeySequence.StandardKey.Undo)
        or e.matches(QKeySequence.StandardKey.Redo)
        or e.keyCombination() == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y)
    )


class ScanField(QLineEdit):
    """Where badge codes arrive. Enter or Tab ends a code (Tab never moves focus away); a scanner
    that sends neither is noticed by its speed and submitted after a short silence."""

    scanned = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = _monotonic_ms
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.burst = WedgeBurst()
        self.setPlaceholderText("Scan a badge or ticket here (or type its code and press Enter)")
        _font(self, 16)
        self.setTextMargins(4, 4, 4, 4)
        self.setMaxLength(500)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(AUTO_SUBMIT_MS)
        self._idle.timeout.connect(self._submit_if_scanner)

    def event(self, e: QEvent) -> bool:
        # Ctrl+Z here undoes the last check-in (Edit › Undo), not the typing of a code.
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) and _undo_key(e):
            e.ignore()
            return False
        # Tab reaches event() before focus handling: take it as the end of a code.
        if (
            e.type() == QEvent.Type.KeyPress
            and isinstance(e, QKeyEvent)
            and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.submit()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(e)
        if e.text() and e.text().isprintable():
            self.burst.key(e.text(), self.clock() / 1000)
            if self.burst.is_scan():
                self._idle.start()

    def _submit_if_scanner(self) -> None:
        if self.burst.is_scan() and self.text():
            self.submit()

    def submit(self) -> None:
        self._idle.stop()
        text = self.text()
        self.clear()
        self.burst.reset()
        if text.strip():
            self.scanned.emit(text)


class SearchField(QLineEdit):
    """Typing a name searches; a scanner burst that lands here by mistake is taken as a scan."""

    scanned = Signal(str)
    accepted = Signal()

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = _monotonic_ms
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.burst = WedgeBurst()
        self.setPlaceholderText("Find by name, organisation or email (typos and accents are fine)")
        self.setClearButtonEnabled(True)
        _font(self, 13)
        self.setTextMargins(2, 2, 2, 2)
        self.setMaxLength(200)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self.burst.text
            # A scanner: fast keys and no spaces (people type names with spaces, slowly).
            if (
                self.burst.is_scan()
                and not any(c.isspace() for c in burst)
                and self.text().endswith(burst)
            ):
                self.setText(self.text()[: -len(burst)])
                self.burst.reset()
                self.scanned.emit(burst)
                return
            self.burst.reset()
            self.accepted.emit()
            return
        super().keyPressEvent(e)
        if e.text() and e.text().isprintable():
            self.burst.key(e.text(), self.clock() / 1000)
        elif e.key() == Qt.Key.Key_Backspace:
            self.burst.reset()


class WalkInDialog(QDialog):
    """Add a walk-in in seconds: a name is enough; Enter saves, checks in and prints."""

    def __init__(
        self,
        parent: QWidget | None = None,
        name: str = "",
        erased: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a walk-in")
        self.erased = erased  # whether an email belonged to someone erased on request
        self._warned = ""  # the erased email already warned about: a second press adds them
        self.name = QLineEdit(name)
        self.organisation = QLineEdit()
        self.email = QLineEdit()
        self.access = QLineEdit()
        self.print_badge = QCheckBox("Print their badge")
        self.print_badge.setChecked(True)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Organisation", self.organisation)
        form.addRow("Email (optional)", self.email)
        form.addRow("Access needs", self.access)
        form.addRow("", self.print_badge)
        self.problem = QLabel("")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        _ink(self.problem, QColor("#b3261e"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Check in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _accept(self) -> None:
        if not " ".join(self.name.text().split()):
            self.problem.setText("Type their name first.")
            self.name.setFocus()
            return
        email = self.email.text().strip()
        if email and ("@" not in email or "." not in email.split("@")[-1]):
            self.problem.setText("That email does not look right; fix it or leave it empty.")
            self.email.setFocus()
            return
        warn = email and self.erased is not None and email.lower() != self._warned
        if warn and self.erased is not None and self.erased(email):
            self._warned = email.lower()
            self.problem.setText(
                "Someone with this email was erased on request earlier. Add them again"
                " only if they are here and happy to be: press Check in again."
            )
            self.ok.setText("Check in again")
            return
        self.accept()

    def attendee(self) -> Attendee:
        return Attendee(
            name=" ".join(self.name.text().split()),
            organisation=" ".join(self.organisation.text().split()),
            email=self.email.text().strip().lower(),
            access_needs=self.access.text().strip(),
            ticket_type="Walk-in",
            source="walk-in",
        )


class CheckinDesk(QWidget):
    """The whole desk. Several desks (windows or laptops) can work on one file at once."""

    def __init__(
        self,
        session,
        parent: QWidget | None = None,
        *,  # type: ignore[no-untyped-def]
        desk_name: str = "Desk",
        sounds: DeskSounds | None = None,
        open_pdf: Callable[[Path], None] | None = None,
        history: UndoHistory | None = None,
        undo_key: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        # The workshop's undo history (labdesk.gui.undo): check-ins and walk-ins go on it, and
        # "Undo" here undoes this desk's latest while it is the latest entry.
        self.history = history
        self._own: list[object] = []  # this desk's entries on it
        self.scanner = Scanner(session.doc, desk=desk_name)
        self.sounds = sounds or DeskSounds(self)
        # A badge made here goes to the print preview (Print…, Save as PDF…); tests catch it.
        self.open_pdf = open_pdf or self._preview_badge
        self.undo_stack: list[tuple[Attendee, object]] = []
        self._view: DeskView | None = None  # everyone, as the reader last read them
        self._arrived: dict[int, object] = {}
        self._pending = Topic(0)  # changed since the last reading was asked for
        self._reading = False  # a reading is under way (one at a time, in order)
        self.last_pdf: Path | None = None
        self._badge_folder: Path | None = None
        # Whose badge each PDF made is (the preview's title), and its preview made beforehand
        # (its page drawn, its printer and the PDF loaded), until the preview shows it.
        self._badge_names: dict[Path, tuple[str, Prepared | None]] = {}

        self.scan = ScanField(self)
        self.scan.scanned.connect(self.handle_scan)
        self.result = ResultPanel(self)
        self.undo = QPushButton("Undo last check-in")
        self.undo.setEnabled(False)
        self.undo.clicked.connect(self.undo_last)
        self.walk_in = QPushButton("Add a walk-in…")
        self.walk_in.clicked.connect(self.add_walk_in)
        self.badge_button = QPushButton("Print badge…")
        self.badge_button.setToolTip(
            "Print the badge of the person found, or of the last one shown"
        )
        self.badge_button.clicked.connect(self.print_shown_badge)
        self._shown: Attendee | None = None  # the person the result panel shows
        self.sound_box = QCheckBox("Sound")
        self.sound_box.setChecked(True)
        self.sound_box.toggled.connect(lambda on: setattr(self.sounds, "enabled", on))
        self.camera_button = QPushButton("Camera…")
        self.camera_button.clicked.connect(self.toggle_camera)
        self.camera: QWidget | None = None

        self.search = SearchField(self)
        self.search.textChanged.connect(self._search_changed)
        self.search.scanned.connect(self.handle_scan)
        self.search.accepted.connect(self.check_in_selected)
        self.results: RowsModel[SearchRow] = RowsModel(SEARCH_COLUMNS, self)
        self.results_view, _ = sortable_table(self.results, self)
        self.results_view.setSortingEnabled(False)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.activated.connect(lambda _i: self.check_in_selected())
        # Shares of the width, never measured per keystroke; nothing off to the right.
        results_header = self.results_view.horizontalHeader()
        results_header.setStretchLastSection(False)
        for column in (0, 1, 3):
            results_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        results_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.results_view.setColumnWidth(2, 110)
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.check_in_button = QPushButton("Check in selected")
        self.check_in_button.clicked.connect(self.check_in_selected)
        self.search_hint = QLabel("")
        self.search_hint.setTextFormat(Qt.TextFormat.PlainText)

        self.figure = QLabel()
        set_role(self.figure, "figure")
        self.orgs: RowsModel[OrgRow] = RowsModel(ORG_COLUMNS, self)
        self.org_view, _ = sortable_table(self.orgs, self, filtering=False)
        self.waiting: RowsModel[Attendee] = RowsModel(WAITING_COLUMNS, self)
        self.waiting_view, _ = sortable_table(self.waiting, self, filtering=False)
        self.lists = LiveLists(self.orgs, self.waiting)
        # Fixed widths (never sized to contents: that asks for every row of thousands), the
        # organisation and the name taking what is left, so the figures always show (the
        # organisations' counts are set below, with the layout).
        for column, width in enumerate((150, 130)):
            self.waiting_view.setColumnWidth(column, width)
        for view in (self.results_view, self.org_view, self.waiting_view):
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)

        top = QHBoxLayout()
        top.addWidget(self.scan, 1)
        top.addWidget(self.camera_button)
        top.addWidget(self.sound_box)
        actions = QHBoxLayout()
        actions.addWidget(self.undo)
        actions.addWidget(self.walk_in)
        actions.addWidget(self.badge_button)
        actions.addStretch(1)
        actions.addWidget(self.figure)

        search_box = QWidget()
        search_layout = QVBoxLayout(search_box)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.results_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.search_hint, 1)
        row.addWidget(self.check_in_button)
        search_layout.addLayout(row)
        counts_box = QWidget()
        counts = QGridLayout(counts_box)
        counts.setContentsMargins(0, 0, 0, 0)
        # One above the other, each the pane's whole width: every column readable at 1280×800
        # without scrolling sideways (the counts sized to their figures, names before the rest).
        counts.addWidget(QLabel("By organisation"), 0, 0)
        counts.addWidget(self.org_view, 1, 0)
        counts.addWidget(QLabel("Still to come"), 2, 0)
        counts.addWidget(self.waiting_view, 3, 0)
        counts.setRowStretch(1, 2)
        counts.setRowStretch(3, 3)
        org_header = self.org_view.horizontalHeader()
        org_header.setStretchLastSection(False)
        org_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The counts as wide as their heading or a five-figure count, fixed: sized to their
        # contents, every scan made the view measure every organisation's row (~30 ms at 580).
        metrics = org_header.fontMetrics()
        for column in (1, 2):
            heading_text = ORG_COLUMNS[column].header
            wide = max(metrics.horizontalAdvance(heading_text), metrics.horizontalAdvance("00000"))
            org_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.org_view.setColumnWidth(column, wide + 24)
        waiting_header = self.waiting_view.horizontalHeader()
        waiting_header.setStretchLastSection(False)
        for column in (0, 1):
            waiting_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        waiting_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.waiting_view.setColumnWidth(2, 130)
        for view in (self.org_view, self.waiting_view):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(search_box)
        split.addWidget(counts_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        self.body = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.result)
        left.addLayout(actions)
        left.addWidget(split, 1)
        self.body.addLayout(left, 1)
        self.setLayout(self.body)

        if undo_key if undo_key is not None else history is None:  # else Edit › Undo has it
            QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_last)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.add_walk_in)
        QShortcut(QKeySequence("Escape"), self, self.ready)
        # Keys typed while a table or button has focus go to the scan field: always ready.
        for widget in (
            self.results_view,
            self.org_view,
            self.waiting_view,
            self.undo,
            self.walk_in,
            self.badge_button,
            self.check_in_button,
            self.camera_button,
            self.sound_box,
        ):
            widget.installEventFilter(self)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_AFTER_MS)
        self._refresh_timer.timeout.connect(self._deferred_refresh)
        session.changed.connect(self._on_changed)
        if history is not None:
            history.stack.indexChanged.connect(self._history_moved)
        # Its own worker and connection read everyone, then what changed: the GUI thread only
        # moves the rows that changed. Stopped before the session closes the file.
        self.reader = DeskReader(session.path, self)
        closing = getattr(session, "closing", None)
        if closing is not None:
            closing.connect(lambda reader=self.reader: reader.stop(wait_s=30))
        self.destroyed.connect(lambda _=None, reader=self.reader: reader.stop())
        self.figure.setText(READING)
        self.refresh()
        self.ready()

    # -- focus ----------------------------------------------------------------------------------
    def ready(self) -> None:
        """Back to waiting for the next scan."""
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if (
                text
                and text.isprintable()
                and not event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            ):
                if watched is self.results_view and text == " ":
                    return False
                self.scan.setFocus()
                self.scan.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    # -- data -------------------------------------------------------------------------------------
    def _on_changed(self, topic: Topic) -> None:
        # Coalesced and after the result is on screen: counts and lists never delay a scan.
        if topic & (Topic.ATTENDEES | Topic.CHECKINS):
            self._pending |= topic & (Topic.ATTENDEES | Topic.CHECKINS)
            self._refresh_timer.start()

    def _deferred_refresh(self) -> None:
        if self._reading or self._view is None or not self._pending:
            return  # asked again once the reading under way (or the first) is in
        if getattr(self.session.doc, "con", None) is None:
            return  # the workshop was closed meanwhile
        topics, self._pending = self._pending, Topic(0)
        view = self._view
        self._reading = True
        self.reader.submit(
            lambda doc: (view, read_changes(doc, view, topics)), self._changed, self._unread
        )

    def refresh(self) -> None:
        """Read everyone again (on the desk's reader); the lists follow when it is done."""
        self._pending = Topic(0)
        self._reading = True
        self.reader.submit(read_all, self._loaded, self._unread)

    def _unread(self, _error: Exception) -> None:
        """The reading failed (the file is closing, or busy): the next change tries again."""
        self._reading = False

    @property
    def loaded(self) -> bool:
        """The lists and the search know everyone (the first reading is in)."""
        return self._view is not None

    def _loaded(self, read: tuple[DeskView, DeskLists]) -> None:
        self._reading = False
        self._view, lists = read
        self._arrived = self._view.arrived  # type: ignore[assignment]
        self.lists.show(lists)
        self._after_reading()

    def _changed(self, read: tuple[DeskView, DeskChange]) -> None:
        self._reading = False
        base, change = read
        if base is not self._view:  # read against lists since replaced: read again
            self._pending |= Topic.ATTENDEES | Topic.CHECKINS
            self._refresh_timer.start()
            return
        old, self._view = self._view, change.view
        self._arrived = change.view.arrived  # type: ignore[assignment]
        if old is not None and change.touched:
            self.lists.apply(change, old)
        self._after_reading()

    def _after_reading(self) -> None:
        self.figure.setText(self.lists.lists.figure)
        self._search_changed(self.search.text())
        if self._pending:
            self._refresh_timer.start()

    def status_text(self) -> str:
        return self.figure.text()

    # -- scanning ---------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> Outcome:
        """Check in whoever text identifies and show the result; codes that ran together (no
        Enter between them) are taken one by one."""
        from labdesk.core import badges

        pieces = None
        if len(text) > badges.CODE_LEN:
            pieces = badges.split_run_together(text, old_badges=self.scanner.old_badges)
        if pieces:
            outcome = Outcome(ScanKind.UNKNOWN)
            for piece in pieces:
                outcome = self._scan_one(piece)
            return outcome
        return self._scan_one(text)

    def _recorded(self, write: Callable[[], Outcome], what: str = "check-in") -> Outcome:
        """A check-in (or walk-in) through the store, as an entry of the undo history."""
        if self.history is None:
            return write()

        def named(outcome: Outcome) -> str | None:
            person = outcome.attendee
            if outcome.kind is not ScanKind.CHECKED_IN or person is None:
                return None  # nothing was written
            return f"{what} of {person.name}"

        outcome = self.history.do(lambda _doc: write(), named)
        if named(outcome) is not None:
            self._own = [e for e in self._own if shiboken6.isValid(e)][-50:]
            self._own.append(self.history.top())
        return outcome

    def _scan_one(self, text: str) -> Outcome:
        try:
            outcome = self._recorded(lambda: self.scanner.scan(text.strip()))
        except WorkshopFileError as exc:
            self.result.show_message(Tone.STOP, "Not saved", "", str(exc))
            self.sounds.play(Tone.STOP)
            return Outcome(ScanKind.UNKNOWN, code=text)
        self._show(outcome)
        return outcome

    def _show(self, outcome: Outcome) -> None:
        self._shown = outcome.attendee if outcome.attendee is not None else self._shown
        self.result.show_outcome(outcome)
        self.sounds.play(outcome.tone)
        if self.history is not None:
            self._history_moved()
        elif outcome.kind is ScanKind.CHECKED_IN and outcome.attendee is not None:
            self.undo_stack.append((outcome.attendee, outcome.at))
            self.undo.setEnabled(True)
            self.undo.setText(f"Undo check-in of {outcome.attendee.name}")
        self.ready()

    def _own_latest(self) -> object | None:
        """This desk's entry, when it is the history's latest (what Undo here undoes)."""
        top = self.history.top() if self.history is not None else None
        return top if top is not None and any(top is e for e in self._own) else None

    def _history_moved(self, *_: object) -> None:
        entry = self._own_latest()
        self.undo.setEnabled(entry is not None)
        name = entry.text() if entry is not None else ""  # type: ignore[attr-defined]
        self.undo.setText(f"Undo {name}" if name else "Undo last check-in")

    def undo_last(self) -> None:
        if self.history is not None:
            entry = self._own_latest()
            if entry is None:
                return
            name = entry.text().split(" of ", 1)[-1]  # type: ignore[attr-defined]
            if self.history.undo():
                self.result.show_message(
                    Tone.WAIT, "Check-in undone", name, "They are back on the not-yet-arrived list."
                )
                self.sounds.play(Tone.WAIT)
            self.ready()
            return
        if not self.undo_stack:
            return
        person, at = self.undo_stack.pop()
        assert person.id is not None
        done = store_checkins.undo_if_at(self.session.doc, person.id, at)  # type: ignore[arg-type]
        if done:
            self.result.show_message(
                Tone.WAIT,
                "Check-in undone",
                person.name,
                "They are back on the not-yet-arrived list.",
            )
        else:
            self.result.show_message(
                Tone.WAIT,
                "Nothing to undo",
                person.name,
                "That check-in was already undone or changed elsewhere.",
            )
        self.sounds.play(Tone.WAIT)
        if self.undo_stack:
            self.undo.setText(f"Undo check-in of {self.undo_stack[-1][0].name}")
        else:
            self.undo.setText("Undo last check-in")
            self.undo.setEnabled(False)
        self.ready()

    # -- search -----------------------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        if not text.strip():
            self.results.set_rows([])
            self.search_hint.setText("")
            return
        if self._view is None:
            self.search_hint.setText("Still reading the list: search in a moment, or scan.")
            return
        hits = self._view.index.search(text, limit=30)
        rows = []
        for hit in hits:
            at = self._arrived.get(hit.attendee.id or -1)
            if hit.attendee.status == AttendeeStatus.CANCELLED:
                status = "Cancelled ticket"
            else:
                status = f"In since {at:%H:%M}" if at else "Not yet"  # type: ignore[str-format]
            rows.append((hit.attendee, status))
        self.results.set_rows(rows)
        if rows:
            self.results_view.selectRow(0)
            self.search_hint.setText(f"{len(rows)} found. Enter checks in the selected person.")
        else:
            self.search_hint.setText("Nobody found. Check the spelling, or add a walk-in.")

    def selected_attendee(self) -> Attendee | None:
        index = self.results_view.currentIndex()
        if not index.isValid():
            if self.results.rows:
                return self.results.rows[0][0]
            return None
        row = self.results_view.model().data(index, ROW_ROLE)
        return row[0] if row else None

    def check_in_selected(self) -> None:
        person = self.selected_attendee()
        if person is None or person.id is None:
            return
        try:
            person_id = person.id
            outcome = self._recorded(
                lambda: self.scanner.check_in_person(person_id, method=CheckInMethod.SEARCH)
            )
        except WorkshopFileError as exc:
            self.result.show_message(Tone.STOP, "Not saved", person.name, str(exc))
            return
        self._show(outcome)
        self.search.clear()

    # -- walk-ins ---------------------------------------------------------------------------------
    def add_walk_in(self, *, dialog: WalkInDialog | None = None) -> Attendee | None:
        dialog = dialog or WalkInDialog(
            self,
            name=self.search.text().strip(),
            erased=lambda email: erasure.was_erased(self.session.doc, email),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted and dialog.result() != 1:
            self.ready()
            return None
        person = dialog.attendee()
        try:
            # The same rule as a scan or a search; undone, the person and the check-in go.
            outcome = self._recorded(lambda: self.scanner.walk_in(person), "walk-in")
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Walk-in not saved", as_typed(str(exc)))
            return None
        self.search.clear()
        self._show(outcome)
        if dialog.print_badge.isChecked():
            self.print_badge(person)
        return person

    def print_shown_badge(self) -> Operation[object] | None:
        """Print badge…: the person selected in the search results, else the one last shown."""
        person = self.selected_attendee() if self.search.text().strip() else None
        person = person or self._shown
        if person is None or person.id is None:
            self.result.show_message(
                Tone.WAIT, "Whose badge?", "", "Scan or find someone first, then Print badge…."
            )
            return None
        return self.print_badge(person)

    def print_badge(self, person: Attendee) -> Operation[object]:
        """One person's badge, as a PDF in this desk's own temporary folder (owner-only, and
        no name in the file name), laid out on a worker and remembered so that erasing them
        removes it; then open_pdf(path) (the print preview)."""
        from labdesk import outputs
        from labdesk.private_files import private_temp_folder

        if self._badge_folder is None:
            self._badge_folder = private_temp_folder("labdesk-badges-")
        path = self._badge_folder / f"badge {person.id}.pdf"
        self.last_pdf = path
        people, name = [person.id], person.name

        def made(result: tuple[object, Prepared]) -> None:
            self._badge_names[path] = (name, result[1])
            self.open_pdf(path)

        def lay_out(doc: WorkshopFile) -> tuple[object, Prepared]:
            from labdesk.gui.printing import prepare

            made = outputs.make(doc, "badges", path, temporary=True, people=people, single=True)
            # Drawn here, and the printer made here: the first printer asks the system for its
            # printers, which can keep a GUI thread waiting.
            return made, prepare(path)

        return (
            Operation(
                self.session,
                f"Laying out {name}’s badge…",
                lay_out,
                success=made,
                parent=self,
                purpose="badge",
            )
            .disabling(self.badge_button)
            .run()
        )

    def _preview_badge(self, path: Path) -> None:
        from labdesk.gui.printing import PrintPreview

        name, prepared = self._badge_names.pop(path, ("", None))
        PrintPreview(
            path,
            f"Badge for {name}" if name else "Badge",
            parent=self,
            session=self.session,
            prepared=prepared,
        ).exec()
        self.ready()

    # -- camera -----------------------------------------------------------------------------------
    def toggle_camera(self) -> None:
        from labdesk.gui.camera import CameraScanner

        if self.camera is None:
            self.camera = CameraScanner(self)
            self.camera.scanned.connect(self.handle_scan)  # type: ignore[attr-defined]
            self.camera.setMinimumWidth(320)
            self.body.addWidget(self.camera)
            self.camera.start()  # type: ignore[attr-defined]
        else:
            self.camera.stop()  # type: ignore[attr-defined]
            self.camera.setVisible(not self.camera.isVisible())
        self.ready()


class DeskWindow(QWidget):
    """The desk in a window of its own, for a second screen beside the projector."""

    def __init__(
        self, session, parent: QWidget | None = None, history: UndoHistory | None = None
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Check-in desk — labdesk")
        self.desk = CheckinDesk(
            session, self, desk_name="Desk window", history=history, undo_key=True
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.desk)
        self.resize(1100, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.desk.camera is not None:
            self.desk.camera.stop()  # type: ignore[attr-defined]
        super().closeEvent(event)


class AreaWidget(Area):
    topics = Topic.ATTENDEES | Topic.CHECKINS
    takes_every_key = True  # a scanner types into the desk wherever the focus is

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.desk = CheckinDesk(self.session, self, desk_name="Desk 1", history=services.undo)
        self.windows: list[DeskWindow] = []
        own = QPushButton("Open the desk in its own window")
        own.clicked.connect(self.open_window)
        title = QHBoxLayout()
        title.addWidget(heading("Check-in"))
        title.addStretch(1)
        title.addWidget(own)
        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addWidget(self.desk, 1)
        self.desk.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def refresh(self) -> None:
        pass  # the desk listens to the session itself

    def open_window(self) -> DeskWindow:
        # Closes with the workshop (the area).
        window = DeskWindow(self.session, self, history=self.services.undo)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.windows = [w for w in self.windows if shiboken6.isValid(w)] + [window]
        window.show()
        return window

    def status_text(self) -> str:
        return self.desk.status_text()
