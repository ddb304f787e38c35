"""The command line itself: help for every command, mistyped commands, nonsense options."""

from __future__ import annotations

import pytest

from labdesk.cli import COMMANDS
from tests.hostile import labdesk


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
