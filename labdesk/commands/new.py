"""`labdesk new FILE [--demo]`: create a workshop file."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from labdesk.cli import CommandError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the new .labdesk file")
    parser.add_argument("--demo", action="store_true", help="fill it with the demo workshop")
    parser.add_argument("--title", default="New workshop", help="the workshop's title")
    parser.add_argument("--date", help="the workshop's date, YYYY-MM-DD (default: today)")
    parser.add_argument("--venue", default="", help="where it happens")


def run(args: argparse.Namespace) -> int:
    from labdesk.store import create
    from labdesk.store.demo import create_demo
    from labdesk.store.summary import summary

    path = Path(args.file)
    if path.suffix != ".labdesk":
        path = path.with_name(path.name + ".labdesk")
    if args.demo:
        doc = create_demo(path, lock=False)
    else:
        try:
            date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"--date must look like 2026-09-17, not {args.date!r}") from exc
        doc = create(path, args.title, date, venue=args.venue, lock=False)
    with doc:
        facts = summary(doc, full_check=False)
    print(
        f"created {path}: {facts['title']}, {facts['date']}, {facts['attendees']} attendees, "
        f"{facts['agenda items']} agenda items"
    )
    return 0
