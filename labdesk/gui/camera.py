"""Scanning badges and phone tickets with the laptop's camera (QtMultimedia + zxing-cpp)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger("labdesk.gui")
REPEAT_AFTER_S = 3.0  # the same code held in front of the camera counts once per this long
DECODE_EVERY_S = 0.12


def decode_image(image: QImage) -> list[str]:
    """The texts of QR codes and barcodes found in image (grey-scaled first)."""
    import zxingcpp
    from PIL import Image

    if image.isNull():
        return []
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    data = bytes(grey.constBits())[: stride * height]
    pil = Image.frombuffer("L", (width, height), data, "raw", "L", stride, 1)
    try:
        results = zxingcpp.read_barcodes(pil)
    except Exception:
        log.exception("zxing-cpp could not read a frame")
        return []
    return [r.text for r in results if r.valid and r.text]


def available_cameras() -> list[object]:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    return list(QMediaDevices.videoInputs())


class CameraScanner(QWidget):
    """A live camera view that emits `scanned(text)` for each new code it sees."""

    scanned = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        cameras: Callable[[], list[object]] = available_cameras,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._cameras = cameras
        self._seen: dict[str, float] = {}
        self._last_decode = -1e9
        self._camera: object | None = None
        self._session: object | None = None
        self.view: QWidget | None = None
        self.message = QLabel("Camera off")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.toggle = QPushButton("Start camera")
        self.toggle.clicked.connect(self._toggle)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.message, 1)
        self._layout.addWidget(self.toggle)

    @property
    def running(self) -> bool:
        return self._camera is not None

    def _toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> bool:
        """Start the first camera; False (and "No camera found") when there is none."""
        cameras = self._cameras()
        if not cameras:
            self.message.setText("No camera found. Use a USB scanner or search by name.")
            self.toggle.setEnabled(False)
            return False
        try:
            from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink
            from PySide6.QtMultimediaWidgets import QVideoWidget

            camera = QCamera(cameras[0], self)
            session = QMediaCaptureSession(self)
            session.setCamera(camera)
            self.view = QVideoWidget(self)
            session.setVideoOutput(self.view)
            sink: QVideoSink = self.view.videoSink()
            sink.videoFrameChanged.connect(lambda frame: self.feed_frame(frame.toImage()))
            self._layout.insertWidget(0, self.view, 3)
            camera.start()
        except Exception as exc:
            log.exception("camera failed to start")
            self.message.setText(f"The camera could not start ({exc}). Use a USB scanner instead.")
            return False
        self._camera, self._session = camera, session
        self.message.setText("Hold the badge's QR code or the phone ticket up to the camera.")
        self.toggle.setText("Stop camera")
        return True

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()  # type: ignore[attr-defined]
            self._camera = None
        if self.view is not None:
            self.view.deleteLater()
            self.view = None
        self.message.setText("Camera off")
        self.toggle.setText("Start camera")

    def feed_frame(self, image: QImage) -> list[str]:
        """Decode one frame (at most every DECODE_EVERY_S); emit codes not seen just before."""
        now = self.clock()
        if now - self._last_decode < DECODE_EVERY_S:
            return []
        self._last_decode = now
        fresh = []
        for text in decode_image(image):
            if now - self._seen.get(text, -1e9) >= REPEAT_AFTER_S:
                fresh.append(text)
                self.scanned.emit(text)
            self._seen[text] = now
        return fresh
