"""Cold start to an interactive main window on the demo, against a bare PySide6 window."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Figure

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1200, 780); w.show()
def done():
    print(f"ready {time.time():.6f}", flush=True); app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _time_to_ready(args: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120).stdout
    ready = next(line for line in out.splitlines() if line.startswith("ready "))
    return float(ready.split()[1]) - start


def run(folder: Path) -> list[Figure]:
    import compileall

    import labdesk
    from labdesk.store.demo import create_demo

    # An installed labdesk has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module at every start and measure the compiler.
    compileall.compile_dir(Path(labdesk.__file__).parent, quiet=1)

    demo = folder / "demo.labdesk"
    create_demo(demo).close(take_backup=False)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "LABDESK_DATA_DIR": str(folder / "data"),
    }
    bare, app = [], []
    for _ in range(7):  # interleaved, so both see the same machine load
        bare.append(_time_to_ready([sys.executable, "-c", BARE], env))
        app.append(
            _time_to_ready([sys.executable, "-m", "labdesk", str(demo), "--smoke-test"], env)
        )
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    ratio = app_s / bare_s
    return [
        Figure("startup bare PySide6 window", bare_s * 1000, "ms", "reference", True),
        Figure("startup labdesk on the demo", app_s * 1000, "ms", "reference", True),
        Figure("startup ratio labdesk / bare window", ratio, "x", "<= 1.5 x", ratio <= 1.5),
    ]
