"""Running the real `labdesk` command line in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Ran:
    code: int
    out: str
    err: str


def labdesk(*args: str | Path, stdin: bytes | None = None, timeout: float = 60) -> Ran:
    """Run `python -m labdesk ARGS` from the checkout; a hang fails the test (timeout)."""
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", *map(str, args)],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return Ran(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def refused(ran: Ran) -> str:
    """The one-line reason of a refused command (non-zero exit, no traceback)."""
    assert ran.code != 0, ran.out
    assert "Traceback" not in ran.err, ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert lines[0].startswith("labdesk: "), lines[0]
    return lines[0]


def fine(ran: Ran) -> str:
    """The output of a command that worked."""
    assert ran.code == 0, ran.err
    assert "Traceback" not in ran.err, ran.err
    return ran.out
