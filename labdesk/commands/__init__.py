"""Batch subcommands of `labdesk`: each has add_arguments(parser) and run(args) -> int; no Qt."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from labdesk.private_files import written_whole as private_written_whole

if TYPE_CHECKING:
    from labdesk.store import WorkshopFile

__all__ = [
    "open_for",
    "pdf_output",
    "refuse_past_retention",
    "refuse_workshop_part",
    "written_whole",
]


def refuse_workshop_part(path: Path, workshop: Path, what: str) -> None:
    """A one-line refusal when path (an output, or a list to read) is the workshop file, one of
    its journals or a link to them: replacing it would cut the holder off its file, and reading
    it in this process would drop this process's locks on it (labdesk.store.links)."""
    from labdesk.cli import CommandError
    from labdesk.store import links

    if links.is_part_of(path, workshop):
        raise CommandError(f"{path.name} is the workshop file itself (or part of it), not {what}")


def refuse_past_retention(doc: WorkshopFile) -> None:
    """For a command that brings personal data in (import, merge): a one-line refusal once the
    workshop's retention date has come (it keeps none from then on). Closes doc first."""
    import datetime as dt

    from labdesk.cli import CommandError
    from labdesk.core import retention
    from labdesk.store import retention as store_retention

    date = store_retention.retention_date(doc)
    if retention.is_due(date, dt.date.today()):
        doc.close(take_backup=False)
        raise CommandError(
            f"the retention date ({date.isoformat()}) has come, so personal data is no"
            " longer kept in this workshop; set a later one first with"
            " `labdesk retention FILE --set DATE`"
        )


def pdf_output(value: str, workshop: str | Path) -> Path:
    """The -o of a command that prints: a .pdf in a folder that exists and not the workshop
    file (or part of it), else a one-line refusal."""
    from labdesk.cli import CommandError

    out = Path(value)
    if out.suffix.lower() != ".pdf":
        raise CommandError(f"{out.name}: the output must be a .pdf file")
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent} does not exist")
    refuse_workshop_part(out, Path(workshop), "a place for the output; choose another name")
    return out


@contextlib.contextmanager
def written_whole(out: Path, workshop: Path | None = None) -> Iterator[Path]:
    """A temporary path beside out, owner-only, renamed to out only when the block succeeds: a
    full disk or a failure half-way never leaves a cut-off file, nor spoils the one already
    there. With workshop, an out that is the workshop file (or part of it) is refused first."""
    if workshop is not None:
        refuse_workshop_part(out, workshop, "a place for the output; choose another name")
    with private_written_whole(out) as partial:
        yield partial


def open_for(
    path: str | Path,
    *,
    purpose: str,
    lock: bool = False,
    retention: bool = True,
    readonly_ok: bool = False,
) -> WorkshopFile:
    """Open a workshop file for a command. When its retention date has come, its personal
    data is purged first (every command that opens the file does this, so nothing past its
    date is exported, printed or shown), and the command says so on standard error.

    readonly_ok: a command that only reads (info, exports, printing) also works on a file it
    cannot write (a read-only disk), unless there is personal data past its date in it."""
    import datetime as dt
    import os

    from labdesk import personal_data
    from labdesk.cli import CommandError
    from labdesk.store import open_workshop
    from labdesk.store import retention as store_retention

    writable = not Path(path).is_file() or os.access(path, os.W_OK)
    doc = open_workshop(path, lock=lock, purpose=purpose, readonly=readonly_ok and not writable)
    if doc.readonly:
        if retention and store_retention.due(doc, dt.date.today()):
            doc.close(take_backup=False)
            raise CommandError(
                f"the retention date of {Path(path).name} has come, but the file cannot be"
                " written here, so its personal data cannot be purged: copy it somewhere"
                " writable and run `labdesk retention FILE --apply`"
            )
        return doc
    if retention:
        try:
            purged = personal_data.apply_retention(doc)
        except BaseException:
            doc.close(take_backup=False)
            raise
        if purged is not None:
            print(f"labdesk: {purged.title}, as its retention date has come.", file=sys.stderr)
            for line in purged.problems:
                print(f"labdesk: {line}", file=sys.stderr)
    return doc
