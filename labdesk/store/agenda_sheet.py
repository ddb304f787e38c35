"""What the printed agenda and the facilitator's run sheet show, read from the workshop file: each
item on the clock (re-timed once the day is under way), its template's words for the room and
for the facilitator, its grouping rule and the groups kept for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from labdesk.core.activities import Activity, Grouping, Role, rule_for
from labdesk.core.agenda import Progress
from labdesk.core.model import AgendaItem, Workshop
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import groups as store_groups
from labdesk.store import run_state
from labdesk.store import workshop as store_workshop
from labdesk.store.document import WorkshopFile


@dataclass
class SheetItem:
    item: AgendaItem
    start: dt.datetime
    end: dt.datetime
    progress: Progress
    template: Activity | None
    rule: Grouping
    roles: list[Role]
    groups: store_groups.GroupSet | None  # the groups kept for it, if any


@dataclass
class AgendaSheet:
    workshop: Workshop
    items: list[SheetItem]
    retimed: bool  # the day is under way: times are as re-timed at `at`
    at: dt.datetime
    late_min: int
    names: dict[int, str]  # attendee id -> name, for the groups


def load(doc: WorkshopFile, now: dt.datetime | None = None) -> AgendaSheet:
    now = now or dt.datetime.now()
    projection = run_state.projection(doc, now)
    started = any(s.progress is not Progress.COMING for s in projection.slots)
    items = []
    for slot in projection.slots:
        template = store_agenda.template_for(doc, slot.item.activity)
        rule, roles = rule_for(slot.item, template)
        items.append(
            SheetItem(
                slot.item,
                slot.start if started else slot.planned_start,
                slot.end if started else slot.planned_end,
                slot.progress,
                template,
                rule,
                roles,
                store_groups.latest(doc, slot.item.id),
            )
        )
    names = {}
    if any(i.groups for i in items):
        names = {a.id: a.name for a in store_attendees.load_all(doc) if a.id is not None}
    return AgendaSheet(
        store_workshop.load(doc),
        items,
        started,
        now,
        projection.late_min if started else 0,
        names,
    )
