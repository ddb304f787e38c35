"""Phone submissions written in groups: one durable commit acknowledges every post in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core.model import CommitmentCard, FeedbackResponse
from labdesk.store import commitments, feedback
from labdesk.store.document import WorkshopFile, WorkshopFileError, explain


@dataclass
class Submission:
    """One posted form to store: a feedback response or a commitment card, with its key."""

    item: FeedbackResponse | CommitmentCard
    key: str


def commit_batch(doc: WorkshopFile, batch: Sequence[Submission]) -> list[int | Exception]:
    """Store every submission in one transaction (synchronous=FULL), each in its own savepoint so
    one bad post fails alone. Returns, per submission, its row id or the error that refused it.
    If the commit itself fails (a full or read-only disk), every submission gets that error."""
    results: list[int | Exception] = []
    topics = set()
    try:
        with doc.transaction("phones") as con:
            for n, sub in enumerate(batch):
                con.execute(f"SAVEPOINT s{n}")
                try:
                    if isinstance(sub.item, FeedbackResponse):
                        results.append(feedback.write(con, sub.item, sub.key))
                        topics.add("feedback")
                    else:
                        results.append(commitments.write(con, sub.item, sub.key))
                        topics.add("commitments")
                    con.execute(f"RELEASE s{n}")
                except sqlite3.IntegrityError as exc:
                    con.execute(f"ROLLBACK TO s{n}")
                    con.execute(f"RELEASE s{n}")
                    results.append(exc)
    except WorkshopFileError as exc:
        return [exc] * len(batch)
    except sqlite3.Error as exc:
        return [WorkshopFileError(explain(exc, doc.path))] * len(batch)
    for topic in sorted(topics):
        doc.notify(topic)
    return results
