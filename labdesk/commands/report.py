"""`labdesk report FILE -o OUT.pdf`: the day report (attendance, timings, feedback, commitments)."""

from __future__ import annotations

import argparse
from pathlib import Path

from labdesk.commands import pdf_output, written_whole


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="PDF to write")
    parser.add_argument(
        "--anonymised", action="store_true", help="leave people's names out of the commitments"
    )


def run(args: argparse.Namespace) -> int:
    from labdesk.cli import CommandError
    from labdesk.printing import report
    from labdesk.store import open_workshop

    out = pdf_output(args.output)
    with open_workshop(args.file, lock=False, readonly=True) as doc:
        try:
            with written_whole(out, Path(args.file)) as partial:
                pages = report.render_for(doc, partial, anonymised=args.anonymised)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    print(f"Day report, {pages} {'page' if pages == 1 else 'pages'}: {out}")
    return 0
