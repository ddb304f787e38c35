"""Help › How a day goes: the one-page guide in resources/guide/, shown inside the app (no browser,
no network)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from labdesk.paths import resource

GUIDE = ("guide", "how-a-day-goes.html")


class GuideWindow(QDialog):
    """The guide beside the app: it stays open while you follow it in the demo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle("How a day goes")
        self.setModal(False)
        self.resize(720, 760)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide-text")
        self.browser.setOpenLinks(False)  # links only ever jump within the page
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSource(QUrl.fromLocalFile(str(resource(*GUIDE))))
        self.browser.document().setDocumentMargin(18)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def _follow(self, url: QUrl) -> None:
        if url.fragment():
            self.browser.scrollToAnchor(url.fragment())


def show_guide(parent: QWidget) -> GuideWindow:
    """Show the guide, raising the one already open rather than opening a second."""
    guide = parent.findChild(GuideWindow, "guide")
    if guide is None:
        guide = GuideWindow(parent)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
