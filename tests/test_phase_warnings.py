"""Warnings scale with the phase (issue #13, item 4): a two-minute phase still warns, a three-minute
one is not "nearly time" for two of its minutes, and a phase's own warning is kept in the file."""

from __future__ import annotations

import pytest

from labdesk.core.model import AgendaItem, Phase
from labdesk.core.timer import FakeClock, Level, PhaseTimer, day_steps, phase_warning_s
from labdesk.store import agenda as store_agenda
from labdesk.store import migrations, open_workshop
from tests.old_files import version_1


def _level_after(duration_s: int, elapsed_s: float, override: int | None = None) -> Level:
    """The projector's level `elapsed_s` into a phase, as the timer decides it."""
    clock = FakeClock()
    item = AgendaItem(id=1, title="T", duration_min=duration_s // 60 + 1)
    item.phases = [Phase("P", duration_s, "Go", warn_s=override)]
    timer = PhaseTimer(day_steps([item]), clock)
    timer.start()
    clock.advance(elapsed_s)
    return timer.level()


def test_a_two_minute_phase_warns_before_it_ends() -> None:
    assert phase_warning_s(120) == 30
    assert _level_after(120, 60) is Level.NORMAL
    assert _level_after(120, 95) is Level.WARNING


def test_a_three_minute_phase_is_not_nearly_time_for_two_minutes() -> None:
    assert phase_warning_s(180) == 36
    assert _level_after(180, 60) is Level.NORMAL  # two minutes left: not "nearly time"
    assert _level_after(180, 130) is Level.NORMAL
    assert _level_after(180, 150) is Level.WARNING


@pytest.mark.parametrize(
    ("duration_s", "warn_s"),
    [
        (60, 30),  # at least 30 s …
        (30, 15),  # … but never for more than half the phase
        (600, 120),  # 20 % of ten minutes
        (45 * 60, 300),  # lunch is not "nearly over" for nine minutes
        (0, 0),
    ],
)
def test_the_warning_scales_with_the_phase(duration_s: int, warn_s: int) -> None:
    assert phase_warning_s(duration_s) == warn_s


def test_a_phase_can_set_its_own_warning() -> None:
    assert phase_warning_s(120, 45) == 45
    assert phase_warning_s(120, 500) == 120  # never longer than the phase
    assert phase_warning_s(600, 0) == 0
    assert _level_after(600, 599, override=0) is Level.NORMAL  # 0: this phase never warns


def test_a_phase_warning_is_kept_in_the_workshop_file(workshop_file) -> None:
    item = AgendaItem(
        title="Troika",
        duration_min=10,
        phases=[Phase("Consult", 300, "Consult", warn_s=90), Phase("Reflect", 120, "Reflect")],
    )
    store_agenda.save_item(workshop_file, item)
    loaded = store_agenda.load(workshop_file)[0]
    assert [p.warn_s for p in loaded.phases] == [90, None]


def test_a_file_from_before_phase_warnings_opens_with_its_phases(tmp_path) -> None:
    path = tmp_path / "old.labdesk"
    # A file as a labdesk from before this change left it: schema version 1, one phased item.
    con = version_1(path, day="2026-01-01")
    con.execute(
        "INSERT INTO agenda_items (id, position, title, duration_min) VALUES (1, 0, 'Talk', 5)"
    )
    con.execute(
        "INSERT INTO phases (agenda_item_id, position, name, duration_s, prompt)"
        " VALUES (1, 0, 'Talk', 300, 'Listen')"
    )
    con.close()
    old = open_workshop(path, lock=False, readonly=True)  # labdesk report does this
    assert [p.prompt for p in store_agenda.load(old)[0].phases] == ["Listen"]
    old.close(take_backup=False)
    upgraded = open_workshop(path)
    assert upgraded.schema_version() == migrations.SCHEMA_VERSION
    phases = store_agenda.load(upgraded)[0].phases
    assert [(p.prompt, p.warn_s) for p in phases] == [("Listen", None)]
    upgraded.close(take_backup=False)
