"""The laptop's network addresses the server may listen on, and which one is likely the hotspot."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# Addresses the common hotspot features give the laptop itself.
HOTSPOT_ADDRESSES = {
    "10.42.0.1",  # Linux NetworkManager "Hotspot"
    "192.168.137.1",  # Windows Mobile hotspot
    "192.168.2.1",  # macOS Internet Sharing
    "172.20.10.1",  # a laptop sharing like an iPhone does
}
_WIRELESS_HINTS = ("wl", "wi-fi", "wifi", "wlan", "wireless", "bridge100", "ap", "hotspot")


@dataclass(frozen=True)
class Interface:
    name: str
    address: str
    hotspot: bool = False

    @property
    def loopback(self) -> bool:
        return ipaddress.ip_address(self.address).is_loopback

    @property
    def label(self) -> str:
        if self.loopback:
            return f"This laptop only ({self.address})"
        extra = " — looks like the hotspot" if self.hotspot else ""
        return f"{self.name}: {self.address}{extra}"


def _looks_like_hotspot(name: str, address: str) -> bool:
    if address in HOTSPOT_ADDRESSES:
        return True
    lowered = name.lower()
    return (
        ipaddress.ip_address(address).is_private
        and lowered.startswith(_WIRELESS_HINTS)
        and (address.endswith(".1"))
    )


def list_interfaces() -> list[Interface]:
    """IPv4 addresses of this laptop, the likely hotspot first and loopback last. Never 0.0.0.0."""
    found: list[Interface] = []
    try:
        import ifaddr

        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                if not isinstance(ip.ip, str):
                    continue  # IPv6: phones on a hotspot use IPv4
                if ip.ip.startswith("169.254.") or ip.ip == "0.0.0.0":
                    continue
                name = str(adapter.nice_name or adapter.name)
                found.append(Interface(name, ip.ip, _looks_like_hotspot(name, ip.ip)))
    except Exception:  # no interface list: loopback still works for a test on this laptop
        found = []
    if not any(i.address == "127.0.0.1" for i in found):
        found.append(Interface("loopback", "127.0.0.1"))
    unique = {i.address: i for i in found}
    return sorted(
        unique.values(),
        key=lambda i: (
            i.loopback,
            not i.hotspot,
            not ipaddress.ip_address(i.address).is_private,
            i.name,
        ),
    )


def suggested(interfaces: list[Interface]) -> Interface:
    """The hotspot's address if there is one, else the first private network, else loopback."""
    return interfaces[0]
