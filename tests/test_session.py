"""The GUI's hold on the open file: change signals and rolling backups off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool

from labdesk.core.model import Attendee
from labdesk.gui.session import WorkshopSession
from labdesk.store import attendees, backup


def test_own_writes_signal_their_topic(qtbot, workshop_file):
    session = WorkshopSession(workshop_file)
    with qtbot.waitSignal(session.changed, timeout=1000) as signal:
        attendees.add(workshop_file, Attendee(name="Chidi Okafor"))
    assert signal.args == ["attendees"]
    session._poll.stop()
    session._backup.stop()


def test_rolling_backup_runs_on_a_worker_thread(qtbot, demo_file):
    session = WorkshopSession(demo_file)
    session.backup_now()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    kept = backup.list_backups(demo_file.path)
    assert len(kept) == 1
    from labdesk.store import open_workshop

    with open_workshop(kept[0], lock=False, readonly=True) as copy:
        assert attendees.count(copy) == 60
        copy.close(take_backup=False)
    session._poll.stop()
    session._backup.stop()
