"""Make the fallback fonts in resources/fonts/ from Debian's font packages (run by hand, rarely).

Needs `apt-get install fonts-noto-core fonts-droid-fallback` and `pip install fonttools`.
Each font is cut down to the script it is there for (and hinting dropped) to keep the repo small;
CJK keeps the everyday characters of Chinese (GB 2312), Japanese (JIS X 0208) and Korean
(KS X 1001), which covers names in practice.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

NOTO = Path("/usr/share/fonts/truetype/noto")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"

# output name -> (source, unicode ranges)
SCRIPTS = {
    "NotoSansDevanagari-Subset.ttf": (
        NOTO / "NotoSansDevanagari-Regular.ttf",
        [(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    ),
    "NotoSansBengali-Subset.ttf": (NOTO / "NotoSansBengali-Regular.ttf", [(0x0980, 0x09FF)]),
    "NotoSansGurmukhi-Subset.ttf": (NOTO / "NotoSansGurmukhi-Regular.ttf", [(0x0A00, 0x0A7F)]),
    "NotoSansGujarati-Subset.ttf": (NOTO / "NotoSansGujarati-Regular.ttf", [(0x0A80, 0x0AFF)]),
    "NotoSansTamil-Subset.ttf": (NOTO / "NotoSansTamil-Regular.ttf", [(0x0B80, 0x0BFF)]),
    "NotoSansArabic-Subset.ttf": (
        NOTO / "NotoSansArabic-Regular.ttf",
        [(0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    ),
    "NotoSansEthiopic-Subset.ttf": (NOTO / "NotoSansEthiopic-Regular.ttf", [(0x1200, 0x139F)]),
    "NotoSansThai-Subset.ttf": (NOTO / "NotoSansThai-Regular.ttf", [(0x0E00, 0x0E7F)]),
}


def cjk_everyday() -> list[int]:
    """Code points of GB 2312, JIS X 0208 and KS X 1001 (two-byte EUC rows 0xA1-0xFE)."""
    points: set[int] = set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0))
    for codec in ("gb2312", "euc_jp", "euc_kr"):
        for hi in range(0xA1, 0xFF):
            for lo in range(0xA1, 0xFF):
                try:
                    text = bytes([hi, lo]).decode(codec)
                except UnicodeDecodeError:
                    continue
                points.update(ord(c) for c in text)
    return [0x20, 0xA0, *sorted(p for p in points if p > 0x2E7F)]  # spaces inside a run


def cut(source: Path, dest: Path, unicodes: list[int], *, shaping: bool = True) -> None:
    options = subset.Options()
    options.hinting = False
    # Indic scripts need their shaping tables (reportlab shapes them with HarfBuzz); the CJK
    # font and Ethiopic need none, and Arabic is joined by arabic-reshaper before the font.
    options.layout_features = ["*"] if shaping else []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    subset.save_font(font, str(dest), options)
    print(f"{dest.name}: {dest.stat().st_size // 1024} KiB", file=sys.stderr)


def main() -> None:
    for name, (source, ranges) in SCRIPTS.items():
        unicodes = [p for lo, hi in ranges for p in range(lo, hi + 1)]
        unicodes += [0x20, 0xA0, 0x200C, 0x200D, 0x25CC]  # spaces inside a run, joiners
        cut(
            source, OUT / name, unicodes, shaping=not any(s in name for s in ("Arabic", "Ethiopic"))
        )
    cut(DROID, OUT / "DroidSansFallback-Subset.ttf", cjk_everyday(), shaping=False)


if __name__ == "__main__":
    main()
