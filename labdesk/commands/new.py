"""`labdesk new FILE [--demo]`: create a workshop file."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from labdesk.cli import CommandError
from labdesk.core.words import count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the new .labdesk file")
    parser.add_argument("--demo", action="store_true", help="fill it with the demo workshop")
    parser.add_argument("--title", help="the workshop's title (default: New workshop)")
    parser.add_argument("--date", help="the workshop's date, YYYY-MM-DD (default: today)")
    parser.add_argument("--venue", help="where it happens")


def run(args: argparse.Namespace) -> int:
    from labdesk.store import create
    from labdesk.store.demo import create_demo
    from labdesk.store.summary import summary

    path = Path(args.file)
    if path.suffix != ".labdesk":
        path = path.with_name(path.name + ".labdesk")
    if args.demo:
        given = [f"--{k}" for k in ("title", "date", "venue") if getattr(args, k) is not None]
        if given:
            raise CommandError(
                f"--demo copies the demo workshop as it is: leave out {' and '.join(given)}"
            )
        doc = create_demo(path, lock=False)
    else:
        try:
            date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"--date must look like 2026-09-17, not {args.date!r}") from exc
        # One line each: a line break or tab pasted into a title would break `labdesk info`.
        title = " ".join((args.title or "New workshop").split())
        venue = " ".join((args.venue or "").split())
        if not title:
            raise CommandError("--title is empty; give the workshop a title")
        doc = create(path, title, date, venue=venue, lock=False)
    with doc:
        facts = summary(doc, full_check=False)
    print(
        f"created {path}: {facts['title']}, {facts['date']}, "
        f"{count(int(facts['attendees']), 'attendee')}, "
        f"{count(int(facts['agenda items']), 'agenda item')}"
    )
    return 0
