"""Batch subcommands of `labdesk`: each has add_arguments(parser) and run(args) -> int; no Qt."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def written_whole(out: Path) -> Iterator[Path]:
    """A temporary path beside out, renamed to out only when the block succeeds: a full disk or
    a failure half-way never leaves a cut-off file, nor spoils the one already there."""
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        yield partial
        os.replace(partial, out)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
