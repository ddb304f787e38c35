"""`labdesk merge FILE OTHER [--dry-run]`: bring another site's workshop into FILE.

OTHER is opened read-only and never changed (it may be open in the other site's app). People
are matched by the rules imports use; pairs the rules cannot decide are listed by --dry-run
and decided with --same or --apart. FILE is written in one transaction, after a backup, and
only by the one labdesk that holds it: while the app or `labdesk serve` has FILE open this
command refuses (merge from the app instead, File › Merge Another Site…).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from labdesk.cli import CommandError

if TYPE_CHECKING:
    from labdesk.store.merge import MergePlan

MAX_LINES = 200  # per kind of person listed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Bring another site's workshop file into FILE: its people (matched to FILE's by"
        " ticket code, email, or name with organisation), check-ins, feedback, commitment"
        " cards, postcards and polls, each tagged with its site. OTHER is read, never changed."
        " Merging the same file again adds nothing."
    )
    parser.epilog = (
        "Doubtful pairs (the same email under another name, the same name with another email"
        " or none) are listed by --dry-run as HERE=THERE, FILE's attendee number and OTHER's."
        " A merge with a pair left undecided is refused: decide each with --same or --apart,"
        " e.g. --same 11=11 --apart 13=13, or all at once with --same all or --apart all."
    )
    parser.add_argument("file", metavar="FILE", help="the .labdesk workshop file to merge into")
    parser.add_argument("other", metavar="OTHER", help="the other site's .labdesk file (read only)")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show who matches whom and what comes; change nothing",
    )
    parser.add_argument(
        "--same",
        action="append",
        default=[],
        metavar="HERE=THERE",
        help="a doubtful pair is one person (repeatable; `all` for every pair)",
    )
    parser.add_argument(
        "--apart",
        action="append",
        default=[],
        metavar="HERE=THERE",
        help="a doubtful pair is two people (repeatable; `all` for every pair)",
    )


def _decisions(
    same: list[str], apart: list[str]
) -> tuple[dict[tuple[int, int], bool], bool | None]:
    decisions: dict[tuple[int, int], bool] = {}
    default: bool | None = None
    for flag, values, verdict in (("--same", same, True), ("--apart", apart, False)):
        for value in values:
            text = value.strip()
            if text.casefold() == "all":
                if default is not None and default != verdict:
                    raise CommandError("give --same all or --apart all, not both")
                default = verdict
                continue
            here, sep, there = text.partition("=")
            if not sep or not here.strip().isdigit() or not there.strip().isdigit():
                raise CommandError(
                    f"{flag} {value!r}: write a pair as HERE=THERE, the two attendee numbers"
                    " --dry-run shows (e.g. 11=14), or `all`"
                )
            pair = (int(here), int(there))
            if decisions.get(pair, verdict) != verdict:
                raise CommandError(f"{here}={there} is given both as --same and as --apart")
            decisions[pair] = verdict
    return decisions, default


def _print_people(plan: MergePlan) -> None:
    from labdesk.core.merging import Step
    from labdesk.store.merge import describe

    source, steps = plan.source, plan.people.steps
    here_name, there_name = plan.here.place, source.site.place
    counts = {step: len(plan.people.of(step)) for step in Step}
    decided = [s for s in steps if s.decided is not None]
    parts = [f"{counts[Step.SAME]} the same as someone here", f"{counts[Step.NEW]} new"]
    if counts[Step.DOUBTFUL] or decided:
        parts.append(
            f"{counts[Step.DOUBTFUL] + len(decided)} doubtful"
            + (f" ({counts[Step.DOUBTFUL]} not decided)" if counts[Step.DOUBTFUL] else "")
        )
    if counts[Step.ERASED]:
        parts.append(f"{counts[Step.ERASED]} erased on request")
    print(f"people at {there_name}: {len(steps)}: " + ", ".join(parts))
    shown: dict[str, int] = {}

    def line(kind: str, text: str) -> None:
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= MAX_LINES:
            print(f"  {kind}: {text}")

    for s in steps:
        there = source.person(s.there).attendee
        here = plan.here_people.get(s.here) if s.here is not None else None
        if s.step is Step.SAME:
            how = f"decided: {s.how}" if s.decided else s.how
            same_name = here is not None and here.name == there.name
            them = f"#{s.there}" if same_name else describe(there, s.there)
            line(
                "same",
                f"here #{s.here} {there.name if same_name else ''}".rstrip()
                + f" = there {them} ({how})"
                if same_name
                else f"here {describe(here, s.here)} = there {them} ({how})",
            )
        elif s.step is Step.DOUBTFUL:
            line(
                "doubtful",
                f"here {describe(here, s.here)} ? there {describe(there, s.there)}: {s.how};"
                f" decide with --same {s.here}={s.there} or --apart {s.here}={s.there}",
            )
        elif s.step is Step.ERASED:
            if s.erase_here:
                line(
                    "erased",
                    f"there #{s.there}, erased on request at {there_name}, is here"
                    f" {describe(here, s.here)}: erased here too",
                )
            elif s.how == "erased here" or (here is not None and here.erased_at is not None):
                line("erased", f"there #{s.there}: erased on request at {here_name}; not merged")
            else:
                line("erased", f"there #{s.there}: erased on request at {there_name}; counted only")
        elif s.decided is False:
            line(
                "new",
                f"there {describe(there, s.there)} (decided: not here {describe(here, s.here)})",
            )
        else:
            line("new", f"there {describe(there, s.there)}")
    for kind, count in shown.items():
        if count > MAX_LINES:
            print(f"  … and {count - MAX_LINES} more {kind}")
    for here_id, there_id in plan.people.unknown_decisions:
        print(f"note: {here_id}={there_id} is not a doubtful pair of these files; ignored")


def run(args: argparse.Namespace) -> int:

    from labdesk.commands import open_for, refuse_past_retention, refuse_workshop_part
    from labdesk.store import WorkshopFileError, merge

    file, other_path = Path(args.file), Path(args.other)
    decisions, default = _decisions(args.same, args.apart)
    refuse_workshop_part(
        other_path, file, "another site's file: a file cannot be merged into itself"
    )
    # The other file first: nothing about it can be wrong once FILE is open.
    try:
        other = merge.open_other(other_path, file)
    except WorkshopFileError as exc:
        raise CommandError(f"cannot merge {other_path.name}: {exc}") from None
    try:
        try:
            doc = open_for(file, lock=not args.dry_run, purpose="merge")
        except WorkshopFileError as exc:
            if "already open in another labdesk" in str(exc) and "labdesk serve" not in str(exc):
                # The app can merge the file it holds; labdesk serve has no menu to do it in.
                raise CommandError(
                    f"{exc} Or merge there, in its File menu: Merge Another Site…"
                ) from None
            raise
        with doc:
            refuse_past_retention(doc)
            source = merge.read(other)
            try:
                plan = merge.plan(doc, source, decisions=decisions, default=default)
            except WorkshopFileError:
                doc.close(take_backup=False)
                raise
            print(f"merging {source.site.describe()}")
            print(f"   into {plan.here.describe()}")
            _print_people(plan)
            for text in plan.records():
                print(text)
            if args.dry_run:
                verdict = "nothing new to merge" if plan.empty else "nothing changed"
                print(f"dry run: {verdict}")
                doc.close(take_backup=False)
                return 0
            return _merge(doc, plan, file)
    finally:
        other.close(take_backup=False)


def _merge(doc: object, plan: MergePlan, file: Path) -> int:
    from labdesk import sites
    from labdesk.core.words import count, plural
    from labdesk.store import WorkshopFile
    from labdesk.store import sites as store_sites

    assert isinstance(doc, WorkshopFile)
    if plan.people.unknown_decisions:
        here_id, there_id = plan.people.unknown_decisions[0]
        doc.close(take_backup=False)
        raise CommandError(
            f"{here_id}={there_id} is not a doubtful pair of these files (see --dry-run);"
            " nothing changed"
        )
    if plan.people.undecided:
        n = len(plan.people.undecided)
        doc.close(take_backup=False)
        raise CommandError(
            f"{count(n, 'doubtful pair')} {plural(n, 'is')} not decided: give --same"
            " HERE=THERE or --apart HERE=THERE for each (listed above), or --apart all;"
            " nothing changed"
        )
    if plan.empty:
        print(f"nothing new to merge: {file.name} holds all of {plan.source.path.name} already")
        doc.close(take_backup=False)
        return 0
    merged = sites.run(doc, plan)
    for text in merged.lines:
        print(text)
    for problem in merged.problems:
        print(f"labdesk: {problem}")
    live, blank = doc.con.execute(
        "SELECT count(*) - coalesce(sum(erased_at IS NOT NULL), 0),"
        " coalesce(sum(erased_at IS NOT NULL), 0) FROM attendees"
    ).fetchone()
    print(
        f"{file.name}: {live} people (and {blank} erased on request),"
        f" {len(store_sites.every(doc))} sites"
    )
    return 1 if merged.problems else 0
