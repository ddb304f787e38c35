"""The import plan: for every row of a file, what will happen to it and why, before anything is
written.

A row is added, merged into someone already in the workshop file (or into an earlier row of the
same file), or left out with its reason: cancelled, on a waiting list, a section heading, a totals
row, erased on request, no name. No row is dropped without a line saying so; the store applies a
plan as it is (store/attendees.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from labdesk.core.erased import ErasedList
from labdesk.core.importing.fields import NAME_FIELDS, Field, ImportError_
from labdesk.core.importing.headers import HEADER_SEARCH_ROWS, Tool, find_header, recognise_tool
from labdesk.core.importing.mapping import SAMPLE_ROWS, Column, choose_columns, user_columns
from labdesk.core.importing.matching import PeopleIndex, name_key
from labdesk.core.importing.reading import read_book
from labdesk.core.importing.rows import (
    Coming,
    RowRead,
    RowSpec,
    answers,
    read_row,
    section_heading,
    tidy,
)
from labdesk.core.importing.sheets import Table, pick_sheet
from labdesk.core.model import IMPORTED_DETAILS, Attendee, AttendeeStatus

ERASED_REASON = "erased on request; not imported again"

_TOTAL = re.compile(r"^(grand )?(total|totals|sum|count|subtotal|summe|gesamt)\b[\s:]*", re.I)


class Action(StrEnum):
    ADD = "add"
    UPDATE = "update"
    SKIP = "skip"


@dataclass
class RowPlan:
    """What happens to one row of the file."""

    row: int  # 1-based row number as a spreadsheet shows it
    action: Action
    attendee: Attendee | None = None
    problems: list[str] = field(default_factory=list)
    reason: str = ""  # why a row is left out
    existing_id: int | None = None  # the attendee it merges into
    cancelled: bool = False  # not coming: kept as cancelled so their ticket scans as such
    erased: bool = False  # the person was erased on request: left out, details dropped
    waitlisted: bool = False  # on a waiting or reserve list: left out
    heading: bool = False  # a section heading ("Reserve list"), not a person


@dataclass
class ImportPlan:
    source: str
    table: Table
    header_row: int  # 0-based index into table.rows
    headers: list[str]
    mapping: list[Field]
    rows: list[RowPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blank_rows: int = 0
    columns: list[Column] = field(default_factory=list)  # what each column became, and why
    tool: Tool | None = None

    @property
    def added(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.ADD]

    @property
    def updated(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.UPDATE]

    @property
    def skipped(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action is Action.SKIP]

    @property
    def erased(self) -> list[RowPlan]:
        return [r for r in self.rows if r.erased]

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [(r.row, p) for r in self.rows for p in r.problems]

    def summary(self) -> str:
        cancelled = sum(1 for r in self.rows if r.cancelled)
        waiting = sum(1 for r in self.rows if r.waitlisted)
        merged = sum(1 for r in self.updated if not r.cancelled)
        parts = [f"{len(self.added)} new", f"{merged} already here (merged)"]
        if cancelled:
            parts.append(f"{cancelled} cancelled or not attending (left out)")
        if waiting:
            parts.append(f"{waiting} on a waiting or reserve list (left out)")
        if self.erased:
            parts.append(f"{len(self.erased)} erased on request (left out)")
        other = len(self.skipped) - sum(
            1 for r in self.skipped if r.cancelled or r.erased or r.waitlisted
        )
        if other:
            parts.append(f"{other} other {'row' if other == 1 else 'rows'} left out")
        rows = "1 row" if len(self.rows) == 1 else f"{len(self.rows)} rows"
        return f"{rows}: " + ", ".join(parts)


def read_table(data: bytes, filename: str = "", sheet: str | None = None) -> Table:
    """Read a file's bytes into the table to import (a workbook's people sheet, or the one
    named), or raise ImportError_ with the reason."""
    return pick_sheet(read_book(data, filename), sheet)


def read_plan(
    data: bytes,
    filename: str,
    existing: Sequence[Attendee] = (),
    *,
    sheet: str | None = None,
    **kwargs: object,
) -> ImportPlan:
    """read_table + plan_import in one step; raises ImportError_ with a reason."""
    table = read_table(data, filename, sheet)
    source = source_label(table, filename)
    return plan_import(table, source, existing, **kwargs)  # type: ignore[arg-type]


def source_label(table: Table, filename: str) -> str:
    """How the people imported from this file are labelled: the tool, and the file's name."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "import"
    for row in table.rows[:HEADER_SEARCH_ROWS]:
        tool = recognise_tool(row) if sum(1 for c in row if c.strip()) >= 2 else None
        if tool is not None:
            return f"{tool.name} ({name})"
    return name


def columns_for(
    headers: Sequence[str],
    body: Sequence[Sequence[str]],
    mapping: Sequence[Field] | None = None,
) -> list[Column]:
    """What each column becomes: guessed, or as the user mapped it (with the guess's reasons
    where they agree)."""
    guessed = choose_columns(headers, body)
    if mapping is None:
        return guessed
    return user_columns(headers, [Field(f) for f in mapping], guessed)


def plan_import(
    table: Table,
    source: str,
    existing: Sequence[Attendee] = (),
    *,
    mapping: Sequence[Field] | None = None,
    header_row: int | None = None,
    checked_in: frozenset[int] | set[int] = frozenset(),
    erased: ErasedList | None = None,
) -> ImportPlan:
    """Decide what happens to every row of table, given the attendees already in the file.

    A row whose email or ticket code was erased on request (`erased`) is left out, with a note,
    unless someone in the file already has that email or code (they were added again since)."""
    rows = table.rows
    if header_row is None:
        header_row = find_header(rows)
    if not 0 <= header_row < len(rows):
        raise ImportError_("The header row is outside the file.")
    headers = [tidy(h) for h in rows[header_row]]
    width = max((len(r) for r in rows), default=0)
    headers += [""] * (width - len(headers))
    body = rows[header_row + 1 :]
    tool = recognise_tool(headers)
    columns = columns_for(headers, body, mapping)
    fields = [c.field for c in columns]
    plan = ImportPlan(
        source, table, header_row, headers, fields, notes=list(table.notes), columns=columns
    )
    plan.tool = tool
    if not set(fields) & NAME_FIELDS:
        if tool is not None and tool.advice:
            raise ImportError_(tool.advice)
        if Field.BUYER_NAME in fields:
            raise ImportError_(
                "Only the buyers' names are in this file (who booked), not the attendees'. "
                "Export the attendee list, or choose which column is the attendee's name."
            )
        raise ImportError_("No column holds names. Choose which column is the name and retry.")
    if tool is not None:
        plan.notes.append(f"Read as {tool.name}.")
        if tool.note:
            plan.notes.append(tool.note)
    above = [r for r in rows[:header_row] if any(c.strip() for c in r)]
    if above:
        titles = "; ".join(tidy(" ".join(c for c in r if c.strip()))[:60] for r in above)
        rows_above = "1 row" if len(above) == 1 else f"{len(above)} rows"
        plan.notes.append(f"{rows_above} above the header left out: {titles}")
    _Planner(plan, existing, checked_in, erased).run(header_row)
    return plan


class _Planner:
    """The row-by-row decisions of one plan."""

    def __init__(
        self,
        plan: ImportPlan,
        existing: Sequence[Attendee],
        checked_in: frozenset[int] | set[int],
        erased: ErasedList | None,
    ) -> None:
        self.plan = plan
        body = plan.table.rows[plan.header_row + 1 : plan.header_row + 1 + SAMPLE_ROWS]
        self.spec = RowSpec.of(plan.columns, body)
        self.existing = PeopleIndex((p.id, p) for p in existing if p.id is not None)
        self.existing_by_id = {p.id: p for p in existing if p.id is not None}
        self.checked_in = checked_in
        self.erased = erased
        self.seen: PeopleIndex[int] = PeopleIndex()  # keys: indexes into plan.rows
        self.namesakes: dict[str, RowPlan] = {}
        self.unknown_status: Counter[str] = Counter()

    def run(self, header_row: int) -> None:
        plan, rows = self.plan, self.plan.table.rows
        headers = plan.headers
        reads: list[tuple[int, str, Coming | None, RowRead | None]] = []
        for index in range(header_row + 1, len(rows)):
            row = rows[index]
            number = index + 1
            if not any(c.strip() for c in row):
                plan.blank_rows += 1
                continue
            first = next((c for c in row if c.strip()), "")
            filled = sum(1 for c in row if c.strip())
            if (
                _TOTAL.match(first.strip())
                and filled <= 3
                and not self.spec.cells(row, Field.EMAIL)
            ):
                reads.append((number, f"a totals row (“{tidy(first)}”)", None, None))
                continue
            if (
                tidy(row[0]) == headers[0]
                and [tidy(c) for c in row[: len(headers)]] == headers[: len(row)]
            ):
                reads.append((number, "the header repeated", None, None))
                continue
            heading = section_heading(row)
            if heading is not None:
                reads.append((number, tidy(first), heading, None))
                continue
            reads.append((number, "", None, read_row(row, self.spec, plan.source)))
        booked_by = self._booked_by(reads)
        section, under = Coming.COMING, ""
        if plan.tool is not None and plan.tool.everyone == "waitlist":
            section, under = Coming.WAITLIST, plan.tool.name
        for number, text, heading, read in reads:
            if read is None and heading is None:
                plan.rows.append(RowPlan(number, Action.SKIP, reason=text))
            elif read is None:
                assert heading is not None
                section, under = heading, text
                why = answers().status_why.get(heading, "")
                plan.rows.append(
                    RowPlan(
                        number,
                        Action.SKIP,
                        reason=f"a section heading (“{text}”): the rows below are {why}",
                        heading=True,
                    )
                )
            else:
                self.row(number, read, section, under, booked_by)
        self.finish()

    def _booked_by(
        self, reads: list[tuple[int, str, Coming | None, RowRead | None]]
    ) -> dict[str, int]:
        """How many different people each buyer's email stands for, among rows with no email of
        their own (one person: it is theirs; several: it is an organiser's who booked for them)."""
        names: dict[str, set[str]] = {}
        for _number, _text, _heading, read in reads:
            if read is None:
                continue
            person, buyer = read.attendee, read.buyer_email
            if person is not None and buyer and not person.email:
                names.setdefault(buyer, set()).add(name_key(person.name))
        return {email: len(people) for email, people in names.items()}

    def row(
        self, number: int, read: RowRead, section: Coming, under: str, booked_by: dict[str, int]
    ) -> None:
        plan = self.plan
        person = read.attendee
        problems = read.problems
        coming = max(read.coming, section)
        if read.unknown_status:
            self.unknown_status[read.unknown_status] += 1
        if person is None:
            plan.rows.append(
                RowPlan(
                    number,
                    Action.SKIP,
                    problems=problems,
                    reason=read.reason,
                    cancelled=coming is Coming.NOT_COMING,
                )
            )
            return
        if coming is read.coming:
            said = f"“{read.status}”" if read.status else ""
        else:  # the section heading above says so
            person.status = (
                AttendeeStatus.CANCELLED
                if coming is Coming.NOT_COMING
                else AttendeeStatus.ATTENDING
            )
            said = f"under “{under}”"
            listed = f"Listed under “{under}” in {plan.source}"
            person.notes = "; ".join(x for x in (person.notes, listed) if x)
        if coming in (Coming.NOT_A_PERSON, Coming.UNASSIGNED):
            why = answers().status_why.get(coming, "")
            reason = f"{why} ({said})" if said else why
            plan.rows.append(
                RowPlan(number, Action.SKIP, attendee=person, problems=problems, reason=reason)
            )
            return
        self._buyer(person, read.buyer_name, read.buyer_email, booked_by)
        if self.erased and self.erased.matches(person) and not self.existing.knows(person):
            plan.rows.append(RowPlan(number, Action.SKIP, reason=ERASED_REASON, erased=True))
            return
        # The same person twice in this file: merge into their first row.
        found = self.seen.find(person)
        earlier = plan.rows[found.match.key] if found.match else None
        if found.shares_email_with is not None and earlier is None:
            other = plan.rows[found.shares_email_with]
            who = other.attendee.name if other.attendee else ""
            problems.append(
                f"Same email as row {other.row} ({who}) but a different person: kept apart. "
                "Check the email."
            )
        namesake = self.namesakes.get(name_key(person.name))
        if earlier is None and namesake is not None and namesake.attendee is not None:
            problems.append(
                f"Same name as row {namesake.row}; kept both (different email or "
                "organisation). Check they are two people."
            )
        if earlier is not None and earlier.attendee is not None:
            if name_key(earlier.attendee.name) != name_key(person.name):
                problems.append(
                    f"Same email or ticket as row {earlier.row} ({earlier.attendee.name}) but a "
                    f"different name ({person.name}); kept row {earlier.row}'s name."
                )
            _merge_into(earlier.attendee, person)
            assert found.match is not None
            self.seen.add(found.match.key, earlier.attendee)
            earlier.problems.append(f"Row {number} is the same person: merged into this row.")
            plan.rows.append(
                RowPlan(
                    number,
                    Action.SKIP,
                    problems=problems,
                    reason=f"a duplicate of row {earlier.row} (merged into it)",
                )
            )
            return
        # Already in the workshop file?
        known = self.existing.find(person)
        match_id = known.match.key if known.match else None
        if match_id is None and known.shares_email_with is not None:
            other_person = self.existing_by_id.get(known.shares_email_with)
            who = other_person.name if other_person else "someone"
            problems.append(
                f"Same email as {who}, already in the workshop, but a different person: "
                "added as someone new. Check the email."
            )
        step = self._step(number, person, problems, coming, said, match_id)
        plan.rows.append(step)
        key = len(plan.rows) - 1
        self.seen.add(key, person)
        self.namesakes.setdefault(name_key(person.name), step)

    def _buyer(
        self, person: Attendee, buyer_name: str, buyer_email: str, booked_by: dict[str, int]
    ) -> None:
        """A ticket with no email of its own takes the buyer's only when the buyer is this
        person; otherwise the booking is noted ("Booked by …")."""
        if not (buyer_name or buyer_email):
            return
        same = bool(buyer_name) and name_key(buyer_name) == name_key(person.name)
        theirs = same or (not buyer_name and booked_by.get(buyer_email, 0) == 1)
        if not person.email and buyer_email and theirs:
            person.email = buyer_email
            return
        if same or (person.email and buyer_email == person.email):
            return
        booked = " ".join(x for x in (buyer_name, f"<{buyer_email}>" if buyer_email else "") if x)
        person.notes = "; ".join(x for x in (person.notes, f"Booked by {booked}") if x)

    def _step(
        self,
        number: int,
        person: Attendee,
        problems: list[str],
        coming: Coming,
        said: str,
        match_id: int | None,
    ) -> RowPlan:
        said = said or "its status"
        if coming is Coming.WAITLIST:
            if match_id is None:
                return RowPlan(
                    number,
                    Action.SKIP,
                    attendee=person,
                    problems=problems,
                    reason=f"on a waiting or reserve list ({said})",
                    waitlisted=True,
                )
            before = self.existing_by_id.get(match_id)
            person.status = before.status if before is not None else AttendeeStatus.ATTENDING
            problems.append(
                f"{person.name} is on this file's waiting or reserve list ({said}); "
                "their place here is unchanged."
            )
            return RowPlan(
                number, Action.UPDATE, attendee=person, problems=problems, existing_id=match_id
            )
        cancelled = coming is Coming.NOT_COMING
        if coming is Coming.MAYBE:
            problems.append(f"May not come: the file says {said}.")
        if cancelled and match_id is None:
            return RowPlan(
                number,
                Action.SKIP,
                attendee=person,
                problems=problems,
                reason=f"cancelled, refunded or not attending ({said})",
                cancelled=True,
            )
        if match_id is None:
            return RowPlan(number, Action.ADD, attendee=person, problems=problems)
        step = RowPlan(
            number,
            Action.UPDATE,
            attendee=person,
            problems=problems,
            existing_id=match_id,
            cancelled=cancelled,
        )
        if cancelled and match_id in self.checked_in:
            person.status = AttendeeStatus.ATTENDING
            problems.append(
                f"{person.name} is already checked in but the file says cancelled; kept as "
                "attending."
            )
            step.cancelled = False
        elif cancelled:
            before = self.existing_by_id.get(match_id)
            if before is not None and before.status != AttendeeStatus.CANCELLED:
                problems.append(f"{person.name} was expected; the file now says cancelled.")
        return step

    def finish(self) -> None:
        plan = self.plan
        for step in plan.rows:
            if step.action is not Action.SKIP and step.attendee and not step.attendee.email:
                step.problems.append("No email address.")
        if plan.blank_rows:
            blank = "1 blank row" if plan.blank_rows == 1 else f"{plan.blank_rows} blank rows"
            plan.notes.append(f"{blank} left out")
        for status, count in self.unknown_status.most_common(5):
            rows = "1 row" if count == 1 else f"{count} rows"
            plan.notes.append(
                f"The status “{status}” ({rows}) is not one labdesk knows: read as coming."
            )
        if not plan.rows:
            plan.notes.append("The file has a header but no attendee rows.")


def _merge_into(base: Attendee, other: Attendee) -> None:
    """Fill base's empty fields from other; ticket codes and notes are combined."""
    for name in IMPORTED_DETAILS:
        if not getattr(base, name) and getattr(other, name):
            setattr(base, name, getattr(other, name))
    base.ticket_codes = list(dict.fromkeys(base.ticket_codes + other.ticket_codes))
    notes = [n for n in (base.notes, other.notes) if n]
    base.notes = "; ".join(dict.fromkeys(notes))
    base.consent_postcard = base.consent_postcard or other.consent_postcard
