"""What every area of the main window shares: the open session and refreshing on change."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from labdesk.gui.models.table import SORT_ROLE, RowsModel
from labdesk.gui.session import WorkshopSession


class Area(QWidget):
    """An area refreshes itself when a change in one of its `topics` is committed (or any change
    made outside this process). Subclasses implement refresh()."""

    topics: frozenset[str] = frozenset()

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.changed.connect(self._on_changed)

    @property
    def doc(self):  # type: ignore[no-untyped-def]
        return self.session.doc

    def _on_changed(self, topic: str) -> None:
        if topic == "outside" or topic in self.topics or not self.topics:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def status_text(self) -> str:
        """A short line for the status bar while this area is showing."""
        return ""


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def sortable_table(model: RowsModel, parent: QWidget | None = None) -> tuple[QTableView, QSortFilterProxyModel]:
    """A table view over model, sortable by clicking headers, filterable through the proxy."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
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
