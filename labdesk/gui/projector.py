"""What the room sees: one value (`Show`: the timer's frame, the corner QR code, a QR or picture
screen), the canvas that paints it (the projector window's, and the console's preview), and the
projector window (frameless, full screen on the chosen screen, following screens as they come and
go). labdesk.gui.presenter decides what the value is.

Everything is painted as plain text with QPainter: titles and prompts typed by people are never
read as HTML.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QScreen,
)
from PySide6.QtWidgets import QApplication, QWidget

from labdesk.core import room
from labdesk.core.room import Mode
from labdesk.core.timer import Level
from labdesk.gui.style import load_fonts

log = logging.getLogger("labdesk.gui")

SCREEN_SETTING = "projector/screen"
NOT_SHOWING = "Projector not showing: press F5 or Present"
DIGIT_SHARE = 0.27  # digits at least a quarter of the screen height, with a margin


class Placement(StrEnum):
    """Where the projector window is."""

    HIDDEN = "hidden"
    WINDOWED = "windowed"  # a window on the laptop's own screen (no second screen)
    FULLSCREEN = "fullscreen"  # full screen on the chosen screen


@dataclass(frozen=True)
class Frame:
    """The timer's picture for the room. `mode`: idle | phase | break | groups | closing
    (labdesk.core.room.Mode). The console's notes (the laptop slept) are never in it."""

    mode: Mode = Mode.IDLE
    workshop: str = ""
    item: str = ""
    phase: str = ""
    prompt: str = ""
    countdown: str = ""
    level: Level = Level.NORMAL
    paused: bool = False
    round_label: str = ""
    next_up: str = ""
    back_at: str = ""  # break screen: "Back at 11:30"
    warning_text: str = ""  # "2 min left"
    groups_title: str = ""
    groups: list[list[str]] = field(default_factory=list)
    closing: tuple[str, ...] = ()  # the closing screen: a heading, then smaller lines
    message: str = ""  # the facilitator's message to the room ("1 minute — wrap up")
    message_serial: int = 0  # grows with each message sent: a new one flashes
    clock: str = ""  # the time of day in the corner ("14:05"), when the facilitator wants it

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", Mode(self.mode))  # "phase" read as Mode.PHASE


@dataclass(frozen=True)
class QrCode:
    """A QR code as a PNG (labdesk.core.qr.qr_png) and the words under it."""

    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class Show:
    """Everything the room sees at one moment. The projector window and the console's preview
    paint the same value, so the preview is never out of step."""

    frame: Frame = field(default_factory=Frame)
    corner: QrCode | None = None  # the feedback code, in the corner while the phone server runs
    codes: tuple[QrCode, ...] = ()  # QR codes full screen, until the next phase or key
    picture: QImage | None = None  # a whole-screen picture (the feedback summary), likewise
    blanked: bool = False  # the room sees black; the console's preview still shows the frame


PALETTE = {
    Level.NORMAL: ("#0d1117", "#ffffff"),
    Level.WARNING: ("#0d1117", "#ffd23f"),
    Level.OVERRUN: ("#6b0000", "#ffffff"),
}
MUTED = QColor(room.SOFT)  # 7:1 on the dark background and on the over-time red alike
FLASHES = 6  # a new message flashes its band this many times (a quarter second each)


def _font(pixels: float, bold: bool = False) -> QFont:
    families = load_fonts()
    font = QFont(families[0] if families else "DejaVu Sans")
    font.setPixelSize(max(6, int(pixels)))
    font.setBold(bold)
    return font


def _fill(p: QPainter, rect: QRectF, colour: QColor) -> None:
    """Fill rect with colour. (QPainter.fillRect would do, but each call makes PySide weigh its
    gradient overloads, which builds QGradient's Python enums: milliseconds of the first paint.)"""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRect(rect)
    p.restore()


def _fit_font(
    text: str,
    rect: QRectF,
    start_px: float,
    min_px: float,
    bold: bool = False,
    flags: int = int(Qt.TextFlag.TextWordWrap),
) -> QFont:
    """The largest font from start_px down to min_px in which text fits rect (wrapped)."""
    px = start_px
    while px > min_px:
        font = _font(px, bold)
        need = QFontMetricsF(font).boundingRect(rect, flags, text)
        if need.height() <= rect.height() and need.width() <= rect.width():
            return font
        px *= 0.92
    return _font(min_px, bold)


def digit_layout(text: str, height: float, width: float) -> tuple[QFont, float]:
    """Countdown digits sized so a digit is DIGIT_SHARE of the height, and the horizontal squeeze
    (down to 0.72) that fits them across a 4:3 screen; only past that is the font made smaller
    (as for hours)."""
    probe = _font(100, True)
    metrics = QFontMetricsF(probe)
    digit_h = metrics.tightBoundingRect("0").height()
    px = 100 * DIGIT_SHARE * height / max(1.0, digit_h)
    text_w = metrics.horizontalAdvance(text or "0:00") * px / 100
    squeeze = 1.0
    if text_w > width:
        squeeze = max(0.72, width / text_w)
        if text_w * squeeze > width:
            px *= width / (text_w * squeeze)
    return _font(px, True), squeeze


def digit_font(text: str, height: float, width: float) -> QFont:
    return digit_layout(text, height, width)[0]


class DigitGlyphs:
    """Countdown characters rendered once per size and colour, then copied: at 4K a digit is
    hundreds of pixels tall, too big for Qt's glyph cache, and drawing it as a path every second
    would cost a frame or two."""

    def __init__(self) -> None:
        self._key: tuple[int, str, float, float] | None = None
        self._images: dict[str, QImage] = {}
        self._advance: dict[str, float] = {}

    def draw(
        self, p: QPainter, text: str, font: QFont, squeeze: float, colour: QColor, rect: QRectF
    ) -> None:
        ratio = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = (font.pixelSize(), colour.name(), round(squeeze, 3), ratio)
        if key != self._key:
            self._key, self._images, self._advance = key, {}, {}
        metrics = QFontMetricsF(font)
        total = sum(metrics.horizontalAdvance(c) for c in text) * squeeze
        x = rect.center().x() - total / 2
        y = rect.center().y() - (metrics.ascent() + metrics.descent()) / 2
        for char in text:
            image = self._images.get(char)
            if image is None:
                image = self._render(char, font, squeeze, colour, metrics, ratio)
                self._images[char] = image
            p.drawImage(QPointF(x, y), image)
            x += metrics.horizontalAdvance(char) * squeeze

    @staticmethod
    def _render(
        char: str, font: QFont, squeeze: float, colour: QColor, metrics: QFontMetricsF, ratio: float
    ) -> QImage:
        width = max(1, math.ceil(metrics.horizontalAdvance(char) * squeeze * ratio) + 2)
        height = max(1, math.ceil((metrics.ascent() + metrics.descent()) * ratio) + 2)
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(squeeze, 1.0)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QPointF(0, metrics.ascent()), char)
        painter.end()
        return image


def _same_picture(a: Show, b: Show) -> bool:
    """Both cover the screen with the same picture, the same way: only the timer under it moved
    (each second), and painting the picture again would show nothing new."""
    return (
        a.picture is not None
        and a.picture is b.picture
        and not a.codes
        and not b.codes
        and a.blanked == b.blanked
        and a.frame.message == b.frame.message
        and a.frame.message_serial == b.frame.message_serial
    )


class ProjectorCanvas(QWidget):
    """Paints a Frame at any size: the projector itself, or the console's preview."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_value = Show()
        self._pixmaps: dict[bytes, QPixmap] = {}
        self._glyphs = DigitGlyphs()
        self._layer: QImage | None = None
        self._layer_key: object = None
        self.aspect: float | None = None  # the console's preview keeps the projector's shape
        self.preview = False  # the console's preview: a blanked projector still shows here
        self.flashes_left = 0  # a new message's attention flash, counted down
        # Where the last paint put the workshop's title and the message band (tests read them).
        self.drawn_title = QRectF()
        self.drawn_band = QRectF()
        self._flash = QTimer(self)
        self._flash.setInterval(250)
        self._flash.timeout.connect(self.flash_step)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(160, 90)

    @property
    def frame(self) -> Frame:
        return self.show_value.frame

    def set_show(self, show: Show) -> None:
        if show != self.show_value:
            before = self.show_value
            old = before.frame
            self.show_value = show
            new = show.frame
            if new.message and new.message_serial != old.message_serial:
                self.flashes_left = FLASHES  # the room looks up
                self._flash.start()
            elif not new.message:
                self.flashes_left = 0
                self._flash.stop()
            if not _same_picture(before, show):
                self.update()

    def flash_step(self) -> None:
        """One beat of a new message's flash (a QTimer drives it; tests call it)."""
        self.flashes_left = max(0, self.flashes_left - 1)
        if not self.flashes_left:
            self._flash.stop()
        self.update()

    def set_frame(self, frame: Frame) -> None:
        """A new frame for the timer, keeping what is over it."""
        self.set_show(replace(self.show_value, frame=frame))

    def _pixmap(self, code: QrCode) -> QPixmap:
        pixmap = self._pixmaps.get(code.png)
        if pixmap is None:
            if len(self._pixmaps) > 8:
                self._pixmaps.clear()
            pixmap = self._pixmaps[code.png] = _pixmap(code.png)
        return pixmap

    @property
    def corner_qr(self) -> QPixmap | None:
        corner = self.show_value.corner
        return None if corner is None else self._pixmap(corner)

    @property
    def corner_caption(self) -> str:
        corner = self.show_value.corner
        return "" if corner is None else corner.caption

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            area = QRectF(self.rect())
            if self.aspect:
                _fill(painter, area, self.palette().window().color())
                w = min(area.width(), area.height() * self.aspect)
                h = w / self.aspect
                area = QRectF(
                    area.left() + (area.width() - w) / 2, area.top() + (area.height() - h) / 2, w, h
                )
                painter.setClipRect(area)
            self.paint(painter, area)
        finally:
            painter.end()

    # -- painting ---------------------------------------------------------------------------------
    def paint(self, p: QPainter, r: QRectF) -> None:
        show = self.show_value
        if show.blanked and not self.preview:
            _fill(p, r, QColor("#000000"))
            return
        self._paint_content(p, r)
        if self.frame.message:
            self._paint_message(p, r)
        if show.blanked:
            self._paint_blanked_mark(p, r)

    def _paint_message(self, p: QPainter, r: QRectF) -> None:
        """The facilitator's message in a band above the digits (the timer goes on below); a
        new one flashes, light and dark in turn."""
        h, w = r.height(), r.width()
        m = 0.05 * h
        band = QRectF(r.left(), r.top() + 0.2 * h, w, 0.2 * h)  # under the phase's name
        self.drawn_band = band
        light = self.flashes_left % 2 == 0
        background, ink = (room.AMBER, "#000000") if light else ("#000000", room.AMBER)
        _fill(p, band, QColor(background))
        if self.flashes_left:
            pen = QPen(QColor(room.AMBER), max(4.0, 0.02 * h))
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(
                r.adjusted(pen.widthF() / 2, pen.widthF() / 2, -pen.widthF() / 2, -pen.widthF() / 2)
            )
        text = self.frame.message
        inner = band.adjusted(m, 0.02 * h, -m, -0.02 * h)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        p.setPen(QColor(ink))
        p.setFont(_fit_font(text, inner, 0.11 * h, 0.035 * h, True, flags))
        p.drawText(inner, flags, text)

    def _paint_blanked_mark(self, p: QPainter, r: QRectF) -> None:
        """On the console's preview only: the room sees black."""
        h = r.height()
        pen = QPen(QColor("#ff4d4d"), max(3.0, 0.015 * h))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r.adjusted(2, 2, -2, -2))
        label = QRectF(r.left(), r.top(), r.width(), 0.12 * h)
        _fill(p, label, QColor("#000000"))
        p.setPen(QColor("#ffffff"))
        p.setFont(_font(0.07 * h, True))
        p.drawText(
            label, int(Qt.AlignmentFlag.AlignCenter), "PROJECTOR BLANKED — the room sees black"
        )

    def _paint_content(self, p: QPainter, r: QRectF) -> None:
        f = self.frame
        picture = self.show_value.picture
        if self.show_value.codes:
            self._paint_qr_screen(p, r)
            return
        if picture is not None:
            _fill(p, r, QColor("#000000"))
            size = picture.size().scaled(r.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(0, 0, size.width(), size.height())
            target.moveCenter(r.center())
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, picture)
            return
        if f.mode in (Mode.PHASE, Mode.BREAK):
            # Everything but the digits changes rarely: paint it once into a layer, then each
            # second copy the layer and draw the digits over it.
            ratio = p.device().devicePixelRatioF() if p.device() is not None else 1.0
            key = (
                replace(f, countdown=""),
                r.width(),
                r.height(),
                self.show_value.corner,
                ratio,
            )
            if key != self._layer_key or self._layer is None:
                layer = QImage(
                    max(1, math.ceil(r.width() * ratio)),
                    max(1, math.ceil(r.height() * ratio)),
                    QImage.Format.Format_RGB32,
                )
                layer.setDevicePixelRatio(ratio)
                lp = QPainter(layer)
                lp.setRenderHint(QPainter.RenderHint.Antialiasing)
                lp.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                self._paint_screen(lp, QRectF(0, 0, r.width(), r.height()), digits=False)
                lp.end()
                self._layer, self._layer_key = layer, key
            p.drawImage(r.topLeft(), self._layer)
            self._paint_digits(p, r)
            return
        self._paint_screen(p, r, digits=True)

    def _paint_digits(self, p: QPainter, r: QRectF) -> None:
        f = self.frame
        h, w = r.height(), r.width()
        m = 0.05 * h
        digits_rect = QRectF(r.left() + m, r.top() + 0.41 * h, w - 2 * m, 0.38 * h)
        font, squeeze = digit_layout(f.countdown, h, digits_rect.width())
        colour = QColor(room.colours(room.Mode.PHASE, f.level, f.paused).digits)
        self._glyphs.draw(p, f.countdown, font, squeeze, colour, digits_rect)

    def _paint_screen(self, p: QPainter, r: QRectF, digits: bool) -> None:
        f = self.frame
        level = f.level if f.mode in (Mode.PHASE, Mode.BREAK) else Level.NORMAL
        background, ink = PALETTE[level]
        _fill(p, r, QColor(background))
        h, w = r.height(), r.width()
        m = 0.05 * h
        self._paint_level_shape(p, r, level, h)
        qr_side = 0.0
        if self.show_value.corner is not None:
            qr_side = 0.2 * h
            self._paint_corner_qr(
                p, QRectF(r.right() - m - qr_side, r.top() + m, qr_side, qr_side), h
            )
        text_w = w - 2 * m - (qr_side + m if qr_side else 0)
        if f.mode is Mode.GROUPS:
            self._paint_groups(p, r, m, text_w)
            return
        if f.mode is Mode.IDLE:
            self._paint_idle(p, r, m, text_w)
            return
        if f.mode is Mode.CLOSING:
            self._paint_closing(p, r, m)
            return
        # Top: the item, the phase, the prompt.
        self._paint_item_line(p, r, m, text_w)
        p.setPen(QColor("#ffffff"))
        title = "Break" if f.mode is Mode.BREAK and not f.phase else f.phase
        p.setFont(_font(0.065 * h, True))
        p.drawText(
            QRectF(r.left() + m, r.top() + m + 0.055 * h, text_w, 0.085 * h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(p, title, text_w),
        )
        prompt = f.back_at if f.mode is Mode.BREAK and f.back_at else f.prompt
        prompt_rect = QRectF(r.left() + m, r.top() + m + 0.15 * h, text_w, 0.24 * h)
        if prompt:
            flags = int(
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            )
            big = 0.075 * h if f.mode is Mode.BREAK else 0.055 * h
            p.setFont(_fit_font(prompt, prompt_rect, big, 0.026 * h, f.mode is Mode.BREAK, flags))
            p.drawText(prompt_rect, flags, prompt)
        # Middle: the countdown.
        if digits:
            self._paint_digits(p, r)
        # Under it: round and state, in words (never colour alone).
        words = [f.round_label]
        if f.paused:
            words.append("Paused")
        elif level is Level.WARNING:
            words.append(f"⚠ {f.warning_text or 'Nearly time'}")
        elif level is Level.OVERRUN:
            words.append("■ Over time")
        p.setPen(QColor(ink) if level is not Level.NORMAL else QColor("#ffffff"))
        p.setFont(_font(0.05 * h, True))
        p.drawText(
            QRectF(r.left() + m, r.top() + 0.79 * h, w - 2 * m, 0.07 * h),
            int(Qt.AlignmentFlag.AlignCenter),
            "   ·   ".join(x for x in words if x),
        )
        # Bottom: what comes next, and any note.
        bottom = QRectF(r.left() + m, r.bottom() - m - 0.06 * h, w - 2 * m, 0.06 * h)
        p.setPen(MUTED)
        p.setFont(_font(0.04 * h))
        line = f"Next: {f.next_up}" if f.next_up else ""
        if f.clock:
            clock_w = QFontMetricsF(p.font()).horizontalAdvance(f.clock)
            p.drawText(
                bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f.clock
            )
            bottom.setRight(bottom.right() - clock_w - m)
        p.drawText(
            bottom,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(p, line, bottom.width()),
        )

    def _paint_level_shape(self, p: QPainter, r: QRectF, level: Level, h: float) -> None:
        """A dashed frame when time is nearly up, a double frame when over: a shape as well as a
        colour."""
        width = max(3.0, 0.014 * h)
        if level is Level.WARNING:
            pen = QPen(QColor("#ffd23f"), width, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r.adjusted(width, width, -width, -width))
        elif level is Level.OVERRUN:
            p.setPen(QPen(QColor("#ffffff"), width))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r.adjusted(width / 2, width / 2, -width / 2, -width / 2))
            inner = 2.5 * width
            p.drawRect(r.adjusted(inner, inner, -inner, -inner))

    def _paint_corner_qr(self, p: QPainter, box: QRectF, h: float) -> None:
        corner = self.show_value.corner
        assert corner is not None
        caption_h = 0.035 * h if corner.caption else 0.0
        side = box.height() - caption_h
        _fill(p, QRectF(box.left(), box.top(), box.width(), box.height()), QColor("#ffffff"))
        target = QRectF(box.left() + (box.width() - side) / 2, box.top(), side, side)
        p.drawPixmap(target.toRect(), self._pixmap(corner))
        if caption_h:
            p.setPen(QColor("#000000"))
            p.setFont(
                _fit_font(
                    corner.caption,
                    QRectF(0, 0, box.width() - 4, caption_h),
                    0.026 * h,
                    8,
                    flags=0,
                )
            )
            p.drawText(
                QRectF(box.left(), box.bottom() - caption_h, box.width(), caption_h),
                int(Qt.AlignmentFlag.AlignCenter),
                corner.caption,
            )

    def _paint_idle(self, p: QPainter, r: QRectF, m: float, text_w: float) -> None:
        f = self.frame
        h = r.height()
        p.setPen(QColor("#ffffff"))
        title_rect = QRectF(r.left() + m, r.top() + 0.2 * h, text_w, 0.35 * h)
        if f.message:  # the message's band takes 0.2–0.4 of the height: the title goes below it
            title_rect = QRectF(r.left() + m, r.top() + 0.42 * h, text_w, 0.16 * h)
        flags = int(
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        )
        p.setFont(_fit_font(f.workshop, title_rect, 0.085 * h, 0.03 * h, True, flags))
        p.save()  # a title too long for its place is cut, never drawn over the band
        p.setClipRect(title_rect, Qt.ClipOperation.IntersectClip)
        self.drawn_title = p.drawText(title_rect, flags, f.workshop)
        p.restore()
        p.setPen(MUTED)
        rest = QRectF(r.left() + m, r.top() + 0.6 * h, r.width() - 2 * m, 0.3 * h)
        flags = int(
            Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        text = "\n".join(x for x in (f.prompt, f"Next: {f.next_up}" if f.next_up else "") if x)
        p.setFont(_fit_font(text, rest, 0.05 * h, 0.025 * h, False, flags))
        p.drawText(rest, flags, text)

    def _paint_closing(self, p: QPainter, r: QRectF, m: float) -> None:
        """After the last item: thanks, the day's title and who ran it."""
        lines = self.frame.closing or ("Thank you",)
        h = r.height()
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        head = QRectF(r.left() + m, r.top() + 0.25 * h, r.width() - 2 * m, 0.22 * h)
        p.setPen(QColor("#ffffff"))
        p.setFont(_fit_font(lines[0], head, 0.12 * h, 0.04 * h, True, flags))
        p.drawText(head, flags, lines[0])
        rest = "\n".join(lines[1:])
        if rest:
            box = QRectF(r.left() + m, r.top() + 0.52 * h, r.width() - 2 * m, 0.3 * h)
            top = int(
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            )
            p.setPen(MUTED)
            p.setFont(_fit_font(rest, box, 0.06 * h, 0.025 * h, False, top))
            p.drawText(box, top, rest)
        if self.frame.clock:
            p.setFont(_font(0.04 * h))
            p.drawText(
                QRectF(r.left() + m, r.bottom() - m - 0.06 * h, r.width() - 2 * m, 0.06 * h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                self.frame.clock,
            )

    def _paint_item_line(self, p: QPainter, r: QRectF, m: float, text_w: float) -> None:
        """The agenda item's title, small and muted, along the top."""
        h = r.height()
        p.setPen(MUTED)
        p.setFont(_font(0.038 * h))
        p.drawText(
            QRectF(r.left() + m, r.top() + m, text_w, 0.05 * h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(p, self.frame.item, text_w),
        )

    def _paint_groups(self, p: QPainter, r: QRectF, m: float, text_w: float) -> None:
        f = self.frame
        h, w = r.height(), r.width()
        self._paint_item_line(p, r, m, text_w)
        p.setPen(QColor("#ffffff"))
        title_rect = QRectF(r.left() + m, r.top() + m + 0.05 * h, text_w, 0.08 * h)
        one_line = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The whole title ("Round 2 of 3: the client is each group's second person"), smaller
        # if need be: it says who the client is.
        p.setFont(_fit_font(f.groups_title, title_rect, 0.055 * h, 0.03 * h, True, one_line))
        p.drawText(title_rect, one_line, _elide(p, f.groups_title, text_w))
        groups = f.groups
        if not groups:
            return
        top = 0.15 * h
        area = QRectF(r.left() + m, r.top() + m + top, w - 2 * m, h - 2 * m - top)
        if self.show_value.corner is not None:
            area.setTop(r.top() + m + 0.22 * h)
        longest = max(len(g) for g in groups)
        best: tuple[float, int] = (0.0, 1)
        for cols in range(1, len(groups) + 1):
            rows = math.ceil(len(groups) / cols)
            cell_w, cell_h = area.width() / cols, area.height() / rows
            line = min(cell_h / (longest + 1.4), cell_w / 9)
            if line > best[0]:
                best = (line, cols)
        line, cols = best
        rows = math.ceil(len(groups) / cols)
        cell_w, cell_h = area.width() / cols, area.height() / rows
        bold, regular = _font(line * 0.8, True), _font(line * 0.75)
        for n, group in enumerate(groups):
            col, row = n % cols, n // cols
            x, y = area.left() + col * cell_w, area.top() + row * cell_h
            box = QRectF(x + 2, y + 2, cell_w - 4, cell_h - 4)
            p.setPen(QPen(QColor("#3d4654"), 2))
            p.setBrush(QColor("#161b22"))
            p.drawRoundedRect(box, 6, 6)
            p.setPen(QColor("#ffd23f"))
            p.setFont(bold)
            p.drawText(
                QRectF(box.left() + 0.3 * line, box.top() + 0.1 * line, box.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(n + 1),
            )
            p.setPen(QColor("#ffffff"))
            p.setFont(regular)
            for k, name in enumerate(group):
                p.drawText(
                    QRectF(
                        box.left() + 0.3 * line,
                        box.top() + (k + 1.2) * line,
                        box.width() - 0.5 * line,
                        line,
                    ),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    _elide(p, name, box.width() - 0.5 * line),
                )

    def _paint_qr_screen(self, p: QPainter, r: QRectF) -> None:
        _fill(p, r, QColor("#ffffff"))
        h, w = r.height(), r.width()
        codes = self.show_value.codes
        n = len(codes)
        m = 0.05 * h
        cell_w = (w - m) / n
        caption_h = 0.2 * h  # what it says, and the address or password typed out
        side = min(cell_w - m, h - 2 * m - caption_h)
        for k, code in enumerate(codes):
            caption = code.caption
            x = r.left() + m + k * cell_w + (cell_w - m - side) / 2
            y = r.top() + m
            p.drawPixmap(QRectF(x, y, side, side).toRect(), self._pixmap(code))
            box = QRectF(r.left() + m + k * cell_w, y + side + 0.01 * h, cell_w - m, caption_h)
            flags = int(
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            )
            p.setPen(QColor("#000000"))
            p.setFont(_fit_font(caption, box, 0.06 * h, 0.025 * h, True, flags))
            p.drawText(box, flags, caption)


def _elide(p: QPainter, text: str, width: float) -> str:
    text = " ".join(text.split())
    return QFontMetricsF(p.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _pixmap(png: bytes) -> QPixmap:
    pixmap = QPixmap()
    if not pixmap.loadFromData(png, "PNG"):
        raise ValueError("not a PNG image")
    return pixmap


def pick_screen(screens: Sequence[Any], remembered: str, primary: Any) -> Any:
    """The screen to present on: the one chosen before if it is plugged in, else the first that
    is not the laptop's own, else the laptop's."""
    for screen in screens:
        if remembered and screen.name() == remembered:
            return screen
    for screen in screens:
        if screen is not primary:
            return screen
    return primary if primary is not None else (screens[0] if screens else None)


class ProjectorWindow(QWidget):
    """The room's window. With a second screen: frameless and full screen there. With one
    screen: an ordinary movable window. Follows screens being added and removed without losing
    what it shows."""

    key_pressed = Signal(QKeyEvent)
    placed = Signal(str)  # a line for the console: "Projector on HDMI-1 (1920×1080)"

    def __init__(
        self,
        parent: QWidget | None = None,
        screens: Callable[[], Sequence[Any]] | None = None,
        primary: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("labdesk projector")
        # Closing the main window quits the app even while the projector shows.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.canvas = ProjectorCanvas(self)
        self._screens = screens or QGuiApplication.screens
        self._primary = primary or QGuiApplication.primaryScreen
        self.presenting = False
        self.where = NOT_SHOWING  # the last line `placed` said
        self.placed.connect(self._remember_where)
        self.mode = Placement.HIDDEN
        self.screen_name = ""
        self.target_geometry = QRect()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Presenting leaves the console the active window: the facilitator's keys stay there.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setCursor(Qt.CursorShape.BlankCursor)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
            app.primaryScreenChanged.connect(self._screens_changed)

    def resizeEvent(self, event: Any) -> None:
        self.canvas.setGeometry(self.rect())
        super().resizeEvent(event)

    def _remember_where(self, text: str) -> None:
        self.where = text

    def set_show(self, show: Show) -> None:
        """What the room sees now (labdesk.gui.presenter.Presenter sends each new value)."""
        self.canvas.set_show(show)

    # -- presenting -------------------------------------------------------------------------------
    def present(self) -> None:
        self.presenting = True
        console = QApplication.activeWindow()
        self.place()
        if console is not None and console is not self:
            console.activateWindow()  # the facilitator's keys stay on the console

    def stop_presenting(self) -> None:
        was = self.presenting
        self.presenting = False
        self.mode = Placement.HIDDEN
        self.hide()
        if was:
            self.placed.emit(NOT_SHOWING)

    def leave_full_screen(self) -> None:
        """Esc: an ordinary window on the same screen, still showing the timer."""
        if self.mode == Placement.FULLSCREEN:
            self._windowed(self._current_screen())

    def choose_screen(self, name: str) -> None:
        QSettings().setValue(SCREEN_SETTING, name)
        if self.presenting:
            self.place()

    def _current_screen(self) -> Any:
        for screen in self._screens():
            if screen.name() == self.screen_name:
                return screen
        return self._primary()

    def _screens_changed(self, *_: object) -> None:
        if self.presenting:
            # Let Qt finish moving windows off a vanished screen first.
            QTimer.singleShot(0, self.place)

    def place(self) -> None:
        """Put the window where it belongs for the screens plugged in now."""
        if not self.presenting:
            return
        screens = list(self._screens())
        primary = self._primary()
        remembered = str(QSettings().value(SCREEN_SETTING, "") or "")
        target = pick_screen(screens, remembered, primary)
        if target is None:
            return
        if target is not primary:
            self._fullscreen(target)
        else:
            self._windowed(target)

    def _attach_to(self, screen: Any) -> None:
        self.screen_name = screen.name()
        handle = self.windowHandle()
        if handle is not None and isinstance(screen, QScreen) and handle.screen() is not screen:
            handle.setScreen(screen)

    def _fullscreen(self, screen: Any) -> None:
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.winId()
        self._attach_to(screen)
        self.target_geometry = QRect(screen.geometry())
        self.setGeometry(self.target_geometry)
        self.showFullScreen()
        self.mode = Placement.FULLSCREEN
        size = screen.geometry().size()
        self.placed.emit(f"Projector on {screen.name()} ({size.width()}×{size.height()})")

    def _windowed(self, screen: Any) -> None:
        self.setWindowFlags(Qt.WindowType.Window)
        self.winId()
        self._attach_to(screen)
        area = screen.geometry()
        width = min(960, int(area.width() * 0.6))
        height = width * 9 // 16
        self.target_geometry = QRect(
            area.left() + (area.width() - width) // 2,
            area.top() + (area.height() - height) // 2,
            width,
            height,
        )
        self.showNormal()
        self.setGeometry(self.target_geometry)
        self.mode = Placement.WINDOWED
        self.placed.emit("Projector in a window (one screen): drag it where the room can see it")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.key_pressed.emit(event)
