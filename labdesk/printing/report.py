"""The day report as a PDF: attendance, timings, feedback with charts, and commitments."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from labdesk.core.model import fold
from labdesk.core.words import count, plural
from labdesk.printing import fonts
from labdesk.store.day_report import DayReport, SessionFeedback, Timing

MM = 72 / 25.4
INK = "#20263a"
GREY = "#6b7080"
EXPECTED = "#c9d3e3"
ARRIVED = "#2f5d8c"
RATING_COLOURS = ["#c0392b", "#e67e22", "#c9b037", "#6aa84f", "#2e7d4f"]
TOP_ORGANISATIONS = 12
LABEL_SIZE = 7.5  # chart labels, in points


def rich(text: str, font: str = fonts.SANS) -> str:
    """Text as Paragraph markup: escaped (attendee text is never markup), with characters the
    main font lacks set in their fallback font, right-to-left text in visual order (a long
    right-to-left paragraph that wraps reads its lines top to bottom, each one right)."""
    parts = []
    text = "\n".join(fonts.visual(line) for line in text.split("\n"))
    for name, piece in fonts.runs(text, font):
        piece = escape(piece).replace("\n", "<br/>")
        parts.append(piece if name == font else f'<font face="{name}">{piece}</font>')
    return "".join(parts)


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    sans, bold = fonts.register()
    base = ParagraphStyle(
        "body", fontName=sans, fontSize=9.5, leading=12.5, textColor=HexColor(INK)
    )
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=HexColor(GREY)
        ),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=20, leading=25),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=bold, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
        ),
        "quote": ParagraphStyle(
            "quote", parent=base, leftIndent=10, fontSize=9, leading=12, spaceAfter=3
        ),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=bold, fontSize=20, leading=24, alignment=1
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontSize=8, leading=10, alignment=1, textColor=HexColor(GREY)
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


def _long_date(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {day:%B %Y}"


def _key_figures(report: DayReport, st: dict[str, Any]) -> Any:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    ratings: Counter[int] = Counter()
    for s in report.sessions:
        ratings.update(s.ratings)
    total = sum(ratings.values())
    average = f"{sum(r * n for r, n in ratings.items()) / total:.1f}" if total else "–"
    responses = sum(s.responses for s in report.sessions)
    cards = len(report.commitments)
    figures = [
        (
            f"{report.arrived} / {report.expected}",
            f"in / expected, {len(report.sites)} sites"
            if report.sites
            else "attendees in / expected",
        ),
        (str(responses), f"feedback {plural(responses, 'response')}"),
        (average, "average rating (out of 5)"),
        (str(cards), f"commitment {plural(cards, 'card')}"),
    ]
    cells = [
        [Paragraph(escape(v), st["figure"]) for v, _ in figures],
        [Paragraph(escape(c), st["caption"]) for _, c in figures],
    ]
    table = Table(cells, colWidths=[44 * MM] * 4)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor("#f1f4f9")),
                ("LINEAFTER", (0, 0), (-2, -1), 2, HexColor("#ffffff")),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
            ]
        )
    )
    return table


def _label_fonts(*labels: Any) -> None:
    sans, _ = fonts.register()
    for label in labels:
        label.fontName = sans
        label.fontSize = LABEL_SIZE
        label.fillColor = _colour(INK)


def _colour(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def _legend(drawing: Any, x: float, y: float, entries: list[tuple[str, str]]) -> None:
    from reportlab.graphics.shapes import Rect, String

    sans, _ = fonts.register()
    for label, colour in entries:
        drawing.add(Rect(x, y, 8, 8, fillColor=_colour(colour), strokeColor=None))
        drawing.add(
            String(x + 11, y + 1, label, fontName=sans, fontSize=7.5, fillColor=_colour(INK))
        )
        x += 16 + fonts.width(label, 7.5)


def attendance_chart(report: DayReport, width: float) -> Any:
    """Horizontal bars per organisation: expected behind, arrived in front."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    rows = report.attendance[:TOP_ORGANISATIONS][::-1]
    height = 30 + 15 * len(rows)
    drawing = _drawing(width, height + 16)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - 170, height - 20
    chart.data = [[r.expected for r in rows], [r.arrived for r in rows]]
    chart.categoryAxis.categoryNames = [_short(r.organisation, 34) for r in rows]
    chart.bars[0].fillColor = _colour(EXPECTED)
    chart.bars[1].fillColor = _colour(ARRIVED)
    chart.bars.strokeColor = None
    chart.groupSpacing = 3
    chart.barSpacing = 0
    chart.valueAxis.valueMin = 0
    top = max([r.expected for r in rows] + [1])
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, round(top / 5))
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels)
    drawing.add(chart)
    _legend(drawing, 150, height + 4, [("expected", EXPECTED), ("in", ARRIVED)])
    return drawing


def arrivals_chart(report: DayReport, width: float) -> Any:
    """Arrivals per quarter hour."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    buckets: Counter[dt.time] = Counter()
    for at in report.arrivals:
        buckets[dt.time(at.hour, at.minute // 15 * 15)] += 1
    keys = sorted(buckets)
    first, last = keys[0], keys[-1]
    times: list[dt.time] = []
    now = dt.datetime.combine(dt.date(2000, 1, 1), first)
    while now.time() <= last and len(times) < 96:
        times.append(now.time())
        now += dt.timedelta(minutes=15)
    drawing = _drawing(width, 110)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 20, width - 40, 80
    chart.data = [[buckets.get(t, 0) for t in times]]
    chart.categoryAxis.categoryNames = tick_labels(times, chart.width)
    chart.bars[0].fillColor = _colour(ARRIVED)
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max(buckets.values())
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, round(top / 4))
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels)
    drawing.add(chart)
    return drawing


def tick_labels(times: Sequence[dt.time], width: float, size: float = LABEL_SIZE) -> list[str]:
    """Labels for quarter-hour bars across `width` points: every one when they fit side by
    side, else only those on the half hour, the hour, or every few hours, so no two overlap."""
    if not times:
        return []
    per_bar = width / len(times)
    room = fonts.width("00:00", size) + 6  # a label and a gap
    step = next((k for k in (1, 2, 4, 8, 12, 16, 24, 48, 96) if k * per_bar >= room), 96)

    def quarter(t: dt.time) -> int:
        return t.hour * 4 + t.minute // 15

    labels = [t.strftime("%H:%M") if quarter(t) % step == 0 else "" for t in times]
    if not any(labels):
        labels[0] = times[0].strftime("%H:%M")
    return labels


def ratings_chart(ratings: Counter[int], width: float = 62 * MM) -> Any:
    """Five bars, one per rating, labelled with their counts."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    drawing = _drawing(width, 72)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 22, 16, width - 30, 50
    chart.data = [[ratings.get(r, 0) for r in range(1, 6)]]
    chart.categoryAxis.categoryNames = ["1", "2", "3", "4", "5"]
    for i, colour in enumerate(RATING_COLOURS):
        chart.bars[(0, i)].fillColor = _colour(colour)
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max([*ratings.values(), 1])
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, round(top / 4))
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 6
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels)
    drawing.add(chart)
    return drawing


def _drawing(width: float, height: float) -> Any:
    """A chart canvas whose text defaults to the bundled font (never an unembedded Helvetica)."""
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.register()[0]
    drawing.initialFontSize = 8
    return drawing


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _timings(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph, Table, TableStyle

    flow: list[Any] = [Paragraph("Planned and actual timings", st["h1"])]
    recorded = any(t.actual_start for t in report.timings)
    if not recorded:
        flow.append(
            Paragraph(
                "No actual timings were recorded: the day was not run from labdesk’s presenter "
                "view. The planned agenda:",
                st["body"],
            )
        )
    header = ["Item", "Planned", "Minutes"] + (["Actual", "Minutes", "Started"] if recorded else [])
    rows: list[list[Any]] = [[Paragraph(f"<b>{h}</b>", st["cell"]) for h in header]]
    late_cells = []
    for n, t in enumerate(report.timings, start=1):
        row = [
            Paragraph(rich(t.title), st["cell"]),
            t.planned_start.strftime("%H:%M"),
            str(t.planned_min),
        ]
        if recorded:
            late = t.late_min
            if late is None:
                verdict = "not run"
            elif late > 2:
                verdict = f"{late} min late"
                late_cells.append(n)
            elif late < -2:
                verdict = f"{-late} min early"
            else:
                verdict = "on time"
            row += [
                t.actual_start.strftime("%H:%M") if t.actual_start else "–",
                str(t.actual_min) if t.actual_min is not None else "–",
                verdict,
            ]
        rows.append(row)
    widths = [width - 50 * MM - (70 * MM if recorded else 0), 25 * MM, 25 * MM]
    if recorded:
        widths += [22 * MM, 20 * MM, 28 * MM]
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, _colour(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, _colour(EXPECTED)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for n in late_cells:
        style.append(("TEXTCOLOR", (-1, n), (-1, n), _colour("#b03a2e")))
    table.setStyle(TableStyle(style))
    flow.append(table)
    return flow


def _feedback(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    flow: list[Any] = [Paragraph("Feedback on each session", st["h1"])]
    if not report.sessions:
        flow.append(Paragraph("No feedback was given.", st["body"]))
    for session in report.sessions:
        average = session.average
        stats = [
            Paragraph(rich(session.title), st["h2"]),
            Paragraph(
                count(session.responses, "response")
                + (f", average rating {average:.1f} out of 5" if average is not None else ""),
                st["body"],
            ),
        ]
        if session.chosen:
            stats.append(Paragraph("Comments chosen to share:", st["small"]))
            for worked, change in session.chosen[:6]:
                if worked:
                    stats.append(Paragraph(f"<b>Worked:</b> “{rich(worked)}”", st["quote"]))
                if change:
                    stats.append(Paragraph(f"<b>Change:</b> “{rich(change)}”", st["quote"]))
        chart = ratings_chart(session.ratings) if session.ratings else Paragraph("", st["body"])
        table = Table([[stats, chart]], colWidths=[width - 66 * MM, 66 * MM], splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, _colour(EXPECTED)),
                ]
            )
        )
        flow.append(KeepTogether([table]))
    return flow


def _commitments(
    report: DayReport, st: dict[str, Any], width: float, anonymised: bool
) -> list[Any]:
    from reportlab.platypus import Paragraph, Table, TableStyle

    flow: list[Any] = [Paragraph("Commitments", st["h1"])]
    if not report.commitments:
        flow.append(Paragraph("No commitment cards were filled in.", st["body"]))
        return flow
    # Cards whose words went at the retention date are counted, not listed.
    listed = [c for c in report.commitments if c.action.strip() or c.who.strip()]
    purged = len(report.commitments) - len(listed)
    flow.append(
        Paragraph(
            f"{count(len(report.commitments), 'person')} said what they will do next. "
            f"{count(report.postcards_to_post, 'postcard')} "
            f"{plural(report.postcards_to_post, 'is')} to be posted back to them "
            f"(from {report.post_on.day} {report.post_on:%B %Y})."
            + (" Names are left out of this copy." if anonymised else "")
            + (
                f" The words of {purged} {'card were' if purged == 1 else 'cards were'}"
                " deleted on the workshop's retention date, as promised."
                if purged
                else ""
            ),
            st["body"],
        )
    )
    if not listed:
        return flow
    header = (
        ["What", "With whom", "By when"] if anonymised else ["Who", "What", "With whom", "By when"]
    )
    rows: list[list[Any]] = [[Paragraph(f"<b>{h}</b>", st["cell"]) for h in header]]
    for c in listed:
        cells = [
            Paragraph(rich(c.action), st["cell"]),
            Paragraph(rich(c.who), st["cell"]),
            Paragraph(rich(c.by_when), st["cell"]),
        ]
        if not anonymised:
            cells.insert(0, Paragraph(rich(c.name), st["cell"]))
        rows.append(cells)
    if anonymised:
        widths = [width - 80 * MM, 45 * MM, 35 * MM]
    else:
        widths = [35 * MM, width - 115 * MM, 45 * MM, 35 * MM]
    if report.sites:  # where each card was written
        rows[0].insert(0, Paragraph("<b>Site</b>", st["cell"]))
        for row, c in zip(rows[1:], listed, strict=True):
            row.insert(0, Paragraph(rich(c.site), st["cell"]))
        if anonymised:  # What, With whom, By when: What is wide enough to give way
            widths = [24 * MM, widths[0] - 24 * MM, widths[1], widths[2]]
        else:  # Who, What, With whom, By when: the columns around the words give way
            widths = [
                24 * MM,
                widths[0] - 7 * MM,
                widths[1],
                widths[2] - 10 * MM,
                widths[3] - 7 * MM,
            ]
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, _colour(INK)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, _colour(EXPECTED)),
            ]
        )
    )
    flow.append(table)
    return flow


# -- several sites, side by side ----------------------------------------------------------------

SITE_COLOURS = ["#2f5d8c", "#c0392b", "#2e7d4f", "#8e5aa8", "#c9b037"]


def _grid(rows: list[list[Any]], widths: list[float]) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, _colour(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, _colour(EXPECTED)),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
    ]
    table.setStyle(TableStyle(style))
    return table


def _head(text: str, st: dict[str, Any], *, left: bool = False) -> Any:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = st["cell"] if left else ParagraphStyle("centred", parent=st["cell"], alignment=1)
    return Paragraph(f"<b>{rich(text)}</b>", style)


def _verdict(t: Timing) -> tuple[str, bool]:
    late = t.late_min
    if late is None:
        return "not run", False
    if late > 2:
        return f"{late} min late", True
    if late < -2:
        return f"{-late} min early", False
    return "on time", False


def sites_side_by_side(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    """Each site's figures in its own column, the whole programme in the last."""
    from reportlab.platypus import KeepTogether, Paragraph

    days = report.sites
    flow: list[Any] = [Paragraph("The sites side by side", st["h1"])]
    both = f" {count(report.both, 'person')} came to more than one." if report.both else ""
    flow.append(
        Paragraph(
            rich(
                f"The programme ran at {len(days)} sites: "
                + "; ".join(
                    f"{d.name}, {_long_date(d.site.date)}"
                    + (f" ({d.site.venue})" if d.site.venue.strip() else "")
                    for d in days
                )
                + f".{both}"
            ),
            st["body"],
        )
    )

    def share(d: Any) -> str:
        return f"{round(100 * d.arrived / d.expected)}%" if d.expected else "–"

    def rating(sessions: list[SessionFeedback]) -> str:
        ratings: Counter[int] = Counter()
        for s in sessions:
            ratings.update(s.ratings)
        total = sum(ratings.values())
        return f"{sum(r * n for r, n in ratings.items()) / total:.1f}" if total else "–"

    def late_items(d: Any) -> str:
        run = [t for t in d.timings if t.actual_start is not None]
        if not run:
            return "not recorded"
        return str(sum(1 for t in run if (t.late_min or 0) > 2))

    def day_end(d: Any) -> str:
        run = [t for t in d.timings if t.actual_end is not None]
        if not run or not d.timings:
            return "–"
        last, planned = run[-1], d.timings[-1]
        end = planned.planned_start.hour * 60 + planned.planned_start.minute + planned.planned_min
        actual = last.actual_end.hour * 60 + last.actual_end.minute
        verdict = (
            "on time"
            if abs(actual - end) <= 2
            else (f"{actual - end} min late" if actual > end else f"{end - actual} min early")
        )
        return f"{last.actual_end:%H:%M} ({verdict})"

    measures: list[tuple[str, list[str], str]] = [
        ("Expected", [str(d.expected) for d in days], str(report.expected)),
        ("Came", [str(d.arrived) for d in days], str(report.arrived)),
        ("Share who came", [share(d) for d in days], share(report)),
        ("Walk-ins", [str(d.walk_ins) for d in days], str(report.walk_ins)),
        (
            "First arrival",
            [f"{d.arrivals[0]:%H:%M}" if d.arrivals else "–" for d in days],
            "",
        ),
        (
            "Feedback responses",
            [str(sum(s.responses for s in d.sessions)) for d in days],
            str(sum(s.responses for s in report.sessions)),
        ),
        ("Average rating (of 5)", [rating(d.sessions) for d in days], rating(report.sessions)),
        ("Commitment cards", [str(d.cards) for d in days], str(len(report.commitments))),
        (
            "Postcards to post",
            [str(d.postcards_to_post) for d in days],
            str(report.postcards_to_post),
        ),
        ("Items started late", [late_items(d) for d in days], ""),
        ("Day ended", [day_end(d) for d in days], ""),
    ]
    column = (width - 52 * MM) / (len(days) + 1)
    rows: list[list[Any]] = [
        [_head("", st, left=True), *[_head(d.name, st) for d in days], _head("All sites", st)]
    ]
    for label, values, total in measures:
        rows.append([Paragraph(rich(label), st["cell"]), *values, total])
    flow.append(_grid(rows, [52 * MM] + [column] * (len(days) + 1)))

    flow.append(Paragraph("Who came, by organisation", st["h2"]))
    orgs: dict[str, dict[int, tuple[int, int]]] = {}
    totals: dict[str, int] = {}
    for n, d in enumerate(days):
        for a in d.attendance:
            orgs.setdefault(a.organisation, {})[n] = (a.arrived, a.expected)
            totals[a.organisation] = totals.get(a.organisation, 0) + a.expected
    ordered = sorted(orgs, key=lambda o: (-totals[o], o.casefold()))
    shown, rest = ordered[:TOP_ORGANISATIONS], ordered[TOP_ORGANISATIONS:]
    rows = [
        [_head("Organisation (in / expected)", st, left=True), *[_head(d.name, st) for d in days]]
    ]
    for org in shown:
        cells = [
            f"{orgs[org][n][0]} / {orgs[org][n][1]}" if n in orgs[org] else "–"
            for n in range(len(days))
        ]
        rows.append([Paragraph(rich(org), st["cell"]), *cells])
    column = (width - 80 * MM) / len(days)
    flow.append(_grid(rows, [80 * MM] + [column] * len(days)))
    if rest:
        flow.append(
            Paragraph(
                f"And {count(len(rest), 'more organisation', 'more organisations')}.", st["small"]
            )
        )
    if any(d.arrivals for d in days):
        flow.append(
            KeepTogether(
                [Paragraph("When people arrived", st["h2"]), arrivals_by_site(days, width)]
            )
        )
    return flow


def arrivals_by_site(days: list[Any], width: float) -> Any:
    """Arrivals per quarter hour of the day, a bar for each site."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    buckets: list[Counter[dt.time]] = []
    for d in days:
        counts: Counter[dt.time] = Counter()
        for at in d.arrivals:
            counts[dt.time(at.hour, at.minute // 15 * 15)] += 1
        buckets.append(counts)
    keys = sorted({k for b in buckets for k in b})
    times: list[dt.time] = []
    now = dt.datetime.combine(dt.date(2000, 1, 1), keys[0])
    while now.time() <= keys[-1] and len(times) < 96:
        times.append(now.time())
        now += dt.timedelta(minutes=15)
    drawing = _drawing(width, 124)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 20, width - 40, 80
    chart.data = [[b.get(t, 0) for t in times] for b in buckets]
    chart.categoryAxis.categoryNames = [t.strftime("%H:%M") for t in times]
    for n in range(len(days)):
        chart.bars[n].fillColor = _colour(SITE_COLOURS[n % len(SITE_COLOURS)])
    chart.bars.strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 4
    chart.valueAxis.valueMin = 0
    top = max([max(b.values(), default=0) for b in buckets] + [1])
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1, round(top / 4))
    _label_fonts(chart.categoryAxis.labels, chart.valueAxis.labels)
    drawing.add(chart)
    _legend(
        drawing,
        30,
        110,
        [(d.name, SITE_COLOURS[n % len(SITE_COLOURS)]) for n, d in enumerate(days)],
    )
    return drawing


def timings_by_site(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    """Each agenda item's plan and what happened, at each site, on one row."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    days = report.sites
    flow: list[Any] = [Paragraph("Planned and actual timings, per site", st["h1"])]
    centred = ParagraphStyle("centred", parent=st["cell"], alignment=1)
    late_style = ParagraphStyle("late", parent=centred, textColor=_colour("#b03a2e"))
    titles: list[str] = []
    for d in days:
        for t in d.timings:
            if fold(t.title) not in {fold(x) for x in titles}:
                titles.append(t.title)
    header = [_head("Item", st, left=True)]
    for d in days:
        header += [_head(f"{d.name}, planned", st), _head(f"{d.name}, as run", st)]
    rows: list[list[Any]] = [header]
    for title in titles:
        row: list[Any] = [Paragraph(rich(title), st["cell"])]
        for d in days:
            timing = next((x for x in d.timings if fold(x.title) == fold(title)), None)
            if timing is None:
                row += ["–", "–"]
                continue
            verdict, is_late = _verdict(timing)
            actual = (
                f"{timing.actual_start:%H:%M}, {timing.actual_min} min<br/>{verdict}"
                if timing.actual_start is not None and timing.actual_min is not None
                else verdict
            )
            row += [
                Paragraph(f"{timing.planned_start:%H:%M}, {timing.planned_min} min", centred),
                Paragraph(actual, late_style if is_late else centred),
            ]
        rows.append(row)
    first = 46 * MM
    column = (width - first) / (2 * len(days))
    widths = [first]
    for _ in days:
        widths += [column * 0.8, column * 1.2]
    flow.append(_grid(rows, widths))
    return flow


def feedback_by_site(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    """Each session's responses and average rating at each site, then the comments chosen."""
    from reportlab.platypus import Paragraph

    days = report.sites
    flow: list[Any] = [Paragraph("Feedback on each session, per site", st["h1"])]
    if not report.sessions:
        flow.append(Paragraph("No feedback was given.", st["body"]))
        return flow
    header = [_head("Session (responses, average of 5)", st, left=True)]
    header += [_head(d.name, st) for d in days] + [_head("All sites", st)]
    rows: list[list[Any]] = [header]

    def cell(s: SessionFeedback | None) -> str:
        if s is None or not s.responses:
            return "–"
        average = s.average
        return f"{s.responses}, {average:.1f}" if average is not None else str(s.responses)

    for session in report.sessions:
        per_site = [
            next((x for x in d.sessions if fold(x.title) == fold(session.title)), None)
            for d in days
        ]
        rows.append(
            [Paragraph(rich(session.title), st["cell"]), *map(cell, per_site), cell(session)]
        )
    column = (width - 80 * MM) / (len(days) + 1)
    flow.append(_grid(rows, [80 * MM] + [column] * (len(days) + 1)))
    for d in days:
        chosen = [(s.title, c) for s in d.sessions for c in s.chosen]
        if not chosen:
            continue
        flow.append(Paragraph(rich(f"Comments chosen to share at {d.name}"), st["h2"]))
        for title, (worked, change) in chosen[:8]:
            flow.append(Paragraph(rich(title), st["small"]))
            if worked:
                flow.append(Paragraph(f"<b>Worked:</b> “{rich(worked)}”", st["quote"]))
            if change:
                flow.append(Paragraph(f"<b>Change:</b> “{rich(change)}”", st["quote"]))
    return flow


A4_TEXT_WIDTH = 210 * MM - 36 * MM  # between the 18 mm margins


def build_a4(out: Path | str | BinaryIO, flow: list[Any], *, title: str, footer: str) -> int:
    """Lay out `flow` on A4 pages with labdesk's margins and bundled font, each page footed with
    `footer` and its number; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    sans, _ = fonts.register()
    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=A4,
        leftMargin=18 * MM,
        rightMargin=18 * MM,
        topMargin=16 * MM,
        bottomMargin=16 * MM,
        title=title,
        author="labdesk",
        creator="labdesk",
        initialFontName=sans,
    )
    pages = {"n": 0}

    def draw_footer(canvas: Any, document: Any) -> None:
        pages["n"] = document.page
        canvas.saveState()
        canvas.setFillColor(_colour(GREY))
        fonts.draw(canvas, 18 * MM, 9 * MM, footer, 7.5, sans)
        fonts.draw(
            canvas, A4[0] - 18 * MM, 9 * MM, f"Page {document.page}", 7.5, sans, anchor="right"
        )
        canvas.restoreState()

    doc.build(flow, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return pages["n"]


def render(out: Path | str | BinaryIO, report: DayReport, *, anonymised: bool = False) -> int:
    """Write the day report to out; returns the number of pages."""
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    w = report.workshop
    width = A4_TEXT_WIDTH
    where = f" · {w.venue}" if w.venue.strip() else ""
    by = f" · {w.organiser}" if w.organiser.strip() else ""
    if report.sites:
        when = " · ".join(f"{d.name}, {_long_date(d.site.date)}" for d in report.sites)
        subtitle = f"{when}{by}"
    else:
        subtitle = f"{_long_date(w.date)}{where}{by}"
    flow: list[Any] = [
        Paragraph(rich(w.title, fonts.SANS_BOLD), st["title"]),
        Paragraph(rich(subtitle), st["small"]),
        Spacer(1, 8),
        _key_figures(report, st),
    ]
    if report.sites:
        flow += sites_side_by_side(report, st, width)
        flow += timings_by_site(report, st, width)
        flow += feedback_by_site(report, st, width)
    else:
        flow += _one_site(report, st, width)
    flow += _commitments(report, st, width, anonymised)
    from labdesk.printing.poll_report import poll_pages

    flow += poll_pages(report.polls, st, width)
    return build_a4(
        out, flow, title=f"Day report — {w.title}", footer=f"Day report · {_short(w.title, 80)}"
    )


def _one_site(report: DayReport, st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph

    flow: list[Any] = [Paragraph("Attendance", st["h1"])]
    if report.expected:
        share = round(100 * report.arrived / report.expected)
        flow.append(
            Paragraph(
                f"{report.arrived} of {report.expected} expected attendees came ({share}%)"
                + (f", including {count(report.walk_ins, 'walk-in')}" if report.walk_ins else "")
                + ".",
                st["body"],
            )
        )
        flow.append(attendance_chart(report, width))
        others = report.attendance[TOP_ORGANISATIONS:]
        if others:
            flow.append(
                Paragraph(
                    f"And {count(len(others), 'more organisation', 'more organisations')}: "
                    f"{sum(o.arrived for o in others)} in of "
                    f"{sum(o.expected for o in others)} expected.",
                    st["small"],
                )
            )
        if report.arrivals:
            flow.append(Paragraph("When people arrived", st["h2"]))
            flow.append(arrivals_chart(report, width))
    else:
        flow.append(Paragraph("No attendees were expected.", st["body"]))
    flow += _timings(report, st, width)
    flow += _feedback(report, st, width)
    return flow


def render_for(doc: Any, out: Path | str | BinaryIO, *, anonymised: bool = False) -> int:
    from labdesk.store import day_report

    return render(out, day_report.load(doc), anonymised=anonymised)
