"""Memory of the running app with 10,000 attendees, every area opened (peak RSS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.common import at_most

CHILD = """
import resource, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from labdesk.gui.areas import AREAS
from labdesk.gui.main_window import MainWindow
from labdesk.gui.style import apply_app_style
from pathlib import Path
apply_app_style(app)
w = MainWindow(); w.resize(1280, 800); w.show()
assert w.open_path(Path(sys.argv[1]))
for spec in AREAS:
    w.show_area(spec.key)
    app.processEvents()
w.show_area("checkin").refresh()
app.processEvents()
print("rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
w.close()
"""


def run(folder: Path) -> list:
    from benchmarks.people import attendees as bench_people
    from labdesk.store import attendees
    from labdesk.store.demo import create_demo

    path = folder / "big.labdesk"
    demo = create_demo(folder / "demo.labdesk")  # the day's agenda, feedback and cards...
    demo.save_copy(path)
    demo.close(take_backup=False)
    from labdesk.store import open_workshop

    big = open_workshop(path, lock=False)  # ...plus 10,000 more attendees
    attendees.add_many(big, bench_people(with_codes=True))
    big.close(take_backup=False)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LABDESK_DATA_DIR": str(folder / "data")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("rss_mb")), None)
    if line is None:
        raise RuntimeError(f"the app did not report its memory: {out.stderr[-2000:]}")
    return [
        at_most("memory with 10,000 attendees, all areas open", float(line.split()[1]), "MB", 300)
    ]
