"""Postcards: post-on dates, printed and posted marks, and purging addresses once posted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from labdesk.core.posting import Postcard, addresses_to_purge, default_post_on
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import workshop as store_workshop
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime

TOPIC = Topic.POSTCARDS


def default_date(doc: WorkshopFile) -> dt.date:
    """The post-on date of cards without their own: workshop date + `post_after_days`."""
    w = store_workshop.load(doc)
    return default_post_on(w.date, store_workshop.get_setting(doc, "post_after_days"))


def load_all(doc: WorkshopFile) -> list[Postcard]:
    """Every commitment card as a postcard, in the order the cards came in."""
    default = default_date(doc)
    people = {
        int(row["id"]): store_attendees.from_row(row)
        for row in doc.con.execute(
            "SELECT * FROM attendees WHERE erased_at IS NULL"
            " AND id IN (SELECT attendee_id FROM commitments)"
        )
    }
    marks = {int(r["commitment_id"]): r for r in doc.con.execute("SELECT * FROM postcards")}
    cards = []
    for card in store_commitments.load_all(doc):
        assert card.id is not None
        mark = marks.get(card.id)
        post_on = default
        if mark is not None and mark["post_on"]:
            post_on = dt.date.fromisoformat(mark["post_on"])
        cards.append(
            Postcard(
                card=card,
                attendee=people.get(card.attendee_id) if card.attendee_id is not None else None,
                post_on=post_on,
                printed_at=to_datetime(mark["printed_at"]) if mark is not None else None,
                posted_at=to_datetime(mark["posted_at"]) if mark is not None else None,
                address_purged_at=(
                    to_datetime(mark["address_purged_at"]) if mark is not None else None
                ),
            )
        )
    return cards


def _mark(doc: WorkshopFile, ids: Iterable[int], column: str, value: str | None) -> int:
    assert column in ("post_on", "printed_at", "posted_at")
    ids = list(ids)
    with doc.transaction(TOPIC) as con:
        for commitment_id in ids:
            con.execute(
                f"INSERT INTO postcards (commitment_id, {column}) VALUES (?, ?)"
                f" ON CONFLICT(commitment_id) DO UPDATE SET {column} = excluded.{column}",
                (commitment_id, value),
            )
    return len(ids)


def mark_printed(doc: WorkshopFile, ids: Iterable[int], when: str | None = None) -> int:
    return _mark(doc, ids, "printed_at", when or now_iso())


def mark_posted(doc: WorkshopFile, ids: Iterable[int], when: str | None = None) -> int:
    """Mark cards posted (in one transaction), then forget the addresses now posted to."""
    count = _mark(doc, ids, "posted_at", when or now_iso())
    purge_addresses(doc, dt.date.today())
    return count


def unmark_posted(doc: WorkshopFile, ids: Iterable[int]) -> int:
    return _mark(doc, ids, "posted_at", None)


def set_post_on(doc: WorkshopFile, ids: Iterable[int], date: dt.date | None) -> int:
    """Give cards their own post-on date (None: back to the workshop's default)."""
    return _mark(doc, ids, "post_on", None if date is None else date.isoformat())


def retention_date(doc: WorkshopFile) -> dt.date | None:
    from labdesk.store import retention

    return retention.retention_date(doc)


def purge_addresses(doc: WorkshopFile, today: dt.date) -> int:
    """Forget the postal addresses of posted cards, and of every card from the retention date.

    The card's own address is blanked; a registered address used for the card is blanked on the
    attendee too (it was given for the postcard); from the retention date every attendee's
    address goes. secure_delete overwrites the old bytes. Returns the cards purged.
    """
    retain_until = retention_date(doc)
    cards = addresses_to_purge(load_all(doc), today, retain_until)
    past_retention = retain_until is not None and today >= retain_until
    others = 0
    if past_retention:
        others = int(
            doc.con.execute("SELECT count(*) FROM attendees WHERE address != ''").fetchone()[0]
        )
    if not cards and not others:
        return 0
    now = now_iso()
    with doc.transaction(TOPIC) as con:
        if past_retention:  # nobody's address is kept past the retention date
            con.execute("UPDATE attendees SET address = '' WHERE address != ''")
        for postcard in cards:
            con.execute("UPDATE commitments SET address = '' WHERE id = ?", (postcard.id,))
            if postcard.card.use_registered_address and postcard.attendee is not None:
                con.execute(
                    "UPDATE attendees SET address = '' WHERE id = ?", (postcard.attendee.id,)
                )
            con.execute(
                "INSERT INTO postcards (commitment_id, address_purged_at) VALUES (?, ?)"
                " ON CONFLICT(commitment_id) DO UPDATE SET"
                " address_purged_at = excluded.address_purged_at",
                (postcard.id, now),
            )
    checkpoint(doc)
    return len(cards)


def checkpoint(doc: WorkshopFile) -> bool:
    """Copy the WAL into the file and empty it, so old page versions leave the WAL too.
    False when a reader elsewhere kept it from completing (it completes on a later call)."""
    row = doc.con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is not None and int(row[0]) == 0


def due_count(doc: WorkshopFile, today: dt.date) -> int:
    """How many postcards are due to post on `today` (consent, an address, not yet posted)."""
    return due_counts(doc, today)[0]


def due_counts(doc: WorkshopFile, today: dt.date) -> tuple[int, int]:
    """(due, overdue): the postcards due to post on `today`, and how many of them were due
    before today (core.posting.due_message words them)."""
    row = doc.con.execute(
        "SELECT count(*), coalesce(sum(coalesce(p.post_on, ?) < ?), 0) FROM commitments c"
        " LEFT JOIN postcards p ON p.commitment_id = c.id"
        " LEFT JOIN attendees a ON a.id = c.attendee_id AND a.erased_at IS NULL"
        " WHERE c.consent_post = 1 AND p.posted_at IS NULL"
        # core.posting.awaiting_confirmation: nothing goes to an unconfirmed named person
        " AND (c.confirmed_by != '' OR (c.attendee_id IS NULL AND c.match_status != 'ambiguous'))"
        " AND (trim(c.address) != ''"
        "      OR (c.use_registered_address = 1 AND trim(coalesce(a.address, '')) != ''))"
        " AND coalesce(p.post_on, ?) <= ?",
        (default_date(doc).isoformat(), today.isoformat()) * 2,
    ).fetchone()
    return int(row[0]), int(row[1])
