"""Groups formed for activities, kept per agenda item; earlier sets are the meeting history."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from labdesk.core.grouping import Member, Pair, Round, meetings
from labdesk.core.model import Attendee
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso


@dataclass
class GroupSet:
    agenda_item_id: int | None
    group_size: int
    rounds: list[Round]
    id: int | None = None
    created_at: str = ""


def people_in_room(doc: WorkshopFile) -> tuple[list[Attendee], bool]:
    """Who to group: those checked in, or everyone attending when nobody has checked in yet.
    The flag says whether it is the checked-in list."""
    everyone = [a for a in store_attendees.load_all(doc) if a.status == "attending"]
    arrived = set(store_checkins.checked_in_at(doc))
    inside = [a for a in everyone if a.id in arrived]
    return (inside, True) if inside else (everyone, False)


def members(people: list[Attendee]) -> list[Member]:
    return [Member(a.id, a.organisation) for a in people if a.id is not None]


def _from_row(row: object) -> GroupSet:
    r = row  # sqlite3.Row
    data = json.loads(r["data"])  # type: ignore[index]
    return GroupSet(
        agenda_item_id=r["agenda_item_id"],  # type: ignore[index]
        group_size=int(r["group_size"]),  # type: ignore[index]
        rounds=[[[int(p) for p in g] for g in groups] for groups in data],
        id=int(r["id"]),  # type: ignore[index]
        created_at=str(r["created_at"]),  # type: ignore[index]
    )


def latest(doc: WorkshopFile, agenda_item_id: int | None) -> GroupSet | None:
    row = doc.con.execute(
        "SELECT * FROM group_sets WHERE agenda_item_id IS ? ORDER BY id DESC LIMIT 1",
        (agenda_item_id,),
    ).fetchone()
    return None if row is None else _from_row(row)


def save(doc: WorkshopFile, groups: GroupSet) -> GroupSet:
    """Keep a set for its item, replacing the item's earlier set (a re-roll or a hand move)."""
    with doc.transaction(Topic.GROUPS) as con:
        if groups.agenda_item_id is not None:
            con.execute("DELETE FROM group_sets WHERE agenda_item_id = ?", (groups.agenda_item_id,))
        groups.created_at = now_iso()
        cur = con.execute(
            "INSERT INTO group_sets (agenda_item_id, created_at, group_size, rounds, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                groups.agenda_item_id,
                groups.created_at,
                groups.group_size,
                len(groups.rounds),
                json.dumps(groups.rounds),
            ),
        )
        groups.id = cur.lastrowid
    return groups


def history(doc: WorkshopFile, *, excluding_item: int | None = None) -> Counter[Pair]:
    """Who has already met whom in the day's other group sets."""
    met: Counter[Pair] = Counter()
    for row in doc.con.execute("SELECT * FROM group_sets"):
        if excluding_item is not None and row["agenda_item_id"] == excluding_item:
            continue
        met.update(meetings(_from_row(row).rounds))
    return met
