"""When postcards are due to post, marking them posted, and forgetting addresses afterwards."""

from __future__ import annotations

import datetime as dt

from labdesk.core import posting
from labdesk.core.model import Attendee, CommitmentCard
from labdesk.store import attendees as store_attendees
from labdesk.store import postcards as store_postcards
from labdesk.store import workshop as store_workshop

DAY = dt.date(2026, 9, 17)


def card(
    consent: bool = True, address: str = "1 High St, Leeds, LS1 1AA", **kw
) -> posting.Postcard:
    return posting.Postcard(
        card=CommitmentCard(action="x", consent_post=consent, address=address, id=1, **kw),
        attendee=None,
        post_on=DAY + dt.timedelta(days=21),
    )


def test_default_post_on_is_three_weeks_after_the_day_or_as_configured():
    assert posting.default_post_on(DAY, None) == dt.date(2026, 10, 8)
    assert posting.default_post_on(DAY, 28) == dt.date(2026, 10, 15)
    assert posting.default_post_on(DAY, -5) == DAY


def test_due_needs_consent_an_address_and_the_date():
    ready = card()
    assert not ready.is_due(dt.date(2026, 10, 7))
    assert ready.is_due(dt.date(2026, 10, 8))
    assert not card(consent=False).is_due(dt.date(2026, 10, 8))
    assert not card(address="").is_due(dt.date(2026, 10, 8))
    ready.posted_at = dt.datetime(2026, 10, 8, 9)
    assert not ready.is_due(dt.date(2026, 10, 9))
    assert ready.state == "Posted"


def test_due_message_reads_naturally():
    assert posting.due_message(12) == "12 postcards are due to post today"
    assert posting.due_message(1) == "1 postcard is due to post today"
    assert posting.due_message(0) == ""


def test_address_on_one_line_is_split_at_commas():
    assert card().address_lines == ["1 High St", "Leeds", "LS1 1AA"]
    registered = posting.Postcard(
        card=CommitmentCard(action="x", consent_post=True, use_registered_address=True, id=2),
        attendee=Attendee(name="Zoë Nowak", address="2 Low Rd\nYork\nYO1 1AA"),
        post_on=DAY,
    )
    assert registered.address_lines == ["2 Low Rd", "York", "YO1 1AA"]
    assert registered.name == "Zoë Nowak"


def test_demo_postcards_are_due_three_weeks_after_the_workshop(demo_file):
    cards = store_postcards.load_all(demo_file)
    assert len(cards) == demo_file.con.execute("SELECT count(*) FROM commitments").fetchone()[0]
    assert {c.post_on for c in cards} == {dt.date(2026, 10, 8)}
    postable = [c for c in cards if c.postable]
    assert len(postable) == 9
    assert store_postcards.due_count(demo_file, dt.date(2026, 10, 7)) == 0
    assert store_postcards.due_count(demo_file, dt.date(2026, 10, 8)) == 9
    store_workshop.set_setting(demo_file, "post_after_days", 7)
    assert store_postcards.due_count(demo_file, dt.date(2026, 9, 24)) == 9


def test_own_post_on_date_overrides_the_default(demo_file):
    first = store_postcards.load_all(demo_file)[0]
    store_postcards.set_post_on(demo_file, [first.id], dt.date(2026, 12, 1))
    again = {c.id: c for c in store_postcards.load_all(demo_file)}
    assert again[first.id].post_on == dt.date(2026, 12, 1)
    store_postcards.set_post_on(demo_file, [first.id], None)
    assert store_postcards.load_all(demo_file)[0].post_on == dt.date(2026, 10, 8)


def test_posting_in_bulk_forgets_the_addresses_posted_to(demo_file):
    cards = [c for c in store_postcards.load_all(demo_file) if c.postable]
    first, rest = cards[0], cards[1:]
    assert first.card.use_registered_address and first.attendee is not None
    address = first.address
    store_postcards.mark_posted(demo_file, [first.id])
    after = {c.id: c for c in store_postcards.load_all(demo_file)}
    assert after[first.id].posted and after[first.id].address == ""
    assert after[first.id].address_purged_at is not None
    assert store_attendees.get(demo_file, first.attendee.id).address == ""
    assert all(after[c.id].address == c.address for c in rest)
    # the old bytes are gone from the file and its WAL
    demo_file.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    line = address.splitlines()[0].encode()
    assert line not in demo_file.path.read_bytes()
    wal = demo_file.path.with_name(demo_file.path.name + "-wal")
    assert not wal.exists() or line not in wal.read_bytes()


def test_every_address_goes_at_the_retention_date(demo_file):
    store_workshop.set_setting(demo_file, "retention_date", "2026-12-31")
    assert store_postcards.purge_addresses(demo_file, dt.date(2026, 12, 30)) == 0
    purged = store_postcards.purge_addresses(demo_file, dt.date(2026, 12, 31))
    assert purged >= 9
    assert all(c.address == "" for c in store_postcards.load_all(demo_file))
    assert all(a.address == "" for a in store_attendees.load_all(demo_file))
    assert store_postcards.purge_addresses(demo_file, dt.date(2027, 1, 1)) == 0


def test_mailing_list_is_safe_in_a_spreadsheet(demo_file):
    import csv
    import io

    from labdesk.store import commitments as store_commitments

    store_commitments.upsert(
        demo_file,
        CommitmentCard(
            action="x",
            name='=HYPERLINK("http://evil")',
            consent_post=True,
            address="@SUM(A1)\n+44 Road\n-1 Lane\nLeeds",
        ),
    )
    text = posting.mailing_csv(store_postcards.load_all(demo_file))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:2] == ["Name", "Address line 1"]
    assert len(rows) == 1 + 10  # nine demo cards to post, and this one
    hostile = rows[-1]
    assert hostile[:5] == [
        '\'=HYPERLINK("http://evil")',
        "'@SUM(A1)",
        "'+44 Road",
        "'-1 Lane",
        "Leeds",
    ]
    for row in rows:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)
    assert not any("Ruth Fuchs" in row for row in rows)  # no consent, not on the list


def test_postcards_due_in_the_past_are_overdue(demo_file):
    # Issue #13: a card due last week reads "overdue", not "due to post today".
    assert posting.due_message(3, overdue=3) == "3 postcards are overdue"
    assert posting.due_message(1, overdue=1) == "1 postcard is overdue"
    assert posting.due_message(12, overdue=9) == "12 postcards to post: 9 overdue, 3 due today"
    assert store_postcards.due_counts(demo_file, dt.date(2026, 10, 8)) == (9, 0)
    assert store_postcards.due_counts(demo_file, dt.date(2026, 10, 20)) == (9, 9)
    first = next(c for c in store_postcards.load_all(demo_file) if c.postable)
    store_postcards.set_post_on(demo_file, [first.id], dt.date(2026, 10, 20))
    assert store_postcards.due_counts(demo_file, dt.date(2026, 10, 20)) == (9, 8)
    cards = {c.id: c for c in store_postcards.load_all(demo_file)}
    assert not cards[first.id].is_overdue(dt.date(2026, 10, 20))
    assert cards[first.id].is_overdue(dt.date(2026, 10, 21))
