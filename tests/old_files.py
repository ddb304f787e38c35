"""Workshop files as the released schema (version 1) made them, for upgrade tests."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from labdesk.store import migrations


def version_1(
    path: Path, *, day: str, code: str = "ACDE", secret: str = "11" * 32
) -> sqlite3.Connection:
    """Create path at schema version 1 with its workshop row; returns a connection to fill it
    (the caller closes it before labdesk opens the file)."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    migrations.migrate(con, target=1)
    con.execute(
        "INSERT INTO workshop (id, title, date, code, secret, web_token, created_at) VALUES"
        " (1, 'Old day', ?, ?, ?, 'tok', '2025-04-01')",
        (day, code, secret),
    )
    return con
