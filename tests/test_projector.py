"""The projector: legible at 1024×768 and 4K, plain text only, levels shown by shape and words,
the QR slot, and following screens as they are plugged in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetricsF, QImage

from labdesk.core.qr import qr_png
from labdesk.core.timer import Level
from labdesk.gui.projector import (
    Frame,
    ProjectorCanvas,
    ProjectorWindow,
    QrCode,
    Show,
    digit_layout,
    pick_screen,
)

PHASE = Frame(
    mode="phase",
    workshop="Workshop",
    item="Session 1: Sharing the learning",
    phase="Client shares the challenge",
    prompt="Client: share your challenge — consultants listen",
    countdown="12:34",
    round_label="Round 2 of 3",
    next_up="Consultants ask questions · 2 min",
)


def render(
    qtbot, frame: Frame, width: int, height: int, path: Path | None = None, qr: bytes | None = None
) -> QImage:
    canvas = ProjectorCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(width, height)
    corner = QrCode(qr, "Give feedback") if qr is not None else None
    canvas.set_show(Show(frame, corner))
    image = canvas.grab().toImage()
    if path is not None:
        image.save(str(path))
    return image


def share(image: QImage, colour: str, box: QRect | None = None, tolerance: int = 40) -> float:
    """Share of pixels (sampled) close to colour inside box."""
    box = box or image.rect()
    target = QColor(colour)
    hits = total = 0
    for y in range(box.top(), box.bottom(), 4):
        for x in range(box.left(), box.right(), 4):
            c = image.pixelColor(x, y)
            total += 1
            hits += (
                abs(c.red() - target.red())
                + abs(c.green() - target.green())
                + abs(c.blue() - target.blue())
            ) < tolerance
    return hits / max(1, total)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080), (3840, 2160)])
def test_countdown_digits_are_at_least_a_quarter_of_the_screen_height(
    qapp, size: tuple[int, int]
) -> None:
    width, height = size
    for text in ("0:59", "12:34", "+12:34", "59:59"):
        font, squeeze = digit_layout(text, height, width * 0.9)
        metrics = QFontMetricsF(font)
        assert metrics.tightBoundingRect("0").height() >= height / 4
        assert metrics.horizontalAdvance(text) * squeeze <= width * 0.9
        assert squeeze >= 0.72


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_phase_frame_renders_with_big_digits_in_the_middle(qtbot, tmp_path: Path, size) -> None:
    width, height = size
    image = render(qtbot, PHASE, width, height, tmp_path / f"phase-{width}.png")
    assert image.size().width() == width
    middle = QRect(0, int(height * 0.42), width, int(height * 0.36))
    top = QRect(0, 0, width, int(height * 0.1))
    # White digits fill a good part of the middle band; the top band is mostly background.
    assert share(image, "#ffffff", middle) > 0.12
    assert share(image, "#0d1117", top) > 0.7


def test_warning_and_overrun_differ_in_colour_and_shape_and_words(qtbot, tmp_path: Path) -> None:
    normal = render(qtbot, PHASE, 1024, 768)
    warning = render(
        qtbot,
        Frame(**{**vars(PHASE), "level": Level.WARNING, "warning_text": "2 min left"}),
        1024,
        768,
        tmp_path / "warning.png",
    )
    over = render(
        qtbot,
        Frame(**{**vars(PHASE), "level": Level.OVERRUN, "countdown": "+0:42"}),
        1024,
        768,
        tmp_path / "over.png",
    )
    edge = QRect(0, 0, 1024, 14)
    assert share(normal, "#ffd23f", edge) == 0
    assert 0.2 < share(warning, "#ffd23f", edge) < 0.9  # a dashed frame
    assert share(over, "#ffffff", edge) > 0.3  # a solid frame
    assert share(over, "#6b0000") > 0.4  # and a red ground
    words = QRect(0, int(768 * 0.79), 1024, int(768 * 0.07))
    assert share(warning, "#ffd23f", words) > share(normal, "#ffd23f", words)


def _ink_width(image: QImage, band: QRect) -> int:
    """How far right the prompt's ink reaches in band (pixels far from the dark ground)."""
    right = 0
    for y in range(band.top(), band.bottom(), 2):
        for x in range(band.left(), band.right()):
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() > 300:
                right = max(right, x)
    return right - band.left()


def test_user_text_is_plain_never_html(qtbot) -> None:
    """A prompt typed with markup is drawn as the characters typed: "<b>Hello</b>" is twelve
    characters wide on the projector, not a bold five; "&lt;b&gt;" stays eight characters, not
    a "<"."""
    band = QRect(38, 153, 700, 60)  # the prompt's first line at 1024×768

    def width(prompt: str) -> int:
        return _ink_width(
            render(qtbot, Frame(**{**vars(PHASE), "prompt": prompt}), 1024, 768), band
        )

    hello, tags, entities = width("Hello"), width("<b>Hello</b>"), width("&lt;b&gt;Hello&lt;/b&gt;")
    assert hello > 0
    assert tags > 2 * hello  # as HTML it would be a bold "Hello", about as wide as "Hello"
    assert entities > 1.6 * tags  # as HTML it would read "<b>Hello</b>", as wide as the tags


def test_blank_screen_is_black(qtbot) -> None:
    canvas = ProjectorCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(1024, 768)
    canvas.set_show(Show(PHASE, blanked=True))
    assert share(canvas.grab().toImage(), "#000000", tolerance=3) == 1.0


def test_break_screen_says_when_to_be_back(qtbot, tmp_path: Path) -> None:
    frame = Frame(
        mode="break",
        item="Break",
        phase="Break",
        back_at="Back at 11:30",
        countdown="14:12",
        next_up="Session 2",
    )
    image = render(qtbot, frame, 1920, 1080, tmp_path / "break.png")
    assert share(image, "#ffffff", QRect(0, 140, 1920, 120)) > 0.03  # "Back at 11:30", large


def test_corner_qr_slot_and_qr_screen(qtbot, tmp_path: Path) -> None:
    window = ProjectorWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.set_show(Show(PHASE))
    corner = QRect(1280 - 36 - 144, 36, 144, 144)
    before = window.canvas.grab().toImage()
    code = QrCode(qr_png("http://192.168.0.2:8080/t/feedback"), "Give feedback")
    window.set_show(Show(PHASE, corner=code))
    after = window.canvas.grab().toImage()
    after.save(str(tmp_path / "qr.png"))
    assert share(before, "#ffffff", corner) < 0.1
    assert share(after, "#ffffff", corner) > 0.4
    assert share(after, "#000000", corner) > 0.1
    codes = (
        QrCode(qr_png("WIFI:T:WPA;S:LabDesk;P:x;;"), "1. Join Wi-Fi LabDesk"),
        QrCode(qr_png("http://x/y"), "2. Give feedback"),
    )
    window.set_show(Show(PHASE, corner=code, codes=codes))
    full = window.canvas.grab().toImage()
    assert share(full, "#ffffff") > 0.5
    window.set_show(Show(PHASE))
    assert share(window.canvas.grab().toImage(), "#ffffff", corner) < 0.1


def test_groups_screen_numbers_groups(qtbot, tmp_path: Path) -> None:
    frame = Frame(
        mode="groups", groups_title="Troika: find your group", groups=[["Siân", "Ravi", "Jo"]] * 20
    )
    image = render(qtbot, frame, 1024, 768, tmp_path / "groups.png")
    assert share(image, "#ffd23f") > 0.001  # the yellow group numbers


class FakeScreen:
    def __init__(self, name: str, rect: QRect) -> None:
        self._name = name
        self._rect = rect

    def name(self) -> str:
        return self._name

    def geometry(self) -> QRect:
        return self._rect


def test_pick_screen_prefers_the_remembered_then_the_second() -> None:
    laptop = FakeScreen("eDP-1", QRect(0, 0, 1920, 1200))
    hdmi = FakeScreen("HDMI-1", QRect(1920, 0, 1920, 1080))
    assert pick_screen([laptop], "", laptop) is laptop
    assert pick_screen([laptop, hdmi], "", laptop) is hdmi
    assert pick_screen([laptop, hdmi], "eDP-1", laptop) is laptop
    assert pick_screen([laptop], "HDMI-1", laptop) is laptop


def test_window_follows_screens_added_and_removed(qtbot, qsettings_isolated) -> None:
    laptop = FakeScreen("eDP-1", QRect(0, 0, 1920, 1200))
    screens = [laptop]
    window = ProjectorWindow(screens=lambda: screens, primary=lambda: laptop)
    qtbot.addWidget(window)
    window.set_show(Show(PHASE))
    window.present()
    assert window.mode == "windowed"  # one screen: a movable window
    assert laptop.geometry().contains(window.target_geometry)
    # A projector plugged in mid-day, above and left of the laptop (negative coordinates).
    projector = FakeScreen("HDMI-1", QRect(-1920, -1080, 1920, 1080))
    screens.append(projector)
    window._screens_changed()
    qtbot.waitUntil(lambda: window.mode == "fullscreen")
    assert window.target_geometry == QRect(-1920, -1080, 1920, 1080)
    assert window.screen_name == "HDMI-1"
    assert window.canvas.frame == PHASE  # nothing lost
    # Unplugged: back to a window on the laptop, still showing the timer.
    screens.remove(projector)
    window._screens_changed()
    qtbot.waitUntil(lambda: window.mode == "windowed")
    assert window.canvas.frame == PHASE
    # A 125 % scaled projector reports its size in logical pixels.
    scaled = FakeScreen("DP-2", QRect(1920, 0, 1536, 864))
    screens.append(scaled)
    window._screens_changed()
    qtbot.waitUntil(lambda: window.mode == "fullscreen")
    assert window.target_geometry.size().width() == 1536
    window.leave_full_screen()
    assert window.mode == "windowed"
    window.stop_presenting()
    assert not window.isVisible()
