"""The tables that `labdesk export` and the app's Export actions write."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from labdesk.core.spreadsheet import csv_bytes, xlsx_text
from labdesk.private_files import write_private, written_whole
from labdesk.store import agenda, attendees, checkins, commitments, feedback
from labdesk.store.document import WorkshopFile

Table = tuple[list[str], list[list[object]]]


def attendee_table(doc: WorkshopFile) -> Table:
    header = [
        "Name",
        "Given name",
        "Family name",
        "Organisation",
        "Role",
        "Email",
        "Status",
        "Checked in at",
        "Check-in method",
        "Access needs",
        "Dietary needs",
        "Ticket type",
        "Ticket codes",
        "Postal address",
        "Consent to postcard",
    ]
    arrived = checkins.all_by_attendee(doc)
    rows: list[list[object]] = []
    for a in attendees.load_all(doc):
        ci = arrived.get(a.id or -1)
        rows.append(
            [
                a.name,
                a.given_name,
                a.family_name,
                a.organisation,
                a.role,
                a.email,
                a.status,
                ci.at.isoformat(timespec="minutes") if ci else "",
                ci.method if ci else "",
                a.access_needs,
                a.dietary_needs,
                a.ticket_type,
                " ".join(a.ticket_codes),
                a.address.replace("\n", ", "),
                "yes" if a.consent_postcard else "no",
            ]
        )
    return header, rows


def feedback_table(doc: WorkshopFile) -> Table:
    titles = {item.id: item.title for item in agenda.load(doc)}
    responses = feedback.load_all(doc)
    prompts: list[str] = []
    for r in responses:
        for key in r.answers:
            if key not in prompts:
                prompts.append(key)
    header = [
        "Session",
        "Rating",
        "What worked",
        "What would you change",
        *prompts,
        "Hidden",
        "Received at",
    ]
    rows: list[list[object]] = [
        [
            titles.get(r.agenda_item_id, ""),
            r.rating or "",
            r.worked,
            r.change,
            *[r.answers.get(p, "") for p in prompts],
            "yes" if r.hidden else "no",
            r.created_at.isoformat(timespec="minutes") if r.created_at else "",
        ]
        for r in responses
    ]
    return header, rows


def commitment_table(doc: WorkshopFile) -> Table:
    people = {a.id: a for a in attendees.load_all(doc)}
    header = [
        "Name",
        "Email",
        "Organisation",
        "Commitment",
        "Who with",
        "By when",
        "Consent to post",
        "Card",
        "Matched to attendee",
        "Written at",
    ]
    rows: list[list[object]] = []
    for c in commitments.load_all(doc):
        person = people.get(c.attendee_id)
        rows.append(
            [
                person.name if person else c.name,
                person.email if person else c.email,
                person.organisation if person else "",
                c.action,
                c.who,
                c.by_when,
                "yes" if c.consent_post else "no",
                c.source,
                "yes" if person else "no",
                c.created_at.isoformat(timespec="minutes") if c.created_at else "",
            ]
        )
    return header, rows


def write_table(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], sheet: str = "Sheet"
) -> None:
    """Write a CSV (UTF-8 with BOM) or XLSX, owner-only and whole, every cell neutralised."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        write_private(path, csv_bytes(header, rows))
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.append([xlsx_text(h) for h in header])
    for row in rows:
        ws.append(
            [
                v if isinstance(v, int | float) and not isinstance(v, bool) else xlsx_text(v)
                for v in row
            ]
        )
    with written_whole(path) as partial:
        book.save(partial)
