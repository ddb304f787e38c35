"""Tables over the areas' row models: sortable by a header click, filtered ignoring case and
accents. Apart from labdesk.gui.areas.base, so that the console (which has no table) starts
without them."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from labdesk.core.model import fold
from labdesk.gui.models.table import FILTER_ROLE, SORT_ROLE, RowsModel


class FoldingFilterProxy(QSortFilterProxyModel):
    """Filters rows on every column, ignoring case and accents: "sian" finds "Siân". The model
    gives each row's folded text (FILTER_ROLE) and Qt matches it: with no filter set, Qt asks
    Python nothing per row (a list of 10,000 is shown again without 10,000 calls)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # both sides folded

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString(fold(text.strip()))


def sortable_table(
    model: RowsModel, parent: QWidget | None = None, *, filtering: bool = True
) -> tuple[QTableView, FoldingFilterProxy]:
    """A table view over model, sortable by clicking headers, filterable through the proxy
    (unless not filtering: then a plain proxy, which asks Python nothing per row, for lists of
    thousands)."""
    proxy = FoldingFilterProxy(parent) if filtering else QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    # Keep the model's own order until the user clicks a header.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view, proxy
