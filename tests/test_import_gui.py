"""The import dialog: preview of every row, a mapping the user can change, per-row problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from labdesk.core.importing import Field
from labdesk.gui.areas.attendees import AreaWidget
from labdesk.gui.session import WorkshopSession
from labdesk.store import attendees


@pytest.fixture
def area(qtbot, workshop_file):  # type: ignore[no-untyped-def]
    session = WorkshopSession(workshop_file)
    widget = AreaWidget(session)
    qtbot.addWidget(widget)
    yield widget
    session.close()


def test_preview_shows_problems_and_imports(qtbot, area, samples: Path) -> None:
    dialog = area.open_import(samples / "attendees-excel-semicolon-cp1252.csv")
    qtbot.addWidget(dialog)
    assert "Windows-1252, semicolon-separated" in dialog.about.text()
    assert len(dialog.preview.rows) == 41
    row46 = next(r for r in dialog.preview.rows if r.row == 46)
    assert "duplicate of row 4" in row46.reason
    assert "4 blank row(s) left out" in dialog.notes.text()
    assert dialog.import_button.text() == "Import 40 people"
    dialog.import_button.click()
    assert attendees.count(area.doc) == 40
    qtbot.waitUntil(lambda: area.count.text().startswith("40 attending"))


def test_changing_the_mapping_changes_the_preview(qtbot, area, samples: Path) -> None:
    dialog = area.open_import(samples / "attendees-with-title-row.xlsx")
    qtbot.addWidget(dialog)
    assert dialog.header_row.value() == 3
    assert dialog.preview.rows[0].attendee.name == "Zoë Hussain"
    headers = [dialog.mapping.item(i, 0).text() for i in range(dialog.mapping.rowCount())]
    dialog.set_field(headers.index("Role"), Field.IGNORE)
    dialog.set_field(headers.index("Dietary"), Field.ACCESS_NEEDS)
    first = dialog.preview.rows[0].attendee
    assert first.role == "" and first.access_needs == "Vegetarian"
    dialog.import_button.click()
    stored = {a.name: a for a in attendees.load_all(area.doc)}
    assert stored["Zoë Hussain"].access_needs == "Vegetarian"


def test_unreadable_file_says_why_and_cannot_import(qtbot, area, tmp_path: Path) -> None:
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    dialog = area.open_import(bad)
    qtbot.addWidget(dialog)
    assert "not a spreadsheet" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
