"""Ten thousand plausible attendees for the check-in benchmarks (accented names, real shapes)."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from pathlib import Path

FIRST = [
    "Siân",
    "Seán",
    "Zoë",
    "Chloé",
    "Björn",
    "Mairéad",
    "John",
    "Priya",
    "Rhodri",
    "Olamide",
    "Agnieszka",
    "Llŷr",
    "Renée",
    "Ffion",
    "Aoife",
    "Mohammed",
    "Ruth",
    "Bethan",
    "Alastair",
    "Ioan",
    "Rajesh",
    "Oliver",
    "Ana",
    "Callum",
    "Kwame",
    "Grace",
    "Niamh",
    "Tomasz",
    "Chen",
    "Hannah",
    "Jo",
    "Ellie",
    "Gareth",
    "Dafydd",
    "Eilidh",
    "Amira",
    "Yusuf",
    "Fatima",
    "José",
]
FAMILY = [
    "Jones",
    "Ó Súilleabháin",
    "Ångström",
    "ap Gruffydd",
    "Smith-Jones",
    "O'Neill",
    "García",
    "Kowalczyk",
    "Ní Bhriain",
    "Thompson",
    "Fuchs",
    "Sharma",
    "Hussain",
    "Patel",
    "Higgins",
    "Davies",
    "Dubois",
    "Khan",
    "Clarke",
    "Mensah",
    "Fyfe",
    "Roberts",
    "Wei",
    "Evans",
    "Hughes",
    "Llewellyn",
    "Nowak",
    "Byrne",
    "Price",
    "Okafor",
    "Adeyemi",
    "Williams",
    "MacLeod",
    "Begum",
    "Morgan",
    "Kelly",
    "Edwards",
    "Fitzgerald",
    "Walker",
    "Murphy",
]
ORGS = [
    "Mind",
    "Keele University",
    "Kingston Hospital NHS FT",
    "Sydenham Gardens",
    "Powys Teaching Health Board",
    "Health Innovation Network",
    "The Health Foundation",
    "Midlands Partnership NHS Foundation Trust",
    "St George's University Hospitals NHS FT",
    "Robert Jones and Agnes Hunt Orthopaedic Hospital",
    "Lived experience partner",
]


def people_rows(n: int, seed: int = 1) -> list[list[str]]:
    """[first, last, email, organisation, barcode] rows, every email distinct."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        first, family = rng.choice(FIRST), rng.choice(FAMILY)
        local = f"{first}.{family}".lower().replace(" ", "").replace("'", "")
        rows.append(
            [
                first,
                family,
                f"{local}{i}@example.org",
                f"{rng.choice(ORGS)} {i % 400}",
                str(rng.randrange(10**20, 10**21)),
            ]
        )
    return rows


def attendees(n: int = 10_000, *, with_codes: bool = False) -> list:  # list[Attendee]
    """n attendees built from people_rows, optionally with their imported ticket codes."""
    from labdesk.core.model import Attendee

    return [
        Attendee(
            name=f"{first} {last}",
            email=email,
            organisation=org,
            ticket_codes=[code] if with_codes else [],
        )
        for first, last, email, org, code in people_rows(n)
    ]


@contextlib.contextmanager
def desk_with_people(folder: Path, name: str, n: int = 10_000) -> Iterator[tuple]:
    """(QApplication, the check-in desk shown offscreen, its attendees) on a fresh file of n."""
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from labdesk.gui.areas.checkin import CheckinDesk
    from labdesk.gui.session import WorkshopSession
    from labdesk.store import attendees as store_attendees
    from labdesk.store import create

    app = QApplication.instance() or QApplication([])
    doc = create(folder / f"{name}.labdesk", "Bench", dt.date(2026, 9, 17), lock=False)
    session = WorkshopSession(doc)
    try:
        people = attendees(n)
        store_attendees.add_many(doc, people)
        desk = CheckinDesk(session, desk_name="bench")
        desk.resize(1100, 760)
        desk.show()
        app.processEvents()
        yield app, desk, people
        desk.close()
    finally:
        session.close()
