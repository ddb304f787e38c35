"""Linux desktop integration: labdesk in the applications menu, *.labdesk files known by name and
by content, and a double-click handing the file to labdesk, installed and removed per user."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "resources" / "desktop"
INSTALL = ROOT / "scripts" / "install_desktop"
SYSTEM_MIME = Path("/usr/share/mime/packages/freedesktop.org.xml")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop.org integration is for Linux"
)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (bash scripts/setup --test installs it)")
    return found


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    """A throwaway user: their own data and config folders, the system's MIME database."""
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        XDG_DATA_DIRS="/usr/share",
    )
    Path(env["HOME"]).mkdir()
    return env


def install(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(INSTALL), *args], capture_output=True, text=True, env=env, timeout=60
    )


def content_type(path: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        [tool("gio"), "info", "-a", "standard::content-type", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=True,
    ).stdout
    found = re.search(r"standard::content-type: (\S+)", out)
    assert found, out
    return found.group(1)


def workshop(path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "labdesk", "new", str(path)], check=True, capture_output=True
    )
    return path


def test_the_desktop_entry_and_the_file_type_validate(tmp_path):
    checked = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP / "labdesk.desktop")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    # shared-mime-info's own DTD, as it ships at the top of its freedesktop.org.xml
    if not SYSTEM_MIME.exists():
        pytest.fail("shared-mime-info is not installed (bash scripts/setup --test installs it)")
    text = SYSTEM_MIME.read_text(encoding="utf-8")
    dtd = text[text.index("<!DOCTYPE mime-info [") + len("<!DOCTYPE mime-info [") :]
    (tmp_path / "mime.dtd").write_text(dtd[: dtd.index("]>")], encoding="utf-8")
    checked = subprocess.run(
        [
            tool("xmllint"),
            "--noout",
            "--dtdvalid",
            str(tmp_path / "mime.dtd"),
            str(DESKTOP / "labdesk.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_installed_a_workshop_is_known_by_name_and_by_content_and_opens_in_labdesk(home, tmp_path):
    # The program the entry runs: here one that reports what it was asked to open.
    told = tmp_path / "told"
    os.mkfifo(told)
    program = tmp_path / "bin" / "labdesk"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{told}"\n')
    program.chmod(0o755)
    day = workshop(tmp_path / "Pain and mood day.labdesk")
    renamed = workshop(tmp_path / "day.labdesk").rename(tmp_path / "sent by a colleague")
    other = tmp_path / "someone else's database"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert content_type(day, home) != "application/x-labdesk"  # not yet installed

    result = install(home, "--exec", str(program))
    assert result.returncode == 0, result.stderr
    data = Path(home["XDG_DATA_HOME"])
    entry = data / "applications" / "labdesk.desktop"
    assert f'Exec="{program}" %f' in entry.read_text()
    checked = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True)
    assert checked.returncode == 0 and checked.stdout == b"", checked.stdout
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "labdesk.svg").exists()

    assert content_type(day, home) == "application/x-labdesk"  # by its name
    assert content_type(renamed, home) == "application/x-labdesk"  # by its application_id
    assert content_type(other, home) == "application/vnd.sqlite3"  # SQLite, but not ours
    qt = subprocess.run(  # KDE's file manager asks Qt
        [
            sys.executable,
            "-c",
            "import sys; from PySide6.QtCore import QMimeDatabase; "
            "print(*(QMimeDatabase().mimeTypeForFile(f).name() for f in sys.argv[1:]))",
            str(day),
            str(renamed),
            str(other),
        ],
        capture_output=True,
        text=True,
        env=home,
        timeout=60,
    )
    assert qt.stdout.split() == ["application/x-labdesk"] * 2 + ["application/vnd.sqlite3"]

    # A double-click: the desktop opens the file with its default application.
    heard: list[str] = []
    listener = threading.Thread(target=lambda: heard.append(told.read_text()), daemon=True)
    listener.start()
    subprocess.run([tool("gio"), "open", str(day)], env=home, check=True, timeout=60)
    listener.join(timeout=60)
    assert heard == [f"{day}\n"]


def test_uninstall_takes_away_everything_it_installed(home, tmp_path):
    program = tmp_path / "labdesk"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    data = Path(home["XDG_DATA_HOME"])
    data.mkdir(parents=True)
    (data / "keep.txt").write_text("the user's own")
    before = {p for p in data.rglob("*")}
    assert install(home, "--exec", str(program)).returncode == 0
    installed = {p for p in data.rglob("*") if p.is_file()} - before
    assert any(p.name == "labdesk.desktop" for p in installed)
    day = workshop(tmp_path / "day.labdesk")
    assert content_type(day, home) == "application/x-labdesk"

    result = install(home, "--uninstall")
    assert result.returncode == 0, result.stderr
    ours = {"labdesk.desktop", "labdesk.xml", "labdesk.svg", "application-x-labdesk.svg"}
    assert not [p for p in data.rglob("*") if p.name in ours]
    assert content_type(day, home) != "application/x-labdesk"
    assert (data / "keep.txt").read_text() == "the user's own"


def test_install_without_a_labdesk_program_says_so(home, tmp_path):
    result = install(home, "--exec", str(tmp_path / "nowhere" / "labdesk"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("name it with --exec PROGRAM")
    assert not (Path(home["XDG_DATA_HOME"]) / "applications").exists()
