"""A search index that takes changes without being rebuilt: the index over everyone as they were
(labdesk.core.search.SearchIndex, immutable), and a small one over the people changed since
(walk-ins, imports, renames, cancellations). A search asks both and merges their best; those
changed or gone are left out of the big one's answer. A change costs the small one's building,
so a walk-in is findable at once at 100,000 people; once the small one grows large, whoever
holds it builds a new big one (on a worker) and starts again with `LayeredIndex(new)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from labdesk.core.model import Attendee
from labdesk.core.search import Hit, SearchIndex


class LayeredIndex:
    """Everyone in `base`, as changed by `changed` (added or replaced, by id) and `gone` (ids
    no longer there). Immutable: `with_changes` returns a new one."""

    def __init__(
        self,
        base: SearchIndex,
        changed: Sequence[Attendee] = (),
        gone: Iterable[int] = (),
    ) -> None:
        self.base = base
        self.changed: tuple[Attendee, ...] = tuple(changed)
        self.gone = frozenset(gone) - {p.id for p in self.changed}
        self._top = SearchIndex(self.changed) if self.changed else None
        self._hidden = self.gone | {p.id for p in self.changed if p.id is not None}

    @property
    def overlay_size(self) -> int:
        """How many people the small index and the left-out set hold (the cost of a change)."""
        return len(self.changed) + len(self.gone)

    def with_changes(self, changed: Iterable[Attendee], gone: Iterable[int]) -> LayeredIndex:
        """This index with changed people added or replaced and the gone ids removed."""
        people = {p.id: p for p in self.changed}
        removed = set(self.gone)
        for attendee_id in gone:
            people.pop(attendee_id, None)
            removed.add(attendee_id)
        for p in changed:
            people[p.id] = p
            removed.discard(p.id)
        return LayeredIndex(self.base, list(people.values()), removed)

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """People matching every word of query, best first, as SearchIndex.search."""
        if limit <= 0:
            return []
        hidden = self._hidden
        wanted = limit
        while True:
            found = self.base.search(query, wanted)
            kept = [h for h in found if h.attendee.id not in hidden]
            if len(kept) >= limit or len(found) < wanted or not hidden:
                break
            wanted = limit + len(hidden)  # enough to make up for every one left out
            if len(found) >= wanted:
                break
        if self._top is not None:
            kept.extend(self._top.search(query, limit))
            kept.sort(key=lambda h: (-h.score, h.attendee.sort_name, h.attendee.id or 0))
        return kept[:limit]
