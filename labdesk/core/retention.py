"""When a workshop's personal data is deleted: its retention date, and what the purge keeps.

Every workshop has a retention date from the moment it is made: 90 days after the day, or 90
days from when the file was made if that has already passed (a workshop typed in afterwards
keeps its details long enough to be useful). From that date on, every labdesk that holds the
file, and every batch command that opens it, deletes names, emails, postal addresses, access
and dietary needs, notes, ticket codes and the text of commitment cards. What stays is anonymous:
how many were expected and came (by organisation), when they arrived, the timings, the feedback
(anonymous from the start) and how many cards were written and posted.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_DAYS = 90


def default_date(day: dt.date, made_on: dt.date) -> dt.date:
    """The retention date a new workshop gets: DEFAULT_DAYS after the day, or after the day
    the file was made if that date has already gone by."""
    date = day + dt.timedelta(days=DEFAULT_DAYS)
    if date <= made_on:
        date = made_on + dt.timedelta(days=DEFAULT_DAYS)
    return date


def is_due(retention_date: dt.date, today: dt.date) -> bool:
    """Personal data goes on the retention date itself."""
    return today >= retention_date


def describe(retention_date: dt.date, today: dt.date) -> str:
    """'2027-03-01 (in 90 days)', '2026-12-01 (today)', '2020-01-01 (passed)'."""
    days = (retention_date - today).days
    if days > 1:
        when = f"in {days} days"
    elif days == 1:
        when = "tomorrow"
    elif days == 0:
        when = "today"
    else:
        when = "passed"
    return f"{retention_date.isoformat()} ({when})"


def read_date(text: str, workshop_day: dt.date) -> dt.date:
    """A retention date typed by a person (ISO, YYYY-MM-DD); ValueError with a plain reason."""
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2027-03-01"
        ) from None
    if date < workshop_day:
        raise ValueError(
            f"{date.isoformat()} is before the workshop ({workshop_day.isoformat()}); "
            "personal data is needed until the day at least"
        )
    return date
