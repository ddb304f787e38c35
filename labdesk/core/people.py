"""The workshop's people and what they send, as plain dataclasses: attendees, check-ins,
feedback and commitment cards. labdesk.core.model names them too; they are apart so that the
presenter console, which shows none of them, starts without building them (docs/architecture.md,
"Start-up")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from labdesk.core.model import fold, split_name


class AttendeeStatus(StrEnum):
    """Whether a registered person is still coming (as the workshop file keeps it)."""

    ATTENDING = "attending"
    CANCELLED = "cancelled"  # their badge scans as cancelled; they are left out of groups


class CheckInMethod(StrEnum):
    """How someone was checked in at a desk."""

    SCAN = "scan"  # a badge read by the desk's scanner
    CAMERA = "camera"  # a badge read by a door desk phone's camera
    SEARCH = "search"  # found by name at the desk
    WALK_IN = "walk-in"  # not registered: added and checked in at the desk
    BATCH = "batch"  # `labdesk check-in FILE CODE…` from the command line


class CardSource(StrEnum):
    """Where a commitment card came from."""

    PHONE = "phone"  # posted from an attendee's phone
    PAPER = "paper"  # written on a blank card and typed in at the desk


class CardMatch(StrEnum):
    """How surely a card was matched to a registered person."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"  # several people: for the facilitator to choose
    UNMATCHED = "unmatched"  # nobody registered


class ConfirmedBy(StrEnum):
    """Who confirmed that a card is the named person's (before it is posted to them)."""

    NOBODY = ""  # not yet: a phone card naming a registered person waits for a tick
    BADGE = "badge"  # their badge code, typed on the phone
    FACILITATOR = "facilitator"  # ticked in the review list
    PAPER = "paper"  # typed in from paper at the desk


@dataclass
class Attendee:
    """A person expected (or walked in) on the day."""

    name: str
    given_name: str = ""
    family_name: str = ""
    organisation: str = ""
    role: str = ""
    email: str = ""
    address: str = ""  # postal address, one line per line
    access_needs: str = ""
    dietary_needs: str = ""
    ticket_type: str = ""
    status: AttendeeStatus = AttendeeStatus.ATTENDING
    ticket_codes: list[str] = field(default_factory=list)
    consent_postcard: bool = False
    consent_contact: bool = False
    notes: str = ""
    source: str = ""
    erased_at: dt.datetime | None = None  # erased on request: a blank row kept for the counts
    id: int | None = None

    @property
    def sort_name(self) -> str:
        """Family name first, folded for sorting: "Ó Súilleabháin" sorts with "O"."""
        family = self.family_name or split_name(self.name)[1]
        given = self.given_name or split_name(self.name)[0]
        return fold(f"{family} {given}".strip())

    @property
    def first_name(self) -> str:
        return self.given_name or split_name(self.name)[0]


@dataclass
class CheckIn:
    attendee_id: int
    at: dt.datetime
    desk: str = ""
    method: CheckInMethod = CheckInMethod.SCAN


@dataclass
class FeedbackResponse:
    """One phone's (or paper's) feedback on one agenda item."""

    agenda_item_id: int
    rating: int | None
    worked: str = ""
    change: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    hidden: bool = False
    chosen: bool = False  # picked for the projector summary
    created_at: dt.datetime | None = None
    updated_at: str = ""  # as stored (ISO); a phone's edit changes it
    id: int | None = None


@dataclass
class CommitmentCard:
    """What an attendee commits to do next; it doubles as their postcard."""

    action: str
    who: str = ""
    by_when: str = ""
    name: str = ""
    email: str = ""
    address: str = ""
    use_registered_address: bool = False
    consent_post: bool = False
    attendee_id: int | None = None
    source: CardSource = CardSource.PHONE
    match_status: CardMatch = CardMatch.UNMATCHED
    confirmed_by: ConfirmedBy = ConfirmedBy.NOBODY
    badge_code: str = ""  # as typed on the phone, to confirm it; never stored
    phone_address: str = ""  # the network address the phone sent it from (one card a phone)
    created_at: dt.datetime | None = None
    id: int | None = None

    @property
    def names_someone(self) -> bool:
        """Whether the card was matched to a registered person, or to several."""
        return self.attendee_id is not None or self.match_status == CardMatch.AMBIGUOUS

    @property
    def confirmed(self) -> bool:
        return bool(self.confirmed_by)
