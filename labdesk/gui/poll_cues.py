"""Questions attached to an agenda item or one of its phases open by themselves when the day
reaches them (kept apart from labdesk.gui.poll_results, which draws results and loads with the
first poll shown, not at start-up)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject


def where_now(day: Any) -> tuple[int | None, int | None]:
    """The agenda item and the phase the day is on (labdesk.gui.day.RunController), as polls
    are attached to them: (None, None) before an agenda; the phase None on a step that is no
    phase of its item (a break)."""
    step = day.timer.step
    if step is None:
        return None, None
    item = next((i for i in day.items if i.id == step.item_id), None)
    phase_id = next((p.id for p in item.phases if p.name == step.name), None) if item else None
    return step.item_id, phase_id


class PollCues(QObject):
    """Questions attached to an agenda item or one of its phases open by themselves, with their
    results shown, when the day reaches it (25/10's scoring round, a debrief), once: a question
    opened before (and maybe closed) is not opened again by going back."""

    def __init__(self, services: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.opened: list[int] = []
        self._index = services.day.timer.index  # where the day is when the file opens: not new
        services.day.changed.connect(self._day_changed)

    def _day_changed(self) -> None:
        day = self.services.day
        index = day.timer.index
        if index == self._index or self.services.closed:
            return  # the clock moved within the phase: nothing to open (nor to load)
        from labdesk.core.polls import due_when
        from labdesk.store import polls as store_polls

        before, self._index = self._index, index
        step = day.timer.step
        if step is None or day.doc.closed:
            return
        previous = (
            None if before is None or before >= len(day.timer.steps) else day.timer.steps[before]
        )
        item_starts = previous is None or previous.item_id != step.item_id
        _, phase_id = where_now(day)
        due = due_when(
            store_polls.for_item(day.doc, step.item_id),
            step.item_id,
            phase_id,
            item_starts=item_starts,
        )
        if due is None or due.id is None:
            return
        store_polls.open_for_phones(day.doc, due.id)
        store_polls.show(day.doc, due.id)
        self.services.polls.refresh(put_up=True)
        self.opened.append(due.id)
