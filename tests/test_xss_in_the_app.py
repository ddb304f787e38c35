"""Attendee text full of markup, everywhere it is shown in the app and on the projector: always
shown as the characters typed, never read as rich text (labels, table tooltips, dialogs)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QTableView, QWidget

from labdesk.core.model import Attendee, CommitmentCard, FeedbackResponse
from labdesk.gui.main_window import MainWindow
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from labdesk.store.changes import Topic

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<b>bold</b>",
    "<a href='http://evil.example'>click</a>",
    "<h1>big</h1>",
    "<font color=red>red</font>",
    "<table><tr><td>cell</td></tr></table>",
]


def shown(text: str, rich: bool) -> str:
    """What Qt puts on screen for text: rich text is rendered, plain text is shown as is."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _might_be_rich(text: str) -> bool:
    from PySide6 import QtGui

    return bool(QtGui.Qt.mightBeRichText(text))


def check_labels(root: QWidget, seen: set[str]) -> None:
    for label in root.findChildren(QLabel):
        text = label.text()
        fmt = label.textFormat()
        rich = fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and _might_be_rich(text)
        )
        on_screen = shown(text, rich)
        for payload in XSS:
            if payload in text or payload in on_screen:
                seen.add(payload)
                assert payload in on_screen, (label.objectName(), text)


def check_views(root: QWidget, seen: dict[str, set[str]]) -> None:
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(QModelIndex()), 300)):
            for col in range(model.columnCount(QModelIndex())):
                index = model.index(row, col)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if not isinstance(value, str):
                        continue
                    # Item text is drawn plain; a tooltip is rich text whenever it looks like it.
                    rich = role == Qt.ItemDataRole.ToolTipRole and _might_be_rich(value)
                    on_screen = shown(value, rich)
                    for payload in XSS:
                        if payload in value or payload in on_screen:
                            seen.setdefault(str(role), set()).add(payload)
                            assert payload in on_screen, (type(view).__name__, value)


@pytest.fixture
def hostile(demo_file):  # type: ignore[no-untyped-def]
    """The demo with markup in everything attendees (and the facilitator) typed."""
    people = []
    for n, bad in enumerate(XSS):
        a = Attendee(
            name=f"{bad} {n}",
            organisation=bad,
            role=bad,
            email=f"x{n}@example.org",
            access_needs=bad,
            dietary_needs=bad,
            address=f"{bad}\n1 Road\nLeeds",
            consent_postcard=True,
        )
        people.append(store_attendees.add(demo_file, a))
    items = store_agenda.load(demo_file)
    session = next(i for i in items if i.title.startswith("Session 3"))
    session.title = f"Session 3 {XSS[2]}"
    session.phases[0].name = XSS[3]
    session.phases[0].prompt = XSS[1]
    store_agenda.replace_all(demo_file, items)
    session = next(i for i in store_agenda.load(demo_file) if i.title.startswith("Session 3"))
    assert session.id is not None
    with demo_file.transaction(Topic.FEEDBACK) as con:
        for n, bad in enumerate(XSS):
            store_feedback.write(
                con,
                FeedbackResponse(session.id, 4, worked=bad, change=bad, answers={"x": bad}),
                f"fb:xss{n}",
            )
    for n, bad in enumerate(XSS):
        store_commitments.upsert(
            demo_file,
            CommitmentCard(
                action=bad, who=bad, by_when=bad, name=f"{bad} {n}", address=bad, consent_post=True
            ),
            f"card:xss{n}",
        )
    return demo_file


def test_markup_from_attendees_is_shown_as_typed_everywhere_in_the_app(
    qtbot, qsettings_isolated, hostile, monkeypatch
) -> None:
    dialogs: list[str] = []

    def record(*args, **kwargs):  # type: ignore[no-untyped-def]
        dialogs.append(str(args[2]))
        return QMessageBox.StandardButton.No

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    path = hostile.path
    hostile.close(take_backup=False)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    assert window.open_path(path)
    labels: set[str] = set()
    cells: dict[str, set[str]] = {}
    for key in ("run", "agenda", "attendees", "checkin", "feedback", "postcards"):
        area = window.show_area(key)
        for view in area.findChildren(QTableView):  # details panes follow the selection
            rows = view.model().rowCount(QModelIndex()) if view.model() else 0
            for row in range(rows - len(XSS), rows):
                view.selectRow(row)
                check_labels(area, labels)
        check_labels(area, labels)
        check_views(area, cells)
    # The desk: a hostile person's badge scanned shows their name and needs.
    desk = window.areas["checkin"].desk
    hostile_person = next(
        a for a in store_attendees.load_all(window.session.doc) if a.name.startswith(XSS[1])
    )
    scanned: set[str] = set()
    for person in store_attendees.load_all(window.session.doc):
        if person.access_needs in XSS:
            desk.handle_scan(desk.scanner.badge_code(person.id))
            check_labels(desk, scanned)
    assert scanned == set(XSS)  # each name and access need, on the desk
    # The projector: the session with markup in its title, phase and prompt, painted as text.
    controller = window.services.day
    controller.timer.go_to(
        next(n for n, step in enumerate(controller.timer.steps) if step.prompt == XSS[1])
    )
    controller.start()
    frame = controller.frame()
    assert XSS[2] in frame.item and frame.phase == XSS[3]
    assert window.services.projector.canvas.frame == frame  # what the room sees, as text
    check_labels(window.services.projector, labels)
    # The dialog that names a person (to erase them), with its comments that name them.
    erase = window.areas["postcards"].erase_dialog(hostile_person)
    qtbot.addWidget(erase)
    named: set[str] = set()
    check_labels(erase, named)
    assert XSS[1] in named, named
    assert cells[str(Qt.ItemDataRole.DisplayRole)] == set(XSS)
    assert cells[str(Qt.ItemDataRole.ToolTipRole)] == set(XSS)
    window.close_workshop()
