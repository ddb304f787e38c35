"""The Polls panel: put a question to the room at any moment or for an agenda item, open and
close it for phones, show, hide or hold its results on the projector and the room views, and
moderate Q&A (hide a question, mark it answered). A word or open-text answer, or a question
asked, can be redacted (a name taken out) as a feedback comment can: through
labdesk.personal_data, off the GUI thread. Polls merged from another site are listed with their
site; phones here cannot answer them. Every change is one short write; the results follow the
answers through labdesk.gui.poll_results.LivePoll."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import polls
from labdesk.core.polls import Poll, PollError, PollKind
from labdesk.gui import poll_actions
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.redact_form import redact_form
from labdesk.store import agenda as store_agenda
from labdesk.store import polls as store_polls
from labdesk.store import sites as store_sites
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

log = logging.getLogger("labdesk.gui")

# The kinds offered, as the facilitator reads them: (label, kind, scale).
KINDS: list[tuple[str, PollKind, tuple[int, int]]] = [
    ("Multiple choice", PollKind.CHOICES, (1, 5)),
    ("Scale 1–5", PollKind.SCALE, (1, 5)),
    ("Scale 0–10", PollKind.SCALE, (0, 10)),
    ("Word cloud", PollKind.WORDS, (1, 5)),
    ("Open text", PollKind.TEXT, (1, 5)),
    ("Q&A with votes", PollKind.QUESTIONS, (1, 5)),
]
REFRESH_MS = 500
SHOWN_ANSWERS = 500  # the newest answers listed, to redact one


class PollsPanel(QWidget):
    """A small window beside the console; it only displays the file and writes to it."""

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.setWindowTitle("Polls")
        self.resize(640, 720)
        layout = QVBoxLayout(self)

        new = QGroupBox("New question")
        form = QFormLayout(new)
        self.question = QLineEdit()
        self.question.setPlaceholderText("What do you want to ask the room?")
        self.question.setMaxLength(polls.MAX_QUESTION)
        form.addRow("Question", self.question)
        self.kind = QComboBox()
        for label, _, _ in KINDS:
            self.kind.addItem(label)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow("Kind", self.kind)
        self.choices = QLineEdit()
        self.choices.setPlaceholderText("Choices, separated by commas: Yes, No, Not sure")
        form.addRow("Choices", self.choices)
        self.when = QComboBox()
        form.addRow("For", self.when)
        buttons = QHBoxLayout()
        self.ask_now = QPushButton("Ask now")
        self.ask_now.setToolTip("Open it for phones and show its results on the projector")
        self.ask_now.clicked.connect(lambda: self.create(open_now=True))
        self.keep = QPushButton("Keep for later")
        self.keep.clicked.connect(lambda: self.create(open_now=False))
        buttons.addWidget(self.ask_now)
        buttons.addWidget(self.keep)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.problem)
        layout.addWidget(new)

        layout.addWidget(QLabel("Questions"))
        self.list = QListWidget()
        self.list.currentRowChanged.connect(lambda _: self._selection_changed())
        layout.addWidget(self.list, 2)
        actions = QHBoxLayout()
        self.open_button = QPushButton("Open for phones")
        self.open_button.clicked.connect(self.toggle_open)
        self.show_button = QPushButton("Show results")
        self.show_button.clicked.connect(self.toggle_shown)
        self.hold_button = QPushButton("Hold results")
        self.hold_button.setToolTip("Keep the results shown as they are; answers still arrive")
        self.hold_button.clicked.connect(self.toggle_held)
        for b in (self.open_button, self.show_button, self.hold_button):
            actions.addWidget(b)
        self.merged_note = QLabel()  # a poll of another site: why it cannot be opened
        self.merged_note.setTextFormat(Qt.TextFormat.PlainText)
        actions.addWidget(self.merged_note)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.asked_box = QGroupBox("Questions from the room")
        asked_layout = QVBoxLayout(self.asked_box)
        self.asked = QListWidget()
        asked_layout.addWidget(self.asked)
        moderation = QHBoxLayout()
        self.hide_asked = QPushButton("Hide")
        self.hide_asked.clicked.connect(self.toggle_asked_hidden)
        self.answered = QPushButton("Mark answered")
        self.answered.clicked.connect(self.toggle_answered)
        self.redact_asked = QPushButton("Redact…")
        self.redact_asked.setToolTip("Take a name or other detail out of the question")
        self.redact_asked.clicked.connect(lambda: self._redact_dialog_run("poll_asked"))
        moderation.addWidget(self.hide_asked)
        moderation.addWidget(self.answered)
        moderation.addWidget(self.redact_asked)
        moderation.addStretch(1)
        asked_layout.addLayout(moderation)
        layout.addWidget(self.asked_box, 2)

        self.answers_box = QGroupBox("Answers, newest first")
        answers_layout = QVBoxLayout(self.answers_box)
        self.answers = QListWidget()
        answers_layout.addWidget(self.answers)
        row = QHBoxLayout()
        self.redact_answer = QPushButton("Redact…")
        self.redact_answer.setToolTip("Take a name or other detail out of the answer")
        self.redact_answer.clicked.connect(lambda: self._redact_dialog_run("poll_answers"))
        row.addWidget(self.redact_answer)
        row.addStretch(1)
        answers_layout.addLayout(row)
        layout.addWidget(self.answers_box, 2)
        self.problem_after = QLabel()  # what a redaction could not reach
        self.problem_after.setWordWrap(True)
        self.problem_after.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.problem_after)

        self.redactions = 0  # redactions under way (off the GUI thread)
        self._polls: list[Poll] = []
        self._places: dict[int | None, str] = {}
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_stale)
        self._timer.start()
        services.session.changed.connect(self._changed)
        self._fill_when()
        self._kind_changed()
        self.refresh()

    # -- reading ----------------------------------------------------------------------------------
    def _changed(self, topics: Topic) -> None:
        if topics & (Topic.POLLS | Topic.AGENDA):
            self._stale = True

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def _fill_when(self) -> None:
        self.when.clear()
        self.when.addItem("At any moment", (None, None))
        for item in store_agenda.load(self.services.doc):
            if item.kind.is_pause:
                continue
            self.when.addItem(f"{item.title} (opens as it starts)", (item.id, None))
            for phase in item.phases:
                self.when.addItem(f"    {item.title} › {phase.name}", (item.id, phase.id))

    def _kind_changed(self) -> None:
        self.choices.setEnabled(KINDS[self.kind.currentIndex()][1] is PollKind.CHOICES)

    def _line(self, poll: Poll, titles: dict[int, str]) -> str:
        figure = poll_actions.figure(self.services.doc.con, poll)
        states = [
            s
            for s, on in (
                ("OPEN", poll.is_open),
                ("ON SCREEN", poll.shown),
                ("HELD", poll.frozen),
            )
            if on
        ]
        kind = poll_actions.kind_text(poll)
        where = f" · for {titles[poll.agenda_item_id]}" if poll.agenda_item_id in titles else ""
        if self._places:
            where += f" · asked at {self._places.get(poll.site_id, 'another site')}"
        head = f"[{', '.join(states)}] " if states else ""
        return f"{head}{poll.text} — {kind}, {figure}{where}"

    def refresh(self) -> None:
        self._stale = False
        doc = self.services.doc
        if doc.closed:
            return
        chosen = self.selected()
        titles = {i.id: i.title for i in store_agenda.load(doc) if i.id is not None}
        every = store_sites.every(doc)
        self._places = store_sites.places(every) if len(every) > 1 else {}
        self._polls = store_polls.load_all(doc)
        self.list.blockSignals(True)
        self.list.clear()
        for poll in self._polls:
            entry = QListWidgetItem(self._line(poll, titles))
            entry.setData(Qt.ItemDataRole.UserRole, poll.id)
            self.list.addItem(entry)
        row = next((n for n, p in enumerate(self._polls) if chosen and p.id == chosen.id), -1)
        if row < 0 and self._polls:
            row = len(self._polls) - 1
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._selection_changed()

    def selected(self) -> Poll | None:
        row = self.list.currentRow()
        return self._polls[row] if 0 <= row < len(self._polls) else None

    def _selection_changed(self) -> None:
        poll = self.selected()
        for b in (self.open_button, self.show_button, self.hold_button):
            b.setEnabled(poll is not None)
        if poll is not None:
            self.open_button.setText("Close for phones" if poll.is_open else "Open for phones")
            self.show_button.setText("Hide results" if poll.shown else "Show results")
            self.hold_button.setText("Let results move" if poll.frozen else "Hold results")
            merged = poll.site_id is not None
            self.open_button.setEnabled(not merged)
            self.open_button.setToolTip(store_polls.MERGED_NOT_OPEN if merged else "")
        place = self._places.get(poll.site_id, "another site") if poll is not None else ""
        self.merged_note.setText(
            poll_actions.MERGED_NOTE.format(place=place)
            if poll is not None and poll.site_id is not None
            else ""
        )
        qa = poll is not None and poll.kind is PollKind.QUESTIONS
        free = poll is not None and poll.kind in (PollKind.WORDS, PollKind.TEXT)
        self.asked_box.setVisible(qa)
        self.answers_box.setVisible(free)
        self.asked.clear()
        self.answers.clear()
        if qa and poll is not None and poll.id is not None:
            for a in sorted(
                store_polls.asked(self.services.doc.con, poll.id), key=lambda a: (-a.votes, a.id)
            ):
                flags = [f for f, on in (("hidden", a.hidden), ("answered", a.answered)) if on]
                text = f"{a.votes} ▲  {a.text}" + (f"  ({', '.join(flags)})" if flags else "")
                entry = QListWidgetItem(text)
                entry.setData(Qt.ItemDataRole.UserRole, (a.id, a.hidden, a.answered))
                entry.setData(Qt.ItemDataRole.UserRole + 1, a.text)
                self.asked.addItem(entry)
        if free and poll is not None and poll.id is not None:
            for answer_id, value in self.services.doc.con.execute(
                "SELECT id, value FROM poll_answers WHERE poll_id = ?"
                " ORDER BY updated_at DESC, id DESC LIMIT ?",
                (poll.id, SHOWN_ANSWERS),
            ):
                entry = QListWidgetItem(" ".join(str(value).split()))
                entry.setData(Qt.ItemDataRole.UserRole, int(answer_id))
                entry.setData(Qt.ItemDataRole.UserRole + 1, str(value))
                self.answers.addItem(entry)
        self.redact_asked.setEnabled(self.asked.count() > 0)
        self.redact_answer.setEnabled(self.answers.count() > 0)

    # -- writing ----------------------------------------------------------------------------------
    def create(self, *, open_now: bool) -> Poll | None:
        """Store the question typed; with open_now, open it for phones and show its results."""
        _, kind, scale = KINDS[self.kind.currentIndex()]
        item_id, phase_id = self.when.currentData() or (None, None)
        try:
            poll = polls.make_poll(
                self.question.text(),
                kind,
                polls.parse_choices(self.choices.text()) if kind is PollKind.CHOICES else (),
                scale,
                agenda_item_id=item_id,
                phase_id=phase_id,
            )
        except PollError as exc:
            self.problem.setText(str(exc))
            return None
        self.problem.setText("")
        doc = self.services.doc
        made = store_polls.create(doc, poll, open_now=open_now)
        if open_now:
            poll_actions.show(self.services, made.id)
        self.question.clear()
        self.choices.clear()
        self.refresh()
        self.list.setCurrentRow(len(self._polls) - 1)
        return made

    def toggle_open(self) -> None:
        poll = self.selected()
        if poll is None or poll.id is None:
            return
        problem = poll_actions.toggle_open(self.services, poll)
        if problem:
            self.problem_after.setText(problem)
        self.refresh()

    def toggle_shown(self) -> None:
        """Hide its results everywhere if they are shown (on the room views, even once a key
        took them off the projector); else show them."""
        poll = self.selected()
        if poll is None or poll.id is None:
            return
        poll_actions.show(self.services, None if poll.shown else poll.id)
        self.refresh()

    def toggle_held(self) -> None:
        poll = self.selected()
        if poll is None or poll.id is None:
            return
        poll_actions.toggle_held(self.services, poll)
        self.refresh()

    def _asked_selected(self) -> tuple[int, bool, bool] | None:
        entry = self.asked.currentItem()
        return None if entry is None else entry.data(Qt.ItemDataRole.UserRole)

    def toggle_asked_hidden(self) -> None:
        chosen = self._asked_selected()
        if chosen is not None:
            store_polls.set_hidden(self.services.doc, chosen[0], not chosen[1])
            self.services.polls.refresh()
            self.refresh()

    def toggle_answered(self) -> None:
        chosen = self._asked_selected()
        if chosen is not None:
            store_polls.set_answered(self.services.doc, chosen[0], not chosen[2])
            self.services.polls.refresh()
            self.refresh()

    # -- redacting ---------------------------------------------------------------------------------
    def _redact_dialog_run(self, table: str) -> None:
        dialog = self.redact_dialog(table)
        if dialog is not None:
            dialog.exec()

    def redact_dialog(self, table: str) -> QDialog | None:
        """The selected answer's (table "poll_answers") or question's ("poll_asked") words, to
        edit (to take a name out); saved on Save, in the file, its backups and the files made,
        through labdesk.personal_data.redact_poll."""
        source = self.answers if table == "poll_answers" else self.asked
        entry = source.currentItem()
        if entry is None:
            return None
        data = entry.data(Qt.ItemDataRole.UserRole)
        row_id = int(data if table == "poll_answers" else data[0])
        text = str(entry.data(Qt.ItemDataRole.UserRole + 1))
        what = "an answer" if table == "poll_answers" else "a question asked"
        dialog, edits = redact_form(self, f"Redact {what}", [("text", "", text)], height=90)
        edit = edits["text"]

        def save() -> None:
            new = edit.toPlainText().strip()

            def redact(doc: WorkshopFile) -> str:  # the file, its WAL, backups and files made
                from labdesk import personal_data

                outcome = personal_data.redact_poll(doc, table, row_id, new)
                return "" if outcome.ok else " ".join(outcome.problems)

            def failed(exc: Exception) -> None:
                log.error("redacting a poll answer failed", exc_info=exc)
                self._on_redacted(f"It could not be redacted: {exc}")

            self.redactions += 1
            Operation(
                self.services.session,
                "Redacting…",
                redact,
                success=self._on_redacted,
                parent=self,
                purpose="redact",
            ).failure(failed).run()

        dialog.accepted.connect(save)
        return dialog

    def _on_redacted(self, problem: str) -> None:
        self.redactions -= 1
        self.problem_after.setText(problem)
        if problem:
            QMessageBox.warning(self, "Redacting", as_typed(problem))
        self.services.polls.refresh()
        self.refresh()


def show_panel(services: Any, parent: QWidget | None = None) -> PollsPanel:
    """The Polls panel of the open workshop (one per workshop: View › Polls…, the console's
    All polls…), shown and raised. It goes with the workshop (MainWindow.close_workshop)."""
    panel: PollsPanel | None = getattr(services, "polls_panel", None)
    if panel is None:
        panel = services.polls_panel = PollsPanel(services, parent)
    panel.show()
    panel.raise_()
    panel.activateWindow()
    return panel
