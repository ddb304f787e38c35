"""Workshop files as the released schema (version 1) made them, for upgrade tests."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from labdesk.store import migrations

RELEASED_V1 = Path(__file__).resolve().parent / "data" / "schema-v1.sql"


def released_v1(con: sqlite3.Connection) -> None:
    """Give an empty database the schema exactly as version 1 was released (stored in
    tests/data/schema-v1.sql), not as `_v1` reads today: an edit to a released step shows."""
    con.execute("BEGIN")
    migrations.run_script(con, RELEASED_V1.read_text(encoding="utf-8"))
    con.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute("COMMIT")


def version_1(
    path: Path, *, day: str, code: str = "ACDE", secret: str = "11" * 32
) -> sqlite3.Connection:
    """Create path at schema version 1 with its workshop row; returns a connection to fill it
    (the caller closes it before labdesk opens the file)."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    released_v1(con)
    con.execute(
        "INSERT INTO workshop (id, title, date, code, secret, web_token, created_at) VALUES"
        " (1, 'Old day', ?, ?, ?, 'tok', '2025-04-01')",
        (day, code, secret),
    )
    return con


STORED_V1_DAY = RELEASED_V1.with_name("workshop-v1.sql")


def stored_v1_day(path: Path) -> None:
    """Make path the workshop file the released version 1 wrote for a whole day (stored as SQL
    in tests/data/workshop-v1.sql: sqlite3's dump keeps no PRAGMAs, so they are set here)."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.executescript(STORED_V1_DAY.read_text(encoding="utf-8"))
    con.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.close()
