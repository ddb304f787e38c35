"""`labdesk erase FILE PERSON [--dry-run]`: erase one person everywhere labdesk keeps data."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument(
        "person",
        metavar="PERSON",
        help="their email, ticket or badge code, or full name (in quotes)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be erased; change nothing"
    )


def run(args: argparse.Namespace) -> int:
    from labdesk import personal_data
    from labdesk.cli import CommandError
    from labdesk.commands import open_for
    from labdesk.store import erasure

    with open_for(args.file, purpose="erase") as doc:
        try:
            found = erasure.find(doc, args.person)
            if not found.ids:
                near = f"; did you mean {', '.join(found.near)}?" if found.near else ""
                raise CommandError(
                    f"nobody in this workshop matches {args.person!r} (give their email, ticket"
                    f" or badge code, or full name){near}"
                )
            if len(found.ids) > 1:
                raise CommandError(
                    f"{len(found.ids)} people are called {args.person!r}: give their email or"
                    " badge code instead"
                )
            outcome = personal_data.erase(doc, found.ids[0], dry_run=args.dry_run)
        finally:
            doc.close(take_backup=False)
    print(outcome.title)
    for line in outcome.lines:
        print(f"  {line}")
    for mention in outcome.mentions_left:
        text = " ".join(mention.text.split())
        print(f"    {mention.where}: “{text[:200]}{'…' if len(text) > 200 else ''}”")
    for problem in outcome.problems:
        print(f"  Not done: {problem}")
    if args.dry_run:
        print("dry run: nothing changed")
    return 0 if outcome.ok else 1
