"""Converting between SQLite rows and core dataclasses (dates, times, booleans)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, TypeVar

Closed = TypeVar("Closed", bound=StrEnum)


def now_iso() -> str:
    """The current local time with its UTC offset, to the second."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def to_time(value: Any) -> dt.time | None:
    if not value:
        return None
    return dt.time.fromisoformat(str(value))


def hhmm(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def to_datetime(value: Any) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value))


def to_enum(kind: type[Closed], value: Any, default: Closed) -> Closed:
    """The member a stored word names; `default` for a word labdesk never wrote (a file
    edited by hand, or by a later labdesk), so reading it never fails."""
    try:
        return kind(value)
    except ValueError:
        return default
