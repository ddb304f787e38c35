"""Screens in the Room: the room view's, each door desk's and the remote's QR codes and PINs in one
place, with Revoke and New PIN for each desk and the remote, and another desk on request. Opened
from View › Screens in the Room… and from the Feedback area; it never blocks the day (the timer,
the server and the desks carry on while it is open)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labdesk.gui.plaintext import as_typed
from labdesk.gui.services import Services
from labdesk.gui.style import set_role
from labdesk.store import WorkshopFileError, screen_pins
from labdesk.store.changes import Topic
from labdesk.store.screen_pins import ScreenKind
from labdesk.web.access import ScreenLink, screen_links

log = logging.getLogger("labdesk.gui")

QR_SIDE = 170
CARD_WIDTH = 290  # as many cards side by side as fit: four at 1280 pixels
ATTEMPTS_SHOWN = 200  # the wrong PINs counted in the dialog's last line


def _plain(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def spaced_pin(pin: str) -> str:
    """ "4 8 2 1 9 0": easy to read out across a room and to type on a tablet."""
    return " ".join(pin)


class ScreenCard(QGroupBox):
    """One screen: its QR code, what it is for, its address, and its PIN with New PIN and Revoke."""

    def __init__(self, dialog: ScreensDialog, link: ScreenLink, qr: QPixmap | None) -> None:
        super().__init__(link.label)
        self.link = link
        self.setObjectName(f"screen-{link.kind}-{link.pin_id or 0}")
        layout = QVBoxLayout(self)
        self.code = QLabel()
        self.code.setFixedSize(QR_SIDE, QR_SIDE)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName(f"QR code of {link.label}")
        if qr is not None:
            self.code.setPixmap(qr)
        else:
            self.code.setText("The address appears\nwhen the phone server is on.")
            set_role(self.code, "hint")
        layout.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = _plain(link.hint)
        set_role(hint, "hint")
        layout.addWidget(hint)
        self.url = QLineEdit(link.url)  # selectable and copied whole, however narrow the card
        self.url.setReadOnly(True)
        self.url.setCursorPosition(len(link.url))  # the end tells the screens apart
        self.url.setToolTip(link.url)
        self.url.setAccessibleName(f"Address of {link.label}")
        if link.url:
            layout.addWidget(self.url)
        self.pin = _plain(f"PIN  {spaced_pin(link.pin)}" if link.pin else "No PIN needed")
        self.pin.setAccessibleName(f"PIN of {link.label}")
        self.pin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if link.pin:
            set_role(self.pin, "figure")
        layout.addWidget(self.pin)
        self.renew: QPushButton | None = None
        self.revoke: QPushButton | None = None
        if link.pin_id is not None:
            pin_id = link.pin_id
            row = QHBoxLayout()
            self.renew = QPushButton("New PIN")
            self.renew.setToolTip("A new PIN; devices that typed the old one must type it")
            self.renew.clicked.connect(lambda: dialog.ask_renew(pin_id, link.label))
            self.revoke = QPushButton("Revoke")
            self.revoke.setToolTip("The PIN stops working; its devices are shut out at once")
            self.revoke.clicked.connect(lambda: dialog.ask_revoke(pin_id, link.label))
            row.addWidget(self.renew)
            row.addWidget(self.revoke)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(1)


class ScreensDialog(QDialog):
    """The screens of the open workshop, kept up to date while it is open (the server started
    or stopped, a PIN made or revoked here, or by the server the first time it starts)."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        go_to_feedback: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.go_to_feedback = go_to_feedback
        self.setWindowTitle("Screens in the room")
        self.setObjectName("screens-dialog")
        self.cards: list[ScreenCard] = []
        self._codes: dict[str, QPixmap] = {}
        self._asking: QMessageBox | None = None
        self._laid_out = 0

        title = _plain("Screens in the room")
        set_role(title, "heading")
        intro = _plain(
            "Phones and tablets on the laptop's network open these. The room view needs no PIN; "
            "each door desk and the remote have their own. A PIN is never in its QR code: "
            "say it, or show it to whoever holds the tablet."
        )
        self.state = _plain()
        self.state.setObjectName("screens-state")
        self.feedback_button = QPushButton("Go to Feedback to start it")
        self.feedback_button.clicked.connect(self._go_to_feedback)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.feedback_button)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(16)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(self.grid)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)

        self.add_desk_button = QPushButton("Add a door desk")
        self.add_desk_button.setToolTip("Another desk at the door, with a PIN of its own")
        self.add_desk_button.clicked.connect(self.add_desk)
        self.add_remote_button = QPushButton("Make a remote PIN")
        self.add_remote_button.clicked.connect(self.add_remote)
        self.attempts = _plain()
        self.attempts.setObjectName("screens-attempts")
        set_role(self.attempts, "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_desk_button)
        bottom.addWidget(self.add_remote_button)
        bottom.addWidget(self.attempts, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(state_row)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        phones = services.phones
        phones.state_changed.connect(self.refresh)
        phones.codes_changed.connect(self.refresh)
        services.session.changed.connect(self._on_changed)
        services.destroyed.connect(self.deleteLater)  # the workshop closed: so does this
        self.resize(1100, 760)
        self.refresh()

    # -- what it shows --------------------------------------------------------------------------
    def _on_changed(self, topic: Topic) -> None:
        if topic & Topic.SCREENS:
            self.refresh()

    def _qr(self, link: ScreenLink) -> QPixmap | None:
        if not link.url:
            return None
        pixmap = self._codes.get(link.url)
        if pixmap is None:
            pixmap = QPixmap()
            pixmap.loadFromData(link.qr_png(), "PNG")
            pixmap = pixmap.scaled(
                QR_SIDE,
                QR_SIDE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
            self._codes[link.url] = pixmap
        return pixmap

    def refresh(self) -> None:
        doc = self.services.doc
        if doc.closed:
            return
        phones = self.services.phones
        server = phones.server
        if server is not None:
            where = "only this laptop" if server.host.startswith("127.") else server.public_host
            self.state.setText(f"The phone server is on ({where}). Open these on the devices.")
        elif phones.busy:
            self.state.setText("The phone server is starting or stopping…")
        else:
            self.state.setText(
                "The phone server is off: start it in Feedback, on the hotspot's network, and "
                "the QR codes appear here. The PINs below already work once it is on."
            )
        self.feedback_button.setVisible(server is None and self.go_to_feedback is not None)
        links = screen_links(doc, server)
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = [ScreenCard(self, link, self._qr(link)) for link in links]
        self._lay_out()
        self.add_remote_button.setVisible(not any(link.kind == "remote" for link in links))
        self.attempts.setText(self._attempts_text())

    def _columns(self) -> int:
        return max(1, (self.width() - 40) // CARD_WIDTH)

    def _lay_out(self) -> None:
        columns = self._columns()
        self._laid_out = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for n, card in enumerate(self.cards):
            self.grid.addWidget(card, n // columns, n % columns)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._columns() != self._laid_out:
            self._lay_out()

    def _attempts_text(self) -> str:
        wrong = [a for a in screen_pins.attempts(self.services.doc, ATTEMPTS_SHOWN) if not a.ok]
        if not wrong:
            return "No wrong PIN has been tried."
        last = wrong[0]
        at = dt.datetime.fromisoformat(last.at)
        times = "1 wrong PIN" if len(wrong) == 1 else f"{len(wrong)} wrong PINs"
        return f"{times} tried; the last at {at:%H:%M} from {last.address or 'an unknown address'}."

    def card(self, label: str) -> ScreenCard:
        """The card of the screen called label ("Door desk 1", "Remote", "Room view")."""
        return next(c for c in self.cards if c.link.label == label)

    # -- what it does ---------------------------------------------------------------------------
    def _go_to_feedback(self) -> None:
        if self.go_to_feedback is not None:
            self.go_to_feedback()

    def _ask(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        """Ask first (without stopping the day: the box does not run its own loop)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, as_typed(text), parent=self)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: then() if button is go else None)
        self._asking = box
        box.open()

    def ask_revoke(self, pin_id: int, label: str) -> None:
        self._ask(
            f"Revoke {label}'s PIN?",
            f"Every device that opened {label} with this PIN is shut out at once, and the PIN "
            "stops working. This cannot be undone (make a new PIN instead).",
            "Revoke",
            lambda: self.revoke(pin_id),
        )

    def ask_renew(self, pin_id: int, label: str) -> None:
        self._ask(
            f"A new PIN for {label}?",
            f"The old PIN stops working: every device on {label} must type the new one.",
            "New PIN",
            lambda: self.renew(pin_id),
        )

    def _store(self, what: str, change: Callable[[], object]) -> None:
        try:
            change()
        except (WorkshopFileError, LookupError) as exc:
            QMessageBox.warning(self, f"Cannot {what}", as_typed(str(exc)))
        self.refresh()

    def revoke(self, pin_id: int) -> None:
        """The PIN stops working now; its devices are refused from their next request."""
        self._store("revoke the PIN", lambda: screen_pins.revoke(self.services.doc, pin_id))

    def renew(self, pin_id: int) -> None:
        self._store("make a new PIN", lambda: screen_pins.renew(self.services.doc, pin_id))

    def add_desk(self) -> None:
        self._store("add a desk", lambda: screen_pins.add_desk(self.services.doc))

    def add_remote(self) -> None:
        if screen_pins.live_pins(self.services.doc, ScreenKind.REMOTE):
            return
        self._store("make a remote PIN", lambda: screen_pins.add_remote(self.services.doc))


def show_screens(
    services: Services, parent: QWidget, go_to_feedback: Callable[[], None] | None = None
) -> ScreensDialog:
    """The Screens dialog of parent's window (one per window), shown and brought to the front."""
    window = parent.window()
    dialog = window.findChild(ScreensDialog)
    if dialog is None or dialog.services is not services:
        if dialog is not None:
            dialog.deleteLater()
        dialog = ScreensDialog(services, window, go_to_feedback)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
