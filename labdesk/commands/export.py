"""`labdesk export FILE -o OUT.csv|OUT.xlsx [--feedback|--commitments]`: spreadsheet-safe tables."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from labdesk.cli import CommandError
from labdesk.commands import refuse_workshop_part


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="where to write: .csv or .xlsx"
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--feedback", action="store_true", help="feedback responses, one per row")
    what.add_argument("--commitments", action="store_true", help="commitment cards, one per row")


def run(args: argparse.Namespace) -> int:
    from labdesk.store import WorkshopFileError, erasure, open_workshop
    from labdesk.store.exports import attendee_table, commitment_table, feedback_table, write_table

    out = Path(args.output)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CommandError(f"the output must end in .csv or .xlsx, not {out.name!r}")
    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_workshop(args.file, lock=False) as doc:
        if args.feedback:
            kind, (header, rows) = "feedback responses", feedback_table(doc)
        elif args.commitments:
            kind, (header, rows) = "commitment cards", commitment_table(doc)
        else:
            kind, (header, rows) = "attendees", attendee_table(doc)
        try:
            write_table(out, header, rows, sheet=kind.capitalize())
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        # Erasing someone later looks in this file for their email too.
        with contextlib.suppress(WorkshopFileError):
            erasure.remember_generated(doc, out)
        doc.close(take_backup=False)
    if len(rows) == 1:
        kind = {
            "feedback responses": "feedback response",
            "commitment cards": "commitment card",
        }.get(kind, "attendee")
    print(f"exported {len(rows)} {kind} to {out}")
    return 0
