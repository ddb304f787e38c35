"""Looking for a person's traces in files, from a child process that opens no SQLite connection.

A test process holds connections to the workshop file, so it must never open(), read or hash the
live file, its WAL or -shm (closing any descriptor on them drops SQLite's locks: DESIGN.md, "One
file, many processes"). The child reads every file under the folders given, looks inside XLSX
parts and at PDF text (compressed, so bytes alone would see nothing), and reports which needles
it found where, ignoring case, in UTF-8 and UTF-16.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

_CHILD = r"""
import io, json, sys, zipfile
from pathlib import Path

needles = json.loads(sys.argv[1])
roots = [Path(p) for p in json.loads(sys.argv[2])]
assert "sqlite3" not in sys.modules

def texts(path):
    raw = path.read_bytes()
    yield raw
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                for name in archive.namelist():
                    yield archive.read(name)
        except zipfile.BadZipFile:
            pass
    if raw.startswith(b"%PDF"):
        from pypdf import PdfReader
        reader = PdfReader(io.BytesIO(raw))
        yield "\n".join(page.extract_text() or "" for page in reader.pages).encode("utf-8")
        yield json.dumps(dict(reader.metadata or {}), default=str).encode("utf-8")

found = {}
files = []
for root in roots:
    if root.is_file():
        files.append(root)
    elif root.is_dir():
        files += [p for p in sorted(root.rglob("*")) if p.is_file()]
for path in files:
    hits = set()
    for text in texts(path):
        lowered = text.lower()
        for needle in needles:
            for form in (needle.lower().encode("utf-8"), needle.lower().encode("utf-16-le")):
                if form in lowered:
                    hits.add(needle)
    if hits:
        found[str(path)] = sorted(hits)
print(json.dumps({"found": found, "files": [str(p) for p in files]}))
assert "sqlite3" not in sys.modules
"""


def look(needles: Iterable[str], *places: Path) -> tuple[dict[str, list[str]], list[str]]:
    """({file: needles found in it}, every file looked at) under places, from a child process."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            json.dumps(list(needles)),
            json.dumps([str(p) for p in places]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    return out["found"], out["files"]
