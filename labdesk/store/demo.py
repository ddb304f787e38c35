"""Create a fresh workshop file holding the demo day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from labdesk.core import demo
from labdesk.core.model import CardSource, ConfirmedBy
from labdesk.paths import data_dir, resource
from labdesk.store import agenda, attendees, commitments, feedback, workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, create


def create_demo(path: Path | str, *, lock: bool = True) -> WorkshopFile:
    """Create path as a copy of the demo workshop and return it open."""
    day = demo.load(resource("demo", "demo.json"))
    doc = create(path, day.workshop.title, day.workshop.date, venue=day.workshop.venue, lock=lock)
    try:
        stored = workshop.load(doc)
        day.workshop.code = stored.code
        workshop.save(doc, day.workshop)
        agenda.replace_all(doc, day.agenda)
        attendees.add_many(doc, day.attendees)
        with doc.transaction(Topic.CHECKINS) as con:
            for index, at in day.check_ins:
                con.execute(
                    "INSERT INTO check_ins (attendee_id, at, desk, method) VALUES (?, ?, 'Desk 1', 'scan')",
                    (day.attendees[index].id, at),
                )
        # One commit for all the responses and one for all the cards (`labdesk --demo` waits).
        with doc.transaction(Topic.FEEDBACK) as con:
            for n, (item_index, response) in enumerate(day.feedback):
                item_id = day.agenda[item_index].id
                assert item_id is not None
                response.agenda_item_id = item_id
                feedback.write(con, response, f"demo-{n}")
        with doc.transaction(Topic.COMMITMENTS) as con:
            for n, (attendee_index, card) in enumerate(day.commitments):
                card.attendee_id = day.attendees[attendee_index].id if attendee_index >= 0 else None
                if card.attendee_id is not None:  # they typed their badge code, or it was paper
                    card.confirmed_by = (
                        ConfirmedBy.BADGE if card.source == CardSource.PHONE else ConfirmedBy.PAPER
                    )
                commitments.write(con, card, f"demo-card-{n}")
        _date_responses_on_the_day(doc, day)
    except BaseException:
        doc.close(take_backup=False)
        raise
    return doc


def _date_responses_on_the_day(doc: WorkshopFile, day: demo.DemoDay) -> None:
    """Give the demo's responses and cards times during the demo day, not today's."""
    date = day.workshop.date.isoformat()
    with doc.transaction(Topic.FEEDBACK) as con:
        for table, hour in (("feedback", 14), ("commitments", 15)):
            rows = con.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()
            for n, (row_id,) in enumerate(rows):
                at = f"{date}T{hour}:{(n * 2) % 60:02d}:00+01:00"
                con.execute(
                    f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE id = ?",
                    (at, at, row_id),
                )


def fresh_demo_path() -> Path:
    """A new file name for `labdesk --demo` in the user's data folder."""
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H%M%S")
    path = folder / f"Demo workshop {stamp}.labdesk"
    n = 2
    while path.exists():
        path = folder / f"Demo workshop {stamp} ({n}).labdesk"
        n += 1
    return path
