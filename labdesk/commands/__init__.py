"""Batch subcommands of `labdesk`: each has add_arguments(parser) and run(args) -> int; no Qt."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from labdesk.private_files import written_whole

if TYPE_CHECKING:
    from labdesk.store import WorkshopFile

__all__ = ["open_for", "written_whole"]


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
