"""`labdesk report FILE -o OUT.pdf`: the day report (attendance, timings, feedback, commitments)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="PDF to write")
    parser.add_argument(
        "--anonymised", action="store_true", help="leave people's names out of the commitments"
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import outputs
    from labdesk.cli import CommandError
    from labdesk.commands import open_for, pdf_output
    from labdesk.store.generated import FileKind

    out = pdf_output(args.output, args.file)
    with open_for(args.file, purpose="report", readonly_ok=True) as doc:
        try:
            made = outputs.make(doc, FileKind.REPORT, out, anonymised=args.anonymised)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    print(f"Day report, {made.pages} {'page' if made.pages == 1 else 'pages'}: {out}")
    if made.note:
        print(f"note: {made.note}")
    return 0
