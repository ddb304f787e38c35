"""The sites of a workshop file: its own, and each other site's workshop merged into it
(labdesk.store.merge), with their badge keys and what each site's records add up to."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from labdesk.core.model import fold
from labdesk.store.document import WorkshopFile

HERE = "here"  # what --site calls this file's own site


@dataclass(frozen=True)
class Site:
    """A workshop day held somewhere: this file's own (id None) or one merged into it."""

    id: int | None
    key: str  # its badge secret (hex): the same site however often it is merged
    code: str
    title: str
    date: dt.date
    venue: str = ""
    old_badges: bool = False

    @property
    def own(self) -> bool:
        return self.id is None

    @property
    def place(self) -> str:
        """Where it was, as short as it reads: the last part of the venue ("London" of
        "The Resource Centre, London"), else the title."""
        if self.venue.strip():
            return self.venue.split(",")[-1].strip() or self.venue.strip()
        return self.title

    def describe(self) -> str:
        """'Title (Venue, 2026-09-17)'."""
        where = f"{self.venue}, " if self.venue.strip() else ""
        return f"{self.title} ({where}{self.date.isoformat()})"


def has_table(con: sqlite3.Connection, name: str) -> bool:
    row = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def own(doc: WorkshopFile) -> Site:
    return own_in(doc.con)


def own_in(con: sqlite3.Connection) -> Site:
    """The site of the file con is open on (of any schema version)."""
    import json

    from labdesk.store.migrations import user_version

    row = con.execute("SELECT * FROM workshop WHERE id = 1").fetchone()
    old = con.execute("SELECT value FROM settings WHERE key = 'old_badges'").fetchone()
    return Site(
        None,
        str(row["secret"]).lower(),
        str(row["code"]),
        str(row["title"]),
        dt.date.fromisoformat(row["date"]),
        str(row["venue"]),
        # Made before schema version 3 (marked by migration 3): badges with the old check.
        user_version(con) < 3 or (old is not None and json.loads(old[0]) is True),
    )


def others(con: sqlite3.Connection) -> list[Site]:
    """The sites merged into the file con is open on, in the order they came."""
    if not has_table(con, "sites"):
        return []
    return [
        Site(
            int(r["id"]),
            str(r["secret"]).lower(),
            str(r["code"]),
            str(r["title"]),
            dt.date.fromisoformat(r["date"]),
            str(r["venue"]),
            bool(r["old_badges"]),
        )
        for r in con.execute("SELECT * FROM sites ORDER BY id")
    ]


def every(doc: WorkshopFile) -> list[Site]:
    """This file's own site first, then the others."""
    return [own(doc), *others(doc.con)]


def places(sites: list[Site]) -> dict[int | None, str]:
    """A short name for each site, told apart: the place, else the venue, else with the date."""
    names: dict[int | None, str] = {s.id: s.place for s in sites}
    for attempt in (lambda s: s.venue.strip() or s.title, lambda s: f"{s.place}, {s.date}"):
        seen: dict[str, int] = {}
        for name in names.values():
            seen[name] = seen.get(name, 0) + 1
        for s in sites:
            if seen[names[s.id]] > 1:
                names[s.id] = attempt(s)
    return names


SITE_HELP = (
    "SITE is `here` (this file's own site), a site's number as `labdesk info` lists them"
    " (1 is here), or a word of its venue or title, or its date (YYYY-MM-DD)"
)


def find(doc: WorkshopFile, text: str) -> Site:
    """The site --site SITE means (see SITE_HELP); ValueError with a plain reason."""
    sites = every(doc)
    wanted = " ".join(text.split())
    if not wanted:
        raise ValueError("--site is empty; " + SITE_HELP)
    if wanted.casefold() == HERE:
        return sites[0]
    if wanted.isdigit():
        n = int(wanted)
        if 1 <= n <= len(sites):
            return sites[n - 1]
        raise ValueError(f"there is no site {n}: this file has {len(sites)} (see `labdesk info`)")
    key = fold(wanted)
    found = [
        s
        for s in sites
        if key == s.date.isoformat()
        or key in fold(s.venue)
        or key in fold(s.title)
        or key == fold(s.place)
    ]
    exact = [s for s in found if key == fold(s.place)]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{n}: {s.describe()}" for n, s in enumerate(sites, 1))
    if not found:
        raise ValueError(f"no site matches {wanted!r}; the sites are {listing}")
    raise ValueError(f"{wanted!r} matches {len(found)} sites; give its number instead ({listing})")


# -- what each site's records add up to ----------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One site's day in numbers (what a merge must neither lose nor count twice)."""

    expected: int  # registered there, not cancelled (erased people still count)
    arrived: int
    walk_ins: int
    feedback: int
    cards: int
    confirmed_cards: int
    printed: int
    posted: int


def _where(site: Site, column: str = "site_id") -> tuple[str, tuple[object, ...]]:
    return (f"{column} IS NULL", ()) if site.own else (f"{column} = ?", (site.id,))


def tally(doc: WorkshopFile, site: Site) -> Tally:
    con = doc.con
    merged = has_table(con, "sites")
    if site.own:
        registered = "attendees a WHERE a.status != 'cancelled'" + (
            " AND a.site_id IS NULL" if merged else ""
        )
        expected = con.execute(f"SELECT count(*) FROM {registered}").fetchone()[0]
        arrived, walk_ins = con.execute(
            "SELECT count(*), coalesce(sum(c.method = 'walk-in'), 0) FROM check_ins c"
        ).fetchone()
    else:
        expected = con.execute(
            "SELECT count(*) FROM site_people WHERE site_id = ? AND registered = 1"
            " AND status != 'cancelled'",
            (site.id,),
        ).fetchone()[0]
        arrived, walk_ins = con.execute(
            "SELECT count(*), coalesce(sum(method = 'walk-in'), 0) FROM site_check_ins"
            " WHERE site_id = ?",
            (site.id,),
        ).fetchone()
    where, args = _where(site) if merged else ("1", ())
    feedback = con.execute(f"SELECT count(*) FROM feedback WHERE {where}", args).fetchone()[0]
    cwhere, cargs = _where(site, "c.site_id") if merged else ("1", ())
    cards, confirmed, printed, posted = con.execute(
        "SELECT count(*), coalesce(sum(c.confirmed_by != ''), 0),"
        " coalesce(sum(p.printed_at IS NOT NULL), 0), coalesce(sum(p.posted_at IS NOT NULL), 0)"
        " FROM commitments c LEFT JOIN postcards p ON p.commitment_id = c.id"
        f" WHERE {cwhere}",
        cargs,
    ).fetchone()
    return Tally(
        int(expected),
        int(arrived),
        int(walk_ins),
        int(feedback),
        int(cards),
        int(confirmed),
        int(printed),
        int(posted),
    )


def tallies(doc: WorkshopFile) -> dict[str, Tally]:
    """Every site's tally, by the site's key (the same key in whichever file holds it)."""
    return {s.key: tally(doc, s) for s in every(doc)}
