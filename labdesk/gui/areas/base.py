"""What every area of the main window shares: the open workshop's services, and refreshing when
what it shows changes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

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
        # Whether the main window shows this area now (an area on its own, as tests make it,
        # is on screen). One behind another refreshes when it shows again, not at each change:
        # 100,000 people listed again in a hidden Attendees area after every scan at the desk
        # held the GUI thread 30-80 ms a scan.
        self.on_screen = True
        self._stale = False
        self.session.changed.connect(self._on_changed)

    @property
    def doc(self) -> WorkshopFile:
        return self.session.doc

    def _on_changed(self, topic: Topic) -> None:
        if topic & self.topics:
            if self.on_screen:
                self.refresh()
            else:
                self._stale = True

    def set_on_screen(self, on: bool) -> None:
        """The main window shows this area (on) or another (not); a change missed meanwhile is
        shown now. (Areas that follow changes their own way, incrementally or because the room
        sees them, override _on_changed and stay live.)"""
        self.on_screen = on
        if on and self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def after_merge(self) -> None:
        """Another site's file was merged into this one (File › Merge Another Site…): records
        merged before may have changed (redacted, moderated there) with their times left as
        they were. An area that reads everything it shows at each change has heard already."""

    def status_text(self) -> str:
        """A short line for the status bar while this area is showing."""
        return ""


def heading(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "heading")
    return label
