"""`labdesk retention FILE [--set DATE|--apply]`: when personal data is purged, and purging it."""

from __future__ import annotations

import argparse
import datetime as dt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--set", metavar="DATE", dest="date", help="the new retention date, YYYY-MM-DD"
    )
    what.add_argument(
        "--apply",
        action="store_true",
        help="purge the personal data now if the retention date has come",
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import personal_data
    from labdesk.cli import CommandError
    from labdesk.commands import open_for
    from labdesk.core import retention
    from labdesk.store import retention as store_retention
    from labdesk.store import workshop as store_workshop

    today = dt.date.today()
    # Showing or changing the date never purges first: the date may be being put right.
    with open_for(args.file, purpose="retention", retention=False) as doc:
        try:
            if args.date is not None:
                try:
                    date = retention.read_date(args.date, store_workshop.load(doc).date)
                except ValueError as exc:
                    raise CommandError(f"--set: {exc}") from None
                store_retention.set_retention_date(doc, date)
                print(f"retention date: {retention.describe(date, today)}")
                if retention.is_due(date, today):
                    print(
                        "It has come: a labdesk holding the file purges the personal data now,"
                        " any other the next time it opens the file; or run --apply."
                    )
                return 0
            if args.apply:
                outcome = personal_data.apply_retention(doc, today)
                if outcome is None:
                    date = store_retention.retention_date(doc)
                    if retention.is_due(date, today):
                        print("nothing to purge: the personal data is gone already")
                    else:
                        print(
                            f"not yet: the retention date is {retention.describe(date, today)};"
                            " nothing purged"
                        )
                    return 0
                print(outcome.title)
                for line in [*outcome.lines, *outcome.problems]:
                    print(f"  {line}")
                return 0 if outcome.ok else 1
            for key, value in facts(doc, today).items():
                print(f"{key}: {value}")
            return 0
        finally:
            doc.close(take_backup=False)


def facts(doc: object, today: dt.date) -> dict[str, str]:
    """The retention lines of `labdesk info` and `labdesk retention`."""
    from labdesk.core import retention
    from labdesk.store import retention as store_retention

    date = store_retention.retention_date(doc)  # type: ignore[arg-type]
    held = store_retention.held(doc.con)  # type: ignore[attr-defined]
    purged = store_retention.purged_at(doc)  # type: ignore[arg-type]
    if held:
        kept = (
            f"{held.people} people's details, {held.cards} commitment cards,"
            f" {held.codes} ticket codes"
        )
        state = f"kept until the retention date ({kept})"
        if retention.is_due(date, today):
            state = f"due to be purged ({kept}); `labdesk retention FILE --apply` purges it"
    else:
        state = f"purged on {purged[:10]}" if purged else "none held"
    return {"retention date": retention.describe(date, today), "personal data": state}
