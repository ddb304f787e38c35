"""What the day report shows, read from the workshop file in one go (reads only)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from labdesk.core.agenda import Actual, schedule
from labdesk.core.model import AgendaItem, CheckInMethod, ItemKind, Workshop, fold
from labdesk.core.polls import PollResults
from labdesk.core.posting import Postcard
from labdesk.store import agenda as store_agenda
from labdesk.store import postcards as store_postcards
from labdesk.store import run_state as store_run_state
from labdesk.store import sites as store_sites
from labdesk.store import workshop as store_workshop
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import to_datetime
from labdesk.store.sites import Site


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
    site: str = ""  # the site it was written at, in a merged workshop


@dataclass
class SiteDay:
    """One site's day, in a workshop with other sites merged into it."""

    site: Site
    name: str  # short: "Manchester"
    expected: int
    arrived: int
    walk_ins: int
    attendance: list[Attendance]
    arrivals: list[dt.datetime]
    timings: list[Timing]
    sessions: list[SessionFeedback]
    cards: int
    postcards_to_post: int


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
    sites: list[SiteDay] = field(default_factory=list)  # several sites: each one's day
    both: int = 0  # people who came to more than one site
    polls: list[PollResults] = field(default_factory=list)  # each question put to the room


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


def _attendance(
    con: sqlite3.Connection, site: Site | None
) -> tuple[int, int, int, list[Attendance], list[dt.datetime]]:
    """(expected, arrived, walk-ins, by organisation, arrival times) of the people registered
    at a site (None: this file's own, in a file with no other site)."""
    if site is None:
        registered = (
            "SELECT a.organisation, a.erased_at, c.at, c.method FROM attendees a"
            " LEFT JOIN check_ins c ON c.attendee_id = a.id WHERE a.status != 'cancelled'"
        )
        args: tuple[object, ...] = ()
    elif site.own:
        registered = (
            "SELECT a.organisation, a.erased_at, c.at, c.method FROM attendees a"
            " LEFT JOIN check_ins c ON c.attendee_id = a.id"
            " WHERE a.status != 'cancelled' AND a.site_id IS NULL"
        )
        args = ()
    else:
        registered = (
            "SELECT a.organisation, a.erased_at, c.at, c.method FROM site_people p"
            " JOIN attendees a ON a.id = p.attendee_id"
            " LEFT JOIN site_check_ins c ON c.attendee_id = p.attendee_id AND c.site_id = p.site_id"
            " WHERE p.site_id = ? AND p.registered = 1 AND p.status != 'cancelled'"
        )
        args = (site.id,)
    by_org: dict[str, Attendance] = {}
    expected = arrived = walk_ins = 0
    arrivals: list[dt.datetime] = []
    for row in con.execute(registered, args):
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
            walk_ins += row["method"] == CheckInMethod.WALK_IN
            at = to_datetime(row["at"])
            if at is not None:
                arrivals.append(at)
    attendance = sorted(by_org.values(), key=lambda a: (-a.expected, a.organisation.casefold()))
    return expected, arrived, walk_ins, attendance, sorted(arrivals)


def _sessions(
    con: sqlite3.Connection,
    items: Sequence[tuple[int, str, str]],
    sql: str,
    args: tuple[object, ...],
) -> list[SessionFeedback]:
    """Feedback per session (items: (id, title, kind)); sql selects the rows with their item
    id as `item`."""
    sessions: dict[int, SessionFeedback] = {}
    for item_id, title, kind in items:
        if kind not in (ItemKind.BREAK, ItemKind.LUNCH):
            sessions[item_id] = SessionFeedback(title)
    for row in con.execute(sql, args):
        session = sessions.get(row["item"])
        if session is None:
            continue
        session.responses += 1
        if row["rating"]:
            session.ratings[int(row["rating"])] += 1
        if row["chosen"] and (row["worked"].strip() or row["change"].strip()):
            session.chosen.append((row["worked"].strip(), row["change"].strip()))
    return [s for s in sessions.values() if s.responses]


_FEEDBACK = (
    "SELECT {item} AS item, rating, worked, change, chosen FROM feedback"
    " WHERE hidden = 0 AND {where} ORDER BY created_at, id"
)


def _site_day(doc: WorkshopFile, site: Site, name: str, cards: list[Postcard]) -> SiteDay:
    con = doc.con
    expected, arrived, walk_ins, attendance, arrivals = _attendance(con, site)
    if site.own:
        workshop = store_workshop.load(doc)
        items = store_agenda.load(doc)
        timings = timings_of(workshop.day_start, items, store_run_state.load_actuals(doc))
        listed = [(i.id or 0, i.title, i.kind.value) for i in items]
        sessions = _sessions(
            con, listed, _FEEDBACK.format(item="agenda_item_id", where="site_id IS NULL"), ()
        )
    else:
        rows = con.execute(
            "SELECT * FROM site_agenda_items WHERE site_id = ? ORDER BY position, id", (site.id,)
        ).fetchall()
        timings = [
            Timing(
                r["title"],
                r["kind"],
                dt.time.fromisoformat(r["planned_start"]),
                int(r["planned_min"]),
                to_datetime(r["actual_start"]),
                to_datetime(r["actual_end"]),
            )
            for r in rows
        ]
        listed = [(int(r["id"]), str(r["title"]), str(r["kind"])) for r in rows]
        sessions = _sessions(
            con, listed, _FEEDBACK.format(item="site_item_id", where="site_id = ?"), (site.id,)
        )
    tag = "site_id IS NULL" if site.own else "site_id = ?"
    mine = {
        int(r[0])
        for r in con.execute(
            f"SELECT id FROM commitments WHERE {tag}", () if site.own else (site.id,)
        )
    }
    return SiteDay(
        site=site,
        name=name,
        expected=expected,
        arrived=arrived,
        walk_ins=walk_ins,
        attendance=attendance,
        arrivals=arrivals,
        timings=timings,
        sessions=sessions,
        cards=len(mine),
        postcards_to_post=sum(1 for c in cards if c.id in mine and c.postable and not c.posted),
    )


def _combined(days: Sequence[SiteDay]) -> list[SessionFeedback]:
    """Each session's feedback over every site, by its title (one programme, several days)."""
    found: dict[str, SessionFeedback] = {}
    for day in days:
        for session in day.sessions:
            entry = found.setdefault(fold(session.title), SessionFeedback(session.title))
            entry.responses += session.responses
            entry.ratings.update(session.ratings)
            entry.chosen += session.chosen
    return list(found.values())


def load(doc: WorkshopFile) -> DayReport:
    """The day report; for a file with other sites merged into it, each site's day beside
    the others (`sites`), and the figures at the top for all of them."""
    con = doc.con
    workshop = store_workshop.load(doc)
    every = store_sites.every(doc)
    names = store_sites.places(every)
    cards = store_postcards.load_all(doc)
    days: list[SiteDay] = []
    if len(every) > 1:
        days = [_site_day(doc, site, names[site.id], cards) for site in every]
        expected = sum(d.expected for d in days)
        arrived = sum(d.arrived for d in days)
        walk_ins = sum(d.walk_ins for d in days)
        by_org: dict[str, Attendance] = {}
        for day in days:
            for a in day.attendance:
                entry = by_org.setdefault(a.organisation, Attendance(a.organisation, 0, 0))
                entry.expected += a.expected
                entry.arrived += a.arrived
        attendance = sorted(by_org.values(), key=lambda a: (-a.expected, a.organisation.casefold()))
        arrivals = sorted(t for d in days for t in d.arrivals)
        timings = days[0].timings
        sessions = _combined(days)
    else:
        expected, arrived, walk_ins, attendance, arrivals = _attendance(con, None)
        items = store_agenda.load(doc)
        timings = timings_of(workshop.day_start, items, store_run_state.load_actuals(doc))
        listed = [(i.id or 0, i.title, i.kind.value) for i in items]
        sessions = _sessions(con, listed, _FEEDBACK.format(item="agenda_item_id", where="1"), ())

    merged = store_sites.has_table(con, "sites")
    commitments = [
        Commitment(
            name=(row["attendee_name"] or row["name"] or "").strip(),
            action=row["action"],
            who=row["who"],
            by_when=row["by_when"],
            site=names.get(row["site_id"], "") if days else "",
        )
        for row in con.execute(
            "SELECT c.*, a.name AS attendee_name"
            + ("" if merged else ", NULL AS site_id")
            + " FROM commitments c"
            " LEFT JOIN attendees a ON a.id = c.attendee_id AND a.erased_at IS NULL"
            " ORDER BY c.created_at, c.id"
        )
    ]
    return DayReport(
        workshop=workshop,
        expected=expected,
        arrived=arrived,
        walk_ins=walk_ins,
        attendance=attendance,
        arrivals=arrivals,
        timings=timings,
        sessions=sessions,
        commitments=commitments,
        postcards_to_post=sum(1 for c in cards if c.postable and not c.posted),
        post_on=store_postcards.default_date(doc),
        sites=days,
        both=_in_several(con) if days else 0,
        polls=_polls(doc),
    )


def _polls(doc: WorkshopFile) -> list[PollResults]:
    """Every question put to the room, in the order they were made, with all their answers;
    in a merged workshop each with the site it was asked at (the same question asked at two
    sites is two polls: their rooms' answers are not added together)."""
    import dataclasses

    from labdesk.store import polls as store_polls
    from labdesk.store import sites as store_sites

    if not store_polls.has_polls(doc.con):
        return []
    every = store_sites.every(doc)
    names = store_sites.places(every) if len(every) > 1 else {}
    return [
        dataclasses.replace(
            store_polls.tally(doc.con, p).results(text_limit=500), site=names.get(p.site_id, "")
        )
        for p in store_polls.load_all(doc)
    ]


def _in_several(con: sqlite3.Connection) -> int:
    """How many people came to more than one site."""
    row = con.execute(
        "SELECT count(*) FROM (SELECT attendee_id FROM (SELECT attendee_id FROM check_ins"
        " UNION ALL SELECT attendee_id FROM site_check_ins) GROUP BY attendee_id"
        " HAVING count(*) > 1)"
    ).fetchone()
    return int(row[0])
