"""Recognising people erased on request without keeping who they were.

An erasure keeps only keyed hashes (HMAC-SHA256 with the workshop's secret) of the person's
normalised email addresses and ticket codes. Holding the hashes, the file can answer "was this
email or ticket erased?" but cannot say whose they were, and the hashes mean nothing outside this
workshop (another workshop has another secret).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from labdesk.core.badges import ticket_key
from labdesk.core.model import Attendee

EMAIL, TICKET = "email", "ticket"


def normal_email(text: str) -> str:
    """An email as compared: NFC, no surrounding spaces, case folded ("" if none)."""
    return unicodedata.normalize("NFC", text).strip().casefold()


def normal_code(text: str) -> str:
    """A ticket code as compared: the scanning key (lower case, no spaces or invisibles)."""
    return ticket_key(unicodedata.normalize("NFC", text))


def digest(secret: bytes, kind: str, value: str) -> str:
    """The keyed hash kept for one normalised value (hex)."""
    return hmac.new(secret, f"{kind}\n{value}".encode(), hashlib.sha256).hexdigest()


def digests_for(secret: bytes, emails: Iterable[str], codes: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, hash) for each non-empty email and ticket code."""
    found = set()
    for email in emails:
        if value := normal_email(email):
            found.add((EMAIL, digest(secret, EMAIL, value)))
    for code in codes:
        if value := normal_code(code):
            found.add((TICKET, digest(secret, TICKET, value)))
    return found


@dataclass(frozen=True)
class ErasedList:
    """The hashes of everyone erased from one workshop, with the key to test new values."""

    secret: bytes
    digests: frozenset[str]
    # Other sites merged into this workshop: each site's secret and the hashes it kept.
    sites: tuple[tuple[bytes, frozenset[str]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.digests) or any(d for _, d in self.sites)

    def _held(self, kind: str, value: str) -> bool:
        if not value:
            return False
        return any(
            digest(secret, kind, value) in digests
            for secret, digests in ((self.secret, self.digests), *self.sites)
            if digests
        )

    def email(self, text: str) -> bool:
        return self._held(EMAIL, normal_email(text))

    def code(self, text: str) -> bool:
        return self._held(TICKET, normal_code(text))

    def matches(self, person: Attendee) -> bool:
        """Whether the person's email or any of their ticket codes was erased."""
        if not self:
            return False
        return self.email(person.email) or any(self.code(c) for c in person.ticket_codes)
