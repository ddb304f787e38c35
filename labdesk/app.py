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
    from labdesk.display import missing_screen

    no_screen = missing_screen()
    if no_screen:  # Qt would abort the process, blaming a library that is installed
        print(no_screen, file=sys.stderr)
        return 2
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from labdesk import APP_NAME, __version__
    from labdesk.gui import errors

    app = QApplication.instance()
    if app is None:
        args = argv if argv is not None else [sys.argv[0]]
        if sys.platform == "darwin":  # where a double-clicked file arrives as an event
            from labdesk.gui.application import LabdeskApplication

            app = LabdeskApplication(args)
        else:
            app = QApplication(args)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("labdesk")
    app.setDesktopFileName("labdesk")  # Wayland and the taskbar match it to labdesk.desktop
    errors.install_excepthook()

    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.style import apply_app_style

    apply_app_style(app)
    window = MainWindow()
    window.show()
    open_requested = getattr(app, "open_requested", None)
    if open_requested is not None:
        open_requested.connect(lambda path: window.open_path(Path(path)))
    # Once the window is on screen (logging.handlers is slow to import); until then a warning
    # still reaches standard error.
    QTimer.singleShot(0, errors.setup_logging)
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
