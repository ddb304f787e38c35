"""The desk's three sounds, synthesised as WAV on first use (nothing downloaded or shipped)."""

from __future__ import annotations

import io
import logging
import math
import struct
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QGuiApplication

from labdesk.core.checkin import Tone
from labdesk.paths import data_dir

log = logging.getLogger("labdesk.gui")
RATE = 22050

# (frequency Hz, seconds) notes: rising for "in", a double beep for "look", a low buzz for "stop".
NOTES: dict[Tone, list[tuple[float, float]]] = {
    Tone.GO: [(880.0, 0.09), (1320.0, 0.14)],
    Tone.WAIT: [(660.0, 0.1), (0.0, 0.06), (660.0, 0.1)],
    Tone.STOP: [(220.0, 0.35)],
}


def wav_bytes(tone: Tone) -> bytes:
    """A short mono 16-bit WAV for tone, with soft edges so it does not click."""
    import wave  # only when a sound is first made

    frames = bytearray()
    for freq, seconds in NOTES[tone]:
        count = int(RATE * seconds)
        fade = max(1, int(RATE * 0.01))
        for n in range(count):
            edge = min(1.0, n / fade, (count - n) / fade)
            if freq == 0.0:
                sample = 0.0
            elif tone is Tone.STOP:  # a square-ish buzz reads as "no" even on a small speaker
                sample = 0.35 * math.copysign(1.0, math.sin(2 * math.pi * freq * n / RATE))
            else:
                sample = 0.5 * math.sin(2 * math.pi * freq * n / RATE)
            frames += struct.pack("<h", int(sample * edge * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def sound_file(tone: Tone) -> Path:
    folder = data_dir() / "sounds"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"desk-{tone.value}.wav"
    if not path.exists():
        path.write_bytes(wav_bytes(tone))
    return path


class DeskSounds(QObject):
    """Plays a tone's sound; silent when turned off or when there is no screen (offscreen)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = True
        self.last: Tone | None = None
        self._effects: dict[Tone, object] = {}

    def play(self, tone: Tone) -> None:
        self.last = tone
        if not self.enabled or QGuiApplication.platformName() in ("offscreen", "minimal"):
            return
        try:
            effect = self._effects.get(tone)
            if effect is None:
                from PySide6.QtMultimedia import QSoundEffect  # loaded only when sound is wanted

                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(sound_file(tone))))
                effect.setVolume(0.8)
                self._effects[tone] = effect
            effect.play()  # type: ignore[attr-defined]
        except Exception:  # no audio device: the words and colours still say it all
            log.exception("could not play the %s sound", tone)
            self.enabled = False
