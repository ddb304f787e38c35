"""Every file labdesk writes that holds personal data is readable only by its owner, whatever
the user's umask: exports, badges, postcards, labels, groups, the day report, mailing lists, a
person's data, previews and badges in the temporary folder, the log."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from labdesk.cli import main


@pytest.fixture(autouse=True)
def sharing_umask() -> Iterator[None]:
    """The usual umask on a shared laptop: new files readable by everyone (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def owner_only(path: Path) -> bool:
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["export"], "people.csv"),
        (["export"], "people.xlsx"),
        (["export", "--commitments"], "cards.xlsx"),
        (["export", "--feedback"], "feedback.csv"),
        (["badges"], "badges.pdf"),
        (["badges", "--single"], "one.pdf"),
        (["postcards", "--all"], "postcards.pdf"),
        (["report"], "report.pdf"),
        (["groups"], "groups.csv"),
        (["groups"], "groups.pdf"),
    ],
)
def test_every_command_writes_owner_only(tmp_path, args, name, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.labdesk"
    assert main(["new", str(path), "--demo"]) == 0
    out = tmp_path / name
    out.write_bytes(b"yesterday's, shared")  # even replacing a file others could read
    os.chmod(out, 0o644)
    assert main([args[0], str(path), *args[1:], "-o", str(out)]) == 0, capsys.readouterr().err
    assert owner_only(out), oct(os.stat(out).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_files_saved_and_previewed_in_the_app_are_owner_only(
    qtbot, demo_file, services, tmp_path, monkeypatch, finish
):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from labdesk.core.model import Attendee
    from labdesk.gui.areas import attendees as attendees_area
    from labdesk.gui.areas import postcards as postcards_area
    from labdesk.gui.areas.checkin import CheckinDesk
    from labdesk.gui.printing import PrintPreview
    from labdesk.printing import labels
    from labdesk.store import attendees as store_attendees

    cards = postcards_area.AreaWidget(services)
    people = attendees_area.AreaWidget(services)
    desk = CheckinDesk(services.session, open_pdf=lambda _p: None)
    for widget in (cards, people, desk):
        qtbot.addWidget(widget)
    saving: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saving[-1]), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    written: list[Path] = []
    previews: list[Path] = []

    def save_it(dialog) -> int:  # type: ignore[no-untyped-def]
        previews.append(dialog.path)
        saving.append(tmp_path / f"saved {len(saving)}.pdf")
        assert dialog.save()
        written.append(saving[-1])
        return 0

    monkeypatch.setattr(PrintPreview, "exec", save_it)
    for make in (lambda: cards.print_cards("all"), cards.print_report, cards.print_labels):
        finish(make())
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *a, **k: (labels.SHEETS["L7163"].title, True)
    )
    for name, make in (
        ("mailing.csv", cards.save_mailing_list),
        ("person.json", lambda: cards.export_person(Attendee(name="x", id=1))),
    ):
        saving.append(tmp_path / name)
        finish(make())  # written on a worker
        written.append(tmp_path / name)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    finish(people.print_badges())  # previewed; saved as PDF from the preview
    assert people.badges_written == written[-1]
    finish(desk.print_badge(_someone(demo_file)))
    walk_in = desk.last_pdf
    assert walk_in is not None
    assert len(written) == 6 and len(previews) == 4
    for path in [*written, *previews, walk_in]:
        assert path.exists() and owner_only(path), (path, oct(os.stat(path).st_mode))
    for folder in {p.parent for p in [*previews, walk_in]}:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    # No name in a temporary file's name: "badge 12.pdf", "Postcards … .pdf", "Day report.pdf".
    assert walk_in.name == f"badge {_someone(demo_file).id}.pdf"
    names = {a.name.split()[0] for a in store_attendees.load_all(demo_file)}
    assert not any(word in p.name for p in [*previews, walk_in] for word in names)


def _someone(doc):  # type: ignore[no-untyped-def]
    from labdesk.store import attendees

    return next(a for a in attendees.load_all(doc) if a.name == "Llŷr Evans")


def test_the_log_and_its_rotations_are_owner_only(_isolated_data_dir):
    from labdesk.gui import errors

    errors.setup_logging()
    handler = next(
        h for h in logging.getLogger("labdesk").handlers if isinstance(h, logging.FileHandler)
    )
    logging.getLogger("labdesk").info("a line")
    handler.doRollover()
    logging.getLogger("labdesk").info("another line")
    handler.flush()
    logs = sorted((_isolated_data_dir / "logs").iterdir())
    assert [p.name for p in logs] == ["labdesk.log", "labdesk.log.1"]
    assert all(owner_only(p) for p in logs), [oct(os.stat(p).st_mode) for p in logs]
