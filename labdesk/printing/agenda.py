"""The printed agenda as a PDF: the participants' agenda (times, titles, a line about each
session) and the facilitator's run sheet (times, phases with their lengths and groups, prompts,
notes, what to say, materials and the groups kept)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, BinaryIO

from labdesk.core.activities import Grouping
from labdesk.core.grouping import sizes_in_words
from labdesk.core.model import Phase
from labdesk.core.words import count
from labdesk.printing import fonts
from labdesk.printing.report import A4_TEXT_WIDTH, MM, build_a4, rich
from labdesk.store.agenda_sheet import AgendaSheet, SheetItem

INK = "#20263a"
GREY = "#5d6272"  # 6:1 on white: small print stays readable
SHADE = "#eef1f6"
RULE = "#c9d3e3"
_SIZES = {2: "pairs", 3: "trios", 4: "fours"}


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    sans, bold = fonts.register()
    base = ParagraphStyle("body", fontName=sans, fontSize=10, leading=13, textColor=HexColor(INK))
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=20, leading=25),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10.5, textColor=HexColor(GREY)),
        "label": ParagraphStyle(
            "label", parent=base, fontName=bold, fontSize=9, textColor=HexColor(GREY)
        ),
        "time": ParagraphStyle("time", parent=base, fontName=bold, fontSize=11.5, leading=15),
        "item": ParagraphStyle("item", parent=base, fontName=bold, fontSize=12, leading=15),
        "line": ParagraphStyle("line", parent=base, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8.5, leading=11, textColor=HexColor(GREY)
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontName=bold, fontSize=13, leading=16, spaceBefore=4
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=bold, fontSize=8.5),
    }


def _long_date(sheet: AgendaSheet) -> str:
    d = sheet.workshop.date
    return f"{d:%A} {d.day} {d:%B %Y}"


def _minutes(seconds: int) -> str:
    if seconds % 60:
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
    return f"{seconds // 60} min"


def _header(sheet: AgendaSheet, st: dict[str, Any], what: str) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    w = sheet.workshop
    parts = [_long_date(sheet)]
    if w.venue.strip():
        parts.append(w.venue.strip())
    if w.organiser.strip():
        parts.append(w.organiser.strip())
    flow: list[Any] = [
        Paragraph(rich(what.upper()), st["label"]),
        Paragraph(rich(w.title, fonts.SANS_BOLD), st["title"]),
        Paragraph(rich(" · ".join(parts)), st["sub"]),
    ]
    if sheet.retimed:
        late = sheet.late_min
        state = (
            f"running {late} min late"
            if late > 0
            else (f"running {-late} min ahead" if late < 0 else "on time")
        )
        flow.append(
            Paragraph(rich(f"Times as they stand at {sheet.at:%H:%M}: {state}."), st["sub"])
        )
    flow.append(Spacer(1, 6 * MM))
    return flow


def _about(entry: SheetItem) -> str:
    """A line for the room about an item: the teams presenting, else its template's summary
    (never the facilitator's notes)."""
    template = entry.template
    if template is None:
        return ""
    if template.per_team:
        teams = _teams(entry)
        if teams:
            return f"{count(len(teams), 'presentation')}: {'; '.join(teams)}"
    return template.summary.strip()


def _teams(entry: SheetItem) -> list[str]:
    """The teams of a presentations item, from its phases named after the template's steps."""
    assert entry.template is not None
    fixed = {p.name for p in entry.template.phases}
    patterns = []
    for spec in entry.template.per_team:
        name = str(spec.get("name", ""))
        if "{team}" in name:
            patterns.append(re.compile(re.escape(name).replace(r"\{team\}", "(.+)") + "$"))
        else:
            fixed.add(name)
    teams = []
    for phase in entry.item.phases:
        if phase.name in fixed:
            continue
        for pattern in patterns:
            found = pattern.match(phase.name)
            if found and found.group(1).strip() not in teams:
                teams.append(found.group(1).strip())
                break
    return teams


def participants(sheet: AgendaSheet, st: dict[str, Any], width: float) -> list[Any]:
    """The participants' agenda: one row per item."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows: list[list[Any]] = []
    style: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]
    for n, entry in enumerate(sheet.items):
        cell: list[Any] = [Paragraph(rich(entry.item.title, fonts.SANS_BOLD), st["item"])]
        about = _about(entry)
        if about:
            cell.append(Paragraph(rich(about), st["line"]))
        rows.append([Paragraph(f"{entry.start:%H:%M}–{entry.end:%H:%M}", st["time"]), cell])
        if entry.item.kind.is_pause:
            style.append(("BACKGROUND", (0, n), (-1, n), HexColor(SHADE)))
    if not rows:
        return [Paragraph("The agenda is empty.", st["body"])]
    table = Table(rows, colWidths=[36 * MM, width - 36 * MM], splitInRow=1)
    table.setStyle(TableStyle(style))
    return [table]


def _phase_rows(entry: SheetItem, st: dict[str, Any]) -> list[list[Any]]:
    from reportlab.platypus import Paragraph

    def groups_of(phase: Phase) -> str:
        if phase.group_size < 2:
            return "alone or all" if phase.group_size == 0 else ""
        return _SIZES.get(phase.group_size, f"groups of {phase.group_size}")

    rows: list[list[Any]] = [
        [
            Paragraph(h, st["cellhead"])
            for h in ("Phase", "Time", "Groups", "Prompt on the screen, and notes")
        ]
    ]
    for phase in entry.item.phases:
        length = _minutes(phase.duration_s)
        if phase.rounds > 1:
            length = f"{length} × {phase.rounds} rounds"
        text = rich(phase.prompt.strip()) if phase.prompt.strip() else ""
        if phase.notes.strip():
            note = f"<i>Note: {rich(phase.notes.strip())}</i>"
            text = f"{text}<br/>{note}" if text else note
        rows.append(
            [
                Paragraph(rich(phase.name), st["cell"]),
                Paragraph(rich(length), st["cell"]),
                Paragraph(groups_of(phase), st["cell"]),
                Paragraph(text, st["cell"]),
            ]
        )
    return rows


def _groups_text(sheet: AgendaSheet, entry: SheetItem) -> str:
    """The groups kept for an item: its first round's groups, one run of names each, and what
    the other rounds do."""
    kept = entry.groups
    if kept is None:
        return ""
    formation = kept.formation()
    if not formation.stages:
        return ""
    # Only the people still in the file (someone erased since leaves their group).
    first = [[p for p in g if p in sheet.names] for g in formation.stages[0].groups]
    first = [g for g in first if g]
    if not first:
        return ""
    if formation.rule in (Grouping.SAME_GROUP, Grouping.SAME_GROUP_ROLES_ROTATE):
        which = "the same every round"
    elif formation.rule is Grouping.PAIRS_THEN_FOURS and len(formation.stages) > 1:
        which = "pairs 1 and 2 make four 1, and so on"
    elif len(formation.stages) > 1:
        which = f"round 1 of {len(formation.stages)}; labdesk groups --item {entry.item.id} prints every round"
    else:
        which = ""
    about = sizes_in_words(first) + (f", {which}" if which else "")
    names = "; ".join(
        f"<b>{n}</b> {rich(', '.join(sheet.names[p] for p in group))}"
        for n, group in enumerate(first, start=1)
    )
    return f"<b>Groups kept</b> ({rich(about)}): {names}"


def run_sheet(sheet: AgendaSheet, st: dict[str, Any], width: float) -> list[Any]:
    """The facilitator's run sheet: a block per item."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    flow: list[Any] = []
    for entry in sheet.items:
        item = entry.item
        minutes = f"{item.duration_min} min"
        fixed = f"   ⚑ fixed at {item.fixed_start:%H:%M}" if item.fixed_start else ""
        block: list[Any] = [
            Paragraph(
                f"{entry.start:%H:%M}–{entry.end:%H:%M}   {rich(item.title, fonts.SANS_BOLD)}"
                f"   <font size=9.5 color='{GREY}'>{minutes}{fixed}</font>",
                st["head"],
            )
        ]
        template = entry.template
        if entry.rule.forms_groups or entry.rule is Grouping.SELF_SELECTED:
            rotating = next((r for r in entry.roles if r.rotates), None)
            block.append(
                Paragraph(
                    f"<b>Groups:</b> {rich(entry.rule.label)}. "
                    f"{rich(entry.rule.explain(rotating.name if rotating else ''))}",
                    st["line"],
                )
            )
        if template is not None and template.invitation.strip():
            block.append(Paragraph(f"<b>Say:</b> {rich(template.invitation.strip())}", st["line"]))
        if item.notes.strip():
            block.append(Paragraph(f"<b>Notes:</b> {rich(item.notes.strip())}", st["line"]))
        if template is not None and template.materials:
            block.append(
                Paragraph(f"<b>Materials:</b> {rich('; '.join(template.materials))}", st["line"])
            )
        groups = _groups_text(sheet, entry)
        if groups:
            block.append(Paragraph(groups, st["small"]))
        if item.phases:
            table = Table(
                _phase_rows(entry, st),
                colWidths=[38 * MM, 27 * MM, 18 * MM, width - 83 * MM],
                repeatRows=1,
                splitInRow=1,
            )
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, HexColor(INK)),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor(RULE)),
                        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            block.append(Spacer(1, 2 * MM))
            block.append(table)
        block.append(Spacer(1, 5 * MM))
        # A short item stays on one page; a long one may break between its phases.
        if len(item.phases) <= 12:
            flow.append(KeepTogether(block))
        else:
            flow.extend(block)
    if not flow:
        flow.append(Paragraph("The agenda is empty.", st["body"]))
    return flow


def render(out: Path | str | BinaryIO, sheet: AgendaSheet, *, with_run_sheet: bool = False) -> int:
    """Write the agenda (and, with_run_sheet, the facilitator's run sheet after it); returns the
    number of pages."""
    from reportlab.platypus import PageBreak

    st = _styles()
    title = sheet.workshop.title
    width = A4_TEXT_WIDTH
    flow = _header(sheet, st, "Agenda") + participants(sheet, st, width)
    if with_run_sheet:
        flow += [PageBreak(), *_header(sheet, st, "Run sheet"), *run_sheet(sheet, st, width)]
    what = "Agenda and run sheet" if with_run_sheet else "Agenda"
    short = title if len(title) <= 80 else title[:79] + "…"
    return build_a4(out, flow, title=f"{what} — {title}", footer=f"{what} · {short}")
