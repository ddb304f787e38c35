"""`labdesk agenda FILE -o OUT.pdf [--run-sheet]` (issue #13, item 14): the participants' agenda
(times re-timed, titles, a line for the room) and the facilitator's run sheet (phases with their
times, prompts, notes, groups, materials), written whole, owner-only, never over the workshop."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

import pytest

from labdesk.cli import main
from labdesk.core.agenda import plan
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from tests.pdf_inspect import fonts_and_images, texts


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_participants_agenda_has_the_times_titles_and_a_line_for_the_room(
    demo_file, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "agenda.pdf"
    assert main(["agenda", str(demo_file.path), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Agenda, 10 items, 1 page: {out}\n"
    page = _one_line(texts(out)[0])
    for line in (
        "09:30–10:00 Arrival, coffee and check-in",
        "10:30–11:45 Session 1: Sharing the learning and exploring solutions",
        "13:00–13:45 Lunch",
        "15:45–16:00 Close and next steps",
        "Thursday 17 September 2026 · The Resource Centre, London · Q Lab and Mind",
        "Trios; each member in turn is the client while the other two consult.",
        "5 presentations: Health Innovation Network and Sydenham Gardens;",
    ):
        assert line in page
    # The facilitator's notes and prompts are not for the room's copy.
    assert "Keep the welcome short" not in page
    assert "Reassure people" not in page
    assert "N teams present" not in page
    fonts, _ = fonts_and_images(out)
    names = {str(f.get("/BaseFont")) for f in fonts.values()}
    assert names and all("DejaVuSans" in n for n in names)  # the bundled font, embedded


def test_the_run_sheet_has_phases_prompts_notes_groups_and_materials(
    demo_file, tmp_path: Path
) -> None:
    troika = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 1"))
    formed = store_groups.form_for_item(demo_file, troika, rng=random.Random(3))
    first_trio = formed.formation.stages[0].groups[0]
    names = {a.id: a.name for a in formed.people}
    out = tmp_path / "run.pdf"
    assert main(["agenda", str(demo_file.path), "-o", str(out), "--run-sheet"]) == 0
    pages = texts(out)
    assert "RUN SHEET" in pages[1]
    sheet = _one_line(" ".join(pages[1:]))
    for line in (
        "10:30–11:45 Session 1: Sharing the learning and exploring solutions 75 min",
        "Groups: Same group, roles rotate. Stay in your group. The client role passes",
        "Client shares the challenge 3 min × 3 rounds trios Client: share your challenge.",
        "Notes: Keep the welcome short. Three rounds, a new partner each round.",
        "Materials: Three chairs per trio, no tables; Paper and pens for everyone",
        "Say: Bring a challenge where a fresh pair of eyes would help",
        "Groups kept (14 trios and 1 four, the same every round): 1 ",
        "⚑ fixed at 13:00",
        "Networking pairs 6 min × 3 rounds pairs Find someone you don't know",
    ):
        assert line in sheet
    assert ", ".join(names[p] for p in first_trio) in sheet


def test_once_the_day_is_under_way_the_agenda_is_re_timed(demo_file, tmp_path: Path) -> None:
    w = store_workshop.load(demo_file)
    items = store_agenda.load(demo_file)
    store_run.keep_plan(demo_file, plan(w.date, w.day_start, items))
    day = dt.datetime.combine(w.date, dt.time(9, 30))
    store_run.record(demo_file, items[0].id, start=day, end=day + dt.timedelta(minutes=37))
    store_run.record(demo_file, items[1].id, start=day + dt.timedelta(minutes=37))
    from labdesk.core.timer import PhaseTimer, day_steps

    timer = PhaseTimer(day_steps(items), lambda: (day + dt.timedelta(minutes=37)).timestamp())
    timer.go_to(1)
    timer.start()
    store_run.save_timer(demo_file, timer.state)
    from labdesk.printing import agenda as printed
    from labdesk.store import agenda_sheet

    sheet = agenda_sheet.load(demo_file, now=day + dt.timedelta(minutes=40))
    out = tmp_path / "retimed.pdf"
    printed.render(out, sheet)
    page = _one_line(texts(out)[0])
    assert "Times as they stand at 10:10: running 7 min late." in page
    assert "09:30–10:07 Arrival, coffee and check-in" in page
    assert "10:37–11:52 Session 1" in page
    assert "13:07–13:52 Lunch" in page  # as things stand: the console says lunch is at risk


def _run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labdesk", "agenda", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_agenda_is_owner_only_written_whole_and_never_over_the_workshop(
    demo_file, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.pdf"
    result = _run(demo_file.path, "-o", out, "--run-sheet")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    for args, reason in [
        (["-o", demo_file.path.with_suffix(".pdf").with_name("demo.labdesk")], "the output"),
        (["-o", tmp_path / "agenda.txt"], "agenda.txt: the output must be a .pdf file"),
        (["-o", tmp_path / "nowhere" / "a.pdf"], "does not exist"),
    ]:
        refused = _run(demo_file.path, *args)
        assert refused.returncode == 2 and reason in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
    link = tmp_path / "agenda-link.pdf"
    link.symlink_to(demo_file.path)
    refused = _run(demo_file.path, "-o", link)
    assert refused.returncode == 2 and "is the workshop file itself" in refused.stderr
    assert demo_file.integrity() == "ok"


def test_an_empty_workshop_and_hostile_titles_still_print(workshop_file, tmp_path: Path) -> None:
    from labdesk.core.model import AgendaItem, Phase

    out = tmp_path / "empty.pdf"
    assert main(["agenda", str(workshop_file.path), "-o", str(out), "--run-sheet"]) == 0
    assert "The agenda is empty." in texts(out)[0]
    store_agenda.save_item(
        workshop_file,
        AgendaItem(
            title="\u202e<b>Bold</b> محمد 李小龙 " + "T" * 2000,
            duration_min=20,
            notes="N" * 5000,
            phases=[Phase("P" * 300, 600, "<script>x</script>\n" * 40, notes="Z" * 3000)],
        ),
    )
    out = tmp_path / "hostile.pdf"
    assert main(["agenda", str(workshop_file.path), "-o", str(out), "--run-sheet"]) == 0
    assert "<script>x</script>" in " ".join(texts(out))


def test_an_erasure_makes_the_run_sheet_and_the_item_groups_again_without_them(
    demo_file, tmp_path: Path
) -> None:
    from labdesk import outputs
    from labdesk.store import attendees as store_attendees

    troika = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 1"))
    formed = store_groups.form_for_item(demo_file, troika, rng=random.Random(1))
    sian = next(a for a in store_attendees.load_all(demo_file) if a.name == "Siân Jones")
    assert sian.id in formed.formation.people
    f = formed.formation
    outputs.make(demo_file, "agenda", tmp_path / "run.pdf", run_sheet=True)
    outputs.make(
        demo_file,
        "groups",
        tmp_path / "troika.csv",
        rounds=[s.groups for s in f.stages],
        by_item=True,
        rule=f.rule.value,
        sizes=[s.size for s in f.stages],
        roles=[[r.name, r.rotates] for r in f.roles],
        title=troika.title,
    )
    assert "Siân Jones" in " ".join(texts(tmp_path / "run.pdf"))
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", "erase", str(demo_file.path), "Siân Jones"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(tmp_path / "run.pdf") in done.stdout and str(tmp_path / "troika.csv") in done.stdout
    sheet = " ".join(texts(tmp_path / "run.pdf"))
    assert "Siân Jones" not in sheet and "Groups kept" in sheet
    rows = (tmp_path / "troika.csv").read_text(encoding="utf-8-sig")
    assert "Siân" not in rows and rows.startswith("round,group,role,attendee")
    assert "client" in rows
