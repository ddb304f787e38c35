"""When each postcard goes in the post, which are due, and when addresses must be forgotten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from labdesk.core.model import Attendee, CommitmentCard
from labdesk.core.spreadsheet import neutralise

DEFAULT_POST_AFTER_DAYS = 21


def default_post_on(workshop_date: dt.date, post_after_days: int | None) -> dt.date:
    """The workshop date plus the configured delay (three weeks unless the workshop says)."""
    days = DEFAULT_POST_AFTER_DAYS if post_after_days is None else max(0, int(post_after_days))
    return workshop_date + dt.timedelta(days=days)


@dataclass
class Postcard:
    """A commitment card as a postcard: to whom, where, and where it is in its life."""

    card: CommitmentCard
    attendee: Attendee | None
    post_on: dt.date
    printed_at: dt.datetime | None = None
    posted_at: dt.datetime | None = None
    address_purged_at: dt.datetime | None = None

    @property
    def id(self) -> int:
        assert self.card.id is not None
        return self.card.id

    @property
    def name(self) -> str:
        """The name to print: the attendee's as registered, else the one on the card."""
        if self.attendee is not None and self.attendee.name.strip():
            return self.attendee.name
        return self.card.name

    @property
    def awaiting_confirmation(self) -> bool:
        """The card names someone registered, and nobody has confirmed it is theirs."""
        return awaiting_confirmation(self.card)

    @property
    def address(self) -> str:
        """The postal address: written on the card, else the registered one if the card says so;
        none while the card awaits confirmation (nothing goes to anyone's home on the word of
        whoever typed their name)."""
        if self.awaiting_confirmation:
            return ""
        if self.card.address.strip():
            return self.card.address.strip()
        if self.card.use_registered_address and self.attendee is not None:
            return self.attendee.address.strip()
        return ""

    @property
    def address_lines(self) -> list[str]:
        """The address as lines, with commas read as line breaks when it came on one line."""
        text = self.address
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) == 1 and "," in lines[0]:
            lines = [part.strip() for part in lines[0].split(",") if part.strip()]
        return lines

    @property
    def consent(self) -> bool:
        return self.card.consent_post

    @property
    def postable(self) -> bool:
        """Consent to post and an address to post to."""
        return self.consent and bool(self.address)

    @property
    def printed(self) -> bool:
        return self.printed_at is not None

    @property
    def posted(self) -> bool:
        return self.posted_at is not None

    def is_due(self, today: dt.date) -> bool:
        """To post today: postable, not yet posted, and its post-on date has come."""
        return self.postable and not self.posted and self.post_on <= today

    def is_overdue(self, today: dt.date) -> bool:
        """Due, and its post-on date has already gone by."""
        return self.is_due(today) and self.post_on < today

    @property
    def state(self) -> str:
        """One word for the list: posted, printed, to print, or why it will not be posted."""
        if self.posted:
            return "Posted"
        if not self.consent:
            return "Not posting: no consent"
        if self.awaiting_confirmation:
            return "Not posting: not confirmed as theirs"
        if not self.address:
            return "Not posting: no address"
        return "Printed" if self.printed else "To print"


def awaiting_confirmation(card: CommitmentCard) -> bool:
    """The one rule for sending a card to a person: a card that names someone registered (or
    several people) goes to no one's address until it is confirmed as theirs, by their badge
    code on the phone, by the facilitator's tick, or because it was typed in at the desk."""
    return card.names_someone and not card.confirmed


def due(cards: Iterable[Postcard], today: dt.date) -> list[Postcard]:
    return [c for c in cards if c.is_due(today)]


def due_message(count: int, overdue: int = 0) -> str:
    """ "12 postcards are due to post today", "3 postcards are overdue", "12 postcards to post:
    9 overdue, 3 due today" (or "" when none are due). `overdue` of the `count` due cards had
    their post-on date before today."""
    if count <= 0:
        return ""
    overdue = max(0, min(overdue, count))
    cards = f"{count} {'postcard' if count == 1 else 'postcards'}"
    verb = "is" if count == 1 else "are"
    if overdue == 0:
        return f"{cards} {verb} due to post today"
    if overdue == count:
        return f"{cards} {verb} overdue"
    return f"{cards} to post: {overdue} overdue, {count - overdue} due today"


def addresses_to_purge(
    cards: Iterable[Postcard], today: dt.date, retention_date: dt.date | None
) -> list[Postcard]:
    """Cards whose address must now be forgotten: posted ones, and every one once the
    workshop's retention date has come."""
    past_retention = retention_date is not None and today >= retention_date
    return [
        c
        for c in cards
        if c.address_purged_at is None and (c.posted or past_retention) and c.address
    ]


MAILING_ADDRESS_LINES = 6


def mailing_csv(cards: Iterable[Postcard]) -> str:
    """A mailing list for mail merge (name, address lines, post-on date) of the postable cards,
    every cell safe to open in a spreadsheet. UTF-8 with a byte order mark so Excel reads
    accents right."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = ["Name"] + [f"Address line {n}" for n in range(1, MAILING_ADDRESS_LINES + 1)]
    writer.writerow([*header, "Post on"])  # headers are ours: safe as they are
    for card in cards:
        if not card.postable:
            continue
        lines = card.address_lines
        if len(lines) > MAILING_ADDRESS_LINES:  # keep every word: the last cell takes the rest
            lines = [
                *lines[: MAILING_ADDRESS_LINES - 1],
                ", ".join(lines[MAILING_ADDRESS_LINES - 1 :]),
            ]
        lines += [""] * (MAILING_ADDRESS_LINES - len(lines))
        row = [card.name, *lines, card.post_on.isoformat()]
        writer.writerow([neutralise(" ".join(cell.split())) for cell in row])
    return "\ufeff" + buffer.getvalue()
