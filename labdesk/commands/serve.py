"""`labdesk serve FILE [--host H] [--port P]`: the attendee web server without the app."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from types import FrameType
from typing import TYPE_CHECKING

from labdesk.cli import CommandError
from labdesk.core import urls

if TYPE_CHECKING:
    from labdesk.store import WorkshopFile
    from labdesk.web.server import AttendeeServer

DEFAULT_PORT = urls.DEFAULT_PORT
GUARD_EVERY_S = 0.5  # how often the holder checks that its file, WAL and SHM keep their names


EPILOG = """\
It prints the addresses to open on phones and tablets on the laptop's network:
  URL              the attendees' feedback pages (and each session's form)
  Room view        the timer, the current phase, what is next and the day re-timed
  Door desk N      a check-in desk for a tablet or phone, with the PIN that opens it
  Remote           next, previous, pause, a minute more or less, blank, a message to the room,
                   with its own PIN
The PINs are kept in the workshop file until they are revoked in the app. Nothing needs the
internet."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
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


RETENTION_EVERY_S = 60.0  # the retention date is looked at this often (and on every change)


def run(args: argparse.Namespace) -> int:
    from labdesk.commands import open_for
    from labdesk.store import agenda as store_agenda
    from labdesk.store import workshop as store_workshop
    from labdesk.store.presenter import StoredPresenter
    from labdesk.web.interfaces import list_interfaces
    from labdesk.web.server import AttendeeServer, WebServerError

    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port must be between 0 and 65535, not {args.port}")
    stop = threading.Event()
    lost = ""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Held like the app holds it: a second app or server on this file is refused.
    doc = open_for(args.file, lock=True, purpose="labdesk serve")
    try:
        title = store_workshop.load(doc).title
        items = [i for i in store_agenda.load(doc) if not i.kind.is_pause]
        presenter = StoredPresenter(doc.path)
        try:
            server = AttendeeServer(
                doc.path,
                args.host,
                args.port,
                everywhere=args.host in ("0.0.0.0", "::"),
                presenter=presenter,
            )
            server.start()
        except WebServerError as exc:
            presenter.close()
            raise CommandError(str(exc)) from exc
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            print(f"Serving {title}")
            print(f"URL: {server.url}")
            print(f"Commitment card: {server.card_url}")
            for item in items:
                assert item.id is not None
                print(f"  {item.title}: {server.session_url(item.id)}")
            for line in screen_lines(doc, server):
                print(line)
            if server.host.startswith("127."):
                others = [i.address for i in list_interfaces() if not i.loopback]
                if others:
                    print(
                        "Only this laptop can reach it. For phones use --host "
                        + " or --host ".join(others)
                    )
            print("Press Ctrl+C to stop.", flush=True)
            keeper = RetentionKeeper(doc)
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
                    else:
                        keeper.tick()
        finally:
            server.stop()
            presenter.close()
            for s, handler in previous.items():
                signal.signal(s, handler)
        stored = server.writer.committed
        print(f"Stopped. {stored} post{'' if stored == 1 else 's'} stored.", flush=True)
        return 1 if lost else 0
    finally:
        doc.close()


def screen_lines(doc: WorkshopFile, server: AttendeeServer) -> list[str]:
    """The room view's address, and each door desk's and the remote's with its PIN."""
    from labdesk.web.access import screen_links

    lines = []
    for link in screen_links(doc, server):
        pin = f"  PIN {link.pin}" if link.pin else ""
        lines.append(f"{link.label}: {link.url}{pin}")
    return lines


class RetentionKeeper:
    """The holder's duty: purge the personal data when the retention date comes, looking
    whenever the file changes (someone set the date) and every RETENTION_EVERY_S seconds
    (the date passing at midnight)."""

    def __init__(self, doc: WorkshopFile) -> None:
        self.doc = doc
        self.version = doc.data_version()
        self.looked = time.monotonic()

    def tick(self) -> None:
        from labdesk import personal_data
        from labdesk.store import WorkshopFileError

        version = self.doc.data_version()
        if version == self.version and time.monotonic() - self.looked < RETENTION_EVERY_S:
            return
        self.version, self.looked = version, time.monotonic()
        try:
            purged = personal_data.apply_retention(self.doc)
        except WorkshopFileError as exc:
            print(f"labdesk: the retention date has come, but: {exc}", file=sys.stderr)
            return
        if purged is not None:
            print(f"{purged.title}.", flush=True)
            for line in purged.problems:
                print(f"labdesk: {line}", file=sys.stderr)
        self.version = self.doc.data_version()
