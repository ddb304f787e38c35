"""Plausible attendees for the benchmarks: realistic distinct names, accents, real shapes."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.names import listed

ORG_PLACES = listed("""
Leeds Bradford Sheffield Manchester Salford Liverpool Stoke-on-Trent Birmingham Coventry Leicester
Nottingham Derby Bristol Exeter Plymouth Brighton Kingston Croydon Lambeth Southwark Camden Hackney
Newcastle Sunderland Durham York Hull Norwich Cambridge Oxford Reading Southampton Portsmouth
Cardiff Swansea Newport Wrexham Bangor Aberystwyth Glasgow Edinburgh Dundee Aberdeen Inverness
Belfast Derry Lisburn Newry Cornwall Cumbria Kent Surrey Devon Powys Gwynedd Fife Lanarkshire
""")
ORG_KINDS = [
    "Mind in {}",
    "{} Teaching Hospitals NHS Trust",
    "{} City Council",
    "University of {}",
    "{} Integrated Care Board",
    "{} GP Federation",
    "{} Carers' Centre",
    "{} Community Health Partnership",
    "Healthwatch {}",
    "{} Recovery College",
]
ORGS_NATIONAL = [
    "Keele University",
    "The Health Foundation",
    "Health Innovation Network",
    "Powys Teaching Health Board",
    "Midlands Partnership NHS Foundation Trust",
    "St George's University Hospitals NHS FT",
    "Robert Jones and Agnes Hunt Orthopaedic Hospital",
    "Rethink Mental Illness",
    "Versus Arthritis",
    "Lived experience partner",
    "Self-employed",
]
MAIL_DOMAINS = ["nhs.net", "gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk", "icloud.com"]


def _weights(n: int, flat: float) -> list[float]:
    """Cumulative weights falling with rank, as name frequencies do (flat: how long the tail is)."""
    total, out = 0.0, []
    for rank in range(n):
        total += 1 / (rank + flat)
        out.append(total)
    return out


def _ascii(text: str) -> str:
    from labdesk.core.model import fold

    folded = fold(text).replace("ł", "l")
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def people_rows(n: int, seed: int = 1) -> list[list[str]]:
    """[first, last, email, organisation, barcode] rows: distinct emails, realistic names.

    Names repeat as they do in a real list of n people (many Smiths, a few John Smiths) and most
    are distinct: a few have a middle name, a double-barrelled family name or a hyphenated
    given name; accents, apostrophes and particles come from the name lists themselves.
    """
    from benchmarks.names import FAMILY_NAMES, GIVEN

    rng = random.Random(seed)
    given_w, family_w = _weights(len(GIVEN), 12), _weights(len(FAMILY_NAMES), 8)
    orgs = [kind.format(place) for place in ORG_PLACES for kind in ORG_KINDS] + ORGS_NATIONAL
    org_w = _weights(len(orgs), 40)
    rows = []
    for i in range(n):
        first = rng.choices(GIVEN, cum_weights=given_w)[0]
        family = rng.choices(FAMILY_NAMES, cum_weights=family_w)[0]
        shape = rng.random()
        if shape < 0.05:  # a middle name
            first = f"{first} {rng.choices(GIVEN, cum_weights=given_w)[0]}"
        elif shape < 0.07:  # a hyphenated given name
            first = f"{first}-{rng.choices(GIVEN, cum_weights=given_w)[0]}"
        elif shape < 0.11:  # double-barrelled
            family = f"{family}-{rng.choices(FAMILY_NAMES, cum_weights=family_w)[0]}"
        org = rng.choices(orgs, cum_weights=org_w)[0]
        local = f"{_ascii(first.split()[0])}.{_ascii(family)}"
        domain = rng.choice(MAIL_DOMAINS) if rng.random() < 0.5 else f"{_ascii(org)[:12]}.org.uk"
        rows.append(
            [first, family, f"{local}{i}@{domain}", org, str(rng.randrange(10**20, 10**21))]
        )
    return rows


def attendees(n: int = 10_000, *, with_codes: bool = False) -> list:  # list[Attendee]
    """n attendees built from people_rows, optionally with their imported ticket codes."""
    from labdesk.core.model import Attendee

    return [
        Attendee(
            name=f"{first} {last}",
            given_name=first,
            family_name=last,
            email=email,
            organisation=org,
            ticket_codes=[code] if with_codes else [],
        )
        for first, last, email, org, code in people_rows(n)
    ]


def workshop_file(path: Path, n: int, *, with_codes: bool = False, demo: bool = False) -> Path:
    """A workshop file of n attendees (with the demo day's agenda, feedback and cards if demo),
    made once per run and copied (through SQLite's backup) for each benchmark that asks."""
    import datetime as dt

    from labdesk.store import attendees as store_attendees
    from labdesk.store import create, open_workshop
    from labdesk.store.demo import create_demo

    made = path.parent.parent / "shared" / f"{n}{'-codes' * with_codes}{'-demo' * demo}.labdesk"
    if not made.exists():  # the folder is this run's own
        made.parent.mkdir(exist_ok=True)
        when = dt.date(2026, 9, 17)
        doc = create_demo(made) if demo else create(made, "Bench", when, lock=False)
        store_attendees.add_many(doc, attendees(n, with_codes=with_codes))
        doc.close(take_backup=False)
    source = open_workshop(made, lock=False)
    try:
        source.save_copy(path)
    finally:
        source.close(take_backup=False)
    return path
