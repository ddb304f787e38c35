"""A long run of badges from the app is laid out in a child process (labdesk.outputs_child): the
same badges as `labdesk badges` prints, remembered for erasures, stopped when the work is
cancelled or the workshop closes, and a child that fails is one plain sentence, never a
traceback. Real child processes throughout (labdesk started again)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from labdesk import outputs_child
from labdesk.cli import main as cli
from labdesk.gui.areas.attendees import AreaWidget
from labdesk.gui.plaintext import as_typed
from labdesk.gui.printing import PrintPreview
from labdesk.store import attendees as store_attendees
from labdesk.store import generated
from labdesk.store.generated import FileKind
from tests import pdf_inspect as pdf


@pytest.fixture
def shown(monkeypatch) -> list[PrintPreview]:  # type: ignore[no-untyped-def]
    """Every print preview the app brings up, kept instead of waiting for a person."""
    dialogs: list[PrintPreview] = []
    monkeypatch.setattr(PrintPreview, "exec", lambda d: dialogs.append(d) or 0)
    return dialogs


@pytest.fixture
def warnings(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *a: said.append((title, text))
    )
    return said


class Children(list[subprocess.Popen[bytes]]):
    """The child processes started to make a file; `started` is set once one has."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()


@pytest.fixture
def children(monkeypatch) -> Children:  # type: ignore[no-untyped-def]
    """Every child process started to make a file (the real ones, only noted)."""
    started = Children()
    real = subprocess.Popen

    def noting(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        child = real(*args, **kwargs)
        started.append(child)
        started.started.set()
        return child

    monkeypatch.setattr(subprocess, "Popen", noting)  # outputs_child imports it when it starts one
    return started


@pytest.fixture
def attendees_area(qtbot, services, monkeypatch) -> AreaWidget:  # type: ignore[no-untyped-def]
    """The Attendees area, its badge stock answered with the default; the demo's 60 people
    count as a long run."""
    monkeypatch.setattr(outputs_child, "APART_FROM", 10)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][a[4]], True))
    area = AreaWidget(services)
    qtbot.addWidget(area)
    return area


def _page_texts(path: Path) -> list[str]:
    return [" ".join(t.split()) for t in pdf.texts(path)]


def test_badges_from_the_app_are_the_badges_the_command_line_prints(
    attendees_area, services, shown, children, finish, tmp_path
) -> None:
    """GIVEN a workshop whose run of badges is long, WHEN Print badges… is pressed, THEN the
    sheets are laid out in a child process and the preview shows the very badges
    `labdesk badges` prints, page for page; the preview is remembered with everyone on it, so
    erasing someone later removes it."""
    finish(attendees_area.print_badges())
    (dialog,) = shown
    assert len(children) == 1 and children[0].returncode == 0
    attending = store_attendees.count(services.doc)
    assert dialog.windowTitle() == f"Badges for {attending} people"
    out = tmp_path / "cli.pdf"
    assert cli(["badges", str(services.doc.path), "-o", str(out)]) == 0
    assert _page_texts(dialog.path) == _page_texts(out)
    assert dialog.document.pageCount() == len(pdf.reader(out).pages) > 1
    (preview,) = [m for m in generated.load(services.doc) if m.path == dialog.path.resolve()]
    assert preview.kind == FileKind.PREVIEW and preview.options["made_as"] == "badges"
    assert len(preview.people) == attending


def test_the_status_bar_says_how_far_a_long_run_is(attendees_area, services, shown, finish) -> None:
    """While the child lays the badges out, what the status bar shows counts them up, to
    everyone; once the preview is up it says nothing."""
    said: list[str] = []
    services.session.working.connect(said.append)
    finish(attendees_area.print_badges())
    attending = store_attendees.count(services.doc)
    counts = [t.removeprefix("Laying out badges… ") for t in said if " of " in t]
    assert said[0] == "Laying out badges…" and said[-1] == ""
    assert counts and counts[-1] == f"{attending} of {attending}"
    done = [int(c.split(" of ")[0]) for c in counts]
    assert done == sorted(done) and len(shown) == 1


def test_a_short_run_is_laid_out_in_the_app(
    qtbot, services, shown, children, finish, monkeypatch
) -> None:
    """Below the threshold (a handful of people) no process is started: it is quicker here."""
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][a[4]], True))
    area = AreaWidget(services)
    qtbot.addWidget(area)
    assert store_attendees.count(services.doc) < outputs_child.APART_FROM
    finish(area.print_badges())
    assert children == [] and len(shown) == 1
    assert shown[0].document.pageCount() >= 1


def test_cancelling_the_work_stops_the_child(
    attendees_area, services, shown, children, warnings, finish, monkeypatch
) -> None:
    """GIVEN badges being laid out in a child, WHEN the operation is cancelled, THEN the child
    is stopped, nothing half-made is left, no preview comes up and nobody is told of an
    error."""
    operation: list[Any] = []
    popen = subprocess.Popen

    def starting(*args: Any, **kwargs: Any) -> Any:
        child = popen(*args, **kwargs)
        operation[0].cancel()  # as soon as it exists: it cannot have finished
        return child

    monkeypatch.setattr(subprocess, "Popen", starting)
    operation.append(attendees_area.print_badges())
    finish(operation[0])
    (child,) = children
    assert child.returncode is not None and child.returncode != 0  # killed, not finished
    assert shown == [] and warnings == [] and services.session.work_text() == ""
    assert list(_preview_folder().glob(".Badges*")) == []  # no half-made sheet, spec or result
    assert attendees_area.badges_button.isEnabled()


def _preview_folder() -> Path:
    from labdesk.gui.printing import preview_path

    return preview_path("Badges.pdf").parent


def test_the_button_stops_the_badges_while_they_are_laid_out(
    attendees_area, services, shown, children, warnings, finish
) -> None:
    """WHEN Print badges… is pressed, THEN it says "Stop laying out badges" until they are laid
    out; pressed then, the child is stopped, no preview comes up, and it is Print badges…
    again."""
    button = attendees_area.badges_button
    button.click()
    run = attendees_area._badges_run
    assert run is not None and button.text() == "Stop laying out badges" and button.isEnabled()
    assert children.started.wait(30)
    button.click()
    assert not button.isEnabled()  # until it has stopped
    finish(run)
    (child,) = children
    assert child.returncode is not None and child.returncode != 0
    assert shown == [] and warnings == [] and services.session.work_text() == ""
    assert button.text() == "Print badges…" and button.isEnabled()


def test_the_button_stops_a_short_run_laid_out_in_the_app(
    qtbot, services, shown, children, warnings, finish, monkeypatch
) -> None:
    """A run short enough to be laid out in the app stops too, at its next sheet."""
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][a[4]], True))
    area = AreaWidget(services)
    qtbot.addWidget(area)
    gate = threading.Event()
    real_count = store_attendees.count

    def counting(doc: Any, **kwargs: Any) -> int:  # on the worker, before any sheet
        assert gate.wait(30)
        return real_count(doc, **kwargs)

    monkeypatch.setattr(store_attendees, "count", counting)
    area.badges_button.click()
    run = area._badges_run
    area.badges_button.click()  # Stop, while it is still to begin
    gate.set()
    finish(run)
    assert children == [] and shown == [] and warnings == []
    assert area.badges_button.text() == "Print badges…" and area.badges_button.isEnabled()
    assert list(_preview_folder().glob(".Badges*")) == []


def test_closing_the_workshop_stops_the_child(
    attendees_area, services, shown, children, warnings
) -> None:
    """Closing the workshop while a long run is laid out does not wait for the run: the child
    is stopped and the file closes."""
    operation = attendees_area.print_badges()
    assert operation is not None and children.started.wait(30)
    services.session.close()
    assert operation.thread is not None and not operation.thread.is_alive()
    (child,) = children
    assert child.returncode is not None and child.returncode != 0
    assert services.session.doc.closed and shown == [] and warnings == []


def test_a_child_that_fails_says_so_in_one_sentence(
    qtbot, attendees_area, services, shown, warnings, finish, monkeypatch
) -> None:
    """GIVEN a child that dies (its traceback on its standard error), WHEN badges are printed,
    THEN a plain warning says the badges could not be laid out, with no traceback in it."""
    crash = (
        "import sys; print('Traceback (most recent call last):', file=sys.stderr); "
        "raise SystemExit(3)"
    )
    monkeypatch.setattr(outputs_child, "command", lambda: [sys.executable, "-c", crash])
    finish(attendees_area.print_badges())
    ((title, text),) = warnings
    assert title == "Laying out badges failed"
    assert text == as_typed(
        "The badges could not be laid out: the process making them stopped (exit status 3)."
    )
    assert shown == [] and attendees_area.badges_button.isEnabled()


def test_a_file_the_child_cannot_open_is_its_own_plain_message(tmp_path) -> None:
    """The child's own refusal (a workshop file that is not there) comes back as it is."""
    from labdesk.store.document import WorkshopFileError

    with pytest.raises(WorkshopFileError, match=r"gone\.labdesk does not exist\."):
        outputs_child.make(tmp_path / "gone.labdesk", "badges", tmp_path / "b.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # spec and result cleared away


def test_the_child_argument_alone_is_one_line_not_a_traceback() -> None:
    """`python -m labdesk --make-in-child` (how the app starts its child, the packaged app
    too) with nothing to make: one line on standard error, exit status 2."""
    done = subprocess.run(
        [*outputs_child.command()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "labdesk: this argument is for labdesk's own use"


def test_the_child_makes_the_file_from_a_spec(demo_file, tmp_path) -> None:
    """The child as the app starts it: a spec in, the file and what went in (Made) out."""
    demo_file.close(take_backup=False)
    out = tmp_path / "Badges.pdf"
    made = outputs_child.make(demo_file.path, "badges", out, temporary=True, size="a4-4")
    assert out.is_file() and made.count > 0 and made.pages == -(-made.count // 4)
    assert len(made.people) == made.count and made.remembered
    assert [p.name for p in tmp_path.iterdir() if "Badges" in p.name] == ["Badges.pdf"]
