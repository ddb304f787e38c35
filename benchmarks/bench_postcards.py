"""500 commitment postcards to PDF (DESIGN.md: <= 5 s, the artwork embedded once, the PDF growing
by text only): `labdesk postcards FILE -o OUT.pdf --all` timed as a whole process."""

from __future__ import annotations

import datetime as dt
import random
import statistics
from pathlib import Path

from benchmarks.common import Figure, at_most, labdesk, reference, runs

CARDS = 500
ACTIONS = [
    "Set up a lunchtime feedback session with our clinicians",
    "Invite a lived experience partner to our next project board and ask them what they would"
    " change first about how we run the pain clinic referrals",
    "Try Troika Consulting with my team",
    "Map who I need to influence for long-term funding, then book a coffee with each of them"
    " before the end of the quarter, starting with the commissioners",
]
NAMES = [
    "Siân Jones",
    "Llŷr Evans",
    "Zoë Nowak",
    "Aoife Ó Súilleabháin",
    "Ольга Петрова",
    "陈美玲",
    "Priya Sharma",
    "Bjørn Larsen",
]


def _workshop(folder: Path):  # type: ignore[no-untyped-def]
    from labdesk.core.model import CommitmentCard
    from labdesk.store import commitments, create

    doc = create(
        folder / "postcards.labdesk",
        "Insights to action",
        dt.date(2026, 9, 17),
        venue="The Resource Centre, London",
        lock=False,
    )
    rng = random.Random(6)
    for n in range(CARDS):
        commitments.upsert(
            doc,
            CommitmentCard(
                action=rng.choice(ACTIONS),
                who="My team",
                by_when="October",
                name=f"{rng.choice(NAMES)} {n}",
                consent_post=True,
                address=f"{n} Placeholder Close\nStoke-on-Trent\nST5 4UR",
            ),
            submission_key=f"bench-{n}",
        )
    return doc


def run(folder: Path) -> list[Figure]:
    from pypdf import PdfReader

    from labdesk.printing import postcards as printing
    from labdesk.store import postcards as store_postcards

    doc = _workshop(folder)
    path = doc.path
    faces = printing.faces_from(store_postcards.load_all(doc))
    one = folder / "1.pdf"
    printing.render(one, faces[:1], printing.design_for(doc))
    doc.close(take_backup=False)
    out = folder / "500.pdf"
    made = runs(labdesk("postcards", path, "-o", out, "--all"), folder, 3)
    per_card_kb = (out.stat().st_size - one.stat().st_size) / (CARDS - 1) / 1024
    reader = PdfReader(str(out))
    images = set()
    for page in reader.pages:
        for form in (page["/Resources"].get("/XObject") or {}).values():
            for ref in (form.get_object()["/Resources"].get("/XObject") or {}).values():
                images.add(ref.idnum)
    return [
        at_most(
            f"{CARDS} postcards to PDF: labdesk postcards, whole process",
            statistics.median(r.seconds for r in made),
            "s",
            5,
        ),
        at_most("artwork copies in a 500-card PDF", len(images), "", 1),
        Figure(
            "PDF size per extra card (text only)",
            per_card_kb,
            "KB",
            "grows by text only",
            per_card_kb < 10,
        ),
        reference("PDF size, 500 cards", out.stat().st_size / 1024 / 1024, "MB"),
    ]
