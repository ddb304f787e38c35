"""`labdesk groups FILE --size N --rounds R -o OUT.csv|OUT.pdf`: groups from who is in the room."""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from labdesk.cli import CommandError
from labdesk.commands import written_whole


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

    from labdesk.core.grouping import form_groups, repeats
    from labdesk.core.spreadsheet import neutralise
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
    names = {a.id: a.name for a in people}
    rounds = form_groups(
        store_groups.members(people),
        args.size,
        args.rounds,
        history=history,
        rng=random.Random(args.seed),
    )
    try:
        with written_whole(out, Path(args.file)) as partial:
            if suffix == ".csv":
                # With a BOM, as the other exports: Excel then reads the names' accents right.
                with partial.open("w", newline="", encoding="utf-8-sig") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(["round", "group", "attendee"])
                    for r, groups in enumerate(rounds, 1):
                        for g, group in enumerate(groups, 1):
                            for person in group:
                                writer.writerow([r, g, neutralise(names[person])])
            else:
                _pdf(partial, title, rounds, names)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    who = "checked in" if checked_in else "attending (nobody has checked in yet)"
    print(
        f"{len(people)} {'person' if len(people) == 1 else 'people'} {who}; "
        f"{len(rounds[0])} {'group' if len(rounds[0]) == 1 else 'groups'} a round, "
        f"{len(rounds)} {'round' if len(rounds) == 1 else 'rounds'}; "
        f"{repeats(rounds, history)} meetings again; written to {out}"
    )
    return 0


def _pdf(
    out: Path, title: str, rounds: list[list[list[int]]], names: dict[int | None, str]
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from labdesk.printing.fonts import register

    regular, bold = register()
    width, height = A4
    canvas = Canvas(str(out), pagesize=A4)
    canvas.setTitle(f"Groups — {title}")
    margin = 18 * mm
    for r, groups in enumerate(rounds, 1):
        y = height - margin
        size = 16.0
        while size > 8 and canvas.stringWidth(title, bold, size) > width - 2 * margin:
            size -= 0.5
        canvas.setFont(bold, size)
        canvas.drawString(margin, y, title)
        y -= 9 * mm
        canvas.setFont(bold, 13)
        canvas.drawString(margin, y, f"Round {r} of {len(rounds)}: {len(groups)} groups")
        y -= 10 * mm
        column_x = [margin, width / 2]
        col = 0
        top = y
        for g, group in enumerate(groups, 1):
            needed = (len(group) + 1) * 5.5 * mm + 3 * mm
            if y - needed < margin:
                if col == 0:
                    col, y = 1, top
                else:
                    canvas.showPage()
                    col, y = 0, height - margin
                    top = y
            x = column_x[col]
            canvas.setFont(bold, 11)
            canvas.drawString(x, y, f"Group {g}")
            y -= 5.5 * mm
            canvas.setFont(regular, 11)
            for person in group:
                canvas.drawString(x + 5 * mm, y, names.get(person, "?")[:45])
                y -= 5.5 * mm
            y -= 3 * mm
        canvas.showPage()
    canvas.save()
