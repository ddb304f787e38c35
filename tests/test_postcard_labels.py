"""Address labels on common A4 label sheets."""

from __future__ import annotations

from pathlib import Path

from labdesk.printing import labels
from tests import pdf_inspect as pdf


def test_labels_fill_sheets_in_reading_order(tmp_path: Path):
    out = tmp_path / "labels.pdf"
    addresses = [[f"Person {n}", "1 High Street", "Leeds", "LS1 1AA"] for n in range(23)]
    assert labels.render(out, addresses, sheet="L7160") == 2
    assert pdf.page_sizes_mm(out) == [(210, 297), (210, 297)]
    first, second = pdf.texts(out)
    assert "Person 0" in first and "Person 20" in first and "Person 21" not in first
    assert "Person 21" in second and "Person 22" in second
    page = pdf.reader(out).pages[0]
    y0 = next(y for t, y in pdf.text_positions(page) if t == "Person 0")
    y3 = next(y for t, y in pdf.text_positions(page) if t == "Person 3")
    assert round((y0 - y3) / pdf.PT_PER_MM, 1) == 38.1  # one label pitch further down
    assert pdf.unembedded_fonts(out) == []


def test_skipping_used_labels_and_long_addresses(tmp_path: Path):
    out = tmp_path / "labels.pdf"
    long_line = "Flat 12, The Very Long Named Building on the Corner of Two Streets"
    assert (
        labels.render(
            out, [["Llŷr Evans", long_line, "Cardiff", "CF10 1AA"]], sheet="L7163", skip=13
        )
        == 1
    )
    text = pdf.texts(out)[0]
    assert "Llŷr Evans" in text and "CF10 1AA" in text
    assert all(word in text for word in long_line.replace(",", "").split())
    (y,) = [y for t, y in pdf.text_positions(pdf.reader(out).pages[0]) if t == "Llŷr Evans"]
    assert y < 60 * pdf.PT_PER_MM  # the 14th label is the last one, at the bottom right
