"""The day being run: the agenda's steps, the phase timer kept in the file at every change, and
the frame the room sees. A service of the open workshop (labdesk.gui.services): no area owns it,
so closing or rebuilding the console never stops the clock."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from labdesk.core import agenda as core_agenda
from labdesk.core import room
from labdesk.core.grouping_rule import Grouping
from labdesk.core.model import AgendaItem
from labdesk.core.rehearsal import (
    Rehearsal,
    Run,
    project_rehearsal,
    rehearsal_plan,
    rehearse_from,
)
from labdesk.core.room_message import RoomMessage
from labdesk.core.timer import Clock, Event, EventKind, PhaseTimer, Status, day_steps, system_clock
from labdesk.gui.projector import Frame
from labdesk.paths import resource
from labdesk.store import agenda as store_agenda
from labdesk.store import room_screen as store_room
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
        from PySide6.QtCore import QUrl

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
        self.show_groups = False
        self.note = ""
        self.items: list[AgendaItem] = []
        self._groups_cache: tuple[object, tuple[str, list[list[str]]]] | None = None
        self._role_line = ""  # "Round 2 of 3: the client is each group's second person"
        self.workshop = store_workshop.load(self.doc)
        # The room screen's state is in the file, so the room view on phones agrees.
        self.blank = store_room.blanked(self.doc)
        self.message: RoomMessage | None = store_room.room_message(self.doc)
        self.clock_on_projector = bool(store_workshop.get_setting(self.doc, "projector_clock"))
        # A rehearsal under way (started before a restart) goes on; else the real day.
        self.rehearsal: Rehearsal | None = store_run.current_rehearsal(self.doc)
        self.run = Run.REHEARSAL if self.rehearsal is not None else Run.DAY
        state = store_run.load_timer(self.doc, self.run)
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
        if topic & Topic.SCREENS:
            self.message = store_room.room_message(self.doc)
            self.blank = store_room.blanked(self.doc)
            self.changed.emit()
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
        self.clock_on_projector = bool(store_workshop.get_setting(self.doc, "projector_clock"))
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
        store_run.save_timer(self.doc, self.timer.state, self.run)
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
        self.blank = store_room.toggle_blank(self.doc)
        self.changed.emit()

    def show_message(self, text: str) -> RoomMessage:
        """Put a message on the projector and the room view (labdesk.core.room_message
        .MessageError says why not); the timer runs on."""
        self.message = store_room.set_room_message(self.doc, text)
        self.changed.emit()
        return self.message

    def clear_message(self) -> bool:
        """Take the message off the screens; False if there was none."""
        if self.message is None:
            return False
        store_room.clear_room_message(self.doc)
        self.message = None
        self.changed.emit()
        return True

    def set_clock_on_projector(self, on: bool) -> None:
        store_workshop.set_setting(self.doc, "projector_clock", bool(on))
        self.clock_on_projector = bool(on)
        self.changed.emit()

    # -- rehearsal -----------------------------------------------------------------------------
    def rehearse_from_now(self) -> Rehearsal:
        """Run the day from now as a rehearsal: its own timer, times and groups; the real day's
        record is not touched."""
        w = self.workshop
        rehearsal = store_run.start_rehearsal(
            self.doc, rehearse_from(self.now(), w.date, w.day_start)
        )
        self._switch(Run.REHEARSAL, rehearsal)
        return rehearsal

    def end_rehearsal(self) -> None:
        """Back to the real day, as it was before the rehearsal."""
        store_run.end_rehearsal(self.doc)
        self._switch(Run.DAY, None)

    def _switch(self, run: Run, rehearsal: Rehearsal | None) -> None:
        self.run, self.rehearsal = run, rehearsal
        state = store_run.load_timer(self.doc, run)
        state.last_seen = None
        self.timer.state = state
        self.timer.set_steps(day_steps(self.items))
        self.note = ""
        self.show_groups = False
        self._groups_cache = None
        self._apply([])

    def set_show_groups(self, show: bool) -> None:
        self.show_groups = show
        self.changed.emit()

    def restart_day(self) -> None:
        store_run.reset_day(self.doc, self.run)
        self.timer.state = store_run.load_timer(self.doc, self.run)
        self.timer.set_steps(day_steps(self.items))
        self.note = ""
        self._apply([])

    def _reopen_current(self) -> None:
        step = self.timer.step
        if step is None or self.timer.state.status is not Status.RUNNING:
            return
        actual = store_run.load_actuals(self.doc, self.run).get(step.item_id)
        if actual is not None and actual.end is not None:
            store_run.reopen(self.doc, step.item_id, self.run)

    def _handle(self, events: list[Event]) -> None:
        for event in events:
            at = dt.datetime.fromtimestamp(event.at)
            if event.kind is EventKind.ITEM_STARTED and event.item_id is not None:
                actuals = store_run.load_actuals(self.doc, self.run)
                if not any(a.planned_start for a in actuals.values()):
                    if self.rehearsal is not None:
                        kept = rehearsal_plan(self.rehearsal, self.items)
                    else:
                        kept = core_agenda.plan(
                            self.run_date(), self.workshop.day_start, self.items
                        )
                    store_run.keep_plan(self.doc, kept, self.run)
                store_run.record(self.doc, event.item_id, start=at, run=self.run)
            elif event.kind is EventKind.ITEM_ENDED and event.item_id is not None:
                store_run.record(self.doc, event.item_id, end=at, run=self.run)
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
                    store_run.save_timer(self.doc, self.timer.state, self.run)
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
        planned = [a.planned_start for a in store_run.load_actuals(self.doc, self.run).values()]
        kept = [p for p in planned if p is not None]
        return min(kept).date() if kept else self.now().date()

    def projection(self) -> core_agenda.Projection:
        step = self.timer.step
        current = (
            step.item_id
            if step and step.item_id in self.timer.state.started_items and not self.timer.finished
            else None
        )
        left = self.timer.item_remaining_s() if current is not None else 0.0
        actuals = store_run.load_actuals(self.doc, self.run)
        if self.rehearsal is not None:
            return project_rehearsal(self.rehearsal, self.items, actuals, self.now(), current, left)
        return core_agenda.project(
            self.run_date(), self.workshop.day_start, self.items, actuals, self.now(), current, left
        )

    def next_up(self) -> str:
        return room.next_up(self.timer)

    def group_names(self) -> tuple[str, list[list[str]]]:
        """The groups of the current step's stage, by first name, as the item's rule has them
        (Troika: "Round 2 of 3: the client is each group's second person", the client marked);
        cached until the next change: the frame is built every second."""
        step = self.timer.step
        key = (step.item_id, step.round, step.group_size) if step is not None else None
        if self._groups_cache is not None and self._groups_cache[0] == key:
            return self._groups_cache[1]
        self._role_line = ""
        result = self._group_names()
        self._groups_cache = (key, result)
        return result

    def role_line(self) -> str:
        """While groups whose role rotates work (Troika), who holds it this round, for the
        timer's screen: "Round 2 of 3: the client is each group's second person"."""
        step = self.timer.step
        if step is None or step.group_size < 2:
            return ""
        self.group_names()
        return self._role_line

    def _group_names(self) -> tuple[str, list[list[str]]]:
        step = self.timer.step
        if step is None:
            return "", []
        from labdesk.store import groups as store_groups  # with the people: when groups show

        groups = store_groups.latest(self.doc, step.item_id, self.run)
        if groups is None or not groups.rounds:
            return "", []
        formation = groups.formation()
        stage = formation.stage_for(step.round, step.group_size)
        if stage is None:
            return "", []
        from labdesk.store import attendees as store_attendees

        people = {a.id: a.first_name for a in store_attendees.load_all(self.doc)}
        title, names = room.groups_on_screen(formation, stage, people)
        rotating = any(r.rotates for r in formation.roles)
        if rotating and formation.rule is Grouping.SAME_GROUP_ROLES_ROTATE:
            self._role_line = title
        return title, names

    def frame(self) -> Frame:
        """What the room sees now (labdesk.core.room.room_screen), with the message and the
        clock. Blanking is the presenter's (the console's preview still shows this)."""
        now = self.now()
        groups = self.group_names() if self.show_groups else None
        screen = room.room_screen(self.timer, self.workshop, now, groups=groups)
        message = self.message
        round_label = screen.round_label
        if screen.mode is room.Mode.PHASE:
            round_label = self.role_line() or round_label
        return Frame(
            mode=screen.mode,
            workshop=screen.workshop,
            item=screen.item,
            phase=screen.phase,
            prompt=screen.prompt,
            countdown=screen.countdown,
            level=screen.level,
            paused=screen.paused,
            round_label=round_label,
            next_up=screen.next_up,
            back_at=screen.back_at,
            warning_text=screen.warning_text,
            groups_title=screen.groups_title,
            groups=[list(g) for g in screen.groups],
            closing=screen.closing,
            message=message.text if message is not None else "",
            message_serial=message.serial if message is not None else 0,
            clock=f"{now:%H:%M}" if self.clock_on_projector else "",
        )
