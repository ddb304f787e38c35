"""`labdesk groups FILE --item ITEM -o OUT.csv|OUT.pdf`: an agenda item's groups by its own rule,
formed from who is in the room and kept in the file (or the ones already kept); and
`labdesk groups FILE --size N --rounds R -o …`: new groups each round, for any activity."""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labdesk.cli import CommandError

if TYPE_CHECKING:
    from labdesk import outputs
    from labdesk.core.grouping import Formation
    from labdesk.core.model import Attendee
    from labdesk.store import WorkshopFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument(
        "--item",
        metavar="ITEM",
        default=None,
        help="an agenda item (its id or the start of its title): its groups by its activity's "
        "rule (the same trio every round, new partners each round, pairs then fours), kept in "
        "the file",
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="with --item: form the item's groups again even if some are kept (they replace them)",
    )
    parser.add_argument(
        "--size", type=int, default=None, help="people per group: 2 pairs, 3 trios (default 3)"
    )
    parser.add_argument(
        "--rounds", type=int, default=None, help="rounds, each with new groups (default 1)"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.csv (columns round, group, role, attendee with --item; round, group, attendee "
        "without) or OUT.pdf",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="the same seed gives the same groups"
    )


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise CommandError(f"{out.name}: give an output ending in .csv or .pdf")
    if args.item is not None:
        given = [f"--{k}" for k in ("size", "rounds") if getattr(args, k) is not None]
        if given:
            raise CommandError(
                f"--item takes the group size and rounds from the agenda item; "
                f"leave out {' and '.join(given)}"
            )
        return _by_item(args, out, suffix)
    if args.new:
        raise CommandError("--new only goes with --item")
    size = 3 if args.size is None else args.size
    rounds = 1 if args.rounds is None else args.rounds
    if not 2 <= size <= 12:
        raise CommandError("--size must be between 2 and 12")
    if not 1 <= rounds <= 20:
        raise CommandError("--rounds must be between 1 and 20")
    return _by_size(args, out, suffix, size, rounds)


def _by_size(args: argparse.Namespace, out: Path, suffix: str, size: int, rounds: int) -> int:
    from labdesk.commands import open_for, refuse_workshop_part
    from labdesk.core.grouping import form_groups, repeats
    from labdesk.core.words import count
    from labdesk.store import groups as store_groups

    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_for(args.file, purpose="groups") as doc:
        try:
            people, checked_in = store_groups.people_in_room(doc)
            history = store_groups.history(doc)
            if not people:
                raise CommandError("nobody to group: the workshop has no attendees")
            formed = form_groups(
                store_groups.members(people),
                size,
                rounds,
                history=history,
                rng=random.Random(args.seed),
            )
            made = _make(doc, out, rounds=formed)
        finally:
            doc.close(take_backup=False)
    who = "checked in" if checked_in else "attending (nobody has checked in yet)"
    print(
        f"{count(len(people), 'person')} {who}; {count(len(formed[0]), 'group')} a round, "
        f"{count(len(formed), 'round')}; {count(repeats(formed, history), 'meeting')} again; "
        f"written to {out}"
    )
    if made.note:
        print(f"note: {made.note}")
    return 0


def _by_item(args: argparse.Namespace, out: Path, suffix: str) -> int:
    from labdesk.commands import open_for, refuse_workshop_part
    from labdesk.core.agenda import ItemNotFound, find_item
    from labdesk.core.grouping import repeats, sizes_in_words
    from labdesk.core.words import count
    from labdesk.store import agenda as store_agenda
    from labdesk.store import groups as store_groups
    from labdesk.store import workshop as store_workshop

    refuse_workshop_part(out, Path(args.file), "a place for the output; choose another name")
    with open_for(args.file, purpose="groups") as doc:
        try:
            try:
                item = find_item(store_agenda.load(doc), args.item)
            except ItemNotFound as exc:
                raise CommandError(str(exc)) from exc
            kept = None if args.new else store_groups.latest(doc, item.id)
            people, checked_in = store_groups.people_in_room(doc)
            if kept is not None:
                formation = kept.formation()
                again = repeats(
                    formation.distinct_rounds(), store_groups.history(doc, excluding_item=item.id)
                )
            else:
                rule, _ = store_groups.rule_of(doc, item)
                if not rule.forms_groups:
                    raise CommandError(f'"{item.title}" has no groups to form: {rule.explain()}')
                if not people:
                    raise CommandError("nobody to group: the workshop has no attendees")
                formed = store_groups.form_for_item(doc, item, rng=random.Random(args.seed))
                if not formed.formation.stages:
                    raise CommandError(f'"{item.title}" has no phase in groups of two or more')
                formation, again = formed.formation, formed.met_again
            grouped = set(formation.people)
            made = _make(
                doc,
                out,
                rounds=[s.groups for s in formation.stages],
                by_item=True,
                rule=formation.rule.value,
                sizes=[s.size for s in formation.stages],
                roles=[[r.name, r.rotates] for r in formation.roles],
                title=item.title,
                workshop=store_workshop.load(doc).title,
                footnote=_footnote(formation, kept is not None, checked_in, len(grouped)),
            )
        finally:
            doc.close(take_backup=False)
    source = (
        "kept groups" if kept is not None else f"formed and kept from {_who(checked_in, people)}"
    )
    print(
        f"{item.title}: {formation.rule.label.lower()}; {source}; "
        f"{sizes_in_words(formation.stages[0].groups)}, {count(len(formation.stages), 'round')}"
        f"; {count(again, 'meeting')} again; written to {out}"
    )
    missing = len({a.id for a in people} - grouped) if checked_in else 0
    if kept is not None and missing:
        print(
            f"{count(missing, 'person')} checked in {'is' if missing == 1 else 'are'} not in these "
            "groups; --new forms them again with everyone in the room"
        )
    for note in formation.notes():
        print(f"Note: {note}")
    if made.note:
        print(f"note: {made.note}")
    return 0


def _make(doc: WorkshopFile, out: Path, **options: Any) -> outputs.Made:
    """The groups file, made (and remembered for erasures) by labdesk.outputs."""
    from labdesk import outputs
    from labdesk.store.generated import FileKind

    try:
        return outputs.make(doc, FileKind.GROUPS, out, **options)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _who(checked_in: bool, people: Sequence[Attendee]) -> str:
    from labdesk.core.words import count

    if checked_in:
        return f"{count(len(people), 'person')} checked in"
    return f"all {count(len(people), 'person')} attending (nobody has checked in yet)"


def _footnote(formation: Formation, kept: bool, checked_in: bool, people: int) -> str:
    from labdesk.core.words import count

    who = "checked in" if checked_in else "attending (nobody had checked in)"
    return f"{formation.rule.label}: {count(people, 'person')} {who}" + (
        "" if not kept else ", as kept in the workshop file"
    )
