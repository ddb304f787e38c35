"""Tables that fit their width: long text columns share what is left and elide (the whole text
is in the tooltip), short columns are as wide as their contents, so nothing hides behind a
sideways scrollbar on a 1280×800 laptop."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QHeaderView, QTableView

_MODE = QHeaderView.ResizeMode


def fit_columns(
    view: QTableView,
    *,
    stretch: Iterable[int],
    fixed: Mapping[int, int] | None = None,
) -> None:
    """Stretch columns share the free width; fixed ones keep their width (the user can still
    drag them); every other column fits its contents."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(48)
    shared = set(stretch)
    widths = dict(fixed or {})
    for column in range(header.count()):
        if column in shared:
            header.setSectionResizeMode(column, _MODE.Stretch)
        elif column in widths:
            header.setSectionResizeMode(column, _MODE.Interactive)
            view.setColumnWidth(column, widths[column])
        else:
            header.setSectionResizeMode(column, _MODE.ResizeToContents)
