"""`labdesk badges FILE -o OUT.pdf`: badge sheets for everyone attending (or chosen people)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from labdesk.printing.badges import DEFAULT_SIZE, SIZES

    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="the PDF to write")
    parser.add_argument(
        "--size",
        choices=sorted(SIZES),
        default=DEFAULT_SIZE,
        help="badge stock: " + "; ".join(f"{k}: {s.label}" for k, s in SIZES.items()),
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        default=[],
        help="only people whose name, email or organisation matches (repeatable)",
    )
    parser.add_argument("--not-arrived", action="store_true", help="only people not yet checked in")
    parser.add_argument(
        "--single",
        action="store_true",
        help="one badge a page, sized to the badge (label printers)",
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import outputs
    from labdesk.cli import CommandError
    from labdesk.commands import open_for, refuse_workshop_part
    from labdesk.core.model import AttendeeStatus
    from labdesk.core.search import SearchIndex
    from labdesk.store import attendees, checkins
    from labdesk.store.generated import FileKind

    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise CommandError("the output must be a .pdf file")
    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_for(args.file, purpose="badges", readonly_ok=True) as doc:
        try:
            people = [a for a in attendees.load_all(doc) if a.status == AttendeeStatus.ATTENDING]
            if args.only:
                index = SearchIndex(people)
                chosen: dict[int, None] = {}
                for query in args.only:
                    hits = index.search(query, limit=10_000)
                    if not hits:
                        raise CommandError(f"--only {query!r}: nobody matches")
                    for hit in hits:
                        chosen[id(hit.attendee)] = None
                people = [a for a in people if id(a) in chosen]
            if args.not_arrived:
                arrived = checkins.checked_in_at(doc)
                people = [a for a in people if a.id not in arrived]
            if not people:
                raise CommandError("nobody to print a badge for (no attending attendees match)")
            try:
                made = outputs.make(
                    doc,
                    FileKind.BADGES,
                    out,
                    people=[a.id for a in people],
                    size=args.size,
                    single=args.single,
                )
            except OSError as exc:
                raise CommandError(f"{out} cannot be written: {exc.strerror or exc}") from None
        finally:
            doc.close(take_backup=False)
    n, pages = made.count, made.pages
    print(
        f"wrote {out}: {n} badge{'' if n == 1 else 's'} on {pages} page{'' if pages == 1 else 's'}"
        f" ({'one a page' if args.single else args.size})"
    )
    if made.note:
        print(f"note: {made.note}")
    return 0
