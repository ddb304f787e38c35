"""The importer's own terms: what a column can mean, whose it is, and the one error it raises."""

from __future__ import annotations

from enum import StrEnum


class ImportError_(Exception):
    """The file cannot be read as an attendee list; the message says why, in plain words."""


class Field(StrEnum):
    """What a column can mean (the values are what `--map` and the import dialog show)."""

    IGNORE = "ignore"
    NAME = "name"
    NAME_SURNAME_FIRST = "name (surname first)"
    GIVEN_NAME = "given name"
    FAMILY_NAME = "family name"
    EMAIL = "email"
    ORGANISATION = "organisation"
    ROLE = "role"
    ADDRESS = "address"  # one cell, or the first line when in parts
    ADDRESS_LINE = "address line"
    TOWN = "town"
    COUNTY = "county"
    POSTCODE = "postcode"
    COUNTRY = "country"
    ACCESS_NEEDS = "access needs"
    DIETARY_NEEDS = "dietary needs"
    TICKET_TYPE = "ticket type"
    TICKET_CODE = "ticket code"
    STATUS = "status"
    NOT_COMING = "not coming (yes/no)"  # a flag: "Void Status", "Is Fully Refunded", "Cancelled?"
    NOTES = "notes"
    CONSENT_POSTCARD = "postcard consent"
    BUYER_NAME = "buyer's name"  # who booked: kept in the notes, never the attendee's name
    BUYER_EMAIL = "buyer's email"  # used only when a ticket has no email of its own


# Fields that may come from several columns (joined); the rest take one column.
MULTI = frozenset(
    {
        Field.ADDRESS_LINE,
        Field.NOTES,
        Field.TICKET_CODE,
        Field.ACCESS_NEEDS,
        Field.STATUS,
        Field.NOT_COMING,
        Field.BUYER_NAME,
    }
)

NAME_FIELDS = frozenset({Field.NAME, Field.NAME_SURNAME_FIRST, Field.GIVEN_NAME, Field.FAMILY_NAME})

# The parts of a postal address, in the order they are written.
ADDRESS_FIELDS = (
    Field.ADDRESS,
    Field.ADDRESS_LINE,
    Field.TOWN,
    Field.COUNTY,
    Field.POSTCODE,
    Field.COUNTRY,
)

# Who a person column is about. Only these fields have a party: the attendee's own details are
# wanted, a buyer's are kept apart, and anyone else's (an emergency contact, a line manager) or
# anything's (the event, the venue, the product) are not imported.
PERSON_FIELDS = NAME_FIELDS | {Field.EMAIL, Field.ORGANISATION, Field.ROLE, *ADDRESS_FIELDS}


class Party(StrEnum):
    """Whose details a column holds."""

    ATTENDEE = "attendee"  # said so: "Attendee email", "Ticket First Name", "Your name"
    NEUTRAL = "neutral"  # not said: "Email", "First Name" (taken as the attendee's)
    BUYER = "buyer"  # "Buyer email", "Order Name", "Billing City", "Invoice address name"
    OTHER = "other"  # someone or something else: "Emergency contact name", "Event Name"
