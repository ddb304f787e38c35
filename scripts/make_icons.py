"""Render labdesk's icon (resources/icons/labdesk.svg) for the packaged app, at build time.

    python scripts/make_icons.py OUT

writes OUT/labdesk.ico (Windows), OUT/labdesk.icns (macOS), OUT/labdesk.png (512 px) and
OUT/hicolor/, a freedesktop icon theme tree with the app icon and the workshop file's icon at
each size desktops look for. The SVG stays the one source; nothing rendered is committed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "labdesk.svg"
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
MIME_ICON = "application-x-labdesk"  # the icon name desktops derive from application/x-labdesk


def render(sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of the SVG at each size, drawn by Qt's own SVG renderer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {SVG}")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs[size] = bytes(data.data())
    return pngs


def main(out: Path) -> None:
    import io

    from PIL import Image

    pngs = render(tuple(sorted(set(THEME_SIZES + ICO_SIZES + ICNS_SIZES))))
    images = {size: Image.open(io.BytesIO(data)) for size, data in pngs.items()}
    out.mkdir(parents=True, exist_ok=True)
    (out / "labdesk.png").write_bytes(pngs[512])
    largest = images[max(ICO_SIZES)]
    largest.save(
        out / "labdesk.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        out / "labdesk.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)],
    )
    theme = out / "hicolor"
    for size in THEME_SIZES:
        for kind, name in (("apps", "labdesk"), ("mimetypes", MIME_ICON)):
            folder = theme / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.png").write_bytes(pngs[size])
    for kind, name in (("apps", "labdesk"), ("mimetypes", MIME_ICON)):
        folder = theme / "scalable" / kind
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SVG, folder / f"{name}.svg")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/make_icons.py OUT")
    main(Path(sys.argv[1]))
