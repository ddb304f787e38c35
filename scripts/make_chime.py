"""Synthesise resources/sounds/chime.wav (two soft bell tones; no downloaded audio)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100


def bell(freq: float, start: float, length: float, total: float) -> list[float]:
    out = [0.0] * int(total * RATE)
    for i in range(int(length * RATE)):
        t = i / RATE
        envelope = math.exp(-3.2 * t) * min(1.0, t / 0.01)
        value = math.sin(2 * math.pi * freq * t) + 0.35 * math.sin(
            2 * math.pi * 2.76 * freq * t
        ) * math.exp(-6 * t)
        j = int(start * RATE) + i
        if j < len(out):
            out[j] += envelope * value
    return out


def main() -> None:
    total = 2.2
    a = bell(880.0, 0.0, 1.8, total)
    b = bell(659.25, 0.45, 1.75, total)
    mixed = [x + y for x, y in zip(a, b, strict=True)]
    peak = max(abs(v) for v in mixed)
    path = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "chime.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", int(v / peak * 0.6 * 32767)) for v in mixed))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
