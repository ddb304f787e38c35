"""File › Merge Another Site…: choose the other site's workshop file, see who matches whom and
what comes with them, decide the doubtful pairs, then merge, off the GUI thread (the same
steps as `labdesk merge`: labdesk.store.merge, labdesk.sites)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labdesk.core.merging import PersonStep, Step
from labdesk.core.words import count
from labdesk.gui.background import start_worker
from labdesk.gui.plaintext import as_typed
from labdesk.store import WorkshopFile
from labdesk.store.merge import describe

if TYPE_CHECKING:
    from labdesk.store.merge import MergePlan

log = logging.getLogger("labdesk.gui")

INTRO = (
    "Bring in another site's workshop file: its people, check-ins, feedback, commitment cards, "
    "postcards and polls, each kept with its site. The other file is only read, never changed, and "
    "may be open in its own labdesk meanwhile. Merging the same file again adds nothing."
)
SAME, APART = "The same person", "Two people"
WHAT = {
    Step.SAME: "Same person",
    Step.NEW: "New here",
    Step.DOUBTFUL: "To decide",
    Step.ERASED: "Erased on request",
}


class _Bridge(QObject):
    previewed = Signal(object)  # a MergePlan, or the error message (str)
    done = Signal(object)  # a labdesk.sites.Merged, or the error message (str)


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # plain text: a name is shown as typed, never as markup
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(as_typed(text) if text else "")  # the whole of it, when cut short
    return item


def _table(headers: list[str], name: str, stretch: set[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column in stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return table


def _plan(
    file: Path,
    other_path: Path,
    decisions: dict[tuple[int, int], bool],
    then: Callable[[WorkshopFile, MergePlan], object] | None = None,
) -> object:
    """On a worker, with connections of its own (the other file read-only): the plan, or what
    `then` makes of it (the merge)."""
    from labdesk.store import merge, open_workshop

    other = merge.open_other(other_path, file)
    try:
        doc = open_workshop(file, lock=False, purpose="merge")
        try:
            plan = merge.plan(doc, merge.read(other), decisions=decisions)
            return plan if then is None else then(doc, plan)
        finally:
            doc.close(take_backup=False)
    finally:
        other.close(take_backup=False)


class MergeDialog(QDialog):
    """Preview (read off the GUI thread), the doubtful pairs decided one by one, then Merge."""

    merged = Signal(object)  # labdesk.sites.Merged, once done

    def __init__(
        self, doc: WorkshopFile, other: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.other: Path | None = None
        self.plan: object | None = None
        self.steps: list[PersonStep] = []
        self.choices: list[tuple[PersonStep, QComboBox]] = []
        self.setWindowTitle("Merge another site")
        self.resize(1100, 720)

        self.heading = _plain(QLabel("Merge another site's workshop into this one"))
        self.heading.setObjectName("merge-heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.file_label = _plain(QLabel("No file chosen yet."))
        self.choose_button = QPushButton("Choose the other site's file…")
        self.choose_button.clicked.connect(self.choose)
        chooser = QHBoxLayout()
        chooser.addWidget(self.file_label, 1)
        chooser.addWidget(self.choose_button)
        self.summary = _plain(QLabel(""))
        self.summary.setObjectName("merge-summary")

        self.pairs = _table(
            ["Here", "There", "Why they may be one person", "Decision"], "Pairs", {0, 1}
        )
        self.pairs_box = QGroupBox("Doubtful pairs: decide each one")
        QVBoxLayout(self.pairs_box).addWidget(self.pairs)
        self.people = _table(
            ["What becomes of them", "There", "Here", "How"], "People there", {1, 2}
        )
        self.people.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.people.setColumnWidth(3, 300)
        self.people_box = QGroupBox("The other site's people")
        QVBoxLayout(self.people_box).addWidget(self.people)
        self.pairs_box.setVisible(False)
        self.people_box.setVisible(False)

        self.state = _plain(QLabel(""))
        self.state.setObjectName("merge-state")
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.merge_button.setAutoDefault(False)
        self.merge_button.clicked.connect(self.merge_now)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(_plain(QLabel(INTRO)))
        layout.addLayout(chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.pairs_box, 0)
        layout.addWidget(self.people_box, 1)
        layout.addStretch(0)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self._bridge = _Bridge(self)
        self._bridge.previewed.connect(self._previewed)
        self._bridge.done.connect(self._finished)
        self._worker: object | None = None
        if other is not None:
            self.preview(other)

    # -- the other file --------------------------------------------------------------------------
    def choose(self) -> None:
        from labdesk.gui.main_window import FILE_FILTER

        name, _ = QFileDialog.getOpenFileName(
            self, "The other site's workshop", str(self.doc.path.parent), FILE_FILTER
        )
        if name:
            self.preview(Path(name))

    def preview(self, path: Path) -> None:
        """Read the other file and plan the merge on a worker; nothing is written."""
        self.other = Path(path)
        self.file_label.setText(f"Other site's file: {self.other}")
        self.state.setText("Reading the other site's file…")
        self.merge_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        bridge, file = self._bridge, self.doc.path

        def work() -> None:
            try:
                result: object = _plan(file, Path(path), {})
            except Exception as exc:
                log.info("cannot merge %s: %s", path, exc)
                result = str(exc)
            with contextlib.suppress(RuntimeError):  # the dialog went meanwhile
                bridge.previewed.emit(result)

        self._worker = start_worker("labdesk-merge-preview", work)

    def _previewed(self, result: object) -> None:
        from labdesk.store.merge import MergePlan

        self.choose_button.setEnabled(True)
        if isinstance(result, str):
            self.plan = None
            self.state.setText(f"Cannot merge this file: {result}")
            self.pairs_box.setVisible(False)
            self.people_box.setVisible(False)
            self.summary.setText("")
            return
        assert isinstance(result, MergePlan)
        self.plan = result
        source = result.source
        self.heading.setText(f"Merge {source.site.place} into {result.here.place}")
        counts = {step: len(result.people.of(step)) for step in Step}
        people = (
            f"People at {source.site.place}: {len(result.people.steps)}:"
            f" {counts[Step.SAME]} the same as someone here, {counts[Step.NEW]} new,"
            f" {counts[Step.DOUBTFUL]} to decide, {counts[Step.ERASED]} erased on request."
        )
        self.summary.setText(
            "\n".join(
                [
                    f"{source.site.describe()}  →  {result.here.describe()}",
                    people,
                    *[line[0].upper() + line[1:] + "." for line in result.records()],
                ]
            )
        )
        self.steps = result.people.steps
        here = result.here_people
        doubtful = [s for s in self.steps if s.step is Step.DOUBTFUL]
        self.pairs.setRowCount(len(doubtful))
        self.choices = []
        for row, step in enumerate(doubtful):
            there = source.person(step.there).attendee
            self.pairs.setItem(row, 0, _cell(describe(here.get(step.here or -1), step.here)))
            self.pairs.setItem(row, 1, _cell(describe(there, step.there)))
            self.pairs.setItem(row, 2, _cell(step.how))
            choice = QComboBox()
            choice.addItems(["Decide…", SAME, APART])
            choice.setAccessibleName(f"Is there #{step.there} here #{step.here}?")
            choice.currentIndexChanged.connect(self._decided)
            self.pairs.setCellWidget(row, 3, choice)
            self.choices.append((step, choice))
        self.pairs_box.setTitle(
            f"Doubtful pairs: decide each one ({len(doubtful)})" if doubtful else "Doubtful pairs"
        )
        self.pairs_box.setVisible(bool(doubtful))
        shown = min(len(doubtful), 5)  # every pair in sight, up to five; then it scrolls
        self.pairs.setMinimumHeight(
            self.pairs.horizontalHeader().height()
            + shown * self.pairs.verticalHeader().defaultSectionSize()
            + 2 * self.pairs.frameWidth()
        )
        self.people.setRowCount(len(self.steps))
        for row, step in enumerate(self.steps):
            there = source.person(step.there).attendee
            mine = here.get(step.here) if step.here is not None else None
            what = WHAT[step.step]
            if step.step is Step.ERASED and step.erase_here:
                what = "Erased there: erased here too"
            self.people.setItem(row, 0, _cell(what))
            self.people.setItem(row, 1, _cell(describe(there, step.there)))
            shown = step.step in (Step.SAME, Step.DOUBTFUL) or step.erase_here
            self.people.setItem(row, 2, _cell(describe(mine, step.here) if shown else ""))
            self.people.setItem(row, 3, _cell(step.how))
        self.people_box.setVisible(True)
        self._decided()

    def decisions(self) -> dict[tuple[int, int], bool]:
        """(here, there) -> the same person (True) or two people (False), as chosen."""
        chosen: dict[tuple[int, int], bool] = {}
        for step, choice in self.choices:
            if choice.currentText() in (SAME, APART) and step.here is not None:
                chosen[(step.here, step.there)] = choice.currentText() == SAME
        return chosen

    def _decided(self) -> None:
        if self.plan is None:
            return
        left = len(self.choices) - len(self.decisions())
        empty = getattr(self.plan, "empty", False)
        self.merge_button.setEnabled(left == 0 and not empty)
        if empty:
            self.state.setText("Nothing new to merge: all of this file is here already.")
        elif left:
            self.state.setText(f"Decide the {count(left, 'doubtful pair')} above to merge.")
        else:
            self.state.setText("Ready to merge. A backup of this workshop is taken first.")

    # -- merging ---------------------------------------------------------------------------------
    def merge_now(self) -> None:
        """Plan again with the decisions (from the files as they are now) and merge, on a worker
        with its own connection; the window stays responsive."""
        from labdesk import sites

        assert self.other is not None
        path, decisions, bridge, here = self.other, self.decisions(), self._bridge, self.doc.path
        for widget in (self.merge_button, self.choose_button, self.close_button, self.pairs):
            widget.setEnabled(False)
        self.state.setText("Merging…")

        def work() -> None:
            try:
                result: object = _plan(here, path, decisions, sites.run)
            except Exception as exc:
                log.exception("merging %s failed", path)
                result = str(exc)
            with contextlib.suppress(RuntimeError):
                bridge.done.emit(result)

        self._worker = start_worker("labdesk-merge", work)

    def _finished(self, result: object) -> None:
        from labdesk.sites import Merged
        from labdesk.store.merge import TOPICS

        self.close_button.setEnabled(True)
        if isinstance(result, str):
            self.state.setText(f"Not merged (nothing changed): {result}")
            self.merge_button.setEnabled(True)
            self.choose_button.setEnabled(True)
            self.pairs.setEnabled(True)
            return
        assert isinstance(result, Merged)
        self.close_button.setText("Close")
        self.close_button.clicked.disconnect()
        self.close_button.clicked.connect(self.accept)
        self.merge_button.setVisible(False)
        self.pairs_box.setVisible(False)
        self.people_box.setVisible(False)  # the preview is done with
        if self.plan is not None:
            self.heading.setText(
                f"Merged {self.plan.source.site.place} into {self.plan.here.place}"  # type: ignore[attr-defined]
            )
        self.summary.setText("\n".join([*result.lines, *result.problems]))
        self.state.setText("Done." if not result.problems else "Done, but see above.")
        self.doc.notify(TOPICS)  # this window's areas refresh now, once, not at the next poll
        self.merged.emit(result)
