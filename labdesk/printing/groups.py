"""Groups for an activity on A4: one page a round, each group with its members' names."""

from __future__ import annotations

from pathlib import Path


def render(
    out: Path, title: str, rounds: list[list[list[int]]], names: dict[int | None, str]
) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from labdesk.printing.fonts import register

    regular, bold = register()
    width, height = A4
    canvas = Canvas(str(out), pagesize=A4)
    canvas.setTitle(f"Groups — {title}")
    margin = 18 * mm
    for r, groups in enumerate(rounds, 1):
        y = height - margin
        size = 16.0
        while size > 8 and canvas.stringWidth(title, bold, size) > width - 2 * margin:
            size -= 0.5
        canvas.setFont(bold, size)
        canvas.drawString(margin, y, title)
        y -= 9 * mm
        canvas.setFont(bold, 13)
        canvas.drawString(margin, y, f"Round {r} of {len(rounds)}: {len(groups)} groups")
        y -= 10 * mm
        column_x = [margin, width / 2]
        col = 0
        top = y
        for g, group in enumerate(groups, 1):
            needed = (len(group) + 1) * 5.5 * mm + 3 * mm
            if y - needed < margin:
                if col == 0:
                    col, y = 1, top
                else:
                    canvas.showPage()
                    col, y = 0, height - margin
                    top = y
            x = column_x[col]
            canvas.setFont(bold, 11)
            canvas.drawString(x, y, f"Group {g}")
            y -= 5.5 * mm
            canvas.setFont(regular, 11)
            for person in group:
                canvas.drawString(x + 5 * mm, y, names.get(person, "?")[:45])
                y -= 5.5 * mm
            y -= 3 * mm
        canvas.showPage()
    canvas.save()
