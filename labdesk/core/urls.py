"""The addresses phones open: one place, so printed cards, the projector and the server agree."""

from __future__ import annotations

DEFAULT_PORT = 8080
# Before the day the venue's address is unknown: a Windows laptop's own hotspot is the best guess.
HOTSPOT_GUESS = "192.168.137.1"


def origin(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def workshop_url(host: str, port: int, token: str) -> str:
    """The phone pages' index: http://<host>:<port>/<token>/"""
    return f"{origin(host, port)}/{token}/"


def card_url(host: str, port: int, token: str) -> str:
    """The commitment card form."""
    return f"{workshop_url(host, port, token)}card"


def session_url(host: str, port: int, token: str, agenda_item_id: int) -> str:
    """One session's feedback form."""
    return f"{workshop_url(host, port, token)}session/{agenda_item_id}"


def room_url(host: str, port: int, token: str) -> str:
    """The room view: the timer, the phase and the day, for any phone or tablet in the room."""
    return f"{workshop_url(host, port, token)}room"


def desk_url(host: str, port: int, token: str) -> str:
    """The door desk (behind a desk's PIN)."""
    return f"{workshop_url(host, port, token)}desk"


def remote_url(host: str, port: int, token: str) -> str:
    """The presenter's remote (behind the remote's PIN)."""
    return f"{workshop_url(host, port, token)}remote"
