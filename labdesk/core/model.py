"""The workshop's nouns as plain dataclasses: what the store keeps and the GUI shows. The
agenda's are here; the people's are in labdesk.core.people, and named here as well."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # at run time they load on first use (see __getattr__ below)
    from labdesk.core.people import Attendee as Attendee
    from labdesk.core.people import AttendeeStatus as AttendeeStatus
    from labdesk.core.people import CardMatch as CardMatch
    from labdesk.core.people import CardSource as CardSource
    from labdesk.core.people import CheckIn as CheckIn
    from labdesk.core.people import CheckInMethod as CheckInMethod
    from labdesk.core.people import CommitmentCard as CommitmentCard
    from labdesk.core.people import ConfirmedBy as ConfirmedBy
    from labdesk.core.people import FeedbackResponse as FeedbackResponse


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


# People, check-ins, feedback and cards live in labdesk.core.people; they are named here too,
# loaded when first asked for (PEP 562), so that the console starts without them.
_PEOPLE = frozenset(
    {
        "AttendeeStatus",
        "CheckInMethod",
        "CardSource",
        "CardMatch",
        "ConfirmedBy",
        "Attendee",
        "CheckIn",
        "FeedbackResponse",
        "CommitmentCard",
    }
)


def __getattr__(name: str) -> Any:
    if name in _PEOPLE:
        from labdesk.core import people

        return getattr(people, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
