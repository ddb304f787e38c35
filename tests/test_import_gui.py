"""The import dialog: preview of every row, a mapping the user can change, per-row problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from labdesk.core.importing import Field
from labdesk.gui.areas.attendees import AreaWidget
from labdesk.store import attendees
from tests.import_helpers import settle


@pytest.fixture
def area(qtbot, workshop_file, make_services):  # type: ignore[no-untyped-def]
    widget = AreaWidget(make_services(workshop_file))
    qtbot.addWidget(widget)
    return widget


def test_preview_shows_problems_and_imports(qtbot, area, samples: Path) -> None:
    dialog = area.open_import(samples / "attendees-excel-semicolon-cp1252.csv")
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert "Windows-1252, semicolon-separated" in dialog.about.text()
    assert len(dialog.preview.rows) == 41
    row46 = next(r for r in dialog.preview.rows if r.row == 46)
    assert "duplicate of row 4" in row46.reason
    assert "4 blank rows left out" in dialog.notes.text()
    assert dialog.import_button.text() == "Import 40 people"
    dialog.import_button.click()
    settle(qtbot, dialog)
    assert attendees.count(area.doc) == 40
    qtbot.waitUntil(lambda: area.count.text().startswith("40 attending"))


def test_changing_the_mapping_changes_the_preview(qtbot, area, samples: Path) -> None:
    dialog = area.open_import(samples / "attendees-with-title-row.xlsx")
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert dialog.header_row.value() == 3
    assert dialog.preview.rows[0].attendee.name == "Zoë Hussain"
    headers = [dialog.mapping.item(i, 0).text() for i in range(dialog.mapping.rowCount())]
    dialog.set_field(headers.index("Role"), Field.IGNORE)
    settle(qtbot, dialog)
    dialog.set_field(headers.index("Dietary"), Field.ACCESS_NEEDS)
    settle(qtbot, dialog)
    first = dialog.preview.rows[0].attendee
    assert first.role == "" and first.access_needs == "Vegetarian"
    dialog.import_button.click()
    settle(qtbot, dialog)
    stored = {a.name: a for a in attendees.load_all(area.doc)}
    assert stored["Zoë Hussain"].access_needs == "Vegetarian"


def test_unreadable_file_says_why_and_cannot_import(qtbot, area, tmp_path: Path) -> None:
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    dialog = area.open_import(bad)
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert "not a spreadsheet" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_print_badge_sheets_from_the_app(qtbot, area, samples: Path, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from labdesk.core.importing import read_plan
    from labdesk.gui.printing import PrintPreview

    source = samples / "attendees-pretix-checkin.csv"
    attendees.apply_import(area.doc, read_plan(source.read_bytes(), source.name))
    out = tmp_path / "sheets"
    opened: list[object] = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][2], True))  # 10 a sheet
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    # Laid out on a worker, then the print preview: Save as PDF… from it.
    monkeypatch.setattr(PrintPreview, "exec", lambda d: (opened.append(d), d.save())[1])
    area.print_badges()
    qtbot.waitUntil(lambda: area.badges_written is not None, timeout=30000)
    path = area.badges_written
    assert path == tmp_path / "sheets.pdf" and len(opened) == 1
    assert opened[0].document.pageCount() == 5 and opened[0].windowTitle() == "Badges for 48 people"
    reader = PdfReader(path)
    assert len(reader.pages) == 5  # 48 people, 10 a sheet
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Llŷr" in text and "Kowalczyk" in text
    assert "Renée\nap Gruffydd" in text or "Renée ap Gruffydd" in text  # particle kept together


def test_a_workbook_sheet_can_be_chosen_and_each_column_says_why(
    qtbot, area, samples: Path
) -> None:
    # GIVEN pretix's Order data workbook: Orders, Order positions, Order fees
    dialog = area.open_import(samples / "pretix-order-data.xlsx")
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    # THEN the people sheet is chosen, the choice is offered, and each column says why
    assert dialog.sheet.isVisibleTo(dialog)
    assert [dialog.sheet.itemData(i) for i in range(dialog.sheet.count())] == [
        "Orders",
        "Order positions",
        "Order fees",
    ]
    assert dialog.sheet.currentData() == "Order positions"
    headers = [dialog.mapping.item(i, 0).text() for i in range(dialog.mapping.rowCount())]
    assert "buyer" in dialog.why(headers.index("Email"))
    dietary = headers.index("Dietary requirements")
    dialog.set_field(dietary, Field.NOTES)
    settle(qtbot, dialog)
    assert dialog.why(dietary) == "chosen by you"
    # WHEN the organiser picks the orders sheet, the dialog says why that cannot be imported
    dialog.choose_sheet("Orders")
    settle(qtbot, dialog)
    assert "Import the sheet “Order positions”" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.choose_sheet("Order positions")
    settle(qtbot, dialog)
    assert dialog.import_button.text() == "Import 10 people"
    dialog.import_button.click()
    settle(qtbot, dialog)
    assert attendees.count(area.doc) == 10


def test_a_text_file_offers_no_sheet_choice(qtbot, area, samples: Path) -> None:
    dialog = area.open_import(samples / "meetup-rsvps.xls")
    settle(qtbot, dialog)
    qtbot.addWidget(dialog)
    assert not dialog.sheet.isVisibleTo(dialog)
    assert "tab-separated" in dialog.about.text()
    assert "Waitlist" in "; ".join(r.reason for r in dialog.preview.rows)
