"""The GUI's hold on the open file: typed change topics, once for each change and whoever made
it, and rolling backups off the GUI thread."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QThreadPool

from labdesk.core.model import Attendee
from labdesk.store import agenda as store_agenda
from labdesk.store import attendees, backup, migrations
from labdesk.store.changes import Topic
from labdesk.store.checkins import Scanner
from tests.old_files import version_1
from tests.webphone import Phone, path_of


def test_own_writes_signal_their_topic(qtbot, workshop_file, make_services):
    session = make_services(workshop_file).session
    with qtbot.waitSignal(session.changed, timeout=1000) as signal:
        attendees.add(workshop_file, Attendee(name="Chidi Okafor"))
    assert signal.args == [Topic.ATTENDEES]


def test_a_batch_command_in_another_process_is_told_by_what_it_changed(qtbot, services):
    """GIVEN the app holding the demo, WHEN `labdesk check-in` checks someone in from another
    process, THEN within a poll the session says "check-ins" only: the agenda, the feedback and
    the cards are not read again."""
    session, doc = services.session, services.doc
    waiting = doc.con.execute(
        "SELECT id FROM attendees WHERE id NOT IN (SELECT attendee_id FROM check_ins)"
        " AND status = 'attending' LIMIT 1"
    ).fetchone()[0]
    code = Scanner(doc).badge_code(waiting)
    heard: list[Topic] = []
    session.changed.connect(heard.append)
    done = subprocess.run(
        [sys.executable, "-m", "labdesk", "check-in", str(doc.path), code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: bool(heard), timeout=3000)
    assert heard == [Topic.CHECKINS]


def test_the_phone_servers_commits_reach_the_gui_once_through_the_session(
    qtbot, services, monkeypatch
):
    """Phones' cards: the session says "commitment cards" once a commit (the server told it at
    once; the next look finds nothing new), and the day's timer does not read the agenda again
    (its steps are not reset by a phone)."""
    session = services.session
    reloads: list[int] = []
    load = store_agenda.load

    def counting(doc):  # type: ignore[no-untyped-def]
        if doc is services.doc:  # the app's own reads, not the server's pages
            reloads.append(1)
        return load(doc)

    monkeypatch.setattr(store_agenda, "load", counting)
    services.phones.start("127.0.0.1", 0)
    qtbot.waitUntil(lambda: services.phones.server is not None, timeout=15000)
    server = services.phones.server
    session.look_now()  # the server's own setting (its address) is seen before the posts
    heard: list[Topic] = []
    session.changed.connect(heard.append)
    url = path_of(server.card_url)
    for n in range(5):
        phone = Phone(server.origin, f"127.0.8.{n + 1}")
        phone.get(url)
        assert phone.post(url, {"action": f"Card {n}", "name": "Ann"}).status_code == 303
    qtbot.waitUntil(lambda: len(heard) >= 1, timeout=3000)
    qtbot.waitUntil(lambda: session.look_now() == Topic(0), timeout=3000)
    assert heard and all(topic == Topic.COMMITMENTS for topic in heard)
    assert len(heard) <= 5  # once a commit (a few posts may share one), never twice
    assert reloads == []


def test_every_table_counts_its_changes(workshop_file):
    """Each table belongs to a topic and has its three triggers, so a change from another
    process is never missed (a migration that rebuilds a table must make them again)."""
    con = workshop_file.con
    tables = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'change_counts'"
        )
    ]
    triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    missing = [
        f"changes_{t}_{event}"
        for t in tables
        for event in ("insert", "update", "delete")
        if f"changes_{t}_{event}" not in triggers
    ]
    assert tables and missing == []


def test_a_file_from_before_the_counts_gets_them_and_keeps_its_rows(tmp_path):
    # The version before the change counts came.
    before = next(
        n for n, step in enumerate(migrations.MIGRATIONS) if "Change counts" in (step.__doc__ or "")
    )
    path = tmp_path / "before-counts.labdesk"
    con = version_1(path, day="2025-01-01")
    migrations.migrate(con, target=before)
    con.execute(
        "INSERT INTO attendees (name, sort_name, created_at)"
        " VALUES ('Ann Lee', 'lee ann', '2025-01-01')"
    )
    con.close()
    from labdesk.store import open_workshop

    with open_workshop(path) as doc:
        before = doc.change_counts()
        assert before is not None and attendees.count(doc) == 1
        attendees.add(doc, Attendee(name="Bea Kay"))
        after = doc.change_counts()
        assert after is not None and after[Topic.ATTENDEES] == before[Topic.ATTENDEES] + 1
        assert after[Topic.CHECKINS] == before[Topic.CHECKINS]
        doc.close(take_backup=False)


def test_rolling_backup_runs_on_a_worker_thread(qtbot, services, demo_file):
    services.session.backup_now()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    kept = backup.list_backups(demo_file.path)
    assert len(kept) == 1
    from labdesk.store import open_workshop

    with open_workshop(kept[0], lock=False, readonly=True) as copy:
        assert attendees.count(copy) == 60
        copy.close(take_backup=False)
