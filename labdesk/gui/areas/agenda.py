"""Agenda editor: items added from the activity library, removed, dragged into order, timed;
computed start and end times; a warning when the day overruns; every change saved, each one an
entry of the workshop's undo history (labdesk.gui.undo)."""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTime
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import activities
from labdesk.core.agenda import fixed_at_risk, hold_fixed, overrun_minutes, schedule
from labdesk.core.model import AgendaItem, ItemKind, Phase, Workshop
from labdesk.core.timer import phase_warning_s
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.operations import Operation
from labdesk.gui.services import Services
from labdesk.gui.style import set_role
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile


def _minutes(n: int) -> str:
    return f"{n} min" if n < 60 else f"{n // 60} h {n % 60:02d} min"


class ItemList(QTreeWidget):
    """The day's items; rows are dragged to reorder them (never dropped inside one another)."""

    def __init__(self, area: AreaWidget) -> None:
        super().__init__()
        self.area = area
        self.setHeaderLabels(["Start", "End", "Item", "Kind", "Length", "Phases"])
        self.setRootIsDecorated(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(False)

    def dropEvent(self, event: QDropEvent) -> None:
        """Work out the new order ourselves and save it as one undoable step; the view is then
        rebuilt from the file (so nothing can end up nested or lost)."""
        moving = self.currentItem()
        if moving is None or event.source() not in (self, None):
            event.ignore()
            return
        ids = [
            self.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(self.topLevelItemCount())
        ]
        src = self.indexOfTopLevelItem(moving)
        point = event.position().toPoint()
        target = self.itemAt(point)
        if target is None:
            dest = len(ids)
        else:
            dest = self.indexOfTopLevelItem(target)
            if point.y() > self.visualItemRect(target).center().y():
                dest += 1
        moved = ids.pop(src)
        ids.insert(dest - 1 if dest > src else dest, moved)
        # Copy, not move: Qt would otherwise delete the dragged row after the drop.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.area.reorder(ids)


PHASE_COLUMNS = [
    "Phase",
    "Min",
    "Rounds",
    "Group",
    "Warn",
    "Auto",
    "Room prompt",
    "Your notes",
]
PHASE_HEADER_TIPS = [
    "What the projector calls this phase",
    "Minutes a round",
    "How many times the phase runs",
    "People a group (blank: no groups)",
    "Minutes before the end at which the room sees “nearly time”",
    "Move on to the next phase by itself at zero",
    "",
    "",
]
WARN, AUTO, PROMPT, NOTES = 4, 5, 6, 7  # the columns read by position


class MultilineDelegate(QStyledItemDelegate):
    """Prompts and notes keep their line breaks ("1. … 2. … 3. …") when edited."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor, index) -> None:  # type: ignore[no-untyped-def]
        editor.setPlainText(str(index.data() or ""))

    def setModelData(self, editor, model, index) -> None:  # type: ignore[no-untyped-def]
        model.setData(index, editor.toPlainText())

    def updateEditorGeometry(self, editor, option, index) -> None:  # type: ignore[no-untyped-def]
        rect = option.rect
        rect.setHeight(max(rect.height(), 90))
        editor.setGeometry(rect)


class AreaWidget(Area):
    topics = Topic.AGENDA | Topic.WORKSHOP | Topic.TEMPLATES

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        # The workshop's one undo history (labdesk.gui.undo): Edit › Undo reaches these too.
        self.history = services.undo
        self.undo_stack = self.history.stack
        self.items: list[AgendaItem] = []
        self.workshop = store_workshop.load(self.doc)
        self.library = activities.load_library(resource("activities"))
        self._loading = False

        # Day times, summary and the overrun warning.
        self.day_start = QTimeEdit()
        self.day_start.setDisplayFormat("HH:mm")
        self.day_end = QTimeEdit()
        self.day_end.setDisplayFormat("HH:mm")
        self.day_start.editingFinished.connect(self._day_times_edited)
        self.day_end.editingFinished.connect(self._day_times_edited)
        self.summary = QLabel()
        self.warning = QLabel()
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("color: #8a1c00; font-weight: bold;")
        self.warning.setWordWrap(True)
        self.hold_note = QLabel()  # "Kept Lunch at 13:00: Session 2 60→53 min", or a refusal
        self.hold_note.setTextFormat(Qt.TextFormat.PlainText)
        self.hold_note.setWordWrap(True)
        self.hold_note.hide()
        times = QHBoxLayout()
        times.addWidget(QLabel("Day starts"))
        times.addWidget(self.day_start)
        times.addWidget(QLabel("and ends"))
        times.addWidget(self.day_end)
        times.addWidget(self.summary, 1)

        # Toolbar.
        self.add_button = QToolButton()
        self.add_button.setText("Add item")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.undo_action, self.redo_action = self.history.undo_action, self.history.redo_action
        self.undo_button, self.redo_button = QToolButton(), QToolButton()
        undo_button, redo_button = self.undo_button, self.redo_button
        undo_button.setText("Undo")
        undo_button.clicked.connect(self.history.undo)
        redo_button.setText("Redo")
        redo_button.clicked.connect(self.history.redo)
        self.undo_action.changed.connect(self._history_changed)
        self.redo_action.changed.connect(self._history_changed)
        self._history_changed()
        self.template_button = QPushButton("Save as my template…")
        self.template_button.clicked.connect(self.save_as_template)
        self.print_button = QToolButton()
        self.print_button.setText("Print…")
        self.print_button.setToolTip("The participants' agenda, or your run sheet with it")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        print_menu = QMenu(self.print_button)
        print_menu.addAction("Participants' agenda…", lambda: self.print_agenda(False))
        print_menu.addAction(
            "Agenda and run sheet (times, phases, prompts, notes, groups)…",
            lambda: self.print_agenda(True),
        )
        self.print_button.setMenu(print_menu)
        self.last_preview: QDialog | None = None
        bar = QHBoxLayout()
        for w in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            undo_button,
            redo_button,
            self.template_button,
            self.print_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)

        # The list and the selected item's details.
        self.list = ItemList(self)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.title = QLineEdit()
        self.kind = QComboBox()
        for kind in ItemKind:
            self.kind.addItem(kind.label, kind.value)
        self.length = QSpinBox()
        self.length.setRange(0, 600)
        self.length.setSuffix(" min")
        self.fixed = QCheckBox("Starts at")
        self.fixed_time = QTimeEdit()
        self.fixed_time.setDisplayFormat("HH:mm")
        fixed_row = QHBoxLayout()
        fixed_row.addWidget(self.fixed)
        fixed_row.addWidget(self.fixed_time)
        fixed_row.addStretch(1)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(90)
        self.phases = QTableWidget(0, len(PHASE_COLUMNS))
        self.phases.setHorizontalHeaderLabels(PHASE_COLUMNS)
        self.phases.horizontalHeader().setStretchLastSection(True)
        self.phases.verticalHeader().setVisible(False)
        self.phases.setItemDelegateForColumn(PROMPT, MultilineDelegate(self.phases))
        self.phases.setItemDelegateForColumn(NOTES, MultilineDelegate(self.phases))
        self.phases.setWordWrap(True)
        for col, tip in enumerate(PHASE_HEADER_TIPS):
            if tip:
                self.phases.horizontalHeaderItem(col).setToolTip(tip)
        # The prompt and notes are long text: edited in the boxes below for the chosen phase,
        # so the table fits its place at 1280×800 with no sideways scrolling.
        self.phases.setColumnHidden(PROMPT, True)
        self.phases.setColumnHidden(NOTES, True)
        self.phases.horizontalHeader().setStretchLastSection(False)
        self.phases.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, AUTO + 1):
            self.phases.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        self.phase_prompt = QPlainTextEdit()
        self.phase_prompt.setAccessibleName("Room prompt of the chosen phase")
        self.phase_prompt.setPlaceholderText("What the room reads during this phase")
        self.phase_notes = QPlainTextEdit()
        self.phase_notes.setAccessibleName("Your notes on the chosen phase")
        self.phase_notes.setPlaceholderText("Only on your console and the run sheet")
        for box in (self.phase_prompt, self.phase_notes):
            box.setMaximumHeight(80)
            box.setTabChangesFocus(True)
            box.installEventFilter(self)
        self.phases.currentCellChanged.connect(lambda *_: self._show_phase_text())
        self.phases_total = QLabel()
        add_phase = QPushButton("Add phase")
        add_phase.clicked.connect(self.add_phase)
        remove_phase = QPushButton("Remove phase")
        remove_phase.clicked.connect(self.remove_phase)
        fit = QPushButton("Length = phases")
        fit.setToolTip("Set the item's length to the total of its phases")
        fit.clicked.connect(self.fit_length)
        phase_bar = QHBoxLayout()
        for w in (add_phase, remove_phase, fit):
            phase_bar.addWidget(w)
        phase_bar.addWidget(self.phases_total, 1)
        self.title.editingFinished.connect(self._details_edited)
        self.kind.activated.connect(lambda _: self._details_edited())
        self.length.editingFinished.connect(self._details_edited)
        self.fixed.toggled.connect(lambda _: self._details_edited())
        self.fixed_time.editingFinished.connect(self._details_edited)
        self.notes.textChanged.connect(self._notes_changed)
        self.notes.installEventFilter(self)
        self.phases.itemChanged.connect(lambda _: self._details_edited())
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.addRow("Title", self.title)
        form.addRow("Kind", self.kind)
        form.addRow("Length", self.length)
        form.addRow("", fixed_row)
        form.addRow("Facilitator notes", self.notes)
        form.addRow(QLabel("Phases (what the projector times)"))
        form.addRow(self.phases)
        form.addRow(phase_bar)
        form.addRow("Room prompt", self.phase_prompt)
        form.addRow("Your notes", self.phase_notes)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setSizes([560, 520])

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Agenda"))
        layout.addLayout(times)
        layout.addWidget(self.warning)
        layout.addWidget(self.hold_note)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        hint = QLabel("Drag items to reorder them. Every change is saved at once; Ctrl+Z undoes.")
        set_role(hint, "hint")
        layout.addWidget(hint)
        self.refresh()

    # -- state ---------------------------------------------------------------------------------
    def _commit(self, text: str, items: list[AgendaItem], workshop: Workshop | None = None) -> bool:
        """One change to the day, fixed items held at their time (the rule of
        store.agenda.replace_holding_fixed): what the change pushes past a fixed start comes out
        of the items before it, or the change is refused with the reason and nothing is saved.
        Saved as one entry of the workshop's undo history: undoing it puts back exactly the rows
        it changed (an item removed comes back with its feedback, actual times and groups;
        labdesk.store.undo)."""
        day = workshop or self.workshop
        held = hold_fixed(day.day_start, self.items, items)
        if not held.ok:
            self.hold_note.setText(f"Not changed: {held.refused}")
            self.hold_note.show()
            self.refresh()  # the boxes show the agenda as it still is
            return False
        self.hold_note.setText(held.message())
        self.hold_note.setVisible(bool(held.message()))
        items, day = copy.deepcopy(held.items), copy.deepcopy(day)

        def write(doc: WorkshopFile) -> None:
            store_agenda.replace_all(doc, items)
            current = store_workshop.load(doc)
            if (current.day_start, current.day_end) != (day.day_start, day.day_end):
                current.day_start, current.day_end = day.day_start, day.day_end
                store_workshop.save(doc, current)

        self.history.do(write, text)
        return True

    def _history_changed(self) -> None:
        """The toolbar's Undo and Redo follow the history's (their names in the tooltips)."""
        for button, act in (
            (self.undo_button, self.undo_action),
            (self.redo_button, self.redo_action),
        ):
            button.setEnabled(act.isEnabled())
            button.setToolTip(act.text().replace("&", ""))

    def selected_index(self) -> int | None:
        entry = self.list.currentItem()
        return None if entry is None else self.list.indexOfTopLevelItem(entry)

    def refresh(self) -> None:
        self._loading = True
        try:
            keep = self.selected_index()
            self.workshop = store_workshop.load(self.doc)
            self.items = store_agenda.load(self.doc)
            with QSignalBlocker(self.day_start), QSignalBlocker(self.day_end):
                self.day_start.setTime(
                    QTime(self.workshop.day_start.hour, self.workshop.day_start.minute)
                )
                self.day_end.setTime(
                    QTime(self.workshop.day_end.hour, self.workshop.day_end.minute)
                )
            slots = schedule(self.workshop.day_start, self.items)
            with QSignalBlocker(self.list):
                self.list.clear()
                for slot in slots:
                    item = slot.item
                    entry = QTreeWidgetItem(
                        [
                            f"{slot.start:%H:%M}",
                            f"{slot.end:%H:%M}",
                            item.title,
                            item.kind.label,
                            _minutes(item.duration_min),
                            str(len(item.phases)) if item.phases else "",
                        ]
                    )
                    entry.setData(0, Qt.ItemDataRole.UserRole, item.id)
                    entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                    if item.fixed_start is not None:
                        entry.setToolTip(0, f"Fixed start at {item.fixed_start:%H:%M}")
                        entry.setText(0, f"{slot.start:%H:%M} ⚑")
                    self.list.addTopLevelItem(entry)
                for col in (0, 1, 3, 4, 5):
                    self.list.resizeColumnToContents(col)
                if self.items:
                    row = min(keep if keep is not None else 0, len(self.items) - 1)
                    self.list.setCurrentItem(self.list.topLevelItem(row))
            if slots:
                self.summary.setText(
                    f"{len(slots)} items, {slots[0].start:%H:%M} to {slots[-1].end:%H:%M}"
                )
            else:
                self.summary.setText("No agenda items yet: add one from the library.")
            over = overrun_minutes(slots, self.workshop.day_end)
            risks = fixed_at_risk(self.workshop.date, self.workshop.day_start, self.items)
            lines = [f"⚑ {r.message()}." for r in risks]
            if over > 0:
                end = self.workshop.day_end
                lines.insert(0, f"⚠ The day overruns its end ({end:%H:%M}) by {_minutes(over)}.")
            self.warning.setVisible(bool(lines))
            self.warning.setText("\n".join(lines))
            self._status = self.summary.text() + (
                f" — overruns by {_minutes(over)}" if over else ""
            )
        finally:
            self._loading = False
        self._show_selected()

    def status_text(self) -> str:
        return self._status

    def _show_selected(self) -> None:
        index = self.selected_index()
        self.details.setEnabled(index is not None)
        for b in (self.remove_button, self.up_button, self.down_button, self.template_button):
            b.setEnabled(index is not None)
        if index is None or index >= len(self.items):
            return
        item = self.items[index]
        self._loading = True
        try:
            self.title.setText(item.title)
            self.kind.setCurrentIndex(self.kind.findData(item.kind.value))
            self.length.setValue(item.duration_min)
            self.fixed.setChecked(item.fixed_start is not None)
            t = item.fixed_start or dt.time(12, 30)
            self.fixed_time.setTime(QTime(t.hour, t.minute))
            self.fixed_time.setEnabled(item.fixed_start is not None)
            if self.notes.toPlainText() != item.notes:
                self.notes.setPlainText(item.notes)
            phase_row = self.phases.currentRow()
            self.phases.setRowCount(len(item.phases))
            for row, phase in enumerate(item.phases):
                values = [
                    phase.name,
                    f"{phase.duration_s / 60:g}",
                    str(phase.rounds),
                    str(phase.group_size or ""),
                    "" if phase.warn_s is None else f"{phase.warn_s / 60:g}",
                    "",
                    phase.prompt,
                    phase.notes,
                ]
                for col, value in enumerate(values):
                    cell = QTableWidgetItem(value)
                    if col == WARN:
                        scaled = phase_warning_s(phase.duration_s)
                        cell.setToolTip(
                            "Minutes before the end at which the room sees “nearly time” "
                            f"(0: never). Blank: {scaled / 60:g} min, scaled to the phase."
                        )
                    if col == AUTO:
                        cell.setFlags(
                            Qt.ItemFlag.ItemIsUserCheckable
                            | Qt.ItemFlag.ItemIsEnabled
                            | Qt.ItemFlag.ItemIsSelectable
                        )
                        cell.setCheckState(
                            Qt.CheckState.Checked if phase.auto_advance else Qt.CheckState.Unchecked
                        )
                        cell.setToolTip("Move on to the next phase by itself at zero")
                    self.phases.setItem(row, col, cell)
            if item.phases:
                self.phases.setCurrentCell(min(max(phase_row, 0), len(item.phases) - 1), 0)
            self._show_phase_text()
            total = sum(p.duration_s * p.rounds for p in item.phases)
            self.phases_total.setText(
                f"Phases add up to {total / 60:g} min"
                if item.phases
                else "No phases: one timer for the whole item"
            )
        finally:
            self._loading = False

    # -- edits ---------------------------------------------------------------------------------
    def _read_phases(self, item: AgendaItem) -> list[Phase] | None:
        phases = []
        for row in range(self.phases.rowCount()):

            def text(col: int, r: int = row) -> str:
                cell = self.phases.item(r, col)
                return cell.text().strip() if cell is not None else ""

            try:
                minutes = float(text(1).replace(",", ".") or 0)
                rounds = int(text(2) or 1)
                group = int(text(3) or 0)
                warn_text = text(WARN).replace(",", ".")
                warn = None if not warn_text else max(0, round(float(warn_text) * 60))
            except ValueError:
                QMessageBox.warning(
                    self,
                    "Phase not changed",
                    f"Row {row + 1}: minutes, rounds, group size and warn at are numbers.",
                )
                return None
            duration = max(0, round(minutes * 60))
            auto = self.phases.item(row, AUTO)
            phases.append(
                Phase(
                    name=text(0) or "Phase",
                    duration_s=duration,
                    prompt=text(PROMPT),
                    rounds=max(1, min(rounds, 50)),
                    group_size=max(0, min(group, 12)),
                    auto_advance=auto is not None and auto.checkState() == Qt.CheckState.Checked,
                    notes=text(NOTES),
                    warn_s=None if warn is None else min(warn, duration),
                )
            )
        return phases

    def _details_edited(self) -> None:
        if self._loading:
            return
        index = self.selected_index()
        if index is None:
            return
        self.fixed_time.setEnabled(self.fixed.isChecked())
        items = copy.deepcopy(self.items)
        item = items[index]
        phases = self._read_phases(item)
        if phases is None:
            self._show_selected()
            return
        t = self.fixed_time.time()
        edited = copy.deepcopy(item)
        edited.title = self.title.text().strip() or item.title
        edited.kind = ItemKind(self.kind.currentData())
        edited.duration_min = self.length.value()
        edited.fixed_start = dt.time(t.hour(), t.minute()) if self.fixed.isChecked() else None
        edited.notes = self.notes.toPlainText()
        edited.phases = phases
        if _same(edited, item):
            return
        items[index] = edited
        self._commit(f"Edit {edited.title}", items)

    def _notes_changed(self) -> None:
        # Notes are saved as one undo step when the focus leaves the box.
        if not self._loading and not self.notes.hasFocus():
            self._details_edited()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            if watched is self.notes:
                self._details_edited()
            elif watched is self.phase_prompt or watched is self.phase_notes:
                self.save_phase_text()
        return False

    def _show_phase_text(self) -> None:
        """The chosen phase's prompt and notes in their boxes (empty and off with no phase)."""
        row = self.phases.currentRow()
        for box, col in ((self.phase_prompt, PROMPT), (self.phase_notes, NOTES)):
            cell = self.phases.item(row, col) if row >= 0 else None
            text = cell.text() if cell is not None else ""
            box.setEnabled(cell is not None)
            if box.toPlainText() != text:
                box.blockSignals(True)
                box.setPlainText(text)
                box.blockSignals(False)

    def save_phase_text(self) -> None:
        """What was typed in the prompt and notes boxes, saved as one step (on leaving a box)."""
        row = self.phases.currentRow()
        if self._loading or row < 0:
            return
        for box, col in ((self.phase_prompt, PROMPT), (self.phase_notes, NOTES)):
            cell = self.phases.item(row, col)
            if cell is not None and cell.text() != box.toPlainText():
                cell.setText(box.toPlainText())  # itemChanged saves it

    def _day_times_edited(self) -> None:
        if self._loading:
            return
        start, end = self.day_start.time(), self.day_end.time()
        workshop = copy.deepcopy(self.workshop)
        workshop.day_start = dt.time(start.hour(), start.minute())
        workshop.day_end = dt.time(end.hour(), end.minute())
        if (workshop.day_start, workshop.day_end) == (
            self.workshop.day_start,
            self.workshop.day_end,
        ):
            return
        self._commit("Change the day's times", copy.deepcopy(self.items), workshop)

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        find = self.add_menu.addAction("Find an activity by purpose…")
        find.triggered.connect(self.find_activity)
        blank = self.add_menu.addAction("Blank session")
        blank.triggered.connect(lambda: self.add_item(AgendaItem("New session", 30)))
        self.add_menu.addSeparator()
        for activity in self.library:
            act = QAction(f"{activity.title}", self.add_menu)
            act.setToolTip(activity.summary)
            act.triggered.connect(lambda _=False, a=activity: self.add_activity(a))
            self.add_menu.addAction(act)
        own = store_agenda.load_templates(self.doc)
        if own:
            self.add_menu.addSection("My templates")
            for activity in own:
                act = QAction(activity.title, self.add_menu)
                act.triggered.connect(lambda _=False, a=activity: self.add_activity(a))
                self.add_menu.addAction(act)

    def find_activity(self) -> None:
        """The library and own templates searched by purpose (labdesk.gui.activity_picker)."""
        from labdesk.gui.activity_picker import ActivityPicker

        picker = ActivityPicker(self.library, self.doc, self)
        if picker.exec() and picker.chosen is not None:
            self.add_activity(picker.chosen)

    def add_activity(self, activity: activities.Activity) -> None:
        if activity.per_team:
            asked: dict[str, int] = {}
            for key, question, default, low, high in (
                ("teams", "How many teams present?", 5, 1, 30),
                ("talk_min", "Minutes each team presents:", 8, 1, 120),
                ("questions_min", "Minutes of questions after each:", 3, 0, 60),
            ):
                value, ok = QInputDialog.getInt(
                    self, activity.title, question, activity.parameters.get(key, default), low, high
                )
                if not ok:
                    return
                asked[key] = value
            self.add_item(activities.to_item(activity, **asked))
        else:
            self.add_item(activities.to_item(activity))

    def add_item(self, item: AgendaItem) -> None:
        index = self.selected_index()
        at = len(self.items) if index is None else index + 1
        items = copy.deepcopy(self.items)
        items.insert(at, item)
        self._commit(f"Add {item.title}", items)
        self.list.setCurrentItem(self.list.topLevelItem(at))

    def remove_selected(self) -> None:
        index = self.selected_index()
        if index is None:
            return
        items = copy.deepcopy(self.items)
        removed = items.pop(index)
        self._commit(f"Remove {removed.title}", items)

    def move_selected(self, step: int) -> None:
        index = self.selected_index()
        if index is None or not 0 <= index + step < len(self.items):
            return
        items = copy.deepcopy(self.items)
        items.insert(index + step, items.pop(index))
        self._commit("Reorder the agenda", items)
        self.list.setCurrentItem(self.list.topLevelItem(index + step))

    def reorder(self, ids: list[int]) -> None:
        by_id = {item.id: item for item in copy.deepcopy(self.items)}
        items = [by_id[i] for i in ids if i in by_id]
        if len(items) == len(self.items):
            self._commit("Reorder the agenda", items)
        else:
            self.refresh()

    def add_phase(self) -> None:
        index = self.selected_index()
        if index is None:
            return
        items = copy.deepcopy(self.items)
        items[index].phases.append(Phase("New phase", 300, ""))
        self._commit("Add a phase", items)

    def remove_phase(self) -> None:
        index = self.selected_index()
        row = self.phases.currentRow()
        if index is None or row < 0:
            return
        items = copy.deepcopy(self.items)
        del items[index].phases[row]
        self._commit("Remove a phase", items)

    def fit_length(self) -> None:
        index = self.selected_index()
        if index is None or not self.items[index].phases:
            return
        items = copy.deepcopy(self.items)
        item = items[index]
        total = sum(p.duration_s * p.rounds for p in item.phases)
        item.duration_min = -(-total // 60)
        self._commit("Fit the length to the phases", items)

    def print_agenda(self, run_sheet: bool) -> Operation[object]:
        """Lay out the agenda (labdesk.printing.agenda) on a worker, then the print preview
        with Print… and Save as PDF… (labdesk.gui.printing); the projector's timer carries on."""
        from labdesk.gui.printing import print_agenda

        return print_agenda(  # type: ignore[return-value]
            self.session,
            self,
            run_sheet=run_sheet,
            disabling=[self.print_button],
            caption="Agenda and run sheet" if run_sheet else "Participants' agenda",
        )

    def save_as_template(self) -> None:
        index = self.selected_index()
        if index is None:
            return
        item = self.items[index]
        title, ok = QInputDialog.getText(
            self, "Save as my template", "Template name:", text=f"{item.title} (mine)"
        )
        if not ok or not title.strip():
            return
        template = activities.from_item(item, "own-" + activities.slug(title), title.strip())
        store_agenda.save_template(self.doc, template)


def _same(a: AgendaItem, b: AgendaItem) -> bool:
    strip = [Phase(**{**vars(p), "id": None}) for p in a.phases]
    strip_b = [Phase(**{**vars(p), "id": None}) for p in b.phases]
    return (a.title, a.kind, a.duration_min, a.fixed_start, a.notes, strip) == (
        b.title,
        b.kind,
        b.duration_min,
        b.fixed_start,
        b.notes,
        strip_b,
    )
