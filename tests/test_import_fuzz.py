"""Hostile input into the importer: a result or a clear error, never a crash, no row lost."""

from __future__ import annotations

import contextlib
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labdesk.core.importing import Action, ImportError_, read_plan
from labdesk.store import attendees

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.tsv", "x.txt", "x.xlsx", "x"]))
def test_arbitrary_bytes_give_a_plan_or_a_clear_error(data: bytes, name: str) -> None:
    try:
        plan = read_plan(data, name)
    except ImportError_ as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert all(r.action in Action for r in plan.rows)


@FAST
@given(st.binary(max_size=2000))
def test_bytes_after_a_real_header_never_crash(tail: bytes) -> None:
    data = b"Name,Email,Organisation\r\n" + tail
    with contextlib.suppress(ImportError_):
        read_plan(data, "x.csv")


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=25,
)


@FAST
@given(
    st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=30),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_no_row_disappears_silently(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Name", "Email", "Organisation"])
    writer.writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    try:
        plan = read_plan(data, "x.csv")
    except ImportError_:
        return
    body = plan.table.rows[plan.header_row + 1 :]
    # Every row after the header is accounted for: blank, or a plan line (added, merged, left out
    # with a reason).
    assert plan.blank_rows + len(plan.rows) == len(body)
    for step in plan.rows:
        if step.action is Action.SKIP:
            assert step.reason
        else:
            assert step.attendee is not None and step.attendee.name


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_cell, st.sampled_from(["", "a@example.org", "b@example.org", "c@x"]), _cell),
        max_size=15,
    )
)
def test_applying_any_plan_stores_exactly_the_planned_people(workshop_file, rows) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Name", "Email", "Organisation"])
    writer.writerows(rows)
    before = len(attendees.load_all(workshop_file))
    try:
        plan = read_plan(buffer.getvalue().encode(), "x.csv", attendees.load_all(workshop_file))
    except ImportError_:
        return
    outcome = attendees.apply_import(workshop_file, plan)
    after = len(attendees.load_all(workshop_file))
    assert (
        after - before
        == outcome.added + outcome.cancelled
        == len(plan.added) + sum(1 for r in plan.skipped if r.cancelled and r.attendee)
    )


def _sample_files(samples):  # type: ignore[no-untyped-def]
    """Every real-format sample (tests/data), whatever tool made it."""
    return sorted(p for p in samples.iterdir() if p.suffix in {".csv", ".xlsx", ".xls", ".txt"})


def test_damaged_copies_of_the_samples_never_crash(samples) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(20260917)
    originals = [(p.name, p.read_bytes()) for p in _sample_files(samples)]
    outcomes = {"plan": 0, "error": 0}
    for _ in range(300):
        name, data = rng.choice(originals)
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            pos = rng.randrange(len(damaged))
            action = rng.random()
            if action < 0.4:
                damaged[pos] = rng.randrange(256)
            elif action < 0.7:
                del damaged[pos : pos + rng.randint(1, 40)]
            else:
                damaged[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
        try:
            read_plan(bytes(damaged), name)
            outcomes["plan"] += 1
        except ImportError_:
            outcomes["error"] += 1
    assert outcomes["plan"] > 0 and outcomes["error"] > 0


def test_the_import_command_answers_any_file_with_a_result_or_one_line(
    samples, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """`labdesk import` on random and damaged files, really importing: exit 0 with a summary or
    exit 2 with one line, never a traceback; the people it says it added are in the file."""
    import datetime as dt
    import random

    from labdesk.cli import main
    from labdesk.store import create

    workshop_file = create(tmp_path / "day.labdesk", "Fuzz", dt.date(2026, 9, 17), lock=False)
    rng = random.Random(64)
    said = {0: 0, 2: 0}
    originals = [(p.suffix, p.read_bytes()) for p in _sample_files(samples)]
    for n in range(60):
        suffix, data = rng.choice(originals)
        if n % 3 == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
        else:
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                pos = rng.randrange(len(damaged))
                damaged[pos : pos + rng.randint(1, 30)] = bytes(
                    rng.randrange(256) for _ in range(rng.randint(0, 6))
                )
            data = bytes(damaged)
        source = tmp_path / f"list{n}{suffix}"
        source.write_bytes(data)
        before = len(attendees.load_all(workshop_file))
        status = main(["import", str(workshop_file.path), str(source)])
        out, err = capsys.readouterr()
        assert status in (0, 2), (n, err)
        said[status] += 1
        if status == 2:
            assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
            assert len(attendees.load_all(workshop_file)) == before
        else:
            last = out.strip().splitlines()[-1]
            assert last.startswith("imported: ")
            assert last.endswith(f"; {attendees.count(workshop_file)} attending in total")
            assert len(attendees.load_all(workshop_file)) >= before
    assert said[0] and said[2]  # both outcomes were met
    assert workshop_file.integrity(full=True) == "ok"
    workshop_file.close(take_backup=False)
