"""A read-only table model over a list of rows, described by columns; sorts by real values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from labdesk.core.model import fold
from labdesk.gui.plaintext import as_typed

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
# Every column's text, folded (no case, no accents), for the filter (labdesk.gui.tables.FoldingFilterProxy).
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex
# Plain ints: a view asks data() for a dozen roles a cell on every repaint, and comparing with
# Qt's enum members costs more than the rest of data() put together.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SORT = int(SORT_ROLE)
_ROW = int(ROW_ROLE)
_FILTER = int(FILTER_ROLE)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[Row], str] | None = None
    # A tick box in the cell: whether it is ticked (None: no box in this row), and what ticking
    # or unticking it does.
    checked: Callable[[Row], bool | None] | None = None
    on_check: Callable[[Row, bool], None] | None = None


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows shown through Columns. Sort with a QSortFilterProxyModel on SORT_ROLE."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in (_DISPLAY, _SORT, _ROW, _ALIGN, _TOOLTIP, _CHECK, _FILTER):
            return None
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == _FILTER:
            return "\n".join(fold(c.text(row)) for c in self.columns)
        column = self.columns[index.column()]
        if role == _CHECK:
            ticked = None if column.checked is None else column.checked(row)
            if ticked is None:
                return None
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == _DISPLAY:
            return column.text(row)
        if role == _SORT:
            key = column.sort_key(row) if column.sort_key else column.text(row)
            return key.casefold() if isinstance(key, str) else key
        if role == _ROW:
            return row
        if role == _ALIGN:
            return _RIGHT if column.align_right else None
        if column.tooltip:
            text = column.tooltip(row)  # Qt reads a tooltip that looks like markup as markup
            return as_typed(text) if text else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        # The column first: a view asks every cell's flags on each repaint.
        if self.columns[index.column()].on_check and self.data(index, _CHECK) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = _DISPLAY) -> bool:
        if int(role) != _CHECK or not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.on_check is None:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        column.on_check(self.rows[index.row()], ticked)
        self.dataChanged.emit(index, index)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None
