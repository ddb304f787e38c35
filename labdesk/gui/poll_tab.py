"""The presenter console's Poll tab: the question that belongs to what is on now (the one
opened or shown since the day reached this phase, else this phase's, else this item's, else
the one open now: labdesk.core.polls.for_now), its answers as they come, and Open / Show / All
polls…. Built when the tab first shows (labdesk.gui.areas.run_day), with the polls' modules;
while hidden it only notes that it is stale. No button takes the focus: the clicker's keys
stay the presenter's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from labdesk.core.polls import Poll, PollKind, for_now
from labdesk.gui import poll_actions
from labdesk.gui.poll_cues import where_now
from labdesk.gui.style import set_role
from labdesk.store import polls as store_polls
from labdesk.store.changes import Topic

FOLLOW_MS = 250  # answers arriving: the count follows four times a second at most
NO_POLL = "No poll for this phase"


def _label(role: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # what was typed is never markup
    label.setWordWrap(True)
    if role:
        set_role(label, role)
    return label


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
    label.setVisible(bool(text))


class PollTab(QWidget):
    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.poll: Poll | None = None
        self.stale = True
        self.refreshes = 0
        self._pinned: int | None = None  # opened or shown since the day reached this step
        self._seen: tuple[int | None, int | None] | None = None  # (open, shown) last looked
        self._step: int | None = -1
        self.place = _label("hint")
        self.question = _label("heading")
        self.kind = _label()
        self.figure = _label("figure")
        self.state = _label()
        self.note = _label("hint")
        self.open_button = QPushButton("Open for phones")
        self.open_button.clicked.connect(self.toggle_open)
        self.show_button = QPushButton("Show results")
        self.show_button.setToolTip("On the projector and the room views")
        self.show_button.clicked.connect(self.toggle_shown)
        self.all_button = QPushButton("All polls…")
        self.all_button.setToolTip("The Polls panel: new questions, Q&A, holding results")
        self.all_button.clicked.connect(self.open_panel)
        for b in (self.open_button, self.show_button, self.all_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space never "clicks" a button
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.show_button)
        actions.addStretch(1)
        more = QHBoxLayout()
        more.addWidget(self.all_button)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        for w in (self.place, self.question, self.kind, self.figure, self.state):
            layout.addWidget(w)
        layout.addLayout(actions)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addLayout(more)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._refresh_if_seen)
        services.session.changed.connect(self._changed)
        services.day.changed.connect(self._day_changed)
        services.presenter.shown.connect(lambda _show: self._show_state())
        self.refresh()

    # -- following ----------------------------------------------------------------------------
    def _changed(self, topics: Topic) -> None:
        if not topics & (Topic.POLLS | Topic.AGENDA):
            return
        self.stale = True  # hidden: nothing more (answers arriving cost nothing here)
        if self.isVisible() and not self._follow.isActive():
            self._follow.start()

    def _day_changed(self) -> None:
        if self.services.day.timer.index == self._step:
            return  # the clock moved within the phase
        self.stale = True
        if self.isVisible():
            self.refresh()

    def _refresh_if_seen(self) -> None:
        if self.stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Which question, and its figures: a few indexed reads (well within a frame)."""
        self.stale = False
        services = self.services
        if services.closed or services.doc.closed:
            return
        self.refreshes += 1
        con = services.doc.con
        day = services.day
        if day.timer.index != self._step:
            self._step, self._pinned = day.timer.index, None
        open_now, shown = store_polls.open_poll(con), store_polls.shown_poll(con)
        seen = (open_now.id if open_now else None, shown.id if shown else None)
        if self._seen is not None and seen != self._seen:
            # Opened or shown here, in the Polls panel or by `labdesk poll`: follow it.
            if open_now is not None and seen[0] != self._seen[0]:
                self._pinned = open_now.id
            elif shown is not None and seen[1] != self._seen[1]:
                self._pinned = shown.id
        self._seen = seen
        item_id, phase_id = where_now(day)
        chosen = store_polls.get(con, self._pinned) if self._pinned is not None else None
        self.poll = for_now(
            store_polls.for_item(services.doc, item_id) if item_id is not None else [],
            phase_id,
            open_now=open_now,
            shown=shown,
            chosen=chosen,
        )
        poll = self.poll
        for w in (self.open_button, self.show_button):
            w.setVisible(poll is not None)
        if poll is None:
            _set(self.place, "")
            _set(self.question, NO_POLL)
            _set(self.kind, "Ask one, or open one kept for later, with All polls…")
            _set(self.figure, "")
            _set(self.state, "")
            _set(self.note, "")
            return
        if poll.agenda_item_id is None:
            place = "Any time"
        elif poll.agenda_item_id == item_id and poll.phase_id in (None, phase_id):
            place = "For this phase" if poll.phase_id is not None else "For this item"
        else:
            title = next((i.title for i in day.items if i.id == poll.agenda_item_id), "")
            place = f"For {title}" if title else "Any time"
        _set(self.place, place)
        _set(self.question, poll.text)
        kind = poll_actions.kind_text(poll)
        if poll.kind is PollKind.CHOICES:
            kind += ": " + ", ".join(poll.choices)
        _set(self.kind, kind)
        _set(self.figure, poll_actions.figure(con, poll))
        merged = poll.site_id is not None
        self.open_button.setEnabled(not merged)
        self.open_button.setToolTip(store_polls.MERGED_NOT_OPEN if merged else "")
        self._merged = poll_actions.merged_note(services.doc, poll) if merged else ""
        self._show_state(hidden_too=True)

    def _show_state(self, *, hidden_too: bool = False) -> None:
        """The words and buttons that say whether it is open and on the projector (no reads:
        also called at each change of what the projector shows, while the tab shows)."""
        poll = self.poll
        if poll is None or not (hidden_too or self.isVisible()):
            return
        up = poll_actions.results_up(self.services, poll)
        _set_text(self.open_button, "Close for phones" if poll.is_open else "Open for phones")
        _set_text(self.show_button, "Hide results" if up else "Show results")
        if poll.is_open:
            state = "Open for phones"
        elif poll.opened_at is not None:
            state = "Closed"
        else:
            state = "Not opened yet"
        if up:
            state += " · results on the projector"
        elif poll.shown:
            state += " · results on the room views; a key took them off the projector"
        if poll.frozen:
            state += " · results held"
        _set(self.state, state)
        if self._merged:
            note = self._merged
        elif poll.is_open and not self.services.phones_running:
            note = "The phone server is off: start it in Feedback so phones can answer."
        elif poll.is_open:
            note = f"Phones answer at {self.services.poll_address}"
        else:
            note = ""
        _set(self.note, note)

    _merged = ""

    # -- acting ---------------------------------------------------------------------------------
    def toggle_open(self) -> None:
        poll = self.poll
        if poll is None:
            return
        self._pinned = poll.id  # it stays here, closed, to show its results
        problem = poll_actions.toggle_open(self.services, poll)
        self.refresh()
        if problem:
            _set(self.note, problem)

    def toggle_shown(self) -> None:
        poll = self.poll
        if poll is None or poll.id is None:
            return
        self._pinned = poll.id
        up = poll_actions.results_up(self.services, poll)
        poll_actions.show(self.services, None if up else poll.id)
        self.refresh()

    def open_panel(self) -> QWidget:
        from labdesk.gui.polls_panel import show_panel

        return show_panel(self.services, self.window())


def _set_text(button: QPushButton, text: str) -> None:
    if button.text() != text:
        button.setText(text)
