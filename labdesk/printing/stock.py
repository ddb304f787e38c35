"""Badge stocks: the sizes of badge and label sheets, with no PDF machinery (the app asks for
one before any badge is laid out, and reportlab is slow to import)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BadgeSize:
    """A badge or label stock: one badge's size and how many fit across and down an A4 sheet."""

    key: str
    label: str
    width_mm: float
    height_mm: float
    across: int
    down: int

    @property
    def per_sheet(self) -> int:
        return self.across * self.down


SIZES: dict[str, BadgeSize] = {
    s.key: s
    for s in (
        BadgeSize("a4-8", "8 a sheet, 99 × 68 mm (Avery L7165 / badge inserts)", 99.1, 67.7, 2, 4),
        BadgeSize("a4-6", "6 a sheet, 4 × 3 in (101.6 × 76.2 mm badge holders)", 101.6, 76.2, 2, 3),
        BadgeSize("a4-10", "10 a sheet, 85 × 54 mm (credit-card badges)", 85.0, 54.0, 2, 5),
        BadgeSize("a4-4", "4 a sheet, 105 × 148 mm (A6, lanyard badges)", 105.0, 148.0, 2, 2),
    )
}
DEFAULT_SIZE = "a4-8"
