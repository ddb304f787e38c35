"""Projector: time to paint one frame at 1080p and 4K (no budget of its own in DESIGN.md: a
reference beside the timer's, which it must keep to)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from benchmarks.common import Figure, median_seconds, reference


def run(folder: Path) -> list[Figure]:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from benchmarks.app import qt_app
    from labdesk.core.qr import qr_png
    from labdesk.core.timer import Level
    from labdesk.gui.projector import Frame, ProjectorCanvas, QrCode, Show

    qt_app()
    canvas = ProjectorCanvas()
    frame = Frame(
        mode="phase",
        item="Session 1: Sharing the learning and exploring solutions",
        phase="Client shares the challenge",
        prompt="Client: share your challenge — consultants listen, and take notes for later.",
        countdown="12:34",
        level=Level.WARNING,
        warning_text="2 min left",
        round_label="Round 2 of 3",
        next_up="Consultants ask questions · 2 min",
    )
    corner = QrCode(qr_png("http://192.168.1.20:8080/abcdef/feedback"), "Give feedback")
    canvas.set_show(Show(frame, corner))
    figures = []
    for width, height, label in ((1920, 1080, "1080p"), (3840, 2160, "4K")):
        image = QImage(width, height, QImage.Format.Format_RGB32)

        ticks = iter(range(10**6))

        def paint(
            image: QImage = image, width: int = width, height: int = height, ticks=ticks
        ) -> None:
            # A new second each paint, as when the timer runs.
            left = 754 - next(ticks)
            canvas.set_frame(replace(frame, countdown=f"{left // 60}:{left % 60:02d}"))
            painter = QPainter(image)
            canvas.paint(painter, QRectF(0, 0, width, height))
            painter.end()

        paint()  # the first paint lays out the text and renders the digits once
        seconds = median_seconds(paint, runs=15)
        figures.append(reference(f"projector: paint one frame at {label}", seconds * 1000, "ms"))
    return figures
