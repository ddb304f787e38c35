"""Nothing acknowledged is lost: a writer killed with SIGKILL at random moments, 20 trials."""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import time

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
