"""Whether Qt will find a screen, decided before Qt is imported (Qt aborts the process if not)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

MESSAGE = (
    "labdesk needs a screen: no display was found{detail}. "
    "The command line works without one: labdesk --help"
)
# Long enough for a display forwarded over SSH; far shorter than a TCP connect to a dead host.
CONNECT_TIMEOUT_S = 5.0


def missing_screen(env: Mapping[str, str] | None = None) -> str | None:
    """The one-line message to print when no screen is reachable, or None when Qt can start.

    This follows Qt's own choice of platform on Linux and the BSDs (QGuiApplication's
    createPlatformIntegration): QT_QPA_PLATFORM when set, else Wayland when WAYLAND_DISPLAY is
    set or XDG_SESSION_TYPE is "wayland", then X11 (xcb). A platform this does not know how to
    probe (offscreen, eglfs, vnc, …) is trusted. Windows and macOS always have their screen."""
    if os.name != "posix" or sys.platform == "darwin":
        return None
    env = os.environ if env is None else env
    explicit = env.get("QT_QPA_PLATFORM", "")
    if explicit:
        names = [name.split(":", 1)[0] for name in explicit.split(";") if name]
    else:
        names = ["xcb"]
        if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
            names.insert(0, "wayland")
    details: list[str] = []
    for name in names:
        if name == "xcb":
            problem = _x11_problem(env.get("DISPLAY", ""))
        elif name.startswith("wayland"):
            problem = _wayland_problem(env)
        else:
            return None
        if problem is None:
            return None
        if problem:
            details.append(problem)
    detail = f" ({'; '.join(details)})" if details else ""
    return MESSAGE.format(detail=detail)


def _x11_problem(display: str) -> str | None:
    """None when an X server answers at DISPLAY; "" when DISPLAY is unset; else what is wrong.

    An X server that answers but refuses labdesk (no authorisation) is left to Qt to report."""
    if not display:
        return ""
    unreachable = f"nothing answers at DISPLAY={display}"
    if display.startswith("/"):  # a socket path, as macOS's launchd sets for XQuartz
        path = display if os.path.exists(display) else display.rpartition(":")[0]
        return None if _answers_unix(path) else unreachable
    host, colon, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not colon or not number.isdigit() or host.endswith(":"):  # DECnet ("host::0") and oddities
        return None
    protocol, slash, host = host.rpartition("/")
    if not slash:
        protocol = ""
    if host in ("", "unix") and protocol in ("", "unix", "local"):
        socket_path = f"/tmp/.X11-unix/X{number}"
        if sys.platform.startswith("linux") and _answers_unix("\0" + socket_path):
            return None  # the abstract socket, which Xorg and Xvfb open beside the file
        if _answers_unix(socket_path):
            return None
        if host == "unix" or protocol:
            return unreachable
        # ":N" with no local socket: libxcb goes on to try TCP on localhost, and so do we.
    import socket

    port = 6000 + int(number)
    try:
        with socket.create_connection((host.strip("[]") or "localhost", port), CONNECT_TIMEOUT_S):
            return None
    except OSError:
        return unreachable


def _wayland_problem(env: Mapping[str, str]) -> str | None:
    """None when a Wayland compositor answers where libwayland looks; else what is wrong."""
    if env.get("WAYLAND_SOCKET"):
        return None  # a connection handed over by the compositor itself
    name = env.get("WAYLAND_DISPLAY") or "wayland-0"
    if os.path.isabs(name):
        path = name
    else:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        if not runtime:
            return "" if not env.get("WAYLAND_DISPLAY") else "XDG_RUNTIME_DIR is not set"
        path = os.path.join(runtime, name)
    if _answers_unix(path):
        return None
    return f"nothing answers at WAYLAND_DISPLAY={name}" if env.get("WAYLAND_DISPLAY") else ""


def _answers_unix(path: str) -> bool:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True
