"""A file made by its maker (labdesk.outputs) in a child process: a long run of badges.

Laying out 10,000 badges makes millions of short-lived Python objects. Made on a worker thread
of the app, they share the app's interpreter: the garbage collector (run on the GUI thread,
labdesk.gui.background) walks them, tens of milliseconds at a time, and the worker holds the
interpreter whenever it runs. Made in a child process, none of that touches the app: its GUI
thread, its heap and its memory stay as they were, and the countdown on the projector carries on.

The child is labdesk itself, started with an internal first argument (`python -m labdesk`, or in
the packaged app its own program: labdesk/__main__.py is the bundle's entry point too). It opens
the workshop file with its own connection (one file, many processes), makes the file with the
same maker the commands and the app use (`outputs.make`), and writes what went in (Made) to a
result file, and how far it is to a progress file a few times a second; the parent waits on it
from its worker, passes its progress on, kills it when the work is cancelled, and turns a
failure into one plain sentence. Spec, result and progress are owner-only files beside the
output, removed once it is done.

    made = outputs_child.make(path, FileKind.BADGES, out, temporary=True, cancelled=event,
                              progress=lambda done, total: ..., size="a4-4")
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded when a child is started: the app's start imports Cancelled only
    import subprocess

ARGUMENT = "--make-in-child"  # internal: labdesk/__main__.py hands the rest to main()

# From how many people a run of badges is laid out in a child. Starting one (an interpreter,
# reportlab, the store) adds 0.4-0.8 s: 1,000 badges reach the preview in 0.55 s in the app and
# 1.4 s in a child, and in the app hold the GUI thread no longer than a child's do (12.6 ms
# median); at 3,000 the app's own collections hold it 20 ms (29 at worst) and a child is worth
# its start. A badge at the desk is always made in the app.
APART_FROM = 1000

# The child runs a little below the app's priority: when the processor is busy (a phone burst,
# another program) the GUI thread is first in line, and the badges take the time left over.
NICENESS = 5
POLL_S = 0.05  # how often the waiting worker looks whether it was cancelled
TELL_EVERY_S = 0.1  # how often the child says how far it is

log = logging.getLogger("labdesk.outputs")


class Cancelled(Exception):
    """The work stopped because it was cancelled (the workshop closing, a Stop button)."""


class ChildFailed(Exception):
    """The child could not make the file; the message says so in one sentence."""


def command() -> list[str]:
    """How to start labdesk again: the bundle's own program, or this Python with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable, ARGUMENT]
    return [sys.executable, "-m", "labdesk", ARGUMENT]


def make(
    path: Path,
    kind: str,
    out: Path,
    *,
    temporary: bool = False,
    cancelled: threading.Event | None = None,
    progress: Callable[[int, int], object] | None = None,
    **options: Any,
) -> Any:
    """outputs.make(doc of path, kind, out, temporary=temporary, **options), in a child process;
    returns its Made. progress(done, total) hears how far it is (a few times a second, on this
    thread). Raises Cancelled once `cancelled` is set (the child stopped), the child's own plain
    error (WorkshopFileError, OSError) as WorkshopFileError, or ChildFailed."""
    from labdesk.outputs import Made
    from labdesk.private_files import partial_path, write_private
    from labdesk.store.document import WorkshopFileError

    out = Path(out)
    spec, result, errors, far = (
        out.with_name(f".{out.stem}.{n}") for n in ("spec", "made", "err", "far")
    )
    for stale in (result, errors, far):
        with contextlib.suppress(OSError):
            stale.unlink()
    what = {
        "file": str(path),
        "kind": str(kind),
        "out": str(out),
        "temporary": temporary,
        "options": options,
        "result": str(result),
        "progress": str(far),
    }
    write_private(spec, json.dumps(what).encode("utf-8"))
    import subprocess

    try:
        with open(errors, "wb") as err:
            child = subprocess.Popen(
                [*command(), str(spec)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0)
                | getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0),  # Windows: NICENESS
            )
            code = _wait(child, cancelled, far, progress)
        if code is None:
            with contextlib.suppress(OSError):
                partial_path(out).unlink()  # what it had half written
            raise Cancelled(f"Laying out the {kind} was cancelled.")
        answer = _answer(result)
        if code == 0 and "made" in answer:
            m = answer["made"]
            return Made(
                people=set(m["people"]),
                cards=set(m["cards"]),
                count=m["count"],
                pages=m["pages"],
                remembered=m["remembered"],
            )
        said = _tail(errors)
        if said:
            log.warning("making %s in a child process failed:\n%s", kind, said)
        if answer.get("plain"):
            raise WorkshopFileError(str(answer["error"]))
        raise ChildFailed(
            f"The {kind} could not be laid out: the process making them stopped"
            f" ({answer.get('error') or f'exit status {code}'})."
        )
    finally:
        for done in (spec, result, errors, far):
            with contextlib.suppress(OSError):
                done.unlink()


def _wait(
    child: subprocess.Popen[bytes],
    cancelled: threading.Event | None,
    far: Path,
    progress: Callable[[int, int], object] | None,
) -> int | None:
    """The child's exit status, or None once cancelled (the child killed and reaped); what it
    says of its progress meanwhile goes to progress."""
    import subprocess

    told = ""
    while True:
        try:
            code: int | None = child.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            code = None
            if cancelled is not None and cancelled.is_set():
                child.kill()
                child.wait()
                return None
        said = _read(far) if progress is not None else ""
        if progress is not None and said != told:  # its last word too, once it has exited
            told = said
            numbers = [int(n) for n in said.split() if n.isdigit()]
            if len(numbers) == 2:
                progress(*numbers)
        if code is not None:
            return code


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _answer(result: Path) -> dict[str, Any]:
    try:
        answer = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return answer if isinstance(answer, dict) else {}


def _tail(errors: Path, lines: int = 20) -> str:
    try:
        text = errors.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


# -- the child ------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """In the child: make the file the spec (argv[0]) asks for and write the result file; 0 when
    made, 2 for a plain refusal (a file error), 1 for anything else (its traceback on stderr,
    which the parent keeps for the log)."""
    import os
    import traceback

    from labdesk.private_files import write_private

    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    try:
        what = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
        result = Path(what["result"])
    except (IndexError, OSError, ValueError, KeyError, TypeError):
        print("labdesk: this argument is for labdesk's own use", file=sys.stderr)
        return 2
    code, answer = 0, {}
    try:
        answer = {"made": _make(what)}
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        code, answer = 2, {"error": f"{where}{exc.strerror or exc}.", "plain": True}
    except Exception as exc:
        from labdesk.store.document import WorkshopFileError

        if isinstance(exc, WorkshopFileError):
            code, answer = 2, {"error": str(exc), "plain": True}
        else:
            traceback.print_exc()
            code, answer = 1, {"error": f"{type(exc).__name__}: {exc}"}
    write_private(result, json.dumps(answer).encode("utf-8"))
    return code


def _make(what: dict[str, Any]) -> dict[str, Any]:
    from labdesk import outputs
    from labdesk.store import open_workshop
    from labdesk.store.generated import FileKind

    kind = FileKind(what["kind"])
    far = Path(what["progress"]) if what.get("progress") else None
    doc = open_workshop(what["file"], lock=False, purpose=f"{kind} (child)")
    try:
        with outputs.reporting(_teller(far)):
            made = outputs.make(
                doc, kind, Path(what["out"]), temporary=bool(what["temporary"]), **what["options"]
            )
    finally:
        doc.close(take_backup=False)
    return {
        "people": sorted(made.people),
        "cards": sorted(made.cards),
        "count": made.count,
        "pages": made.pages,
        "remembered": made.remembered,
    }


def _teller(far: Path | None) -> Callable[[int, int], None]:
    """progress(done, total) for the maker: "done total" written whole to far, a few times a
    second at most (the parent reads it while it waits)."""
    import time

    from labdesk.private_files import write_private

    last = [0.0]

    def tell(done: int, total: int) -> None:
        now = time.monotonic()
        if far is None or (now - last[0] < TELL_EVERY_S and done < total):
            return
        last[0] = now
        with contextlib.suppress(OSError):
            write_private(far, f"{done} {total}".encode())

    return tell
