"""The files labdesk makes from a workshop, made one way by the commands and the app.

Each kind of file has one maker here. A maker writes the file whole and owner-only
(labdesk.private_files), and the workshop file remembers it (labdesk.store.generated): its
kind, the options it was made with, the attendees it names and the commitment cards it holds.
So when a person is erased, every file that named them is made again, by the same maker with
the same options, from the workshop as it is now (without them), or is removed when there is
nothing left to make (a person's own data, a preview, a badge sheet of one). When the
retention date comes, every file that holds personal data is removed.

Kinds: attendees, feedback, commitments, polls (the export tables, .csv or .xlsx), mailing (the
postcard mailing list), person (one person's data, .json), badges, postcards, labels, report,
groups (.csv or .pdf), agenda (the printable agenda and run sheet); a preview is any of these in the temporary folder; a copy is a whole
workshop (rewritten through SQLite, never here).
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.core.model import AttendeeStatus
from labdesk.private_files import written_whole
from labdesk.store import generated
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.generated import FileKind

log = logging.getLogger("labdesk.outputs")

# Told (done, total) as a long maker goes (badges, a sheet at a time): see reporting().
_progress: contextvars.ContextVar[Callable[[int, int], object] | None] = contextvars.ContextVar(
    "progress", default=None
)


@contextlib.contextmanager
def reporting(progress: Callable[[int, int], object]) -> Iterator[None]:
    """Makers run meanwhile (in this thread) tell progress(done, total) how far they are."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


@dataclass
class Made:
    """What went into a file: whom it names, which cards it holds, how long it is."""

    people: set[int] = field(default_factory=set)
    cards: set[int] = field(default_factory=set)
    count: int = 0  # rows, badges, cards or labels written
    pages: int = 0
    remembered: bool = True  # False: the workshop file could not note it (read-only)

    @property
    def note(self) -> str:
        """What to tell the user when the file could not be remembered."""
        if self.remembered:
            return ""
        return (
            "the workshop file is read-only, so it cannot remember this file: erasing someone"
            " later will not find it"
        )


Maker = Callable[[WorkshopFile, Path, dict[str, Any]], Made]

# Kinds that hold nothing about a person once the retention date has passed: made again then.
ANONYMOUS_AFTER_RETENTION = frozenset(
    {FileKind.REPORT, FileKind.FEEDBACK, FileKind.AGENDA, FileKind.POLLS}
)


def make(
    doc: WorkshopFile, kind: FileKind, out: Path, *, temporary: bool = False, **options: Any
) -> Made:
    """Write out with the maker of kind and remember it (as a preview when temporary). An out
    that is the workshop file, one of its journals or a link to them is refused: replacing it
    would cut the holder off its file (labdesk.store.links)."""
    from labdesk.store import links

    if links.is_part_of(Path(out), doc.path):
        raise WorkshopFileError(
            f"{Path(out).name} is the workshop file itself (or part of it), not a place for the"
            " output; choose another name"
        )
    made = MAKERS[kind](doc, Path(out), options)
    try:
        remember(doc, out, kind, options, made, temporary=temporary)
    except WorkshopFileError as exc:
        log.warning("could not remember a %s file: %s", kind, exc)
        made.remembered = False
    return made


def remember(
    doc: WorkshopFile,
    out: Path,
    kind: FileKind,
    options: dict[str, Any],
    made: Made,
    *,
    temporary: bool = False,
) -> None:
    """Note a file made (or copied from a preview) for later erasures."""
    generated.remember(
        doc,
        Path(out),
        FileKind.PREVIEW if temporary else kind,
        options={**options, "made_as": kind} if temporary else options,
        people=made.people,
        cards=made.cards,
    )


# -- the makers ----------------------------------------------------------------------------------


def _tables(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.store.exports import (
        attendee_table,
        commitment_table,
        feedback_table,
        poll_table,
        write_table,
    )

    what = options.get("what", "attendees")
    table, sheet = {
        "attendees": (attendee_table, "Attendees"),
        "feedback": (feedback_table, "Feedback responses"),
        "commitments": (commitment_table, "Commitment cards"),
        "polls": (poll_table, "Polls"),
    }[what]
    site = _site(doc, options.get("site"))
    header, rows = table(doc, site)
    write_table(out, header, rows, sheet=sheet)
    made = Made(count=len(rows))
    # Whom it may name (all of a table's kind, whichever site it was kept to: an erasure
    # makes it again either way).
    if what == "attendees":
        made.people = {
            int(r[0]) for r in doc.con.execute("SELECT id FROM attendees WHERE erased_at IS NULL")
        }
    elif what == "commitments":
        for card_id, attendee_id in doc.con.execute("SELECT id, attendee_id FROM commitments"):
            made.cards.add(int(card_id))
            if attendee_id is not None:
                made.people.add(int(attendee_id))
    return made


def _site(doc: WorkshopFile, chosen: Any) -> Any:
    """The site an export was kept to: options["site"] is "here" or a site's id in the file
    (None: every site)."""
    from labdesk.store import sites

    if chosen is None:
        return None
    every = sites.every(doc)
    found = next((s for s in every if (s.id if s.id is not None else "here") == chosen), None)
    if found is None:
        raise WorkshopFileError("the site this file was kept to is no longer in the workshop")
    return found


def _export(what: str) -> Maker:
    return lambda doc, out, options: _tables(doc, out, {**options, "what": what})


def _postcards_chosen(doc: WorkshopFile, options: dict[str, Any]) -> list[Any]:
    from labdesk.store import postcards as store_postcards

    wanted = options.get("cards")
    cards = store_postcards.load_all(doc)
    if wanted is None:
        return cards
    keep = set(wanted)
    return [c for c in cards if c.id in keep]


def _made_of_cards(cards: list[Any]) -> Made:
    made = Made(count=len(cards))
    for c in cards:
        made.cards.add(c.id)
        if c.attendee is not None and c.attendee.id is not None:
            made.people.add(c.attendee.id)
    return made


def _mailing(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.core.posting import mailing_csv
    from labdesk.private_files import write_private

    cards = [c for c in _postcards_chosen(doc, options) if c.postable]
    write_private(out, mailing_csv(cards).encode("utf-8"))
    return _made_of_cards(cards)


def _postcards(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.printing import postcards as printing

    cards = _postcards_chosen(doc, options)
    with written_whole(out) as partial:
        pages = printing.render(
            partial,
            printing.faces_from(cards),
            printing.design_for(doc),
            layout=options.get("layout", "a5"),
            flip=options.get("flip", "long"),
        )
    made = _made_of_cards(cards)
    made.pages = pages
    return made


def _labels(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.printing import labels

    cards = [c for c in _postcards_chosen(doc, options) if c.postable and not c.posted]
    with written_whole(out) as partial:
        pages = labels.render(
            partial,
            [[c.name, *c.address_lines] for c in cards],
            sheet=options.get("sheet", labels.DEFAULT_SHEET),
        )
    made = _made_of_cards(cards)
    made.pages = pages
    return made


def _badges(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.printing.badges import DEFAULT_SIZE, Badge, badge_sheets, single_badges
    from labdesk.store import attendees
    from labdesk.store import workshop as store_workshop
    from labdesk.store.checkins import Scanner

    wanted = options.get("people")
    people = [a for a in attendees.load_all(doc) if a.status == AttendeeStatus.ATTENDING]
    if wanted is not None:
        keep = set(wanted)
        people = [a for a in people if a.id in keep]
    scanner = Scanner(doc)
    badges = [Badge(a.name, a.organisation, scanner.badge_code(a.id or 0), a.role) for a in people]
    size = options.get("size", DEFAULT_SIZE)
    title = store_workshop.load(doc).title
    with written_whole(out) as partial:
        progress = _progress.get()
        if options.get("single"):
            pages = single_badges(badges, partial, size=size, progress=progress)
        else:
            pages = badge_sheets(
                badges, partial, size=size, title=f"Badges — {title}", progress=progress
            )
    return Made(people={a.id for a in people if a.id is not None}, count=len(badges), pages=pages)


def _report(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.printing import report

    with written_whole(out) as partial:
        pages = report.render_for(doc, partial, anonymised=bool(options.get("anonymised")))
    made = Made(pages=pages)
    for card_id, attendee_id in doc.con.execute("SELECT id, attendee_id FROM commitments"):
        made.cards.add(int(card_id))  # their text is in the report
        if attendee_id is not None and not options.get("anonymised"):
            made.people.add(int(attendee_id))
    return made


def _groups(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    """Groups as CSV or PDF. Options: rounds (each round's groups of attendee ids), and for an
    agenda item's groups (by_item) its rule, each round's group size (sizes), its roles
    ([name, rotates] pairs), title, workshop and footnote: the CSV then has a role column."""
    from labdesk.core.activities import Grouping, Role
    from labdesk.core.grouping import Formation, Stage
    from labdesk.core.spreadsheet import neutralise
    from labdesk.printing import groups as printing
    from labdesk.store import attendees
    from labdesk.store import workshop as store_workshop

    names: dict[int, str] = {a.id: a.name for a in attendees.load_all(doc) if a.id is not None}
    # Made again after an erasure: whoever is no longer in the file leaves their group.
    rounds = [
        [[p for p in group if p in names] for group in groups] for groups in options["rounds"]
    ]
    rounds = [[g for g in groups if g] for groups in rounds]
    try:
        rule = Grouping(options.get("rule", Grouping.NEW_PARTNERS_EACH_ROUND.value))
    except ValueError:
        rule = Grouping.NEW_PARTNERS_EACH_ROUND
    sizes = list(options.get("sizes") or [])
    stages = [
        Stage(int(sizes[r]) if r < len(sizes) else max(map(len, groups), default=0), groups)
        for r, groups in enumerate(rounds)
    ]
    roles = [Role(str(name), bool(rotates)) for name, rotates in options.get("roles", [])]
    formation = Formation(rule, stages, roles)
    by_item = bool(options.get("by_item"))
    with written_whole(out) as partial:
        if out.suffix.lower() == ".csv":
            # With a BOM, as the other exports: Excel then reads the names' accents right.
            with partial.open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow(
                    ["round", "group", "role", "attendee"]
                    if by_item
                    else ["round", "group", "attendee"]
                )
                for r, stage in enumerate(formation.stages):
                    seats = formation.roles_in(r)
                    for g, group in enumerate(stage.groups, 1):
                        for person, role in zip(group, seats[g - 1], strict=True):
                            name = neutralise(names[person])
                            writer.writerow([r + 1, g, role, name] if by_item else [r + 1, g, name])
        else:
            printing.render(
                partial,
                formation,
                names,
                title=str(options.get("title") or store_workshop.load(doc).title),
                workshop=str(options.get("workshop") or ""),
                footnote=str(options.get("footnote") or ""),
            )
    people = {p for groups in rounds for group in groups for p in group}
    return Made(people=people, count=len(people))


def _agenda(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    """The printable agenda; with run_sheet, the facilitator's run sheet after it (which
    names the people in the groups kept)."""
    from labdesk.printing import agenda
    from labdesk.store import agenda_sheet

    sheet = agenda_sheet.load(doc)
    run_sheet = bool(options.get("run_sheet"))
    with written_whole(out) as partial:
        pages = agenda.render(partial, sheet, with_run_sheet=run_sheet)
    people: set[int] = set()
    if run_sheet:
        for entry in sheet.items:
            if entry.groups is not None:
                people |= {p for groups in entry.groups.rounds[:1] for g in groups for p in g}
    return Made(people=people & set(sheet.names), count=len(sheet.items), pages=pages)


def _person(doc: WorkshopFile, out: Path, options: dict[str, Any]) -> Made:
    from labdesk.private_files import write_private
    from labdesk.store import erasure

    attendee_id = int(options["attendee"])
    write_private(out, erasure.export_json(doc, attendee_id).encode("utf-8"))
    return Made(people={attendee_id}, count=1)


MAKERS: dict[FileKind, Maker] = {
    FileKind.ATTENDEES: _export("attendees"),
    FileKind.FEEDBACK: _export("feedback"),
    FileKind.COMMITMENTS: _export("commitments"),
    FileKind.POLLS: _export("polls"),
    FileKind.MAILING: _mailing,
    FileKind.POSTCARDS: _postcards,
    FileKind.LABELS: _labels,
    FileKind.BADGES: _badges,
    FileKind.REPORT: _report,
    FileKind.GROUPS: _groups,
    FileKind.AGENDA: _agenda,
    FileKind.PERSON: _person,
}
# Files that are only ever removed, never made again: one person's data goes with them.
REMOVE_ONLY = frozenset({FileKind.PERSON})
