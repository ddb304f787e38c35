"""Create a fresh workshop file holding the demo day."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from labdesk import __version__
from labdesk.paths import cache_dir, data_dir, resource
from labdesk.store.backup import backup_to
from labdesk.store.changes import Topic
from labdesk.store.document import (
    WorkshopFile,
    WorkshopFileError,
    create,
    explain,
    new_identity,
    open_workshop,
)
from labdesk.store.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from labdesk.core import demo

log = logging.getLogger("labdesk.store")


def create_demo(path: Path | str, *, lock: bool = True) -> WorkshopFile:
    """Create path as a copy of the demo workshop and return it open.

    The demo day is built once for this labdesk and this demo into the user's cache (a few
    dozen milliseconds of schema and rows), and each new demo is a copy of it with an identity
    of its own (code, badge key, web token, retention date): `labdesk --demo` opens about as
    fast as a file. What is built holds only the shipped demo day (resources/demo), as
    resources/ does, and nothing from any workshop. Where the copy cannot be made, the demo is
    built in place."""
    path = Path(path)
    try:
        template = _template()
    except (OSError, WorkshopFileError) as exc:  # nothing the person need do: built here
        log.info("could not keep a built demo in the cache (%s); building it in place", exc)
        return build_demo(path, lock=lock)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise WorkshopFileError(f"{path.name} already exists. Choose another name.") from exc
    except OSError as exc:
        raise WorkshopFileError(explain(exc, path)) from exc
    os.close(fd)  # the name is ours: the copy replaces this empty file
    try:
        # Copied by SQLite (its backup, page by page), as every copy of a workshop is: the
        # built demo is never written once it is there, so it is read as immutable.
        source = sqlite3.connect(f"{template.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            backup_to(source, path)
        finally:
            source.close()
        doc = open_workshop(path, lock=lock)
    except (OSError, sqlite3.Error, WorkshopFileError):  # it went, or went bad: build it here
        log.info("the built demo could not be copied; building it in place", exc_info=True)
        for gone in (path, template):
            with contextlib.suppress(OSError):
                gone.unlink()
        return build_demo(path, lock=lock)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    try:
        new_identity(doc)
    except BaseException:
        doc.close(take_backup=False)
        raise
    return doc


def _template() -> Path:
    """The demo day built for this labdesk and this demo, made if it is not there yet."""
    source = resource("demo", "demo.json")
    made = source.stat()
    folder = cache_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f".built-v{SCHEMA_VERSION}-{__version__}-{made.st_size}-{made.st_mtime_ns}.labdesk"
    template = folder / name
    if template.exists():
        return template
    building = folder / f".building-{os.getpid()}-{time.monotonic_ns()}.labdesk"
    try:
        build_demo(building, lock=False).close(take_backup=False)
        os.replace(building, template)  # whole or not there: another labdesk may be copying it
    finally:
        for leftover in (
            building,
            *(building.with_name(building.name + x) for x in ("-wal", "-shm")),
        ):
            with contextlib.suppress(OSError):
                leftover.unlink()
    for old in folder.glob(".built-*.labdesk"):  # an earlier version's
        if old != template:
            with contextlib.suppress(OSError):
                old.unlink()
    return template


def build_demo(path: Path | str, *, lock: bool = True) -> WorkshopFile:
    """Create path holding the demo workshop, row by row, and return it open."""
    # Here, not above: a demo copied (the usual way) needs none of these.
    from labdesk.core import demo
    from labdesk.core.model import CardSource, ConfirmedBy
    from labdesk.store import agenda, attendees, commitments, feedback, workshop

    day = demo.load(resource("demo", "demo.json"))
    doc = create(path, day.workshop.title, day.workshop.date, venue=day.workshop.venue, lock=lock)
    try:
        stored = workshop.load(doc)
        day.workshop.code = stored.code
        workshop.save(doc, day.workshop)
        agenda.replace_all(doc, day.agenda)
        attendees.add_many(doc, day.attendees)
        with doc.transaction(Topic.CHECKINS) as con:
            for index, at in day.check_ins:
                con.execute(
                    "INSERT INTO check_ins (attendee_id, at, desk, method) VALUES (?, ?, 'Desk 1', 'scan')",
                    (day.attendees[index].id, at),
                )
        # One commit for all the responses and one for all the cards (`labdesk --demo` waits).
        with doc.transaction(Topic.FEEDBACK) as con:
            for n, (item_index, response) in enumerate(day.feedback):
                item_id = day.agenda[item_index].id
                assert item_id is not None
                response.agenda_item_id = item_id
                feedback.write(con, response, f"demo-{n}")
        with doc.transaction(Topic.COMMITMENTS) as con:
            for n, (attendee_index, card) in enumerate(day.commitments):
                card.attendee_id = day.attendees[attendee_index].id if attendee_index >= 0 else None
                if card.attendee_id is not None:  # they typed their badge code, or it was paper
                    card.confirmed_by = (
                        ConfirmedBy.BADGE if card.source == CardSource.PHONE else ConfirmedBy.PAPER
                    )
                commitments.write(con, card, f"demo-card-{n}")
        _date_responses_on_the_day(doc, day)
    except BaseException:
        doc.close(take_backup=False)
        raise
    return doc


def _date_responses_on_the_day(doc: WorkshopFile, day: demo.DemoDay) -> None:
    """Give the demo's responses and cards times during the demo day, not today's."""
    date = day.workshop.date.isoformat()
    with doc.transaction(Topic.FEEDBACK) as con:
        for table, hour in (("feedback", 14), ("commitments", 15)):
            rows = con.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()
            for n, (row_id,) in enumerate(rows):
                at = f"{date}T{hour}:{(n * 2) % 60:02d}:00+01:00"
                con.execute(
                    f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE id = ?",
                    (at, at, row_id),
                )


def fresh_demo_path() -> Path:
    """A new file name for `labdesk --demo` in the user's data folder."""
    folder = data_dir() / "demo"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H%M%S")
    path = folder / f"Demo workshop {stamp}.labdesk"
    n = 2
    while path.exists():
        path = folder / f"Demo workshop {stamp} ({n}).labdesk"
        n += 1
    return path
