"""Agenda editor › Add item › Find an activity…: the Liberating Structures library and the
workshop's own templates, searched by purpose as the facilitator types
(labdesk.core.activity_search); a template shared as a file is opened into the workshop, and an
own template is shared as a file (labdesk.core.activity_files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

from labdesk.core import activity_files
from labdesk.core.activities import Activity, TemplateError
from labdesk.core.activity_search import ActivityIndex
from labdesk.gui.chosen_files import refused
from labdesk.gui.plaintext import as_typed
from labdesk.store import agenda as store_agenda
from labdesk.store.document import WorkshopFile


def describe(activity: Activity) -> str:
    """One line a facilitator reads in the list: title, what it is for, its length and groups."""
    purposes = ", ".join(p.label for p in activity.purposes[:3])
    minutes = -(-activity.total_s // 60) if activity.phases else activity.duration_min
    groups = f" · groups of {activity.group_size}" if activity.group_size else ""
    mine = " · my template" if activity.own else ""
    head = f"{activity.title} — {purposes}" if purposes else activity.title
    return f"{head} · {minutes} min{groups}{mine}"


class ActivityPicker(QDialog):
    """Choose an activity to add; `chosen` is the one picked when the dialog is accepted."""

    def __init__(self, library: list[Activity], doc: WorkshopFile, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find an activity")
        self.resize(720, 560)
        self.library = library
        self.doc = doc
        self.chosen: Activity | None = None
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            "What is it for? (help each other, icebreaker, decide, next steps…)"
        )
        self.query.setAccessibleName("What the activity is for")
        self.query.textChanged.connect(self.search)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.currentRowChanged.connect(lambda _: self._show_chosen())
        self.results.itemDoubleClicked.connect(lambda _: self.accept())
        layout.addWidget(self.results, 3)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 2)
        files = QHBoxLayout()
        self.open_shared = QPushButton("Open a shared template…")
        self.open_shared.clicked.connect(self.choose_shared)
        self.share = QPushButton("Share this template…")
        self.share.clicked.connect(self.choose_share_path)
        files.addWidget(self.open_shared)
        files.addWidget(self.share)
        files.addStretch(1)
        layout.addLayout(files)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add to the agenda")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._shown: list[Activity] = []
        self._reindex()
        self.search("")

    def _reindex(self) -> None:
        self.templates = [*self.library, *store_agenda.load_templates(self.doc)]
        self.index = ActivityIndex(self.templates)

    def search(self, query: str | None = None) -> list[Activity]:
        """Show the templates for what is typed, best first; returns them."""
        self._shown = self.index.search(self.query.text() if query is None else query)
        self.results.clear()
        for activity in self._shown:
            self.results.addItem(QListWidgetItem(describe(activity)))
        if self._shown:
            self.results.setCurrentRow(0)
        self._show_chosen()
        return self._shown

    def current(self) -> Activity | None:
        row = self.results.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _show_chosen(self) -> None:
        activity = self.current()
        self.add_button.setEnabled(activity is not None)
        self.share.setEnabled(activity is not None and activity.own)
        if activity is None:
            self.details.setText("Nothing matches. Try another word for what it is for.")
            return
        steps = "\n".join(
            f"• {p.name}: {-(-p.duration_s // 60)} min" + (f" × {p.rounds}" if p.rounds > 1 else "")
            for p in activity.phases
        )
        parts = [activity.summary, activity.invitation and f"Invite: {activity.invitation}", steps]
        if activity.source:
            parts.append(f"Source: {activity.source}")
        self.details.setText("\n\n".join(p for p in parts if p))

    def accept(self) -> None:
        self.chosen = self.current()
        if self.chosen is not None:
            super().accept()

    # -- files ------------------------------------------------------------------------------------
    def open_file(self, path: Path) -> Activity | None:
        """Read a shared template into this workshop's own templates; says why not if it cannot."""
        taken = {a.key for a in self.templates}
        try:
            activity = activity_files.read_shared(path, taken=taken)
        except TemplateError as exc:
            QMessageBox.warning(self, "Cannot open this template", as_typed(str(exc)))
            return None
        store_agenda.save_template(self.doc, activity)
        self._reindex()
        self.query.setText(activity.title)
        return activity

    def choose_shared(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open a shared template",
            str(Path.home()),
            f"Activity templates (*{activity_files.SHARE_SUFFIX} *.json)",
        )
        if name and not refused(Path(name), self, "Cannot open this template"):
            self.open_file(Path(name))

    def share_to(self, path: Path) -> Path | None:
        """Write the chosen own template to a file to share; returns where it went."""
        activity = self.current()
        if activity is None or not activity.own:
            return None
        try:
            return activity_files.write_shared(activity, path)
        except (TemplateError, OSError) as exc:
            QMessageBox.warning(self, "Cannot share this template", as_typed(str(exc)))
            return None

    def choose_share_path(self) -> None:
        activity = self.current()
        if activity is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Share this template",
            str(Path.home() / activity_files.share_file_name(activity)),
            f"Activity templates (*{activity_files.SHARE_SUFFIX})",
        )
        if name and not refused(Path(name), self, "Cannot share this template"):
            self.share_to(Path(name))
