"""What a commit changed, as typed topics. Every table belongs to one topic; triggers (migration
6) count each topic's changed rows in `change_counts`, so a holder can tell what another
connection changed (the phone server, a batch command, a worker) by comparing the counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from enum import Flag, auto


class Topic(Flag):
    """A part of the workshop that changed; combine them with |, test them with &."""

    WORKSHOP = auto()  # the workshop row: title, date, venue, day times
    SETTINGS = auto()  # settings and assets (hotspot, chime, warning, artwork, retention)
    AGENDA = auto()  # agenda items and their phases
    TEMPLATES = auto()  # the organiser's own activity templates
    RUN = auto()  # the timer and the items' actual times
    GROUPS = auto()  # groups formed for an activity
    ATTENDEES = auto()  # people, their ticket codes, who was erased
    CHECKINS = auto()  # who is in the room
    FEEDBACK = auto()  # phones' feedback and its moderation
    COMMITMENTS = auto()  # commitment cards
    POSTCARDS = auto()  # postcards printed and posted
    FILES = auto()  # the files labdesk made from the workshop (an erasure makes them again)
    SCREENS = auto()  # the door desks' and the remote's PINs, the message to the room, blank

    @classmethod
    def every(cls) -> Topic:
        """Every topic: what to assume when a change cannot be told apart."""
        everything = cls(0)
        for topic in cls:
            everything |= topic
        return everything

    @property
    def key(self) -> str:
        """The topic's name in `change_counts` (a single topic only)."""
        assert self.name is not None, "a combination of topics has no single key"
        return self.name.lower()


NOTHING = Topic(0)


def counts(con: sqlite3.Connection) -> dict[Topic, int] | None:
    """Each topic's count of changed rows, or None in a file without the counts (older than
    version 6, opened read-only)."""
    try:
        rows = con.execute("SELECT topic, n FROM change_counts").fetchall()
    except sqlite3.OperationalError:  # no such table
        return None
    by_key = {t.key: t for t in Topic}
    return {by_key[str(key)]: int(n) for key, n in rows if str(key) in by_key}


def changed(before: Mapping[Topic, int] | None, after: Mapping[Topic, int] | None) -> Topic:
    """The topics whose counts moved between two readings (every topic if either is unknown)."""
    if before is None or after is None:
        return Topic.every()
    moved = NOTHING
    for topic, n in after.items():
        if before.get(topic) != n:
            moved |= topic
    return moved
