"""The `labdesk` command line: open the app, or run a batch subcommand (which never imports Qt)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from labdesk import __version__

# name -> (module under labdesk.commands, one-line summary). Each module has
# add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("new", "create a workshop file"),
    "info": ("info", "a summary of a workshop file, one `key: value` line each"),
    "import": ("import_", "import attendees from .csv/.tsv/.txt/.xlsx"),
    "badges": ("badges", "print badge sheets to a PDF"),
    "check-in": ("check_in", "check in badge or ticket codes in batch"),
    "serve": ("serve", "the phone server without the app: forms, room view, door desk, remote"),
    "groups": ("groups", "form groups for an activity (CSV or PDF)"),
    "postcards": ("postcards", "print commitment postcards to a PDF"),
    "report": ("report", "the day report as a PDF"),
    "export": ("export", "export attendees, feedback, commitments or polls as CSV/XLSX"),
    "merge": (
        "merge",
        "bring another site's workshop into FILE (people matched, nothing counted twice)",
    ),
    "retention": ("retention", "show or set when personal data is purged; --apply purges it"),
    "erase": ("erase", "erase one person (email, ticket or badge code, or name), everywhere"),
    "agenda": ("agenda", "the printable agenda (and the facilitator's run sheet) as a PDF"),
    "poll": ("poll", "put a question to the room: choices, a scale, a word cloud or Q&A"),
}


class CommandError(Exception):
    """A user error: printed as one line, exit status 2, no traceback."""


def _top_parser(commands: dict[str, tuple[str, str]]) -> argparse.ArgumentParser:
    width = max(len(n) for n in commands) + 2
    listing = "\n".join(
        f"  {name.ljust(width)}{summary}" for name, (_, summary) in commands.items()
    )
    parser = argparse.ArgumentParser(
        prog="labdesk",
        usage="%(prog)s [-h] [--version] [FILE | --demo | COMMAND ...]",
        description="Run an in-person workshop day from one laptop, offline.",
        epilog=f"commands (labdesk COMMAND --help for more):\n{listing}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="workshop file to open in the app")
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh copy of the demo workshop"
    )
    parser.add_argument("--version", action="version", version=f"labdesk {__version__}")
    # Opens the window, then quits: how the packaged build is checked (scripts/build_app).
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    commands = COMMANDS
    if args_list and args_list[0] in commands:
        # A console that cannot show "→" or "Siân" (Windows sends cp1252 to a redirected file)
        # gets "?" for them rather than a traceback half-way through the output.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        name = args_list[0]
        module = importlib.import_module(f"labdesk.commands.{commands[name][0]}")
        parser = argparse.ArgumentParser(prog=f"labdesk {name}", description=commands[name][1])
        module.add_arguments(parser)
        args = parser.parse_args(args_list[1:])
        garbled = _garbled_text(args)
        if garbled:
            parser.error(
                f"{garbled} is not valid text (it has bytes that are not UTF-8); "
                "set the terminal's character set to UTF-8 and retry"
            )
        return _run(module, args)
    parser = _top_parser(commands)
    if args_list and _mistyped_command(args_list[0]):
        import difflib

        close = difflib.get_close_matches(args_list[0], list(COMMANDS), n=1)
        hint = f"; did you mean `labdesk {close[0]}`?" if close else ""
        parser.error(f"{args_list[0]!r} is neither a command nor a workshop file{hint}")
    args = parser.parse_args(args_list)
    if args.file and args.demo:
        parser.error("give a FILE or --demo, not both")
    from labdesk import app

    return app.run(file=args.file, demo=args.demo, smoke_test=args.smoke_test)


# Arguments that name files: on Linux a file name may hold any bytes, so these may.
_PATH_ARGUMENTS = {"file", "source", "output", "from_file", "other"}


def _garbled_text(args: argparse.Namespace) -> str:
    """The first text argument holding bytes that were not UTF-8 (Python keeps them as lone
    surrogates, which SQLite and the PDF fonts refuse); "" when all are text."""
    for name, value in vars(args).items():
        if name in _PATH_ARGUMENTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
                return f"--{name.replace('_', '-')}" if name != "codes" else "a CODE"
    return ""


def _mistyped_command(word: str) -> bool:
    """A first word that is no option, no file and has no file extension: a command mistyped
    (`labdesk improt …`), which would otherwise open the app on a file that is not there."""
    from pathlib import Path

    return not word.startswith("-") and not Path(word).suffix and not Path(word).exists()


def _run(module: object, args: argparse.Namespace) -> int:
    from labdesk.store import WorkshopFileError

    try:
        return int(module.run(args))  # type: ignore[attr-defined]
    except (CommandError, WorkshopFileError) as exc:
        print(f"labdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`… | head`): what was not printed may not have been done
        # either (check-in stops at the next code), so say so with the shell's SIGPIPE status.
        import os

        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
