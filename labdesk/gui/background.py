"""Starting a worker thread from the GUI thread (until gui/operations.py does it for all).

Python's garbage collector runs in whichever thread happens to allocate. If it ran on a worker
and found a Qt object from a window closed earlier, that object's destructor would run off the
GUI thread ("Timers cannot be stopped from another thread"). So garbage is collected here, on the
GUI thread, just before the worker starts; the worker then makes little garbage of its own.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any


def start_worker(name: str, work: Callable[[], None]) -> threading.Thread:
    """Run work on a daemon thread named name; returns the thread (started)."""
    gc.collect()
    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread


def emit_from_worker(signal: Any, *args: object) -> bool:
    """Emit a Qt signal from a worker thread (it reaches the GUI thread queued); False if its
    object has been deleted meanwhile."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True
