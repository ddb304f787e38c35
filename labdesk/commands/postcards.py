"""`labdesk postcards FILE -o OUT.pdf`: the commitment postcards not yet printed (or all, or blank)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from labdesk.commands import pdf_output, written_whole
from labdesk.core import urls


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="PDF to write")
    parser.add_argument(
        "--layout",
        choices=("a5", "a4-2up"),
        default="a5",
        help="single A5 pages, or two cards on each A4 sheet with crop marks (default: a5)",
    )
    parser.add_argument(
        "--flip",
        choices=("long", "short"),
        default="long",
        help="how your printer turns the sheet when printing on both sides (default: long edge)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every card again, printed or not")
    which.add_argument(
        "--blank",
        action="store_true",
        help="blank commitment cards to fill in by hand, with the phone form's QR",
    )
    which.add_argument(
        "--postable", action="store_true", help="only cards with consent to post and an address"
    )
    parser.add_argument(
        "--count",
        type=int,
        default=None,
        metavar="N",
        help="with --blank: how many cards (default: one per expected attendee)",
    )
    parser.add_argument(
        "--host",
        default=None,
        help=f"with --blank: the laptop's address for the QR (default {urls.HOTSPOT_GUESS}, "
        "a Windows hotspot's)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"with --blank: the port `labdesk serve` uses (default {urls.DEFAULT_PORT})",
    )


# An IPv4 or IPv6 address or a host name: what may stand between http:// and the port in a QR.
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]{2,45}")


def run(args: argparse.Namespace) -> int:
    from labdesk.cli import CommandError
    from labdesk.commands import open_for

    out = Path(args.output)
    if not args.blank:
        given = [f"--{k}" for k in ("count", "host", "port") if getattr(args, k) is not None]
        if given:
            verb = "goes" if len(given) == 1 else "go"
            raise CommandError(f"{' and '.join(given)} only {verb} with --blank")
    if args.count is not None and not 1 <= args.count <= 5000:
        raise CommandError("--count must be between 1 and 5000")
    if args.port is not None and not 1 <= args.port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535, not {args.port}")
    if args.host is not None and not _HOST.fullmatch(args.host):
        raise CommandError(
            f"--host {args.host!r} is not an address; give one like 192.168.4.1 or laptop.local"
        )
    pdf_output(args.output, args.file)
    with open_for(args.file, purpose="postcards") as doc:
        try:
            if args.blank:
                return _blank(doc, out, args)
            return _postcards(doc, out, args)
        finally:
            doc.close(take_backup=False)


def _postcards(doc: object, out: Path, args: argparse.Namespace) -> int:
    import datetime as dt

    from labdesk import outputs
    from labdesk.cli import CommandError
    from labdesk.store import postcards as store_postcards
    from labdesk.store.generated import FileKind

    # Addresses past the workshop's retention date are deleted before anything is printed.
    store_postcards.purge_addresses(doc, dt.date.today())  # type: ignore[arg-type]
    cards = store_postcards.load_all(doc)  # type: ignore[arg-type]
    if args.postable:
        cards = [c for c in cards if c.postable]
    chosen = cards if args.all or args.postable else [c for c in cards if not c.printed]
    if not chosen:
        if not cards:
            raise CommandError("this workshop has no commitment cards yet")
        every = "the one postcard has" if len(cards) == 1 else f"all {len(cards)} postcards have"
        raise CommandError(f"{every} been printed already; use --all to print again")
    try:
        made = outputs.make(
            doc,  # type: ignore[arg-type]
            FileKind.POSTCARDS,
            out,
            cards=[c.id for c in chosen],
            layout=args.layout,
            flip=args.flip,
        )
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    pages = made.pages
    store_postcards.mark_printed(doc, [c.id for c in chosen])  # type: ignore[arg-type]
    postable = sum(1 for c in chosen if c.postable)
    noun = "postcard" if len(chosen) == 1 else "postcards"
    sheets = "page" if pages == 1 else "pages"
    print(f"{len(chosen)} {noun} ({postable} to post) on {pages} {sheets}: {out}")
    side = "long" if args.flip == "long" else "short"
    print(f"Print double-sided, flipping on the {side} edge.")
    return 0


def _blank(doc: object, out: Path, args: argparse.Namespace) -> int:
    from labdesk.cli import CommandError
    from labdesk.printing import blank_cards
    from labdesk.store import attendees as store_attendees

    count = args.count or max(1, store_attendees.count(doc))  # type: ignore[arg-type]
    if count > 5000:
        raise CommandError("--count: at most 5000 blank cards at a time")
    try:
        with written_whole(out, Path(args.file)) as partial:
            pages = blank_cards.render_for(
                doc,
                partial,
                count=count,
                layout=args.layout,
                host=args.host or "",
                port=args.port or urls.DEFAULT_PORT,
            )
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    cards = "card" if count == 1 else "cards"
    print(f"{count} blank commitment {cards} on {pages} {'page' if pages == 1 else 'pages'}: {out}")
    return 0
