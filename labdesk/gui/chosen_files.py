"""Files a person chooses in a dialog (to read or to write): never the open workshop file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from labdesk.gui.plaintext import as_typed
from labdesk.store import links


def refused(path: Path, parent: QWidget | None, title: str) -> bool:
    """True, after saying so, when path is a workshop file open here, one of its journals or a
    link to them: reading it would drop this process's locks on it, and replacing it would cut
    labdesk off its own file (labdesk.store.links). Call it before opening the file at all."""
    workshop = links.open_part(path)
    if workshop is None:
        return False
    QMessageBox.warning(
        parent,
        title,
        as_typed(
            f"{path.name} is the workshop file open in labdesk ({workshop.name}), or part of "
            "it. Choose another file."
        ),
    )
    return True
