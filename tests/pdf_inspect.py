"""Looking inside generated PDFs the way a printer would: pages, text, fonts, images."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import IndirectObject

PT_PER_MM = 72 / 25.4


def reader(path: Path) -> PdfReader:
    return PdfReader(str(path))


def page_sizes_mm(path: Path) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width) / PT_PER_MM), round(float(p.mediabox.height) / PT_PER_MM))
        for p in reader(path).pages
    ]


def texts(path: Path, orientation: int = 0) -> list[str]:
    return [p.extract_text(orientations=(orientation,)) for p in reader(path).pages]


def text_positions(page: Any) -> list[tuple[str, float]]:
    """(text, y on the page) for each piece of text, whatever the rotation."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), y))

    page.extract_text(orientations=(0, 90, 180, 270), visitor_text=visit)
    return found


def _walk_resources(
    resources: Any, fonts: dict[int, Any], images: set[int], seen: set[int]
) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        fonts[ref.idnum if isinstance(ref, IndirectObject) else id(ref)] = ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            images.add(key)
        elif obj.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            _walk_resources(obj.get("/Resources"), fonts, images, seen)


def fonts_and_images(path: Path) -> tuple[dict[int, Any], set[int]]:
    fonts: dict[int, Any] = {}
    images: set[int] = set()
    seen: set[int] = set()
    for page in reader(path).pages:
        _walk_resources(page.get("/Resources"), fonts, images, seen)
    return fonts, images


def unembedded_fonts(path: Path) -> list[str]:
    """Names of fonts used without their font program in the file (should be none)."""
    missing = []
    fonts, _ = fonts_and_images(path)
    for font in fonts.values():
        targets = [font]
        if font.get("/Subtype") == "/Type0":
            targets = [d.get_object() for d in font["/DescendantFonts"]]
        for target in targets:
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(target.get("/BaseFont")))
    return missing
