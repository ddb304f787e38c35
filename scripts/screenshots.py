"""Take the README's screenshots from the real app on the demo workshop (offscreen).

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LABDESK_DATA_DIR", tempfile.mkdtemp(prefix="labdesk-shots-"))


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setOrganizationName("labdesk-screenshots")
    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.style import apply_app_style

    apply_app_style(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.open_new_demo()
    window.show_area("run")
    services = window.services
    assert services is not None
    day = services.day
    steps = day.timer.steps
    troika = next(i for i, s in enumerate(steps) if "Client shares" in s.name)
    day.go_to(troika + 4)  # round 2 of Troika Consulting
    day.start()
    for _ in range(5):
        app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / "main-window.png"))
    projector = services.projector
    projector.resize(1920, 1080)
    projector.canvas.resize(1920, 1080)
    projector.canvas.grab().save(str(out / "projector.png"))
    window.show_area("checkin")
    app.processEvents()
    window.grab().save(str(out / "check-in.png"))
    window.close()  # the services stop in their order


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
