"""Two real browsers at the door, a room view and the remote, against `labdesk serve`.

Makes a fresh copy of the demo workshop with nobody checked in and a second door desk, starts
`labdesk serve` on it, and runs scripts/screens_in_browsers.js in headless Chromium: a tablet
(1024×768) and a phone (390×844) check the same people in at once, through their pages as a
keyboard-wedge scanner types; the phone finds someone by name; the tablet loses the laptop
mid-scan; a phone's room view follows the timer the tablet's remote starts, moves and messages.
Then it reads the file to check what the pages said: each person checked in exactly once, and
nobody checked in by the scan that never reached the laptop. It also runs axe-core on each page.

Needs Chromium (/usr/bin/chromium) and playwright-core and axe-core (NODE_PATH, default
/tmp/pc/node_modules). Not part of the test suite. Usage:

    .venv/bin/python scripts/screens_in_browsers.py [OUT_FOLDER]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from labdesk.store import checkins as store_checkins
    from labdesk.store import open_workshop, screen_pins
    from labdesk.store.changes import Topic
    from labdesk.store.checkins import Scanner
    from labdesk.store.demo import create_demo

    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="screens-"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "door.labdesk"
    path.unlink(missing_ok=True)
    doc = create_demo(path, lock=False)
    with doc.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins")
    screen_pins.ensure_screens(doc)
    screen_pins.add_desk(doc)
    scanner = Scanner(doc)
    people = [int(r[0]) for r in doc.con.execute("SELECT id FROM attendees ORDER BY id LIMIT 22")]
    codes = [scanner.badge_code(n) for n in people]
    offline_code, photo_code, codes = codes[-1], codes[-2], codes[:-2]
    from labdesk.core.qr import qr_png

    photo = out / "badge-photo.png"  # a badge's QR code as a phone's camera would send it
    photo.write_bytes(qr_png(photo_code, box_size=12))
    doc.close(take_backup=False)

    serve = subprocess.Popen(
        [sys.executable, "-m", "labdesk", "serve", str(path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stdout is not None
        lines = []
        while not lines or not lines[-1].startswith("Press Ctrl+C"):
            line = serve.stdout.readline()
            if not line:
                raise SystemExit("labdesk serve did not start")
            lines.append(line.strip())
        screens = {}
        for line in lines:
            found = re.match(r"(Room view|Door desk \d|Remote): (\S+)(?:  PIN (\d+))?$", line)
            if found:
                screens[found.group(1)] = {"url": found.group(2), "pin": found.group(3)}
        args = {
            "screens": screens,
            "codes": codes,
            "offline": offline_code,
            "photo": str(photo),
            "out": str(out),
        }
        env = {**os.environ, "NODE_PATH": os.environ.get("NODE_PATH", "/tmp/pc/node_modules")}
        done = subprocess.run(
            ["node", str(ROOT / "scripts" / "screens_in_browsers.js"), json.dumps(args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            print(done.stdout)
            return 1
        report = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        serve.terminate()
        serve.wait(20)
    doc = open_workshop(path, lock=False, readonly=True)
    try:
        arrived = store_checkins.all_by_attendee(doc)
        report["file"] = {
            "checked_in": len(arrived),
            "each_scanned_person_once": all(n in arrived for n in people[:-2]),
            "photo_scan_stored": people[-2] in arrived,
            "by_desk": sorted({c.desk for c in arrived.values()}),
            "offline_scan_stored": people[-1] in arrived,
        }
    finally:
        doc.close(take_backup=False)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
