"""`labdesk groups FILE --item ITEM -o OUT.csv|OUT.pdf`: an agenda item's groups by its own rule,
formed from who is in the room and kept in the file (or the ones already kept); and
`labdesk groups FILE --size N --rounds R -o …`: new groups each round, for any activity."""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from labdesk.cli import CommandError
from labdesk.commands import written_whole
from labdesk.core.grouping import Formation

if TYPE_CHECKING:
    from labdesk.core.model import Attendee


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
    from labdesk.core.activities import Grouping
    from labdesk.core.grouping import Stage, form_groups, repeats
    from labdesk.core.words import count
    from labdesk.store import groups as store_groups
    from labdesk.store import open_workshop
    from labdesk.store import workshop as store_workshop

    with open_workshop(args.file, lock=False) as doc:
        people, checked_in = store_groups.people_in_room(doc)
        history = store_groups.history(doc)
        title = store_workshop.load(doc).title
        doc.close(take_backup=False)
    if not people:
        raise CommandError("nobody to group: the workshop has no attendees")
    names = {a.id: a.name for a in people if a.id is not None}
    formed = form_groups(
        store_groups.members(people), size, rounds, history=history, rng=random.Random(args.seed)
    )
    formation = Formation(Grouping.NEW_PARTNERS_EACH_ROUND, [Stage(size, r) for r in formed])
    _write(out, suffix, Path(args.file), formation, names, title, roles=False)
    who = "checked in" if checked_in else "attending (nobody has checked in yet)"
    print(
        f"{count(len(people), 'person')} {who}; {count(len(formed[0]), 'group')} a round, "
        f"{count(len(formed), 'round')}; {count(repeats(formed, history), 'meeting')} again; "
        f"written to {out}"
    )
    return 0


def _by_item(args: argparse.Namespace, out: Path, suffix: str) -> int:
    from labdesk.core.agenda import ItemNotFound, find_item
    from labdesk.core.grouping import repeats, sizes_in_words
    from labdesk.core.words import count
    from labdesk.store import agenda as store_agenda
    from labdesk.store import attendees as store_attendees
    from labdesk.store import groups as store_groups
    from labdesk.store import open_workshop
    from labdesk.store import workshop as store_workshop

    with open_workshop(args.file, lock=False) as doc:
        try:
            item = find_item(store_agenda.load(doc), args.item)
        except ItemNotFound as exc:
            raise CommandError(str(exc)) from exc
        workshop = store_workshop.load(doc).title
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
        names = {a.id: a.name for a in store_attendees.load_all(doc) if a.id is not None}
        doc.close(take_backup=False)
    grouped = set(formation.people)
    in_room = {a.id for a in people}
    footnote = _footnote(formation, kept is not None, checked_in, len(grouped))
    _write(out, suffix, Path(args.file), formation, names, item.title, workshop, footnote)
    source = (
        "kept groups" if kept is not None else f"formed and kept from {_who(checked_in, people)}"
    )
    print(
        f"{item.title}: {formation.rule.label.lower()}; {source}; "
        f"{sizes_in_words(formation.stages[0].groups)}, {count(len(formation.stages), 'round')}"
        f"; {count(again, 'meeting')} again; written to {out}"
    )
    missing = len(in_room - grouped) if checked_in else 0
    if kept is not None and missing:
        print(
            f"{count(missing, 'person')} checked in {'is' if missing == 1 else 'are'} not in these "
            "groups; --new forms them again with everyone in the room"
        )
    for note in formation.notes():
        print(f"Note: {note}")
    return 0


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


def _write(
    out: Path,
    suffix: str,
    workshop_file: Path,
    formation: Formation,
    names: Mapping[int, str],
    title: str,
    workshop: str = "",
    footnote: str = "",
    *,
    roles: bool = True,
) -> None:
    from labdesk.core.spreadsheet import neutralise

    try:
        with written_whole(out, workshop_file) as partial:
            if suffix == ".csv":
                # With a BOM, as the other exports: Excel then reads the names' accents right.
                with partial.open("w", newline="", encoding="utf-8-sig") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(
                        ["round", "group", "role", "attendee"]
                        if roles
                        else ["round", "group", "attendee"]
                    )
                    for r, stage in enumerate(formation.stages):
                        seats = formation.roles_in(r)
                        for g, group in enumerate(stage.groups, 1):
                            for person, role in zip(group, seats[g - 1], strict=True):
                                name = neutralise(names.get(person, "?"))
                                row = [r + 1, g, role, name] if roles else [r + 1, g, name]
                                writer.writerow(row)
            else:
                from labdesk.printing.groups import render

                render(partial, formation, names, title=title, workshop=workshop, footnote=footnote)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _pdf(
    out: Path, title: str, rounds: list[list[list[int]]], names: Mapping[int | None, str]
) -> None:
    """The console's Print… (until it prints a formation): new groups each round."""
    from labdesk.core.activities import Grouping
    from labdesk.core.grouping import Stage
    from labdesk.printing.groups import render

    size = max((len(g) for r in rounds for g in r), default=0)
    formation = Formation(Grouping.NEW_PARTNERS_EACH_ROUND, [Stage(size, r) for r in rounds])
    render(out, formation, {k: v for k, v in names.items() if k is not None}, title=title)
