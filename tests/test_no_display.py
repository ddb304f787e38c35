"""Without a screen the app says so in one line and exits 2; the command line works regardless.

Real processes throughout: Qt aborts the whole process when it finds no display, so only a real
process shows whether labdesk got there first."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

MESSAGE_START = "labdesk needs a screen: no display was found"
MESSAGE_END = ". The command line works without one: labdesk --help"
SCREEN_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "WAYLAND_SOCKET",
    "QT_QPA_PLATFORM",
    "XDG_SESSION_TYPE",
)

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="Windows and macOS always have their screen"
)


def no_screen_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCREEN_VARIABLES}
    env.update(extra)
    return env


def labdesk(
    *args: str, env: dict[str, str], importtime: bool = False
) -> subprocess.CompletedProcess:
    python = [sys.executable, "-X", "importtime"] if importtime else [sys.executable]
    return subprocess.run(
        [*python, "-m", "labdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def unused_display_number() -> int:
    """A display number nothing listens on: no X socket (file or abstract), no TCP port."""
    for number in range(250, 400):
        path = f"/tmp/.X11-unix/X{number}"
        if os.path.exists(path):
            continue
        with socket.socket(socket.AF_UNIX) as sock:
            try:
                sock.connect("\0" + path)
                continue
            except OSError:
                pass
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", 6000 + number)) != 0:
                return number
    raise AssertionError("no free display number")


def assert_says_no_screen(result: subprocess.CompletedProcess, detail: str = "") -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("import time:")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(MESSAGE_START) and lines[0].endswith(MESSAGE_END)
    assert detail in lines[0]
    assert "xcb" not in result.stderr and "Qt" not in result.stderr


@pytest.mark.parametrize("args", [(), ("--demo",)])
def test_no_display_at_all_says_so_in_one_line_before_qt_loads(args):
    result = labdesk(*args, env=no_screen_env(), importtime=True)
    assert_says_no_screen(result)
    assert "PySide6" not in result.stderr  # it never got as far as loading Qt


def test_no_display_with_a_workshop_file_says_so_too(tmp_path):
    result = labdesk(str(tmp_path / "day.labdesk"), env=no_screen_env())
    assert_says_no_screen(result)


def test_a_display_nobody_answers_at_is_named():
    number = unused_display_number()
    for display in (f":{number}", f":{number}.0", f"127.0.0.1:{number}"):
        result = labdesk("--demo", env=no_screen_env(DISPLAY=display))
        assert_says_no_screen(result, f"nothing answers at DISPLAY={display}")


def test_a_wayland_session_without_its_compositor(tmp_path):
    result = labdesk(
        "--demo", env=no_screen_env(XDG_SESSION_TYPE="wayland", XDG_RUNTIME_DIR=str(tmp_path))
    )
    assert_says_no_screen(result)
    gone = tmp_path / "wayland-1"
    result = labdesk("--demo", env=no_screen_env(WAYLAND_DISPLAY=str(gone)))
    assert_says_no_screen(result, f"nothing answers at WAYLAND_DISPLAY={gone}")


def test_a_chosen_qt_platform_is_trusted(tmp_path):
    result = labdesk("--demo", "--smoke-test", env=no_screen_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr


def test_the_command_line_works_without_a_display_and_without_qt(tmp_path):
    env = no_screen_env()
    day = tmp_path / "day.labdesk"
    help_ = labdesk("--help", env=env)
    assert help_.returncode == 0 and "commands" in help_.stdout
    made = labdesk("new", str(day), "--demo", env=env, importtime=True)
    assert made.returncode == 0, made.stderr
    info = labdesk("info", str(day), env=env, importtime=True)
    assert info.returncode == 0, info.stderr
    assert "integrity: ok" in info.stdout
    for result in (made, info):
        assert "PySide6" not in result.stderr  # batch commands start without loading Qt


@pytest.fixture
def x_server() -> Iterator[str]:
    """A real X server (Xvfb) on a free display number, as DISPLAY would name it."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is not installed (bash scripts/setup --test installs it)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_real_display_opens_the_app(x_server, tmp_path):
    result = labdesk("--demo", "--smoke-test", env=no_screen_env(DISPLAY=x_server))
    assert result.returncode == 0, result.stderr
    assert MESSAGE_START not in result.stderr
    # A stale Wayland variable beside a working X display: Qt falls back to X, and so do we.
    stale = no_screen_env(DISPLAY=x_server, WAYLAND_DISPLAY=str(tmp_path / "wayland-9"))
    result = labdesk("--demo", "--smoke-test", env=stale)
    assert result.returncode == 0, result.stderr


def test_a_file_the_system_asks_to_open_is_opened(tmp_path):
    """macOS hands a double-clicked workshop to the app as a file-open event, not an argument."""
    script = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from labdesk import app
from labdesk.gui.application import LabdeskApplication
qt = LabdeskApplication([sys.argv[0]])
QCoreApplication.postEvent(qt, QFileOpenEvent(sys.argv[1]))
app.run(smoke_test=True)
from labdesk.gui.main_window import recent_files
print(recent_files())
"""
    day = tmp_path / "day.labdesk"
    env = no_screen_env(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    assert labdesk("new", str(day), env=env).returncode == 0
    result = subprocess.run(
        [sys.executable, "-c", script, str(day)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == repr([str(day.resolve())])
