"""The workshop document: one SQLite file per workshop day, and the only code that writes it."""

from labdesk.store.document import WorkshopFile, WorkshopFileError, create, open_workshop

__all__ = ["WorkshopFile", "WorkshopFileError", "create", "open_workshop"]
