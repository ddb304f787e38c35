"""Real export shapes, one defect class each (issue #12): every sample in tests/data is built in
the exact shape its tool produces, and each test says what a new user would see go wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from labdesk.core.importing import Action, Field, ImportError_, read_plan
from labdesk.store import attendees
from tests.import_helpers import import_file


def _people(doc) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {a.name: a for a in attendees.load_all(doc)}


def _column(plan, header: str, occurrence: int = 1):  # type: ignore[no-untyped-def]
    found = [c for c in plan.columns if c.header == header]
    return found[occurrence - 1]


# -- "name" anywhere in a header is not the attendee's name ----------------------------------------


def test_eventbrite_event_name_column_is_not_everyones_name(workshop_file, samples: Path) -> None:
    # GIVEN Eventbrite UK's attendee summary with several events: "Event Name" comes first
    plan, outcome = import_file(workshop_file, samples / "eventbrite-uk-attendee-summary.csv")
    people = _people(workshop_file)
    # THEN every person keeps their own name, not the workshop's title
    assert outcome.added == 9 and outcome.cancelled == 2
    assert {"Aisha Rahman", "Róisín Ó Dálaigh", "Harriet Pennington-Smythe"} <= set(people)
    assert not any("workshop" in name.lower() for name in people)
    assert _column(plan, "Event Name").field is Field.IGNORE
    assert "the event's name" in _column(plan, "Event Name").why
    # AND the UK's "County of Residence" reaches the postal address
    assert people["Aisha Rahman"].address.splitlines()[-2:] == ["Lancashire", "PR1 2HE"]


def test_hi_events_product_name_is_the_ticket_type(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "hi-events-attendees.xlsx")
    people = _people(workshop_file)
    assert {"Anwen Gruffydd", "Rafael Moreno", "Zofia Kamińska"} <= set(people)
    assert people["Rafael Moreno"].family_name == "Moreno"
    assert people["Rafael Moreno"].ticket_type == "Workshop day – Leeds"
    assert people["Rafael Moreno"].ticket_codes == ["A-7F3K91QW2M"]  # its QR code's value
    assert people["Keisha Campbell"].status == "cancelled"
    awaiting = next(r for r in plan.rows if r.attendee and r.attendee.name == "Parveen Akhtar")
    assert any("May not come" in p and "AWAITING_PAYMENT" in p for p in awaiting.problems)


def test_form_questions_about_other_people_are_not_the_attendee(
    workshop_file, samples: Path
) -> None:
    # GIVEN a Google Form asking for an emergency contact and a line manager by name
    plan, _ = import_file(workshop_file, samples / "google-forms-responses.csv")
    people = _people(workshop_file)
    assert set(people) == {"Pia Andersen", "Yusuf Demir", "Carys Evans", "Tobi Ajayi", "Mira Kaur"}
    for header, who in (
        ("Emergency contact name", "emergency"),
        ("Name of your line manager", "line manager"),
    ):
        assert _column(plan, header).field is Field.IGNORE
        assert who in _column(plan, header).why
    assert plan.source.startswith("Google Forms")


# -- the attendee's own columns over the buyer's ---------------------------------------------------


def test_colleagues_booked_by_one_buyer_stay_separate_people(workshop_file, samples: Path) -> None:
    # GIVEN Eventbrite's attendee report: Grace booked for Ben and Lowri (Lowri has no email)
    plan, outcome = import_file(workshop_file, samples / "eventbrite-attendee-report.csv")
    people = _people(workshop_file)
    assert outcome.added == 5
    assert people["Ben Achterberg"].email == "ben.achterberg@example.org"
    assert people["Grace Okafor"].email == "grace.okafor@example.org"
    # THEN Lowri is not merged into the buyer and does not take the buyer's email
    assert people["Lowri Pugh"].email == ""
    assert "Booked by Grace Okafor <grace.okafor@example.org>" in people["Lowri Pugh"].notes
    assert _column(plan, "Buyer email").field is Field.BUYER_EMAIL
    assert _column(plan, "Attendee email").field is Field.EMAIL
    assert "buyer" in _column(plan, "Purchaser city").why


def test_an_invoice_address_is_never_the_attendees_postal_address(
    workshop_file, samples: Path
) -> None:
    # GIVEN pretix's Order data: four orders were invoiced to a finance department
    plan, _ = import_file(workshop_file, samples / "pretix-order-data.xlsx")
    people = _people(workshop_file)
    assert len(people) == 10
    assert not any("Finance" in p.address or "PO Box" in p.address for p in people.values())
    assert people["Nia Roberts"].address == "14 Heol Example\nCardiff\nCF10 3NB"
    assert people["Jakub Wiśniewski"].address == ""  # only the invoice had an address
    assert people["Jakub Wiśniewski"].email == "jakub.w@example.org"  # his, not finance's
    assert _column(plan, "Address", 2).field is Field.IGNORE
    assert _column(plan, "Company", 2).field is Field.IGNORE
    assert "buyer" in _column(plan, "Address", 2).why


def test_one_email_for_an_order_does_not_merge_the_people_in_it() -> None:
    # GIVEN a check-in list where every ticket of an order carries the buyer's email
    data = (
        b"Order code,Attendee name,Product,Checked in,E-mail\n"
        b"AB12C,Ana Lopes,Day,,office@example.org\n"
        b"AB12C,Bo Chan,Day,,office@example.org\n"
    )
    plan = read_plan(data, "checkin.csv")
    assert [r.attendee.name for r in plan.added] == ["Ana Lopes", "Bo Chan"]
    assert any(
        "Same email as row 2 (Ana Lopes) but a different person" in p for _, p in plan.problems
    )


# -- workbooks: the sheet that holds people --------------------------------------------------------


def test_pretix_workbook_reads_the_order_positions_sheet_and_says_so(samples: Path) -> None:
    data = (samples / "pretix-order-data.xlsx").read_bytes()
    plan = read_plan(data, "orders.xlsx")
    assert plan.table.sheet == "Order positions"
    assert plan.table.sheets == ["Orders", "Order positions", "Order fees"]
    assert len(plan.added) == 10
    assert any("Read the sheet “Order positions”" in n and "“Orders”" in n for n in plan.notes)
    with pytest.raises(ImportError_, match="Import the sheet “Order positions”"):
        read_plan(data, "orders.xlsx", sheet="Orders")
    with pytest.raises(ImportError_, match="no sheet “People”; its sheets are “Orders”"):
        read_plan(data, "orders.xlsx", sheet="People")


def test_cli_sheet_option_and_per_column_reasons(workshop_file, samples: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from labdesk.cli import main

    path = workshop_file.path
    workshop_file.close(take_backup=False)
    source = samples / "pretix-order-data.xlsx"
    assert main(["import", str(path), str(source), "--sheet", "order positions", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "sheet “Order positions”" in out
    assert "  Email → buyer's email (the buyer's, who booked)" in out
    assert "  Address → not imported (the invoice" in out
    assert main(["import", str(path), str(source), "--sheet", "Order fees"]) == 2
    assert "fees of pretix orders" in capsys.readouterr().err
    csv_source = samples / "surname-first-column.csv"
    assert main(["import", str(path), str(csv_source), "--sheet", "Sheet1"]) == 2
    assert "no sheets to choose" in capsys.readouterr().err


# -- who is coming ---------------------------------------------------------------------------------


def test_meetup_waitlist_and_no_are_not_attending(workshop_file, samples: Path) -> None:
    # GIVEN Meetup's attendee list: a ".xls" that is really tab-separated text
    plan, outcome = import_file(workshop_file, samples / "meetup-rsvps.xls")
    assert plan.table.delimiter == "\t"
    assert any("holds tab-separated text" in n for n in plan.notes)
    people = _people(workshop_file)
    attending = {n for n, a in people.items() if a.status == "attending"}
    assert attending == {"Hana Sato", "Marek Dvořák", "Lucía Fernández"}
    assert people["Gethin Price"].status == "cancelled"
    assert "Adaeze Okonkwo" not in people  # on the waiting list: not expected on the day
    waiting = [r for r in plan.rows if r.waitlisted]
    assert [r.attendee.name for r in waiting] == ["Adaeze Okonkwo", "Sipho Dlamini"]
    assert "on a waiting or reserve list (“Waitlist”)" in waiting[0].reason
    assert "2 on a waiting or reserve list (left out)" in plan.summary()
    assert outcome.added == 3


def test_outlook_tracking_declined_tentative_and_rooms(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "outlook-tracking.txt")
    people = _people(workshop_file)
    assert people["Euan McDonald"].status == "cancelled"  # Response: Declined
    rhian = next(r for r in plan.rows if r.attendee and r.attendee.name == "Rhian Smith-Jones")
    assert rhian.action is Action.ADD and any("Tentative" in p for p in rhian.problems)
    organiser = next(r for r in plan.rows if r.attendee and r.attendee.name == "Abena Osei")
    assert not any("May not come" in p for p in organiser.problems)  # organisers never reply
    room = plan.rows[-1]
    assert room.action is Action.SKIP and "a room or resource, not a person" in room.reason
    assert not any("Room" in name for name in people)


def test_reserve_list_section_of_a_hand_made_sheet(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "hand-made-reserve-list.xlsx")
    people = _people(workshop_file)
    attending = {n for n, a in people.items() if a.status == "attending"}
    assert attending == {"Imogen Hartley", "Ravi Patel", "Orla Byrne", "Tunde Bello"}
    assert "Nadia Rossi" not in people and "Gareth Hughes" not in people
    assert people["Ellen Burke"].status == "cancelled"  # under "CANCELLED:"
    assert "Reserve list" not in people and "CANCELLED:" not in people
    headings = [r for r in plan.rows if r.heading]
    assert [r.row for r in headings] == [7, 11]
    nadia = next(r for r in plan.rows if r.attendee and r.attendee.name == "Nadia Rossi")
    assert nadia.reason == "on a waiting or reserve list (under “Reserve list”)"


@pytest.mark.parametrize(
    ("status", "what"),
    [
        ("Waitlist", "waitlisted"),
        ("Reserve", "waitlisted"),
        ("Declined", "cancelled"),
        ("Void", "cancelled"),
        ("Refunded/Canceled", "cancelled"),
        ("Tentative", "added"),
        ("Unassigned", "left out"),
        ("Resource", "left out"),
        ("Attending", "added"),
    ],
)
def test_status_words_of_every_tool(status: str, what: str) -> None:
    data = f"Name,Email,Status\nAna Lopes,ana@example.org,{status}\n".encode()
    step = read_plan(data, "x.csv").rows[0]
    found = (
        "waitlisted"
        if step.waitlisted
        else "cancelled"
        if step.cancelled
        else "added"
        if step.action is Action.ADD
        else "left out"
    )
    assert found == what


def test_tito_void_flag_and_dash_answers(workshop_file, samples: Path) -> None:
    _plan, _ = import_file(workshop_file, samples / "tito-tickets.csv")
    people = _people(workshop_file)
    assert people["Priti Desai"].status == "cancelled"  # Void Status: void
    assert people["Maryam Haidari"].access_needs == ""  # "-": no answer
    assert people["Owen Tudor"].dietary_needs == "" and people["Owen Tudor"].access_needs == (
        "Wheelchair user"
    )
    assert people["Owen Tudor"].ticket_codes == ["KQ7P-2"]
    assert people["Owen Tudor"].email == "owen.tudor@example.org"  # not the order's
    assert people["Jonas Berg"].dietary_needs == "" and people["Jonas Berg"].access_needs == ""


# -- directory names and surname-first columns -----------------------------------------------------


def test_nhsmail_directory_names_are_taken_apart(workshop_file, samples: Path) -> None:
    import_file(workshop_file, samples / "outlook-tracking.txt")
    people = _people(workshop_file)
    priya = people["Priya Chakraborty"]
    assert (priya.given_name, priya.family_name) == ("Priya", "Chakraborty")
    assert priya.organisation == "NHS ENGLAND - X24"
    assert people["Siobhan O'Neill"].organisation == "BELFAST HEALTH AND SOCIAL CARE TRUST"
    assert people["Euan McDonald"].family_name == "McDonald"
    assert "Tom Whitaker" in people  # "Whitaker, Tom": no organisation, no capitals


def test_surname_first_column_is_read_by_its_header(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "surname-first-column.csv")
    people = _people(workshop_file)
    assert {"Siân Jones", "Piotr Kowalski", "Dafydd ap Gwilym"} <= set(people)
    # A name written as it is said, in a "Surname, First name" column, is not reversed
    assert people["Grace Hopper"].family_name == "Hopper"
    assert any("no comma in a surname-first column" in p for _, p in plan.problems)


def test_french_nom_prenom_column_and_its_non_answers(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "excel-french-semicolon.csv")
    assert plan.table.encoding == "Windows-1252" and plan.table.delimiter == ";"
    people = _people(workshop_file)
    jean = people["Jean Dupont"]
    assert (jean.given_name, jean.family_name) == ("Jean", "Dupont")
    assert jean.dietary_needs == "" and jean.access_needs == ""  # "Aucun", "Non"
    assert people["Hélène Lefèvre"].dietary_needs == "Végétarien"
    assert people["Awa N'Diaye"].access_needs == "Accès fauteuil roulant"


# -- answers that mean nothing ---------------------------------------------------------------------


def test_no_none_na_nil_are_empty_needs(workshop_file, samples: Path) -> None:
    import_file(workshop_file, samples / "google-forms-responses.csv")
    people = _people(workshop_file)
    needs = {n: (a.access_needs, a.dietary_needs) for n, a in people.items()}
    assert needs == {
        "Pia Andersen": ("", ""),  # No, None
        "Yusuf Demir": ("", "Halal"),  # N/A
        "Carys Evans": ("Step-free access, please", ""),  # none thanks
        "Tobi Ajayi": ("", "No nuts, please"),  # None; a real need kept as written
        "Mira Kaur": ("", ""),  # n/a, Nil
    }


@pytest.mark.parametrize(
    "answer", ["No", "none", "N/A", "n/a", "-", "Nil", "None, thank you", "No dietary requirements"]
)
def test_empty_like_answers(answer: str) -> None:
    from labdesk.core.importing import is_empty_answer

    assert is_empty_answer(answer)


@pytest.mark.parametrize("answer", ["No nuts", "None - but a quiet room would help", "Vegan"])
def test_real_needs_are_kept(answer: str) -> None:
    from labdesk.core.importing import is_empty_answer

    assert not is_empty_answer(answer)


# -- the other tools' shapes ---------------------------------------------------------------------


def test_ticket_tailor_and_humanitix_shapes(workshop_file, samples: Path) -> None:
    import_file(workshop_file, samples / "ticket-tailor-issued-tickets.csv")
    import_file(workshop_file, samples / "humanitix-attendees.csv")
    people = _people(workshop_file)
    assert people["Kofi Mensah"].status == "cancelled"  # voided
    assert people["Arjun Mehta"].status == "cancelled"  # cancelled
    assert people["Esme Whitfield"].ticket_codes == ["TT8H2K9QXW"]
    assert people["Sunita Rao"].email == ""  # booked by a team office
    assert people["Chloé Martin"].email == "" and people["Tariq Aziz"].email == ""
    assert people["Chloé Martin"].dietary_needs == ""  # "None thanks"
    assert people["Lena Fischer"].dietary_needs == "Vegan"


def test_microsoft_forms_anonymous_columns_give_way(workshop_file, samples: Path) -> None:
    plan, _ = import_file(workshop_file, samples / "microsoft-forms-responses.xlsx")
    people = _people(workshop_file)
    assert people["Dmitri Volkov"].email == "dmitri.volkov@example.org"
    assert people["Bryony Clarke"].access_needs == ""  # "n/a"
    assert "another column holds the email" in _column(plan, "Email").why


# -- every sample: re-import changes nothing, the dry run matches the import -----------------------

SAMPLES = sorted(
    p.name
    for p in (Path(__file__).parent / "data").iterdir()
    if p.suffix in {".csv", ".xlsx", ".xls", ".txt"}
)


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_dry_run_matches_import_and_reimport_changes_nothing(
    name: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from labdesk.cli import main
    from labdesk.store import create, open_workshop

    path = tmp_path / "day.labdesk"
    create(path, "Day", dt.date(2026, 9, 17), lock=False).close(take_backup=False)
    source = Path(__file__).parent / "data" / name
    assert main(["import", str(path), str(source), "--dry-run"]) == 0
    dry = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["import", str(path), str(source)]) == 0
    real = capsys.readouterr().out.strip().splitlines()[-1]
    assert (
        dry.removeprefix("dry run: ").split("; nothing changed")[0]
        == (real.removeprefix("imported: ").rsplit("; ", 1)[0])
    )
    with open_workshop(path, lock=False) as doc:
        before = [(a.id, a) for a in attendees.load_all(doc)]
    assert main(["import", str(path), str(source)]) == 0
    again = capsys.readouterr().out
    assert " 0 new" in again.strip().splitlines()[-1]
    with open_workshop(path, lock=False) as doc:
        after = [(a.id, a) for a in attendees.load_all(doc)]
    assert after == before


def test_pretix_waiting_list_export_is_nobody_expected() -> None:
    header = "Date,Email,Product name,Variation,Event slug,Event name,Date,Language,Priority,Status,Voucher code\n"
    row = "2026-08-01,ana@example.org,Day,,qlab,Q Lab,,en,0,Waiting for a voucher,\n"
    with pytest.raises(ImportError_, match="pretix's waiting list"):
        read_plan((header + row).encode(), "qlab_waitinglist.csv")
    named = header.replace("Date,Email", "Date,Name,Email") + row.replace(
        ",ana@", ",Ana Lopes,ana@"
    )
    plan = read_plan(named.encode(), "qlab_waitinglist.csv")
    assert [r.waitlisted for r in plan.rows] == [True] and not plan.added


def test_capitals_first_names_are_surnames_only_where_the_column_writes_them_so() -> None:
    french = "Nom;Courriel\nDUPONT Jean;j@example.fr\nLEFÈVRE Hélène;h@example.fr\n"
    names = [r.attendee.family_name for r in read_plan(french.encode(), "fr.csv").added]
    assert names == ["Dupont", "Lefèvre"]
    mixed = "Name,Email\nAna Lopes,a@example.org\nBSL Interpreter,b@example.org\n"
    assert [r.attendee.name for r in read_plan(mixed.encode(), "x.csv").added] == [
        "Ana Lopes",
        "BSL Interpreter",
    ]
