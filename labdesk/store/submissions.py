"""Phone submissions written in groups: one durable commit acknowledges every post in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core.model import CommitmentCard, FeedbackResponse
from labdesk.store import commitments, feedback
from labdesk.store.changes import NOTHING, Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError, explain


@dataclass
class Submission:
    """One posted form to store: a feedback response or a commitment card, with its key."""

    item: FeedbackResponse | CommitmentCard
    key: str


def _write(con: sqlite3.Connection, sub: Submission) -> int:
    if isinstance(sub.item, FeedbackResponse):
        return feedback.write(con, sub.item, sub.key)
    return commitments.write(con, sub.item, sub.key)


def topic_of(sub: Submission) -> Topic:
    return Topic.FEEDBACK if isinstance(sub.item, FeedbackResponse) else Topic.COMMITMENTS


def commit_batch(doc: WorkshopFile, batch: Sequence[Submission]) -> list[int | Exception]:
    """Store every submission in one transaction (synchronous=FULL), so that one bad post fails
    alone. Returns, per submission, its row id or the error that refused it.
    If the commit itself fails (a full or read-only disk), every submission gets that error.

    The usual batch, where every post is good, is written with one statement a post (the writer
    thread gives up the GIL on each, and waits to get it back while the server is busy); only a
    batch where a post is refused is written again, each post in its own savepoint.
    Listeners hear, once, the topics of the posts stored."""
    results: list[int | Exception] = []
    try:
        try:
            with doc.transaction() as con:
                results = [_write(con, sub) for sub in batch]
        except sqlite3.IntegrityError:  # rolled back: again, one savepoint a post
            results = []
            with doc.transaction() as con:
                for n, sub in enumerate(batch):
                    con.execute(f"SAVEPOINT s{n}")
                    try:
                        results.append(_write(con, sub))
                        con.execute(f"RELEASE s{n}")
                    except sqlite3.IntegrityError as exc:
                        con.execute(f"ROLLBACK TO s{n}")
                        con.execute(f"RELEASE s{n}")
                        results.append(exc)
    except WorkshopFileError as exc:
        return [exc] * len(batch)
    except sqlite3.Error as exc:
        return [WorkshopFileError(explain(exc, doc.path))] * len(batch)
    stored = NOTHING
    for sub, result in zip(batch, results, strict=True):
        if isinstance(result, int):
            stored |= topic_of(sub)
    doc.notify(stored)
    return results
