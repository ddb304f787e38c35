"""The desk's counts and lists (by organisation; still to come), kept sorted and moved by the
rows that changed: a check-in takes one row out of "still to come" and changes one organisation's
row, whatever the number of people. Sorted by keys kept beside the rows, found by bisection."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex

from labdesk.core.model import Attendee

if TYPE_CHECKING:
    from labdesk.gui.desk_data import DeskChange, DeskView
    from labdesk.gui.models.table import RowsModel

NO_ORGANISATION = "(none given)"
OrgRow = tuple[str, int, int]  # organisation, in, expected
WaitingKey = tuple[str, int]  # sort name, id
OrgKey = tuple[int, str]  # -expected, organisation


def _org(person: Attendee) -> str:
    return person.organisation or NO_ORGANISATION


@dataclass
class DeskLists:
    """The counts and both lists' rows with their keys (the models show the rows)."""

    waiting_keys: list[WaitingKey] = field(default_factory=list)
    waiting: list[Attendee] = field(default_factory=list)
    counts: dict[str, list[int]] = field(default_factory=dict)  # organisation: [in, expected]
    org_keys: list[OrgKey] = field(default_factory=list)
    orgs: list[OrgRow] = field(default_factory=list)
    inside: int = 0
    expected: int = 0

    @classmethod
    def starting(cls, view: DeskView) -> DeskLists:
        """The lists for everyone in view, sorted (on the desk's worker)."""
        lists = cls()
        waiting = []
        for person in view.people.values():
            if person.status != "attending":
                continue
            org = _org(person)
            count = lists.counts.setdefault(org, [0, 0])
            count[1] += 1
            lists.expected += 1
            if person.id in view.arrived:
                count[0] += 1
                lists.inside += 1
            else:
                waiting.append(((person.sort_name, person.id or 0), person))
        waiting.sort(key=lambda pair: pair[0])
        lists.waiting_keys = [key for key, _ in waiting]
        lists.waiting = [person for _, person in waiting]
        orgs = sorted(((-n, org), (org, i, n)) for org, (i, n) in lists.counts.items())
        lists.org_keys = [key for key, _ in orgs]
        lists.orgs = [row for _, row in orgs]
        return lists

    @property
    def figure(self) -> str:
        share = f" ({self.inside * 100 // self.expected}%)" if self.expected else ""
        return f"{self.inside} of {self.expected} in{share}"


class LiveLists:
    """DeskLists shown through two models, moved row by row as changes come."""

    def __init__(self, orgs: RowsModel[OrgRow], waiting: RowsModel[Attendee]) -> None:
        self.orgs_model = orgs
        self.waiting_model = waiting
        self.lists = DeskLists()

    def show(self, lists: DeskLists) -> None:
        """Start again from lists (the first reading)."""
        self.lists = lists
        for model, rows in ((self.orgs_model, lists.orgs), (self.waiting_model, lists.waiting)):
            model.beginResetModel()
            model.rows = rows  # the very list, kept in step with its keys
            model.endResetModel()

    def apply(self, change: DeskChange, old: DeskView) -> None:
        """Move the rows of the people change touched, from what they were in old."""
        new = change.view
        touched_orgs: dict[str, OrgRow | None] = {}  # organisation: its row before
        for attendee_id in change.touched:
            if attendee_id in change.before:
                was: Attendee | None = change.before[attendee_id]
            else:
                was = None if attendee_id in change.after else old.people.get(attendee_id)
            if attendee_id in change.after:
                now: Attendee | None = change.after[attendee_id]
            else:
                now = None if attendee_id in change.before else new.people.get(attendee_id)
            self._count(was, old.arrived.get(attendee_id), -1, touched_orgs)
            self._count(now, new.arrived.get(attendee_id), +1, touched_orgs)
        for org, row in touched_orgs.items():
            self._move_org(org, row)

    # -- one person in or out of the counts ----------------------------------------------------
    def _count(
        self,
        person: Attendee | None,
        arrived: dt.datetime | None,
        sign: int,
        touched: dict[str, OrgRow | None],
    ) -> None:
        if person is None or person.status != "attending":
            return
        lists = self.lists
        org = _org(person)
        if org not in touched:
            count = lists.counts.get(org)
            touched[org] = (org, count[0], count[1]) if count else None
        count = lists.counts.setdefault(org, [0, 0])
        count[1] += sign
        lists.expected += sign
        if arrived is not None:
            count[0] += sign
            lists.inside += sign
            return
        key = (person.sort_name, person.id or 0)
        at = bisect_left(lists.waiting_keys, key)
        model = self.waiting_model
        if sign > 0:
            model.beginInsertRows(QModelIndex(), at, at)
            lists.waiting_keys.insert(at, key)
            lists.waiting.insert(at, person)
            model.endInsertRows()
        elif at < len(lists.waiting_keys) and lists.waiting_keys[at] == key:
            model.beginRemoveRows(QModelIndex(), at, at)
            del lists.waiting_keys[at]
            del lists.waiting[at]
            model.endRemoveRows()

    def _move_org(self, org: str, before: OrgRow | None) -> None:
        """Put org's row where its new count sorts it (or take it out, nobody expected)."""
        lists = self.lists
        model = self.orgs_model
        root = QModelIndex()
        count = lists.counts.get(org, [0, 0])
        if before is not None:
            at = bisect_left(lists.org_keys, (-before[2], org))
            if at < len(lists.org_keys) and lists.org_keys[at] == (-before[2], org):
                if before[2] == count[1] and count[1] > 0:  # stays where it is
                    lists.orgs[at] = (org, count[0], count[1])
                    model.dataChanged.emit(
                        model.index(at, 0), model.index(at, model.columnCount() - 1)
                    )
                    return
                model.beginRemoveRows(root, at, at)
                del lists.org_keys[at]
                del lists.orgs[at]
                model.endRemoveRows()
        if count[1] <= 0:
            lists.counts.pop(org, None)
            return
        key = (-count[1], org)
        at = bisect_left(lists.org_keys, key)
        model.beginInsertRows(root, at, at)
        lists.org_keys.insert(at, key)
        lists.orgs.insert(at, (org, count[0], count[1]))
        model.endInsertRows()
