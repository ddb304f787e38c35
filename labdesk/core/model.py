"""The workshop's nouns as plain dataclasses: what the store keeps and the GUI shows."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class ItemKind(StrEnum):
    """What an agenda item is, which decides how the projector shows it."""

    SESSION = "session"
    BREAK = "break"
    LUNCH = "lunch"
    WELCOME = "welcome"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_pause(self) -> bool:
        return self in (ItemKind.BREAK, ItemKind.LUNCH)


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
class Workshop:
    """The day itself: one per workshop file."""

    title: str
    date: dt.date
    venue: str = ""
    timezone: str = "Europe/London"
    day_start: dt.time = dt.time(9, 30)
    day_end: dt.time = dt.time(16, 30)
    code: str = ""  # short workshop id carried in badge codes
    organiser: str = ""


@dataclass
class Phase:
    """One timed step of an activity, with the prompt the room sees."""

    name: str
    duration_s: int
    prompt: str = ""
    rounds: int = 1
    group_size: int = 0  # 0: the whole room; 2: pairs; 3: trios
    auto_advance: bool = False
    notes: str = ""
    warn_s: int | None = None  # "nearly time" this many seconds before the end; None: scaled
    id: int | None = None


@dataclass
class AgendaItem:
    """A block of the day: a session, a break, lunch."""

    title: str
    duration_min: int
    kind: ItemKind = ItemKind.SESSION
    activity: str = ""  # key of the activity template it came from, if any
    notes: str = ""
    fixed_start: dt.time | None = None  # lunch booked with the caterers at 12:30, say
    phases: list[Phase] = field(default_factory=list)
    position: int = 0
    id: int | None = None


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


# The details an import fills in or refreshes on someone already in the file (name aside).
IMPORTED_DETAILS = (
    "given_name",
    "family_name",
    "email",
    "organisation",
    "role",
    "address",
    "access_needs",
    "dietary_needs",
    "ticket_type",
)


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


# Words that belong to the family name that follows them: lower-case ones only when written in
# lower case ("van der Berg", but "Van" can be a given name); Irish ones in any case.
_PARTICLES = {"ap", "ab", "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "dos"}
_GAELIC = {"ó", "ní", "nic", "uí", "ua", "mac", "mag", "mhic"}


def split_name(name: str) -> tuple[str, str]:
    """Split a name as given into (given, family) for sorting and greeting.

    "Surname, First" is understood; lower-case particles ("ap Gruffydd", "van der Berg") stay with
    the family name.
    """
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    parts = name.split(" ")
    if len(parts) == 1:
        return parts[0], ""
    i = len(parts) - 1
    while i > 1 and ((parts[i - 1] in _PARTICLES) or parts[i - 1].casefold() in _GAELIC):
        i -= 1
    return " ".join(parts[:i]), " ".join(parts[i:])


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text for matching and sorting ("Siân" -> "sian")."""
    if text.isascii():  # nothing to decompose: the common case, several times faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("đ", "d")
