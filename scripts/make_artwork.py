"""Draw the default postcard artwork (resources/artwork/postcard.jpg) with Pillow: no downloads.

Overlapping circles on a sunrise: people in conversation, and a dotted path onward from the day.
Run by hand when the design changes; the output is committed.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1320, 600
OUT = Path(__file__).resolve().parent.parent / "resources" / "artwork" / "postcard.jpg"


def lerp(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def main() -> None:
    rng = random.Random(17)
    top, bottom = (20, 60, 94), (242, 170, 118)
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    for y in range(H):
        draw.line([(0, y), (W, y)], fill=lerp(top, bottom, (y / H) ** 1.4))
    # the sun, softly
    glow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glow).ellipse([W * 0.62, H * 0.42, W * 0.62 + 300, H * 0.42 + 300], fill=255)
    glow = glow.filter(ImageFilter.GaussianBlur(60))
    image = Image.composite(Image.new("RGB", (W, H), (255, 226, 160)), image, glow)
    # people in conversation: translucent circles in small clusters
    layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    palette = [(255, 255, 255), (120, 200, 190), (250, 210, 120), (235, 120, 110), (170, 190, 240)]
    for cx in range(90, W, 170):
        cy = H * 0.72 + rng.uniform(-60, 60)
        for _ in range(rng.choice((2, 3))):
            r = rng.uniform(34, 58)
            x, y = cx + rng.uniform(-40, 40), cy + rng.uniform(-30, 30)
            colour = rng.choice(palette)
            d.ellipse(
                [x - r, y - r, x + r, y + r], fill=(*colour, 120), outline=(*colour, 230), width=3
            )
    # a dotted path onward
    points = [
        (60 + i * 26, H * 0.42 - 150 * (i / 48) ** 1.6 + 14 * math.sin(i / 3)) for i in range(49)
    ]
    for x, y in points:
        d.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(255, 255, 255, 200))
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUT, "JPEG", quality=82, optimize=True, progressive=False)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
