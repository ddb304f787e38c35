"""What the Feedback area and the projector summary show, read off the GUI thread while phones
post, and followed by the responses that changed.

A `FeedbackSource` holds the counts per session (labdesk.gui.feedback_counts) and the comments
of the session chosen (or the newest of all), each brought up to date by the rows that changed
since the last reading. While phones pour in, the area asks its reader (one worker thread, its
own read-only connection: labdesk.gui.desk_data.DeskReader) for a reading every few hundred
milliseconds, and the GUI thread only moves the rows that changed in its tables. Whatever a
reading costs (a second holding thousands of rows read again, the first count of 20,000), it
costs the worker, not the window. A facilitator's own action (hiding a comment, choosing a
session) still reads at once, on the GUI thread, through the same source: one lock keeps the
two from reading at the same moment, and each reading is numbered, so one that comes back
older than what the area shows is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from labdesk.core.feedback import SessionTally
from labdesk.core.model import AgendaItem, FeedbackResponse
from labdesk.gui.feedback_counts import FeedbackCounts
from labdesk.store import agenda as store_agenda
from labdesk.store import feedback as store_feedback
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

RECENT_COMMENTS = 200  # with no session chosen, the newest comments
ALL_SESSIONS = None  # the scope of the newest comments of every session


@dataclass(frozen=True)
class FeedbackReading:
    """The area's data as of one moment: the agenda, the counts per session (copies), the
    comments in `scope` (a new list; `rebuilt`: read again from scratch rather than followed)
    and, with every session in scope, the comments chosen for the projector."""

    serial: int
    items: list[AgendaItem]
    tallies: dict[int | None, SessionTally]
    scope: int | None
    responses: list[FeedbackResponse]
    rebuilt: bool
    chosen: list[FeedbackResponse] | None


class CommentFeed:
    """The comments of one scope (a session, or the newest RECENT_COMMENTS of all), followed by
    the rows added or edited since the last reading (times are to the second: the second last
    seen is read again unless it had ended, as in FeedbackCounts)."""

    def __init__(self) -> None:
        self.scope: int | None = -1  # nothing read yet
        self.responses: list[FeedbackResponse] = []
        self._since = ""
        self._over = False

    def read(
        self, doc: WorkshopFile, scope: int | None, *, full: bool = False, again: Sequence[int] = ()
    ) -> bool:
        """Bring the comments up to date for scope; True if they were read from scratch. The
        responses `again` are read again whatever their time (moderated: hidden, chosen or
        redacted, which leaves a response's time alone)."""
        if full or scope != self.scope:
            self.scope = scope
            read_at = now_iso()
            self._since = store_feedback.last_update(doc)
            self._over = self._since < read_at
            if scope is ALL_SESSIONS:
                self.responses = store_feedback.load_recent(doc, RECENT_COMMENTS)
            else:
                self.responses = store_feedback.load_for_item(doc, scope)
            return True
        read_at = now_iso()
        changed = store_feedback.load_changed_since(doc, self._since, scope, after=self._over)
        if again:
            self._read_again(doc, scope, again)
        if changed:
            self._since = max(self._since, *(r.updated_at for r in changed))
            where = {r.id: n for n, r in enumerate(self.responses)}
            for r in changed:
                if r.id in where:
                    self.responses[where[r.id]] = r
                else:
                    self.responses.append(r)
        self._since = min(self._since, read_at)  # rows dated ahead of the clock: read again
        self._over = self._since < read_at
        if scope is ALL_SESSIONS and len(self.responses) > 2 * RECENT_COMMENTS:
            del self.responses[:-RECENT_COMMENTS]  # the newest stay; the table drops the top
        return False

    def _read_again(self, doc: WorkshopFile, scope: int | None, ids: Sequence[int]) -> None:
        """The responses ids as they read now: moderated, or put back by an undo (one gone, or
        moved out of this session, leaves the list)."""
        now = {r.id: r for r in store_feedback.load_by_ids(doc, list(ids))}
        asked = set(ids)
        kept: list[FeedbackResponse] = []
        for r in self.responses:
            if r.id in asked:
                fresh = now.get(r.id)
                if fresh is None or (scope is not ALL_SESSIONS and fresh.agenda_item_id != scope):
                    continue
                r = fresh
            kept.append(r)
        self.responses = kept


class FeedbackSource:
    """The counts and the comments, read by whichever thread asks (one at a time)."""

    def __init__(self) -> None:
        self.counts = FeedbackCounts()
        self.comments = CommentFeed()
        self._lock = threading.Lock()
        self._serial = 0

    def read(
        self,
        doc: WorkshopFile,
        scope: int | None,
        *,
        everything: bool = False,
        full: bool = False,
        quick: bool = False,
        again: Sequence[int] = (),
    ) -> FeedbackReading:
        """A reading on doc (any connection to the file, on the thread that owns it): every
        count again if everything, the comments from scratch if full (or scope changed).
        quick (the GUI thread): never count the responses one by one (at 20,000 that takes a
        tenth of a second); SQLite counts them, and the reader counts them one by one later.
        again: responses to read again in the comments (see CommentFeed.read)."""
        with self._lock:
            self._serial += 1
            items = store_agenda.load(doc)
            if quick and (everything or not self.counts.counted):
                tallies = store_feedback.tallies(doc)
                self.counts.forget()
            else:
                tallies = self.counts.refresh(doc, everything=everything)
            rebuilt = self.comments.read(doc, scope, full=full, again=again)
            chosen = store_feedback.load_chosen(doc) if scope is ALL_SESSIONS else None
            return FeedbackReading(
                serial=self._serial,
                items=items,
                # Copies: the counts change in place, and a changed row must compare unequal.
                tallies={k: SessionTally(t.responses, list(t.ratings)) for k, t in tallies.items()},
                scope=scope,
                responses=list(self.comments.responses),
                rebuilt=rebuilt,
                chosen=chosen,
            )
