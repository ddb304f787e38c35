"""Cold start to the main window painted and idle, `labdesk FILE` and `labdesk --demo`, against a
bare PySide6 window's start to its first paint (DESIGN.md: <= 1.5 ×).

Each is a new process, timed from before it starts; labdesk's runs go through the command line
(`labdesk.cli.main`), as the `labdesk` command does. The child watches for its main window's
first expose (the window's first paint happens in it), and then for the event loop to run
freely for 100 ms with no block longer than 5 ms: the moment that quiet began is "idle". The
bare window is timed to its first paint (and, for reference, to idle the same way). For
reference too, the floor of a real window: labels over the same file, opened and checked, with a
sidebar (what any window with text and the file pays: the `Qt` namespace, Qt's fonts, SQLite).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Figure, at_most, bench_env, reference

CHILD = r"""
import sys, time
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

mode, arg = sys.argv[1], sys.argv[2]
marks = {}


class Watch(QObject):
    # Finds the main window when it is shown, notes its first expose, then waits for idle.
    def __init__(self):
        super().__init__()
        self.window_handle = None
        self.find = QTimer()
        self.find.setInterval(1)
        self.find.timeout.connect(self.look)
        self.find.start()
        self.clock = QElapsedTimer()
        self.tick = QTimer()
        self.tick.setInterval(1)
        self.tick.timeout.connect(self.on_tick)

    def look(self):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMainWindow) and w.isVisible() and w.windowHandle() is not None:
                self.find.stop()
                self.window_handle = w.windowHandle()
                self.window_handle.installEventFilter(self)
                if w.windowHandle().isExposed():  # exposed before we looked: painted already
                    self.painted()
                return

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and "painted" not in marks:
            QTimer.singleShot(0, self.painted)  # after the expose is handled, and so painted
        return False

    def painted(self):
        if "painted" in marks:
            return
        marks["painted"] = time.time()
        self.clock.start()
        self.last = 0.0
        self.quiet_from = 0.0
        self.quiet_at = time.time()
        self.tick.start()

    def on_tick(self):
        now = self.clock.nsecsElapsed() / 1e6
        if now - self.last > 6:
            self.quiet_from, self.quiet_at = now, time.time()
        self.last = now
        if now - self.quiet_from >= 100:
            self.tick.stop()
            print(f"painted {marks['painted']:.6f}", flush=True)
            print(f"idle {self.quiet_at:.6f}", flush=True)
            for w in QApplication.topLevelWidgets():
                w.close()
            app.quit()
        elif now > 60_000:
            app.quit()


if mode == "bare":
    app = QApplication([sys.argv[0]])
    watch = Watch()
    w = QMainWindow()
    w.resize(1200, 780)
    w.show()
    app.exec()
elif mode == "labels":  # the floor: a window of labels over the same file, opened and checked
    import sqlite3
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QWidget

    app = QApplication([sys.argv[0], "-style", "Fusion"])
    watch = Watch()
    con = sqlite3.connect(f"file:{arg}?mode=ro", uri=True)
    con.execute("PRAGMA quick_check").fetchall()
    titles = [r[0] for r in con.execute("SELECT title FROM agenda_items ORDER BY position")]
    w = QMainWindow()
    w.resize(1200, 780)
    body = QWidget()
    row = QHBoxLayout(body)
    nav = QListWidget()
    nav.setFixedWidth(190)
    nav.addItems(["Run the day", "Agenda", "Attendees", "Check-in", "Feedback", "Postcards"])
    row.addWidget(nav)
    page = QWidget()
    column = QVBoxLayout(page)
    for title in titles:
        label = QLabel(title)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        column.addWidget(label)
    row.addWidget(page, 1)
    w.setCentralWidget(body)
    w.statusBar().showMessage("Ready")
    w.show()
    app.exec()
else:  # the command a facilitator types, `labdesk FILE` or `labdesk --demo`, watched from within
    import labdesk.app
    from labdesk.cli import main

    def watch_from(made):
        global app, watch
        app, watch = made, Watch()

    labdesk.app.started_hooks.append(watch_from)
    main([arg] if mode == "file" else ["--demo"])
"""


def _start(mode: str, arg: str, folder: Path) -> tuple[float, float]:
    """Seconds from before the process starts to (first paint, idle)."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, arg],
        capture_output=True,
        text=True,
        env=bench_env(folder),
        cwd=ROOT,
        timeout=120,
    )
    marks = dict(
        line.split() for line in done.stdout.splitlines() if line[:5] in ("paint", "idle ")
    )
    if "painted" not in marks or "idle" not in marks:
        raise RuntimeError(f"{mode}: no paint seen ({done.returncode}): {done.stderr[-1500:]}")
    return float(marks["painted"]) - start, float(marks["idle"]) - start


def run(folder: Path) -> list[Figure]:
    import compileall

    import labdesk
    from labdesk.store.demo import create_demo

    # An installed labdesk has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module at every start and measure the compiler.
    compileall.compile_dir(Path(labdesk.__file__).parent, quiet=1)
    demo = folder / "day.labdesk"
    create_demo(demo).close(take_backup=False)
    bare_paint, bare_idle, on_file, on_demo, labels = [], [], [], [], []
    for _ in range(7):  # interleaved, so each sees the same machine load
        paint, idle = _start("bare", "", folder)
        bare_paint.append(paint)
        bare_idle.append(idle)
        labels.append(_start("labels", str(demo), folder)[1])
        on_file.append(_start("file", str(demo), folder)[1])
        on_demo.append(_start("demo", "", folder)[1])
    bare = statistics.median(bare_paint)
    file_s, demo_s = statistics.median(on_file), statistics.median(on_demo)
    ms = 1000
    return [
        reference("startup: bare PySide6 window to its first paint", bare * ms, "ms"),
        reference("startup: bare PySide6 window to idle", statistics.median(bare_idle) * ms, "ms"),
        reference(
            "startup: a window of labels over the same file, opened and checked, to idle",
            statistics.median(labels) * ms,
            "ms",
        ),
        reference(
            "startup ratio: that window of labels / bare window's first paint",
            statistics.median(labels) / bare,
            "x",
        ),
        reference("startup: labdesk FILE (the demo day) to painted and idle", file_s * ms, "ms"),
        reference("startup: labdesk --demo to painted and idle", demo_s * ms, "ms"),
        at_most("startup ratio: labdesk FILE / bare window's first paint", file_s / bare, "x", 1.5),
        at_most(
            "startup ratio: labdesk --demo / bare window's first paint", demo_s / bare, "x", 1.5
        ),
    ]
