"""The main window: File menu, the areas sidebar, the start page, title and status bar."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from labdesk import __version__
from labdesk.gui.areas import AREAS, AreaSpec
from labdesk.gui.areas.base import Area
from labdesk.gui.operations import Operation
from labdesk.gui.plaintext import as_typed
from labdesk.gui.presenter import PresenterKeys
from labdesk.gui.services import Services, Surroundings
from labdesk.gui.session import WorkshopSession
from labdesk.gui.start_page import StartPage, recent_files, remember_recent
from labdesk.paths import resource
from labdesk.store import WorkshopFileError, create, links, open_workshop
from labdesk.store import backup as store_backup
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("labdesk.gui")

FILE_FILTER = "labdesk workshops (*.labdesk);;All files (*)"


class MainWindow(QMainWindow):
    """The window over the open workshop's services (labdesk.gui.services): it makes them when a
    workshop opens, builds each area on first sight, and shuts the services down when the
    workshop closes. `surroundings` (the clock, the screens) is for tests; start_page=False
    when a workshop is about to open (the app's start on a file), then show_start() if none
    did; staged_start: the app's start, which calls first_painted() once the window is up."""

    def __init__(
        self,
        surroundings: Surroundings | None = None,
        *,
        start_page: bool = True,
        staged_start: bool = False,
    ) -> None:
        super().__init__()
        self.surroundings = surroundings
        self.services: Services | None = None
        # The app's start (staged_start): what its first screen does not show waits for its
        # first paint (see first_painted); None: done at once.
        self._waiting: list[Callable[[], None]] | None = [] if staged_start else None
        self._pending: list[Callable[[], None]] = []  # what waited, running (first_painted)
        self.keys: PresenterKeys | None = None
        self.areas: dict[str, Area] = {}
        self.setWindowIcon(QIcon(str(resource("icons", "labdesk.svg"))))
        self.resize(1200, 780)

        self.nav = QListWidget()
        self.nav.setObjectName("areas")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        nav_font = QFont(self.nav.font())
        nav_font.setPointSizeF(11)
        self.nav.setFont(nav_font)
        palette = self.nav.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.nav.setPalette(palette)
        for spec in AREAS:
            item = QListWidgetItem(QIcon(str(resource("icons", spec.icon))), spec.title)
            item.setToolTip(f"{spec.title} ({spec.shortcut})")
            item.setSizeHint(QSize(180, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_area_at)
        self.stack = QStackedWidget()
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        # Shown when the open file lost its name or its journal: nothing more can be saved.
        self.alert = QLabel()
        self.alert.setObjectName("lost-file")
        self.alert.setTextFormat(Qt.TextFormat.PlainText)
        self.alert.setWordWrap(True)
        self.alert.setMargin(10)
        self.alert.setAutoFillBackground(True)
        alert_palette = self.alert.palette()
        alert_palette.setColor(QPalette.ColorRole.Window, QColor("#8b0000"))
        alert_palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.alert.setPalette(alert_palette)
        alert_font = QFont(self.alert.font())
        alert_font.setBold(True)
        self.alert.setFont(alert_font)
        self.alert.hide()
        outer = QWidget()
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.alert)
        column.addWidget(body, 1)
        self.setCentralWidget(outer)
        # The menu bar's titles are in the first paint; what the menus hold is made after it
        # (during the app's start: some milliseconds of actions and key sequences).
        self.file_menu = self.menuBar().addMenu("&File")
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.view_menu = self.menuBar().addMenu("&View")
        self.help_menu = self.menuBar().addMenu("&Help")
        self._menus_filled = False
        self._after_first_paint(self._build_menus)
        self._status = QLabel()
        self.statusBar().addWidget(self._status, 1)
        # The area's line (the timer's "Round 2: 3:12 (running)") follows the clock.
        self._status_beat = QTimer(self)
        self._status_beat.setInterval(1000)
        self._status_beat.timeout.connect(self._refresh_status)
        # What the workers are doing ("Laying out badges…"): beside any passing message.
        self.working = QLabel()
        self.working.setObjectName("working")
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        self.working.hide()
        self.statusBar().addPermanentWidget(self.working)
        # "9 postcards are due to post today": kept at the right while it holds, so it never
        # covers the area's own line on the left.
        self.postcards_due = QLabel()
        self.postcards_due.setObjectName("postcards_due")
        self.postcards_due.setTextFormat(Qt.TextFormat.PlainText)
        self.postcards_due.setToolTip("Postcards: Ctrl+6")
        self.postcards_due.hide()
        self.statusBar().addPermanentWidget(self.postcards_due)
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if start_page:
            self.show_start()

    # -- menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        self._menus_filled = True  # from here on, _show_history and the actions' state apply
        file_menu = self.file_menu

        def action(text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            return act

        self.act_new = action("&New Workshop…", self.new_workshop, QKeySequence.StandardKey.New)
        self.act_demo = action("New from &Demo", self.open_new_demo)
        self.act_open = action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.act_copy = action("Save a &Copy…", self.save_copy, "Ctrl+Shift+S")
        self.act_details = action("Workshop &Details…", self.edit_details, "Ctrl+I")
        self.act_backup = action("Open &Backup…", self.open_backup)
        self.act_merge = action("&Merge Another Site…", self.merge_site)
        self.act_print_agenda = action(
            "&Print the Agenda…", self.print_agenda, QKeySequence.StandardKey.Print
        )
        self.act_print_run_sheet = action(
            "Print the &Run Sheet…", lambda: self.print_agenda(run_sheet=True)
        )
        self.act_close = action(
            "&Close Workshop", self.close_workshop, QKeySequence.StandardKey.Close
        )
        self.act_quit = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        file_menu.insertActions(
            self.recent_menu.menuAction(), [self.act_new, self.act_demo, self.act_open]
        )
        file_menu.addAction(self.act_backup)
        file_menu.addSeparator()
        file_menu.addActions([self.act_details, self.act_copy, self.act_merge])
        file_menu.addSeparator()
        file_menu.addActions([self.act_print_agenda, self.act_print_run_sheet])
        file_menu.addSeparator()
        file_menu.addAction(self.act_close)
        file_menu.aboutToShow.connect(lambda: self.act_merge.setEnabled(self.session is not None))
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        # Edit › Undo and Redo: the open workshop's one history (labdesk.gui.undo), put in on
        # attach(); these stand in, greyed, while no workshop is open.
        self.no_undo = QAction("&Undo", self)
        self.no_redo = QAction("&Redo", self)
        for act in (self.no_undo, self.no_redo):
            act.setEnabled(False)
        self._show_history(None)

        view_menu = self.view_menu
        self.area_actions: list[QAction] = []
        for row, spec in enumerate(AREAS):
            act = action(
                spec.title, lambda _=False, r=row: self.nav.setCurrentRow(r), spec.shortcut
            )
            view_menu.addAction(act)
            self.area_actions.append(act)
        view_menu.addSeparator()
        self.act_polls = action("&Polls…", self.show_polls, "Ctrl+Shift+P")
        view_menu.addAction(self.act_polls)
        self.act_screens = action("&Screens in the Room…", self.show_screens)
        self.act_screens.setToolTip("The room view, door desks and remote: QR codes and PINs")
        view_menu.addAction(self.act_screens)
        view_menu.aboutToShow.connect(
            lambda: self.act_screens.setEnabled(self.services is not None)
        )

        help_menu = self.help_menu
        help_menu.addAction(
            action("How a &Day Goes", self.show_guide, QKeySequence.StandardKey.HelpContents)
        )
        help_menu.addSeparator()
        help_menu.addAction(action("&About labdesk", self.show_about))
        self._set_workshop_actions(self.services is not None)

    def _set_workshop_actions(self, on: bool) -> None:
        """The actions that need an open workshop: on while one is open (set when the menus
        are made, if they are not yet)."""
        if not self._menus_filled:
            return
        for act in (
            self.act_copy,
            self.act_close,
            self.act_details,
            *self.print_actions,
            *self.area_actions,
        ):
            act.setEnabled(on)

    def _show_history(self, services: Services | None) -> None:
        """The Edit menu's Undo and Redo: those of the open workshop, or greyed stand-ins."""
        if not self._menus_filled:
            return  # put in when the menus are made
        for act in self.edit_menu.actions():
            self.removeAction(act)
        self.edit_menu.clear()
        if services is None:
            self.edit_menu.addActions([self.no_undo, self.no_redo])
            return
        history = services.undo
        self.edit_menu.addActions([history.undo_action, history.redo_action])
        self.addActions([history.undo_action, history.redo_action])  # keys work everywhere

    def _undo_refused(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._undo_box = self._tell(QMessageBox.Icon.Information, "Undo history", message)

    def _tell(self, icon: QMessageBox.Icon, title: str, message: str) -> QMessageBox:
        """A message box that does not hold the event loop (exec() would stop the timers and
        the phone server)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(icon, title, as_typed(message), QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = [f for f in recent_files() if Path(f).exists()]
        if not files:
            empty = self.recent_menu.addAction("No recent workshops")
            empty.setEnabled(False)
        for f in files:
            self.recent_menu.addAction(Path(f).name, lambda p=f: self.open_path(Path(p)))

    # -- states -----------------------------------------------------------------------------------
    def show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        self.nav.setEnabled(False)
        self.nav.setVisible(False)  # the start page has the whole window
        self._set_workshop_actions(False)
        self.setWindowTitle("labdesk")
        self._status.setText("No workshop open")

    def _update_title(self) -> None:
        if self.session is None:
            return
        title = store_workshop.load(self.session.doc).title
        self.setWindowTitle(f"{title} — {self.session.path.name}")
        self.setWindowFilePath(str(self.session.path))

    @property
    def session(self) -> WorkshopSession | None:
        return self.services.session if self.services is not None else None

    def attach(self, doc: WorkshopFile) -> Services:
        """Hold doc as the open workshop: its services start, the first area shows."""
        self.close_workshop()
        self.alert.hide()
        services = self.services = Services(doc, self.surroundings, self)
        session = services.session
        self.keys = PresenterKeys(
            services.presenter, self, self._on_console, self._typing_area, self
        )
        session.changed.connect(self._on_changed)
        session.lost.connect(self._on_lost)
        session.retention_applied.connect(self._retention_applied)
        session.working.connect(self._on_working)

        def history() -> None:
            if self.services is not services:
                return  # closed meanwhile
            services.undo.refused.connect(self._undo_refused)
            services.undo.forgotten.connect(lambda text: self.statusBar().showMessage(text, 10000))
            self._show_history(services)

        self._after_first_paint(history)
        self._after_first_paint(lambda path=session.path: remember_recent(path))
        self.nav.setEnabled(True)
        self.nav.setVisible(True)
        self._set_workshop_actions(True)
        self._update_title()
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(0)
        QTimer.singleShot(0, self._refresh_status)
        self._status_beat.start()
        # Once the window is usable: it purges addresses whose time has come, then tells.
        QTimer.singleShot(250, self._announce_postcards)
        QTimer.singleShot(250, session.check_retention)
        return services

    def _after_first_paint(self, work: Callable[[], None]) -> None:
        """work() now, or during the app's start once the window is painted."""
        if self._waiting is None:
            work()
        else:
            self._waiting.append(work)

    def first_painted(self) -> None:
        """The window is painted: what waited runs, a piece a turn of the event loop (each a
        few milliseconds, so the window answers meanwhile)."""
        if self._waiting is not None:
            self._pending, self._waiting = self._waiting, None
            self._next_piece()

    def _next_piece(self) -> None:
        if self._pending:
            self._pending.pop(0)()
        if self._pending:
            QTimer.singleShot(0, self, self._next_piece)

    def finish_start(self) -> None:
        """What still waits for the first paint, done now: the workshop closes, or the app
        quits, before it ran."""
        pieces = [*(self._waiting or []), *self._pending]
        self._waiting, self._pending = None, []
        for work in pieces:
            work()

    def _on_console(self) -> bool:
        """The Run the day area is showing (the presenter keys work there)."""
        area = self.areas.get("run")
        return area is not None and self.stack.currentWidget() is area

    def _typing_area(self) -> bool:
        """The area showing takes every key as typing (the check-in desk's scans)."""
        area = self.current_area()
        return area is not None and area.takes_every_key

    def _announce_postcards(self) -> None:
        """ "12 postcards are due to post today", in the status bar, on opening a workshop. On a
        worker: it forgets the addresses whose time has come, which reads every card."""
        session = self.session
        if session is None or session.doc.closed:
            return
        from labdesk.gui.operations import Operation

        def count(doc: WorkshopFile) -> str:
            from labdesk.gui.postcards_due import announce_due  # its store modules, here too

            return announce_due(doc)

        def show(message: str) -> None:
            if self.session is session:
                self._show_due(message)

        Operation(session, "", count, success=show, parent=self, purpose="postcards-due").failure(
            lambda exc: log.warning("could not count the postcards due: %s", exc)
        ).run()

    def _show_due(self, message: str) -> None:
        self.postcards_due.setText(f"{message} (Ctrl+6)" if message else "")
        self.postcards_due.setVisible(bool(message))

    def _recount_due(self) -> None:
        """Marking postcards posted (or printing them) changes what is due."""
        if self.session is None or not self.postcards_due.isVisible():
            return
        from labdesk.gui.postcards_due import due_now

        self._show_due(due_now(self.session.doc))

    def _on_lost(self, message: str) -> None:
        """The guard fired: say plainly, in the window and in a box, that nothing more is saved
        (phones are refused, the desk says "Not saved") and what to do."""
        from PySide6.QtWidgets import QMessageBox

        self.alert.setText(message)
        self.alert.show()
        self._refresh_status()
        self._lost_box = self._tell(
            QMessageBox.Icon.Critical, "labdesk has stopped saving", message
        )

    def _retention_applied(self, result: object) -> None:
        """The retention date came and the personal data was purged (or could not be)."""
        from PySide6.QtWidgets import QMessageBox

        text = result if isinstance(result, str) else f"{result.title}."  # type: ignore[attr-defined]
        problems = [] if isinstance(result, str) else result.problems  # type: ignore[attr-defined]
        self.statusBar().showMessage(text, 60000)
        if problems or isinstance(result, str):
            QMessageBox.warning(self, "Personal data", as_typed("\n".join([text, *problems])))

    def _on_changed(self, topic: Topic) -> None:
        if topic & Topic.WORKSHOP:
            self._update_title()
        if topic & (Topic.POSTCARDS | Topic.COMMITMENTS):
            self._recount_due()
        self._refresh_status()

    def _on_working(self, what: str) -> None:
        self.working.setText(what)
        self.working.setVisible(bool(what))
        if not what:
            self._refresh_status()  # what the work changed may change the area's line

    def _refresh_status(self) -> None:
        area = self.current_area()
        text = area.status_text() if area else ""
        saved = f"All changes saved to {self.session.path.name}" if self.session else ""
        if self.session is not None and self.session.lost_message:
            saved = f"Nothing more is saved to {self.session.path.name}"
        self._status.setText("   ·   ".join(t for t in (text, saved) if t))

    def current_area(self) -> Area | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Area) else None

    def _show_area_at(self, row: int) -> None:
        if row < 0 or self.session is None:
            return
        spec = AREAS[row]
        area = self.areas.get(spec.key) or self._build_area(spec)
        before = self.current_area()
        if before is not None and before is not area:
            before.set_on_screen(False)
        self.stack.setCurrentWidget(area)
        area.set_on_screen(True)
        if not area.takes_every_key:
            # No area opens with a field focused: a clicker's PageDown must not change a time.
            # (The check-in desk's scan field is the exception: every key is a scan there.)
            area.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_status()

    def _build_area(self, spec: AreaSpec) -> Area:
        assert self.session is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            module = importlib.import_module(f"labdesk.gui.areas.{spec.module}")
            area: Area = module.AreaWidget(self.services)
        finally:
            QApplication.restoreOverrideCursor()
        area.setObjectName(f"area-{spec.key}")
        area.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # it holds the focus when it opens
        self.areas[spec.key] = area
        self.stack.addWidget(area)
        return area

    def show_area(self, key: str) -> Area:
        row = next(i for i, spec in enumerate(AREAS) if spec.key == key)
        self.nav.setCurrentRow(row)
        return self.areas[key]

    # -- file actions -----------------------------------------------------------------------------
    def _fail(self, what: str, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        log.warning("%s: %s", what, exc)
        if not self.isVisible():  # at start-up: the window (with the start page) is behind it
            if self.session is None:
                self.show_start()
            self.show()
        QMessageBox.warning(self, what, as_typed(str(exc)))

    def open_path(self, path: Path) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            doc = open_workshop(path)
        except WorkshopFileError as exc:
            QApplication.restoreOverrideCursor()
            self._fail("Cannot open the workshop", exc)
            return False
        QApplication.restoreOverrideCursor()
        self.attach(doc)
        return True

    def open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(Path(recent_files()[0]).parent) if recent_files() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open a workshop", start, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_new_demo(self) -> bool:
        from labdesk.store.demo import create_demo, fresh_demo_path

        try:
            doc = create_demo(fresh_demo_path())
        except WorkshopFileError as exc:
            self._fail("Cannot create the demo workshop", exc)
            return False
        self.attach(doc)
        said = f"A fresh copy of the demo workshop: {doc.path}"
        # Once the window is up (at the app's start it opens the demo before it shows): a
        # status bar shown after its message would show its own line under the message too.
        QTimer.singleShot(0, self, lambda: self.statusBar().showMessage(said, 8000))
        return True

    def new_workshop(self) -> bool:
        from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QFileDialog

        from labdesk.gui.forms import load_form  # Qt Designer's loader: not part of the start

        dialog = load_form("new_workshop.ui", self)
        assert isinstance(dialog, QDialog)
        title_edit = dialog.findChild(QLineEdit, "title")
        date_edit = dialog.findChild(QDateEdit, "date")
        venue_edit = dialog.findChild(QLineEdit, "venue")
        buttons = dialog.findChild(QDialogButtonBox, "buttons")
        date_edit.setDate(QDate.currentDate())
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Choose where to save…")
        ok.setEnabled(False)
        title_edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        title = " ".join(title_edit.text().split())
        suggested = Path.home() / f"{_safe_name(title)}.labdesk"
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the new workshop as", str(suggested), FILE_FILTER
        )
        if not name:
            return False
        path = Path(name if name.endswith(".labdesk") else name + ".labdesk")
        qdate = date_edit.date()
        try:
            if path.exists():
                raise WorkshopFileError(f"{path.name} already exists. Choose another name.")
            doc = create(
                path,
                title,
                qdate.toPython(),
                venue=venue_edit.text().strip(),
            )
        except WorkshopFileError as exc:
            self._fail("Cannot create the workshop", exc)
            return False
        self.attach(doc)
        return True

    def save_copy(self) -> Operation[None] | None:
        """File › Save a Copy: through SQLite's backup API, on a worker with its own connection
        (a big file takes a while; the countdown carries on); the status bar says when done."""
        from PySide6.QtWidgets import QFileDialog

        if self.session is None:
            return None
        stem = self.session.path.stem
        suggested = self.session.path.with_name(
            f"{stem} copy {dt.datetime.now():%Y-%m-%d %H%M}.labdesk"
        )
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy", str(suggested), FILE_FILTER)
        if not name:
            return None
        dest = Path(name if name.endswith(".labdesk") else name + ".labdesk")
        if links.open_part(dest) is not None:  # the open file itself, or a link to it
            self._fail(
                "Cannot save the copy",
                WorkshopFileError("Choose a different name from the open file."),
            )
            return None

        from labdesk.store import generated as store_generated  # not needed at start-up

        def copy(doc: WorkshopFile) -> None:
            doc.save_copy(dest)
            # Remembered: erasing a person, or the retention date, rewrites this copy too.
            store_generated.remember(doc, dest, store_generated.FileKind.COPY)

        return (
            Operation(
                self.session,
                f"Saving a copy to {dest.name}…",
                copy,
                success=lambda _: self.statusBar().showMessage(f"Copy saved to {dest}", 8000),
                parent=self,
                purpose="copy",
            )
            .failure(lambda exc: self._fail("Cannot save the copy", exc))
            .disabling(self.act_copy)
            .run()
        )

    def edit_details(self) -> bool:
        from labdesk.gui.dialogs import edit_workshop_details

        if self.session is None:
            return False
        try:
            saved = edit_workshop_details(self.session.doc, self)
            if saved:
                self.session.check_retention()  # a date today or earlier: purge now
            return saved
        except WorkshopFileError as exc:
            self._fail("Cannot save the details", exc)
            return False

    @property
    def print_actions(self) -> tuple[QAction, QAction]:
        return (self.act_print_agenda, self.act_print_run_sheet)

    def print_agenda(self, *, run_sheet: bool = False) -> Operation[object] | None:
        """File › Print the Agenda… (or the Run Sheet, with phases, prompts, notes and groups):
        laid out on a worker by the same maker as `labdesk agenda`, then the print preview."""
        from labdesk.gui.printing import print_agenda

        if self.session is None:
            return None
        return print_agenda(  # type: ignore[return-value]
            self.session, self, run_sheet=run_sheet, disabling=self.print_actions
        )

    def merge_site(self) -> None:
        """File › Merge Another Site…: bring another site's workshop file into this one."""
        from labdesk.gui.merge_dialog import MergeDialog

        if self.session is not None:
            dialog = MergeDialog(self.session.doc, parent=self)
            dialog.merged.connect(self._after_merge)
            dialog.exec()

    def _after_merge(self, _merged: object = None) -> None:
        for area in self.areas.values():
            area.after_merge()

    def open_backup(self) -> bool:
        """Restore a backup as a new file chosen by the user, and open that."""
        from PySide6.QtWidgets import QFileDialog

        from labdesk.gui.dialogs import choose_backup

        sources = [Path(f) for f in recent_files()]
        if self.session is not None and self.session.path not in sources:
            sources.insert(0, self.session.path)
        chosen = choose_backup(sources, self)
        if chosen is None:
            return False
        original = next(
            (p for p in sources if chosen.parent == store_backup.backups_folder(p)), chosen
        )
        suggested = original.with_name(
            f"{original.stem} restored {dt.datetime.now():%Y-%m-%d %H%M}.labdesk"
        )
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the restored workshop as", str(suggested), FILE_FILTER
        )
        if not name:
            return False
        dest = Path(name if name.endswith(".labdesk") else name + ".labdesk")
        try:
            if dest.exists():
                raise WorkshopFileError(f"{dest.name} already exists. Choose another name.")
            source = open_workshop(chosen, lock=False, readonly=True)
            try:
                source.save_copy(dest)
            finally:
                source.close(take_backup=False)
        except WorkshopFileError as exc:
            self._fail("Cannot restore the backup", exc)
            return False
        return self.open_path(dest)

    def close_workshop(self) -> None:
        """The areas go (they are only views), then the services stop in their order: the
        phone server, the projector, the timer, the file."""
        services = self.services
        if services is None:
            return
        self._status_beat.stop()
        self._show_due("")
        for area in self.areas.values():
            self.stack.removeWidget(area)
            area.deleteLater()
        self.areas.clear()
        if self.keys is not None:
            self.keys.stop()
            self.keys.deleteLater()
            self.keys = None
        self.services = None
        self.finish_start()  # the recent list has the file, even if it closes at once (the
        # Edit menu's history, which waited too, is not made for a workshop closing)
        panel = getattr(services, "polls_panel", None)
        if panel is not None:  # a view of this workshop: it goes with it
            panel.close()
            panel.deleteLater()
        services.session.changed.disconnect(self._on_changed)
        services.session.lost.disconnect(self._on_lost)
        services.session.working.disconnect(self._on_working)
        self._on_working("")
        self._show_history(None)
        services.shutdown()
        services.deleteLater()
        self.show_start()
        from labdesk.gui.background import collect_all

        QTimer.singleShot(0, collect_all)  # the workshop's data and areas are garbage now

    def show_polls(self) -> QWidget | None:
        """The Polls panel (one per open workshop): questions to the room and their results."""
        if self.services is None:
            return None
        from labdesk.gui.polls_panel import show_panel

        return show_panel(self.services, self)

    def show_screens(self) -> None:
        """View › Screens in the Room…: the room view's, desks' and remote's codes and PINs."""
        if self.services is None:
            return
        from labdesk.gui.screens_dialog import show_screens

        show_screens(self.services, self, lambda: self.show_area("feedback"))

    def show_guide(self) -> None:
        from labdesk.gui.guide import show_guide

        show_guide(self)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        from labdesk.gui.forms import load_form

        dialog = load_form("about.ui", self)
        assert isinstance(dialog, QDialog)
        dialog.findChild(QLabel, "icon").setPixmap(self.windowIcon().pixmap(64, 64))
        dialog.findChild(QLabel, "version").setText(f"Version {__version__}")
        import PySide6

        details = f"Qt {PySide6.QtCore.qVersion()}, PySide6 {PySide6.__version__}"
        if self.session is not None:
            details += f"\nWorkshop file: {self.session.path}"
        dialog.findChild(QLabel, "details").setText(details)
        dialog.findChild(QDialogButtonBox, "buttons").rejected.connect(dialog.reject)
        dialog.exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.close_workshop()
        event.accept()


def _safe_name(title: str) -> str:
    cleaned = "".join(c for c in title if c.isalnum() or c in " -_").strip()
    return cleaned[:60] or "Workshop"
