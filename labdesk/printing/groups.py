"""Groups on paper: one page (or more) per round, each group boxed with its members and their
role this round, for the facilitator's clipboard or the wall."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from labdesk.core.activities import Grouping
from labdesk.core.grouping import Formation, sizes_in_words
from labdesk.printing import fonts

MM = 72 / 25.4
INK = (0.125, 0.149, 0.227)
GREY = (0.42, 0.44, 0.5)
RULE = (0.79, 0.83, 0.89)
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def stage_caption(formation: Formation, stage: int) -> str:
    """One sentence under the round's heading: what the rule asks of the room this round."""
    rotating = next((r for r in formation.roles if r.rotates), None)
    rule = formation.rule
    if rule is Grouping.SAME_GROUP_ROLES_ROTATE and rotating is not None:
        nth = _ORDINALS[stage] if stage < len(_ORDINALS) else f"number {stage + 1}"
        return (
            f"Same groups every round. This round the {rotating.name} is each group's {nth} member."
        )
    if rule is Grouping.PAIRS_THEN_FOURS and formation.stages[stage].size == 4:
        return "Each pair joins another pair: pairs 1 and 2 make four 1, pairs 3 and 4 four 2."
    if rule is Grouping.NEW_PARTNERS_EACH_ROUND and len(formation.stages) > 1:
        return "New partners this round."
    return rule.explain(rotating.name if rotating else "")


def render(
    out: Path | str | BinaryIO,
    formation: Formation,
    names: Mapping[int, str],
    *,
    title: str,
    workshop: str = "",
    footnote: str = "",
) -> int:
    """Write the groups to a PDF; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    sans, bold = fonts.register()
    width, height = float(A4[0]), float(A4[1])
    canvas = Canvas(out if not isinstance(out, Path) else str(out), pagesize=A4)
    canvas.setTitle(f"Groups — {title}")
    canvas.setAuthor("labdesk")
    canvas.setCreator("labdesk")
    margin = 16 * MM
    pages = 0

    def fit(text: str, size: float, room: float, font: str = sans) -> str:
        while text and fonts.width(text, size, font) > room:
            text = text[:-2] + "…" if len(text) > 2 else ""
        return text

    def page_top(stage: int, more: bool) -> float:
        nonlocal pages
        pages += 1
        canvas.setFillColorRGB(*GREY)
        if workshop:
            fonts.draw(canvas, margin, height - margin, fit(workshop, 9, width - 2 * margin), 9)
        fonts.draw(canvas, width - margin, 10 * MM, f"Page {pages}", 8, sans, anchor="right")
        if footnote:
            fonts.draw(canvas, margin, 10 * MM, fit(footnote, 8, width - 50 * MM), 8)
        canvas.setFillColorRGB(*INK)
        y = height - margin - 9 * MM
        size = 17.0
        while size > 12 and fonts.width(title, size, bold) > width - 2 * margin:
            size -= 0.5
        fonts.draw(canvas, margin, y, fit(title, size, width - 2 * margin, bold), size, bold)
        y -= 10 * MM
        groups = formation.stages[stage].groups
        heading = f"{formation.label(stage)}: {sizes_in_words(groups)}"
        if more:
            heading += " (continued)"
        fonts.draw(canvas, margin, y, fit(heading, 14, width - 2 * margin, bold), 14, bold)
        y -= 6.5 * MM
        canvas.setFillColorRGB(*GREY)
        caption = stage_caption(formation, stage)
        fonts.draw(canvas, margin, y, fit(caption, 10, width - 2 * margin), 10)
        canvas.setFillColorRGB(*INK)
        return y - 9 * MM

    columns = 3 if formation.size <= 2 else 2
    gap = 6 * MM
    column_w = (width - 2 * margin - (columns - 1) * gap) / columns
    line = 6 * MM
    for stage in range(len(formation.stages)):
        groups = formation.stages[stage].groups
        roles = formation.roles_in(stage)
        top = page_top(stage, more=False)
        column, y = 0, top
        for number, (group, seats) in enumerate(zip(groups, roles, strict=True), start=1):
            needed = (len(group) + 1) * line + 4 * MM
            if y - needed < 16 * MM:
                column += 1
                y = top
                if column >= columns:
                    canvas.showPage()
                    top = page_top(stage, more=True)
                    column, y = 0, top
            x = margin + column * (column_w + gap)
            canvas.setStrokeColorRGB(*RULE)
            canvas.setLineWidth(0.8)
            canvas.roundRect(x, y - needed + 4 * MM, column_w, needed - 2 * MM, 2 * MM)
            fonts.draw(canvas, x + 3 * MM, y - 2 * MM, f"Group {number}", 12, bold)
            row = y - 2 * MM - line
            for person, role in zip(group, seats, strict=True):
                name = names.get(person, "?")
                role_w = fonts.width(role, 10) + 3 * MM if role else 0.0
                room = column_w - 8 * MM - role_w
                fonts.draw(canvas, x + 4 * MM, row, fit(name, 11.5, room), 11.5)
                if role:
                    canvas.setFillColorRGB(*GREY)
                    fonts.draw(canvas, x + column_w - 3 * MM, row, role, 10, anchor="right")
                    canvas.setFillColorRGB(*INK)
                row -= line
            y -= needed
        canvas.showPage()
    if not formation.stages:  # nothing to print but the rule: say so rather than a blank page
        pages += 1
        fonts.draw(canvas, margin, height - margin - 9 * MM, fit(title, 17, width - 2 * margin), 17)
        fonts.draw(canvas, margin, height - margin - 19 * MM, formation.rule.explain(), 11)
        canvas.showPage()
    canvas.save()
    return pages
