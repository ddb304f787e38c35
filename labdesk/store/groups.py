"""Groups formed for activities, kept per agenda item with the rule that formed them; earlier
sets are the meeting history. `form_for_item` is the one place groups are formed and kept (the
console and `labdesk groups --item` both call it)."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from labdesk.core.activities import Grouping, Role, rule_for
from labdesk.core.grouping import Formation, Member, Pair, Round, Stage, form_by_rule, meetings
from labdesk.core.grouping import repeats as count_repeats
from labdesk.core.model import AgendaItem, Attendee, AttendeeStatus
from labdesk.core.rehearsal import Run
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import checkins as store_checkins
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso


@dataclass
class GroupSet:
    """One item's kept groups: `rounds` are the stages' groups in order. `rule` is the
    grouping rule they were formed by ("" for sets kept before groups had rules: new groups
    each round), `sizes` each stage's group size and `roles` the activity's seats."""

    agenda_item_id: int | None
    group_size: int
    rounds: list[Round]
    id: int | None = None
    created_at: str = ""
    rule: str = ""
    sizes: list[int] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    rehearsal: bool = False  # formed in a rehearsal: kept apart from the day's groups

    def formation(self) -> Formation:
        try:
            rule = Grouping(self.rule)
        except ValueError:  # kept before rules, or by a newer labdesk: as formed, round by round
            rule = Grouping.NEW_PARTNERS_EACH_ROUND
        sizes = self.sizes if len(self.sizes) == len(self.rounds) else []
        stages = [
            Stage(sizes[i] if sizes else self.group_size, [list(g) for g in groups])
            for i, groups in enumerate(self.rounds)
        ]
        return Formation(rule, stages, list(self.roles))

    @classmethod
    def of(cls, agenda_item_id: int | None, formation: Formation, run: Run = Run.DAY) -> GroupSet:
        return cls(
            agenda_item_id,
            formation.size,
            [[list(g) for g in s.groups] for s in formation.stages],
            rule=formation.rule.value,
            sizes=[s.size for s in formation.stages],
            roles=list(formation.roles),
            rehearsal=run is Run.REHEARSAL,
        )


def people_in_room(doc: WorkshopFile) -> tuple[list[Attendee], bool]:
    """Who to group: those checked in, or everyone attending when nobody has checked in yet.
    The flag says whether it is the checked-in list."""
    everyone = [a for a in store_attendees.load_all(doc) if a.status == AttendeeStatus.ATTENDING]
    arrived = set(store_checkins.checked_in_at(doc))
    inside = [a for a in everyone if a.id in arrived]
    return (inside, True) if inside else (everyone, False)


def members(people: list[Attendee]) -> list[Member]:
    return [Member(a.id, a.organisation) for a in people if a.id is not None]


def _layout(row: sqlite3.Row) -> dict[str, Any]:
    if "layout" not in row.keys():  # a file from before v3, opened read-only  # noqa: SIM118
        return {}
    try:
        data = json.loads(row["layout"] or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _from_row(row: sqlite3.Row) -> GroupSet:
    data = json.loads(row["data"])
    layout = _layout(row)
    sizes = layout.get("sizes", [])
    roles = layout.get("roles", [])
    return GroupSet(
        agenda_item_id=row["agenda_item_id"],
        group_size=int(row["group_size"]),
        rounds=[[[int(p) for p in g] for g in groups] for groups in data],
        id=int(row["id"]),
        created_at=str(row["created_at"]),
        rule=str(row["rule"]) if "rule" in row.keys() else "",  # noqa: SIM118
        sizes=[int(s) for s in sizes] if isinstance(sizes, list) else [],
        roles=[
            Role(str(r.get("name", "")), bool(r.get("rotates", False)))
            for r in roles
            if isinstance(r, dict)
        ]
        if isinstance(roles, list)
        else [],
        rehearsal=bool(row["rehearsal"]) if "rehearsal" in row.keys() else False,  # noqa: SIM118
    )


def latest(doc: WorkshopFile, agenda_item_id: int | None, run: Run = Run.DAY) -> GroupSet | None:
    """The item's kept groups. In a rehearsal, its own if it formed some, else the day's."""
    sets = [
        _from_row(row)
        for row in doc.con.execute(
            "SELECT * FROM group_sets WHERE agenda_item_id IS ? ORDER BY id DESC",
            (agenda_item_id,),
        )
    ]
    if run is Run.REHEARSAL:
        sets.sort(key=lambda g: not g.rehearsal)  # stable: the rehearsal's newest first
    else:
        sets = [g for g in sets if not g.rehearsal]
    return sets[0] if sets else None


def save(doc: WorkshopFile, groups: GroupSet) -> GroupSet:
    """Keep a set for its item, replacing the item's earlier set (a re-roll or a hand move) of
    the same run: a rehearsal's groups never replace the day's."""
    layout = {
        "sizes": list(groups.sizes),
        "roles": [{"name": r.name, "rotates": r.rotates} for r in groups.roles],
    }
    with doc.transaction(Topic.GROUPS) as con:
        if groups.agenda_item_id is not None:
            con.execute(
                "DELETE FROM group_sets WHERE agenda_item_id = ? AND rehearsal = ?",
                (groups.agenda_item_id, int(groups.rehearsal)),
            )
        groups.created_at = now_iso()
        cur = con.execute(
            "INSERT INTO group_sets (agenda_item_id, created_at, group_size, rounds, data,"
            " rule, layout, rehearsal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                groups.agenda_item_id,
                groups.created_at,
                groups.group_size,
                len(groups.rounds),
                json.dumps(groups.rounds),
                groups.rule,
                json.dumps(layout, ensure_ascii=False),
                int(groups.rehearsal),
            ),
        )
        groups.id = cur.lastrowid
    return groups


def history(
    doc: WorkshopFile, *, excluding_item: int | None = None, run: Run = Run.DAY
) -> Counter[Pair]:
    """Who has already met whom in the day's other group sets (a group kept for several rounds
    counts as one meeting); a rehearsal's groups count only within that rehearsal."""
    met: Counter[Pair] = Counter()
    for row in doc.con.execute("SELECT * FROM group_sets"):
        if excluding_item is not None and row["agenda_item_id"] == excluding_item:
            continue
        kept = _from_row(row)
        if kept.rehearsal and run is not Run.REHEARSAL:
            continue
        met.update(meetings(kept.formation().distinct_rounds()))
    return met


@dataclass
class Formed:
    """Groups formed for an item and kept: what the console and the command report."""

    item: AgendaItem
    formation: Formation
    people: list[Attendee]
    checked_in: bool  # False: nobody has checked in yet, so everyone attending was grouped
    met_again: int  # meetings beyond a pair's first, counting earlier sessions
    kept: GroupSet | None  # None when the item's rule forms no groups


def rule_of(doc: WorkshopFile, item: AgendaItem) -> tuple[Grouping, list[Role]]:
    """The rule and roles `item` runs by, from its activity template."""
    return rule_for(item, store_agenda.template_for(doc, item.activity))


def form_for_item(
    doc: WorkshopFile,
    item: AgendaItem,
    *,
    rng: random.Random | None = None,
    run: Run = Run.DAY,
) -> Formed:
    """Form `item`'s groups by its activity's rule from the people in the room (checked in, or
    everyone attending while nobody is), mindful of who met earlier in the day, and keep them in
    the file in place of the item's earlier groups (in a rehearsal, in the rehearsal's record).
    An item whose rule forms no groups (whole room, self-selected) keeps nothing."""
    rule, roles = rule_of(doc, item)
    people, checked_in = people_in_room(doc)
    met = history(doc, excluding_item=item.id, run=run)
    formation = form_by_rule(members(people), rule, item.phases, roles, history=met, rng=rng)
    kept = save(doc, GroupSet.of(item.id, formation, run)) if formation.stages else None
    again = count_repeats(formation.distinct_rounds(), met)
    return Formed(item, formation, people, checked_in, again, kept)
