"""`labdesk check-in FILE CODE... | --from LIST`: check in scanned codes after the fact."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("codes", metavar="CODE", nargs="*", help="badge or ticket codes")
    parser.add_argument(
        "--from",
        dest="from_file",
        metavar="LIST",
        help="a text file with one scanned code a line ('-' for standard input)",
    )
    parser.add_argument("--desk", default="batch", help="the desk name recorded (default: batch)")


def _read_list(name: str) -> list[str]:
    from labdesk.cli import CommandError

    limit = 20 * 1024 * 1024
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{name} is not a file of scanned codes.")
        try:
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            raise CommandError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise CommandError(f"{name} is too large for a list of scanned codes.")
    from labdesk.core.importing import decode_text

    text, _ = decode_text(data)
    return [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]


def run(args: argparse.Namespace) -> int:
    from labdesk.cli import CommandError
    from labdesk.commands import open_for, refuse_workshop_part
    from labdesk.core import badges
    from labdesk.core.checkin import ScanKind
    from labdesk.core.model import CheckInMethod
    from labdesk.store.checkins import Scanner

    codes = list(args.codes)
    if args.from_file:
        if args.from_file != "-":
            refuse_workshop_part(Path(args.from_file), Path(args.file), "a list of scanned codes")
        listed = _read_list(args.from_file)
        if not listed and not codes:
            raise CommandError(f"{args.from_file} has no codes in it (one scanned code a line).")
        codes += listed
    if not codes:
        raise CommandError("give one or more codes, or --from LIST")
    bad = 0
    with open_for(args.file, purpose="check-in") as doc:
        scanner = Scanner(doc, desk=args.desk)
        for scanned in codes:
            # Two badges scanned with no Enter between them are two check-ins.
            for code in badges.split_run_together(scanned, old_badges=scanner.old_badges) or [
                scanned
            ]:
                outcome = scanner.scan(code, method=CheckInMethod.BATCH)
                print(outcome.line(), flush=True)
                bad += outcome.kind not in (ScanKind.CHECKED_IN, ScanKind.ALREADY_IN)
        doc.close(take_backup=False)
    return 1 if bad else 0
