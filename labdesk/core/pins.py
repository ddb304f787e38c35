"""PINs for the door desks and the remote: making one, and slowing down anyone guessing.

A wrong PIN makes the device that sent it wait before its next try, twice as long each time
(1 s, 2 s, 4 s … up to MAX_DELAY_S); a right one clears its count. Wrong PINs from every device
together also slow every device once there are many of them in GLOBAL_WINDOW_S, so a guesser
with many addresses gains little. Plain Python with an injected clock (monotonic seconds).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

PIN_DIGITS = 6
FREE_TRIES = 2  # wrong PINs a device may send before it has to wait (a typo, then another)
MAX_DELAY_S = 300.0
GLOBAL_FREE = 20  # wrong PINs from all devices within the window before everyone slows down
GLOBAL_WINDOW_S = 600.0
GLOBAL_MAX_DELAY_S = 60.0


def new_pin(taken: Iterable[str] = (), choose: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh PIN of PIN_DIGITS digits, none of `taken` (the PINs in use), never all one
    digit or a run like 123456."""
    used = set(taken)
    while True:
        pin = "".join(str(choose(10)) for _ in range(PIN_DIGITS))
        steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
        if pin not in used and len(steps) > 1:
            return pin


def clean_pin(text: str) -> str:
    """What was typed, as digits only ("482 913" and "482-913" are 482913)."""
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())[: PIN_DIGITS * 2]


def pin_matches(typed: str, pin: str) -> bool:
    """Constant time: how much of a PIN was right never shows in how long the answer took."""
    return hmac.compare_digest(typed.encode(), pin.encode())


@dataclass
class _Device:
    wrong: int = 0
    last: float = 0.0


class PinGuard:
    """Counts wrong PINs per device address and in all; says how long a device must wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._devices: dict[str, _Device] = {}
        self._recent: deque[float] = deque()  # when each wrong PIN (from anyone) came

    def _delay(self, wrong: int) -> float:
        if wrong < FREE_TRIES:
            return 0.0
        return min(MAX_DELAY_S, 2.0 ** (wrong - FREE_TRIES))

    def _global_delay(self, now: float) -> float:
        while self._recent and now - self._recent[0] > GLOBAL_WINDOW_S:
            self._recent.popleft()
        excess = len(self._recent) - GLOBAL_FREE
        if excess < 0:
            return 0.0
        return max(0.0, min(GLOBAL_MAX_DELAY_S, 2.0**excess) - (now - self._recent[-1]))

    def wait_s(self, address: str) -> float:
        """0 if this device may try a PIN now, else the seconds until it may."""
        now = self.clock()
        device = self._devices.get(address)
        own = 0.0
        if device is not None:
            own = max(0.0, self._delay(device.wrong) - (now - device.last))
        return max(own, self._global_delay(now))

    def wrong(self, address: str) -> float:
        """A wrong PIN from this device: the seconds it must now wait."""
        now = self.clock()
        device = self._devices.setdefault(address, _Device())
        device.wrong += 1
        device.last = now
        self._recent.append(now)
        if len(self._devices) > 10_000:  # forget devices that stopped long ago
            for key, d in list(self._devices.items()):
                if now - d.last > MAX_DELAY_S * 2:
                    del self._devices[key]
        return self.wait_s(address)

    def right(self, address: str) -> None:
        """A right PIN: this device starts afresh."""
        self._devices.pop(address, None)

    def wrong_count(self, address: str) -> int:
        device = self._devices.get(address)
        return 0 if device is None else device.wrong
