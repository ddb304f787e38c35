"""Never a silent exit: a rotating log in the user's data folder and a plain dialog for surprises."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from labdesk.paths import data_dir

if TYPE_CHECKING:
    import logging.handlers

log = logging.getLogger("labdesk")

QUIET_S = 60.0  # the same error is shown again at most this often (it is always logged)
clock: Callable[[], float] = time.monotonic
_last_shown: dict[str, float] = {}
_showing = False
_setting_up = threading.Lock()


def log_path() -> str:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return str(folder / "labdesk.log")


class _Held(logging.Handler):
    """What is logged in the first moments of start-up, before the log file is set up: held,
    then written to the file in order once it is (never lost, at worst written twice)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is not None:  # set up meanwhile: this record was on its way here
            self.target.handle(record)
        elif len(self.records) < 10_000:
            self.records.append(record)


def hold_log() -> None:
    """Keep what is logged until setup_logging() runs (the app sets the log up once its window
    is on screen)."""
    root = logging.getLogger("labdesk")
    if not any(isinstance(h, _Held | logging.FileHandler) for h in root.handlers):
        root.addHandler(_Held())
        root.setLevel(logging.INFO)


def setup_logging() -> None:
    """The rotating log (the app sets it up on a worker once its window is on screen:
    logging.handlers brings socket and pickle with it). What was held meanwhile is written
    first."""
    with _setting_up:  # the worker at start-up and the app's exit may both ask
        _set_up(logging.getLogger("labdesk"), log_path())


def _set_up(root: logging.Logger, path: str) -> None:
    import logging.handlers

    held = [h for h in root.handlers if isinstance(h, _Held)]
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        if old.baseFilename == path:  # set up already: it had every record the held ones have
            for h in held:
                root.removeHandler(h)
            return
        root.removeHandler(old)  # the data folder moved (tests, LABDESK_DATA_DIR)
        old.close()
    handler = _owner_only_log()(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    for h in held:
        with h.lock:  # type: ignore[union-attr]
            h.target = handler
            for record in h.records:
                handler.handle(record)
            h.records.clear()
        root.removeHandler(h)


def _owner_only_log() -> type[logging.handlers.RotatingFileHandler]:
    """A rotating log whose file, and each one rotated after it, only their owner can read."""
    import logging.handlers

    class OwnerOnlyLog(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.chmod(self.baseFilename, 0o600)
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    return OwnerOnlyLog


def install_excepthook() -> None:
    sys.excepthook = _excepthook


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
    show_unexpected(value)


def show_unexpected(value: BaseException) -> None:
    """The plain dialog: one at a time, and the same error at most once a minute, so a slot
    that fails on every repaint or tick cannot bury the window under dialogs."""
    global _showing
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

    if QApplication.instance() is None or _showing:
        return
    key = f"{type(value).__name__}: {value}"
    now = clock()
    if now - _last_shown.get(key, now - QUIET_S - 1) < QUIET_S:
        return
    _last_shown[key] = now
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Something went wrong",
        f"labdesk hit an unexpected problem: {value}",
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the error's text may hold anything
    box.setInformativeText(
        "Nothing already saved was lost: every check-in, response and card is written to the "
        "workshop file as it happens. labdesk carries on; timers and the server keep running.\n\n"
        f"Details are in the log: {log_path()}"
    )
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:  # the log's path, shown as it is
        informative.setTextFormat(Qt.TextFormat.PlainText)
    _showing = True
    try:
        box.exec()
    finally:
        _showing = False
