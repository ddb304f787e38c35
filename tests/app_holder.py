"""The app as a real process, for tests that combine it with other processes: the main window
open on FILE (offscreen), its phone server started on 127.0.0.1 through the Feedback area, and
its check-in desk driven by lines on standard input. Run: python tests/app_holder.py FILE

It prints, one line each, flushed:
  URL: <the phone server's address>        once the server is accepting
  scanned <code> <kind>                    after `scan <code>`: what the desk showed
  lost: <message>                          when the guard says the file lost a part
  closed                                   after `close` (File › Close Workshop, then quit)
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication

from labdesk import APP_NAME
from labdesk.gui.main_window import MainWindow
from labdesk.gui.style import apply_app_style


class _Input(QObject):
    """Lines from standard input, delivered on the GUI thread."""

    line = Signal(str)


def _say(text: str) -> None:
    print(text, flush=True)


def main(path: Path) -> int:
    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    settings = Path(os.environ.get("LABDESK_DATA_DIR", ".")) / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    apply_app_style(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    if not window.open_path(path):
        _say("not opened")
        return 2
    assert window.session is not None
    lost = getattr(window.session, "lost", None)  # the guard (absent before labdesk had one)
    if lost is not None:
        lost.connect(lambda message: _say(f"lost: {' '.join(message.split())}"))
    desk = window.show_area("checkin").desk  # type: ignore[attr-defined]
    feedback = window.show_area("feedback")
    phones = window.services.phones  # type: ignore[union-attr]

    def started() -> None:
        if phones.busy:
            return
        if phones.server is not None:
            _say(f"URL: {phones.server.url}")
        else:
            _say(f"server failed: {phones.message}")
            app.exit(3)
        phones.state_changed.disconnect(started)

    phones.state_changed.connect(started)
    feedback.start_server("127.0.0.1", 0)  # type: ignore[attr-defined]

    def command(line: str) -> None:
        word, _, rest = line.strip().partition(" ")
        if word == "scan":
            outcome = desk.handle_scan(rest)
            _say(f"scanned {rest} {outcome.kind.name}")
        elif word == "close":
            window.close()  # the window's close: File › Close Workshop, then the app quits
            _say("closed")
            app.quit()

    commands = _Input()
    commands.line.connect(command)

    def read() -> None:
        for line in sys.stdin:
            commands.line.emit(line)

    threading.Thread(target=read, name="stdin", daemon=True).start()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
