"""Importing 10,000 attendee rows (Eventbrite-shaped CSV): read, plan and write (budget <= 3 s)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import time
from pathlib import Path

from benchmarks.common import Figure, at_most
from benchmarks.people import people_rows

ROWS = 10_000


def _export(n: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "Order #",
            "First Name",
            "Last Name",
            "Email",
            "Company",
            "Barcode #",
            "Attendee Status",
            "Home Address 1",
            "Home City",
            "Home Postcode",
        ]
    )
    for i, (first, last, email, org, code) in enumerate(people_rows(n)):
        writer.writerow(
            [
                1000 + i,
                first,
                last,
                email,
                org,
                code,
                "Attending",
                f"{i} Example Street",
                "Leeds",
                "ls1 4ab",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def run(folder: Path) -> list[Figure]:
    from labdesk.core.importing import read_plan
    from labdesk.store import attendees, create

    data = _export(ROWS)
    times, reimport = [], []
    for n in range(3):
        doc = create(folder / f"import-{n}.labdesk", "Bench", dt.date(2026, 9, 17), lock=False)
        try:
            start = time.perf_counter()
            plan = read_plan(data, "export.csv", attendees.load_all(doc))
            outcome = attendees.apply_import(doc, plan)
            times.append(time.perf_counter() - start)
            assert outcome.added == ROWS, outcome
            start = time.perf_counter()
            plan = read_plan(data, "export.csv", attendees.load_all(doc))
            outcome = attendees.apply_import(doc, plan)
            reimport.append(time.perf_counter() - start)
            assert outcome.added == 0 and outcome.updated == ROWS
        finally:
            doc.close(take_backup=False)
    return [
        at_most("import 10,000 rows", statistics.median(times), "s", 3),
        at_most("re-import 10,000 rows (all merged)", statistics.median(reimport), "s", 3),
    ]
