"""The Feedback area's counts per session and rating, kept up to date by the responses that
changed: a burst of phones costs the posts it brings, whether 50 or 20,000 are already stored.
Everything is counted again only when the agenda changed (an agenda item removed moves its
responses) or the total no longer agrees (rows removed)."""

from __future__ import annotations

from labdesk.core.feedback import SessionTally
from labdesk.store import feedback as store_feedback
from labdesk.store.desk import snapshot
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso

Seen = tuple[int | None, int | None]  # agenda item, rating


class FeedbackCounts:
    def __init__(self) -> None:
        self.tallies: dict[int | None, SessionTally] = {}
        self._seen: dict[int, Seen] = {}
        self._since = ""
        self._counted = False
        self._over = False  # the second last seen had ended when it was read

    def refresh(
        self, doc: WorkshopFile, *, everything: bool = False
    ) -> dict[int | None, SessionTally]:
        """The counts now; only the responses changed since the last call are read, unless
        everything (or the first time)."""
        if everything or not self._counted:
            self._count_all(doc)
            return self.tallies
        # Times are to the second: the second last seen is read again (posts may still land in
        # it), unless it was over when it was read.
        read_at = now_iso()
        with snapshot(doc):  # the changes and the total as of one moment, while phones post
            changed = store_feedback.tally_rows(doc, self._since, after=self._over)
            total = store_feedback.count(doc) if changed else len(self._seen)
        for response_id, item, rating, updated in changed:
            before = self._seen.get(response_id)
            if before is not None:
                self._add(before, -1)
            self._seen[response_id] = (item, rating)
            self._add((item, rating), +1)
            self._since = max(self._since, updated)
        self._since = min(self._since, read_at)  # rows dated ahead of the clock: read again
        self._over = self._since < read_at
        if len(self._seen) != total:
            self._count_all(doc)  # some were removed: count them all again
        return self.tallies

    @property
    def counted(self) -> bool:
        """Every response has been counted one by one (the counts can follow changes)."""
        return self._counted

    def forget(self) -> None:
        """Count everything again at the next refresh (the counts may no longer hold)."""
        self._counted = False

    def _count_all(self, doc: WorkshopFile) -> None:
        self.tallies = {}
        self._seen = {}
        self._since = ""
        read_at = now_iso()
        for response_id, item, rating, updated in store_feedback.tally_rows(doc):
            self._seen[response_id] = (item, rating)
            self._add((item, rating), +1)
            self._since = max(self._since, updated)
        # A response dated ahead of this clock (another laptop's, a demo made for later today)
        # must not hide the posts that come now: never look from later than this reading.
        self._since = min(self._since, read_at)
        self._over = self._since < read_at
        self._counted = True

    def _add(self, seen: Seen, sign: int) -> None:
        item, rating = seen
        tally = self.tallies.setdefault(item, SessionTally())
        tally.responses += sign
        if rating is not None and 1 <= rating <= 5:
            tally.ratings[rating - 1] += sign
        if tally.responses <= 0:
            del self.tallies[item]
