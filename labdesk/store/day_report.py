"""What the day report shows, read from the workshop file in one go (reads only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from labdesk.core.agenda import Actual, schedule
from labdesk.core.model import AgendaItem, ItemKind, Workshop
from labdesk.store import agenda as store_agenda
from labdesk.store import postcards as store_postcards
from labdesk.store import run_state as store_run_state
from labdesk.store import workshop as store_workshop
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import to_datetime


@dataclass
class Attendance:
    organisation: str
    expected: int
    arrived: int


@dataclass
class Timing:
    title: str
    kind: str
    planned_start: dt.time
    planned_min: int
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None

    @property
    def actual_min(self) -> int | None:
        if self.actual_start is None or self.actual_end is None:
            return None
        return round((self.actual_end - self.actual_start).total_seconds() / 60)

    @property
    def late_min(self) -> int | None:
        """Minutes the item started after its planned start (negative: early)."""
        if self.actual_start is None:
            return None
        planned = self.planned_start.hour * 60 + self.planned_start.minute
        actual = self.actual_start.hour * 60 + self.actual_start.minute
        return actual - planned


@dataclass
class SessionFeedback:
    title: str
    ratings: Counter[int] = field(default_factory=Counter)
    responses: int = 0
    chosen: list[tuple[str, str]] = field(default_factory=list)  # (what worked, what to change)

    @property
    def average(self) -> float | None:
        total = sum(self.ratings.values())
        return sum(r * n for r, n in self.ratings.items()) / total if total else None


@dataclass
class Commitment:
    name: str
    action: str
    who: str
    by_when: str


@dataclass
class DayReport:
    workshop: Workshop
    expected: int
    arrived: int
    walk_ins: int
    attendance: list[Attendance]
    arrivals: list[dt.datetime]
    timings: list[Timing]
    sessions: list[SessionFeedback]
    commitments: list[Commitment]
    postcards_to_post: int
    post_on: dt.date


def timings_of(
    day_start: dt.time, items: Sequence[AgendaItem], actuals: Mapping[int, Actual]
) -> list[Timing]:
    """Each item's plan as the day began (kept when the timer first started, else the plan as
    it is now) beside what happened."""
    timings = []
    for slot in schedule(day_start, items):
        assert slot.item.id is not None
        actual = actuals.get(slot.item.id)
        planned_start, planned_min = slot.start, slot.item.duration_min
        if actual is not None and actual.planned_start is not None:
            planned_start = actual.planned_start.time()
            if actual.planned_end is not None:
                planned_min = round(
                    (actual.planned_end - actual.planned_start).total_seconds() / 60
                )
        timings.append(
            Timing(
                slot.item.title,
                slot.item.kind.value,
                planned_start,
                planned_min,
                actual.start if actual else None,
                actual.end if actual else None,
            )
        )
    return timings


def load(doc: WorkshopFile) -> DayReport:
    con = doc.con
    workshop = store_workshop.load(doc)
    by_org: dict[str, Attendance] = {}
    expected = arrived = walk_ins = 0
    arrivals: list[dt.datetime] = []
    for row in con.execute(
        "SELECT a.organisation, a.status, a.erased_at, c.at, c.method FROM attendees a"
        " LEFT JOIN check_ins c ON c.attendee_id = a.id WHERE a.status != 'cancelled'"
    ):
        # People erased since still count for the day, under a label that says why no
        # organisation shows (their organisation went with their other details).
        if row["erased_at"]:
            org = "(details erased on request)"
        else:
            org = row["organisation"].strip() or "(no organisation given)"
        entry = by_org.setdefault(org, Attendance(org, 0, 0))
        entry.expected += 1
        expected += 1
        if row["at"]:
            entry.arrived += 1
            arrived += 1
            walk_ins += row["method"] == "walk-in"
            at = to_datetime(row["at"])
            if at is not None:
                arrivals.append(at)
    attendance = sorted(by_org.values(), key=lambda a: (-a.expected, a.organisation.casefold()))

    items = store_agenda.load(doc)
    timings = timings_of(workshop.day_start, items, store_run_state.load_actuals(doc))

    sessions: dict[int, SessionFeedback] = {}
    for item in items:
        if item.kind not in (ItemKind.BREAK, ItemKind.LUNCH) and item.id is not None:
            sessions[item.id] = SessionFeedback(item.title)
    for row in con.execute(
        "SELECT agenda_item_id, rating, worked, change, chosen FROM feedback"
        " WHERE hidden = 0 ORDER BY created_at, id"
    ):
        session = sessions.get(row["agenda_item_id"])
        if session is None:
            continue
        session.responses += 1
        if row["rating"]:
            session.ratings[int(row["rating"])] += 1
        if row["chosen"] and (row["worked"].strip() or row["change"].strip()):
            session.chosen.append((row["worked"].strip(), row["change"].strip()))

    commitments = [
        Commitment(
            name=(row["attendee_name"] or row["name"] or "").strip(),
            action=row["action"],
            who=row["who"],
            by_when=row["by_when"],
        )
        for row in con.execute(
            "SELECT c.*, a.name AS attendee_name FROM commitments c"
            " LEFT JOIN attendees a ON a.id = c.attendee_id AND a.erased_at IS NULL"
            " ORDER BY c.created_at, c.id"
        )
    ]
    cards = store_postcards.load_all(doc)
    return DayReport(
        workshop=workshop,
        expected=expected,
        arrived=arrived,
        walk_ins=walk_ins,
        attendance=attendance,
        arrivals=sorted(arrivals),
        timings=timings,
        sessions=[s for s in sessions.values() if s.responses],
        commitments=commitments,
        postcards_to_post=sum(1 for c in cards if c.postable and not c.posted),
        post_on=store_postcards.default_date(doc),
    )
