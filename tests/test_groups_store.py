"""Groups kept in the workshop file with the rule that formed them (issue #13, item 1): one place
forms and keeps them, earlier sets count as who has met, and files from before still read."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

from labdesk.core.activities import Grouping
from labdesk.store import agenda as store_agenda
from labdesk.store import groups as store_groups
from labdesk.store import migrations, open_workshop


def _item(doc, start: str):  # type: ignore[no-untyped-def]
    return next(i for i in store_agenda.load(doc) if i.title.startswith(start))


def test_forming_an_items_groups_keeps_them_with_their_rule(demo_file) -> None:
    troika = _item(demo_file, "Session 1")
    formed = store_groups.form_for_item(demo_file, troika, rng=random.Random(2))
    assert formed.checked_in and len(formed.people) == 46
    kept = store_groups.latest(demo_file, troika.id)
    assert kept is not None and kept.rule == "same_group_roles_rotate"
    again = kept.formation()
    assert again.rule is Grouping.SAME_GROUP_ROLES_ROTATE
    assert [s.groups for s in again.stages] == [s.groups for s in formed.formation.stages]
    assert again.roles_in(1)[0][1] == "client"  # the roles come back from the file too
    # The trio met once, not three times, for the sessions that follow.
    met = store_groups.history(demo_file)
    assert set(met.values()) == {1}
    assert sum(met.values()) == sum(len(g) * (len(g) - 1) // 2 for g in again.stages[0].groups)


def test_later_sessions_mix_people_who_met_in_troika(demo_file) -> None:
    store_groups.form_for_item(demo_file, _item(demo_file, "Session 1"), rng=random.Random(1))
    trios = store_groups.form_for_item(
        demo_file, _item(demo_file, "Session 3"), rng=random.Random(1)
    )
    assert trios.met_again == 0


def test_an_item_in_the_whole_room_keeps_no_groups(demo_file) -> None:
    lunch = _item(demo_file, "Lunch")
    formed = store_groups.form_for_item(demo_file, lunch)
    assert formed.kept is None and formed.formation.stages == []
    assert store_groups.latest(demo_file, lunch.id) is None


def _older_file(path: Path) -> None:
    """A workshop at the version before groups had rules, with a set kept as it kept them."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    before_rules = migrations.MIGRATIONS.index(migrations._v4)
    migrations.migrate(con, target=before_rules)
    con.execute(
        "INSERT INTO workshop (id, title, date, code, secret, web_token, created_at)"
        " VALUES (1, 'Old', '2025-01-01', 'ACDE', '00', 'tok', '2025-01-01')"
    )
    con.execute(
        "INSERT INTO agenda_items (id, position, title, duration_min) VALUES (1, 0, 'P', 9)"
    )
    rounds = [[[1, 2], [3, 4]], [[1, 3], [2, 4]]]
    con.execute(
        "INSERT INTO group_sets (agenda_item_id, created_at, group_size, rounds, data)"
        " VALUES (1, '2025-01-01T10:00:00+00:00', 2, 2, ?)",
        (json.dumps(rounds),),
    )
    con.close()


def test_groups_kept_before_rules_read_as_new_partners_each_round(tmp_path: Path) -> None:
    path = tmp_path / "old.labdesk"
    _older_file(path)
    readonly = open_workshop(path, lock=False, readonly=True)  # `labdesk report` reads like this
    old = store_groups.latest(readonly, 1)
    assert old is not None and old.rule == ""
    assert old.formation().rule is Grouping.NEW_PARTNERS_EACH_ROUND
    assert [s.groups for s in old.formation().stages] == [[[1, 2], [3, 4]], [[1, 3], [2, 4]]]
    readonly.close(take_backup=False)
    doc = open_workshop(path)  # upgrades
    assert doc.schema_version() == migrations.SCHEMA_VERSION
    kept = store_groups.latest(doc, 1)
    assert kept is not None and kept.rule == "" and kept.formation().stages[1].size == 2
    assert sum(store_groups.history(doc).values()) == 4
    doc.close(take_backup=False)
