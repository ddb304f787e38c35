"""QR codes as PNG bytes (for badges, postcards, the projector and phone pages alike)."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
import qrcode.constants


@lru_cache(maxsize=256)
def qr_png(data: str, *, box_size: int = 10, border: int = 4, error: str = "M") -> bytes:
    """A black-on-white QR code for data, as PNG bytes (cached: the same code renders once)."""
    levels = {
        "L": qrcode.constants.ERROR_CORRECT_L,
        "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q,
        "H": qrcode.constants.ERROR_CORRECT_H,
    }
    code = qrcode.QRCode(error_correction=levels[error], box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
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
