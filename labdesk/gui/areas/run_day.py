"""Run the day: the presenter console (current and next phase, notes, the day's timeline with
planned vs actual times, groups, controls). It shows the day's timer and the presenter (both
services, labdesk.gui.services) and dispatches to them; it owns neither."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTime, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import agenda as core_agenda
from labdesk.core.model import AgendaItem, ItemKind
from labdesk.core.rehearsal import Run
from labdesk.core.room_message import PRESETS, MessageError
from labdesk.core.timer import Status, Step
from labdesk.gui.areas.base import Area, heading
from labdesk.gui.day import RunController, minutes_text
from labdesk.gui.keys import Action, LearnKeyDialog
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.projector import SCREEN_SETTING, ProjectorCanvas
from labdesk.gui.services import Services
from labdesk.gui.style import set_role
from labdesk.store import agenda as store_agenda
from labdesk.store.changes import Topic

if TYPE_CHECKING:
    from labdesk.gui.poll_tab import PollTab

log = logging.getLogger("labdesk.gui")


class AbsorbDialog(QDialog):
    """Win back the delay: shorten chosen later items, or move lunch."""

    def __init__(self, controller: RunController, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QTimeEdit

        super().__init__(parent)
        self.controller = controller
        projection = controller.projection()
        self.late = max(0, projection.end_late_min)
        self.setWindowTitle("Absorb the delay")
        layout = QVBoxLayout(self)
        head = QLabel(
            f"{projection.message()}.\nTick the items that can be shorter; each gives "
            "in proportion to its length, none below 5 min."
        )
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.list = QListWidget()
        coming = [s for s in projection.slots if s.progress is core_agenda.Progress.COMING]
        for slot in coming:
            entry = QListWidgetItem(
                f"{slot.start:%H:%M}  {slot.item.title}  ({slot.item.duration_min} min)"
            )
            entry.setData(Qt.ItemDataRole.UserRole, slot.item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(entry)
        layout.addWidget(self.list)
        self.lunch = next((s for s in coming if s.item.kind is ItemKind.LUNCH), None)
        self.move_lunch = QCheckBox("Move lunch to")
        self.lunch_time = QTimeEdit()
        self.lunch_time.setDisplayFormat("HH:mm")
        if self.lunch is not None:
            start = self.lunch.start
            self.lunch_time.setTime(QTime(start.hour, start.minute))
            row = QHBoxLayout()
            row.addWidget(self.move_lunch)
            row.addWidget(self.lunch_time)
            row.addStretch(1)
            layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 420)

    def chosen(self) -> list[int]:
        out = []
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry.checkState() == Qt.CheckState.Checked:
                out.append(int(entry.data(Qt.ItemDataRole.UserRole)))
        return out

    def apply(self) -> str:
        """Shorten and move as chosen; returns what was done, in words."""
        doc = self.controller.doc
        items = {i.id: i for i in store_agenda.load(doc)}
        cuts, still = core_agenda.absorb(list(items.values()), self.late, self.chosen())
        done = []
        for item_id, minutes in cuts.items():
            item = items[item_id]
            done.append(f"{item.title} {item.duration_min}→{minutes} min")
            item.phases = core_agenda.fit_phases(item, minutes) if item.phases else item.phases
            item.duration_min = minutes
            store_agenda.save_item(doc, item)
        if self.lunch is not None and self.move_lunch.isChecked():
            item = items[self.lunch.item.id]
            qt = self.lunch_time.time()
            item.fixed_start = dt.time(qt.hour(), qt.minute())
            store_agenda.save_item(doc, item)
            done.append(f"lunch at {item.fixed_start:%H:%M}")
        if still and cuts:
            done.append(f"still {still} min late")
        return "; ".join(done)


class AreaWidget(Area):
    topics = (
        Topic.AGENDA
        | Topic.WORKSHOP
        | Topic.RUN
        | Topic.GROUPS
        | Topic.SETTINGS
        | Topic.ATTENDEES
        | Topic.CHECKINS
    )

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.controller = services.day
        self.presenter = services.presenter
        services.projector.placed.connect(self._on_placed)
        self._last_timeline = 0.0

        # Banner: lateness and notes.
        self.late_label = QLabel()
        set_role(self.late_label, "figure")
        self.late_label.setTextFormat(Qt.TextFormat.PlainText)
        self.late_label.setWordWrap(True)
        self.absorb_button = QPushButton("Absorb the delay…")
        self.absorb_button.clicked.connect(self.absorb_delay)
        self.note_label = QLabel()
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.note_label, "warning")
        self.risk_label = QLabel()
        self.risk_label.setTextFormat(Qt.TextFormat.PlainText)
        self.risk_label.setWordWrap(True)
        set_role(self.risk_label, "warning")
        self.clock_label = QLabel()
        set_role(self.clock_label, "figure")
        self.clock_label.setToolTip("The time of day")
        self.rehearse_button = QPushButton("Rehearse from now")
        self.rehearse_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rehearse_button.setToolTip(
            "Run the day from now, as if it started now; the real day's record is not touched"
        )
        self.rehearse_button.clicked.connect(self.toggle_rehearsal)
        banner = QHBoxLayout()
        banner.addWidget(self.late_label, 1)
        banner.addWidget(self.absorb_button)
        banner.addWidget(self.rehearse_button)
        banner.addWidget(self.clock_label)

        # Left: what the room sees, and the controls.
        self.preview = ProjectorCanvas()
        self.preview.aspect = 16 / 9
        self.preview.preview = True  # a blanked projector still shows here, marked
        self.preview.setMinimumSize(480, 270)
        self.preview.set_show(self.presenter.show)
        self.presenter.shown.connect(self.preview.set_show)  # the same value as the room's
        self.buttons: dict[Action, QPushButton] = {}
        controls = QGridLayout()
        for col, (action, text) in enumerate(
            [
                (Action.PREVIOUS, "◀ Previous"),
                (Action.START_PAUSE, "Start"),
                (Action.NEXT, "Next ▶"),
                (Action.MINUS_MINUTE, "−1 min"),
                (Action.PLUS_MINUTE, "+1 min"),
                (Action.BLANK, "Blank"),
                (Action.PRESENT, "Present"),
            ]
        ):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space never "clicks" a button
            button.setToolTip(f"{action.label} ({self.presenter.keymap.describe(action)})")
            button.clicked.connect(lambda _=False, a=action: self.perform(a))
            controls.addWidget(button, 0, col)
            self.buttons[action] = button
        self.buttons[Action.BLANK].setCheckable(True)
        self.mute = QCheckBox("Mute the chime")
        self.mute.setChecked(self.controller.muted)
        self.mute.toggled.connect(self.controller.set_muted)
        self.screen_choice = QComboBox()
        self.screen_choice.setToolTip("Where the projector window goes")
        self.screen_choice.activated.connect(self._screen_chosen)
        learn = QPushButton("Learn a clicker key…")
        learn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        learn.clicked.connect(self.learn_key)
        self.placed_label = QLabel()
        set_role(self.placed_label, "hint")
        self.restart_button = QPushButton("Start the day again…")
        self.restart_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.restart_button.setToolTip("Forget the timer and the actual times (after a rehearsal)")
        self.restart_button.clicked.connect(self.restart_day)
        self.screen_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.screen_choice.setMinimumContentsLength(14)
        self.projector_clock = QCheckBox("Clock on the projector")
        self.projector_clock.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.projector_clock.setChecked(self.controller.clock_on_projector)
        self.projector_clock.toggled.connect(self.controller.set_clock_on_projector)
        options = QHBoxLayout()
        options.addWidget(self.mute)
        options.addWidget(self.projector_clock)
        options.addWidget(learn)
        options.addStretch(1)
        # A message to the room: typed, or one of the usual ones.
        self.message_box = QComboBox()
        self.message_box.setEditable(True)
        self.message_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.message_box.lineEdit().setPlaceholderText("Message to the room…")
        self.message_box.lineEdit().returnPressed.connect(self.send_message)
        self.message_box.setToolTip("Type a message or pick one; Enter shows it, Esc clears it")
        self.send_button = QPushButton("Show")
        self.send_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send_button.clicked.connect(self.send_message)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.clear_message)
        self.message_note = QLabel()
        self.message_note.setTextFormat(Qt.TextFormat.PlainText)
        set_role(self.message_note, "hint")
        message_row = QHBoxLayout()
        message_row.addWidget(QLabel("Message:"))
        message_row.addWidget(self.message_box, 1)
        message_row.addWidget(self.send_button)
        message_row.addWidget(self.clear_button)
        self._fill_messages()
        screens_row = QHBoxLayout()
        screens_row.addWidget(QLabel("Projector screen:"))
        screens_row.addWidget(self.screen_choice, 1)
        screens_row.addWidget(self.restart_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.preview, 1)
        left_layout.addLayout(controls)
        left_layout.addLayout(message_row)
        left_layout.addWidget(self.message_note)
        left_layout.addLayout(options)
        left_layout.addLayout(screens_row)
        left_layout.addWidget(self.placed_label)

        # Right: now, the day, groups.
        self.tabs = QTabWidget()
        now_page = QWidget()
        now_layout = QVBoxLayout(now_page)
        self.phase_label = QLabel()
        self.phase_label.setTextFormat(Qt.TextFormat.PlainText)
        self.phase_label.setWordWrap(True)
        set_role(self.phase_label, "heading")
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setPlaceholderText("No facilitator notes for this phase.")
        self.next_label = QLabel()
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_label.setWordWrap(True)
        now_layout.addWidget(self.phase_label)
        now_layout.addWidget(QLabel("Notes"))
        now_layout.addWidget(self.notes, 1)
        now_layout.addWidget(self.next_label)
        # The day's timeline is built when its tab first shows, and redrawn only while it
        # shows: it is not on the console's first screen, and a step change need not redraw
        # what nobody sees.
        self.day_page = QWidget()
        self._timeline: QTreeWidget | None = None
        self._timeline_stale = True
        self.tabs.addTab(now_page, "Now")
        self.tabs.addTab(self.day_page, "Day")
        # The Groups tab likewise: built when it first shows (see _refresh_groups).
        self.groups_page = QWidget()
        self._groups_built = False
        self.tabs.addTab(self.groups_page, "Groups")
        # The Poll tab (labdesk.gui.poll_tab) is built, and the polls' modules loaded, when it
        # first shows; from then on it follows the day and the answers itself, while showing.
        self.poll_page = QWidget()
        self._poll_tab: PollTab | None = None
        self.tabs.addTab(self.poll_page, "Poll")
        self.tabs.currentChanged.connect(lambda _: self._tab_shown())

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([640, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Run the day"))
        layout.addLayout(banner)
        layout.addWidget(self.risk_label)
        layout.addWidget(self.note_label)
        layout.addWidget(splitter, 1)

        self.controller.changed.connect(self._update_live)
        app_gui = QGuiApplication.instance()
        if isinstance(app_gui, QGuiApplication):
            app_gui.screenAdded.connect(self._fill_screens)
            app_gui.screenRemoved.connect(self._fill_screens)
        self._fill_screens()
        self._on_placed(services.projector.where)
        self.refresh()

    # -- day page ------------------------------------------------------------------------------
    @property
    def timeline(self) -> QTreeWidget:
        """The Day tab's timeline (built on first use)."""
        if self._timeline is None:
            self._timeline = QTreeWidget()
            self._timeline.setHeaderLabels(["Item or phase", "Planned", "Actual", "Late"])
            self._timeline.setRootIsDecorated(True)
            self._timeline.setTextElideMode(Qt.TextElideMode.ElideRight)
            header = self._timeline.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in (1, 2, 3):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            self._timeline.itemDoubleClicked.connect(self._timeline_jump)
            self._timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            day_layout = QVBoxLayout(self.day_page)
            day_layout.addWidget(self._timeline, 1)
            hint = QLabel("Double-click a phase to go to it. ≈: expected.")
            set_role(hint, "hint")
            day_layout.addWidget(hint)
            self._timeline_stale = True
        return self._timeline

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.day_page and self._timeline_stale:
            self._refresh_timeline()
        if self.tabs.currentWidget() is self.poll_page:
            self.poll_tab  # noqa: B018 (built now)
        self._refresh_groups_if_shown()

    @property
    def poll_tab(self) -> PollTab:
        """The Poll tab's content (built on first use)."""
        if self._poll_tab is None:
            from labdesk.gui.poll_tab import PollTab

            self._poll_tab = PollTab(self.services)
            layout = QVBoxLayout(self.poll_page)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self._poll_tab)
        return self._poll_tab

    # -- groups page ---------------------------------------------------------------------------
    def _build_groups_page(self) -> None:
        self._groups_built = True
        layout = QVBoxLayout(self.groups_page)
        self.groups_info = QLabel()
        self.groups_info.setTextFormat(Qt.TextFormat.PlainText)
        self.groups_info.setWordWrap(True)
        row = QGridLayout()
        self.form_button = QPushButton("Form groups")
        self.form_button.clicked.connect(self.form_groups)
        self.reroll_button = QPushButton("Re-roll")
        self.reroll_button.clicked.connect(self.form_groups)
        self.move_button = QPushButton("Move someone…")
        self.move_button.clicked.connect(self.move_person)
        self.show_button = QPushButton("Show on projector")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self.controller.set_show_groups)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_groups)
        for n, b in enumerate(
            (
                self.form_button,
                self.reroll_button,
                self.print_button,
                self.move_button,
                self.show_button,
            )
        ):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(b, n // 3, n % 3)
        self.groups_tree = QTreeWidget()
        self.groups_tree.setHeaderLabels(["Group", "Organisation"])
        self.groups_tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.groups_tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        groups_header = self.groups_tree.header()
        groups_header.setStretchLastSection(False)
        groups_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        groups_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.groups_info)
        layout.addLayout(row)
        layout.addWidget(self.groups_tree, 1)
        self._show_groups_state()

    def _show_groups_state(self) -> None:
        """The Groups tab's "Show on projector" follows the projector, once the tab is built."""
        if self._groups_built:
            self.show_button.blockSignals(True)
            self.show_button.setChecked(self.controller.show_groups)
            self.show_button.blockSignals(False)

    def _group_target(self) -> tuple[AgendaItem | None, int, int]:
        step = self.controller.timer.step
        if step is None:
            return None, 0, 0
        item = next((i for i in self.controller.items if i.id == step.item_id), None)
        if item is None:
            return None, 0, 0
        size = step.group_size or max((p.group_size for p in item.phases), default=0)
        rounds = max([p.rounds for p in item.phases if p.group_size] or [1])
        return item, size, rounds

    def form_groups(self) -> None:
        """Form the item's groups by its activity's rule (Troika: the same trio each round, the
        client rotating; networking: new partners each round) and keep them in the file."""
        from random import Random

        from PySide6.QtWidgets import QInputDialog

        from labdesk.core.grouping import form_groups
        from labdesk.store import groups as store_groups  # on first use, not at start-up

        item, size, rounds = self._group_target()
        if item is None:
            return
        run = self.controller.run
        formed = store_groups.form_for_item(self.doc, item, rng=Random(), run=run)
        if formed.kept is not None:
            return
        # The activity's phases name no group size (a session of its own): ask for one, and
        # form new groups for it as before.
        size, ok = QInputDialog.getInt(self, "Form groups", "People per group:", 3, 2, 12)
        if not ok:
            return
        people, _ = store_groups.people_in_room(self.doc)
        history = store_groups.history(self.doc, excluding_item=item.id, run=run)
        result = form_groups(
            store_groups.members(people), size, rounds, history=history, rng=Random()
        )
        kept = store_groups.GroupSet(item.id, size, result, rehearsal=run is Run.REHEARSAL)
        store_groups.save(self.doc, kept)

    def move_person(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from labdesk.store import groups as store_groups  # on first use, not at start-up

        item, _, _ = self._group_target()
        current = self.groups_tree.currentItem()
        if item is None or current is None or current.data(0, Qt.ItemDataRole.UserRole) is None:
            QMessageBox.information(self, "Move someone", "Select a person in the list first.")
            return
        person, round_index = current.data(0, Qt.ItemDataRole.UserRole)
        run = self.controller.run
        groups = store_groups.latest(self.doc, item.id, run)
        if groups is None:
            return
        count = len(groups.rounds[round_index])
        target, ok = QInputDialog.getInt(
            self,
            "Move someone",
            f"Move {current.text(0)} to group (1–{count + 1}; {count + 1} starts a new group):",
            1,
            1,
            count + 1,
        )
        if ok:
            # A group kept for every round (Troika) moves them in every round.
            formation = groups.formation().move(round_index, int(person), target - 1)
            moved = store_groups.GroupSet.of(item.id, formation, run)
            moved.rule = groups.rule
            store_groups.save(self.doc, moved)

    def print_groups(self) -> Operation[object] | None:
        """The groups as a PDF, laid out on a worker (the timer on the projector carries on),
        then the print preview with Print… and Save as PDF…."""
        from labdesk.store import groups as store_groups  # on first use, not at start-up

        item, _, _ = self._group_target()
        groups = store_groups.latest(self.doc, item.id, self.controller.run) if item else None
        if item is None or groups is None:
            return None
        from labdesk.gui.printing import preview_path, print_pdf

        rounds, title = groups.rounds, item.title
        # Owner-only, and remembered: erasing someone makes it again without them.
        return print_pdf(
            self.session,
            self,
            "groups",
            preview_path("Groups.pdf"),
            f"Groups for {title}",
            label="Laying out the groups…",
            disabling=[self.print_button],
            rounds=rounds,
            title=title,
        )

    _timeline_due = False
    _groups_dirty = True
    _groups_item: int | None = -1

    def _deferred_timeline(self) -> None:
        self._timeline_due = False
        if self.doc.closed:  # closed before this turn came
            return
        self._refresh_timeline()
        step = self.controller.timer.step
        if (step.item_id if step is not None else None) != self._groups_item:
            self._groups_dirty = True
            self._refresh_groups_if_shown()

    def _refresh_groups_if_shown(self) -> None:
        """The groups page reads every attendee: only while it is showing."""
        if self._groups_dirty and self.tabs.currentWidget() is self.groups_page:
            self._refresh_groups()

    def _refresh_groups(self) -> None:
        from labdesk.core.grouping import repeats
        from labdesk.store import groups as store_groups  # on first use, not at start-up

        if not self._groups_built:
            self._build_groups_page()
        item, size, rounds = self._group_target()
        self._groups_item = item.id if item is not None else None
        self._groups_dirty = False
        self.groups_tree.clear()
        run = self.controller.run
        groups = store_groups.latest(self.doc, item.id, run) if item else None
        people, checked_in = store_groups.people_in_room(self.doc)
        who = (
            f"{len(people)} checked in"
            if checked_in
            else f"nobody checked in yet: all {len(people)} attending"
        )
        if item is None:
            self.groups_info.setText("No agenda item is on.")
        elif groups is None:
            rule, _roles = store_groups.rule_of(self.doc, item)
            kind = {2: "pairs", 3: "trios"}.get(size, f"groups of {size}" if size else "groups")
            rounds_text = "1 round" if rounds == 1 else f"{rounds} rounds"
            self.groups_info.setText(
                f"{item.title}: {kind}, {rounds_text}, {rule.label.lower()}; {who}."
            )
        else:
            formation = groups.formation()
            history = store_groups.history(self.doc, excluding_item=item.id, run=run)
            met = repeats(formation.distinct_rounds(), history)
            notes = " ".join(f"{n}." for n in formation.notes())
            rule_text = formation.rule.label.lower()
            self.groups_info.setText(
                f"{item.title}: {len(groups.rounds[0])} groups, {rule_text}; "
                f"{met} meetings again; {who}. {notes}".strip()
            )
            from labdesk.store import attendees as store_attendees

            people_by_id = {a.id: a for a in store_attendees.load_all(self.doc)}
            shown = self.controller.timer.step
            now_stage = formation.stage_for(shown.round, shown.group_size) if shown else None
            for r, round_groups in enumerate(groups.rounds):
                top = QTreeWidgetItem([formation.label(r), ""])
                self.groups_tree.addTopLevelItem(top)
                seats = formation.roles_in(r)
                for g, group in enumerate(round_groups):
                    node = QTreeWidgetItem([f"Group {g + 1}", ""])
                    top.addChild(node)
                    rotating = next((x.name for x in formation.roles if x.rotates), "")
                    for pid, role in zip(group, seats[g], strict=False):
                        role = role if role == rotating else ""  # the client, as on the screen
                        person = people_by_id.get(pid)
                        name = person.name if person else "?"
                        leaf = QTreeWidgetItem(
                            [
                                f"{name} · {role}" if role else name,
                                person.organisation if person else "",
                            ]
                        )
                        leaf.setToolTip(1, as_typed(leaf.text(1)))
                        leaf.setData(0, Qt.ItemDataRole.UserRole, (pid, r))
                        node.addChild(leaf)
                    node.setExpanded(r == (now_stage or 0))
                top.setExpanded(r == (now_stage or 0))
        for b in (self.reroll_button, self.move_button, self.show_button, self.print_button):
            b.setEnabled(groups is not None)
        self.form_button.setEnabled(item is not None and groups is None)

    # -- actions -------------------------------------------------------------------------------
    def perform(self, action: Action) -> None:
        """A console button: the same presenter action as its key."""
        if action is Action.PRESENT and self.presenter.presenting:
            action = Action.STOP_PRESENTING  # the button toggles
        self.presenter.perform(action)

    # -- the room's message ----------------------------------------------------------------------
    def _fill_messages(self) -> None:
        """The usual messages, and "Back at" ten minutes from now (to the next five)."""
        typed = self.message_box.currentText()
        now = self.controller.now() + dt.timedelta(minutes=10)
        back = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=(-now.minute) % 5)
        self.message_box.blockSignals(True)
        self.message_box.clear()
        self.message_box.addItems([*PRESETS, f"Back at {back:%H:%M}"])
        self.message_box.setCurrentIndex(-1)
        self.message_box.setEditText(typed)
        self.message_box.blockSignals(False)

    def send_message(self) -> None:
        """Show the typed or picked message on the projector (and the room view); the timer
        runs on."""
        try:
            message = self.controller.show_message(self.message_box.currentText())
        except MessageError as exc:
            self.message_note.setText(str(exc))
            return
        self.message_note.setText(f"Showing: “{message.text}” — Esc or Clear takes it off")
        self.message_box.setEditText("")
        self.setFocus()  # the clicker's keys go to the presenter again

    def clear_message(self) -> None:
        if self.controller.clear_message():
            self.message_note.setText("")

    # -- rehearsal ----------------------------------------------------------------------------
    def toggle_rehearsal(self) -> None:
        c = self.controller
        if c.run is Run.REHEARSAL:
            c.end_rehearsal()
            self.note_label.setText("Rehearsal over: the day's own record is as it was.")
        else:
            rehearsal = c.rehearse_from_now()
            self.note_label.setText(
                f"Rehearsing: {rehearsal.started_at:%H:%M} stands for the day's "
                f"{rehearsal.day_start:%H:%M}. The day's own record is not touched."
            )
        self.refresh()

    def learn_key(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        names = [a.label for a in Action]
        choice, ok = QInputDialog.getItem(
            self, "Learn a clicker key", "Which button do you want to teach?", names, 1, False
        )
        if not ok:
            return
        action = list(Action)[names.index(choice)]
        LearnKeyDialog(self.presenter.keymap, action, self).exec()

    def restart_day(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Start the day again",
            "Forget the timer and every actual start and end time recorded so far?\n\n"
            "Do this after a rehearsal. The agenda itself is kept.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.restart_day()
            self.note_label.setText("")

    def absorb_delay(self) -> None:
        dialog = AbsorbDialog(self.controller, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            done = dialog.apply()
            if done:
                self.note_label.setText(f"Changed: {done}")

    def _screen_chosen(self, index: int) -> None:
        name = self.screen_choice.itemData(index)
        if name is not None:
            self.services.projector.choose_screen(str(name))

    def _fill_screens(self, *_: object) -> None:
        self.screen_choice.clear()
        remembered = str(QSettings().value(SCREEN_SETTING, "") or "")
        primary = QGuiApplication.primaryScreen()
        self.screen_choice.addItem("Automatic (the second screen)", "")
        for screen in QGuiApplication.screens():
            size = screen.geometry().size()
            own = " — this laptop" if screen is primary else ""
            self.screen_choice.addItem(
                f"{screen.name()} {size.width()}×{size.height()}{own}", screen.name()
            )
            if screen.name() == remembered:
                self.screen_choice.setCurrentIndex(self.screen_choice.count() - 1)

    def _on_placed(self, text: str) -> None:
        self.placed_label.setText(text)
        self.buttons[Action.PRESENT].setText(
            "Stop presenting" if self.presenter.presenting else "Present"
        )

    def _timeline_jump(self, entry: QTreeWidgetItem, _column: int) -> None:
        index = entry.data(0, Qt.ItemDataRole.UserRole)
        if index is not None:
            self.controller.go_to(int(index))

    # -- refreshing ----------------------------------------------------------------------------
    def _on_changed(self, topic: Topic) -> None:
        # The day's timer reloads itself (it is a service); here only the views catch up.
        if topic & (Topic.AGENDA | Topic.WORKSHOP | Topic.SETTINGS):
            self.refresh()
            return
        if topic & Topic.RUN and not self._timeline_due:
            # Each key press saves the timer: redraw the timeline once for its several writes,
            # never reload the attendees (10,000 of them would stall the clicker).
            self._timeline_due = True
            QTimer.singleShot(0, self, self._deferred_timeline)
        if topic & (Topic.ATTENDEES | Topic.CHECKINS | Topic.GROUPS):
            self._groups_dirty = True
            self._refresh_groups_if_shown()

    def refresh(self) -> None:
        self._refresh_timeline()
        self._groups_dirty = True
        self._refresh_groups_if_shown()

    def _update_live(self) -> None:
        c = self.controller
        if self.doc.closed:
            return
        step = c.timer.step
        running = c.timer.state.status is Status.RUNNING
        self.buttons[Action.START_PAUSE].setText("Pause" if running else "Start")
        self.buttons[Action.BLANK].setChecked(c.blank)
        self._show_groups_state()
        if step is not None:
            where = f" · {step.round_label}" if step.round_label else ""
            self.phase_label.setText(f"{step.item_title} — {step.name}{where}")
            item = next((i for i in c.items if i.id == step.item_id), None)
            parts = [step.notes]
            if item is not None and item.notes and item.notes != step.notes:
                parts.append(f"About {item.title}:\n{item.notes}")
            notes = "\n\n".join(p for p in parts if p)
            if notes != self.notes.toPlainText():
                self.notes.setPlainText(notes)
            self.next_label.setText(f"Next: {c.next_up()}")
        projection = c.projection()
        started = bool(c.timer.state.started_items)
        late = projection.message() if started else "Not started yet"
        rehearsing = c.run is Run.REHEARSAL
        self.late_label.setText(f"Rehearsal · {late}" if rehearsing else late)
        self.rehearse_button.setText("End the rehearsal" if rehearsing else "Rehearse from now")
        risk = projection.risk_message()
        self.risk_label.setText(f"⚑ {risk}" if risk else "")
        self.risk_label.setVisible(bool(risk))
        now_text = f"{c.now():%H:%M:%S}"
        if self.clock_label.text() != now_text:
            self.clock_label.setText(now_text)
        if c.message is None and self.message_note.text().startswith("Showing"):
            self.message_note.setText("")
        self.clear_button.setEnabled(c.message is not None)
        self.absorb_button.setEnabled(started and projection.end_late_min > 0)
        kept = self.note_label.text().startswith(("Changed", "Rehears"))
        if c.note != self.note_label.text() and (c.note or not kept):
            self.note_label.setText(c.note)  # the laptop slept: for the console only
        self.note_label.setVisible(bool(self.note_label.text()))
        now = c.clock()
        if now - self._last_timeline > 20 or self._timeline_step != c.timer.index:
            self._refresh_timeline(projection)

    _timeline_step: int | None = -1

    def _refresh_timeline(self, projection: core_agenda.Projection | None = None) -> None:
        c = self.controller
        self._last_timeline = c.clock()
        self._timeline_step = c.timer.index
        if self.tabs.currentWidget() is not self.day_page:
            self._timeline_stale = True  # drawn when the Day tab shows
            return
        self._timeline_stale = False
        projection = projection or c.projection()
        scroll = self.timeline.verticalScrollBar().value()
        self.timeline.clear()
        bold = QFont()
        bold.setBold(True)
        current = c.timer.index
        step_index = 0
        steps = c.timer.steps
        for slot in projection.slots:
            actual = f"{slot.start:%H:%M}–{slot.end:%H:%M}"
            if slot.progress is core_agenda.Progress.COMING:
                actual = f"≈ {actual}"
            late = slot.late_min
            top = QTreeWidgetItem(
                [
                    slot.item.title,
                    f"{slot.planned_start:%H:%M}–{slot.planned_end:%H:%M}",
                    actual,
                    f"+{late} min" if late > 0 else (f"{late} min" if late < 0 else ""),
                ]
            )
            top.setToolTip(0, as_typed(slot.item.title))  # whole, where the column cuts it
            if slot.progress is core_agenda.Progress.CURRENT:
                for col in range(4):
                    top.setFont(col, bold)
            self.timeline.addTopLevelItem(top)
            while step_index < len(steps) and steps[step_index].item_id == slot.item.id:
                s: Step = steps[step_index]
                label = f"{s.name}" + (f" · {s.round_label}" if s.round_label else "")
                child = QTreeWidgetItem([label, minutes_text(s.duration_s), "", ""])
                child.setData(0, Qt.ItemDataRole.UserRole, step_index)
                child.setToolTip(0, as_typed(label))
                if step_index == current:
                    child.setText(2, "◀ now")
                    for col in range(3):
                        child.setFont(col, bold)
                    top.setExpanded(True)
                top.addChild(child)
                step_index += 1
        self.timeline.verticalScrollBar().setValue(scroll)

    def status_text(self) -> str:
        t = self.controller.timer
        step = t.step
        if step is None:
            return "No agenda yet"
        state = {Status.RUNNING: "running", Status.PAUSED: "paused", Status.IDLE: "not started"}[
            t.state.status
        ]
        if self.controller.run is Run.REHEARSAL:
            state += ", rehearsal"
        blank = " · projector blanked" if self.controller.blank else ""
        return f"{step.name}: {t.display()} ({state}){blank}"
