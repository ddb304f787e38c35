"""The files saved from a workshop, as the workshop file remembers them.

Each one is kept with what it is (its kind), how it was made (the options to make it again),
and whom it names (attendee ids) and which commitment cards it holds. An erasure asks which
files name the person and makes those again without them, or removes them (labdesk.outputs);
the retention date removes those that hold personal data. The list says nothing about a person
by itself: ids only, and the paths the organiser chose.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

PREVIEW = "preview"  # a file in the temporary folder (a print preview, a walk-in's badge)
COPY = "copy"  # a whole copy of the workshop (File › Save a Copy)
LEGACY = ""  # remembered by an older labdesk by its path alone


@dataclass
class MadeFile:
    path: Path
    kind: str
    options: dict[str, Any] = field(default_factory=dict)
    people: set[int] = field(default_factory=set)
    cards: set[int] = field(default_factory=set)
    made_at: str = ""

    def names(self, attendee_id: int, card_ids: Iterable[int] = ()) -> bool:
        """Whether this file names the person or holds one of these cards."""
        return attendee_id in self.people or bool(self.cards & set(card_ids))


def remember(
    doc: WorkshopFile,
    path: Path,
    kind: str,
    *,
    options: dict[str, Any] | None = None,
    people: Iterable[int] = (),
    cards: Iterable[int] = (),
) -> None:
    """Note a file saved from this workshop (replacing what was known of the same path)."""
    with doc.transaction("settings") as con:
        con.execute(
            "INSERT INTO generated_files (path, kind, options, people, cards, made_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET kind = excluded.kind,"
            " options = excluded.options, people = excluded.people, cards = excluded.cards,"
            " made_at = excluded.made_at",
            (
                str(Path(path).resolve()),
                kind,
                json.dumps(options or {}, ensure_ascii=False),
                json.dumps(sorted(set(people))),
                json.dumps(sorted(set(cards))),
                now_iso(),
            ),
        )


def load(doc: WorkshopFile) -> list[MadeFile]:
    rows = doc.con.execute("SELECT * FROM generated_files ORDER BY made_at, path").fetchall()
    return [
        MadeFile(
            Path(r["path"]),
            str(r["kind"]),
            json.loads(r["options"]),
            set(json.loads(r["people"])),
            set(json.loads(r["cards"])),
            str(r["made_at"]),
        )
        for r in rows
    ]


def forget(doc: WorkshopFile, paths: Iterable[Path]) -> None:
    """Stop remembering files that are gone (their paths may carry a name the user chose)."""
    gone = [str(Path(p)) for p in paths]
    if not gone:
        return
    with doc.transaction("settings") as con:
        con.executemany("DELETE FROM generated_files WHERE path = ?", [(p,) for p in gone])


def drop_person(doc: WorkshopFile, attendee_id: int, card_ids: Iterable[int]) -> None:
    """After a file was made again without someone: it no longer names them."""
    cards = set(card_ids)
    with doc.transaction("settings") as con:
        for made in load(doc):
            if made.names(attendee_id, cards):
                con.execute(
                    "UPDATE generated_files SET people = ?, cards = ? WHERE path = ?",
                    (
                        json.dumps(sorted(made.people - {attendee_id})),
                        json.dumps(sorted(made.cards - cards)),
                        str(made.path),
                    ),
                )
