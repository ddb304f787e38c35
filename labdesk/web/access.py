"""The screens a running server offers, in one list for whoever shows them (the app's QR codes
and PINs, `labdesk serve`'s lines): the room view, each door desk with its PIN, the remote with
its own. No Qt: the app draws these, this only says what they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from labdesk.store import screen_pins
from labdesk.store.screen_pins import ScreenKind

if TYPE_CHECKING:
    from labdesk.store import WorkshopFile
    from labdesk.web.server import AttendeeServer


@dataclass(frozen=True)
class ScreenLink:
    """One screen to open on a phone or tablet: what it is, its address, and its PIN."""

    label: str  # "Room view", "Door desk 1", "Remote"
    url: str
    pin: str = ""  # "" for the room view (the workshop's token is enough)
    pin_id: int | None = None  # for revoking it (labdesk.store.screen_pins.revoke)
    kind: str = "room"  # "room", "desk" or "remote"
    hint: str = ""

    def qr_png(self, box_size: int = 8) -> bytes:
        """The address as a QR code (PNG bytes); the PIN is never in it."""
        from labdesk.core.qr import qr_png

        return qr_png(self.url, box_size=box_size)


def screen_links(doc: WorkshopFile, server: AttendeeServer) -> list[ScreenLink]:
    """The room view, then every live door desk, then the remote (read through doc)."""
    links = [
        ScreenLink(
            "Room view",
            server.room_url,
            hint="The timer, the phase and the day, for presenters and co-facilitators.",
        )
    ]
    for pin in screen_pins.live_pins(doc):
        if pin.kind is ScreenKind.DESK:
            links.append(
                ScreenLink(
                    pin.name,
                    server.desk_url,
                    pin.pin,
                    pin.id,
                    "desk",
                    "A check-in desk for a tablet or phone (a scanner, its camera, or names).",
                )
            )
    for pin in screen_pins.live_pins(doc, ScreenKind.REMOTE):
        links.append(
            ScreenLink(
                pin.name,
                server.remote_url,
                pin.pin,
                pin.id,
                "remote",
                "Next, previous, pause, a minute more or less, blank, a message to the room.",
            )
        )
    return links
