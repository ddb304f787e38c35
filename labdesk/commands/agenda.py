"""`labdesk agenda FILE -o OUT.pdf [--run-sheet]`: the printable agenda, re-timed once the day is
under way; --run-sheet adds the facilitator's pages (phases, prompts, notes, groups, materials)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="PDF to write")
    parser.add_argument(
        "--run-sheet",
        action="store_true",
        help="add the facilitator's run sheet: phases with their times, prompts, notes, groups "
        "and materials",
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import outputs
    from labdesk.cli import CommandError
    from labdesk.commands import open_for, pdf_output
    from labdesk.core.words import count
    from labdesk.store.generated import FileKind

    out = pdf_output(args.output, args.file)
    with open_for(args.file, purpose="agenda", readonly_ok=True) as doc:
        try:
            made = outputs.make(doc, FileKind.AGENDA, out, run_sheet=args.run_sheet)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    what = "Agenda and run sheet" if args.run_sheet else "Agenda"
    print(f"{what}, {count(made.count, 'item')}, {count(made.pages, 'page')}: {out}")
    if made.note:
        print(f"note: {made.note}")
    return 0
