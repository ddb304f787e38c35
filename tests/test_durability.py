"""Nothing acknowledged is lost: a writer killed with SIGKILL at random moments, 20 trials."""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import time

import pytest

from labdesk.private_files import copy_private
from labdesk.store import create, open_workshop

WRITER = r"""
import sys
from labdesk.core.model import Attendee
from labdesk.store import open_workshop
from labdesk.store import attendees
doc = open_workshop(sys.argv[1])
n = 0
while True:
    a = attendees.add(doc, Attendee(name=f"Person {n}", email=f"p{n}@example.org"))
    print(a.id, flush=True)  # acknowledged only after the commit returned
    n += 1
"""


def test_sigkill_during_writes_loses_nothing_acknowledged(tmp_path):
    rng = random.Random(1234)
    path = tmp_path / "w.labdesk"
    create(path, "Durability", dt.date(2026, 9, 17)).close(take_backup=False)
    acknowledged: set[int] = set()
    for _trial in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 40)  # kill after a random number of acknowledgements...
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                break
            acknowledged.add(int(line))
        time.sleep(rng.random() * 0.01)  # ...plus a random moment inside the next write
        child.send_signal(signal.SIGKILL)
        for line in child.stdout:  # anything printed before the kill was acknowledged too
            acknowledged.add(int(line))
        child.wait()
        doc = open_workshop(path)  # the stale lock of the killed writer is recovered
        stored = {r[0] for r in doc.con.execute("SELECT id FROM attendees")}
        assert acknowledged <= stored
        assert doc.integrity(full=True) == "ok"
        doc.close(take_backup=False)
    assert len(acknowledged) >= 20


def test_backups_taken_during_writes_are_whole_and_never_file_copies(tmp_path):
    """GIVEN another process adding people as fast as it can, WHEN ten backups are taken, THEN
    each is a complete workshop file (integrity ok, people only ever more); and nothing in labdesk
    copies a workshop file byte for byte (a copy of a live database can be torn)."""
    import re
    import sqlite3
    from pathlib import Path

    from labdesk.store import backup

    path = tmp_path / "w.labdesk"
    create(path, "Backups", dt.date(2026, 9, 17)).close(take_backup=False)
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline()  # writing has begun
        doc = open_workshop(path, lock=False)
        counts = []
        for _ in range(10):
            copy = backup.rolling_backup(doc.con, path)
            con = sqlite3.connect(copy)
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            counts.append(con.execute("SELECT count(*) FROM attendees").fetchone()[0])
            con.close()
            child.stdout.readline()  # let at least one more write land between backups
        doc.close(take_backup=False)
    finally:
        child.kill()
        child.wait()
    assert counts == sorted(counts) and counts[-1] > counts[0]
    source = Path(__file__).resolve().parent.parent / "labdesk"
    copying = re.compile(r"shutil\.copy|copyfile|copy2|os\.link\(|\.read_bytes\(\).*labdesk")
    offenders = [
        f"{p.relative_to(source)}:{n}"
        for p in sorted(source.rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if copying.search(line) and line.strip() != ALLOWED_COPY
    ]
    assert offenders == []
    # The one copy allowed: Save as PDF… copies a PDF labdesk made, and refuses anything else.
    with pytest.raises(ValueError, match="is not a PDF"):
        copy_private(path, tmp_path / "copy.labdesk")
    assert not (tmp_path / "copy.labdesk").exists()


ALLOWED_COPY = "shutil.copyfile(source, partial)  # a PDF only (above): see test_durability"
