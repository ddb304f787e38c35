"""The day report PDF: what an organiser reads at the end of the day."""

from __future__ import annotations

import itertools
from pathlib import Path

from labdesk.cli import main
from labdesk.core.model import CommitmentCard
from labdesk.printing import report
from labdesk.store import commitments as store_commitments
from labdesk.store import day_report
from tests import pdf_inspect as pdf


def _text(path: Path) -> str:
    return "\n".join(pdf.texts(path))


def test_report_of_the_demo_day(demo_file, tmp_path: Path, capsys):
    out = tmp_path / "report.pdf"
    assert main(["report", str(demo_file.path), "-o", str(out)]) == 0
    assert "Day report" in capsys.readouterr().out
    assert set(pdf.page_sizes_mm(out)) == {(210, 297)}
    text = _text(out)
    assert "Mental health and persistent back and neck pain" in text
    assert "46 of 60 expected attendees came (77%)" in text
    assert "Session 2: Testing new ideas" in text
    assert "responses, average rating" in text
    assert "No actual timings were recorded" in text
    assert "Set up a lunchtime feedback" in text and "Siân Jones" in text
    assert pdf.unembedded_fonts(out) == []
    fonts, _ = pdf.fonts_and_images(out)
    assert not any("Helvetica" in str(f.get("/BaseFont")) for f in fonts.values())


def test_chosen_comments_show_and_hidden_ones_never_do(demo_file, tmp_path: Path):
    con = demo_file.con
    rows = con.execute("SELECT id, worked FROM feedback WHERE worked != '' ORDER BY id").fetchall()
    chosen, hidden = rows[0], rows[1]
    con.execute("UPDATE feedback SET chosen = 1 WHERE id IN (?, ?)", (chosen[0], hidden[0]))
    con.execute("UPDATE feedback SET hidden = 1 WHERE id = ?", (hidden[0],))
    out = tmp_path / "report.pdf"
    report.render_for(demo_file, out)
    text = _text(out).replace("\n", " ")
    assert chosen[1] in text
    assert hidden[1] not in text
    unchosen = rows[2][1]
    assert unchosen not in text  # only chosen comments are quoted


def test_actual_timings_compared_with_the_plan(demo_file, tmp_path: Path):
    items = demo_file.con.execute("SELECT id FROM agenda_items ORDER BY position").fetchall()
    insert = "INSERT INTO item_actuals (agenda_item_id, actual_start, actual_end) VALUES (?, ?, ?)"
    day = "2026-09-17T{}:00+01:00"
    demo_file.con.execute(insert, (items[0][0], day.format("09:30"), day.format("10:05")))
    demo_file.con.execute(insert, (items[1][0], day.format("10:12"), day.format("11:30")))
    data = day_report.load(demo_file)
    assert data.timings[1].late_min == 12 and data.timings[1].actual_min == 78
    out = tmp_path / "report.pdf"
    report.render(out, data)
    text = _text(out)
    assert "12 min late" in text and "on time" in text and "not run" in text


def test_report_compares_with_the_plan_as_the_day_began(demo_file, tmp_path: Path):
    """The agenda was re-timed during the day; the report measures against the original plan."""
    from labdesk.store import run_state

    item_id = demo_file.con.execute("SELECT id FROM agenda_items ORDER BY position").fetchone()[0]
    day = "2026-09-17T{}:00+01:00"
    demo_file.con.execute(
        "INSERT INTO item_actuals VALUES (?, ?, ?, ?, ?)",
        (
            item_id,
            day.format("09:40"),
            day.format("10:10"),
            day.format("09:30"),
            day.format("10:00"),
        ),
    )
    demo_file.con.execute("UPDATE agenda_items SET duration_min = 45 WHERE id = ?", (item_id,))
    assert run_state.load_actuals(demo_file)[item_id].planned_start is not None
    timing = day_report.load(demo_file).timings[0]
    assert (timing.planned_min, timing.late_min, timing.actual_min) == (30, 10, 30)


def test_anonymised_report_leaves_names_out(demo_file, tmp_path: Path):
    out = tmp_path / "anon.pdf"
    assert main(["report", str(demo_file.path), "-o", str(out), "--anonymised"]) == 0
    text = _text(out)
    assert "Set up a lunchtime feedback" in text
    assert "Siân Jones" not in text and "Priya Sharma" not in text
    assert "Names are left out" in text


def test_attendee_text_is_printed_literally_never_as_markup(demo_file, tmp_path: Path):
    store_commitments.upsert(
        demo_file,
        CommitmentCard(
            action="Fix <b>bold</b> & <font size=80>big</font> 陈美玲", name="陈美玲 Chen"
        ),
    )
    out = tmp_path / "report.pdf"
    report.render_for(demo_file, out)
    text = _text(out)
    assert "Fix <b>bold</b> & <font size=80>big</font> 陈美玲" in text.replace("\n", " ")
    assert pdf.unembedded_fonts(out) == []


def test_report_of_an_empty_workshop(workshop_file, tmp_path: Path):
    out = tmp_path / "empty.pdf"
    assert report.render_for(workshop_file, out) == 1
    text = _text(out)
    assert "No attendees were expected." in text and "No feedback was given." in text


def _small_day() -> day_report.DayReport:
    """Thirteen organisations, one walk-in, one response, one card: every count is 1 somewhere."""
    import datetime as dt
    from collections import Counter

    from labdesk.core.model import Workshop

    orgs = [day_report.Attendance(f"Organisation {n}", 2, 1) for n in range(12)]
    orgs.append(day_report.Attendance("The thirteenth", 1, 1))
    start = dt.datetime(2026, 9, 17, 8, 0)
    return day_report.DayReport(
        workshop=Workshop("One of each", dt.date(2026, 9, 17)),
        expected=25,
        arrived=13,
        walk_ins=1,
        attendance=orgs,
        arrivals=[start + dt.timedelta(minutes=40 * n) for n in range(13)],  # 08:00 to 16:00
        timings=[],
        sessions=[day_report.SessionFeedback("Troika", Counter({4: 1}), 1)],
        commitments=[day_report.Commitment("Siân Jones", "Try Troika", "My team", "Soon")],
        postcards_to_post=1,
        post_on=dt.date(2026, 10, 8),
    )


def test_counts_of_one_read_in_the_singular(tmp_path: Path):
    out = tmp_path / "one.pdf"
    report.render(out, _small_day())
    text = " ".join(_text(out).split())
    assert "1 response, average rating 4.0 out of 5" in text
    assert (
        "1 4.0 1 attendees in / expected feedback response average rating (out of 5) commitment card "
        in text
    )
    assert "And 1 more organisation: 1 in of 1 expected." in text
    assert "including 1 walk-in." in text
    assert "1 person said what they will do next. 1 postcard is to be posted back" in text
    for wrong in ("1 responses", "1 more organisations", "1 people", "1 postcards", "1 walk-ins"):
        assert wrong not in text


def test_the_arrivals_chart_labels_only_as_many_times_as_fit(tmp_path: Path):
    import datetime as dt

    quarters = [
        (dt.datetime(2026, 9, 17, 8, 0) + dt.timedelta(minutes=15 * n)).time() for n in range(33)
    ]
    width = 475.0  # the chart's width on A4 between the report's margins
    labels = report.tick_labels(quarters, width)
    shown = [n for n, label in enumerate(labels) if label]
    per_bar = width / len(quarters)
    label_w = report.fonts.width("00:00", report.LABEL_SIZE)
    assert all((b - a) * per_bar > label_w for a, b in itertools.pairwise(shown))
    assert labels[0] == "08:00" and "09:00" in labels and "08:15" not in labels
    morning = quarters[5:9]  # 09:15 to 10:00: room for every quarter hour
    assert report.tick_labels(morning, width) == ["09:15", "09:30", "09:45", "10:00"]
    out = tmp_path / "day.pdf"
    report.render(out, _small_day())
    text = _text(out)
    assert "12:00" in text and "12:15" not in text
