"""Merging another site's workshop file into this one (`labdesk merge`, File › Merge Another
Site…): read the other file, plan, then write the plan in one transaction.

The other file is opened read-only through SQLite and never changed (its app may hold it
meanwhile); it may be from any schema version up to this labdesk's. Every record keeps where it
came from: a site (the workshop whose file first held it, known by its badge secret) and its
number in that site's file. So:

- Nothing is counted twice. A record of a site is merged once (`site_records`); a record of
  this file's own site that comes back inside another file is never taken again; the same file
  merged again adds nothing.
- The other site's people are matched to this file's by labdesk.core.merging. A person who
  attended both sites is one person with two arrivals: this file's own in `check_ins`, the
  other site's in `site_check_ins`.
- Badges stay valid: each site's secret, workshop code and old-check setting are kept in
  `sites`, and `site_people` says who a site's attendee number is here (labdesk.store.checkins).
- Feedback and commitment cards carry their site (`site_id`). Cards keep their confirmation
  and their postcard's marks; a card of a person erased at either site is not merged.
- A response or card merged before follows its site on every merge after: a redaction there
  (`redacted_at`) comes, never undoing one here (redacted at both sites, where the two differ
  the text reads [removed]: labdesk.core.mentions.combine); a response's later moderation
  (`moderated_at`: the later wins) and its phone's later edit (while neither site redacted
  it) come too. So merging either way round, again and again, the files come to the same.
- The people an erasure at the other site named are erased here too (in the same
  transaction; labdesk.personal_data then reaches the journal, backups and files); the other
  site's keyed hashes are kept (`site_erased_keys`), so an import does not bring them back.
- The merged file's retention date is the earlier of the two: the promise made to each site's
  attendees holds.

Details of a person already here are kept; only what is blank here is filled in from there.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from labdesk.core import merging
from labdesk.core import retention as core_retention
from labdesk.core.importing.matching import code_key
from labdesk.core.mentions import REMOVED, combine
from labdesk.core.model import (
    IMPORTED_DETAILS,
    AgendaItem,
    Attendee,
    CardMatch,
    CardSource,
    ConfirmedBy,
    ItemKind,
    fold,
)
from labdesk.core.words import count
from labdesk.store import attendees as store_attendees
from labdesk.store import erasure
from labdesk.store import retention as store_retention
from labdesk.store import sites as store_sites
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.migrations import user_version
from labdesk.store.rows import now_iso, to_datetime, to_time
from labdesk.store.sites import Site, has_table

# What a merge changes, as its listeners hear it once the merge is committed (the other site's
# day is not this file's agenda: the run is not reloaded for it).
TOPICS = (
    Topic.ATTENDEES
    | Topic.CHECKINS
    | Topic.FEEDBACK
    | Topic.COMMITMENTS
    | Topic.POSTCARDS
    | Topic.SETTINGS
    | Topic.POLLS
)


def describe(person: Attendee | None, number: int | None) -> str:
    """A person as a preview shows them: "#11 Chidi Okafor (Equally Well UK, chidi@…)"."""
    if person is None or number is None:
        return "someone"
    if person.erased_at is not None:
        return f"#{number} (erased on request)"
    details = ", ".join(p for p in (person.organisation.strip(), person.email.strip()) if p)
    return f"#{number} {person.name}" + (f" ({details})" if details else "")


def _has_column(con: sqlite3.Connection, table: str, column: str) -> bool:
    return any(r[1] == column for r in con.execute(f"PRAGMA table_info({table})"))


def _get(row: sqlite3.Row, name: str, default: Any = None) -> Any:
    return row[name] if name in row.keys() else default  # noqa: SIM118 (Row)


# -- what the other file holds ------------------------------------------------------------------


@dataclass
class AgendaRow:
    site: str  # the site's key
    origin: int  # the item's id in that site's own file
    position: int
    title: str
    kind: str
    planned_start: str  # 'HH:MM'
    planned_min: int
    actual_start: str | None
    actual_end: str | None

    def values(self) -> tuple[object, ...]:
        return (
            self.position,
            self.title,
            self.kind,
            self.planned_start,
            self.planned_min,
            self.actual_start,
            self.actual_end,
        )


@dataclass
class FeedbackRow:
    site: str
    origin: int
    item: tuple[str, int] | None  # the agenda item's (site, origin)
    title: str  # the agenda item's title, to find this file's item of the same name
    rating: int | None
    worked: str
    change: str
    answers: str
    hidden: int
    chosen: int
    created_at: str
    updated_at: str
    redacted_at: str | None = None  # the words redacted there (from schema version 13)
    moderated_at: str | None = None  # hidden, shown, chosen or taken off there, last

    def texts(self) -> tuple[str, str, dict[str, str]]:
        return self.worked, self.change, _answers(self.answers)


def _answers(text: str) -> dict[str, str]:
    found = json.loads(text or "{}")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


@dataclass
class CardRow:
    site: str
    origin: int
    person: int | None  # the attendee's id in the other file
    action: str
    who: str
    by_when: str
    name: str
    email: str
    address: str
    use_registered_address: int
    consent_post: int
    match_status: str
    confirmed_by: str
    source: str
    created_at: str
    updated_at: str
    post_on: str | None = None
    printed_at: str | None = None
    posted_at: str | None = None
    address_purged_at: str | None = None
    redacted_at: str | None = None  # someone named on it taken out there


@dataclass
class VoteRow:
    origin: int  # the vote's number in its site's file
    phone: str
    at: str


@dataclass
class AskedRow:
    origin: int
    phone: str
    text: str
    hidden: int
    answered: int
    created_at: str
    redacted_at: str | None = None
    votes: list[VoteRow] = field(default_factory=list)


@dataclass
class AnswerRow:
    origin: int
    phone: str
    value: str
    created_at: str
    updated_at: str
    redacted_at: str | None = None


@dataclass
class PollRow:
    """A question put to a site's room, with all its answers (or Q&A's asked questions)."""

    site: str
    origin: int
    text: str
    kind: str
    choices: str  # JSON
    scale_min: int
    scale_max: int
    created_at: str
    opened_at: str | None
    closed_at: str | None
    frozen: str | None
    answers: list[AnswerRow] = field(default_factory=list)
    asked: list[AskedRow] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return sum(len(a.votes) for a in self.asked)


@dataclass
class Source:
    """Everything the merge takes from the other file, read in one go."""

    path: Path
    version: int
    site: Site  # the other file's own site
    retention_date: dt.date
    sites: list[Site]  # sites merged into the other file before
    people: list[merging.Person]
    registered: dict[int, str]  # person id -> the key of the site they registered at
    # (site, number there, person id, status, registered there)
    site_people: list[tuple[str, int, int, str, bool]]
    check_ins: list[tuple[str, int, str, str, str]]  # (site, person id, at, desk, method)
    agenda: list[AgendaRow]
    feedback: list[FeedbackRow]
    cards: list[CardRow]
    erased_keys: list[tuple[str, str, str, int | None]]  # (site, digest, kind, person id)
    polls: list[PollRow] = field(default_factory=list)

    def person(self, person_id: int) -> merging.Person:
        return self._people[person_id]

    def __post_init__(self) -> None:
        self._people = {p.id: p for p in self.people}


def _timings(con: sqlite3.Connection, key: str, day_start: dt.time) -> list[AgendaRow]:
    from labdesk.core.agenda import Actual
    from labdesk.store.day_report import timings_of

    items = [
        AgendaItem(
            id=int(r["id"]),
            title=str(r["title"]),
            duration_min=int(r["duration_min"]),
            kind=ItemKind(r["kind"]) if r["kind"] in set(ItemKind) else ItemKind.SESSION,
            fixed_start=to_time(r["fixed_start"]),
            position=int(r["position"]),
        )
        for r in con.execute("SELECT * FROM agenda_items ORDER BY position, id")
    ]
    actuals = {
        int(r["agenda_item_id"]): Actual(
            start=to_datetime(r["actual_start"]),
            end=to_datetime(r["actual_end"]),
            planned_start=to_datetime(r["planned_start"]),
            planned_end=to_datetime(r["planned_end"]),
        )
        for r in con.execute("SELECT * FROM item_actuals")
    }
    rows = []
    for item, timing in zip(items, timings_of(day_start, items, actuals), strict=True):
        assert item.id is not None
        rows.append(
            AgendaRow(
                key,
                item.id,
                item.position,
                timing.title,
                timing.kind,
                timing.planned_start.strftime("%H:%M"),
                timing.planned_min,
                timing.actual_start.isoformat(timespec="seconds") if timing.actual_start else None,
                timing.actual_end.isoformat(timespec="seconds") if timing.actual_end else None,
            )
        )
    return rows


def read(other: WorkshopFile) -> Source:
    """The other file's sites, people, arrivals, agenda, feedback, cards and erased keys."""
    con = other.con
    version = user_version(con)
    site = store_sites.own_in(con)
    key = site.key
    merged = has_table(con, "sites")
    sites = store_sites.others(con)
    site_key: dict[int | None, str] = {None: key, **{s.id: s.key for s in sites}}

    codes: dict[int, list[str]] = {}
    for r in con.execute("SELECT code, attendee_id FROM ticket_codes ORDER BY rowid"):
        codes.setdefault(int(r[1]), []).append(str(r[0]))
    site_people: list[tuple[str, int, int, str, bool]] = []
    origins: dict[int, set[merging.Origin]] = {}
    if merged:
        for r in con.execute("SELECT * FROM site_people ORDER BY site_id, site_attendee_id"):
            k = site_key[int(r["site_id"])]
            site_people.append(
                (
                    k,
                    int(r["site_attendee_id"]),
                    int(r["attendee_id"]),
                    r["status"],
                    bool(_get(r, "registered", 1)),
                )
            )
            origins.setdefault(int(r["attendee_id"]), set()).add((k, int(r["site_attendee_id"])))
    people = []
    registered = {}
    for r in con.execute("SELECT * FROM attendees ORDER BY id"):
        a = store_attendees.from_row(r, codes.get(int(r["id"])))
        assert a.id is not None
        people.append(merging.Person(a.id, a, frozenset({(key, a.id), *origins.get(a.id, set())})))
        registered[a.id] = site_key.get(_get(r, "site_id"), key)

    check_ins = [
        (key, int(r["attendee_id"]), str(r["at"]), str(r["desk"]), str(r["method"]))
        for r in con.execute("SELECT * FROM check_ins ORDER BY attendee_id")
    ]
    if merged:
        check_ins += [
            (
                site_key[int(r["site_id"])],
                int(r["attendee_id"]),
                str(r["at"]),
                str(r["desk"]),
                str(r["method"]),
            )
            for r in con.execute("SELECT * FROM site_check_ins ORDER BY site_id, attendee_id")
        ]

    row = con.execute("SELECT day_start FROM workshop").fetchone()
    agenda = _timings(con, key, to_time(row[0]) or dt.time(9, 30))
    titles = {(a.site, a.origin): a.title for a in agenda}
    site_items: dict[int, tuple[str, int]] = {}
    if merged:
        for r in con.execute("SELECT * FROM site_agenda_items ORDER BY site_id, position"):
            k = site_key[int(r["site_id"])]
            row_ = AgendaRow(
                k,
                int(r["origin_id"]),
                int(r["position"]),
                str(r["title"]),
                str(r["kind"]),
                str(r["planned_start"]),
                int(r["planned_min"]),
                r["actual_start"],
                r["actual_end"],
            )
            agenda.append(row_)
            site_items[int(r["id"])] = (k, row_.origin)
            titles[(k, row_.origin)] = row_.title

    feedback = []
    for r in con.execute("SELECT * FROM feedback ORDER BY id"):
        tag = _get(r, "site_id")
        if tag is None:
            item = None if r["agenda_item_id"] is None else (key, int(r["agenda_item_id"]))
            origin = (key, int(r["id"]))
        else:
            found = _get(r, "site_item_id")
            item = site_items.get(int(found)) if found is not None else None
            origin = (site_key[int(tag)], int(r["site_origin_id"]))
        feedback.append(
            FeedbackRow(
                origin[0],
                origin[1],
                item,
                titles.get(item, "") if item is not None else "",
                r["rating"],
                str(r["worked"]),
                str(r["change"]),
                str(r["answers"]),
                int(r["hidden"]),
                int(r["chosen"]),
                str(r["created_at"]),
                str(r["updated_at"]),
                _get(r, "redacted_at"),
                _get(r, "moderated_at"),
            )
        )

    marks = {int(r["commitment_id"]): r for r in con.execute("SELECT * FROM postcards")}
    cards = []
    for r in con.execute("SELECT * FROM commitments ORDER BY id"):
        tag = _get(r, "site_id")
        origin = (
            (key, int(r["id"])) if tag is None else (site_key[int(tag)], int(r["site_origin_id"]))
        )
        confirmed = _get(r, "confirmed_by")
        if confirmed is None:  # before schema version 3: paper cards were confirmed at the desk
            paper = r["source"] == CardSource.PAPER and r["attendee_id"] is not None
            confirmed = ConfirmedBy.PAPER if paper else ConfirmedBy.NOBODY
        mark = marks.get(int(r["id"]))
        cards.append(
            CardRow(
                origin[0],
                origin[1],
                r["attendee_id"],
                str(r["action"]),
                str(r["who"]),
                str(r["by_when"]),
                str(r["name"]),
                str(r["email"]),
                str(r["address"]),
                int(r["use_registered_address"]),
                int(r["consent_post"]),
                str(r["match_status"]),
                str(confirmed),
                str(r["source"]),
                str(r["created_at"]),
                str(r["updated_at"]),
                **(
                    {
                        name: mark[name]
                        for name in ("post_on", "printed_at", "posted_at", "address_purged_at")
                    }
                    if mark is not None
                    else {}
                ),
                redacted_at=_get(r, "redacted_at"),
            )
        )

    owner = "attendee_id" if _has_column(con, "erased_keys", "attendee_id") else "NULL"
    erased_keys: list[tuple[str, str, str, int | None]] = [
        (key, str(r[0]), str(r[1]), r[2])
        for r in con.execute(f"SELECT digest, kind, {owner} FROM erased_keys ORDER BY digest")
    ]
    if merged:
        erased_keys += [
            (site_key[int(r[0])], str(r[1]), str(r[2]), r[3])
            for r in con.execute(
                "SELECT site_id, digest, kind, attendee_id FROM site_erased_keys"
                " ORDER BY site_id, digest"
            )
        ]
    retention_date = _retention(con)
    polls = _read_polls(con, key, site_key)
    return Source(
        path=other.path,
        version=version,
        site=site,
        retention_date=retention_date,
        sites=sites,
        people=people,
        registered=registered,
        site_people=site_people,
        check_ins=check_ins,
        agenda=agenda,
        feedback=feedback,
        cards=cards,
        erased_keys=erased_keys,
        polls=polls,
    )


def _read_polls(
    con: sqlite3.Connection, key: str, site_key: Mapping[int | None, str]
) -> list[PollRow]:
    """The other file's polls, its own and those merged into it, each numbered as its own
    site numbers it (a file from before the polls has none)."""
    from labdesk.store.polls import has_polls

    if not has_polls(con):
        return []
    found: dict[int, PollRow] = {}
    merged: set[int] = set()  # polls there that came from another site
    for r in con.execute("SELECT * FROM polls ORDER BY id"):
        tag = _get(r, "site_id")
        if tag is not None:
            merged.add(int(r["id"]))
        found[int(r["id"])] = PollRow(
            key if tag is None else site_key[int(tag)],
            int(r["id"]) if tag is None else int(r["site_origin_id"]),
            str(r["text"]),
            str(r["kind"]),
            str(r["choices"]),
            int(r["scale_min"]),
            int(r["scale_max"]),
            str(r["created_at"]),
            r["opened_at"],
            r["closed_at"],
            r["frozen"],
        )

    def origin(r: sqlite3.Row, poll_id: int, own: int) -> int:
        there = _get(r, "site_origin_id")
        return int(there) if poll_id in merged and there is not None else own

    for r in con.execute("SELECT * FROM poll_answers ORDER BY id"):
        poll_id = int(r["poll_id"])
        found[poll_id].answers.append(
            AnswerRow(
                origin(r, poll_id, int(r["id"])),
                str(r["phone"]),
                str(r["value"]),
                str(r["created_at"]),
                str(r["updated_at"]),
                _get(r, "redacted_at"),
            )
        )
    asked: dict[int, AskedRow] = {}
    for r in con.execute("SELECT * FROM poll_asked ORDER BY id"):
        poll_id = int(r["poll_id"])
        row = AskedRow(
            origin(r, poll_id, int(r["id"])),
            str(r["phone"]),
            str(r["text"]),
            int(r["hidden"]),
            int(r["answered"]),
            str(r["created_at"]),
            _get(r, "redacted_at"),
        )
        asked[int(r["id"])] = row
        found[poll_id].asked.append(row)
    owners = {int(r[0]): int(r[1]) for r in con.execute("SELECT id, poll_id FROM poll_asked")}
    for r in con.execute("SELECT rowid AS n, * FROM poll_votes ORDER BY rowid"):
        asked_id = int(r["asked_id"])
        asked[asked_id].votes.append(
            VoteRow(origin(r, owners[asked_id], int(r["n"])), str(r["phone"]), str(r["at"]))
        )
    return list(found.values())


def open_other(path: Path, into: Path) -> WorkshopFile:
    """Open the other site's file read-only (beside its own app, if it is open there), after
    the checks that need no connection; WorkshopFileError says plainly what is wrong."""
    from labdesk.store import links, open_workshop

    path = Path(path)
    if links.is_part_of(path, Path(into)):
        raise WorkshopFileError(
            f"{path.name} is {Path(into).name} itself (or another name for it): a file cannot be"
            " merged into itself"
        )
    if not path.exists():
        raise WorkshopFileError(f"{path} does not exist.")
    other = open_workshop(path, lock=False, readonly=True, purpose="merge")
    try:
        if store_retention.held(other.con) and core_retention.is_due(
            _retention(other.con), dt.date.today()
        ):
            raise WorkshopFileError(
                f"the retention date of {path.name} has come, so its personal data is to be"
                " purged, not merged: run `labdesk retention OTHER --apply` there first"
            )
    except BaseException:
        other.close(take_backup=False)
        raise
    return other


def _retention(con: sqlite3.Connection) -> dt.date:
    """The other file's retention date (one made before there were any: the default)."""

    row = con.execute("SELECT value FROM settings WHERE key = 'retention_date'").fetchone()
    if row is not None:
        return dt.date.fromisoformat(json.loads(row[0]))
    day = con.execute("SELECT date FROM workshop").fetchone()[0]
    return core_retention.default_date(dt.date.fromisoformat(day), dt.date.today())


# -- the plan ----------------------------------------------------------------------------------


@dataclass
class CardUpdate:
    """What the other site did to a card since it was merged: confirmed, printed, posted,
    someone named on it redacted."""

    card_id: int
    changes: dict[str, Any]  # column -> value, on the card ('confirmed_by', 'address', 'action')
    marks: dict[str, str]  # postcard column -> value
    before: tuple[str, str, str] | None = None  # action, who, by_when here, when redacted

    @property
    def redacted(self) -> Redacted | None:
        if self.before is None:
            return None
        after = tuple(self.changes.get(n, b) for n, b in zip(_CARD_TEXT, self.before, strict=True))
        return Redacted("commitments", self.card_id, self.before, after)


@dataclass
class FeedbackUpdate:
    """What the other site did to a feedback response since it was merged: redacted, hidden
    or shown again, chosen for its projector or taken off, edited by its phone."""

    response_id: int  # here
    changes: dict[str, Any]  # column -> value
    # Its words as stored here before, when the merge redacts them (worked, change, answers)
    before: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Redacted:
    """Words a merge redacts here, as the other site had: to redact in the backups, the
    copies saved and the files made too (labdesk.personal_data.redact_merged)."""

    table: str  # "feedback", "commitments", "poll_answers" or "poll_asked"
    row_id: int  # here
    before: tuple[str, ...]  # the text columns as they were (feedback: worked, change, answers)
    after: tuple[str, ...]


@dataclass
class PollUpdate:
    """What comes to a poll merged before: answers, asked questions and votes made there
    since, a phone's changed answer, a redaction or a question hidden there since. To a poll of
    this site's own: only the redactions made there."""

    poll_id: int  # here
    answers: list[AnswerRow] = field(default_factory=list)  # new
    asked: list[AskedRow] = field(default_factory=list)  # new, with their votes
    votes: list[tuple[int, VoteRow]] = field(default_factory=list)  # (asked id here, vote)
    # (table, row id here, its text here, its text from now on, redacted_at): changed or
    # redacted there
    texts: list[tuple[str, int, str, str, str | None]] = field(default_factory=list)
    hide: list[int] = field(default_factory=list)  # asked ids here, hidden there since

    def __bool__(self) -> bool:
        return bool(self.answers or self.asked or self.votes or self.texts or self.hide)


@dataclass
class MergePlan:
    """What merging the other file will do; nothing is written until `apply`."""

    source: Source
    here: Site
    people: merging.PeoplePlan
    here_people: dict[int, Attendee]
    sites_new: list[Site] = field(default_factory=list)
    sites_changed: list[Site] = field(default_factory=list)
    new_people: list[int] = field(default_factory=list)  # ids there, added here
    fills: dict[int, dict[str, Any]] = field(default_factory=dict)  # here id -> column: value
    codes: list[tuple[int, str]] = field(default_factory=list)  # (here id, ticket code)
    codes_taken: int = 0  # ticket codes there that belong to someone else here
    site_people: list[tuple[str, int, int, str, bool]] = field(default_factory=list)
    check_ins: list[tuple[str, int, str, str, str]] = field(default_factory=list)
    agenda_new: list[AgendaRow] = field(default_factory=list)
    agenda_changed: list[AgendaRow] = field(default_factory=list)
    feedback: list[FeedbackRow] = field(default_factory=list)
    feedback_updates: list[FeedbackUpdate] = field(default_factory=list)
    cards: list[CardRow] = field(default_factory=list)
    card_updates: list[CardUpdate] = field(default_factory=list)
    # feedback and cards whose text gave the email of someone erased on request
    emails_removed: int = 0
    cards_of_erased: int = 0  # cards there of people erased at either site: not merged
    erased_keys: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    retention: tuple[dt.date, dt.date] | None = None  # (now, after the merge)
    polls: list[PollRow] = field(default_factory=list)  # new here, with all their answers
    poll_updates: list[PollUpdate] = field(default_factory=list)
    poll_emails_removed: int = 0  # poll texts naming the email of someone erased on request

    @property
    def empty(self) -> bool:
        """Nothing to write: the other file is merged already, all of it."""
        return not (
            self.sites_new
            or self.sites_changed
            or self.new_people
            or self.fills
            or self.codes
            or self.site_people
            or self.check_ins
            or self.agenda_new
            or self.agenda_changed
            or self.feedback
            or self.feedback_updates
            or self.cards
            or self.card_updates
            or self.erased_keys
            or self.retention
            or self.people.erase_here
            or self.polls
            or self.poll_updates
        )

    def target(self, there: int) -> int | None:
        """The person here someone there becomes (None: someone added by the merge)."""
        step = self._steps[there]
        if step.step is merging.Step.SAME or (
            step.step is merging.Step.ERASED and step.here is not None
        ):
            return step.here
        return None

    def __post_init__(self) -> None:
        self._steps = {s.there: s for s in self.people.steps}

    def step(self, there: int) -> merging.PersonStep:
        return self._steps[there]

    def records(self) -> list[str]:
        """What comes with the people, one line each, for a preview."""

        places = {s.key: s.place for s in [*self.sites_new, *self.sites_changed]}
        places.update({s.key: s.place for s in [self.source.site, *self.source.sites]})
        arrivals: dict[str, int] = {}
        for key, *_ in self.check_ins:
            arrivals[places[key]] = arrivals.get(places[key], 0) + 1
        lines = [
            "check-ins: "
            + (", ".join(f"{k} at {where}" for where, k in arrivals.items()) or "none new"),
            f"feedback responses: {len(self.feedback) or 'none'} new"
            + (
                f", {len(self.feedback_updates)} merged before updated (redacted, hidden, shown"
                " again or chosen there since)"
                if self.feedback_updates
                else ""
            ),
        ]
        cards = f"commitment cards: {len(self.cards) or 'none new'}"
        if self.cards:
            waiting = self.unconfirmed_cards
            confirmed = sum(1 for c in self.cards if c.confirmed_by)
            cards += f" ({confirmed} confirmed"
            if waiting:
                cards += f", {waiting} not posted until their person confirms"
            cards += ")"
        if self.cards_of_erased:
            cards += (
                f"; {count(self.cards_of_erased, 'card')} of people erased on request, not merged"
            )
        lines.append(cards)
        if self.emails_removed:
            n = self.emails_removed
            what = count(n, "feedback response or card", "feedback responses and cards")
            lines.append(
                f"{what} giving the email of someone erased on request: the email left out"
            )
        printed = sum(1 for c in self.cards if c.printed_at)
        posted = sum(1 for c in self.cards if c.posted_at)
        if printed or posted:
            lines.append(f"postcards: {printed} printed, {posted} posted")
        if self.card_updates:
            lines.append(
                f"cards merged before: {count(len(self.card_updates), 'card')} confirmed, printed,"
                " posted or redacted since"
            )
        if self.codes or self.codes_taken:
            line = f"ticket codes: {len(self.codes)} added to people here"
            if self.codes_taken:
                line += f"; {self.codes_taken} already someone else's here, left out"
            lines.append(line)
        if self.agenda_new or self.agenda_changed:
            lines.append(
                f"agenda: {count(len(self.agenda_new) + len(self.agenda_changed), 'item')} of the"
                " other site's day, planned and as run"
            )
        lines.append(self.poll_line(places))
        if self.retention is not None:
            was, now = self.retention
            lines.append(
                f"retention date: {now.isoformat()}, the other site's (this file's was"
                f" {was.isoformat()}): personal data goes at the earlier of the two"
            )
        return lines

    def redactions(self) -> list[Redacted]:
        """The words this merge redacts in records here (the other site had redacted them)."""
        found: list[Redacted] = []
        for f in self.feedback_updates:
            if f.before is not None:
                after = tuple(
                    str(f.changes.get(n, b))
                    for n, b in zip(("worked", "change", "answers"), f.before, strict=True)
                )
                found.append(Redacted("feedback", f.response_id, f.before, after))
        found += [c.redacted for c in self.card_updates if c.redacted is not None]
        found += [
            Redacted(table, row_id, (old,), (text,))
            for u in self.poll_updates
            for table, row_id, old, text, redacted_at in u.texts
            if redacted_at is not None
        ]
        return found

    def poll_counts(self) -> tuple[int, int, int]:
        """(polls, answers and questions asked, votes) the merge brings."""
        answers = sum(len(p.answers) + len(p.asked) for p in self.polls)
        answers += sum(len(u.answers) + len(u.asked) for u in self.poll_updates)
        votes = sum(p.votes for p in self.polls)
        votes += sum(sum(len(a.votes) for a in u.asked) + len(u.votes) for u in self.poll_updates)
        return len(self.polls), answers, votes

    def poll_line(self, places: Mapping[str, str]) -> str:
        """ "polls: 2 new (1 at Manchester, …), 58 answers and questions asked, 9 votes"."""
        polls, answers, votes = self.poll_counts()
        changed = sum(len(u.texts) + len(u.hide) for u in self.poll_updates)
        since = f"; {changed} changed, redacted or hidden there since" if changed else ""
        if self.poll_emails_removed:
            since += (
                f"; {count(self.poll_emails_removed, 'text')} giving the email of someone erased"
                " on request: the email left out"
            )
        if not (polls or answers or votes):
            return "polls: none new" + since
        at: dict[str, int] = {}
        for p in self.polls:
            where = places.get(p.site, "another site")
            at[where] = at.get(where, 0) + 1
        line = f"polls: {polls or 'none'} new"
        if at:
            line += " (" + ", ".join(f"{n} asked at {where}" for where, n in at.items()) + ")"
        line += f"; {count(answers, 'answer')} and questions asked"
        if votes:
            line += f", {count(votes, 'vote')}"
        return line + since

    @property
    def unconfirmed_cards(self) -> int:
        """Cards coming that name someone who has not confirmed them yet (not posted until)."""
        return sum(
            1
            for c in self.cards
            if (c.person is not None or c.match_status == CardMatch.AMBIGUOUS)
            and not c.confirmed_by
        )


def _here_people(doc: WorkshopFile, here: Site, sites: Mapping[int, str]) -> list[merging.Person]:
    people = store_attendees.load_all(doc, include_erased=True)
    origins: dict[int, set[merging.Origin]] = {}
    for r in doc.con.execute("SELECT site_id, site_attendee_id, attendee_id FROM site_people"):
        origins.setdefault(int(r[2]), set()).add((sites[int(r[0])], int(r[1])))
    return [
        merging.Person(a.id, a, frozenset({(here.key, a.id), *origins.get(a.id, set())}))
        for a in people
        if a.id is not None
    ]


def _erased_keys(rows: Iterable[tuple[str, str, int | None]]) -> list[merging.ErasedKeys]:
    """Keyed hashes grouped by the secret they were made with: (site key, digest, owner)."""
    by_site: dict[str, dict[str, int | None]] = {}
    for key, digest, owner in rows:
        by_site.setdefault(key, {})[digest] = owner
    return [merging.ErasedKeys(bytes.fromhex(k), owners) for k, owners in by_site.items()]


def plan(
    doc: WorkshopFile,
    source: Source,
    *,
    decisions: Mapping[tuple[int, int], bool] | None = None,
    default: bool | None = None,
) -> MergePlan:
    """What merging source into doc would do (reads only). decisions: (id here, id there) ->
    True (the same person) or False (two people), for doubtful pairs; default for the rest."""
    con = doc.con
    here = store_sites.own(doc)
    if source.site.key == here.key:
        raise WorkshopFileError(
            f"{source.path.name} is a copy of {doc.path.name} (the same workshop, not another"
            " site's): there is nothing to merge"
        )
    known = {s.key: s for s in store_sites.others(con)}
    site_ids = {s.key: s.id for s in known.values()}
    keys_by_id = {s.id: s.key for s in known.values() if s.id is not None}

    here_people = _here_people(doc, here, keys_by_id)
    own_keys = [
        (here.key, str(r[0]), r[1])
        for r in con.execute("SELECT digest, attendee_id FROM erased_keys")
    ]
    site_keys = [
        (keys_by_id[int(r[0])], str(r[1]), r[2])
        for r in con.execute("SELECT site_id, digest, attendee_id FROM site_erased_keys")
    ]
    there_keys = [(k, d, owner) for k, d, _, owner in source.erased_keys]
    people = merging.plan_people(
        here_people,
        source.people,
        here_erased=_erased_keys(own_keys + site_keys),
        there_erased=_erased_keys(there_keys),
        decisions=decisions,
        default=default,
    )
    result = MergePlan(source, here, people, {p.id: p.attendee for p in here_people})

    # Sites: the other file's own, and those merged into it, but never this file's own.
    for site in [source.site, *source.sites]:
        if site.key == here.key:
            continue
        was = known.get(site.key)
        if was is None:
            result.sites_new.append(site)
            known[site.key] = site
        elif (was.title, was.date, was.venue, was.code, was.old_badges) != (
            site.title,
            site.date,
            site.venue,
            site.code,
            site.old_badges,
        ):
            result.sites_changed.append(site)

    def sid(key: str) -> int | None:
        return site_ids.get(key)

    # People added, and details and ticket codes for those already here.
    code_owner = {
        code_key(str(r[0])): int(r[1])
        for r in con.execute("SELECT code, attendee_id FROM ticket_codes")
    }
    for p in source.people:
        step = result.step(p.id)
        target = result.target(p.id)
        if target is None:
            result.new_people.append(p.id)
            for code in p.attendee.ticket_codes if step.step is not merging.Step.ERASED else []:
                if code_key(code) in code_owner:
                    result.codes_taken += 1
            continue
        if step.step is not merging.Step.SAME:
            continue
        mine = result.here_people[target]
        if mine.erased_at is not None:
            continue
        fill = {
            name: getattr(p.attendee, name)
            for name in IMPORTED_DETAILS  # what an import fills in, when blank here
            if not str(getattr(mine, name)).strip() and str(getattr(p.attendee, name)).strip()
        }
        for name in ("consent_postcard", "consent_contact"):
            if getattr(p.attendee, name) and not getattr(mine, name):
                fill[name] = 1
        if fill:
            result.fills[target] = fill
        for code in p.attendee.ticket_codes:
            owner = code_owner.get(code_key(code))
            if owner is None:
                result.codes.append((target, code))
                code_owner[code_key(code)] = target
            elif owner != target:
                result.codes_taken += 1

    # Who each site's attendee numbers are, their arrivals, their erased keys.
    mapped = {
        (int(r[0]), int(r[1]))
        for r in con.execute("SELECT site_id, site_attendee_id FROM site_people")
    }
    # Everyone there has a number there (the merged file's own badges carry it); those it
    # merged from elsewhere are not registered there.
    home_people = [
        (key, p.id, p.id, p.attendee.status, source.registered.get(p.id) == key)
        for key in [source.site.key]
        for p in source.people
    ]
    for key, number, person, status, registered in home_people + source.site_people:
        if key == here.key:
            continue
        at = sid(key)
        if at is None or (at, number) not in mapped:
            result.site_people.append((key, number, person, status, registered))
    arrived = {
        (int(r[0]), int(r[1]))
        for r in con.execute("SELECT site_id, attendee_id FROM site_check_ins")
    }
    seen: set[tuple[str, int | tuple[str, int]]] = set()
    for key, person, when, desk, method in source.check_ins:
        if key == here.key:
            continue
        target = result.target(person)
        who: int | tuple[str, int] = target if target is not None else ("new", person)
        at = sid(key)
        if (key, who) in seen or (
            at is not None and target is not None and (at, target) in arrived
        ):
            continue
        seen.add((key, who))
        result.check_ins.append((key, person, when, desk, method))
    held_keys = {
        (int(r[0]), str(r[1])) for r in con.execute("SELECT site_id, digest FROM site_erased_keys")
    }
    for key, digest, kind, owner in source.erased_keys:
        at = sid(key)
        if key != here.key and (at is None or (at, digest) not in held_keys):
            result.erased_keys.append((key, digest, kind, owner))

    # The other sites' days, as planned and as run.
    items = {
        (int(r["site_id"]), int(r["origin_id"])): r
        for r in con.execute("SELECT * FROM site_agenda_items")
    }
    for row in source.agenda:
        if row.site == here.key:
            continue
        at = sid(row.site)
        stored = items.get((at, row.origin)) if at is not None else None
        if stored is None:
            result.agenda_new.append(row)
        elif (
            tuple(
                stored[c]
                for c in (
                    "position",
                    "title",
                    "kind",
                    "planned_start",
                    "planned_min",
                    "actual_start",
                    "actual_end",
                )
            )
            != row.values()
        ):
            result.agenda_changed.append(row)

    # Feedback and cards: each merged once, and what was done to it there since after that.
    # The email of someone erased on request at either site does not come in their text.
    done = {
        (int(r[0]), str(r[1]), int(r[2]))
        for r in con.execute("SELECT site_id, kind, origin_id FROM site_records")
    }
    erased_here = _erased_keys(own_keys + site_keys)
    scrub = _scrubber(erased_here + _erased_keys(there_keys), now_iso())
    # A response is known here by its site and its number there (this site's own: its id).
    responses = {
        (r["site_id"], int(r["site_origin_id"] if r["site_id"] is not None else r["id"])): r
        for r in con.execute("SELECT * FROM feedback")
    }
    for response in source.feedback:
        at = sid(response.site)
        own = response.site == here.key
        if own or (at, "feedback", response.origin) in done:
            # Merged before (or this site's own, come back): what was done to it there since.
            stored = responses.get((None if own else at, response.origin))
            if stored is not None:  # (else removed here since: it stays removed)
                changed = _feedback_update(stored, response, scrub)
                if changed is not None:
                    result.feedback_updates.append(changed)
            continue
        result.feedback.append(scrub.response(response))
    for card in source.cards:
        if card.site == here.key:  # this site's own, come back: only a redaction there comes
            update = _card_update(con, result, None, card, scrub)
            if update is not None:
                result.card_updates.append(update)
            continue
        at = sid(card.site)
        if (at, "commitment", card.origin) in done:
            update = _card_update(con, result, at, card, scrub)
            if update is not None:
                result.card_updates.append(update)
            continue
        if card.person is not None and result.step(card.person).step is merging.Step.ERASED:
            result.cards_of_erased += 1
            continue
        probe = Attendee(name="", email=card.email)
        if card.person is None and any(keys.owner(probe)[0] for keys in erased_here):
            result.cards_of_erased += 1
            continue
        result.cards.append(scrub.card(card))
    result.emails_removed, scrub.removed = scrub.removed, 0

    _plan_polls(con, result, sid, here.key, scrub)

    ours = store_retention.retention_date(doc)
    if source.retention_date < ours:
        result.retention = (ours, source.retention_date)
    return result


# An email address in a poll's free text (to find those of people erased on request).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass
class _Scrub:
    """Poll text as merged: the email of anyone erased on request at either site (known by its
    keyed hash) replaced by [removed], and the text then marked redacted."""

    keys: list[merging.ErasedKeys]
    now: str
    removed: int = 0

    def text(self, text: str, redacted_at: str | None) -> tuple[str, str | None]:
        if "@" not in text:
            return text, redacted_at

        def one(m: re.Match[str]) -> str:
            probe = Attendee(name="", email=m.group(0))
            return REMOVED if any(k.owner(probe)[0] for k in self.keys) else m.group(0)

        scrubbed = _EMAIL.sub(one, text)
        if scrubbed == text:
            return text, redacted_at
        self.removed += 1
        return scrubbed, redacted_at or self.now

    def answer(self, a: AnswerRow) -> AnswerRow:
        value, when = self.text(a.value, a.redacted_at)
        return a if value == a.value else replace(a, value=value, redacted_at=when)

    def asked(self, q: AskedRow) -> AskedRow:
        text, when = self.text(q.text, q.redacted_at)
        return q if text == q.text else replace(q, text=text, redacted_at=when)

    def texts(
        self, texts: Mapping[str, str], redacted_at: str | None
    ) -> tuple[dict[str, str], str | None]:
        """Several texts of one record (a comment's, a card's): one scrubbed counts once."""
        removed, when, found = self.removed, redacted_at, {}
        for name, text in texts.items():
            found[name], when = self.text(text, when)
        self.removed = removed + (self.removed > removed)
        return found, when

    def response(self, f: FeedbackRow) -> FeedbackRow:
        worked, change, answers = f.texts()
        found, when = self.texts(
            {"worked": worked, "change": change, **{"answer:" + k: v for k, v in answers.items()}},
            f.redacted_at,
        )
        if when == f.redacted_at:
            return f
        return replace(
            f,
            worked=found["worked"],
            change=found["change"],
            answers=_answers_json({k: found["answer:" + k] for k in answers}),
            redacted_at=when,
        )

    def card(self, c: CardRow) -> CardRow:
        found, when = self.texts({n: getattr(c, n) for n in _CARD_TEXT}, c.redacted_at)
        if when == c.redacted_at:
            return c
        return replace(
            c,
            action=found["action"],
            who=found["who"],
            by_when=found["by_when"],
            redacted_at=when,
        )


def _scrubber(keys: list[merging.ErasedKeys], now: str) -> _Scrub:
    return _Scrub(keys, now)


_CARD_TEXT = ("action", "who", "by_when")  # what the card's person wrote (others may be named)


def _answers_json(answers: Mapping[str, str]) -> str:
    return json.dumps(dict(answers), ensure_ascii=False)


def _combined(here: Mapping[str, str], there: Mapping[str, str]) -> dict[str, str]:
    """Texts redacted at both sites, each as one both keep (labdesk.core.mentions.combine)."""
    return {
        name: combine(here[name], there[name]) if name in there else here[name] for name in here
    } | {name: text for name, text in there.items() if name not in here}


def _moderation(hidden: object, chosen: object, at: object) -> tuple[str, int, int]:
    """A response's moderation, as ordered between two sites: the later wins; at the same
    moment, hidden before shown, and not chosen before chosen (so both come to the same)."""
    return (str(at or ""), int(bool(hidden)), -int(bool(chosen)))


def _feedback_update(mine: sqlite3.Row, there: FeedbackRow, scrub: _Scrub) -> FeedbackUpdate | None:
    """What comes to a response merged before (mine, as this file holds it) from the other
    site's copy of it: its redaction (never undoing one made here: redacted at both sites,
    what either took out stays out), a later edit by its phone (only while neither site has
    redacted it), its later moderation. None when nothing."""
    answers_here = _answers(str(mine["answers"]))
    here = {"worked": str(mine["worked"]), "change": str(mine["change"])}
    here |= {"answer:" + k: v for k, v in answers_here.items()}
    worked, change, answers = there.texts()
    theirs = {"worked": worked, "change": change, **{"answer:" + k: v for k, v in answers.items()}}
    redacted_here = mine["redacted_at"]
    changes: dict[str, Any] = {}
    texts: dict[str, str] | None = None
    when, edited = redacted_here, False
    before: tuple[str, str, str] | None = None
    if theirs != here:
        if there.redacted_at is not None and redacted_here is None:
            texts, when = scrub.texts(theirs, there.redacted_at)
        elif there.redacted_at is not None:
            texts, when = scrub.texts(_combined(here, theirs), redacted_here)
        elif redacted_here is None and there.updated_at > str(mine["updated_at"]):
            texts, when = scrub.texts(theirs, None)  # its phone's later words
            edited = True
    elif (
        redacted_here is None
        and there.updated_at > str(mine["updated_at"])
        and there.rating != mine["rating"]
    ):
        changes |= {"rating": there.rating, "updated_at": there.updated_at}
    if texts is not None and texts != here:
        changes |= {
            "worked": texts["worked"],
            "change": texts["change"],
            "answers": _answers_json(
                {k.removeprefix("answer:"): v for k, v in texts.items() if k.startswith("answer:")}
            ),
        }
        if when != redacted_here:
            changes["redacted_at"] = when
        if not edited:
            before = (str(mine["worked"]), str(mine["change"]), str(mine["answers"]))
    if edited:  # a phone's edit, come as it was made: as there, nothing unread is chosen
        changes |= {"rating": there.rating, "updated_at": there.updated_at, "chosen": 0}
    ours = _moderation(mine["hidden"], changes.get("chosen", mine["chosen"]), mine["moderated_at"])
    if there.moderated_at is not None:
        if _moderation(there.hidden, there.chosen, there.moderated_at) > ours:
            changes |= {
                "hidden": there.hidden,
                "chosen": there.chosen,
                "moderated_at": there.moderated_at,
            }
    elif there.hidden and not mine["hidden"] and mine["moderated_at"] is None:
        changes |= {"hidden": 1, "chosen": 0}  # hidden there, in a file from before the mark
    changes = {k: v for k, v in changes.items() if mine[k] != v}
    return FeedbackUpdate(int(mine["id"]), changes, before) if changes else None


def _plan_polls(
    con: sqlite3.Connection, result: MergePlan, sid: Any, here_key: str, scrub: _Scrub
) -> None:
    """The other sites' polls: each merged once, with what its room added since; a poll of
    this file's own site is never taken back (only what the other site redacted in it comes),
    nor one deleted here since it was merged. The email of someone erased on request at either
    site does not come in their text."""
    from labdesk.store.polls import has_polls

    if not result.source.polls or not has_polls(con):
        return
    done = {
        (int(r[0]), int(r[1]))
        for r in con.execute("SELECT site_id, origin_id FROM site_records WHERE kind = 'poll'")
    }
    here = {
        (int(r[0]), int(r[1])): int(r[2])
        for r in con.execute(
            "SELECT site_id, site_origin_id, id FROM polls WHERE site_id IS NOT NULL"
        )
    }
    for poll in result.source.polls:
        if poll.site == here_key:
            own = _own_poll_redactions(con, poll)
            if own:
                result.poll_updates.append(own)
            continue
        at = sid(poll.site)
        if at is None or ((at, poll.origin) not in here and (at, poll.origin) not in done):
            result.polls.append(
                replace(
                    poll,
                    answers=[scrub.answer(a) for a in poll.answers],
                    asked=[scrub.asked(q) for q in poll.asked],
                )
            )
        elif (at, poll.origin) in here:
            # Only what comes new is scrubbed: what is here already is the organiser's to
            # redact (an erasure here showed it to them).
            update = _poll_update(con, here[(at, poll.origin)], poll)
            update.answers = [scrub.answer(a) for a in update.answers]
            update.asked = [scrub.asked(q) for q in update.asked]
            if update:
                result.poll_updates.append(update)
        # else: deleted here since it was merged; it stays deleted
    result.poll_emails_removed = scrub.removed


def _own_poll_redactions(con: sqlite3.Connection, poll: PollRow) -> PollUpdate:
    """A poll of this site's own, as the other site holds it: the answers and questions asked
    it redacted there (someone erased there was named in them) are redacted here too. Nothing
    else of it comes back, and what was redacted here stays as it is here."""
    update = PollUpdate(poll.origin)
    here = con.execute(
        "SELECT 1 FROM polls WHERE id = ? AND site_id IS NULL", (poll.origin,)
    ).fetchone()
    if here is None:  # deleted here since
        return update
    for table, column, rows in (
        ("poll_answers", "value", [(a.origin, a.value, a.redacted_at) for a in poll.answers]),
        ("poll_asked", "text", [(q.origin, q.text, q.redacted_at) for q in poll.asked]),
    ):
        mine = {
            int(r[0]): (str(r[1]), r[2])
            for r in con.execute(
                f"SELECT id, {column}, redacted_at FROM {table}"
                " WHERE poll_id = ? AND site_origin_id IS NULL",
                (poll.origin,),
            )
        }
        for origin, text, redacted_at in rows:
            found = mine.get(origin)
            # Redacted there, not here (what was redacted here stays as it is here).
            if (
                redacted_at is not None
                and found is not None
                and found[1] is None
                and text != found[0]
            ):
                update.texts.append((table, origin, found[0], text, redacted_at))
    return update


def _poll_update(con: sqlite3.Connection, poll_id: int, poll: PollRow) -> PollUpdate:
    update = PollUpdate(poll_id)
    answers = {
        int(r[0]): r
        for r in con.execute(
            "SELECT site_origin_id, id, value, updated_at, redacted_at FROM poll_answers"
            " WHERE poll_id = ? AND site_origin_id IS NOT NULL",
            (poll_id,),
        )
    }
    for a in poll.answers:
        mine = answers.get(a.origin)
        if mine is None:
            update.answers.append(a)
        elif (
            mine[4] is None  # redacted here: it stays redacted
            and a.value != mine[2]
            and (a.redacted_at is not None or a.updated_at > str(mine[3]))
        ):
            update.texts.append(
                ("poll_answers", int(mine[1]), str(mine[2]), a.value, a.redacted_at)
            )
    asked = {
        int(r[0]): r
        for r in con.execute(
            "SELECT site_origin_id, id, text, hidden, redacted_at FROM poll_asked"
            " WHERE poll_id = ? AND site_origin_id IS NOT NULL",
            (poll_id,),
        )
    }
    votes = {
        (int(r[0]), int(r[1]))
        for r in con.execute(
            "SELECT v.asked_id, v.site_origin_id FROM poll_votes v JOIN poll_asked a"
            " ON a.id = v.asked_id WHERE a.poll_id = ? AND v.site_origin_id IS NOT NULL",
            (poll_id,),
        )
    }
    for q in poll.asked:
        mine = asked.get(q.origin)
        if mine is None:
            update.asked.append(q)
            continue
        here_id = int(mine[1])
        if mine[4] is None and q.redacted_at is not None and q.text != mine[2]:
            update.texts.append(("poll_asked", here_id, str(mine[2]), q.text, q.redacted_at))
        if q.hidden and not mine[3]:
            update.hide.append(here_id)
        update.votes += [(here_id, v) for v in q.votes if (here_id, v.origin) not in votes]
    return update


def _card_update(
    con: sqlite3.Connection, plan_: MergePlan, site: int | None, card: CardRow, scrub: _Scrub
) -> CardUpdate | None:
    """What to bring to a card merged before: a confirmation, printed and posted marks, the
    address forgotten once posted, someone named on it redacted there (never undoing a
    redaction here). None when nothing (or the card is no longer here)."""
    row = con.execute(
        "SELECT c.id, c.attendee_id, c.confirmed_by, c.address, c.action, c.who, c.by_when,"
        " c.redacted_at, p.printed_at, p.posted_at, p.address_purged_at"
        " FROM commitments c LEFT JOIN postcards p ON p.commitment_id = c.id"
        + (
            " WHERE c.site_id IS NULL AND c.id = ?"  # this site's own card
            if site is None
            else " WHERE c.site_id = ? AND c.site_origin_id = ?"
        ),
        (card.origin,) if site is None else (site, card.origin),
    ).fetchone()
    if row is None:  # erased here since: it stays erased
        return None
    changes: dict[str, Any] = {}
    before: tuple[str, str, str] | None = None
    here = {name: str(row[name]) for name in _CARD_TEXT}
    theirs = {name: str(getattr(card, name)) for name in _CARD_TEXT}
    if card.redacted_at is not None and theirs != here:
        if row["redacted_at"] is None:
            texts, when = scrub.texts(theirs, card.redacted_at)
        else:
            texts, when = scrub.texts(_combined(here, theirs), row["redacted_at"])
        changes |= {name: text for name, text in texts.items() if text != here[name]}
        if changes:
            before = (here["action"], here["who"], here["by_when"])
            if when != row["redacted_at"]:
                changes["redacted_at"] = when
    if site is None:  # this site's own card: the rest of it is this site's to say
        return CardUpdate(int(row["id"]), changes, {}, before) if changes else None
    person = plan_.target(card.person) if card.person is not None else None
    if not row["confirmed_by"] and card.confirmed_by and row["attendee_id"] == person:
        changes["confirmed_by"] = card.confirmed_by
    if card.address_purged_at and row["address"]:
        changes["address"] = ""
    marks = {
        name: value
        for name, value in (
            ("printed_at", card.printed_at),
            ("posted_at", card.posted_at),
            ("address_purged_at", card.address_purged_at),
        )
        if value and not row[name]
    }
    if not changes and not marks:
        return None
    return CardUpdate(int(row["id"]), changes, marks, before)


# -- writing it -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the merge wrote."""

    people_added: int = 0
    people_matched: int = 0
    erased_here: list[int] = field(default_factory=list)
    check_ins: int = 0
    feedback: int = 0
    feedback_updated: int = 0  # merged before: redacted, moderated or edited there since
    cards: int = 0
    cards_updated: int = 0
    polls: int = 0
    poll_answers: int = 0  # answers and questions asked


# What a merge may change in a response merged before.
_FEEDBACK_UPDATED = frozenset(
    {
        "worked",
        "change",
        "answers",
        "rating",
        "updated_at",
        "redacted_at",
        "hidden",
        "chosen",
        "moderated_at",
    }
)


def apply(doc: WorkshopFile, plan_: MergePlan) -> Outcome:
    """Write the plan in one transaction (all of it, or nothing). A plan with undecided
    doubtful pairs is refused."""
    if plan_.people.undecided:
        raise WorkshopFileError(
            f"{len(plan_.people.undecided)} doubtful pairs are not decided yet; decide each"
            " (the same person, or two people) first"
        )
    outcome = Outcome(
        people_matched=len(plan_.people.of(merging.Step.SAME)),
        erased_here=plan_.people.erase_here,
    )
    if plan_.empty:
        return outcome
    now = now_iso()
    with doc.transaction() as con:
        site_ids: dict[str, int] = {s.key: s.id for s in store_sites.others(con) if s.id}
        for site in plan_.sites_new:
            cur = con.execute(
                "INSERT INTO sites (secret, code, title, date, venue, old_badges, merged_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    site.key,
                    site.code,
                    site.title,
                    site.date.isoformat(),
                    site.venue,
                    int(site.old_badges),
                    now,
                ),
            )
            assert cur.lastrowid is not None
            site_ids[site.key] = cur.lastrowid
        for site in plan_.sites_changed:
            con.execute(
                "UPDATE sites SET code = ?, title = ?, date = ?, venue = ?, old_badges = ?"
                " WHERE secret = ?",
                (
                    site.code,
                    site.title,
                    site.date.isoformat(),
                    site.venue,
                    int(site.old_badges),
                    site.key,
                ),
            )

        local: dict[int, int] = {}  # id there -> id here
        for p in plan_.source.people:
            target = plan_.target(p.id)
            if target is not None:
                local[p.id] = target
        for there in plan_.new_people:
            p = plan_.source.person(there)
            if plan_.step(there).step is merging.Step.ERASED:
                blank = Attendee(name=erasure.ERASED_NAME, status=p.attendee.status)
                new_id = store_attendees.insert(con, blank)
                erased_at = p.attendee.erased_at.isoformat() if p.attendee.erased_at else now
                con.execute("UPDATE attendees SET erased_at = ? WHERE id = ?", (erased_at, new_id))
            else:
                copy = Attendee(**{**p.attendee.__dict__, "id": None})
                new_id = store_attendees.insert(con, copy)
            registered = plan_.source.registered.get(there, plan_.source.site.key)
            con.execute(
                "UPDATE attendees SET site_id = ? WHERE id = ?",
                (site_ids.get(registered), new_id),
            )
            local[there] = new_id
        outcome.people_added = len(plan_.new_people)
        for here_id, fill in plan_.fills.items():
            names = list(fill)
            con.execute(
                f"UPDATE attendees SET {', '.join(n + ' = ?' for n in names)} WHERE id = ?",
                (*[fill[n] for n in names], here_id),
            )
        for here_id, code in plan_.codes:
            con.execute(
                "INSERT OR IGNORE INTO ticket_codes (code, attendee_id, source, key)"
                " VALUES (?, ?, 'merged', ?)",
                (code, here_id, code_key(code)),
            )

        for key, number, person, status, signed_up in plan_.site_people:
            con.execute(
                "INSERT OR IGNORE INTO site_people (site_id, site_attendee_id, attendee_id,"
                " status, registered) VALUES (?, ?, ?, ?, ?)",
                (site_ids[key], number, local[person], status, int(signed_up)),
            )
        for key, person, at, desk, method in plan_.check_ins:
            cur = con.execute(
                "INSERT INTO site_check_ins (site_id, attendee_id, at, desk, method)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (site_ids[key], local[person], at, desk, method),
            )
            outcome.check_ins += cur.rowcount
        for key, digest, kind, owner in plan_.erased_keys:
            con.execute(
                "INSERT OR IGNORE INTO site_erased_keys (site_id, digest, kind, attendee_id)"
                " VALUES (?, ?, ?, ?)",
                (site_ids[key], digest, kind, local.get(owner) if owner is not None else None),
            )

        for row in [*plan_.agenda_new, *plan_.agenda_changed]:
            con.execute(
                "INSERT INTO site_agenda_items (site_id, origin_id, position, title, kind,"
                " planned_start, planned_min, actual_start, actual_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(site_id, origin_id) DO UPDATE"
                " SET position = excluded.position, title = excluded.title,"
                " kind = excluded.kind, planned_start = excluded.planned_start,"
                " planned_min = excluded.planned_min, actual_start = excluded.actual_start,"
                " actual_end = excluded.actual_end",
                (site_ids[row.site], row.origin, *row.values()),
            )
        site_items = {
            (int(r[0]), int(r[1])): int(r[2])
            for r in con.execute("SELECT site_id, origin_id, id FROM site_agenda_items")
        }
        by_title: dict[str, list[int]] = {}
        for r in con.execute("SELECT id, title FROM agenda_items"):
            by_title.setdefault(fold(" ".join(str(r[1]).split())), []).append(int(r[0]))

        for f in plan_.feedback:
            item = (
                site_items.get((site_ids[f.item[0]], f.item[1]))
                if f.item is not None and f.item[0] in site_ids
                else None
            )
            same = by_title.get(fold(" ".join(f.title.split())), []) if f.title else []
            con.execute(
                "INSERT INTO feedback (agenda_item_id, submission_key, rating, worked, change,"
                " answers, hidden, chosen, created_at, updated_at, site_id, site_origin_id,"
                " site_item_id, redacted_at, moderated_at)"
                " VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    same[0] if len(same) == 1 else None,
                    f.rating,
                    f.worked,
                    f.change,
                    f.answers,
                    f.hidden,
                    f.chosen,
                    f.created_at,
                    f.updated_at,
                    site_ids[f.site],
                    f.origin,
                    item,
                    f.redacted_at,
                    f.moderated_at,
                ),
            )
            con.execute(
                "INSERT INTO site_records (site_id, kind, origin_id) VALUES (?, 'feedback', ?)",
                (site_ids[f.site], f.origin),
            )
        outcome.feedback = len(plan_.feedback)
        for fu in plan_.feedback_updates:
            names = list(fu.changes)
            assert set(names) <= _FEEDBACK_UPDATED, names
            con.execute(
                f"UPDATE feedback SET {', '.join(n + ' = ?' for n in names)} WHERE id = ?",
                (*[fu.changes[n] for n in names], fu.response_id),
            )
        outcome.feedback_updated = len(plan_.feedback_updates)

        for c in plan_.cards:
            cur = con.execute(
                "INSERT INTO commitments (attendee_id, submission_key, action, who, by_when,"
                " name, email, address, use_registered_address, consent_post, match_status,"
                " source, created_at, updated_at, phone_address, confirmed_by, site_id,"
                " site_origin_id, redacted_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, '', ?, ?, ?, ?)",
                (
                    local.get(c.person) if c.person is not None else None,
                    c.action,
                    c.who,
                    c.by_when,
                    c.name,
                    c.email,
                    c.address,
                    c.use_registered_address,
                    c.consent_post,
                    c.match_status,
                    c.source,
                    c.created_at,
                    c.updated_at,
                    c.confirmed_by,
                    site_ids[c.site],
                    c.origin,
                    c.redacted_at,
                ),
            )
            if c.post_on or c.printed_at or c.posted_at or c.address_purged_at:
                con.execute(
                    "INSERT INTO postcards (commitment_id, post_on, printed_at, posted_at,"
                    " address_purged_at) VALUES (?, ?, ?, ?, ?)",
                    (cur.lastrowid, c.post_on, c.printed_at, c.posted_at, c.address_purged_at),
                )
            con.execute(
                "INSERT INTO site_records (site_id, kind, origin_id) VALUES (?, 'commitment', ?)",
                (site_ids[c.site], c.origin),
            )
        outcome.cards = len(plan_.cards)
        for update in plan_.card_updates:
            if update.changes:
                names = list(update.changes)
                con.execute(
                    f"UPDATE commitments SET {', '.join(n + ' = ?' for n in names)} WHERE id = ?",
                    (*[update.changes[n] for n in names], update.card_id),
                )
            for name, value in update.marks.items():
                assert name in ("printed_at", "posted_at", "address_purged_at")
                con.execute(
                    f"INSERT INTO postcards (commitment_id, {name}) VALUES (?, ?)"
                    f" ON CONFLICT(commitment_id) DO UPDATE SET {name} = excluded.{name}",
                    (update.card_id, value),
                )
        outcome.cards_updated = len(plan_.card_updates)

        _write_polls(con, plan_, site_ids, now)
        outcome.polls, outcome.poll_answers, _ = plan_.poll_counts()

        if plan_.retention is not None:
            con.execute(
                "INSERT INTO settings (key, value) VALUES ('retention_date', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(plan_.retention[1].isoformat()),),
            )
        # Last: a card merged above that names them goes with them.
        for here_id in plan_.people.erase_here:
            erasure.erase_rows_in(con, here_id)
    doc.notify(TOPICS)
    return outcome


def _phone(site: int, origin: int, phone: str) -> str:
    """A phone id of another site, as kept here: that site's phones are not this room's (a
    cookie of theirs may be one of ours), and one made anonymous stays so."""
    if phone.startswith("purged:"):
        return f"purged:s{site}-{origin}"
    return f"s{site}-{origin}:{phone}"


def _write_polls(
    con: sqlite3.Connection, plan_: MergePlan, site_ids: Mapping[str, int], now: str
) -> None:
    """The other sites' polls, each with its site and its number there; never open here, nor
    on this projector (their rooms answered them)."""
    from labdesk.store.polls import redact_frozen

    def add_asked(poll_id: int, site: int, q: AskedRow) -> None:
        cur = con.execute(
            "INSERT INTO poll_asked (poll_id, phone, submission_key, text, hidden, answered,"
            " created_at, site_origin_id, redacted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                poll_id,
                _phone(site, q.origin, q.phone),
                f"merged:s{site}-{q.origin}",
                q.text,
                q.hidden,
                q.answered,
                q.created_at,
                q.origin,
                q.redacted_at,
            ),
        )
        assert cur.lastrowid is not None
        add_votes(cur.lastrowid, site, q.votes)

    def add_votes(asked_id: int, site: int, votes: list[VoteRow]) -> None:
        con.executemany(
            "INSERT INTO poll_votes (asked_id, phone, at, site_origin_id) VALUES (?, ?, ?, ?)",
            [(asked_id, _phone(site, v.origin, v.phone), v.at, v.origin) for v in votes],
        )

    def add_answers(poll_id: int, site: int, answers: list[AnswerRow]) -> None:
        con.executemany(
            "INSERT INTO poll_answers (poll_id, phone, value, created_at, updated_at,"
            " site_origin_id, redacted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    poll_id,
                    _phone(site, a.origin, a.phone),
                    a.value,
                    a.created_at,
                    a.updated_at,
                    a.origin,
                    a.redacted_at,
                )
                for a in answers
            ],
        )

    for poll in plan_.polls:
        site = site_ids[poll.site]
        cur = con.execute(
            "INSERT INTO polls (text, kind, choices, scale_min, scale_max, created_at, opened_at,"
            " closed_at, shown, frozen, site_id, site_origin_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            (
                poll.text,
                poll.kind,
                poll.choices,
                poll.scale_min,
                poll.scale_max,
                poll.created_at,
                poll.opened_at,
                # Open there maybe, but not for this room's phones.
                poll.closed_at or (now if poll.opened_at else None),
                poll.frozen,
                site,
                poll.origin,
            ),
        )
        assert cur.lastrowid is not None
        if poll.frozen:  # the results held there, as this file numbers the poll
            held = json.loads(poll.frozen)
            if isinstance(held, dict):
                held["poll_id"] = cur.lastrowid
                con.execute(
                    "UPDATE polls SET frozen = ? WHERE id = ?",
                    (json.dumps(held, ensure_ascii=False), cur.lastrowid),
                )
        add_answers(cur.lastrowid, site, poll.answers)
        for q in poll.asked:
            add_asked(cur.lastrowid, site, q)
        con.execute(
            "INSERT OR IGNORE INTO site_records (site_id, kind, origin_id) VALUES (?, 'poll', ?)",
            (site, poll.origin),
        )
    for update in plan_.poll_updates:
        if update.answers or update.asked or update.votes:  # only ever to another site's poll
            (site,) = con.execute(
                "SELECT site_id FROM polls WHERE id = ?", (update.poll_id,)
            ).fetchone()
            add_answers(update.poll_id, int(site), update.answers)
            for q in update.asked:
                add_asked(update.poll_id, int(site), q)
            for asked_id, vote in update.votes:
                add_votes(asked_id, int(site), [vote])
        for table, row_id, old, text, redacted_at in update.texts:
            column = {"poll_answers": "value", "poll_asked": "text"}[table]
            con.execute(
                f"UPDATE {table} SET {column} = ?, redacted_at = ? WHERE id = ?",
                (text, redacted_at, row_id),
            )
            if redacted_at is not None:  # the results frozen here follow, as when redacted here
                redact_frozen(con, update.poll_id, old, text)
        con.executemany(
            "UPDATE poll_asked SET hidden = 1 WHERE id = ?", [(i,) for i in update.hide]
        )
