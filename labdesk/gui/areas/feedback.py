"""Feedback: the phones' server, responses per session as they arrive, moderation, commitment cards.

The server itself is a service (labdesk.gui.phones.PhoneServer): this area starts and stops it,
shows its address and QR codes, and puts the codes or the moderated summary on the projector
through the presenter. Closing the area leaves the server running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import urls
from labdesk.core.feedback import SessionTally, read_card, takes_feedback
from labdesk.core.model import (
    AgendaItem,
    Attendee,
    CardMatch,
    CardSource,
    CommitmentCard,
    ConfirmedBy,
    FeedbackResponse,
)
from labdesk.core.qr import qr_png
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.desk_data import DeskReader
from labdesk.gui.feedback_data import FeedbackReading, FeedbackSource
from labdesk.gui.feedback_summary import (
    FeedbackSummaryWidget,
    SummaryData,
    comments_to_show,
    render_summary,
)
from labdesk.gui.fit import fit_columns
from labdesk.gui.models.table import ROW_ROLE, Column, RowsModel
from labdesk.gui.operations import Operation
from labdesk.gui.phones import CARD, INDEX, ServerState, session_target
from labdesk.gui.plaintext import as_typed
from labdesk.gui.redact_form import redact_form
from labdesk.gui.services import Services
from labdesk.gui.style import load_fonts, set_role
from labdesk.gui.tables import sortable_table
from labdesk.store import WorkshopFileError
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from labdesk.store import undo as store_undo
    from labdesk.web.server import AttendeeServer

log = logging.getLogger("labdesk.gui")

DEFAULT_PORT = urls.DEFAULT_PORT
REFRESH_DELAY_MS = 400  # a burst of posts refreshes the tables a few times a second, not 500
REREAD_AT_ONCE = 200  # responses an undo put back read again on the GUI thread (more: the reader)

SessionRow = tuple[AgendaItem, SessionTally]
CommentRow = tuple[str, FeedbackResponse]
CardRow = tuple[CommitmentCard, Attendee | None]


def _stars(rating: int | None) -> str:
    return "" if rating is None else f"{rating}/5 " + "★" * rating


def _state(r: FeedbackResponse) -> str:
    if r.hidden:
        return "hidden"
    return "on the projector" if r.chosen else ""


RATINGS_WIDEST = "  ".join(["8888"] * 5)


def _widths(view: QTableView, widest: dict[int, str]) -> dict[int, int]:
    """Each column wide enough for its header and the widest text it holds."""
    header = view.horizontalHeader()
    model = view.model()
    widths = {}
    for column, text in widest.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        widths[column] = max(
            view.fontMetrics().horizontalAdvance(text) + 18,
            header.fontMetrics().horizontalAdvance(title) + 30,  # and the sort arrow
        )
    return widths


def _answers(r: FeedbackResponse) -> str:
    return " · ".join(f"{k} … {v}" for k, v in r.answers.items())


SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Session", lambda r: r[0].title, lambda r: r[0].position, tooltip=lambda r: r[0].title),
    Column("Responses", lambda r: str(r[1].responses), lambda r: r[1].responses, align_right=True),
    Column(
        "Average",
        lambda r: "" if r[1].average is None else f"{r[1].average:.1f} / 5",
        lambda r: r[1].average or 0.0,
        align_right=True,
    ),
    Column("Ratings 1–5", lambda r: "  ".join(str(c) for c in r[1].ratings)),
]
COMMENT_COLUMNS: list[Column[CommentRow]] = [
    Column("Session", lambda r: r[0], tooltip=lambda r: r[0]),
    Column("Rating", lambda r: _stars(r[1].rating), lambda r: r[1].rating or 0),
    Column("What worked", lambda r: r[1].worked, tooltip=lambda r: r[1].worked),
    Column("What would you change", lambda r: r[1].change, tooltip=lambda r: r[1].change),
    Column("Sentences", lambda r: _answers(r[1]), tooltip=lambda r: _answers(r[1])),
    Column("Shown", lambda r: _state(r[1])),
]
CONFIRMED_BY = {
    ConfirmedBy.BADGE: "by their badge code",
    ConfirmedBy.FACILITATOR: "by you",
    ConfirmedBy.PAPER: "on paper",  # typed in at the desk
}


def _quoted(r: FeedbackResponse) -> str:
    """A comment's first words, to name it in the Edit menu: “Loved the trios…”."""
    words = " ".join((r.worked or r.change or "").split())
    return f"“{words[:28].rstrip()}…”" if len(words) > 28 else f"“{words}”"


def _match(card: CommitmentCard) -> str:
    if card.match_status == CardMatch.AMBIGUOUS:
        return "check: several people"
    if card.match_status == CardMatch.UNMATCHED:
        return "check: nobody found"
    return "matched" if card.confirmed else "check: is it theirs?"


def card_columns(confirm: Callable[[CardRow, bool], None]) -> list[Column[CardRow]]:
    """The cards' columns; ticking "Confirmed" is the facilitator saying the card is the named
    person's (only then is it posted to their address)."""
    return [
        Column("Name given", lambda r: r[0].name),
        Column(
            "Matched to",
            lambda r: r[1].name if r[1] else "",
            lambda r: r[1].sort_name if r[1] else "",
        ),
        Column("Match", lambda r: _match(r[0])),
        Column(
            "Confirmed",
            lambda r: (
                CONFIRMED_BY.get(r[0].confirmed_by, "by you")
                if r[0].confirmed
                else ("not yet" if r[0].attendee_id is not None else "")
            ),
            checked=lambda r: r[0].confirmed if r[0].attendee_id is not None else None,
            on_check=confirm,
        ),
        Column("Will do", lambda r: r[0].action, tooltip=lambda r: r[0].action),
        Column("Talk to", lambda r: r[0].who),
        Column("By when", lambda r: r[0].by_when),
        Column("Post it", lambda r: "yes" if r[0].consent_post else "no"),
        Column("From", lambda r: str(r[0].source)),
    ]


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _narrow(combo: QComboBox) -> None:
    """A drop-down as wide as its place, not as its longest entry (a long session title or
    organisation would push the window past a 1280-pixel screen); the list still opens wide."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    combo.view().setMinimumWidth(360)


def _pixmap(png: bytes, side: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(png, "PNG")
    return pixmap.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class _OwnLine(QWidget):
    """Holds one label outside any layout. The label's text changes with every post; in a layout
    each change makes the whole area lay out and repaint again (~15 ms a post while phones pour
    in), here it repaints only itself."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        label.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(label.sizeHint().height())

    def resizeEvent(self, event: Any) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)


class _ServerPanel(QWidget):
    """Choose the network, start and stop the server, show the URL and both QR codes."""

    def __init__(self, area: AreaWidget) -> None:
        super().__init__(area)
        self.area = area
        self.network = QComboBox()
        self.network.setAccessibleName("Network to serve on")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setToolTip("0 picks a free port")
        self.refresh_networks = QPushButton("Look again")
        self.refresh_networks.setToolTip(
            "List this laptop's networks again (after turning on the hotspot)"
        )
        self.start_stop = QPushButton("Start the phone server")
        self.start_stop.setMinimumHeight(34)
        self.to_projector = QPushButton("Put the QR codes on the projector")
        self.to_projector.setToolTip(
            "Full screen until the next phase or key; the feedback code "
            "also stays in the corner while the server runs"
        )
        self.to_projector.setEnabled(False)
        self.to_projector.clicked.connect(area.codes_to_projector)
        self.screens = QPushButton("Door desks, room view and remote…")
        self.screens.setToolTip("Their QR codes and PINs (also View › Screens in the Room…)")
        self.screens.clicked.connect(area.show_screens)
        self.state = _plain(QLabel("The phone server is off."))
        self.state.setWordWrap(True)
        self.target = QComboBox()
        self.target.setAccessibleName("What the feedback QR code opens")
        _narrow(self.target)  # long session titles must not widen the window
        self.url = _plain(QLabel())
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url.setWordWrap(True)
        self.url_qr = QLabel()
        self.url_qr.setAccessibleName("QR code of the feedback address")
        self.ssid = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.wifi_qr = QLabel()
        self.wifi_qr.setAccessibleName("QR code to join the hotspot")
        self.wifi_caption = _plain(QLabel())

        where = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.network, 1)
        row.addWidget(self.refresh_networks)
        where.addRow("Network", row)
        where.addRow("Port", self.port)
        where.addRow("", self.start_stop)
        where.addRow("", self.state)
        where.addRow("QR code opens", self.target)

        hotspot = QGroupBox("Hotspot (for the Wi-Fi QR code)")
        hs = QFormLayout(hotspot)
        hs.addRow("Name (SSID)", self.ssid)
        hs.addRow("Password", self.password)

        left = QVBoxLayout()
        left.addLayout(where)
        left.addWidget(hotspot)
        left.addStretch(1)
        codes = QGridLayout()
        codes.addWidget(_plain(QLabel("1. Join Wi-Fi")), 0, 0)
        codes.addWidget(_plain(QLabel("2. Give feedback")), 0, 1)
        for qr in (self.wifi_qr, self.url_qr):
            qr.setFixedSize(220, 220)
        codes.addWidget(self.wifi_qr, 1, 0)
        codes.addWidget(self.url_qr, 1, 1)
        codes.addWidget(self.wifi_caption, 2, 0, Qt.AlignmentFlag.AlignTop)
        codes.addWidget(self.url, 2, 1, Qt.AlignmentFlag.AlignTop)
        codes.setColumnMinimumWidth(0, 230)
        codes.setColumnMinimumWidth(1, 230)
        right = QVBoxLayout()
        right.addLayout(codes)
        right.addWidget(self.to_projector)
        right.addWidget(self.screens)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

        self.refresh_networks.clicked.connect(self.fill_networks)
        self.start_stop.clicked.connect(area.toggle_server)
        self.target.currentIndexChanged.connect(self._target_chosen)
        self.ssid.editingFinished.connect(self._save_hotspot)
        self.password.editingFinished.connect(self._save_hotspot)
        self.fill_networks()

    def _target_chosen(self, _index: int) -> None:
        self.area.phones.set_target(str(self.target.currentData() or INDEX))

    def fill_networks(self) -> None:
        from labdesk.web.interfaces import list_interfaces

        current = self.network.currentData()
        self.network.clear()
        for interface in list_interfaces():
            self.network.addItem(interface.label, interface.address)
        index = self.network.findData(current) if current else 0
        self.network.setCurrentIndex(max(0, index))

    def load_hotspot(self) -> None:
        doc = self.area.doc
        self.ssid.setText(str(store_workshop.get_setting(doc, "hotspot_ssid") or ""))
        self.password.setText(str(store_workshop.get_setting(doc, "hotspot_password") or ""))

    def _save_hotspot(self) -> None:
        doc = self.area.doc
        ssid, password = self.ssid.text().strip(), self.password.text()
        try:
            if ssid != store_workshop.get_setting(doc, "hotspot_ssid"):
                store_workshop.set_setting(doc, "hotspot_ssid", ssid)
            if password != store_workshop.get_setting(doc, "hotspot_password"):
                store_workshop.set_setting(doc, "hotspot_password", password)
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot save the hotspot", as_typed(str(exc)))
        self.area.phones.hotspot_changed()

    def fill_targets(self, items: list[AgendaItem]) -> None:
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem("All sessions and the commitment card", INDEX)
        for item in items:
            if takes_feedback(item) and item.id is not None:
                self.target.addItem(f"Feedback on {item.title}", session_target(item.id))
        self.target.addItem("The commitment card", CARD)
        current = current or self.area.phones.target
        index = self.target.findData(current) if current else 0
        self.target.setCurrentIndex(max(0, index))
        self.target.blockSignals(False)


class _CardsPanel(QWidget):
    """Commitment cards, the review list for unclear matches, and paper cards typed in fast."""

    def __init__(self, area: AreaWidget) -> None:
        super().__init__(area)
        self.area = area
        self.model: RowsModel[CardRow] = RowsModel(card_columns(self._tick), self)
        self.view, self.proxy = sortable_table(self.model, self)
        self.only_review = QCheckBox("Only cards to check")
        self.summary = _plain(QLabel())
        self.summary.setWordWrap(True)  # the line is long: it must not set the window's width
        self.candidates = QComboBox()
        self.candidates.setAccessibleName("Whose card this is")
        _narrow(self.candidates)
        self.confirm = QPushButton("This is their card")
        self.confirm.setEnabled(False)

        # Paper cards at the desk: scan the badge (or type a name or email), type, press Enter.
        self.who_is = QLineEdit()
        self.who_is.setPlaceholderText("Scan the badge, or type a name or email")
        self.who_is.setAccessibleName("Whose paper card")
        self.person = QComboBox()
        self.person.setAccessibleName("Attendee for the paper card")
        _narrow(self.person)
        self.action = QPlainTextEdit()
        self.action.setPlaceholderText("What they will do next")
        self.action.setTabChangesFocus(True)
        self.action.setFixedHeight(60)
        self.talk_to = QLineEdit()
        self.talk_to.setPlaceholderText("Who they will talk to")
        self.by_when = QLineEdit()
        self.by_when.setPlaceholderText("By when")
        self.post_it = QCheckBox("Post it to their registered address")
        self.post_it.setChecked(True)
        self.add = QPushButton("Add paper card")
        self.add.setDefault(True)
        self.note = _plain(QLabel())
        self.note.setWordWrap(True)

        review = QHBoxLayout()
        review.addWidget(self.only_review)
        review.addStretch(1)
        review.addWidget(_plain(QLabel("Selected card belongs to")))
        review.addWidget(self.candidates, 1)
        review.addWidget(self.confirm)
        paper = QGroupBox("Type in a paper card")
        form = QFormLayout(paper)
        form.addRow("Badge or name", self.who_is)
        form.addRow("Attendee", self.person)
        form.addRow("Will do", self.action)
        form.addRow("Talk to", self.talk_to)
        form.addRow("By when", self.by_when)
        form.addRow("", self.post_it)
        form.addRow("", self.add)
        form.addRow("", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(review)
        layout.addWidget(self.view, 1)
        layout.addWidget(paper)

        self.only_review.toggled.connect(lambda _: self.area.refresh_cards(force=True))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.confirm.clicked.connect(self._confirm)
        self.who_is.returnPressed.connect(self._find_person)
        self.who_is.textChanged.connect(lambda _: self.person.clear())
        for edit in (self.talk_to, self.by_when):
            edit.returnPressed.connect(self.add_paper_card)
        self.add.clicked.connect(self.add_paper_card)

    def selected_card(self) -> CardRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        row: CardRow = self.proxy.data(rows[0], ROW_ROLE)
        return row

    def _selected(self) -> None:
        self.candidates.clear()
        row = self.selected_card()
        self.confirm.setEnabled(row is not None)
        if row is None:
            return
        card, person = row
        self.confirm.setEnabled(False)  # until the people it may name are found (on a worker)
        self.candidates.addItem("Finding who it may be…", None)

        def found(people: list[Attendee]) -> None:
            now = self.selected_card()
            if now is None or now[0].id != card.id:
                return  # another card was chosen meanwhile
            self.candidates.clear()
            if person is not None and all(p.id != person.id for p in people):
                people.insert(0, person)
            for p in people:
                text = f"{p.name} — {p.email or 'no email'} — {p.organisation}"
                self.candidates.addItem(text, p.id)
            self.candidates.addItem("Nobody registered", None)
            if person is not None:
                self.candidates.setCurrentIndex(max(0, self.candidates.findData(person.id)))
            self.confirm.setEnabled(True)

        Operation(
            self.area.session,
            "Finding who the card may be…",
            lambda doc: store_commitments.candidates(doc, card),
            success=found,
            parent=self,
            purpose="card-candidates",
        ).run()

    def _tick(self, row: CardRow, ticked: bool) -> None:
        """The facilitator's tick in the review list: the card is (or is not) theirs."""
        card, person = row
        if card.id is None:
            return
        if person is None:
            QMessageBox.information(
                self,
                "Whose card is it?",
                "Choose whose card this is first (Selected card belongs to …), then tick it.",
            )
            return
        try:
            card_id, whose = card.id, person.name
            self.area.services.undo.do(
                lambda doc: store_commitments.confirm(doc, card_id, ticked),
                f"{'tick' if ticked else 'untick'} of {whose}’s card",
            )
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot save the tick", as_typed(str(exc)))
            return
        card.confirmed_by = ConfirmedBy.FACILITATOR if ticked else ConfirmedBy.NOBODY

    def _confirm(self) -> None:
        row = self.selected_card()
        if row is None or row[0].id is None:
            return
        try:
            card_id, chosen = row[0].id, self.candidates.currentData()
            whose = self.candidates.currentText() if chosen is not None else "nobody registered"
            self.area.services.undo.do(
                lambda doc: store_commitments.set_match(doc, card_id, chosen),
                f"card given to {whose}",
            )
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot save the match", as_typed(str(exc)))

    def _find_person(self) -> None:
        self.person.clear()
        people = store_commitments.find_person(self.area.doc, self.who_is.text())
        for p in people:
            self.person.addItem(f"{p.name} — {p.organisation}", p.id)
        if not people:
            self.note.setText(
                "Nobody found. Check the spelling, or add the card under the name given."
            )
            self.person.addItem(f"Not registered: {self.who_is.text().strip()}", None)
        elif len(people) > 1:
            self.note.setText(f"{len(people)} people match: choose one.")
        else:
            self.note.setText("")
        self.action.setFocus()

    def add_paper_card(self) -> None:
        if self.person.count() == 0:
            self._find_person()
        attendee_id = self.person.currentData()
        person = store_attendees.get(self.area.doc, attendee_id) if attendee_id else None
        name = person.name if person else self.who_is.text().strip()
        result = read_card(
            {
                "action": self.action.toPlainText(),
                "who": self.talk_to.text(),
                "by_when": self.by_when.text(),
                "name": name,
                "email": person.email if person else "",
                "consent_post": "yes" if self.post_it.isChecked() and person else "",
                "use_registered_address": "yes" if self.post_it.isChecked() and person else "",
            }
        )
        if not result.ok or result.card is None:
            self.note.setText(" ".join(result.errors.values()))
            return
        card = result.card
        card.source = CardSource.PAPER
        card.attendee_id = attendee_id
        # the desk chose them
        card.confirmed_by = ConfirmedBy.PAPER if attendee_id is not None else ConfirmedBy.NOBODY
        try:
            store_commitments.upsert(self.area.doc, card)
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot save the card", as_typed(str(exc)))
            return
        self.note.setText(f"Added the card for {name}.")
        for edit in (self.who_is, self.talk_to, self.by_when):
            edit.clear()
        self.action.clear()
        self.person.clear()
        self.who_is.setFocus()

    def set_rows(self, rows: list[CardRow], resize: bool = True) -> None:
        review = [r for r in rows if store_commitments.to_check(r[0])]
        shown = review if self.only_review.isChecked() else rows
        _sync(self.model, shown, lambda row: row[0].id)
        self.summary.setText(
            f"{len(rows)} commitment cards · {len(review)} to check (nobody or several people "
            "match the name and email given, or nobody has confirmed it is theirs: tick it "
            "once you know, and only then is it posted to them)"
        )
        if resize:
            # From the first screenful of cards: measuring all 500 held the GUI thread.
            self.view.horizontalHeader().setResizeContentsPrecision(25)
            self.view.resizeColumnsToContents()
            self.view.setColumnWidth(3, min(self.view.columnWidth(3), 360))


class AreaWidget(Area):
    topics = Topic.FEEDBACK | Topic.AGENDA | Topic.COMMITMENTS | Topic.ATTENDEES | Topic.SETTINGS

    summary_changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.phones = services.phones
        self.phones.state_changed.connect(self._server_state)
        self.phones.codes_changed.connect(self.update_codes)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_live)

        self.server_panel = _ServerPanel(self)

        self.sessions: RowsModel[SessionRow] = RowsModel(SESSION_COLUMNS, self)
        self.session_view, self.session_proxy = sortable_table(self.sessions, self)
        self.session_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.comments: RowsModel[CommentRow] = RowsModel(COMMENT_COLUMNS, self)
        self.comment_view, self.comment_proxy = sortable_table(self.comments, self)
        # Both fit the window: long titles and answers elide, whole in their tooltips.
        # Both fixed where the text is bounded: fitting a column to its contents measures every
        # row on each post (thousands of calls into Python on the GUI thread during a burst).
        fit_columns(
            self.session_view,
            stretch=[0],
            fixed=_widths(self.session_view, {1: "88888", 2: "8.8 / 5", 3: RATINGS_WIDEST}),
        )
        fit_columns(
            self.comment_view,
            stretch=[2, 3, 4],
            fixed={0: 200, **_widths(self.comment_view, {1: _stars(5), 5: "on the projector"})},
        )
        self.hide_button = QPushButton("Hide comment")
        self.choose_button = QPushButton("Show on projector")
        self.redact_button = QPushButton("Redact…")
        self.redact_button.setToolTip("Take a name or other detail out of the comment")
        self.summary_button = QPushButton("Put the summary on the projector")
        self.summary_button.setToolTip("Until the next phase or key; only chosen comments show")
        self.summary_button.clicked.connect(self.summary_to_projector)
        self.summary = FeedbackSummaryWidget(self)
        self.total = _plain(QLabel())
        self.new_note = _plain(QLabel())
        set_role(self.new_note, "hint")

        buttons = QHBoxLayout()
        buttons.addWidget(self.hide_button)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.redact_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_note)
        comments_box = QWidget()
        cl = QVBoxLayout(comments_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(buttons)
        cl.addWidget(self.comment_view, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.session_view)
        preview = QWidget()
        pl = QVBoxLayout(preview)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(_plain(QLabel("Projector summary (chosen comments only)")))
        pl.addWidget(self.summary, 1)
        pl.addWidget(self.summary_button)
        top.addWidget(preview)
        top.setSizes([520, 420])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(comments_box)
        split.setSizes([300, 400])
        responses = QWidget()
        rl = QVBoxLayout(responses)
        rl.addWidget(_OwnLine(self.total))
        rl.addWidget(split, 1)

        self.cards = _CardsPanel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(responses, "Responses")
        self.tabs.addTab(self.cards, "Commitment cards")
        self.tabs.addTab(self.server_panel, "Phones")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Feedback"))
        layout.addWidget(self.tabs, 1)

        self.session_view.selectionModel().selectionChanged.connect(lambda *_: self._on_session())
        self.comment_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.redact_button.clicked.connect(self.redact_comment)
        self.choose_button.clicked.connect(self.toggle_chosen)
        self._items: list[AgendaItem] = []
        self._responses: list[FeedbackResponse] = []
        self._tallies: dict[int | None, SessionTally] = {}
        self._chosen: list[FeedbackResponse] | None = None  # the whole day's, for the summary
        self._summary_wanted: SummaryData | None = None  # the summary last asked for
        self._projected: tuple[SummaryData, QImage] | None = None  # put on the projector
        self._changed = Topic(0)  # topics changed since the last refresh
        self._sized = False
        self._cards_version: tuple[object, ...] = ()
        # The counts and comments, read here or (while phones post) on the area's own reader
        # thread and connection; stopped before the session closes the file.
        self.source = FeedbackSource()
        self._serial = 0  # the reading shown
        self._applying = False
        self._at_once = False  # a session chosen by select_session: its comments read at once
        self._urgent = False  # a session clicked: read its comments as soon as may be
        self._shown_scope: int | None = -1  # whose comments the table shows (None: all)
        self._reading = False  # a reading under way on the reader
        self._again = False  # something changed meanwhile: read again after it
        self._reread: set[int] = set()  # responses the next reading reads again (by id)
        self.reader = DeskReader(self.session.path, self, purpose="feedback", keep=False)
        services.undo.put_back.connect(self._put_back)
        load_fonts()  # here, on the GUI thread: the reader draws the summary with them
        closing = getattr(self.session, "closing", None)
        if closing is not None:
            closing.connect(lambda reader=self.reader: reader.stop(wait_s=30))
        self.destroyed.connect(lambda _=None, reader=self.reader: reader.stop())
        self.server_panel.load_hotspot()
        self.refresh()
        self.schedule_refresh()  # the reader counts them one by one, ready for the phones
        self._update_buttons()
        self._server_state()

    # -- refreshing -----------------------------------------------------------------------------
    def _on_changed(self, topic: Topic) -> None:
        if topic & self.topics:
            self._changed |= topic & self.topics
            self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Refresh soon: many posts arriving together cost one refresh."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self, *, everything: bool = True, full: bool = False) -> None:
        """Read everything shown now, at once (opening, and after the facilitator's own
        changes): every count again unless told otherwise, the comments from scratch if
        full."""
        self._refresh_timer.stop()
        if self.doc.con is None:  # the workshop was closed; this area is about to go
            return
        self._changed = Topic(0)
        scope = self.selected_item_id()
        reading = self.source.read(self.doc, scope, everything=everything, full=full, quick=True)
        self._apply(reading)
        self.refresh_cards()
        self.server_panel.fill_targets(self._items)
        self._sized = True

    def after_merge(self) -> None:
        """Comments merged before and redacted, hidden or chosen at their site since keep
        their times: followed by time they would not show it, so they are read again."""
        self.refresh(full=True)

    def _refresh_live(self) -> None:
        """What changed (phones posting), read on the area's reader thread; the GUI thread then
        moves only the rows that changed, in three turns of the event loop, so the counts, the
        comments and the summary each repaint on their own (no long stall)."""
        if self.doc.con is None or self.reader.stopped:
            return
        if self._reading:  # one reading at a time: the next follows this one
            self._again = True
            return
        self._urgent = False
        changed, self._changed = self._changed, Topic(0)
        # Only removing or moving agenda items moves responses between sessions.
        everything = bool(changed & Topic.AGENDA)
        scope, source = self.selected_item_id(), self.source
        again, self._reread = sorted(self._reread), set()
        self._reading = True
        self.reader.submit(
            lambda doc: source.read(doc, scope, everything=everything, again=again),
            self._read_live,
            self._read_failed,
        )

    def _read_live(self, reading: FeedbackReading) -> None:
        self._read_done()
        if self.doc.con is None:
            return
        if self._apply_counts(reading):
            QTimer.singleShot(0, self, lambda: self._apply_live_comments(reading))

    def _read_failed(self, _exc: Exception) -> None:
        """The reader could not read (it has said why in the log): read here instead, so the
        phones' posts still show."""
        self._read_done()
        self.refresh(everything=False)

    def _read_done(self) -> None:
        self._reading = False
        if self._urgent:
            self._urgent = self._again = False
            self._refresh_live()
        elif self._again:
            self._again = False
            self.schedule_refresh()

    def _apply_live_comments(self, reading: FeedbackReading) -> None:
        if self.doc.con is None or reading.serial < self._serial:
            return  # a newer reading has been shown meanwhile
        self._apply_comments(reading)
        QTimer.singleShot(0, self, self._refresh_live_rest)

    def _refresh_live_rest(self) -> None:
        if self.doc.con is None:
            return
        self._update_summary(live=True)
        self.refresh_cards()
        self.server_panel.fill_targets(self._items)

    def _apply(self, reading: FeedbackReading) -> None:
        """Show a reading made on the GUI thread: counts, comments and summary together."""
        if self._apply_counts(reading):
            self._apply_comments(reading)
        self._update_summary()

    def _apply_counts(self, reading: FeedbackReading) -> bool:
        """The sessions' counts of a reading; False if it is older than what is shown."""
        if reading.serial <= self._serial:
            return False
        self._serial = reading.serial
        self._items, self._tallies = reading.items, reading.tallies
        selected = self.selected_item_id()
        rows = [
            (item, self._tallies.get(item.id, SessionTally()))
            for item in self._items
            if takes_feedback(item)
        ]
        self._applying = True  # choosing the same session again reads nothing more
        try:
            if not _sync(self.sessions, rows, lambda row: row[0].id) and selected is not None:
                self.select_session(selected)
        finally:
            self._applying = False
        total = sum(t.responses for t in self._tallies.values())
        answered = sum(1 for _, t in rows if t.responses)
        self.total.setText(f"{total} responses on {answered} sessions")
        return True

    def _apply_comments(self, reading: FeedbackReading) -> None:
        """The comments of a reading, if it is of the session chosen now (else read again)."""
        if reading.scope != self.selected_item_id():
            self.schedule_refresh()  # another session was chosen while it was read
            return
        self._responses, self._chosen = reading.responses, reading.chosen
        self._shown_scope = reading.scope
        titles = {i.id: i.title for i in self._items}
        chosen_comment = self.selected_comment()
        shown = [r for r in self._responses if r.worked or r.change or r.answers]
        rows = [(titles.get(r.agenda_item_id, "(removed)"), r) for r in shown]
        if not _sync(self.comments, rows, lambda row: row[1].id) and chosen_comment is not None:
            for n, (_, r) in enumerate(self.comments.rows):
                if r.id == chosen_comment.id:
                    index = self.comment_proxy.mapFromSource(self.comments.index(n, 0))
                    self.comment_view.selectRow(index.row())
        self.comment_view.setColumnHidden(0, reading.scope is not None)  # one session: no need
        self._update_buttons()

    def refresh_cards(self, force: bool = False) -> None:
        """Reload the cards only when they (or the attendees) changed: feedback posts do not."""
        version = store_commitments.version(self.doc)
        if version == self._cards_version and not force:
            return
        self._cards_version = version
        cards = store_commitments.load_all(self.doc)
        people = store_commitments.attendees_of(
            self.doc, {c.attendee_id for c in cards if c.attendee_id is not None}
        )
        self.cards.set_rows([(c, people.get(c.attendee_id)) for c in cards], resize=not self._sized)

    def selected_item_id(self) -> int | None:
        rows = self.session_view.selectionModel().selectedRows()
        if not rows:
            return None
        row: SessionRow = self.session_proxy.data(rows[0], ROW_ROLE)
        return row[0].id

    def select_session(self, item_id: int) -> None:
        """Choose a session, its comments read at once (a click reads them on the reader)."""
        self._at_once = True
        try:
            for r, (item, _) in enumerate(self.sessions.rows):
                if item.id == item_id:
                    index = self.session_proxy.mapFromSource(self.sessions.index(r, 0))
                    self.session_view.selectRow(index.row())
                    return
        finally:
            self._at_once = False

    def _show_session(self, full: bool = False) -> None:
        """The comments for the chosen session (or the newest of all), read now: a session
        chosen reads its comments; otherwise only what changed is read and moved."""
        if self.doc.con is None:
            return
        self._apply(self.source.read(self.doc, self.selected_item_id(), full=full, quick=True))

    def _update_summary(self, *, live: bool = False) -> None:
        """The preview, and the projector if it shows the summary, redrawn if it changed; while
        phones post (live) both are drawn on the reader thread, and shown once drawn."""
        data = self.summary_data()
        if data == self._summary_wanted:
            return
        self._summary_wanted = data
        if not live or self.reader.stopped:
            self.summary.set_data(data)
            self.summary_changed.emit()
            self._summary_live()
            return
        preview = self.summary.box_size()
        projected = self.services.presenter.showing(self.SUMMARY)

        def draw(_doc: WorkshopFile) -> tuple[QImage, QImage | None]:
            big = render_summary(data, QSize(1920, 1080)) if projected else None
            return render_summary(data, preview), big

        self.reader.submit(draw, lambda images: self._summary_drawn(data, *images))

    def _summary_drawn(self, data: SummaryData, preview: QImage, big: QImage | None) -> None:
        if data is not self._summary_wanted:
            return  # drawn too late: the summary has changed again since
        self.summary.set_data(data, preview)
        self.summary_changed.emit()
        if self.services.presenter.showing(self.SUMMARY):
            self._put_up(data, big or render_summary(data, QSize(1920, 1080)))

    def _on_session(self) -> None:
        if self._applying:
            return
        if self._at_once or self.reader.stopped:
            self._show_session()
            return
        # Chosen by the facilitator: its counts show now, its comments once the reader has
        # read them (thousands, at 20,000 responses: no frame of the window waits for them).
        self._update_summary()
        self._urgent = True
        self._refresh_live()

    # -- moderation -----------------------------------------------------------------------------
    def _moderated(self, *response_ids: int) -> None:
        """A comment hidden, chosen or redacted: it is read again, at once (moderating leaves a
        response's time alone, so following the changes by time would miss it)."""
        if self.doc.con is None:
            return
        scope = self.selected_item_id()
        self._apply(self.source.read(self.doc, scope, quick=True, again=response_ids))

    def _put_back(self, written: store_undo.Written) -> None:
        """Edit › Undo or Redo put rows back: the responses among them are read again, as after
        moderating (an undo leaves their times as they were). A few (a comment hidden) at once;
        thousands (an agenda item removed, undone) on the reader."""
        ids = [change.rowid for change in written.rows if change.table == "feedback"]
        if not ids:
            return
        if len(ids) <= REREAD_AT_ONCE:
            self._moderated(*ids)
            return
        self._reread.update(ids)
        self._urgent = True
        self._refresh_live()

    def selected_comment(self) -> FeedbackResponse | None:
        rows = self.comment_view.selectionModel().selectedRows()
        if not rows:
            return None
        row: CommentRow = self.comment_proxy.data(rows[0], ROW_ROLE)
        return row[1]

    def _update_buttons(self) -> None:
        r = self.selected_comment()
        self.hide_button.setEnabled(r is not None)
        self.redact_button.setEnabled(r is not None)
        self.choose_button.setEnabled(r is not None and not r.hidden)
        self.hide_button.setText(
            "Show comment again" if r is not None and r.hidden else "Hide comment"
        )
        self.choose_button.setText(
            "Take off the projector" if r is not None and r.chosen else "Show on projector"
        )

    def toggle_hidden(self) -> None:
        r = self.selected_comment()
        if r is None or r.id is None:
            return
        try:
            response_id, hide = r.id, not r.hidden
            self.services.undo.do(
                lambda doc: store_feedback.set_hidden(doc, response_id, hide),
                f"{'hiding' if hide else 'showing'} of the comment {_quoted(r)}",
            )
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot hide the comment", as_typed(str(exc)))
        self._moderated(r.id)

    def redact_comment(self) -> None:
        dialog = self.redact_dialog()
        if dialog is not None:
            dialog.exec()

    def redact_dialog(self) -> QDialog | None:
        """The selected comment's words, to edit (to take a name out); saved on Save."""
        r = self.selected_comment()
        if r is None or r.id is None:
            return None
        response_id = r.id
        dialog, edits = redact_form(
            self,
            "Redact a comment",
            [
                ("worked", "What worked", r.worked),
                ("change", "What would you change", r.change),
                *[(f"answer:{k}", k, v) for k, v in r.answers.items()],
            ],
        )

        def save() -> None:
            answers = {
                key.removeprefix("answer:"): edit.toPlainText().strip()
                for key, edit in edits.items()
                if key.startswith("answer:")
            }
            worked = edits["worked"].toPlainText().strip()
            change = edits["change"].toPlainText().strip()

            def redact(doc: WorkshopFile) -> str:  # the file, its WAL and every backup
                from labdesk import personal_data

                outcome = personal_data.redact_feedback(doc, response_id, worked, change, answers)
                return "" if outcome.ok else " ".join(outcome.problems)

            def failed(exc: Exception) -> None:
                log.error("redacting a comment failed", exc_info=exc)
                self._on_redacted(f"The comment could not be redacted: {exc}", response_id)

            Operation(
                self.session,
                "Redacting a comment…",
                redact,
                success=lambda problem: self._on_redacted(problem, response_id),
                parent=self,
                purpose="redact",
            ).failure(failed).run()

        dialog.accepted.connect(save)
        return dialog

    def _on_redacted(self, problem: str, response_id: int) -> None:
        if problem:
            QMessageBox.warning(self, "Redacting the comment", as_typed(problem))
        self._moderated(response_id)

    def toggle_chosen(self) -> None:
        r = self.selected_comment()
        if r is None or r.id is None or r.hidden:
            return
        try:
            response_id, choose = r.id, not r.chosen
            self.services.undo.do(
                lambda doc: store_feedback.set_chosen(doc, response_id, choose),
                f"{'choice' if choose else 'removal'} for the projector of {_quoted(r)}",
            )
        except WorkshopFileError as exc:
            QMessageBox.warning(self, "Cannot choose the comment", as_typed(str(exc)))
        self._moderated(r.id)

    # -- for the projector ----------------------------------------------------------------------
    def summary_data(self) -> SummaryData:
        """The moderated summary of the selected session (or of the whole day)."""
        item_id = self.selected_item_id()
        item = next((i for i in self._items if i.id == item_id), None)
        if item is not None:
            # A copy: the counts are kept up to date in place (FeedbackCounts), and the summary
            # shown must still differ from the one a post changes.
            tallied = _copy(self._tallies.get(item_id, SessionTally()))
            shown = self._responses if self._shown_scope == item_id else []  # not read yet
            return SummaryData(item.title, tallied, comments_to_show(shown))
        combined = SessionTally()
        for one in self._tallies.values():
            combined.responses += one.responses
            combined.ratings = [a + b for a, b in zip(combined.ratings, one.ratings, strict=True)]
        picked = self._chosen if self._chosen is not None else store_feedback.load_chosen(self.doc)
        return SummaryData("The whole day", combined, comments_to_show(picked))

    def summary_image(self, size: QSize | None = None) -> QImage:
        """The summary as the projector shows it (1920×1080 unless told)."""
        return render_summary(self.summary_data(), size or QSize(1920, 1080))

    SUMMARY = "feedback summary"

    def summary_to_projector(self) -> None:
        """The summary on the whole projector screen, until the next phase or key; it redraws
        as posts arrive and comments are chosen or hidden."""
        data = self.summary_data()
        self._put_up(data, render_summary(data, QSize(1920, 1080)))

    def _put_up(self, data: SummaryData, picture: QImage) -> None:
        self._projected = (data, picture)
        self.services.presenter.show_picture(picture, self.SUMMARY)

    def projected_summary(self) -> SummaryData | None:
        """What the summary on the projector shows now (None: it is not on the projector)."""
        presenter = self.services.presenter
        if self._projected is None or not presenter.showing(self.SUMMARY):
            return None
        data, picture = self._projected
        return data if presenter.show.picture is picture else None

    def _summary_live(self) -> None:
        if self.services.presenter.showing(self.SUMMARY):
            self.summary_to_projector()

    def show_screens(self) -> None:
        from labdesk.gui.screens_dialog import show_screens

        show_screens(self.services, self)

    def codes_to_projector(self) -> None:
        """Both QR codes on the whole projector screen, until the next phase or key."""
        codes = self.phones.codes()
        if codes:
            self.services.presenter.show_codes(codes)

    def update_codes(self) -> None:
        panel = self.server_panel
        url = self.phones.feedback_url()
        panel.url.setText(url or "Start the server to get the address for phones.")
        panel.url_qr.setPixmap(_pixmap(qr_png(url), 220) if url else QPixmap())
        panel.to_projector.setEnabled(bool(url))
        wifi = self.phones.wifi_payload()
        panel.wifi_qr.setPixmap(_pixmap(qr_png(wifi), 220) if wifi else QPixmap())
        ssid = self.phones.hotspot()[0]
        panel.wifi_caption.setText(
            f"Wi-Fi: {ssid}" if ssid else "Set the hotspot name to show this."
        )

    # -- the server -----------------------------------------------------------------------------
    @property
    def server(self) -> AttendeeServer | None:
        return self.phones.server

    def toggle_server(self) -> None:
        if self.phones.busy:
            return
        if self.phones.server is None:
            self.start_server(
                self.server_panel.network.currentData(), self.server_panel.port.value()
            )
        else:
            self.stop_server()

    def start_server(self, host: str, port: int) -> None:
        """Start the phone server on host:port (on a worker thread; the panel says when)."""
        self.phones.start(host, port)

    def stop_server(self) -> None:
        self.phones.stop()

    def _server_state(self) -> None:
        """Show the server as it is now: starting, on (and where), stopping or off."""
        phones, panel = self.phones, self.server_panel
        server = phones.server
        state = phones.state
        panel.start_stop.setEnabled(not phones.busy)
        panel.network.setEnabled(state is ServerState.OFF)
        panel.port.setEnabled(state is ServerState.OFF)
        if state is ServerState.STARTING:
            panel.state.setText("Starting…")
        elif state is ServerState.STOPPING:
            panel.state.setText("Stopping…")
        elif server is not None:
            where = (
                "only this laptop" if server.host.startswith("127.") else "phones on this network"
            )
            panel.state.setText(f"On: {where} can open {server.origin}")
        else:
            panel.state.setText(phones.message or "The phone server is off.")
            self.schedule_refresh()
        panel.start_stop.setText(
            "Stop the phone server" if server is not None else "Start the phone server"
        )
        self.update_codes()

    def status_text(self) -> str:
        text = self.total.text()
        if self.server is not None:
            text += f" · phone server on {self.server.origin}"
        return text


def _copy(tally: SessionTally) -> SessionTally:
    return SessionTally(tally.responses, list(tally.ratings))


def _sync(model: RowsModel[Any], rows: list[Any], key: Callable[[Any], object]) -> bool:
    """Bring model to rows by dropping rows from the top (the newest comments stay), updating
    changed rows and appending new ones, if the rows it keeps are still there in the same order;
    else rebuild it. True if it was not rebuilt. The changed rows are told in one signal: each
    signal has the views look at the rows again."""
    old = model.rows
    if old and rows:
        first = key(rows[0])
        drop = next((i for i, row in enumerate(old) if key(row) == first), 0)
        if drop:
            model.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del old[:drop]
            model.endRemoveRows()
    n = len(old)
    if n == 0 or len(rows) < n or any(key(a) != key(b) for a, b in zip(old, rows, strict=False)):
        model.set_rows(rows)
        return False
    changed = [i for i in range(n) if old[i] != rows[i]]
    for i in changed:
        old[i] = rows[i]
    if changed:
        last = model.columnCount() - 1
        model.dataChanged.emit(model.index(changed[0], 0), model.index(changed[-1], last))
    if len(rows) > n:
        model.beginInsertRows(QModelIndex(), n, len(rows) - 1)
        old.extend(rows[n:])
        model.endInsertRows()
    return True
