"""`labdesk serve FILE [--host H] [--port P]`: the attendee web server without the app."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from labdesk.cli import CommandError
from labdesk.core import urls

DEFAULT_PORT = urls.DEFAULT_PORT
GUARD_EVERY_S = 0.5  # how often the holder checks that its file, WAL and SHM keep their names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address phones reach this laptop on, e.g. the hotspot's "
        "(default 127.0.0.1: this laptop only; 0.0.0.0 listens on every network)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )


def run(args: argparse.Namespace) -> int:
    from labdesk.store import agenda as store_agenda
    from labdesk.store import open_workshop
    from labdesk.store import workshop as store_workshop
    from labdesk.web.interfaces import list_interfaces
    from labdesk.web.server import AttendeeServer, WebServerError

    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be between 0 and 65535, not {args.port}")
    stop = threading.Event()
    lost = ""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Held like the app holds it: a second app or server on this file is refused.
    doc = open_workshop(args.file, purpose="labdesk serve")
    try:
        title = store_workshop.load(doc).title
        items = [i for i in store_agenda.load(doc) if not i.kind.is_pause]
        try:
            server = AttendeeServer(
                doc.path, args.host, args.port, everywhere=args.host in ("0.0.0.0", "::")
            )
            server.start()
        except WebServerError as exc:
            raise CommandError(str(exc)) from exc
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            print(f"Serving {title}")
            print(f"URL: {server.url}")
            print(f"Commitment card: {server.card_url}")
            for item in items:
                assert item.id is not None
                print(f"  {item.title}: {server.session_url(item.id)}")
            if server.host.startswith("127."):
                others = [i.address for i in list_interfaces() if not i.loopback]
                if others:
                    print(
                        "Only this laptop can reach it. For phones use --host "
                        + " or --host ".join(others)
                    )
            print("Press Ctrl+C to stop.", flush=True)
            while not stop.wait(GUARD_EVERY_S):
                if not server.running:
                    print("labdesk: the server stopped unexpectedly", file=sys.stderr)
                    return 1
                if not lost:
                    # The guard: every post is checked too, but say it even if none comes.
                    lost = doc.lost_link()
                    if lost:
                        print(f"labdesk: phones are refused now. {lost}", file=sys.stderr)
                        sys.stderr.flush()
        finally:
            server.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)
        stored = server.writer.committed
        print(f"Stopped. {stored} post{'' if stored == 1 else 's'} stored.", flush=True)
        return 1 if lost else 0
    finally:
        doc.close()
