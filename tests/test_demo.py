"""The demo workshop holds the seed's day and about sixty fictitious people."""

from __future__ import annotations

from labdesk.core.agenda import overrun_minutes, schedule
from labdesk.core.model import ItemKind
from labdesk.store import agenda, attendees, commitments, feedback, workshop
from labdesk.store.summary import summary


def test_demo_day_follows_the_seed(demo_file):
    w = workshop.load(demo_file)
    items = agenda.load(demo_file)
    titles = " | ".join(i.title for i in items)
    for words in ("networking pairs", "Session 1", "Session 2", "Session 3", "Session 4", "Lunch"):
        assert words in titles
    prompts = "\n".join(p.prompt for i in items for p in i.phases)
    assert "What did you have for lunch?" in prompts
    assert "One thing that caused me to doubt" in prompts
    assert "Consultants" in prompts  # Troika Consulting
    troika = next(i for i in items if i.activity == "troika-consulting")
    assert any(p.group_size == 3 and p.rounds == 3 for p in troika.phases)
    # Each item's phases fill exactly its planned time, and the day fits.
    for item in items:
        if item.phases:
            assert sum(p.duration_s * p.rounds for p in item.phases) == item.duration_min * 60, (
                item.title
            )
    slots = schedule(w.day_start, items)
    assert overrun_minutes(slots, w.day_end) == 0
    assert sum(1 for i in items if i.kind.is_pause) >= 3


def test_demo_people_and_responses(demo_file):
    people = attendees.load_all(demo_file)
    assert 55 <= len(people) <= 70
    assert len({p.organisation for p in people}) >= 8
    names = {p.name for p in people}
    assert {"Siân Jones", "Llŷr Evans", "Zoë Nowak", "Aoife Ó Súilleabháin"} <= names
    assert all(p.email.endswith("@example.org") for p in people)
    cards = commitments.load_all(demo_file)
    assert any(c.consent_post for c in cards) and any(not c.consent_post for c in cards)
    matched = [c for c in cards if c.attendee_id is not None]
    assert len(matched) >= 14
    # A couple of paper cards need the desk to check who wrote them (the review list).
    assert any(c.attendee_id is None for c in cards)
    assert len(feedback.load_all(demo_file)) > 20
    facts = summary(demo_file)
    assert facts["integrity"] == "ok"
    assert int(facts["checked in"]) > 0


def test_each_demo_copy_is_fresh_and_separate(tmp_path):
    from labdesk.store.demo import create_demo

    a = create_demo(tmp_path / "a.labdesk")
    b = create_demo(tmp_path / "b.labdesk")
    try:
        code_a = a.con.execute("SELECT code, secret, web_token FROM workshop").fetchone()
        code_b = b.con.execute("SELECT code, secret, web_token FROM workshop").fetchone()
        assert tuple(code_a)[1:] != tuple(code_b)[1:]  # different secrets and tokens
        assert ItemKind.LUNCH in {i.kind for i in agenda.load(a)}
    finally:
        a.close(take_backup=False)
        b.close(take_backup=False)


def test_demo_feedback_talks_about_the_session_it_was_given_for(demo_file):
    # Issue #13: "Troika was brilliant" was filed under the influencing role-play.
    titles = {i.id: i.title for i in agenda.load(demo_file)}
    about = {
        "troika": "Session 1",
        "six problems": "Session 1",
        "trio": "Session 1",
        "test team": "Session 2",
        "each team": "Session 2",
        "slides": "Session 2",
        "role play": "Session 3",
        "feedback sentences": "Session 3",
        "presenter": "Session 3",
        "partner": "Welcome and networking",
        "networking": "Welcome and networking",
    }
    seen = set()
    for response in feedback.load_all(demo_file):
        text = f"{response.worked} {response.change}".casefold()
        for words, session in about.items():
            if words in text:
                seen.add(words)
                assert titles[response.agenda_item_id].startswith(session), (text, session)
    assert {"troika", "role play", "test team", "partner"} <= seen


def _contents(doc) -> dict[str, list[tuple]]:
    """Every table's rows, but for what makes a file its own (code, keys, when it was made)."""
    tables = [
        r[0]
        for r in doc.con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    own = {
        "workshop": {"code", "secret", "web_token", "created_at"},
        "attendees": {"created_at"},  # when the build ran: a second apart, at times
        "settings": set(),
    }
    seen = {}
    for table in tables:
        if table == "change_counts":  # how often each topic changed: the copy's identity did
            continue
        columns = [r[1] for r in doc.con.execute(f"PRAGMA table_info({table})")]
        keep = [c for c in columns if c not in own.get(table, set())]
        rows = doc.con.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall()
        seen[table] = sorted(
            tuple(r) for r in rows if not (table == "settings" and r[0] == "retention_date")
        )
    return seen


def test_a_copied_demo_holds_what_a_built_one_does(tmp_path, monkeypatch):
    """`labdesk --demo` copies the demo built once into the data folder: the copy has every
    row a demo built row by row has, an identity of its own and today's retention date."""
    import datetime as dt

    from labdesk.core import retention
    from labdesk.store import retention as store_retention
    from labdesk.store.demo import build_demo, create_demo

    monkeypatch.setenv("LABDESK_CACHE_DIR", str(tmp_path / "cache"))
    built = build_demo(tmp_path / "built.labdesk")
    first = create_demo(tmp_path / "first.labdesk")  # builds the one kept in the cache
    copied = create_demo(tmp_path / "copied.labdesk")  # a copy of it
    try:
        assert len(list((tmp_path / "cache" / "demo").glob(".built-*.labdesk"))) == 1
        assert _contents(copied) == _contents(built) == _contents(first)
        secrets = {
            d.con.execute("SELECT secret FROM workshop").fetchone()[0]
            for d in (built, first, copied)
        }
        assert len(secrets) == 3
        w = workshop.load(copied)
        today = dt.date.today()
        assert store_retention.retention_date(copied) == retention.default_date(w.date, today)
    finally:
        for d in (built, first, copied):
            d.close(take_backup=False)


def test_a_stale_or_broken_built_demo_is_made_again(tmp_path, monkeypatch):
    from labdesk.store.demo import create_demo

    monkeypatch.setenv("LABDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "demo"
    folder.mkdir(parents=True)
    (folder / ".built-v1-0.0.1-1-1.labdesk").write_bytes(b"an older labdesk's")
    create_demo(tmp_path / "one.labdesk").close(take_backup=False)
    kept = list(folder.glob(".built-*.labdesk"))
    assert len(kept) == 1 and "v1-0.0.1" not in kept[0].name  # the older one went
    kept[0].write_bytes(b"not a database any more")
    doc = create_demo(tmp_path / "two.labdesk")  # built in place, and nothing lost
    try:
        assert len(attendees.load_all(doc)) > 50
    finally:
        doc.close(take_backup=False)
