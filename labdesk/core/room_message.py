"""The facilitator's message to the room ("1 minute — wrap up"): what may be sent, and how it is
kept. The projector, the room view on phones and tablets, and the remote all show the same one."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

MESSAGE_LIMIT = 120  # characters: a line the back row reads at once
PRESETS = (
    "1 minute — wrap up",
    "5 minutes left",
    "Swap roles now",
    "Please come back to your seats",
)


class MessageError(ValueError):
    """A message that cannot be shown; the text says why, for the remote or the console."""


@dataclass(frozen=True)
class RoomMessage:
    """The message on the screens now. `serial` grows with every message sent (the same words
    sent again flash again)."""

    text: str
    shown_at: dt.datetime
    serial: int


def clean_message(text: str) -> str:
    """The message as it will be shown: spaces collapsed, control characters dropped.
    Raises MessageError when nothing is left or it is longer than MESSAGE_LIMIT."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or not unicodedata.category(ch).startswith("C")
    )
    cleaned = " ".join(kept.split())
    if not cleaned:
        raise MessageError("Type a message first.")
    if len(cleaned) > MESSAGE_LIMIT:
        raise MessageError(
            f"A message can be {MESSAGE_LIMIT} characters at most; this one has {len(cleaned)}."
        )
    return cleaned
