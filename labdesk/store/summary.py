"""The one-screen summary of a workshop file (`labdesk info`)."""

from __future__ import annotations

from labdesk.store import attendees, checkins, commitments, feedback, sites, workshop
from labdesk.store.document import WorkshopFile


def summary(doc: WorkshopFile, *, full_check: bool = True) -> dict[str, str]:
    """Ordered key: value pairs describing the file."""
    w = workshop.load(doc)
    agenda_items = doc.con.execute("SELECT count(*) FROM agenda_items").fetchone()[0]
    every = sites.every(doc)
    merged: dict[str, str] = {}
    if len(every) > 1:  # a merged workshop: its sites, numbered as `export --site` takes them
        merged["sites"] = "; ".join(f"{n}: {s.describe()}" for n, s in enumerate(every, 1))
        arrived = doc.con.execute(
            "SELECT count(*) FROM site_check_ins c JOIN attendees a ON a.id = c.attendee_id"
            " WHERE a.erased_at IS NULL"
        ).fetchone()[0]
        merged["checked in at other sites"] = str(arrived)
    return {
        "title": w.title,
        "date": w.date.isoformat(),
        "venue": w.venue,
        "schema version": str(doc.schema_version()),
        "attendees": str(attendees.count(doc)),
        "checked in": str(checkins.count(doc)),
        **merged,
        "agenda items": str(agenda_items),
        "feedback responses": str(feedback.count(doc)),
        "commitment cards": str(commitments.count(doc)),
        "integrity": doc.integrity(full=full_check),
    }
