"""`labdesk groups FILE --size N --rounds R -o OUT.csv|OUT.pdf`: groups from who is in the room."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from labdesk.cli import CommandError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument(
        "--size", type=int, default=3, help="people per group: 2 pairs, 3 trios (default 3)"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="rounds, each with new groups (default 1)"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.csv (columns round, group, attendee) or OUT.pdf",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="the same seed gives the same groups"
    )


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise CommandError(f"{out.name}: give an output ending in .csv or .pdf")
    if not 2 <= args.size <= 12:
        raise CommandError("--size must be between 2 and 12")
    if not 1 <= args.rounds <= 20:
        raise CommandError("--rounds must be between 1 and 20")

    from labdesk import outputs
    from labdesk.commands import open_for, refuse_workshop_part
    from labdesk.core.grouping import form_groups, repeats
    from labdesk.store import groups as store_groups

    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_for(args.file, purpose="groups") as doc:
        try:
            people, checked_in = store_groups.people_in_room(doc)
            history = store_groups.history(doc)
            if not people:
                raise CommandError("nobody to group: the workshop has no attendees")
            rounds = form_groups(
                store_groups.members(people),
                args.size,
                args.rounds,
                history=history,
                rng=random.Random(args.seed),
            )
            try:
                made = outputs.make(doc, "groups", out, rounds=rounds)
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
        finally:
            doc.close(take_backup=False)
    who = "checked in" if checked_in else "attending (nobody has checked in yet)"
    print(
        f"{len(people)} {'person' if len(people) == 1 else 'people'} {who}; "
        f"{len(rounds[0])} {'group' if len(rounds[0]) == 1 else 'groups'} a round, "
        f"{len(rounds)} {'round' if len(rounds) == 1 else 'rounds'}; "
        f"{repeats(rounds, history)} meetings again; written to {out}"
    )
    if made.note:
        print(f"note: {made.note}")
    return 0
