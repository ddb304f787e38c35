"""Write the import samples in tests/data: attendee lists in the exact shapes real tools export.

Run from a checkout: python scripts/make_import_samples.py. The files are committed; tests read
them, never this script. Every person, email and address is fictitious. Each shape's columns come
from the tool's own source or documentation, as resources/importing/headers.toml says per tool.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "tests" / "data"


def _csv(rows: list[list[str]], *, delimiter: str = ",", bom: bool = False) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def eventbrite_uk() -> None:
    """Eventbrite UK Attendee Summary, several events exported together: 'Event Name' first,
    'Surname', 'County of Residence'. Before #12 every person took the event's title as name."""
    header = [
        "Event Name", "Event ID", "Order no.", "Order Date", "First Name", "Surname", "Email",
        "Quantity", "Price Tier", "Ticket Type", "Attendee no.", "Group", "Order Type",
        "Currency", "Total Paid", "Fees Paid", "Eventbrite Fees",
        "Eventbrite Payment Processing", "Attendee Status", "Home Address 1", "Home Address 2",
        "Home City", "County of Residence", "Home Postcode", "Home Country", "Mobile Phone",
        "Job Title", "Company",
    ]  # fmt: skip
    people = [
        ("Aisha", "Rahman", "Attending", "Lancashire", "PR1 2HE"),
        ("Tomasz", "Nowicki", "Attending", "West Yorkshire", "LS6 1AN"),
        ("Eilidh", "MacAulay", "Attending", "Highland", "IV2 3PY"),
        ("Dewi", "Prydderch", "Attending", "Gwynedd", "LL57 2DG"),
        ("Chiara", "Bellucci", "Not Attending", "Greater London", "N16 7XJ"),
        ("Kwame", "Boateng", "Attending", "Greater Manchester", "M14 5RQ"),
        ("Róisín", "Ó Dálaigh", "Attending", "County Antrim", "BT7 1NN"),
        ("Harriet", "Pennington-Smythe", "Attending", "Devon", "EX4 4QJ"),
        ("Farid", "Haddad", "Refunded", "Birmingham", "B29 6BD"),
        ("Mei", "Lin", "Attending", "Cambridgeshire", "CB1 2LA"),
        ("Oluwaseun", "Adeyemi", "Attending", "Kent", "CT1 2EH"),
    ]
    rows = [header]
    for i, (first, last, status, county, postcode) in enumerate(people):
        email = f"{first.lower()}.{last.lower().replace(' ', '').replace('ó', 'o')}@example.org"
        rows.append(
            [
                "Improving care for people with persistent pain — Q Lab workshop",
                "612345678901",
                str(8800100 + i),
                f"2026-08-{10 + i:02d} 09:{10 + i:02d}:00+01:00",
                first,
                last,
                email,
                "1",
                "",
                "Lab participant",
                str(9900200 + i),
                "",
                "Free Order",
                "GBP",
                "0.00",
                "0.00",
                "0.00",
                "0.00",
                status,
                f"{12 + i} Sample Road",
                "",
                "Town " + "ABCDEFGHIJK"[i],
                county,
                postcode,
                "United Kingdom",
                f"07700 900{100 + i}",
                "Physiotherapist",
                "Example NHS Foundation Trust",
            ]
        )
    (OUT / "eventbrite-uk-attendee-summary.csv").write_text(_csv(rows, bom=True), "utf-8")


def eventbrite_report() -> None:
    """Eventbrite's newer attendee report: the buyer and each attendee on every row. One person
    books for two colleagues; one colleague has no email of their own."""
    header = [
        "Order ID", "Order date", "Attendee status", "Event name", "Event ID",
        "Event start date", "Event location", "Ticket type", "Buyer first name",
        "Buyer last name", "Buyer email", "Attendee first name", "Attendee last name",
        "Attendee email", "Phone number", "Purchaser city", "Purchaser county",
        "Purchaser country", "Barcode number", "Job title", "Company",
    ]  # fmt: skip
    event = ("Q Lab workshop — Manchester", "712345678901", "2026-09-17", "Friends Meeting House")
    buyer = ("Grace", "Okafor", "grace.okafor@example.org")
    rows = [header]
    attendees = [
        ("5501", (*buyer[:2], buyer[2]), "Service manager"),
        ("5501", ("Ben", "Achterberg", "ben.achterberg@example.org"), "Peer support worker"),
        ("5501", ("Lowri", "Pugh", ""), "Occupational therapist"),
        ("5502", ("Samir", "Khalil", "samir.khalil@example.org"), "GP"),
        ("5503", ("Ines", "Carvalho", "ines.carvalho@example.org"), "Researcher"),
    ]
    buyers = {"5502": ("Samir", "Khalil", "samir.khalil@example.org")}
    buyers["5503"] = ("Ines", "Carvalho", "ines.carvalho@example.org")
    for n, (order, (first, last, email), role) in enumerate(attendees):
        who = buyers.get(order, buyer)
        rows.append(
            [
                order,
                "2026-08-02 14:05",
                "Attending",
                *event[:3],
                event[3],
                "Lab participant",
                who[0],
                who[1],
                who[2],
                first,
                last,
                email,
                "",
                "Salford",
                "Greater Manchester",
                "GB",
                f"{4412345678901000 + n}",
                role,
                "Salford Care Organisation",
            ]
        )
    (OUT / "eventbrite-attendee-report.csv").write_text(_csv(rows, bom=True), "utf-8")


def pretix_order_data() -> None:
    """pretix's 'Order data' workbook: Orders, Order positions, Order fees, Orders and positions
    with as many rows. Some orders were booked by a finance department: the invoice address is
    theirs, never the attendee's postal address."""
    names = [
        ("Nia", "Roberts", "nia.roberts@example.org", "Cardiff Pain Service", "14 Heol Example", "CF10 3NB", "Cardiff"),
        ("Jakub", "Wiśniewski", "jakub.w@example.org", "Bristol Community Health", "", "", ""),
        ("Amara", "Nwosu", "amara.nwosu@example.org", "Mind in Leeds", "3 Sample Terrace", "LS2 9JT", "Leeds"),
        ("Freya", "Lindqvist", "freya.l@example.org", "Keele University", "", "", ""),
        ("Dara", "Ó Murchú", "dara.omurchu@example.org", "Sydenham Gardens", "9 Test Lane", "SE26 5QE", "London"),
        ("Hamza", "Siddiqui", "hamza.s@example.org", "Kingston Hospital NHS FT", "", "", ""),
        ("Beatriz", "Santos", "beatriz.santos@example.org", "Powys Teaching Health Board", "2 Demo Row", "LD1 5ES", "Llandrindod Wells"),
        ("Callum", "Fraser", "callum.fraser@example.org", "NHS Highland", "", "", ""),
        ("Yetunde", "Bakare", "yetunde.b@example.org", "Health Innovation Network", "40 Mock Street", "SE1 7EH", "London"),
        ("Elin", "Haugen", "elin.haugen@example.org", "Q Lab", "", "", ""),
    ]  # fmt: skip
    finance = {1, 3, 5, 7}  # booked and invoiced by the organisation's finance department
    orders = [
        [
            "Event slug", "Order code", "Order total", "Status", "Email", "Phone number",
            "Order date", "Order time", "Company", "Name", "Name: Given name",
            "Name: Family name", "Address", "ZIP code", "City", "Country", "State",
            "Custom address field", "VAT ID", "Date of last payment", "Fees", "Order locale",
            "Invoice numbers", "Sales channel", "Requires special attention", "Comment",
            "Follow-up date", "Positions", "E-mail address verified", "Payment providers",
        ]
    ]  # fmt: skip
    positions = [
        [
            "Event slug", "Order code", "Position ID", "Status", "Email", "Phone number",
            "Order date", "Order time", "Product", "Variation", "Price", "Tax rate", "Tax rule",
            "Tax value", "Attendee name", "Attendee name: Given name",
            "Attendee name: Family name", "Attendee email", "Company", "Address", "ZIP code",
            "City", "Country", "State", "Voucher", "Pseudonymization ID", "Seat ID",
            "Seat name", "Seat zone", "Seat row", "Seat number", "Order comment",
            "Follow-up date", "Dietary requirements", "Access needs", "Company",
            "Invoice address name", "Invoice address name: Given name",
            "Invoice address name: Family name", "Address", "ZIP code", "City", "Country",
            "State", "VAT ID", "Sales channel", "Order locale", "E-mail address verified",
            "Payment providers",
        ]
    ]  # fmt: skip
    fees = [
        [
            "Event slug", "Order code", "Status", "Email", "Phone number", "Order date",
            "Order time", "Fee type", "Description", "Price", "Tax rate", "Tax rule",
            "Tax value", "Company", "Invoice address name", "Invoice address name: Given name",
            "Invoice address name: Family name", "Address", "ZIP code", "City", "Country",
            "State", "VAT ID", "Payment providers",
        ]
    ]  # fmt: skip
    diets = ["Vegetarian", "None", "", "Gluten free", "No", "", "Vegan", "N/A", "", "Halal"]
    access = ["", "Step-free access please", "No", "", "-", "Hearing loop", "", "", "None", ""]
    for i, (given, family, email, org, street, zipcode, city) in enumerate(names):
        code = f"Q{7 + i}K{i}Z"
        if i in finance:
            invoice = (
                org,
                "Finance Dept",
                "Finance",
                "Dept",
                "Finance Dept, PO Box 12",
                "BS1 6AA",
                "Bristol",
            )
            buyer_email = f"finance{i}@example.org"
        else:
            invoice = (org, f"{given} {family}", given, family, street, zipcode, city)
            buyer_email = email
        orders.append(
            [
                "qlab-manchester",
                code,
                "0.00",
                "Paid",
                buyer_email,
                "",
                "2026-08-01",
                "10:00:00",
                invoice[0],
                invoice[1],
                invoice[2],
                invoice[3],
                invoice[4],
                invoice[5],
                invoice[6],
                "GB",
                "",
                "",
                "",
                "2026-08-01",
                "0.00",
                "en",
                "",
                "web",
                "No",
                "",
                "",
                "1",
                "Yes",
                "",
            ]
        )
        positions.append(
            [
                "qlab-manchester",
                code,
                "1",
                "Paid",
                buyer_email,
                "",
                "2026-08-01",
                "10:00:00",
                "Workshop day",
                "",
                "0.00",
                "0.00",
                "",
                "0.00",
                f"{given} {family}",
                given,
                family,
                email,
                org,
                street,
                zipcode,
                city,
                "GB" if street else "",
                "",
                "",
                f"PSEUDO{i:04d}",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                diets[i],
                access[i],
                invoice[0],
                invoice[1],
                invoice[2],
                invoice[3],
                invoice[4],
                invoice[5],
                invoice[6],
                "GB",
                "",
                "",
                "web",
                "en",
                "Yes",
                "",
            ]
        )
        if i % 3 == 0:
            fees.append(
                [
                    "qlab-manchester",
                    code,
                    "Paid",
                    buyer_email,
                    "",
                    "2026-08-01",
                    "10:00:00",
                    "Service fee",
                    "Booking fee",
                    "0.00",
                    "0.00",
                    "",
                    "0.00",
                    invoice[0],
                    invoice[1],
                    invoice[2],
                    invoice[3],
                    invoice[4],
                    invoice[5],
                    invoice[6],
                    "GB",
                    "",
                    "",
                    "",
                ]
            )
    _book(
        OUT / "pretix-order-data.xlsx",
        {"Orders": orders, "Order positions": positions, "Order fees": fees},
    )


def hi_events() -> None:
    """Hi.Events' attendees export (AttendeesExport.php): 'Product Name' beside the names."""
    header = [
        "ID", "First Name", "Last Name", "Email", "Status", "Check Ins", "Product ID",
        "Product Name", "Event ID", "Public ID", "Short ID", "Created Date",
        "Last Updated Date", "Notes", "Dietary requirements", "Organisation",
    ]  # fmt: skip
    people = [
        ("Anwen", "Gruffydd", "ACTIVE", "Vegetarian", "Coleg Example"),
        ("Rafael", "Moreno", "ACTIVE", "None", "Bristol Pain Network"),
        ("Keisha", "Campbell", "CANCELLED", "", "Mind in Croydon"),
        ("Lars", "Eriksen", "ACTIVE", "No", "Keele University"),
        ("Parveen", "Akhtar", "AWAITING_PAYMENT", "Halal", "Bradford Care Trust"),
        ("Ciarán", "Doherty", "ACTIVE", "n/a", "Sydenham Gardens"),
        ("Zofia", "Kamińska", "ACTIVE", "Gluten free", "Q Lab"),
    ]
    rows: list[list[object]] = [list(header)]
    for i, (first, last, status, diet, org) in enumerate(people):
        rows.append(
            [
                101 + i,
                first,
                last,
                f"{first.lower()}.{last.lower()}@example.org",
                status,
                "",
                12,
                "Workshop day – Leeds",
                3,
                f"A-7F3K9{i}QW2M",
                f"a{i}x9k",
                "2026-08-03 11:00:00",
                "2026-08-03 11:00:00",
                "",
                diet,
                org,
            ]
        )
    _book(OUT / "hi-events-attendees.xlsx", {"Worksheet": rows})


def tito() -> None:
    """Tito's tickets export: ticket holder and order (buyer) side by side, '-' for no answer,
    Void Status for a voided ticket."""
    header = [
        "Number", "Ticket Created Date", "Ticket Last Updated Date", "Ticket", "Ticket Full Name",
        "Ticket First Name", "Ticket Last Name", "Ticket Email", "Ticket Company Name",
        "Ticket Job Title", "Ticket Phone Number", "Event", "Void Status", "Price",
        "Discount Status", "Ticket Reference", "Tags", "Unique Ticket URL", "Unique Order URL",
        "Order Reference", "Order Name", "Order Email", "Order Company Name",
        "Order Phone Number", "Order Discount Code", "Order Ip", "Order Created Date",
        "Order Completed Date", "Payment Reference", "Any dietary requirements?",
        "Do you have any access needs?",
    ]  # fmt: skip
    tickets = [
        ("Maryam", "Haidari", "maryam.haidari@example.org", "", "Vegetarian", "-", "KQ7P-1", "KQ7P", ("Maryam Haidari", "maryam.haidari@example.org")),
        ("Owen", "Tudor", "owen.tudor@example.org", "", "-", "Wheelchair user", "KQ7P-2", "KQ7P", ("Maryam Haidari", "maryam.haidari@example.org")),
        ("Priti", "Desai", "priti.desai@example.org", "void", "-", "-", "M3XA-1", "M3XA", ("Priti Desai", "priti.desai@example.org")),
        ("Jonas", "Berg", "jonas.berg@example.org", "", "None", "No", "Z9TR-1", "Z9TR", ("Jonas Berg", "jonas.berg@example.org")),
    ]  # fmt: skip
    rows = [header]
    for n, (first, last, email, void, diet, access, ref, order, (oname, oemail)) in enumerate(
        tickets, start=1
    ):
        rows.append(
            [
                str(n),
                "2026-08-05 10:00",
                "2026-08-05 10:00",
                "Full day",
                f"{first} {last}",
                first,
                last,
                email,
                "Cardiff Council",
                "Team lead",
                "-",
                "Q Lab day",
                void,
                "0.0",
                "",
                ref,
                "",
                f"https://ti.to/tickets/{ref.lower()}",
                f"https://ti.to/orders/{order.lower()}",
                order,
                oname,
                oemail,
                "Cardiff Council",
                "-",
                "",
                "203.0.113.7",
                "2026-08-05 10:00",
                "2026-08-05 10:01",
                "",
                diet,
                access,
            ]
        )
    (OUT / "tito-tickets.csv").write_text(_csv(rows), "utf-8")


def ticket_tailor() -> None:
    header = [
        "Barcode", "Order ID", "Event", "Ticket type", "Status", "First name", "Last name",
        "Email", "Buyer name", "Buyer email", "Organisation",
    ]  # fmt: skip
    rows = [header]
    people = [
        ("TT8H2K9QXW", "valid", "Esme", "Whitfield", "esme.whitfield@example.org", "Esme Whitfield", "esme.whitfield@example.org"),
        ("TT4M7P1ZRB", "voided", "Kofi", "Mensah", "kofi.mensah@example.org", "Kofi Mensah", "kofi.mensah@example.org"),
        ("TT6C3V8NDL", "valid", "Sunita", "Rao", "", "Team Office", "office@example.org"),
    ]  # fmt: skip
    for code, status, first, last, email, buyer, buyer_email in people:
        rows.append(
            [
                code,
                "or_5512",
                "Q Lab day",
                "Standard",
                status,
                first,
                last,
                email,
                buyer,
                buyer_email,
                "Example Community Trust",
            ]
        )
    (OUT / "ticket-tailor-issued-tickets.csv").write_text(_csv(rows), "utf-8")


def humanitix() -> None:
    header = [
        "Order ID", "Order name", "Order email", "First name", "Last name", "Email",
        "Ticket type", "Status", "Barcode", "Dietary requirements",
    ]  # fmt: skip
    rows = [header]
    people = [
        ("H-1001", "Lena Fischer", "lena.fischer@example.org", "Lena", "Fischer", "lena.fischer@example.org", "complete", "HX93KD72LQ", "Vegan"),
        ("H-1002", "Arjun Mehta", "arjun.mehta@example.org", "Arjun", "Mehta", "arjun.mehta@example.org", "cancelled", "HX18PZ44RT", ""),
        ("H-1003", "Admin Team", "admin@example.org", "Chloé", "Martin", "", "complete", "HX55WM09BC", "None thanks"),
        ("H-1003", "Admin Team", "admin@example.org", "Tariq", "Aziz", "", "complete", "HX70QJ61FE", "Nil"),
    ]  # fmt: skip
    for order, oname, oemail, first, last, email, status, barcode, diet in people:
        rows.append(
            [order, oname, oemail, first, last, email, "General admission", status, barcode, diet]
        )
    (OUT / "humanitix-attendees.csv").write_text(_csv(rows), "utf-8")


def meetup() -> None:
    """Meetup's event attendee list: named .xls, really tab-separated text."""
    header = [
        "Name", "Attendance", "User ID", "Title", "Event Host", "RSVP", "Guests", "RSVPed on",
        "Joined Group on", "URL of Member Profile", "Notes",
        "Which organisation are you from?",
    ]  # fmt: skip
    people = [
        ("Hana Sato", "Yes", "Improvement Academy"),
        ("Marek Dvořák", "Yes", "Leeds Teaching Hospitals"),
        ("Adaeze Okonkwo", "Waitlist", "Mind in Bradford"),
        ("Gethin Price", "No", "Swansea Bay UHB"),
        ("Lucía Fernández", "Yes", "University of York"),
        ("Sipho Dlamini", "Waitlist", "Sheffield Flourish"),
    ]
    rows = [header]
    for i, (name, rsvp, org) in enumerate(people):
        rows.append(
            [
                name,
                "",
                f"user {31000000 + i}",
                "",
                "No",
                rsvp,
                "0",
                f"08/{12 + i}/2026 7:3{i} PM",
                "03/02/2025",
                f"https://www.meetup.com/example-group/members/{31000000 + i}/",
                "",
                org,
            ]
        )
    (OUT / "meetup-rsvps.xls").write_text(_csv(rows, delimiter="\t"), "utf-8")


def outlook() -> None:
    """Outlook's meeting tracking, copied to the clipboard and pasted into Notepad: NHSmail's
    'SURNAME, Firstname (ORGANISATION)' names, Declined and Tentative replies, a room."""
    rows = [
        ["Name", "Attendance", "Response"],
        ["OSEI, Abena (NHS ENGLAND - X24)", "Meeting Organizer", "None"],
        ["CHAKRABORTY, Priya (NHS ENGLAND - X24)", "Required Attendee", "Accepted"],
        ["O'NEILL, Siobhan (BELFAST HEALTH AND SOCIAL CARE TRUST)", "Required Attendee", "Accepted"],
        ["MCDONALD, Euan (NHS LOTHIAN)", "Required Attendee", "Declined"],
        ["SMITH-JONES, Rhian (CARDIFF AND VALE UHB)", "Optional Attendee", "Tentative"],
        ["Whitaker, Tom", "Optional Attendee", "None"],
        ["NHSE Meeting Room 4.12 (Wellington House)", "Resource", "Accepted"],
    ]  # fmt: skip
    (OUT / "outlook-tracking.txt").write_text(_csv(rows, delimiter="\t"), "utf-8")


def hand_made_reserves() -> None:
    """A hand-kept Excel list: confirmed people, then 'Reserve list' and 'Cancelled' sections."""
    rows: list[list[object]] = [
        ["Name", "Organisation", "Email", "Dietary"],
        ["Imogen Hartley", "Leeds Mind", "imogen.hartley@example.org", "Vegetarian"],
        ["Ravi Patel", "Bradford Council", "ravi.patel@example.org", "None"],
        ["Orla Byrne", "Keele University", "orla.byrne@example.org", ""],
        ["Tunde Bello", "Q Lab", "tunde.bello@example.org", "No"],
        [None, None, None, None],
        ["Reserve list", None, None, None],
        ["Nadia Rossi", "York Hospital", "nadia.rossi@example.org", ""],
        ["Gareth Hughes", "Powys Teaching Health Board", "gareth.hughes@example.org", "Vegan"],
        [None, None, None, None],
        ["CANCELLED:", None, None, None],
        ["Ellen Burke", "Sydenham Gardens", "ellen.burke@example.org", ""],
    ]
    _book(OUT / "hand-made-reserve-list.xlsx", {"Delegates": rows})


def surname_first() -> None:
    """A sheet asking 'Surname, First name': most write it so, one writes a name as said."""
    rows = [
        ["Surname, First name", "Email", "Organisation"],
        ["Jones, Siân", "sian.jones@example.org", "Mind Cymru"],
        ["Kowalski, Piotr", "piotr.kowalski@example.org", "Keele University"],
        ["Grace Hopper", "grace.hopper@example.org", "Q Lab"],
        ["ap Gwilym, Dafydd", "dafydd.apgwilym@example.org", "Bangor University"],
    ]
    (OUT / "surname-first-column.csv").write_text(_csv(rows), "utf-8")


def french_excel() -> None:
    """A French list saved by Excel as 'CSV (point-virgule)': Windows-1252, semicolons, one
    'Nom Prénom' column with the surname first in capitals, 'Aucun' and 'Non' for no need."""
    rows = [
        ["Nom Prénom", "Adresse e-mail", "Société", "Fonction", "Régime alimentaire", "Besoins d'accessibilité"],
        ["DUPONT Jean", "jean.dupont@example.fr", "CHU Exemple", "Kinésithérapeute", "Aucun", "Non"],
        ["LEFÈVRE Hélène", "helene.lefevre@example.fr", "Mutualité Exemple", "Psychologue", "Végétarien", "Non"],
        ["N'DIAYE Awa", "awa.ndiaye@example.fr", "Association Exemple", "Coordinatrice", "Sans porc", "Accès fauteuil roulant"],
    ]  # fmt: skip
    (OUT / "excel-french-semicolon.csv").write_bytes(_csv(rows, delimiter=";").encode("cp1252"))


def google_forms() -> None:
    """Google Forms responses: the form asks for an emergency contact and a line manager, and
    people answer 'No', 'None', 'N/A', 'none thanks' when they need nothing."""
    rows = [
        [
            "Timestamp", "Email address", "Full name", "Which organisation do you work for?",
            "Emergency contact name", "Name of your line manager",
            "Do you have any access requirements?", "Dietary requirements",
        ],
        ["2026/08/01 10:02:11 am GMT+1", "pia.andersen@example.org", "Pia Andersen", "Mind", "Lars Andersen", "Karen Holt", "No", "None"],
        ["2026/08/01 10:15:40 am GMT+1", "yusuf.demir@example.org", "Yusuf Demir", "Leeds Teaching Hospitals", "Elif Demir", "Mark Green", "N/A", "Halal"],
        ["2026/08/01 11:30:05 am GMT+1", "carys.evans@example.org", "Carys Evans", "Powys THB", "Huw Evans", "Sara Lloyd", "Step-free access, please", "none thanks"],
        ["2026/08/02 09:01:59 am GMT+1", "tobi.ajayi@example.org", "Tobi Ajayi", "Q Lab", "Funmi Ajayi", "Dan Reed", "None", "No nuts, please"],
        ["2026/08/02 09:45:13 am GMT+1", "mira.kaur@example.org", "Mira Kaur", "Keele University", "Jas Kaur", "Ann Bell", "n/a", "Nil"],
    ]  # fmt: skip
    (OUT / "google-forms-responses.csv").write_text(_csv(rows), "utf-8")


def microsoft_forms() -> None:
    header = [
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        "Full name", "Email address", "Organisation", "Any access needs?",
    ]  # fmt: skip
    rows: list[list[object]] = [header]
    people = [
        ("Bryony Clarke", "bryony.clarke@example.org", "Example Trust", "n/a"),
        ("Dmitri Volkov", "dmitri.volkov@example.org", "Example University", "Hearing loop"),
        ("Efua Asante", "efua.asante@example.org", "Example Council", "-"),
    ]
    for i, (name, email, org, access) in enumerate(people, start=1):
        rows.append(
            [
                i,
                "9/1/26 10:00:00",
                "9/1/26 10:03:00",
                "anonymous",
                None,
                None,
                name,
                email,
                org,
                access,
            ]
        )
    _book(OUT / "microsoft-forms-responses.xlsx", {"Sheet1": rows})


def main() -> None:
    for make in (
        eventbrite_uk,
        eventbrite_report,
        pretix_order_data,
        hi_events,
        tito,
        ticket_tailor,
        humanitix,
        meetup,
        outlook,
        hand_made_reserves,
        surname_first,
        french_excel,
        google_forms,
        microsoft_forms,
    ):
        make()
    print(f"samples written to {OUT}")


if __name__ == "__main__":
    main()
