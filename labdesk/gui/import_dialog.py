"""Import attendees: a preview of every row, the sheet and column mapping to correct (each column
saying why it means what it means), problems row by row."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import importing
from labdesk.core.importing import Action, Field, ImportPlan, RowPlan
from labdesk.gui.models.table import Column, RowsModel
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.tables import sortable_table
from labdesk.store import WorkshopFileError, erasure, links
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store import undo as store_undo
from labdesk.store.document import WorkshopFile
from labdesk.store.undo import Written

if TYPE_CHECKING:
    from labdesk.gui.session import WorkshopSession
    from labdesk.gui.undo import UndoHistory

log = logging.getLogger("labdesk.gui")
T = TypeVar("T")
FILE_FILTER = "Attendee lists (*.csv *.tsv *.txt *.xlsx);;All files (*)"

_ACTION_WORDS = {Action.ADD: "New", Action.UPDATE: "Merge", Action.SKIP: "Left out"}


def _action_text(r: RowPlan) -> str:
    if r.cancelled:
        return "Cancelled"
    if r.erased:
        return "Left out (erased)"
    if r.waitlisted:
        return "Waiting list"
    if r.heading:
        return "Heading"
    return _ACTION_WORDS[r.action]


PREVIEW_COLUMNS: list[Column[RowPlan]] = [
    Column("Row", lambda r: str(r.row), lambda r: r.row, align_right=True),
    Column("What happens", _action_text),
    Column("Name", lambda r: r.attendee.name if r.attendee else ""),
    Column("Email", lambda r: r.attendee.email if r.attendee else ""),
    Column("Organisation", lambda r: r.attendee.organisation if r.attendee else ""),
    Column(
        "Problems",
        lambda r: "; ".join(([r.reason] if r.reason else []) + r.problems),
        tooltip=lambda r: "\n".join(([r.reason] if r.reason else []) + r.problems),
    ),
]


class ImportDialog(QDialog):
    """Pick a file, check the preview and mapping, import. `plan` is what Import will write.

    Reading the file, planning the import (against everyone already in the workshop) and
    applying it each run on a worker (labdesk.gui.operations): 10,000 rows take seconds, and
    the countdown carries on meanwhile. `busy` says whether one is under way."""

    def __init__(
        self,
        session: WorkshopSession,
        parent: QWidget | None = None,
        path: Path | None = None,
        history: UndoHistory | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        # The workshop's undo history: an import is one entry (undone, exactly the people it
        # added go and the people it merged into are as they were).
        self.history = history
        self.pending: Operation[Any] | None = None
        self._generation = 0  # only the newest reading or plan is shown
        self.setWindowTitle("Import attendees")
        self.resize(1000, 680)
        self.book: importing.Book | None = None
        self.table: importing.Table | None = None
        self.plan: ImportPlan | None = None
        self.source_name = ""
        self.path_name = ""
        self.choose = QPushButton("Choose a file…")
        self.choose.clicked.connect(self.choose_file)
        self.about = QLabel(
            "Choose a CSV, TSV or Excel (.xlsx) export from Eventbrite, pretix, "
            "Google Forms or your own spreadsheet."
        )
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.sheet = QComboBox()
        self.sheet.setToolTip("The sheet of the workbook to import")
        self.sheet.setVisible(False)
        self.sheet.currentIndexChanged.connect(lambda _i: self.choose_sheet())
        self.header_row = QSpinBox()
        self.header_row.setPrefix("Column names on row ")
        self.header_row.setMinimum(1)
        self.header_row.valueChanged.connect(lambda _v: self.replan(keep_mapping=False))
        self.mapping = QTableWidget(0, 4)
        self.mapping.setHorizontalHeaderLabels(["Column in the file", "Example", "Means", "Why"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setVisible(False)
        self.preview: RowsModel[RowPlan] = RowsModel(PREVIEW_COLUMNS, self)
        self.preview_view, _ = sortable_table(self.preview, self)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.notes = QLabel("")
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.choose)
        top.addWidget(self.about, 1)
        top.addWidget(self.sheet)
        top.addWidget(self.header_row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.mapping)
        split.addWidget(self.preview_view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.outcome: store_attendees.ImportOutcome | None = None
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import attendees", "", FILE_FILTER)
        if name:
            self.load(Path(name))

    @property
    def busy(self) -> bool:
        """A reading, a plan or the import itself is under way."""
        return self.pending is not None and not self.pending.finished

    def _start(
        self,
        label: str,
        op: Callable[[WorkshopFile], T],
        then: Callable[[T], object],
        failed: Callable[[Exception], object],
        *,
        with_file: bool = True,
    ) -> None:
        """Run op on a worker; then(result) or failed(error) back here, if nothing newer was
        started meanwhile."""
        self._generation += 1
        mine = self._generation
        self.import_button.setEnabled(False)

        def done(result: T) -> None:
            if mine == self._generation:
                then(result)

        def refused(exc: Exception) -> None:
            if mine == self._generation:
                failed(exc)

        operation = Operation(self.session, label, op, success=done, parent=self, purpose="import")
        operation.failure(refused)
        if not with_file:
            operation.without_file()
        self.pending = operation.run()

    def load(self, path: Path) -> bool:
        """Read path (on a worker) and show its preview; False if it is refused at once."""
        if links.open_part(path) is not None:  # never read the live file (its locks would go)
            self._fail(f"{path.name} is the open workshop file, not an attendee list.")
            return False

        def read(_doc: WorkshopFile) -> tuple[importing.Book, importing.Table]:
            book = importing.read_book(path.read_bytes(), path.name)
            return book, importing.pick_sheet(book)

        def unreadable(exc: Exception) -> None:
            if isinstance(exc, OSError):
                self._fail(f"{path.name} cannot be read: {exc.strerror or exc}")
            elif isinstance(exc, importing.ImportError_):
                self._fail(f"{path.name}: {exc}")
            else:
                log.error("reading %s failed", path.name, exc_info=exc)
                self._fail(f"{path.name} could not be read: {exc}")

        self.summary.setText(f"Reading {path.name}…")
        self._start(
            f"Reading {path.name}…",
            read,
            lambda read_: self._loaded(path, *read_),
            unreadable,
            with_file=False,
        )
        return True

    def _loaded(self, path: Path, book: importing.Book, table: importing.Table) -> None:
        self.book, self.table = book, table
        self.path_name = path.name
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for name in self.table.sheets:
            self.sheet.addItem(f"Sheet: {name}", name)
        self.sheet.setCurrentIndex(
            max(0, self.table.sheets.index(self.table.sheet)) if self.table.sheets else 0
        )
        self.sheet.setVisible(len(self.table.sheets) > 1)
        self.sheet.blockSignals(False)
        self._show_table()

    def choose_sheet(self, name: str | None = None) -> None:
        """Import another sheet of the workbook (as a user would with the sheet drop-down)."""
        if self.book is None:
            return
        if name is not None:
            self.sheet.setCurrentIndex(self.sheet.findData(name))  # calls back here
            return
        try:
            self.table = importing.pick_sheet(self.book, self.sheet.currentData())
        except importing.ImportError_ as exc:
            self._fail(f"{self.path_name}: {exc}")
            return
        self._show_table()

    def _show_table(self) -> None:
        assert self.table is not None
        self.source_name = importing.source_label(self.table, self.path_name)
        self.about.setText(f"{self.path_name}: {self.table.describe()}")
        try:
            header = importing.find_header(self.table.rows)
        except importing.ImportError_ as exc:
            header = 0
            self.notes.setText(str(exc))
        self.header_row.blockSignals(True)
        self.header_row.setMaximum(max(1, min(len(self.table.rows), importing.HEADER_SEARCH_ROWS)))
        self.header_row.setValue(header + 1)
        self.header_row.blockSignals(False)
        self.replan(keep_mapping=False)

    def _fail(self, message: str) -> None:
        self.table, self.plan = None, None
        self.import_button.setText("Import")
        self.preview.set_rows([])
        self.mapping.setRowCount(0)
        self.summary.setText(message)
        self.import_button.setEnabled(False)

    def _why_text(self, column: importing.Column) -> str:
        """A column's reason, without the tool's name the notes already give."""
        tool = self.plan.tool if self.plan is not None else None
        if tool is not None:
            return column.why.removeprefix(f"{tool.name}: ")
        return column.why

    def _fill_mapping(self, columns: list[importing.Column]) -> None:
        assert self.table is not None
        self.mapping.blockSignals(True)
        for i in range(self.mapping.rowCount()):
            self.mapping.removeCellWidget(i, 2)
        self.mapping.setRowCount(0)
        self.mapping.setRowCount(len(columns))
        body = self.table.rows[self.header_row.value() :]
        for column in columns:
            i = column.index
            example = next((r[i] for r in body if i < len(r) and r[i].strip()), "")
            self.mapping.setItem(i, 0, QTableWidgetItem(column.label()))
            self.mapping.setItem(i, 1, QTableWidgetItem(example.replace("\n", " ⏎ ")[:60]))
            self.mapping.setItem(i, 3, QTableWidgetItem(self._why_text(column)))
            for col in (0, 1, 3):
                item = self.mapping.item(i, col)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.item(i, 3).setToolTip(column.why)
            combo = QComboBox()
            for f in Field:
                combo.addItem("(not imported)" if f is Field.IGNORE else f.value.capitalize(), f)
            combo.setCurrentIndex(list(Field).index(column.field))
            combo.currentIndexChanged.connect(lambda _i: self.replan(keep_mapping=True))
            self.mapping.setCellWidget(i, 2, combo)
        self.mapping.resizeColumnsToContents()
        self.mapping.setColumnWidth(3, max(self.mapping.columnWidth(3), 200))
        self.mapping.blockSignals(False)

    def _show_why(self, columns: list[importing.Column]) -> None:
        for column in columns:
            item = self.mapping.item(column.index, 3)
            if item is not None:
                item.setText(self._why_text(column))
                item.setToolTip(column.why)

    def why(self, column: int) -> str:
        """What the dialog says about why a column means what it does."""
        item = self.mapping.item(column, 3)
        return item.text() if item is not None else ""

    def current_mapping(self) -> list[Field]:
        fields = []
        for i in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(i, 2)
            fields.append(
                Field(combo.currentData()) if isinstance(combo, QComboBox) else Field.IGNORE
            )
        return fields

    def set_field(self, column: int, wanted: Field) -> None:
        """Change what one column means (as a user would with its drop-down)."""
        combo = self.mapping.cellWidget(column, 2)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(list(Field).index(wanted))

    def replan(self, *, keep_mapping: bool) -> None:
        """Plan the import against everyone already in the workshop (on a worker)."""
        table = self.table
        if table is None:
            return
        header = self.header_row.value() - 1
        mapping = self.current_mapping() if keep_mapping else None
        source = self.source_name

        def plan(doc: WorkshopFile) -> ImportPlan:
            return importing.plan_import(
                table,
                source,
                store_attendees.load_all(doc),
                mapping=mapping,
                header_row=header,
                checked_in=set(store_checkins.checked_in_at(doc)),
                erased=erasure.erased_list(doc),
            )

        def unplanned(exc: Exception) -> None:
            self.plan = None
            if not isinstance(exc, importing.ImportError_):
                log.error("planning the import failed", exc_info=exc)
            if not keep_mapping and 0 <= header < len(table.rows):
                headers = [importing.tidy(h) for h in table.rows[header]]
                self._fill_mapping(importing.choose_columns(headers, table.rows[header + 1 :]))
            self.preview.set_rows([])
            self.summary.setText(str(exc))
            self.import_button.setEnabled(False)

        self._start(
            "Planning the import…",
            plan,
            lambda planned: self._planned(planned, keep_mapping=keep_mapping),
            unplanned,
        )

    def _planned(self, plan: ImportPlan, *, keep_mapping: bool) -> None:
        self.plan = plan
        if keep_mapping:
            self._show_why(self.plan.columns)
        else:
            self._fill_mapping(self.plan.columns)
        self.preview.set_rows(self.plan.rows)
        self.preview_view.resizeColumnsToContents()
        problems = len(self.plan.problems)
        self.summary.setText(
            f"{self.plan.summary()}. {problems} problem(s) to look at (see the Problems column)."
        )
        self.notes.setText("\n".join(self.plan.notes))
        changes = len(self.plan.added) + len(self.plan.updated)
        self.import_button.setEnabled(bool(self.plan.rows))
        self.import_button.setText(f"Import {changes} people" if changes else "Import")

    def do_import(self) -> None:
        """Write the plan (on a worker, in one transaction), then close."""
        plan = self.plan
        if plan is None or self.busy:
            return

        history, name = self.history, self.path_name

        def imported(result: tuple[store_attendees.ImportOutcome, Written]) -> None:
            outcome, written = result
            self.outcome = outcome
            if history is not None:
                merged = f", {outcome.updated} merged" if outcome.updated else ""
                history.push(f"import of {outcome.added} people{merged} from {name}", written)
            self.accept()

        def failed(exc: Exception) -> None:
            if not isinstance(exc, WorkshopFileError):
                log.error("importing failed", exc_info=exc)
            self.import_button.setEnabled(True)
            QMessageBox.warning(self, "Import failed", as_typed(f"Nothing was imported. {exc}"))

        changes = len(plan.added) + len(plan.updated)
        self.summary.setText(f"Importing {changes} people…")
        self._start(
            f"Importing {changes} people…",
            lambda doc: store_undo.record(doc, lambda d: store_attendees.apply_import(d, plan)),
            imported,
            failed,
        )
