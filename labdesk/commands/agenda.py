"""`labdesk agenda FILE -o OUT.pdf [--run-sheet]`: the printable agenda, re-timed once the day is
under way; --run-sheet adds the facilitator's pages (phases, prompts, notes, groups, materials)."""

from __future__ import annotations

import argparse
from pathlib import Path

from labdesk.commands import pdf_output, written_whole


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
    from labdesk.cli import CommandError
    from labdesk.core.words import count
    from labdesk.printing import agenda
    from labdesk.store import agenda_sheet, open_workshop

    out = pdf_output(args.output)
    with open_workshop(args.file, lock=False, readonly=True) as doc:
        try:
            sheet = agenda_sheet.load(doc)
            with written_whole(out, Path(args.file)) as partial:
                pages = agenda.render(partial, sheet, with_run_sheet=args.run_sheet)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    what = "Agenda and run sheet" if args.run_sheet else "Agenda"
    when = f", re-timed at {sheet.at:%H:%M}" if sheet.retimed else ""
    print(f"{what}, {count(len(sheet.items), 'item')}{when}, {count(pages, 'page')}: {out}")
    return 0
