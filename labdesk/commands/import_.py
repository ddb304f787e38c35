"""`labdesk import FILE SOURCE [--dry-run]`: attendees from a CSV/TSV/TXT/XLSX export.

Before anything is written it says how the file was read, which sheet, and for every column what
it became and why (the vocabulary entry that decided), so an organiser can trust or override it
with --map.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labdesk.core.importing import ImportPlan

MAX_PROBLEM_LINES = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("source", metavar="SOURCE", help="the attendee list (.csv .tsv .txt .xlsx)")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; change nothing"
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="the workbook sheet to import (by default the one that lists people)",
    )
    parser.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="the row holding the column names (1 = first), if not found",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="say what a column holds, e.g. --map 'Nom=name' (repeatable); "
        "FIELD is one of: " + ", ".join(_field_names()),
    )


def _field_names() -> list[str]:
    from labdesk.core.importing import Field

    return [f.value for f in Field]


def run(args: argparse.Namespace) -> int:

    from labdesk.cli import CommandError
    from labdesk.commands import open_for, refuse_past_retention, refuse_workshop_part
    from labdesk.core import importing
    from labdesk.store import attendees, checkins, erasure

    source = Path(args.source)
    if args.header_row is not None and args.header_row < 1:
        raise CommandError("--header-row counts from 1 (the first row of the file)")
    refuse_workshop_part(source, Path(args.file), "an attendee list")
    data = read_source(source)

    with open_for(args.file, lock=not args.dry_run, purpose="import") as doc:
        refuse_past_retention(doc)
        existing = attendees.load_all(doc)
        present = set(checkins.checked_in_at(doc))
        try:
            table = importing.read_table(data, source.name, args.sheet)
            header_row = None if args.header_row is None else args.header_row - 1
            mapping = None
            if args.map:
                if header_row is None:
                    header_row = importing.find_header(table.rows)
                mapping = _mapping(
                    table.rows[header_row] if 0 <= header_row < len(table.rows) else [],
                    args.map,
                    table.rows[header_row + 1 :],
                )
            plan = importing.plan_import(
                table,
                importing.source_label(table, source.name),
                existing,
                mapping=mapping,
                header_row=header_row,
                checked_in=present,
                erased=erasure.erased_list(doc),
            )
        except importing.ImportError_ as exc:
            raise CommandError(f"{source.name}: {exc}") from None
        print(f"{source.name}: {table.describe()}; header on row {plan.header_row + 1}")
        _print_columns(plan)
        for note in plan.notes:
            print(f"note: {note}")
        lines = 0
        for step in plan.rows:
            if step.action is importing.Action.SKIP:
                who = f" ({step.attendee.name})" if step.attendee else ""
                print(f"row {step.row}: left out{who}: {step.reason}")
                lines += 1
            for problem in step.problems:
                if lines < MAX_PROBLEM_LINES:
                    print(f"row {step.row}: {problem}")
                lines += 1
        if lines > MAX_PROBLEM_LINES:
            print(f"… and {lines - MAX_PROBLEM_LINES} more lines")
        if args.dry_run:
            print(f"dry run: {plan.summary()}; nothing changed")
            doc.close(take_backup=False)
            return 0
        outcome = attendees.apply_import(doc, plan)
        for row, problem in outcome.problems:
            print(f"row {row}: {problem}")
        print(f"imported: {plan.summary()}; {attendees.count(doc)} attending in total")
    return 0


def _print_columns(plan: ImportPlan) -> None:
    """One line per column: what it became and why. Empty columns that nothing reads are
    counted, not listed."""
    from labdesk.core.importing import Field

    body = plan.table.rows[plan.header_row + 1 :]
    tool = f"{plan.tool.name}: " if plan.tool is not None else ""
    if tool:
        print(f"columns, read as {plan.tool.name} (use --map 'COLUMN=FIELD' to change one):")
    else:
        print("columns (use --map 'COLUMN=FIELD' to change one):")
    quiet = 0
    for column in plan.columns:
        used = any(column.index < len(r) and r[column.index].strip() for r in body)
        if column.field is Field.IGNORE and not used:
            quiet += 1
            continue
        became = "not imported" if column.field is Field.IGNORE else column.field.value
        why = column.why.removeprefix(tool) if tool else column.why
        why = f" ({why})" if why else ""
        print(f"  {column.label()} → {became}{why}")
    if quiet:
        print(f"  … and {quiet} empty {'column' if quiet == 1 else 'columns'}, not imported")


def _mapping(headers: list[str], pairs: list[str], rows: list[list[str]]) -> list[object]:
    from labdesk.cli import CommandError
    from labdesk.core.importing import Field, guess_mapping, tidy

    width = max((len(r) for r in rows), default=0)
    headers = [tidy(h) for h in headers] + [""] * max(0, width - len(headers))
    mapping = guess_mapping(headers, rows)
    folded = [tidy(h).casefold() for h in headers]
    for pair in pairs:
        column, sep, name = pair.rpartition("=")  # field names hold no "=", headers may
        if not sep:
            raise CommandError(f"--map {pair!r}: write it as COLUMN=FIELD.")
        try:
            wanted = Field(name.strip().lower())
        except ValueError:
            raise CommandError(
                f"--map: {name!r} is not a field; use one of " + ", ".join(f.value for f in Field)
            ) from None
        key = column.strip().casefold()
        if key in folded:
            mapping[folded.index(key)] = wanted
        elif key.isdigit() and 1 <= int(key) <= len(headers):
            mapping[int(key) - 1] = wanted
        else:
            raise CommandError(f"--map: no column called {column!r} in the header row.")
    return list(mapping)


def read_source(source: Path) -> bytes:
    """The file's bytes, refusing folders, devices and pipes, and reading no more than the
    importer accepts (so /dev/zero or a 10 GB file is an error, not a hang)."""
    from labdesk.cli import CommandError
    from labdesk.core.importing import MAX_BYTES

    try:
        if source.is_dir():
            raise CommandError(f"{source} is a folder; give the attendee list file.")
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        if not source.is_file():
            raise CommandError(f"{source} is not a regular file; give the attendee list file.")
        with source.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"{source} cannot be read: {exc.strerror or exc}") from None
    return data
