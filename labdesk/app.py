"""QApplication bootstrap for `labdesk [FILE]` and `labdesk --demo`."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path


def run(
    file: str | None = None,
    demo: bool = False,
    argv: list[str] | None = None,
    smoke_test: bool = False,
) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from labdesk import APP_NAME, __version__
    from labdesk.gui import errors

    app = QApplication.instance() or QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("labdesk")
    errors.install_excepthook()

    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.style import apply_app_style

    apply_app_style(app)
    window = MainWindow()
    window.show()
    errors.setup_logging()
    if demo:
        window.open_new_demo()
    elif file:
        window.open_path(Path(file))
    opened: list[bool] = []
    if smoke_test:

        def check_and_quit() -> None:
            opened.append(window.session is not None)
            print(f"ready {time.time():.6f}", flush=True)  # read by benchmarks/bench_startup.py
            app.quit()

        QTimer.singleShot(0, check_and_quit)
    code = app.exec()
    if smoke_test and (demo or file) and not all(opened):
        return 1  # asked to open a workshop and none opened
    logging.getLogger("labdesk").info("exit %s", code)
    return int(code)
