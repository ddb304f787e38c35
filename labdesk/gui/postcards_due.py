"""What the main window says about postcards on opening a workshop, without loading the Postcards
area (its printing and PDF preview are slow to import: opening a file must not freeze for it)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from labdesk.core.posting import due_message
from labdesk.store import postcards as store_postcards
from labdesk.store.document import WorkshopFile

log = logging.getLogger("labdesk.gui")

# The date "today" for due cards; tests replace it.
today: Callable[[], dt.date] = dt.date.today


def announce_due(doc: WorkshopFile, when: dt.date | None = None) -> str:
    """On opening a workshop: forget addresses whose time has come, and say what is due."""
    when = when or today()
    try:
        store_postcards.purge_addresses(doc, when)
    except Exception:  # a read-only or busy file must not stop the workshop opening
        log.exception("could not purge postcard addresses")
    return due_now(doc, when)


def due_now(doc: WorkshopFile, when: dt.date | None = None) -> str:
    """What is due ("3 postcards are overdue" once their date has passed), counted again."""
    due, overdue = store_postcards.due_counts(doc, when or today())
    return due_message(due, overdue=overdue)
