"""`labdesk export FILE -o OUT.csv|OUT.xlsx [--feedback|--commitments|--polls] [--site SITE]`:
spreadsheet-safe tables, of every site or one."""

from __future__ import annotations

import argparse
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
    what.add_argument(
        "--polls", action="store_true", help="poll answers and Q&A questions, one per row"
    )
    from labdesk.store.sites import SITE_HELP

    parser.add_argument(
        "--site",
        metavar="SITE",
        help="only the records of one site of a merged workshop (attendees: those registered"
        f" there, with their check-in there). {SITE_HELP}",
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import outputs
    from labdesk.commands import open_for
    from labdesk.store.generated import FileKind

    out = Path(args.output)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CommandError(f"the output must end in .csv or .xlsx, not {out.name!r}")
    kind = (
        FileKind.FEEDBACK
        if args.feedback
        else FileKind.COMMITMENTS
        if args.commitments
        else FileKind.POLLS
        if args.polls
        else FileKind.ATTENDEES
    )
    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_for(args.file, purpose="export", readonly_ok=True) as doc:
        try:
            options = {}
            if args.site is not None:
                from labdesk.store import sites

                try:
                    site = sites.find(doc, args.site)
                except ValueError as exc:
                    raise CommandError(str(exc)) from None
                options["site"] = site.id if site.id is not None else "here"
            # Remembered: erasing someone later makes this file again without them.
            made = outputs.make(doc, kind, out, **options)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    noun = {
        "feedback": ("feedback response", "feedback responses"),
        "commitments": ("commitment card", "commitment cards"),
        "attendees": ("attendee", "attendees"),
        "polls": ("poll answer", "poll answers"),
    }[kind]
    print(f"exported {made.count} {noun[0] if made.count == 1 else noun[1]} to {out}")
    if made.note:
        print(f"note: {made.note}")
    return 0
