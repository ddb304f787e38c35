"""Check-ins: at most one per attendee, enforced by the primary key, not by read-then-write."""

from __future__ import annotations

import datetime as dt
import sqlite3

from labdesk.core import badges
from labdesk.core.checkin import Outcome, ScanKind, check_in_refusal
from labdesk.core.model import Attendee, CheckIn, CheckInMethod
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile
from labdesk.store.rows import now_iso, to_datetime, to_enum


def admit_in(
    con: sqlite3.Connection,
    attendee_id: int,
    *,
    desk: str,
    method: CheckInMethod,
    at: str = "",
) -> Outcome:
    """Inside the caller's write transaction: check the person in if the one rule allows
    (core.checkin.check_in_refusal, applied to the row as it is now, so an erasure or a
    cancellation committed a moment ago is seen), else say why not. Writes only a check-in."""
    from labdesk.store import attendees

    row = con.execute("SELECT * FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    person = None if row is None else attendees.from_row(row)
    refusal = check_in_refusal(person)
    if refusal is not None:
        shown = person if refusal is ScanKind.CANCELLED else None
        return Outcome(refusal, attendee=shown)
    cur = con.execute(
        "INSERT INTO check_ins (attendee_id, at, desk, method) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(attendee_id) DO NOTHING",
        (attendee_id, at or now_iso(), desk, method),
    )
    record = _from_row(
        con.execute("SELECT * FROM check_ins WHERE attendee_id = ?", (attendee_id,)).fetchone()
    )
    kind = ScanKind.CHECKED_IN if cur.rowcount == 1 else ScanKind.ALREADY_IN
    return Outcome(kind, attendee=person, at=record.at)


def admit(
    doc: WorkshopFile,
    attendee_id: int,
    *,
    desk: str = "",
    method: CheckInMethod = CheckInMethod.SCAN,
    at: str = "",
) -> Outcome:
    """Check someone in (scan, search or any id) by the one rule, in one transaction."""
    with doc.transaction(Topic.CHECKINS) as con:
        return admit_in(con, attendee_id, desk=desk, method=method, at=at)


def undo(doc: WorkshopFile, attendee_id: int) -> None:
    with doc.transaction(Topic.CHECKINS) as con:
        con.execute("DELETE FROM check_ins WHERE attendee_id = ?", (attendee_id,))


def _from_row(row: sqlite3.Row) -> CheckIn:
    at = to_datetime(row["at"])
    assert at is not None
    method = to_enum(CheckInMethod, row["method"], CheckInMethod.SCAN)
    return CheckIn(attendee_id=row["attendee_id"], at=at, desk=row["desk"], method=method)


def get(doc: WorkshopFile, attendee_id: int) -> CheckIn | None:
    row = doc.con.execute(
        "SELECT * FROM check_ins WHERE attendee_id = ?", (attendee_id,)
    ).fetchone()
    return None if row is None else _from_row(row)


def all_by_attendee(doc: WorkshopFile) -> dict[int, CheckIn]:
    return {r["attendee_id"]: _from_row(r) for r in doc.con.execute("SELECT * FROM check_ins")}


def count(doc: WorkshopFile) -> int:
    return int(
        doc.con.execute(
            "SELECT count(*) FROM check_ins JOIN attendees ON attendees.id = check_ins.attendee_id"
            " WHERE attendees.erased_at IS NULL"
        ).fetchone()[0]
    )


def checked_in_at(doc: WorkshopFile) -> dict[int, dt.datetime]:
    return {k: v.at for k, v in all_by_attendee(doc).items()}


# -- scanning ---------------------------------------------------------------------------------


_SITE_ORDER = (
    badges.Verdict.FORGED,
    badges.Verdict.MISTYPED,
    badges.Verdict.OTHER_WORKSHOP,
    badges.Verdict.UNKNOWN,
)


class Scanner:
    """Turns scanned text into a check-in (or the reason for none) against one workshop file.

    Keeps the workshop's secret and code so each scan is a couple of indexed lookups and, for a
    good badge, one INSERT … ON CONFLICT DO NOTHING: two desks scanning the same badge at the
    same moment give exactly one check-in.
    """

    def __init__(self, doc: WorkshopFile, *, desk: str = "") -> None:
        from labdesk.store import workshop

        self.doc = doc
        self.desk = desk
        self.secret = workshop.secret(doc)
        self.workshop_code = workshop.load(doc).code
        # Made at schema version 1: badges with the old check character still scan.
        self.old_badges = bool(workshop.get_setting(doc, "old_badges"))
        # Sites merged in are read at each scan that is not this workshop's own badge: a
        # merge made meanwhile (from the app, say) is known at once.
        self._merged = (
            doc.con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sites'").fetchone()
            is not None
        )

    def badge_code(self, attendee_id: int) -> str:
        return badges.make_code(self.secret, self.workshop_code, attendee_id)

    def read_badge(self, text: str) -> tuple[badges.Verdict, int | None]:
        """What a badge says, and whose it is here: this workshop's own badges, and those of
        every site merged into it (each with its own key, workshop code and old check
        character), whose numbers are that site's (labdesk.store.merge)."""
        reading = badges.read(text, self.secret, self.workshop_code, old_badges=self.old_badges)
        if reading.verdict is badges.Verdict.OK or not self._merged:
            return reading.verdict, reading.attendee_id
        verdicts = [reading.verdict]
        for site_id, secret, code, old in self.doc.con.execute(
            "SELECT id, secret, code, old_badges FROM sites ORDER BY id"
        ):
            there = badges.read(text, bytes.fromhex(secret), code, old_badges=bool(old))
            if there.verdict is badges.Verdict.OK:
                row = self.doc.con.execute(
                    "SELECT attendee_id FROM site_people WHERE site_id = ? AND site_attendee_id = ?",
                    (site_id, there.attendee_id),
                ).fetchone()
                if row is not None:
                    return badges.Verdict.OK, int(row[0])
                verdicts.append(badges.Verdict.OTHER_WORKSHOP)  # someone not merged (yet)
            else:
                verdicts.append(there.verdict)
        # Told apart as plainly as one workshop's: forged, then mistyped, then another's.
        for verdict in _SITE_ORDER:
            if verdict in verdicts:
                return verdict, None
        return badges.Verdict.UNKNOWN, None

    def identify(self, text: str) -> tuple[ScanKind | None, int | None]:
        """(a failure kind, None) or (None, attendee id) for scanned text; writes nothing."""
        verdict, found = self.read_badge(text)
        if verdict is badges.Verdict.OK:
            return None, found
        from labdesk.store import attendees

        ticket_owner = attendees.find_by_ticket_code(self.doc, text)
        if ticket_owner is not None:
            return None, ticket_owner
        kinds = {
            badges.Verdict.UNKNOWN: ScanKind.UNKNOWN,
            badges.Verdict.OTHER_WORKSHOP: ScanKind.OTHER_WORKSHOP,
            badges.Verdict.FORGED: ScanKind.FORGED,
            badges.Verdict.MISTYPED: ScanKind.MISTYPED,
        }
        return kinds[verdict], None

    def scan(
        self, text: str, *, method: CheckInMethod = CheckInMethod.SCAN, at: str = ""
    ) -> Outcome:
        """Check in whoever text identifies; nothing changes unless the outcome is CHECKED_IN."""
        failure, attendee_id = self.identify(text)
        if failure is not None or attendee_id is None:
            return Outcome(failure or ScanKind.UNKNOWN, code=text)
        outcome = admit(self.doc, attendee_id, desk=self.desk, method=method, at=at)
        outcome.code = text
        return outcome

    def check_in_person(
        self, attendee_id: int, *, method: CheckInMethod = CheckInMethod.SEARCH
    ) -> Outcome:
        """Check in someone found by search (or any id) by the same rule as a scan."""
        return admit(self.doc, attendee_id, desk=self.desk, method=method)

    def walk_in(self, person: Attendee) -> Outcome:
        """Add someone who turned up unregistered and check them in, by the same rule."""
        from labdesk.store import attendees

        return attendees.admit_walk_in(self.doc, person, desk=self.desk)


def undo_if_at(doc: WorkshopFile, attendee_id: int, at: dt.datetime) -> bool:
    """Undo a check-in only if it is still the one made at `at` (not a later re-check-in)."""
    with doc.transaction(Topic.CHECKINS) as con:
        cur = con.execute(
            "DELETE FROM check_ins WHERE attendee_id = ? AND at = ?",
            (attendee_id, at.isoformat(timespec="seconds")),
        )
    return cur.rowcount == 1
