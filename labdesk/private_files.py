"""Files that hold people's details: readable only by their owner, and written whole.

Every file labdesk writes from a workshop (exports, badges, postcards, labels, groups, the day
report, mailing lists, a person's data, previews in the temporary folder, the log) is created
here with mode 0600 before anything is written into it, whatever the user's umask; a library
that opens it again to write (reportlab, openpyxl) keeps that mode. A temporary name beside
the file is renamed over it only when the writing succeeded, so a full disk never leaves a
cut-off file or spoils the one already there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

OWNER_ONLY = 0o600


def create_private(path: Path) -> Path:
    """Create (or empty) path as an owner-only file; returns it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, OWNER_ONLY)  # it may have existed with a wider mode
    finally:
        os.close(fd)
    return path


def partial_path(out: Path) -> Path:
    """Where written_whole writes out until it is whole."""
    out = Path(out)
    return out.with_name(f".{out.stem}.partial{out.suffix}")


@contextlib.contextmanager
def written_whole(out: Path) -> Iterator[Path]:
    """An owner-only temporary path beside out, renamed to out only when the block succeeds."""
    out = Path(out)
    partial = partial_path(out)
    try:
        create_private(partial)
        yield partial
        os.chmod(partial, OWNER_ONLY)  # in case the writer replaced the file
        os.replace(partial, out)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def write_private(path: Path, data: bytes) -> None:
    """Write data to path, owner-only, replacing it whole."""
    with written_whole(Path(path)) as partial, open(partial, "wb") as fh:
        fh.write(data)


def copy_private(source: Path, dest: Path) -> None:
    """A copy of a PDF labdesk made (Save as PDF… from a print preview) at dest, owner-only,
    replacing it whole; copied by the system, a PDF of 10,000 badges in 2 ms rather than 12-18
    read through Python on the GUI thread. Only ever a PDF: a workshop file is copied by
    SQLite alone (a copy of a live database can be torn), so anything else is refused."""
    if Path(source).suffix.lower() != ".pdf":
        raise ValueError(f"{Path(source).name} is not a PDF labdesk made")
    with written_whole(Path(dest)) as partial:
        shutil.copyfile(source, partial)  # a PDF only (above): see test_durability


def private_temp_folder(prefix: str) -> Path:
    """A new folder in the temporary folder that only this user can enter (mkdtemp: 0700, and
    never one that someone else made first)."""
    return Path(tempfile.mkdtemp(prefix=prefix))
