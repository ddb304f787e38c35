"""Batch subcommands of `labdesk`: each has add_arguments(parser) and run(args) -> int; no Qt."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def refuse_workshop_part(path: Path, workshop: Path, what: str) -> None:
    """A one-line refusal when path (an output, or a list to read) is the workshop file, one of
    its journals or a link to them: replacing it would cut the holder off its file, and reading
    it in this process would drop this process's locks on it (labdesk.store.links)."""
    from labdesk.cli import CommandError
    from labdesk.store import links

    if links.is_part_of(path, workshop):
        raise CommandError(f"{path.name} is the workshop file itself (or part of it), not {what}")


def pdf_output(value: str) -> Path:
    """The -o of a command that prints: a .pdf in a folder that exists, else a one-line refusal."""
    from labdesk.cli import CommandError

    out = Path(value)
    if out.suffix.lower() != ".pdf":
        raise CommandError(f"{out.name}: the output must be a .pdf file")
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent} does not exist")
    return out


@contextlib.contextmanager
def written_whole(out: Path, workshop: Path | None = None) -> Iterator[Path]:
    """A temporary path beside out, owner-only, renamed to out only when the block succeeds: a
    full disk or a failure half-way never leaves a cut-off file, nor spoils the one already
    there. With workshop, an out that is the workshop file (or part of it) is refused first."""
    if workshop is not None:
        refuse_workshop_part(out, workshop, "a place for the output; choose another name")
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        # Owner-only from the first byte: what labdesk writes holds people's names.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        yield partial
        os.chmod(partial, 0o600)  # a writer that replaced the file made it with the umask
        os.replace(partial, out)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
