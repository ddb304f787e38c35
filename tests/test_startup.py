"""The app's start (labdesk.gui.startup): the log is set up after the window is up and keeps
what was logged before; PySide6's import hook is put back; garbage collection resumes once the
window is painted; the clicker keys work from the first moment."""

from __future__ import annotations

import builtins
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from labdesk.gui import errors, startup
from labdesk.store.demo import create_demo


@pytest.fixture
def fresh_log():
    root = logging.getLogger("labdesk")
    before = list(root.handlers)
    for h in before:
        root.removeHandler(h)
    yield root
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    for h in before:
        root.addHandler(h)


def test_what_is_logged_before_the_log_is_set_up_is_written_first(fresh_log, _isolated_data_dir):
    errors.hold_log()
    logging.getLogger("labdesk.gui").info("opened day.labdesk")
    logging.getLogger("labdesk.gui").warning("the projector is on the laptop's screen")
    errors.setup_logging()
    logging.getLogger("labdesk.gui").info("started the day")
    errors.setup_logging()  # again (the app's exit): nothing twice
    for h in fresh_log.handlers:
        h.flush()
    lines = (_isolated_data_dir / "logs" / "labdesk.log").read_text(encoding="utf-8").splitlines()
    said = [line.split(": ", 1)[1] for line in lines]
    assert said == [
        "opened day.labdesk",
        "the projector is on the laptop's screen",
        "started the day",
    ]
    assert not [h for h in fresh_log.handlers if isinstance(h, errors._Held)]


def test_pyside_import_hook_is_put_back_and_imports_still_work() -> None:
    import PySide6.QtWidgets  # noqa: F401 (installs the hook)

    hooked = builtins.__import__
    try:
        startup.plain_import()
        assert getattr(builtins.__import__, "__name__", "") != "__feature_import__"
        startup.plain_import()  # twice: still the plain one
        assert getattr(builtins.__import__, "__name__", "") != "__feature_import__"
        namespace: dict[str, object] = {}
        exec("from PySide6.QtWidgets import *", namespace)
        assert "QMainWindow" in namespace and "QWizard" in namespace
        exec("import labdesk.core.timer as t", namespace)
        assert namespace["t"].__name__ == "labdesk.core.timer"  # type: ignore[attr-defined]
    finally:
        builtins.__import__ = hooked


CHILD = r"""
import builtins, gc, json, sys
from pathlib import Path
import labdesk.app
from labdesk.cli import main

def watch(app):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look():
        from labdesk.gui import background
        from labdesk.gui.main_window import MainWindow

        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        log = Path(sys.argv[2]) / "logs" / "labdesk.log"
        if not log.exists() and look.tries < 100:  # set up a moment after the first paint
            look.tries += 1
            QTimer.singleShot(100, look)
            return
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from labdesk.gui.start_page import recent_files

        window.activateWindow()
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Space)  # the clicker, on the console
        history = window.services.undo
        print(json.dumps({
            "undo in the Edit menu": window.edit_menu.actions()[:2]
            == [history.undo_action, history.redo_action],
            "undo enabled": window.edit_menu.actions()[0].isEnabled(),
            "file menu": [a.text() for a in window.file_menu.actions()[:3]],
            "close enabled": window.act_close.isEnabled(),
            "area keys": [a.shortcut().toString() for a in window.area_actions][:2],
            "recent": str(Path(sys.argv[1]).resolve()) in recent_files(),
            "running": window.services.day.timer.state.status.value,
            "area": window.current_area().objectName(),
            "collecting": background._collector is not None,
            "plain_import": builtins.__import__.__name__ != "__feature_import__",
            "log": log.exists(),
        }), flush=True)
        app.quit()

    look.tries = 0
    QTimer.singleShot(1500, look)  # well after the first paint

labdesk.app.started_hooks.append(watch)
sys.exit(main([sys.argv[1]]))
"""


def test_the_app_settles_after_its_first_paint(tmp_path: Path) -> None:
    """A real start on a workshop: the console shows and takes the clicker's keys (the window
    was made after the workshop opened), garbage is collected on the GUI thread, the plain
    import is back, the log file is there, and what waited for the first paint is done: the
    menus are made (the workshop's actions on), the Edit menu has the workshop's Undo and
    Redo, and the file is in the recent list."""
    day = tmp_path / "day.labdesk"
    create_demo(day).close(take_backup=False)
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LABDESK_DATA_DIR=str(data))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(day), str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "undo in the Edit menu": True,  # put in once the window was painted
        "undo enabled": False,  # nothing done yet
        "file menu": ["&New Workshop…", "New from &Demo", "&Open…"],  # made after the paint
        "close enabled": True,  # a workshop is open
        "area keys": ["Ctrl+1", "Ctrl+2"],
        "recent": True,
        "running": "running",
        "area": "area-run",
        "collecting": True,
        "plain_import": True,
        "log": True,
    }


def test_a_quick_quit_still_keeps_the_log(tmp_path: Path) -> None:
    """The smoke test quits before the window settles: what was logged is still written."""
    day = tmp_path / "day.labdesk"
    create_demo(day).close(take_backup=False)
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LABDESK_DATA_DIR=str(data))
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", "--smoke-test", str(day)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    log = (data / "logs" / "labdesk.log").read_text(encoding="utf-8")
    assert "exit 0" in log


PAINT_CHILD = r"""
import json, sys
import labdesk.app
from labdesk.cli import main

def watch(app):
    from labdesk.gui import startup
    settle = startup.settle

    def painted(*args):
        print(json.dumps(sorted(sys.modules)), flush=True)
        settle(*args)
        app.quit()

    startup.settle = painted

labdesk.app.started_hooks.append(watch)
sys.exit(main([sys.argv[1]]))
"""


def test_the_first_paint_comes_before_what_the_console_does_not_show(tmp_path: Path) -> None:
    """`labdesk FILE` paints the console before it loads what only other areas, dialogs or
    the phone server need (docs/architecture.md, "The start"): each costs the start time."""
    day = tmp_path / "day.labdesk"
    create_demo(day).close(take_backup=False)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LABDESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", PAINT_CHILD, str(day)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "labdesk.gui.main_window" in loaded  # it is the app, painted
    not_yet = {
        "subprocess",  # the badge child
        "reportlab",
        "labdesk.gui.phones",
        "labdesk.gui.screens",
        "labdesk.gui.undo",
        "labdesk.store.undo",
        "labdesk.core.people",
        "labdesk.gui.models.table",
        "logging.handlers",
        "labdesk.core.polls",  # the console's Poll tab loads these when it first shows
        "labdesk.store.polls",
        "labdesk.gui.poll_tab",
        "labdesk.gui.poll_actions",
        "labdesk.gui.polls_panel",
        "labdesk.gui.poll_results",
    }
    assert loaded & not_yet == set()
