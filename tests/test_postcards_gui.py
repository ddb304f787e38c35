"""The Postcards area as the organiser uses it: due banner, printing, posting, paperwork."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from labdesk.gui.areas import postcards as area
from labdesk.gui.printing import PrintPreview, page_images
from labdesk.store import postcards as store_postcards
from tests import pdf_inspect as pdf

DUE_DAY = dt.date(2026, 10, 9)


@pytest.fixture
def widget(qtbot, services, monkeypatch):
    monkeypatch.setattr(area, "today", lambda: DUE_DAY)
    w = area.AreaWidget(services)
    w.resize(1200, 700)
    qtbot.addWidget(w)
    return w


def test_due_banner_says_how_many_to_post(widget, monkeypatch):
    # The demo's cards are to post from 8 October: on the 9th they are overdue, as the status
    # bar says (labdesk.gui.postcards_due); on the 8th, due today.
    assert widget.banner.isVisibleTo(widget)
    assert widget.banner.text().startswith("9 postcards are overdue")
    assert widget.status_text() == "9 postcards are overdue"
    monkeypatch.setattr(area, "today", lambda: dt.date(2026, 10, 8))
    widget.refresh()
    assert widget.banner.text().startswith("9 postcards are due to post today")
    monkeypatch.setattr(area, "today", lambda: dt.date(2026, 10, 1))
    widget.refresh()
    assert not widget.banner.isVisibleTo(widget)
    assert "to post from 8 Oct 2026" in widget.total.text()


def test_mark_posted_in_bulk_forgets_addresses(widget, demo_file, monkeypatch):
    widget.show_due.click()
    assert widget.model.rowCount() == 9
    assert widget.posted_button.isEnabled()
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    widget.posted_button.click()
    assert "Mark 9 postcards as posted?" in asked[0]
    cards = store_postcards.load_all(demo_file)
    assert sum(c.posted for c in cards) == 9
    assert all(c.address == "" for c in cards if c.posted)
    assert not widget.banner.isVisibleTo(widget)  # refreshed through the session's signal
    assert widget.model.rowCount() == 0


def test_printing_new_cards_previews_the_real_pdf_then_marks_them(
    widget, demo_file, tmp_path, monkeypatch, finish
):
    saved = tmp_path / "cards.pdf"
    seen = {}
    cards = len(store_postcards.load_all(demo_file))

    def fake_exec(dialog):
        seen["pages"] = dialog.document.pageCount()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
        assert dialog.save()
        return 0

    monkeypatch.setattr(PrintPreview, "exec", fake_exec)
    widget.layout_choice.setCurrentIndex(1)  # 2 on A4
    finish(widget.print_cards("new"))  # laid out on a worker, previewed back here
    assert seen["pages"] == cards  # 2 fronts then 2 backs per A4 sheet pair
    assert pdf.page_sizes_mm(saved) == [(210, 297)] * cards
    finish(widget.marking)  # marked printed on a worker, then the list follows
    assert all(c.printed for c in store_postcards.load_all(demo_file))
    assert "0 not printed yet" in widget.total.text()


def test_closing_the_preview_without_printing_marks_nothing(widget, demo_file, monkeypatch, finish):
    monkeypatch.setattr(PrintPreview, "exec", lambda dialog: 0)
    finish(widget.print_cards("postable"))
    assert widget.marking is None
    assert not any(c.printed for c in store_postcards.load_all(demo_file))


def _built(widget, finish):  # type: ignore[no-untyped-def]
    built = []
    finish(widget.build_postcards("new", then=lambda path, cards: built.append((path, cards))))
    return built[0]


def test_preview_pages_are_painted_on_white(widget, finish):
    path, chosen = _built(widget, finish)
    images = page_images(path, 30)
    assert len(images) == 2 * len(chosen)
    back = images[1]
    assert back.pixelColor(2, 2).name() == "#ffffff"
    assert back.width() > back.height()  # A5 landscape


def test_print_sends_every_page_with_duplex(widget, tmp_path, qtbot, finish):
    from PySide6.QtPrintSupport import QPrinter

    path, _ = _built(widget, finish)
    preview = widget.preview(path, "Postcards")
    qtbot.addWidget(preview)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    preview.send_to(printer)
    assert len(pdf.reader(out).pages) == 2 * len(store_postcards.load_all(widget.doc))


def test_mailing_list_saved_from_the_area(widget, tmp_path, monkeypatch, finish):
    dest = tmp_path / "mailing.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    finish(widget.save_mailing_list())  # written on a worker
    text = dest.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Name,Address line 1")
    assert len(text.splitlines()) == 10
    assert dest.stat().st_mode & 0o077 == 0  # names and addresses: for the owner only


def test_opening_a_workshop_announces_due_postcards(
    qtbot, qsettings_isolated, tmp_path, monkeypatch
):
    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    path = tmp_path / "day.labdesk"
    create_demo(path).close(take_backup=False)
    from labdesk.gui import postcards_due

    # A day after their post-on date they read "overdue"; on the day, "due to post today".
    other = create_demo(tmp_path / "b.labdesk")
    assert postcards_due.due_now(other, DUE_DAY) == "9 postcards are overdue"
    other.close(take_backup=False)
    monkeypatch.setattr(postcards_due, "today", lambda: dt.date(2026, 10, 8))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(path)
    due = window.postcards_due
    window.show()
    qtbot.waitUntil(lambda: "due" in due.text(), timeout=2000)
    assert due.text().startswith("9 postcards are due to post today"), due.text()
    # Beside the status line, not over it: the area's own line still shows.
    assert due.isVisible() and window._status.isVisible() and window._status.text()
    assert not due.geometry().intersects(window._status.geometry())
    assert window.statusBar().currentMessage() == ""
    window.close_workshop()
    assert not due.isVisible()


def test_export_then_erase_a_person_leaves_no_trace(
    widget, demo_file, tmp_path, monkeypatch, qtbot, finish
):
    """GIVEN a person's data exported from the area, WHEN they are erased from the dialog
    (off the GUI thread), THEN the export is removed, the dialog says so, and their card has
    left the list."""
    from labdesk.store import attendees as store_attendees

    sian = next(a for a in store_attendees.load_all(demo_file) if a.name == "Siân Jones")
    rows_before = len(store_postcards.load_all(demo_file))
    exported = tmp_path / "sian.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), ""))
    finish(widget.export_person(sian))  # written on a worker
    assert b"sian.jones@example.org" in exported.read_bytes()
    assert exported.stat().st_mode & 0o077 == 0
    dialog = widget.erase_dialog(sian)
    qtbot.addWidget(dialog)
    assert "Files would be removed: " + str(exported.resolve()) in dialog.what.toPlainText()
    with qtbot.waitSignal(dialog.erased, timeout=30000) as done:
        dialog.erase_now()
    outcome = done.args[0]
    assert outcome.ok, outcome.problems
    assert not exported.exists()  # the export held their data: it goes too
    assert f"Files removed: {exported.resolve()}." in outcome.lines
    assert dialog.what.toPlainText().startswith("Workshop file: their name, email")
    qtbot.waitUntil(lambda: widget.model.rowCount() == rows_before - 1, timeout=3000)


def test_paperwork_from_the_more_menu(widget, monkeypatch, finish):
    from PySide6.QtWidgets import QInputDialog

    from labdesk.printing import labels

    shown = []
    monkeypatch.setattr(
        PrintPreview,
        "exec",
        lambda d: shown.append((d.windowTitle(), d.document.pageCount(), pdf.texts(d.path))),
    )
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (3, True))
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *a, **k: (labels.SHEETS["L7163"].title, True)
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for make in (widget.print_blank_cards, widget.print_report, widget.print_labels):
        finish(make())
    (blank, blank_pages, _), (report, _, report_text), (label, label_pages, label_text) = shown
    assert (blank, blank_pages) == ("3 blank commitment cards", 6)
    assert report == "Day report"
    assert "Names are left out" in "".join(report_text)  # answered Yes to anonymising
    assert label == "9 address labels" and label_pages == 1
    assert "ST5 4UR" in label_text[0]


@pytest.mark.parametrize(
    ("layout", "flip", "upside_down"),
    [(0, 0, True), (0, 1, False), (1, 0, False), (1, 1, True)],
)
def test_the_preview_explains_upside_down_address_sides(
    widget, monkeypatch, finish, layout, flip, upside_down
):
    """A5 flipped on the long edge (and 2-up flipped on the short one) print their address sides
    upside down on purpose: the preview says so before anyone reprints a box of cards."""
    notes = []

    def fake_exec(dialog):
        notes.append((dialog.note.text(), dialog.note.isVisibleTo(dialog)))
        return 0

    monkeypatch.setattr(PrintPreview, "exec", fake_exec)
    widget.layout_choice.setCurrentIndex(layout)
    widget.flip_choice.setCurrentIndex(flip)
    finish(widget.print_cards("all"))
    ((text, shown),) = notes
    assert shown and ("upside down here on purpose" in text) == upside_down
    assert widget.flip_choice.currentText().lower() in text


def test_a_column_widened_by_hand_stays_as_wide_after_a_change(widget, demo_file, monkeypatch):
    # Columns fit the cards once; after that a change (a card printed, one arriving from a
    # phone) redraws the rows and leaves the widths alone: fitting 500 cards' actions again at
    # every change held the GUI thread for a quarter of a second each time.
    widget.view.setColumnWidth(2, 333)
    monkeypatch.setattr(widget.view, "resizeColumnsToContents", lambda: pytest.fail("refitted"))
    store_postcards.mark_printed(demo_file, [c.id for c in store_postcards.load_all(demo_file)])
    widget.show_due.click()  # a filter changed: the rows again
    assert widget.view.columnWidth(2) == 333
    assert widget.model.rowCount() == 9
