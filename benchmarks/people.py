"""Ten thousand plausible attendees for the check-in benchmarks (accented names, real shapes)."""

from __future__ import annotations

import random

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
