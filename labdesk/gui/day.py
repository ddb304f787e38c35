"""The day being run: the agenda's steps, the phase timer kept in the file at every change, and
the frame the room sees. A service of the open workshop (labdesk.gui.services): no area owns it,
so closing or rebuilding the console never stops the clock."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal

from labdesk.core import agenda as core_agenda
from labdesk.core.model import AgendaItem
from labdesk.core.room import Mode
from labdesk.core.timer import Clock, Event, EventKind, PhaseTimer, Status, day_steps, system_clock
from labdesk.gui.projector import Frame
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import run_state as store_run
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from labdesk.gui.session import WorkshopSession

log = logging.getLogger("labdesk.gui")


def minutes_text(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


class Chime:
    """The bundled end-of-phase sound, loaded on first use (QtMultimedia is slow to start)."""

    def __init__(self) -> None:
        self._effect: Any = None

    def __call__(self) -> None:
        try:
            if self._effect is None:
                from PySide6.QtMultimedia import QSoundEffect

                self._effect = QSoundEffect()
                self._effect.setSource(QUrl.fromLocalFile(str(resource("sounds", "chime.wav"))))
                self._effect.setVolume(0.8)
            self._effect.play()
        except Exception:  # no audio device: the visual change still tells the room
            log.warning("could not play the chime", exc_info=True)


class RunController(QObject):
    """The day's timer, kept in the file at every change, with the projector's frame."""

    changed = Signal()
    chimed = Signal()

    def __init__(
        self, session: WorkshopSession, clock: Clock = system_clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.chime: Callable[[], None] = Chime()
        self.blank = False
        self.show_groups = False
        self.note = ""
        self.items: list[AgendaItem] = []
        self._groups_cache: tuple[object, tuple[str, list[list[str]]]] | None = None
        self.workshop = store_workshop.load(self.doc)
        state = store_run.load_timer(self.doc)
        was_running = state.status is Status.RUNNING
        state.last_seen = None  # a restart is not a sleep
        self.timer = PhaseTimer([], clock, state)
        self.reload()
        if was_running:
            self.note = "Resumed after a restart; the timer kept real time."
        self._ticker = QTimer(self)
        self._ticker.setSingleShot(True)
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start(0)

        session.changed.connect(self._on_changed)

    @property
    def doc(self) -> WorkshopFile:
        return self.session.doc

    def _on_changed(self, topic: Topic) -> None:
        """The agenda, the workshop or its settings changed: new steps; who is in the room or the
        groups changed: the groups shown are read again. Nothing else concerns the day's timer
        (a phone's post does not reset the steps)."""
        if self.doc.closed:
            return
        if topic & (Topic.AGENDA | Topic.WORKSHOP | Topic.SETTINGS):
            self.reload()
        elif topic & (Topic.ATTENDEES | Topic.CHECKINS | Topic.GROUPS):
            self.invalidate_groups()
            self.changed.emit()

    @property
    def muted(self) -> bool:
        return not bool(store_workshop.get_setting(self.doc, "chime"))

    def set_muted(self, muted: bool) -> None:
        store_workshop.set_setting(self.doc, "chime", not muted)

    def reload(self) -> None:
        """The agenda or the workshop changed: new steps, same position."""
        self.workshop = store_workshop.load(self.doc)
        self.items = store_agenda.load(self.doc)
        self._groups_cache = None
        self.timer.set_steps(day_steps(self.items))
        self.changed.emit()

    def stop(self) -> None:
        self._ticker.stop()

    # -- actions (each saved at once) ----------------------------------------------------------
    def _apply(self, events: list[Event], *, moved: bool = False) -> None:
        self._handle(events)
        if moved:
            self.note = ""
            self.show_groups = False
        store_run.save_timer(self.doc, self.timer.state)
        self._reopen_current()
        self.changed.emit()
        self._schedule()

    def toggle(self) -> None:
        self._apply(self.timer.toggle())

    def start(self) -> None:
        self._apply(self.timer.start())

    def pause(self) -> None:
        self._apply(self.timer.pause())

    def next(self) -> None:
        self._apply(self.timer.next(), moved=True)

    def previous(self) -> None:
        self._apply(self.timer.previous(), moved=True)

    def go_to(self, index: int) -> None:
        self._apply(self.timer.go_to(index), moved=True)

    def add_minutes(self, minutes: int) -> None:
        self._apply(self.timer.add_seconds(60 * minutes))

    def toggle_blank(self) -> None:
        self.blank = not self.blank
        self.changed.emit()

    def set_show_groups(self, show: bool) -> None:
        self.show_groups = show
        self.changed.emit()

    def restart_day(self) -> None:
        store_run.reset_day(self.doc)
        self.timer.state = store_run.load_timer(self.doc)
        self.timer.set_steps(day_steps(self.items))
        self.note = ""
        self._apply([])

    def _reopen_current(self) -> None:
        step = self.timer.step
        if step is None or self.timer.state.status is not Status.RUNNING:
            return
        actual = store_run.load_actuals(self.doc).get(step.item_id)
        if actual is not None and actual.end is not None:
            store_run.reopen(self.doc, step.item_id)

    def _handle(self, events: list[Event]) -> None:
        for event in events:
            at = dt.datetime.fromtimestamp(event.at)
            if event.kind is EventKind.ITEM_STARTED and event.item_id is not None:
                actuals = store_run.load_actuals(self.doc)
                if not any(a.planned_start for a in actuals.values()):
                    store_run.keep_plan(
                        self.doc,
                        core_agenda.plan(self.run_date(), self.workshop.day_start, self.items),
                    )
                store_run.record(self.doc, event.item_id, start=at)
            elif event.kind is EventKind.ITEM_ENDED and event.item_id is not None:
                store_run.record(self.doc, event.item_id, end=at)
            elif event.kind is EventKind.ENDED and not self.muted:
                self.chime()
                self.chimed.emit()
            elif event.kind is EventKind.SLEPT:
                self.note = self.timer.resume_note()

    # -- time passing --------------------------------------------------------------------------
    def tick(self) -> None:
        if self.doc.closed:  # the workshop was closed
            return
        try:
            events = self.timer.tick()
            if events:
                try:
                    self._handle(events)
                finally:
                    store_run.save_timer(self.doc, self.timer.state)
            self.changed.emit()
        finally:  # whatever failed (a chime, a full disk), the clock keeps going
            self._schedule()

    def _schedule(self) -> None:
        # Wake when the digits change, not on a fixed beat: the display is never a tick late.
        wait = min(1000, self.timer.ms_until_display_changes() + 2)
        self._ticker.start(wait)

    # -- what to show --------------------------------------------------------------------------
    def invalidate_groups(self) -> None:
        self._groups_cache = None

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock())

    def run_date(self) -> dt.date:
        """The day being run: the day the plan was kept (when the day started), else today. A
        rehearsal on another day is timed against its own day, not the workshop's date."""
        planned = [a.planned_start for a in store_run.load_actuals(self.doc).values()]
        kept = [p for p in planned if p is not None]
        return min(kept).date() if kept else self.now().date()

    def projection(self) -> core_agenda.Projection:
        step = self.timer.step
        current = step.item_id if step and step.item_id in self.timer.state.started_items else None
        return core_agenda.project(
            self.run_date(),
            self.workshop.day_start,
            self.items,
            store_run.load_actuals(self.doc),
            self.now(),
            current,
            self.timer.item_remaining_s() if current is not None else 0.0,
        )

    def next_up(self) -> str:
        step, nxt = self.timer.step, self.timer.next_step
        if nxt is None:
            return "End of the day" if step is not None else ""
        if step is not None and nxt.item_id == step.item_id:
            label = f" ({nxt.round_label})" if nxt.round_label and nxt.round != step.round else ""
            return f"{nxt.name}{label} · {minutes_text(nxt.duration_s)}"
        return nxt.item_title

    def group_names(self) -> tuple[str, list[list[str]]]:
        """The groups of the current step's round, by first name (cached until the next change:
        the frame is built every second)."""
        step = self.timer.step
        key = (step.item_id, step.round) if step is not None else None
        if self._groups_cache is not None and self._groups_cache[0] == key:
            return self._groups_cache[1]
        result = self._group_names()
        self._groups_cache = (key, result)
        return result

    def _group_names(self) -> tuple[str, list[list[str]]]:
        step = self.timer.step
        if step is None:
            return "", []
        groups = store_groups.latest(self.doc, step.item_id)
        if groups is None or not groups.rounds:
            return "", []
        index = min(max(0, step.round - 1), len(groups.rounds) - 1)
        from labdesk.store import attendees as store_attendees

        people = {a.id: a.first_name for a in store_attendees.load_all(self.doc)}
        rounds = f" — round {index + 1} of {len(groups.rounds)}" if len(groups.rounds) > 1 else ""
        names = [[people.get(p, "?") for p in g] for g in groups.rounds[index]]
        return f"Find your group{rounds}", names

    def frame(self) -> Frame:
        t = self.timer
        step = t.step
        w = self.workshop
        if self.blank:
            return Frame(mode=Mode.BLANK)
        if step is None or (t.state.status is Status.IDLE and not t.state.started_items):
            first = step.item_title if step else ""
            return Frame(
                mode=Mode.IDLE,
                workshop=w.title,
                prompt=f"{w.date:%A} {w.date.day} {w.date:%B %Y} · Starting at {w.day_start:%H:%M}",
                next_up=first,
            )
        if self.show_groups:
            title, names = self.group_names()
            if names:
                return Frame(
                    mode=Mode.GROUPS, item=step.item_title, groups_title=title, groups=names
                )
        left = t.remaining()
        level = t.level()
        back = ""
        if step.is_pause:
            back_at = self.now() + dt.timedelta(seconds=max(0.0, left))
            if back_at.second:
                back_at += dt.timedelta(seconds=60 - back_at.second)
            back = f"Back at {back_at:%H:%M}"
        return Frame(
            mode=Mode.BREAK if step.is_pause else Mode.PHASE,
            workshop=w.title,
            item=step.item_title,
            phase=step.name,
            prompt=step.prompt,
            countdown=t.display(),
            level=level,
            paused=t.state.status is not Status.RUNNING,
            round_label=step.round_label,
            next_up=self.next_up(),
            back_at=back,
            note=self.note,
            warning_text=f"{math.ceil(max(0.0, left) / 60)} min left",
        )
