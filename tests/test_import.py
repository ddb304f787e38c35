"""Importing attendee lists: every real-format sample, encodings, delimiters, re-import merges."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from labdesk.core import importing
from labdesk.core.importing import Action, Field, ImportError_, read_plan, read_table
from labdesk.store import attendees, checkins
from tests.import_helpers import import_file


def _names(doc) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.name for a in attendees.load_all(doc) if a.status == "attending"}


# -- the samples, one by one -----------------------------------------------------------------------


def test_eventbrite_sample_imports_attending_people_and_leaves_out_cancelled(
    workshop_file, samples: Path
) -> None:
    plan, outcome = import_file(workshop_file, samples / "attendees-eventbrite.csv")
    assert plan.table.encoding == "UTF-8 with BOM"
    assert outcome.added == 61
    assert attendees.count(workshop_file) == 61
    left_out = {r.attendee.name for r in plan.rows if r.cancelled}
    assert left_out == {"Ellie Ní Bhriain", "Hannah Fuchs", "Priya Hughes"}
    names = _names(workshop_file)
    assert {
        "Aoife ap Gruffydd",
        "Olamide Ångström",
        "Agnieszka Ó Súilleabháin",
        "Zoë Roberts",
        "Siân MacLeod",
        "Oliver O'Neill",
    } <= names
    assert not left_out & names
    first = next(a for a in attendees.load_all(workshop_file) if a.name == "Mohammed Thompson")
    assert first.ticket_codes == ["383547482803078186511"]
    assert first.address == "224 Demo Avenue\nFlat 3\nManchester\nM16 9WG"
    assert first.organisation == "Health Innovation Network"
    assert first.role == "Clinical psychologist"
    assert first.family_name == "Thompson"
    bethan = next(a for a in attendees.load_all(workshop_file) if a.name == "Bethan Smith-Jones")
    assert bethan.dietary_needs == "Halal"


def test_pretix_sample_keeps_multiline_address_and_secret(workshop_file, samples: Path) -> None:
    plan, outcome = import_file(workshop_file, samples / "attendees-pretix-checkin.csv")
    assert outcome.added == 48
    people = {a.name: a for a in attendees.load_all(workshop_file)}
    priya = people["Priya Williams"]
    assert priya.address == "212 Demo Avenue\nGround floor\nCardiff\nCF27 6NA"
    assert priya.ticket_codes == ["v3ap3efk7krtzphyvvs4y4qeurvfqgwx"]
    assert priya.given_name == "Priya" and priya.family_name == "Williams"
    assert "Llŷr Kowalczyk" in people and "Renée Price" in people
    assert plan.source.startswith("pretix")


def test_excel_semicolon_cp1252_sample(workshop_file, samples: Path) -> None:
    plan, outcome = import_file(workshop_file, samples / "attendees-excel-semicolon-cp1252.csv")
    assert plan.table.encoding == "Windows-1252"
    assert plan.table.delimiter == ";"
    assert outcome.added == 40  # 41 rows, one person twice
    assert plan.blank_rows == 4
    people = {a.name: a for a in attendees.load_all(workshop_file)}
    assert "Zoë Nowak" in people and " Zoë Nowak " not in people  # padding trimmed
    assert {"Siân Davies", "Björn Llewellyn", "Renée Ångström", "Mairéad Patel"} <= set(people)
    assert people["Agnieszka Hughes"].email == "agnieszka.hughes13@example.org"  # lower-cased
    assert people["Ruth O'Neill"].address.endswith("SE2 4XN")  # postcode tidied
    duplicate = next(r for r in plan.rows if r.row == 46)
    assert duplicate.action is Action.SKIP and "duplicate of row 4" in duplicate.reason
    assert sum(1 for a in people.values() if a.name == "Rhodri Llewellyn") == 1
    no_email = [r.row for r in plan.rows if "No email address." in r.problems]
    assert no_email == [2, 14, 26, 39]
    assert "step-free" in people["Björn Llewellyn"].access_needs


def test_xlsx_sample_with_title_row_surname_first_and_total(workshop_file, samples: Path) -> None:
    plan, outcome = import_file(workshop_file, samples / "attendees-with-title-row.xlsx")
    assert plan.header_row == 2
    assert outcome.added == 55
    assert any("Q Lab workshop" in note for note in plan.notes)
    total = [r for r in plan.rows if r.action is Action.SKIP]
    assert len(total) == 1 and "totals row" in total[0].reason
    people = {a.name: a for a in attendees.load_all(workshop_file)}
    assert "Zoë Hussain" in people  # "Surname" and "First name" columns, put together
    assert people["Zoë Hussain"].family_name == "Hussain"
    assert "Renée Ní Bhriain" in people and "Ruth ap Gruffydd" in people
    assert "Total" not in people


def test_every_sample_imports_into_one_file_and_reimport_changes_nothing(
    workshop_file, samples: Path
) -> None:
    files = sorted(samples.glob("attendees-*"))
    assert len(files) == 4
    for path in files:
        import_file(workshop_file, path)
    before = {a.id: a for a in attendees.load_all(workshop_file)}
    for path in files:
        _plan, outcome = import_file(workshop_file, path)
        assert outcome.added == 0, path.name
    after = {a.id: a for a in attendees.load_all(workshop_file)}
    assert after.keys() == before.keys()
    assert attendees.count(workshop_file) == 61 + 40 + 48 + 55 - 1  # Ben Fyfe is in two lists


def test_reimport_merges_by_email_and_code_and_keeps_check_ins(
    workshop_file, samples: Path
) -> None:
    import_file(workshop_file, samples / "attendees-eventbrite.csv")
    aoife = next(a for a in attendees.load_all(workshop_file) if a.name == "Aoife ap Gruffydd")
    assert aoife.id is not None
    checkins.admit(workshop_file, aoife.id)
    # The organiser's next export: Aoife changed organisation, and her email is now upper case.
    text = (samples / "attendees-eventbrite.csv").read_text(encoding="utf-8-sig")
    text = text.replace(
        "aoife.apgruffydd0@example.org,1,Lived experience partner (free),2000000000,"
        "580943097405043636502,,Free Order,GBP,0.00,0.00,0.00,0.00,Attending,"
        "Service manager,Mind,",
        "AOIFE.APGRUFFYDD0@EXAMPLE.ORG,1,Lived experience partner (free),"
        "2000000000,580943097405043636502,,Free Order,GBP,0.00,0.00,0.00,0.00,"
        "Attending,Service manager,Mind Cymru,",
    )
    assert "Mind Cymru" in text
    plan = read_plan(
        text.encode(),
        "eventbrite-2.csv",
        attendees.load_all(workshop_file),
        checked_in=set(checkins.checked_in_at(workshop_file)),
    )
    outcome = attendees.apply_import(workshop_file, plan)
    assert outcome.added == 0
    again = attendees.get(workshop_file, aoife.id)
    assert again is not None and again.organisation == "Mind Cymru"
    assert checkins.get(workshop_file, aoife.id) is not None
    assert attendees.count(workshop_file) == 61


def test_reimport_cancelling_someone_already_checked_in_keeps_them(workshop_file) -> None:
    first = (
        b"Name,Email,Status\nAna Lopes,ana@example.org,Attending\n"
        b"Bo Chan,bo@example.org,Attending\n"
    )
    plan = read_plan(first, "a.csv")
    attendees.apply_import(workshop_file, plan)
    ana = next(a for a in attendees.load_all(workshop_file) if a.name == "Ana Lopes")
    checkins.admit(workshop_file, ana.id or 0)
    second = (
        b"Name,Email,Status\nAna Lopes,ana@example.org,Cancelled\nBo Chan,bo@example.org,Refunded\n"
    )
    plan = read_plan(
        second,
        "a.csv",
        attendees.load_all(workshop_file),
        checked_in=set(checkins.checked_in_at(workshop_file)),
    )
    attendees.apply_import(workshop_file, plan)
    status = {a.name: a.status for a in attendees.load_all(workshop_file)}
    assert status == {"Ana Lopes": "attending", "Bo Chan": "cancelled"}
    assert any("already checked in" in p for _, p in plan.problems)


# -- shapes beyond the samples --------------------------------------------------------------------

ROWS = [
    ["Full name", "Email", "Organisation"],
    ["Siân Jones", "sian@example.org", "Mind"],
    ["Dafydd ap Gruffydd", "dafydd@example.org", "Keele University"],
]


def _csv(delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(r) for r in ROWS) + "\r\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_encodings(encoding: str) -> None:
    data = _csv().encode(encoding)  # utf-16-le/-be have no BOM: found by their NUL bytes
    plan = read_plan(data, "list.csv")
    assert [r.attendee.name for r in plan.added] == ["Siân Jones", "Dafydd ap Gruffydd"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    plan = read_plan(_csv(delimiter).encode(), "list.txt")
    assert plan.table.delimiter == delimiter
    assert len(plan.added) == 2


def test_surname_first_names_in_one_column() -> None:
    data = '"Name (Surname, First name)",Email\n"Jones, Siân",s@example.org\n'.encode()
    plan = read_plan(data, "x.csv")
    person = plan.added[0].attendee
    assert person.name == "Siân Jones"
    assert (person.given_name, person.family_name) == ("Siân", "Jones")


def test_comma_name_in_plain_name_column_is_understood() -> None:
    data = 'Name,Email\n"Ó Súilleabháin, Pádraig",p@example.org\n'.encode()
    person = read_plan(data, "x.csv").added[0].attendee
    assert person.name == "Pádraig Ó Súilleabháin"


def test_google_forms_shape() -> None:
    data = (
        "Timestamp,Email Address,Full name,Which organisation do you work for?,"
        "Do you have any access requirements?,Dietary requirements\n"
        "2026/08/01 10:00:00,zoe@example.org,Zoë Nowak,Mind,Hearing loop,Vegan\n"
    ).encode()
    plan = read_plan(data, "Form responses 1.csv")
    person = plan.added[0].attendee
    assert (person.name, person.email, person.organisation) == (
        "Zoë Nowak",
        "zoe@example.org",
        "Mind",
    )
    assert person.access_needs == "Hearing loop" and person.dietary_needs == "Vegan"
    assert plan.source.startswith("Google Forms")


def test_address_in_one_cell_is_split_into_lines() -> None:
    data = b'Name,Address\nAna Lopes,"12 High Street, Flat 2, Leeds, ls1 4ab"\n'
    person = read_plan(data, "x.csv").added[0].attendee
    assert person.address == "12 High Street\nFlat 2\nLeeds\nLS1 4AB"


def test_bad_email_is_a_problem_but_the_person_is_kept() -> None:
    data = b"Name,Email\nAna Lopes,ana at example dot org\n"
    plan = read_plan(data, "x.csv")
    step = plan.added[0]
    assert step.attendee.email == ""
    assert "ana at example dot org" in step.attendee.notes
    assert any("not an email address" in p for p in step.problems)


def test_missing_name_is_left_out_with_its_row_number() -> None:
    data = b"Name,Email\n,ana@example.org\nBo Chan,bo@example.org\n"
    plan = read_plan(data, "x.csv")
    skipped = plan.skipped
    assert len(skipped) == 1 and skipped[0].row == 2 and "no name" in skipped[0].reason
    assert len(plan.added) == 1


def test_question_marks_in_names_are_flagged() -> None:
    data = "Name,Email\nSi?n Jones,s@example.org\n".encode("cp1252")
    plan = read_plan(data, "x.csv")
    assert any("“?”" in p for p in plan.added[0].problems)


def test_header_can_be_chosen_and_mapping_changed() -> None:
    data = b"Nom,Courriel,Soci\xc3\xa9t\xc3\xa9\nAna Lopes,ana@example.org,Mind\n"
    table = read_table(data, "x.csv")
    plan = importing.plan_import(
        table, "x.csv", mapping=[Field.NAME, Field.EMAIL, Field.ORGANISATION], header_row=0
    )
    person = plan.added[0].attendee
    assert (person.name, person.email, person.organisation) == (
        "Ana Lopes",
        "ana@example.org",
        "Mind",
    )


def test_xlsx_made_here_with_numbers_and_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["First name", "Last name", "Email", "Ticket number"])
    sheet.append(["José", "Llewellyn", "jose@example.org", 123456789012])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan(buffer.getvalue(), "list.xlsx")
    person = plan.added[0].attendee
    assert person.name == "José Llewellyn"
    assert person.ticket_codes == ["123456789012"]  # not "123456789012.0"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        (b"PK\x03\x04garbage", "cannot be opened"),
        (b"%PDF-1.7\n...", "not a spreadsheet"),
        (b"just some words\nand more words\n", "No header row"),
        (b"Email,Organisation\nx@example.org,Mind\n", "No column holds names"),
        (bytes(range(256)) * 20, "control characters"),
    ],
)
def test_clear_errors(data: bytes, words: str) -> None:
    with pytest.raises(ImportError_, match=words):
        read_plan(data, "x.csv")


def test_cli_import_dry_run_then_real(workshop_file, samples: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from labdesk.cli import main

    path = workshop_file.path
    workshop_file.close(take_backup=False)
    source = samples / "attendees-eventbrite.csv"
    assert main(["import", str(path), str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: 64 rows: 61 new" in out and "nothing changed" in out
    assert "row 35: left out (Ellie Ní Bhriain): cancelled" in out
    assert main(["import", str(path), str(source)]) == 0
    assert "imported: 64 rows: 61 new" in capsys.readouterr().out
    assert main(["import", str(path), str(path)]) == 2
    assert "is the workshop file itself" in capsys.readouterr().err
    assert main(["import", str(path), str(samples / "nope.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_very_wide_or_very_long_files_are_read_with_a_note_or_refused(tmp_path: Path) -> None:
    wide = b"Name,Email" + b",x" * 100_000 + b"\nAna Lopes,ana@example.org\n"
    plan = read_plan(wide, "wide.csv")
    assert len(plan.added) == 1 and any("Columns after the 500th" in n for n in plan.notes)
    with pytest.raises(ImportError_, match="characters long"):
        read_plan(b'Name,Email\n"' + b"a" * 200_000 + b'",a@example.org\n', "x.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email"])
    sheet.append(["Ana Lopes", "ana@example.org"])
    sheet.cell(row=2, column=9000, value="stray")
    sheet.cell(row=50_000, column=1, value="Far Down")
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_plan(buffer.getvalue(), "far.xlsx")
    assert [r.attendee.name for r in plan.added] == ["Ana Lopes"]
    assert any("stopped at row" in n for n in plan.notes)  # said, not silently dropped
    assert any("Columns after the 500th" in n for n in plan.notes)


def test_cli_refuses_devices_folders_and_never_hangs(workshop_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from labdesk.cli import main

    path = workshop_file.path
    workshop_file.close(take_backup=False)
    for source, words in (("/dev/zero", "not a regular file"), (str(tmp_path), "is a folder")):
        assert main(["import", str(path), source]) == 2
        assert words in capsys.readouterr().err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert main(["import", str(path), str(junk)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("labdesk: junk.xlsx: ") and "Traceback" not in err


def test_namesakes_without_emails_merge_only_within_one_organisation() -> None:
    data = (
        b"Name,Organisation,Email\n"
        b"John Smith,Mind,\n"
        b"John Smith,Mind,\n"
        b"John Smith,Keele University,\n"
        b"Ana Lopes,Mind,ana1@example.org\n"
        b"Ana Lopes,Mind,ana2@example.org\n"
    )
    plan = read_plan(data, "x.csv")
    assert [r.attendee.organisation for r in plan.added if r.attendee.name == "John Smith"] == [
        "Mind",
        "Keele University",
    ]
    assert "duplicate of row 2" in next(r for r in plan.rows if r.row == 3).reason
    assert sum(1 for r in plan.added if r.attendee.name == "Ana Lopes") == 2
    assert any("Same name as row 5" in p for p in next(r for r in plan.rows if r.row == 6).problems)


def test_cli_mapping_and_header_row_options(workshop_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from labdesk.cli import main

    path = workshop_file.path
    workshop_file.close(take_backup=False)
    source = tmp_path / "liste.csv"
    source.write_text(
        "Liste des participants\nNom;Courriel;Structure\nAna Lopes;ana@example.org;Mind\n",
        encoding="utf-8",
    )
    args = [
        "import",
        str(path),
        str(source),
        "--header-row",
        "2",
        "--map",
        "Nom=name",
        "--map",
        "Courriel=email",
        "--map",
        "3=organisation",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    for line in ("  Nom → name (", "  Courriel → email (", "  Structure → organisation ("):
        assert line in out
    assert "1 new" in out
    assert main(["import", str(path), str(source), "--map", "Nom=shoe size"]) == 2
    assert "not a field" in capsys.readouterr().err
