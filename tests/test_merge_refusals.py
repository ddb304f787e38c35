"""`labdesk merge` given bad input, or a FILE another labdesk holds: one clear line, a non-zero
exit, and FILE unchanged to the byte (hashed by a process with no connection to it). OTHER held
by the other site's labdesk is merged all the same, read-only."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from labdesk.store import migrations
from tests import two_sites
from tests.hostile import fine, labdesk, refused
from tests.test_serve_cli import serve, wait_for_url

pristine_sites = two_sites.pristine_sites  # the fixture: both sites, made once


_HASH = r"""
import hashlib, json, sys
from pathlib import Path
assert "sqlite3" not in sys.modules
out = {}
for name in json.loads(sys.argv[1]):
    p = Path(name)
    out[name] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
print(json.dumps(out))
"""


def hashes(*paths: Path) -> dict[str, str | None]:
    """The files and their journals, hashed by a child process that opens no SQLite
    connection (DESIGN.md, "One file, many processes": this test process never reads them)."""
    names = [str(p) + suffix for p in paths for suffix in ("", "-wal")]
    done = subprocess.run(
        [sys.executable, "-c", _HASH, json.dumps(names)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


@pytest.fixture
def files(pristine_sites: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    return two_sites.copies(pristine_sites, tmp_path, tmp_path)


def _sqlite_file(path: Path, *, version: int | None = None, source: Path | None = None) -> Path:
    if source is not None:
        shutil.copyfile(source, path)
    con = sqlite3.connect(path)
    if source is None:
        con.execute("CREATE TABLE notes (text TEXT)")
    if version is not None:
        con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return path


def _damaged(path: Path, source: Path) -> Path:
    """A copy whose table pages were overwritten (a disk that went bad)."""
    shutil.copyfile(source, path)
    with open(path, "r+b") as fh:  # a closed copy nothing holds
        size = fh.seek(0, 2)
        page = 4096
        for start in range(page * 3, size - page, page * 4):
            fh.seek(start)
            fh.write(os.urandom(page))
    return path


def test_each_bad_other_gets_one_line_and_file_is_unchanged(files, tmp_path: Path) -> None:
    london, manchester = files
    text = tmp_path / "notes.labdesk"
    text.write_text("Not a workshop, just notes.\n", encoding="utf-8")
    linked = tmp_path / "london-link.labdesk"
    linked.symlink_to(london)
    hard = tmp_path / "hard"
    hard.mkdir()
    copy = tmp_path / "london-copy.labdesk"
    shutil.copyfile(london, copy)  # a copy of the same workshop (of a closed file)
    cases = {
        "not a workshop": (text, "is not a labdesk workshop file"),
        "another database": (_sqlite_file(tmp_path / "other.db"), "not a labdesk workshop"),
        "damaged": (_damaged(tmp_path / "damaged.labdesk", manchester), "damaged"),
        "newer": (
            _sqlite_file(
                tmp_path / "newer.labdesk", version=migrations.SCHEMA_VERSION + 1, source=manchester
            ),
            "was made by a newer labdesk",
        ),
        "the same workshop twice": (copy, "is a copy of london.labdesk (the same workshop"),
        "itself": (london, "cannot be merged into itself"),
        "itself by another path": (linked, "cannot be merged into itself"),
        "missing": (tmp_path / "nowhere.labdesk", "does not exist"),
        "its journal": (Path(str(london) + "-wal"), "is the workshop file itself (or part of it)"),
    }
    before = hashes(london)
    for name, (other, says) in cases.items():
        line = refused(labdesk("merge", london, other))
        assert says in line, (name, line)
        assert hashes(london) == before, name
    os.link(london, hard / "same.labdesk")
    line = refused(labdesk("merge", london, hard / "same.labdesk"))
    assert "cannot be merged into itself" in line


def test_a_file_held_by_another_labdesk_is_refused_and_other_held_is_merged_read_only(
    files,
) -> None:
    """Decision: the merge is written by the one labdesk that holds FILE. Beside the app or
    `labdesk serve` the command refuses (the app merges from its own File menu): a merge
    renumbers nothing, but reshapes who is who, which the holder's desk and search hold in
    memory, like `labdesk import`, which takes the same lock. OTHER may be held: it is read."""
    london, manchester = files
    holder = serve(london, "--port", "0")
    try:
        wait_for_url(holder)
        before = hashes(london)
        line = refused(labdesk("merge", london, manchester, "--apart", "all"))
        assert "already open in another labdesk (labdesk serve" in line
        assert "Or merge there, in its File menu: Merge Another Site…" in line
        assert hashes(london) == before
        # A dry run reads beside the holder.
        assert "dry run: nothing changed" in fine(labdesk("merge", london, manchester, "--dry-run"))
        assert hashes(london) == before
    finally:
        holder.terminate()
        holder.wait(20)

    other_holder = serve(manchester, "--port", "0")
    try:
        wait_for_url(other_holder)
        parts = [manchester, Path(str(manchester) + "-wal")]
        seen = [(p.stat().st_size, p.stat().st_mtime_ns) for p in parts]  # os.stat opens nothing
        done = fine(
            labdesk(
                "merge",
                london,
                manchester,
                "--same",
                "11=11",
                "--same",
                "12=12",
                "--apart",
                "13=13",
            )
        )
        assert "22 people added" in done
        assert [(p.stat().st_size, p.stat().st_mtime_ns) for p in parts] == seen
        assert other_holder.poll() is None  # the other site's labdesk carries on
    finally:
        other_holder.terminate()
        other_holder.wait(20)


def test_bad_pairs_and_a_merge_past_the_retention_date_are_refused(files, tmp_path: Path) -> None:
    london, manchester = files
    before = hashes(london)
    assert "5=7 is not a doubtful pair" in refused(
        labdesk("merge", london, manchester, "--apart", "all", "--same", "5=7")
    )
    assert "write a pair as HERE=THERE" in refused(
        labdesk("merge", london, manchester, "--same", "11")
    )
    assert "both as --same and as --apart" in refused(
        labdesk("merge", london, manchester, "--same", "11=11", "--apart", "11=11")
    )
    assert hashes(london) == before
    # Manchester's data is past its date there: it is to be purged, not merged.
    late = tmp_path / "late.labdesk"
    shutil.copyfile(manchester, late)
    con = sqlite3.connect(late)
    con.execute("UPDATE settings SET value = '\"2026-01-01\"' WHERE key = 'retention_date'")
    con.commit()
    con.close()
    assert "retention date of late.labdesk has come" in refused(
        labdesk("merge", london, late, "--apart", "all")
    )
    assert hashes(london) == before
