"""QR codes for badges, postcards, blank cards, the projector and phone pages alike: the modules
from zxing-cpp's compiled encoder (a tenth of a millisecond a code), as PNG bytes or as runs of
dark modules for vector drawing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp

LEVELS = ("L", "M", "Q", "H")  # error correction: about 7, 15, 25 and 30 % of the code restorable


@dataclass(frozen=True)
class QrModules:
    """A QR code's modules with its quiet zone (quiet light modules all round): side rows of
    side bytes, 0 dark and 255 light."""

    side: int
    quiet: int
    pixels: bytes

    def is_dark(self, row: int, col: int) -> bool:
        return self.pixels[row * self.side + col] == 0


def qr_modules(data: str, error: str = "M", *, mask: int | None = None) -> QrModules:
    """The modules of a QR code for data at error correction level error (L, M, Q or H).

    The encoder picks the smallest version and, unless told a mask (0 to 7), the best of the
    eight masks, as the standard asks; it encodes text the standard way (ISO 8859-1 where it
    can, an ECI where it cannot), so readers decode exactly data.
    """
    if error not in LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(LEVELS)}, not {error!r}")
    options: dict[str, object] = {"ec_level": error}
    if mask is not None:
        if not 0 <= mask <= 7:
            raise ValueError(f"a QR mask is 0 to 7, not {mask}")
        options["data_mask"] = mask
    code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, **options)
    image = code.to_image(scale=1, add_quiet_zones=True)
    # zxing-cpp's Image has the buffer protocol; its type stub does not say so.
    side, pixels = image.shape[1], bytes(memoryview(image))  # type: ignore[arg-type]
    # The top left finder pattern's corner is the first dark module: above it, the quiet zone.
    return QrModules(side, pixels.index(0) // side, pixels)


@lru_cache(maxsize=256)
def qr_png(data: str, *, box_size: int = 10, border: int = 4, error: str = "M") -> bytes:
    """A black-on-white QR code for data, as PNG bytes: box_size pixels a module and a quiet zone
    of border modules (cached: the same code renders once)."""
    from PIL import Image, ImageOps

    modules = qr_modules(data, error)
    image = Image.frombytes("L", (modules.side, modules.side), modules.pixels)
    trim = modules.quiet - border
    if trim > 0:
        image = image.crop((trim, trim, modules.side - trim, modules.side - trim))
    elif trim < 0:
        image = ImageOps.expand(image, border=-trim, fill=255)
    image = image.resize(
        (image.width * box_size, image.height * box_size), Image.Resampling.NEAREST
    ).convert("1", dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def wifi_join_payload(ssid: str, password: str, security: str = "WPA") -> str:
    """The standard Wi-Fi join text phones understand: WIFI:T:WPA;S:<ssid>;P:<password>;;"""

    def esc(value: str) -> str:
        for ch in '\\;,:"':
            value = value.replace(ch, "\\" + ch)
        return value

    if not password:
        return f"WIFI:T:nopass;S:{esc(ssid)};;"
    return f"WIFI:T:{security};S:{esc(ssid)};P:{esc(password)};;"
