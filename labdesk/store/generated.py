"""The files saved from a workshop, as the workshop file remembers them.

Each one is kept with what it is (its kind), how it was made (the options to make it again),
and whom it names (attendee ids) and which commitment cards it holds. An erasure asks which
files name the person and makes those again without them, or removes them (labdesk.outputs);
the retention date removes those that hold personal data. The list says nothing about a person
by itself: ids only, and the paths the organiser chose.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_enum


class FileKind(StrEnum):
    """What a saved file is: each made by its maker in labdesk.outputs, or one of the last three."""

    ATTENDEES = "attendees"  # the export tables, .csv or .xlsx
    FEEDBACK = "feedback"
    COMMITMENTS = "commitments"
    POLLS = "polls"  # the questions to the room and their answers
    MAILING = "mailing"  # the postcards' mailing list
    PERSON = "person"  # one person's own data, .json
    BADGES = "badges"
    POSTCARDS = "postcards"
    LABELS = "labels"
    REPORT = "report"
    GROUPS = "groups"  # .csv or .pdf
    AGENDA = "agenda"  # the printable agenda and run sheet
    PREVIEW = "preview"  # a file in the temporary folder (a print preview, a walk-in's badge)
    COPY = "copy"  # a whole copy of the workshop (File › Save a Copy)
    LEGACY = ""  # remembered by an older labdesk by its path alone


PREVIEW, COPY, LEGACY = FileKind.PREVIEW, FileKind.COPY, FileKind.LEGACY


@dataclass
class MadeFile:
    path: Path
    kind: FileKind
    options: dict[str, Any] = field(default_factory=dict)
    people: set[int] = field(default_factory=set)
    cards: set[int] = field(default_factory=set)
    made_at: str = ""

    def names(self, attendee_id: int, card_ids: Iterable[int] = ()) -> bool:
        """Whether this file names the person or holds one of these cards."""
        return attendee_id in self.people or bool(self.cards & set(card_ids))


def _stored(path: Path) -> str:
    """A path as kept in the file: as text, or (a name that is not valid UTF-8, which Linux
    allows) as its bytes in hex."""
    text = str(Path(path).resolve())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "hex:" + os.fsencode(text).hex()
    return text


def _path(stored: str) -> Path:
    if stored.startswith("hex:"):
        return Path(os.fsdecode(bytes.fromhex(stored[4:])))
    return Path(stored)


def remember(
    doc: WorkshopFile,
    path: Path,
    kind: FileKind,
    *,
    options: dict[str, Any] | None = None,
    people: Iterable[int] = (),
    cards: Iterable[int] = (),
) -> None:
    """Note a file saved from this workshop (replacing what was known of the same path)."""
    with doc.transaction(Topic.FILES) as con:
        con.execute(
            "INSERT INTO generated_files (path, kind, options, people, cards, made_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET kind = excluded.kind,"
            " options = excluded.options, people = excluded.people, cards = excluded.cards,"
            " made_at = excluded.made_at",
            (
                _stored(path),
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
            _path(str(r["path"])),
            # A kind this labdesk does not make is kept as a path alone: an erasure reads it.
            to_enum(FileKind, r["kind"], FileKind.LEGACY),
            json.loads(r["options"]),
            set(json.loads(r["people"])),
            set(json.loads(r["cards"])),
            str(r["made_at"]),
        )
        for r in rows
    ]


def forget(doc: WorkshopFile, paths: Iterable[Path]) -> None:
    """Stop remembering files that are gone (their paths may carry a name the user chose)."""
    gone = [_stored(Path(p)) for p in paths]
    if not gone:
        return
    with doc.transaction(Topic.FILES) as con:
        con.executemany("DELETE FROM generated_files WHERE path = ?", [(p,) for p in gone])
