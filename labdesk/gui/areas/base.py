"""What every area of the main window shares: the open workshop's services, and refreshing when
what it shows changes."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from labdesk.core.model import fold
from labdesk.gui.models.table import FILTER_ROLE, SORT_ROLE, RowsModel
from labdesk.gui.services import Services
from labdesk.gui.style import set_role
from labdesk.store.changes import NOTHING, Topic
from labdesk.store.document import WorkshopFile


class Area(QWidget):
    """A view over the services (labdesk.gui.services): it displays them and dispatches to them,
    and owns nothing that must outlive it. It refreshes itself when a change in one of its
    `topics` is committed, by this process or another (labdesk.store.changes). Subclasses
    implement refresh()."""

    topics: Topic = NOTHING
    # Every key typed here is typing (the check-in desk sends each to its scan field): the
    # presenter keys leave them alone even while presenting.
    takes_every_key = False

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.session = services.session
        self.session.changed.connect(self._on_changed)

    @property
    def doc(self) -> WorkshopFile:
        return self.session.doc

    def _on_changed(self, topic: Topic) -> None:
        if topic & self.topics:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def status_text(self) -> str:
        """A short line for the status bar while this area is showing."""
        return ""


def heading(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "heading")
    return label


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
