"""`labdesk import` on registration exports and files we had not seen, driven as a user would."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile

import openpyxl
import pytest

from tests.hostile import fine, labdesk, refused

PEOPLE = [
    ("Siân", "Jones", "sian@example.org", "NHS Wales"),
    ("Zoë", "Brontë", "zoe@example.org", "Café Ltd"),
    ("Hélène", "Dupré", "helene@example.fr", "AP-HP"),
]


@pytest.fixture
def day(tmp_path):
    path = tmp_path / "day.labdesk"
    fine(labdesk("new", path))
    return path


def exported_names(day, tmp_path) -> list[str]:
    out = tmp_path / "out.csv"
    fine(labdesk("export", day, "-o", out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return sorted(row["Name"] for row in csv.DictReader(fh))


def test_mac_roman_csv_keeps_its_accents(day, tmp_path):
    # GIVEN Excel for Mac's "CSV (Macintosh)": Mac Roman with CR line ends
    text = "Name,Email,Organisation\r" + "".join(f"{g} {f},{e},{o}\r" for g, f, e, o in PEOPLE)
    source = tmp_path / "mac.csv"
    source.write_bytes(text.encode("mac_roman"))
    # WHEN it is imported THEN every accent survives
    out = fine(labdesk("import", day, source))
    assert "Mac Roman" in out
    assert exported_names(day, tmp_path) == sorted(f"{g} {f}" for g, f, _, _ in PEOPLE)


def test_windows_1252_is_not_taken_for_mac_roman(day, tmp_path):
    source = tmp_path / "win.csv"
    source.write_bytes("Name,Email\r\nZoë ‘Zed’ Brontë,zoe@example.org\r\n".encode("cp1252"))
    out = fine(labdesk("import", day, source))
    assert "Windows-1252" in out
    assert "1 row: 1 new" in out  # and "1 row", not "1 rows"
    assert exported_names(day, tmp_path) == ["Zoë ‘Zed’ Brontë"]


def test_one_column_list_of_names_imports(day, tmp_path):
    source = tmp_path / "names.csv"
    source.write_text("Name\nSiân Jones\nBob Smith\n\nCarol\n", encoding="utf-8")
    out = fine(labdesk("import", day, source))
    assert "3 new" in out
    assert exported_names(day, tmp_path) == ["Bob Smith", "Carol", "Siân Jones"]


def test_french_nom_and_prenom_make_the_full_name(day, tmp_path):
    # GIVEN LibreOffice's semicolon CSV with French headers: Nom is the surname
    source = tmp_path / "fr.csv"
    source.write_text(
        "Nom;Prénom;Courriel\nDupré;Hélène;helene@example.fr\nMüller;Jean-François;jf@example.fr\n",
        encoding="utf-8",
    )
    out = fine(labdesk("import", day, source))
    assert "Courriel → email" in out
    assert exported_names(day, tmp_path) == ["Hélène Dupré", "Jean-François Müller"]


def test_microsoft_forms_export_takes_the_filled_in_columns(day, tmp_path):
    # GIVEN an anonymous Microsoft Forms export: "Email" says anonymous, "Name" is empty,
    # and the form's own questions ask for the full name and the email address
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Email", "Name", "Full name", "Email address"])
    for i, (g, f, e, _) in enumerate(PEOPLE, start=1):
        sheet.append([i, "9/1/26 10:00:00", "anonymous", None, f"{g} {f}", e])
    source = tmp_path / "forms.xlsx"
    book.save(source)
    out = fine(labdesk("import", day, source))
    assert "3 new" in out
    assert "  ID → not imported (" in out and "  Start time → not imported (" in out
    assert "  Email → not imported (another column holds the email: “Email address”)" in out
    assert exported_names(day, tmp_path) == sorted(f"{g} {f}" for g, f, _, _ in PEOPLE)


def test_a_second_column_of_the_same_name_is_reported_not_silently_dropped(day, tmp_path):
    source = tmp_path / "dup.csv"
    source.write_text(
        "Name,Email,Name,Email\nSiân Jones,sian@example.org,S Jones,sj@example.org\n",
        encoding="utf-8",
    )
    out = fine(labdesk("import", "--dry-run", day, source))
    assert "  Name → not imported (another column holds the name: “Name”)" in out
    assert "  Email → not imported (another column holds the email: “Email”)" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\r\n \r\n\t\r\n", "empty"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 8, "not a spreadsheet or CSV"),
        (bytes((i * 37 + 11) % 256 for i in range(5000)), "control characters"),
        (b"PK\x03\x04" + b"\x00" * 200, "cannot be opened"),
        (b"Name,Email\r\nA,a@example.org\r\n" + b"x" * 200_000 + b"\r\n", "characters long"),
    ],
    ids=["0-byte", "blank lines", "pdf renamed", "binary", "broken zip", "huge line"],
)
def test_unreadable_files_get_one_line_and_change_nothing(day, tmp_path, content, reason):
    before = day.read_bytes()
    source = tmp_path / "list.csv"
    source.write_bytes(content)
    assert reason in refused(labdesk("import", day, source))
    assert day.read_bytes() == before


def test_folders_pipes_and_missing_files_are_refused_without_waiting(day, tmp_path):
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")
    assert "folder" in refused(labdesk("import", day, tmp_path / "folder.csv", timeout=20))
    assert "regular file" in refused(labdesk("import", day, tmp_path / "pipe.csv", timeout=20))
    assert "does not exist" in refused(labdesk("import", day, tmp_path / "nope.csv"))


def test_utf16_both_byte_orders_with_and_without_bom(day, tmp_path):
    text = "Name\tEmail\r\n" + "".join(f"{g} {f}\t{e}\r\n" for g, f, e, _ in PEOPLE)
    for n, (encoding, bom) in enumerate(
        [
            ("utf-16-le", b""),
            ("utf-16-le", b"\xff\xfe"),
            ("utf-16-be", b""),
            ("utf-16-be", b"\xfe\xff"),
        ]
    ):
        source = tmp_path / f"u{n}.txt"
        source.write_bytes(bom + text.encode(encoding))
        out = fine(labdesk("import", "--dry-run", day, source))
        assert "UTF-16, tab-separated" in out
        assert "3 rows: 3 new" in out


def test_quoted_newlines_and_header_below_a_title(day, tmp_path):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows([["Attendee list"], ["Exported 1 Sept"], [], ["Name", "Email", "Address"]])
    writer.writerow(["Siân Jones", "sian@example.org", "1 High St\nLeeds\nLS1 1AA"])
    source = tmp_path / "t.csv"
    source.write_text(buf.getvalue(), encoding="utf-8")
    out = fine(labdesk("import", day, source))
    assert "header on row 4" in out
    assert "1 row: 1 new" in out


def test_hand_kept_workbook_with_merged_cells_title_formulas_and_a_totals_row(day, tmp_path):
    # GIVEN a sheet with a merged title, the header on row 5, an organisation merged down the
    # rows of its two people, a date stored as a number and a totals row with a formula
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Attendee list for the workshop"
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append([])
    sheet.append([])
    sheet.append(["First name", "Surname", "Email", "Organisation", "Registered"])
    sheet.append(["Siân", "Jones", "sian@example.org", "NHS Wales", 46000])
    sheet.append(["Bob", "Smith", "bob@example.org", None, 46001.5])
    sheet.append(["Zoë", "Brontë", "zoe@example.org", "Café Ltd", 46002])
    sheet.merge_cells("D6:D7")
    sheet.append(["Total", "=COUNTA(A6:A8)"])
    source = tmp_path / "list.xlsx"
    book.save(source)
    out = fine(labdesk("import", day, source))
    assert "header on row 5" in out
    assert "note: 1 row above the header left out: Attendee list for the workshop\n" in out
    assert "left out: a totals row" in out
    assert "3 new" in out
    table = tmp_path / "people.csv"
    fine(labdesk("export", day, "-o", table))
    with table.open(encoding="utf-8-sig", newline="") as fh:
        orgs = {row["Name"]: row["Organisation"] for row in csv.DictReader(fh)}
    assert orgs == {"Siân Jones": "NHS Wales", "Bob Smith": "NHS Wales", "Zoë Brontë": "Café Ltd"}


def test_pretix_name_parts_and_status_letters(day, tmp_path):
    # GIVEN a pretix export with the JSON name parts column and single-letter statuses
    source = tmp_path / "pretix.csv"
    source.write_text(
        "Order code,Status,Email,Attendee name,attendee_name_parts,Secret\n"
        'A1,p,sian@example.org,Siân Jones,"{""_scheme"": ""given_family"", '
        '""given_name"": ""Siân"", ""family_name"": ""Jones""}",abcdef123456\n'
        'A2,c,zoe@example.org,Zoë Brontë,"{}",cdefab345678\n',
        encoding="utf-8",
    )
    out = fine(labdesk("import", day, source))
    assert "Attendee name → name" in out  # not the JSON column
    assert "row 3: left out (Zoë Brontë): cancelled" in out
    assert exported_names(day, tmp_path) == ["Siân Jones", "Zoë Brontë"]
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert ",cancelled," in next(line for line in lines if line.startswith("Zoë"))
    # AND JSON name parts in the only name column give the name, not the JSON
    other = tmp_path / "parts.csv"
    other.write_text(
        'Email,Name\nbob@example.org,"{""given_name"": ""Bob"", ""family_name"": ""Smith""}"\n',
        encoding="utf-8",
    )
    fine(labdesk("import", day, other))
    assert exported_names(day, tmp_path) == ["Bob Smith", "Siân Jones", "Zoë Brontë"]


def test_ticket_codes_a_spreadsheet_rounded_are_reported(day, tmp_path):
    # GIVEN an Eventbrite list opened and saved in Excel: long barcodes became 1.23457E+18
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Barcode #"])
    sheet.append(["Siân Jones", "sian@example.org", 1.2345678901234568e18])
    sheet.append(["Bob Smith", "bob@example.org", 1234567890123456.0])  # still exact
    source = tmp_path / "eventbrite.xlsx"
    book.save(source)
    out = fine(labdesk("import", day, source))
    assert re.search(r"row 2: Ticket code “1\.23456789\d*e\+18” was rounded by a spreadsheet", out)
    assert "2 new" in out
    ran = labdesk("check-in", day, "1234567890123456")
    assert ": checked in: Bob Smith" in fine(ran)


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "list.ods",
            _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "c.xml": "<x/>"}),
            "This is a LibreOffice (OpenDocument .ods) spreadsheet.",
        ),
        ("list.numbers", _zip({"Index/Document.iwa": "x"}), "This is an Apple Numbers file."),
        ("list.xlsx", _zip({"word/document.xml": "<x/>"}), "not an Excel workbook"),
        (
            "list.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "protected with a password",
        ),
    ],
    ids=["ods", "numbers", "docx renamed", "encrypted xlsx"],
)
def test_other_kinds_of_file_are_named(day, tmp_path, name, content, says):
    source = tmp_path / name
    source.write_bytes(content)
    reason = refused(labdesk("import", day, source))
    assert says in reason
    assert "Error)" not in reason  # no Python exception names in what people read


def test_a_csv_renamed_xlsx_is_read_as_the_text_it_is(day, tmp_path):
    source = tmp_path / "people.xlsx"
    source.write_text("Name,Email\nSiân Jones,sian@example.org\n", encoding="utf-8")
    out = fine(labdesk("import", day, source))
    assert "holds text: read as CSV" in out
    assert exported_names(day, tmp_path) == ["Siân Jones"]


def test_invisible_characters_are_taken_out_of_names_but_joiners_stay(day, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Email\n"
        "\ufeffSiân Jones,sian@example.org\n"  # a second BOM, pasted from another file
        "Ali \u202eexe.live\u202c Khan,ali@example.org\n"  # reads backwards on screen
        "Bob\u200b Smith,bob@example.org\n"
        "👩\u200d⚕️ Dr Zoë,zoe@example.org\n",
        encoding="utf-8",
    )
    fine(labdesk("import", day, source))
    assert exported_names(day, tmp_path) == [
        "Ali exe.live Khan",
        "Bob Smith",
        "Siân Jones",
        "👩\u200d⚕️ Dr Zoë",
    ]


def test_map_a_column_whose_header_holds_an_equals_sign(day, tmp_path):
    source = tmp_path / "scores.csv"
    source.write_text("Name,Score=Total,Email\nSiân Jones,3,sian@example.org\n", encoding="utf-8")
    out = fine(labdesk("import", "--dry-run", day, source, "--map", "Score=Total=notes"))
    assert "Score=Total → notes" in out
