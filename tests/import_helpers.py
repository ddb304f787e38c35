"""Importing a sample file into a test's workshop file, as the app does (check-ins counted)."""

from __future__ import annotations

from pathlib import Path

from labdesk.core.importing import ImportPlan, read_plan
from labdesk.store import attendees, checkins
from labdesk.store.attendees import ImportOutcome


def import_file(doc, path: Path, **kwargs: object) -> tuple[ImportPlan, ImportOutcome]:  # type: ignore[no-untyped-def]
    """Plan the file against the people already in doc, then apply the plan."""
    plan = read_plan(
        path.read_bytes(),
        path.name,
        attendees.load_all(doc),
        checked_in=set(checkins.checked_in_at(doc)),
        **kwargs,
    )
    return plan, attendees.apply_import(doc, plan)


def settle(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Wait for the import dialog's reading, plan or import (each on a worker) to come back."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
