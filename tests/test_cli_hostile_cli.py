"""The command line itself: help for every command, mistyped commands, nonsense options."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from labdesk.cli import COMMANDS
from tests.hostile import REPO, labdesk


def test_every_command_has_help_that_names_its_file_and_purpose():
    top = labdesk("--help")
    assert top.code == 0
    for name, (_, summary) in COMMANDS.items():
        assert f"  {name}" in top.out and summary in top.out
    for name in COMMANDS:
        ran = labdesk(name, "--help")
        assert ran.code == 0, ran.err
        assert ran.out.startswith(f"usage: labdesk {name} ")
        assert "FILE" in ran.out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["improt", "day.labdesk", "people.csv"], "did you mean `labdesk import`?"),
        (["exprot"], "did you mean `labdesk export`?"),
        (["frobnicate"], "'frobnicate' is neither a command nor a workshop file"),
    ],
)
def test_a_mistyped_command_is_named_instead_of_opening_the_app(argv, says):
    # Before: `labdesk frobnicate` opened the app on a file that does not exist (and, with no
    # display, never returned); `labdesk improt a b` said "unrecognized arguments: b".
    ran = labdesk(*argv, timeout=20)
    assert ran.code == 2
    assert says in ran.err
    assert "Traceback" not in ran.err


def test_header_row_counts_from_one(tmp_path):
    path = tmp_path / "day.labdesk"
    assert labdesk("new", path).code == 0
    source = tmp_path / "people.csv"
    source.write_text("Name,Email\nSiân Jones,sian@example.org\n", encoding="utf-8")
    ran = labdesk("import", path, source, "--header-row", "0")
    assert ran.code == 2
    assert ran.err == "labdesk: --header-row counts from 1 (the first row of the file)\n"


def run_raw(*argv: bytes, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"labdesk", *argv],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )


def test_arguments_that_are_not_utf8_are_refused_and_leave_no_half_made_file(tmp_path):
    # Before: a title typed in a Latin-1 terminal ("Caf\xe9") gave a traceback from SQLite and
    # left a workshop file with no workshop in it.
    path = tmp_path / "day.labdesk"
    ran = run_raw(b"new", bytes(path), b"--title", b"Caf\xe9")
    assert ran.returncode == 2
    assert b"--title is not valid text" in ran.stderr and b"Traceback" not in ran.stderr
    assert list(tmp_path.iterdir()) == []
    assert labdesk("new", path, "--demo").code == 0
    ran = run_raw(b"check-in", bytes(path), b"\xff\xfe")
    assert ran.returncode == 2
    assert b"a CODE is not valid text" in ran.stderr


def test_a_file_name_that_is_not_utf8_still_works(tmp_path):
    path = bytes(tmp_path) + b"/caf\xe9.labdesk"
    assert run_raw(b"new", path).returncode == 0
    ran = run_raw(b"export", path, b"-o", bytes(tmp_path) + b"/caf\xe9.csv")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(b"exported 0 attendees to ")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_a_console_that_cannot_show_every_character_gets_question_marks(tmp_path, encoding):
    # Before: "→" in the import summary, or an RTL mark in a title, was a UnicodeEncodeError
    # half-way through the output (Windows writes cp1252 to a redirected file).
    path = tmp_path / "day.labdesk"
    assert labdesk("new", path, "--title", "\u202eZoë → 👩\u200d⚕️").code == 0
    source = tmp_path / "people.csv"
    source.write_text("Name,Email\nSiân Jones,sian@example.org\n", encoding="utf-8")
    ran = run_raw(b"import", bytes(path), bytes(source), encoding=encoding)
    assert ran.returncode == 0, ran.stderr
    assert b"  Name ? name (" in ran.stdout and b"  Email ? email (" in ran.stdout
    info = run_raw(b"info", bytes(path), encoding=encoding)
    assert info.returncode == 0, info.stderr
    assert info.stdout.splitlines()[0].startswith(b"title: ?Zo")
