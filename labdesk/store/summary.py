"""The one-screen summary of a workshop file (`labdesk info`)."""

from __future__ import annotations

from labdesk.store import attendees, checkins, commitments, feedback, workshop
from labdesk.store.document import WorkshopFile


def summary(doc: WorkshopFile, *, full_check: bool = True) -> dict[str, str]:
    """Ordered key: value pairs describing the file."""
    w = workshop.load(doc)
    agenda_items = doc.con.execute("SELECT count(*) FROM agenda_items").fetchone()[0]
    return {
        "title": w.title,
        "date": w.date.isoformat(),
        "venue": w.venue,
        "schema version": str(doc.schema_version()),
        "attendees": str(attendees.count(doc)),
        "checked in": str(checkins.count(doc)),
        "agenda items": str(agenda_items),
        "feedback responses": str(feedback.count(doc)),
        "commitment cards": str(commitments.count(doc)),
        "integrity": doc.integrity(full=full_check),
    }
