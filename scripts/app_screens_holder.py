"""The app holding a workshop with its phone server on, for scripts/screens_in_browsers.py --app:
the main window opened on FILE, the server started from the Feedback area on 127.0.0.1, and the
Screens dialog (View › Screens in the Room…) grabbed at 1280×800 into OUT/screens-dialog.png.

It prints the screens as `labdesk serve` does ("Room view: URL", "Door desk 1: URL  PIN 123456",
"Remote: URL  PIN 654321", then "Press Ctrl+C to stop."), and on the line `quit` on standard
input prints what the app's presenter shows then, as `app: {json}`, and closes the workshop.

Run under a display (xvfb-run) or offscreen. Not part of the test suite. Usage:

    .venv/bin/python scripts/app_screens_holder.py FILE OUT_FOLDER
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(path: Path, out: Path) -> int:
    from PySide6.QtCore import QObject, QSettings, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from labdesk.gui.main_window import MainWindow
    from labdesk.gui.screens_dialog import ScreensDialog
    from labdesk.gui.style import apply_app_style
    from labdesk.store import room_screen
    from labdesk.web.access import screen_links

    os.environ.setdefault("LABDESK_DATA_DIR", tempfile.mkdtemp(prefix="labdesk-holder-"))
    app = QApplication([sys.argv[0]])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(Path(os.environ["LABDESK_DATA_DIR"]) / "qsettings"),
    )
    apply_app_style(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    if not window.open_path(path):
        print("not opened", flush=True)
        return 2
    services = window.services
    assert services is not None
    feedback = window.show_area("feedback")
    feedback.start_server("127.0.0.1", 0)  # type: ignore[attr-defined]

    class Lines(QObject):
        line = Signal(str)

    lines = Lines()

    def read_stdin() -> None:
        for line in sys.stdin:
            lines.line.emit(line.strip())
        lines.line.emit("quit")

    def said() -> dict[str, object]:
        frame = services.presenter.show.frame
        message = room_screen.room_message(services.doc)
        return {
            "mode": frame.mode,
            "item": frame.item,
            "phase": frame.phase,
            "paused": frame.paused,
            "message": message.text if message is not None else "",
            "blank": room_screen.blanked(services.doc),
        }

    def on_line(text: str) -> None:
        if text == "quit":
            print("app: " + json.dumps(said(), ensure_ascii=False), flush=True)
            window.close_workshop()
            app.quit()

    lines.line.connect(on_line)

    def when_on() -> None:
        server = services.phones.server
        if server is None:
            QTimer.singleShot(50, when_on)
            return
        window.act_screens.trigger()
        dialog = window.findChild(ScreensDialog)
        assert dialog is not None
        dialog.resize(1280, 800)

        def grab() -> None:
            dialog.grab().save(str(out / "screens-dialog.png"))
            for link in screen_links(services.doc, server):
                pin = f"  PIN {link.pin}" if link.pin else ""
                print(f"{link.label}: {link.url}{pin}", flush=True)
            print("Press Ctrl+C to stop.", flush=True)
            threading.Thread(target=read_stdin, daemon=True).start()

        QTimer.singleShot(300, grab)  # the server's first PINs reach the dialog's refresh

    QTimer.singleShot(0, when_on)
    return app.exec()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        sys.exit(2)
    out_folder = Path(sys.argv[2])
    out_folder.mkdir(parents=True, exist_ok=True)
    sys.exit(main(Path(sys.argv[1]), out_folder))
