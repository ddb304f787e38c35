"""QApplication bootstrap for `labdesk [FILE]` and `labdesk --demo`."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Called with the QApplication as soon as it exists: benchmarks/bench_startup.py watches the
# window from there, on the command's own path.
started_hooks: list[Callable[[Any], None]] = []


def run(
    file: str | None = None,
    demo: bool = False,
    argv: list[str] | None = None,
    smoke_test: bool = False,
) -> int:
    import gc

    gc.disable()  # until the window is painted (labdesk.gui.startup)
    from labdesk.display import missing_screen

    no_screen = missing_screen()
    if no_screen:  # Qt would abort the process, blaming a library that is installed
        print(no_screen, file=sys.stderr)
        return 2
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from labdesk.gui import startup

    startup.plain_import()
    from labdesk import APP_NAME, __version__
    from labdesk.gui import errors

    errors.hold_log()
    app = QApplication.instance()
    styled = False
    if app is None:
        # Fusion from the start (one look on every system): setting it afterwards costs more.
        args = [*(argv if argv is not None else [sys.argv[0]]), "-style", "Fusion"]
        styled = True
        if sys.platform == "darwin":  # where a double-clicked file arrives as an event
            from labdesk.gui.application import LabdeskApplication

            app = LabdeskApplication(args)
        else:
            app = QApplication(args)
    assert isinstance(app, QApplication)
    for hook in started_hooks:
        hook(app)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("labdesk")
    app.setDesktopFileName("labdesk")  # Wayland and the taskbar match it to labdesk.desktop
    errors.install_excepthook()

    from labdesk.gui.main_window import MainWindow

    if not styled:
        from labdesk.gui.style import apply_app_style

        apply_app_style(app)
    window = MainWindow(start_page=not (demo or file), staged_start=True)
    open_requested = getattr(app, "open_requested", None)
    if open_requested is not None:
        open_requested.connect(lambda path: window.open_path(Path(path)))
    # The workshop opens before the window shows, so that its first paint is the first screen
    # laid out (shown first, it would be painted twice). A file that cannot open shows the
    # window behind its message.
    if demo:
        window.open_new_demo()
    elif file:
        window.open_path(Path(file))
    if window.session is None and (demo or file):
        window.show_start()  # it did not open: the start page, behind the message
    window.show()
    startup.after_first_paint(window, lambda: startup.settle(window))
    opened: list[bool] = []
    if smoke_test:

        def check_and_quit() -> None:
            opened.append(window.session is not None)
            print(f"ready {time.time():.6f}", flush=True)  # read by benchmarks/bench_startup.py
            app.quit()

        QTimer.singleShot(0, check_and_quit)
    code = app.exec()
    window.finish_start()  # quit before the first paint: what waited for it is still done
    errors.setup_logging()  # if the app quit before its window was up, what it logged is kept
    if smoke_test and (demo or file) and not all(opened):
        return 1  # asked to open a workshop and none opened
    logging.getLogger("labdesk").info("exit %s", code)
    return int(code)
