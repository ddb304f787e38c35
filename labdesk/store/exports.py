"""The tables that `labdesk export` and the app's Export actions write."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from labdesk.core.spreadsheet import csv_bytes, xlsx_text
from labdesk.private_files import write_private, written_whole
from labdesk.store import agenda, attendees, checkins, commitments, feedback
from labdesk.store import sites as store_sites
from labdesk.store.document import WorkshopFile
from labdesk.store.sites import Site

Table = tuple[list[str], list[list[object]]]


class _Sites:
    """Which site each record is from, in a file with other sites merged into it (None when
    there are none: the tables are as they always were), and the one a table is kept to."""

    def __init__(self, doc: WorkshopFile, only: Site | None) -> None:
        every = store_sites.every(doc)
        self.merged = len(every) > 1
        self.names = store_sites.places(every)
        self.only = only
        self.doc = doc

    def keeps(self, site_id: int | None) -> bool:
        return self.only is None or site_id == self.only.id

    def name(self, site_id: int | None) -> str:
        return self.names.get(site_id, "")

    def registered(self) -> dict[int, list[int | None]]:
        """Person id -> the sites they registered at (None: this file's own)."""
        found: dict[int, list[int | None]] = {}
        if not self.merged:
            return found
        for person_id, site_id in self.doc.con.execute(
            "SELECT id, site_id FROM attendees WHERE site_id IS NULL"
            " UNION ALL SELECT attendee_id, site_id FROM site_people WHERE registered = 1"
            " ORDER BY 2"
        ):
            found.setdefault(int(person_id), []).append(site_id)
        return found

    def arrivals(self) -> dict[int | None, dict[int, tuple[str, str]]]:
        """Site -> person id -> (checked in at, how), for the other sites."""
        found: dict[int | None, dict[int, tuple[str, str]]] = {}
        if self.merged:
            for site_id, person_id, at, method in self.doc.con.execute(
                "SELECT site_id, attendee_id, at, method FROM site_check_ins"
            ):
                found.setdefault(int(site_id), {})[int(person_id)] = (str(at), str(method))
        return found


def _tags(doc: WorkshopFile, table: str) -> dict[int, int | None]:
    """Record id -> its site id, for a table with a site tag (none before migration 9)."""
    if not store_sites.has_table(doc.con, "sites"):
        return {}
    return {int(r[0]): r[1] for r in doc.con.execute(f"SELECT id, site_id FROM {table}")}


def attendee_table(doc: WorkshopFile, site: Site | None = None) -> Table:
    """Everyone (or those registered at one site), with their check-in (at that site)."""
    where = _Sites(doc, site)
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
    if where.merged:
        header += ["Registered at", "Came to"]
    arrived = checkins.all_by_attendee(doc)
    registered = where.registered()
    elsewhere = where.arrivals()
    rows: list[list[object]] = []
    for a in attendees.load_all(doc):
        person = a.id or -1
        if site is not None and site.id not in registered.get(person, []):
            continue
        if site is None or site.own:
            ci = arrived.get(person)
            at = ci.at.isoformat(timespec="minutes") if ci else ""
            method = ci.method if ci else ""
        else:
            when, method = elsewhere.get(site.id, {}).get(person, ("", ""))
            at = when[:16]
        row: list[object] = [
            a.name,
            a.given_name,
            a.family_name,
            a.organisation,
            a.role,
            a.email,
            a.status,
            at,
            method,
            a.access_needs,
            a.dietary_needs,
            a.ticket_type,
            " ".join(a.ticket_codes),
            a.address.replace("\n", ", "),
            "yes" if a.consent_postcard else "no",
        ]
        if where.merged:
            came: list[int | None] = [None] if person in arrived else []
            came += [s for s, people in elsewhere.items() if person in people]
            row += [
                "; ".join(where.name(s) for s in registered.get(person, [])),
                "; ".join(where.name(s) for s in came),
            ]
        rows.append(row)
    return header, rows


def feedback_table(doc: WorkshopFile, site: Site | None = None) -> Table:
    where = _Sites(doc, site)
    tags = _tags(doc, "feedback")
    titles = {item.id: item.title for item in agenda.load(doc)}
    if where.merged:  # another site's session is named as that site called it
        titles_there = {
            int(r[0]): str(r[1])
            for r in doc.con.execute(
                "SELECT f.id, i.title FROM feedback f JOIN site_agenda_items i"
                " ON i.id = f.site_item_id"
            )
        }
    else:
        titles_there = {}
    responses = [r for r in feedback.load_all(doc) if where.keeps(tags.get(r.id or -1))]
    prompts: list[str] = []
    for r in responses:
        for key in r.answers:
            if key not in prompts:
                prompts.append(key)
    header = [
        *(["Site"] if where.merged else []),
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
            *([where.name(tags.get(r.id or -1))] if where.merged else []),
            titles_there.get(r.id or -1) or titles.get(r.agenda_item_id, ""),
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


def commitment_table(doc: WorkshopFile, site: Site | None = None) -> Table:
    where = _Sites(doc, site)
    tags = _tags(doc, "commitments")
    people = {a.id: a for a in attendees.load_all(doc)}
    header = [
        *(["Site"] if where.merged else []),
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
        if not where.keeps(tags.get(c.id or -1)):
            continue
        person = people.get(c.attendee_id)
        rows.append(
            [
                *([where.name(tags.get(c.id or -1))] if where.merged else []),
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


def poll_table(doc: WorkshopFile, site: Site | None = None) -> Table:
    """Every poll's answers, and Q&A's questions with their votes, with the site each poll was
    asked at in a merged workshop (a poll merged from another site is that site's). No phone
    ids."""
    from labdesk.store import polls

    where = _Sites(doc, site)
    header = [*(["Site"] if where.merged else []), *polls.EXPORT_HEADER]
    rows: list[list[object]] = [
        [*([where.name(poll.site_id)] if where.merged else []), *row]
        for poll, row in polls.export_rows(doc)
        if where.keeps(poll.site_id)
    ]
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
