"""Importing 10,000 attendee rows (DESIGN.md: <= 3 s): an Eventbrite-shaped export read, planned
and written by `labdesk import FILE SOURCE`, timed as a whole process."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from pathlib import Path

from benchmarks.common import Figure, at_most, labdesk, runs
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


def _fresh(folder: Path, name: str) -> Path:
    from labdesk.store import create

    path = folder / name
    create(path, "Bench", dt.date(2026, 9, 17), lock=False).close(take_backup=False)
    return path


def run(folder: Path) -> list[Figure]:
    source = folder / "export.csv"
    source.write_bytes(_export(ROWS))
    first, again = [], []
    for n in range(3):
        path = _fresh(folder, f"import-{n}.labdesk")
        (done,) = runs(labdesk("import", path, source), folder, 1)
        if f"{ROWS}" not in done.stdout:
            raise RuntimeError(f"unexpected: {done.stdout}")
        first.append(done.seconds)
        again.append(runs(labdesk("import", path, source), folder, 1)[0].seconds)
    return [
        at_most(
            f"import {ROWS:,} rows: labdesk import, whole process", statistics.median(first), "s", 3
        ),
        at_most(
            f"re-import {ROWS:,} rows (all merged): labdesk import, whole process",
            statistics.median(again),
            "s",
            3,
        ),
    ]
