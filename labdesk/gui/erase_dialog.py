"""Erasing a person from the app: what will change, the comments that name them (for the
organiser to redact), then the erasure itself on a worker thread, and what it did."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labdesk.core.model import Attendee
from labdesk.gui.operations import Operation
from labdesk.gui.session import WorkshopSession
from labdesk.personal_data import Outcome
from labdesk.store import erasure as store_erasure

log = logging.getLogger("labdesk.gui")

INTRO = (
    "Erasing deletes their name, email, postal address, needs and notes, their commitment "
    "cards and ticket codes: from this workshop file, its journal, its backups and the copies "
    "saved of it. Every file labdesk made that names them is made again without them, or "
    "removed. Attendance figures keep counting them. This cannot be undone."
)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class EraseDialog(QDialog):
    """Shows the plan (a dry run) and the comments naming the person; Erase runs the erasure
    with the redactions ticked, off the GUI thread, and shows what was done."""

    erased = Signal(object)  # the Outcome, once done

    def __init__(
        self,
        session: WorkshopSession,
        person: Attendee,
        *,
        export: Callable[[QWidget], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from labdesk import personal_data

        assert person.id is not None
        self.session = session
        self.doc = doc = session.doc
        self.person = person
        self.outcome: Outcome | None = None
        self.setWindowTitle("Erase a person")
        self.resize(900, 640)
        self.plan = store_erasure.plan(doc, person.id)
        preview = personal_data.erase(doc, person.id, dry_run=True)
        org = f" · {person.organisation}" if person.organisation else ""
        email = f" · {person.email}" if person.email else ""
        self.heading = _plain(QLabel(f"Erase {person.name}{org}{email}"))
        self.heading.setObjectName("erase-heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        intro = _plain(QLabel(INTRO))
        # The comments are decided below, one by one: not in the summary.
        lines = [ln for ln in preview.lines if not ln.startswith("Comments that name them")]
        self.what = QPlainTextEdit("\n".join([*lines, *preview.problems]))
        self.what.setReadOnly(True)
        self.what.setAccessibleName("What erasing them will change")
        self.what.setMaximumHeight(150)
        self.changes = QGroupBox("What will change")
        QVBoxLayout(self.changes).addWidget(self.what)

        self.mentions = QTableWidget(len(self.plan.mentions), 2)
        self.mentions.setAccessibleName("Comments that name them")
        self.mentions.setHorizontalHeaderLabels(["Redact", "Where"])
        self.mentions.horizontalHeader().setStretchLastSection(True)
        self.mentions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.mentions.verticalHeader().setVisible(False)
        self.edits: list[str] = []
        for row, mention in enumerate(self.plan.mentions):
            tick = QTableWidgetItem("")
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            self.mentions.setItem(row, 0, tick)
            where = QTableWidgetItem(mention.where)
            where.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.mentions.setItem(row, 1, where)
            self.edits.append(mention.proposed)
        self.mentions.resizeColumnToContents(0)
        self.written = QPlainTextEdit()
        self.written.setReadOnly(True)
        self.written.setAccessibleName("The comment as written")
        self.redacted = QPlainTextEdit()
        self.redacted.setAccessibleName("The comment as it will read")
        self.redacted.textChanged.connect(self._edited)
        texts = QHBoxLayout()
        captions = []
        for caption, edit in (("As written", self.written), ("As it will read", self.redacted)):
            column = QVBoxLayout()
            captions.append(_plain(QLabel(caption)))
            column.addWidget(captions[-1])
            column.addWidget(edit)
            texts.addLayout(column)
        self.comments = comments = QGroupBox(f"Comments that name them ({len(self.plan.mentions)})")
        cl = QVBoxLayout(comments)
        cl.addWidget(
            _plain(
                QLabel(
                    "People wrote these; they are changed only as you decide. Ticked ones are "
                    "saved as they will read (edit them if you like); unticked ones stay as "
                    "written."
                    if self.plan.mentions
                    else "No feedback comment or card names them."
                )
            )
        )
        cl.addWidget(self.mentions, 1)
        cl.addLayout(texts, 1)
        for widget in (self.mentions, self.written, self.redacted, *captions):
            widget.setVisible(bool(self.plan.mentions))
        self.mentions.currentCellChanged.connect(lambda row, *_: self._show_mention(row))

        self.state = _plain(QLabel(""))
        self.state.setObjectName("erase-state")
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            "Export their data first…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.erase_button = buttons.addButton(
            "Erase for good", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setStyleSheet(
            "QPushButton:enabled { color: #b3261e; font-weight: bold; }"
        )
        self.erase_button.setAutoDefault(False)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setVisible(export is not None)
        if export is not None:
            self.export_button.clicked.connect(lambda: export(self))
        self.erase_button.clicked.connect(self.erase_now)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addWidget(self.changes, 1)
        layout.addWidget(comments, 2 if self.plan.mentions else 0)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        if self.plan.mentions:
            self.mentions.setCurrentCell(0, 1)

    # -- the comments ----------------------------------------------------------------------------
    def _show_mention(self, row: int) -> None:
        if not 0 <= row < len(self.plan.mentions):
            return
        self._showing = -1
        self.written.setPlainText(self.plan.mentions[row].text)
        self.redacted.setPlainText(self.edits[row])
        self._showing = row

    def _edited(self) -> None:
        row = getattr(self, "_showing", -1)
        if 0 <= row < len(self.edits):
            self.edits[row] = self.redacted.toPlainText()

    def redactions(self) -> store_erasure.Redactions:
        """The comments ticked, as they will read."""
        chosen: store_erasure.Redactions = {}
        for row, mention in enumerate(self.plan.mentions):
            item = self.mentions.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen[mention.key] = self.edits[row]
        return chosen

    # -- erasing ---------------------------------------------------------------------------------
    def erase_now(self) -> Operation[Outcome]:
        """Erase on a worker with its own connection; the window stays responsive."""
        from labdesk import personal_data

        assert self.person.id is not None
        attendee_id, chosen = self.person.id, self.redactions()
        for button in (self.erase_button, self.export_button, self.close_button):
            button.setEnabled(False)
        self.mentions.setEnabled(False)
        self.redacted.setReadOnly(True)
        self.state.setText("Erasing… (the file, its journal, backups, copies and files made)")

        def failed(exc: Exception) -> None:
            log.error("erasing attendee %d failed", attendee_id, exc_info=exc)
            self._finished(str(exc))

        return (
            Operation(
                self.session,
                "Erasing a person…",
                lambda doc: personal_data.erase(doc, attendee_id, redactions=chosen),
                success=self._finished,
                parent=self,
                purpose="erase",
            )
            .failure(failed)
            .run()
        )

    def _finished(self, result: object) -> None:
        self.close_button.setEnabled(True)
        self.close_button.setText("Close")
        self.close_button.clicked.disconnect()
        self.close_button.clicked.connect(self.accept)
        if isinstance(result, str):
            self.state.setText(f"Not erased: {result}")
            self.erase_button.setEnabled(True)
            return
        assert isinstance(result, Outcome)
        self.outcome = result
        self.heading.setText(result.title)
        self.changes.setTitle("What was done")
        self.what.setMaximumHeight(16777215)
        self.what.setPlainText("\n".join([*result.lines, *result.problems]))
        # Their words are not left on screen: the comments were decided, and are done.
        self.written.clear()
        self.redacted.clear()
        self.comments.setVisible(False)
        self.erase_button.setVisible(False)
        self.export_button.setVisible(False)
        self.state.setText(
            "Done." if result.ok else "Done, but some things could not be: see above."
        )
        self.erased.emit(result)  # the areas have refreshed already (the session looked)
