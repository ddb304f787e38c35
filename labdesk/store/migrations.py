"""Numbered schema migrations, kept in PRAGMA user_version; each one runs in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# `application_id` marks a SQLite file as a labdesk workshop ("LBDK").
APPLICATION_ID = 0x4C42444B


def _v1(con: sqlite3.Connection) -> None:
    """The first schema: the whole workshop day."""
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    run_script(
        con,
        """
        -- foundation -------------------------------------------------------------------------
        CREATE TABLE workshop (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL,
            date TEXT NOT NULL,              -- ISO date
            venue TEXT NOT NULL DEFAULT '',
            timezone TEXT NOT NULL DEFAULT 'Europe/London',
            day_start TEXT NOT NULL DEFAULT '09:30',
            day_end TEXT NOT NULL DEFAULT '16:30',
            code TEXT NOT NULL,              -- short workshop id in badge codes
            secret TEXT NOT NULL,            -- per-workshop HMAC key for badges (hex)
            web_token TEXT NOT NULL,         -- unguessable path segment of attendee URLs
            organiser TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL              -- JSON
        );
        CREATE TABLE assets (
            name TEXT PRIMARY KEY,           -- e.g. 'postcard_artwork'
            mime TEXT NOT NULL,
            data BLOB NOT NULL
        );

        -- agenda and running the day ------------------------------------------------------
        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'session',
            duration_min INTEGER NOT NULL CHECK (duration_min >= 0),
            fixed_start TEXT,                -- 'HH:MM' or NULL
            activity TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX agenda_items_position ON agenda_items(position);
        CREATE TABLE phases (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            duration_s INTEGER NOT NULL CHECK (duration_s >= 0),
            prompt TEXT NOT NULL DEFAULT '',
            rounds INTEGER NOT NULL DEFAULT 1,
            group_size INTEGER NOT NULL DEFAULT 0,
            auto_advance INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX phases_item ON phases(agenda_item_id, position);
        CREATE TABLE run_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            data TEXT NOT NULL               -- JSON: the timer's wall-clock anchors
        );
        CREATE TABLE item_actuals (
            agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
            actual_start TEXT,               -- ISO datetime
            actual_end TEXT,
            planned_start TEXT,              -- the plan when the day began (ISO datetime)
            planned_end TEXT
        );
        CREATE TABLE group_sets (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            group_size INTEGER NOT NULL,
            rounds INTEGER NOT NULL,
            data TEXT NOT NULL               -- JSON: [[[attendee_id, ...], ...], ...] per round
        );
        CREATE TABLE activity_templates (
            key TEXT PRIMARY KEY,
            data TEXT NOT NULL               -- JSON, same shape as resources/activities/*.json
        );

        -- attendees and check-in ------------------------------------------------------------
        CREATE TABLE attendees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            given_name TEXT NOT NULL DEFAULT '',
            family_name TEXT NOT NULL DEFAULT '',
            sort_name TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            access_needs TEXT NOT NULL DEFAULT '',
            dietary_needs TEXT NOT NULL DEFAULT '',
            ticket_type TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'attending',
            consent_postcard INTEGER NOT NULL DEFAULT 0,
            consent_contact INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            erased_at TEXT
        );
        CREATE INDEX attendees_email ON attendees(email COLLATE NOCASE);
        CREATE INDEX attendees_sort ON attendees(sort_name);
        CREATE TABLE ticket_codes (
            code TEXT PRIMARY KEY,           -- normalised external code (barcode, pretix secret)
            attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
            source TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL DEFAULT ''     -- lower case, no spaces (badges.ticket_key) for scans
        );
        CREATE INDEX ticket_codes_attendee ON ticket_codes(attendee_id);
        CREATE INDEX ticket_codes_key ON ticket_codes(key);
        CREATE TABLE erased_keys (         -- people erased on request (labdesk.store.erasure)
            digest TEXT PRIMARY KEY,         -- HMAC-SHA256 (workshop secret) of a normalised value
            kind TEXT NOT NULL,              -- 'email' or 'ticket'
            erased_at TEXT NOT NULL
        );
        CREATE TABLE check_ins (
            attendee_id INTEGER PRIMARY KEY REFERENCES attendees(id) ON DELETE CASCADE,
            at TEXT NOT NULL,                -- ISO datetime with offset
            desk TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT 'scan'
        );

        -- feedback and commitment cards -----------------------------------------------------
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            submission_key TEXT UNIQUE,      -- per-phone key: a resend edits, never duplicates
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            worked TEXT NOT NULL DEFAULT '',
            change TEXT NOT NULL DEFAULT '',
            answers TEXT NOT NULL DEFAULT '{}',  -- JSON: the session's own prompts
            hidden INTEGER NOT NULL DEFAULT 0,
            chosen INTEGER NOT NULL DEFAULT 0,   -- picked to show on the projector
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX feedback_item ON feedback(agenda_item_id);
        CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            attendee_id INTEGER REFERENCES attendees(id) ON DELETE SET NULL,
            submission_key TEXT UNIQUE,
            action TEXT NOT NULL,
            who TEXT NOT NULL DEFAULT '',
            by_when TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            use_registered_address INTEGER NOT NULL DEFAULT 0,
            consent_post INTEGER NOT NULL DEFAULT 0,
            match_status TEXT NOT NULL DEFAULT 'unmatched',  -- matched | ambiguous | unmatched
            source TEXT NOT NULL DEFAULT 'phone',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX commitments_attendee ON commitments(attendee_id);

        -- postcards ---------------------------------------------------------------------------
        CREATE TABLE postcards (
            commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id) ON DELETE CASCADE,
            post_on TEXT,                    -- ISO date
            printed_at TEXT,
            posted_at TEXT,
            address_purged_at TEXT
        );
        """,
    )


def _v2(con: sqlite3.Connection) -> None:
    """A phase's own "nearly time" warning, in seconds before its end (NULL: scaled to its
    length, labdesk.core.timer.phase_warning_s)."""
    con.execute(
        "ALTER TABLE phases ADD COLUMN warn_s INTEGER CHECK (warn_s IS NULL OR warn_s >= 0)"
    )


def _v3(con: sqlite3.Connection) -> None:
    """Personal data: what labdesk made from the workshop (so an erasure can make it again
    without the person), one card per phone and its confirmation, whose erased keys are whose,
    and a retention date for every file. Touches only what it adds."""
    import datetime as dt
    import json

    run_script(
        con,
        """
        CREATE TABLE generated_files (     -- files saved from this workshop (labdesk.generated)
            path TEXT PRIMARY KEY,           -- absolute path
            kind TEXT NOT NULL,              -- what it is: 'badges', 'mailing', 'report', ...
            options TEXT NOT NULL DEFAULT '{}',  -- JSON: how it was made, to make it again
            people TEXT NOT NULL DEFAULT '[]',   -- JSON: the attendee ids it names
            cards TEXT NOT NULL DEFAULT '[]',    -- JSON: the commitment card ids it holds
            made_at TEXT NOT NULL
        );
        ALTER TABLE commitments ADD COLUMN phone_address TEXT NOT NULL DEFAULT '';
        ALTER TABLE commitments ADD COLUMN confirmed_by TEXT NOT NULL DEFAULT '';
        CREATE INDEX commitments_phone_address ON commitments(phone_address)
            WHERE phone_address != '';
        ALTER TABLE erased_keys ADD COLUMN attendee_id INTEGER;
        """,
    )
    # Paper cards were typed in by the facilitator, who chose the person: confirmed.
    con.execute(
        "UPDATE commitments SET confirmed_by = 'paper'"
        " WHERE source = 'paper' AND attendee_id IS NOT NULL"
    )
    # The files remembered before, by path only: kept, of a kind nobody can make again.
    row = con.execute("SELECT value FROM settings WHERE key = 'generated_files'").fetchone()
    if row is not None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        for path in json.loads(row[0]):
            con.execute(
                "INSERT OR IGNORE INTO generated_files (path, kind, made_at) VALUES (?, '', ?)",
                (str(path), now),
            )
        con.execute("DELETE FROM settings WHERE key = 'generated_files'")
    workshop = con.execute("SELECT date FROM workshop").fetchone()
    if workshop is not None:  # an existing file (a new one gets its dates when it is made)
        # Badges printed before this version carry the old check character: they keep scanning.
        con.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('old_badges', 'true')")
        # Every workshop has a retention date: 90 days after the day, or 90 days from now if
        # that has passed (nothing is deleted the moment labdesk is updated).
        retain = dt.date.fromisoformat(workshop[0]) + dt.timedelta(days=90)
        if retain <= dt.date.today():
            retain = dt.date.today() + dt.timedelta(days=90)
        con.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('retention_date', ?)",
            (json.dumps(retain.isoformat()),),
        )


def _v4(con: sqlite3.Connection) -> None:
    """Groups carry their rule: the activity's grouping rule a set was formed by ('' for sets
    formed before, anew each round) and its layout (each round's group size, the roles)."""
    con.execute("ALTER TABLE group_sets ADD COLUMN rule TEXT NOT NULL DEFAULT ''")
    # JSON: {"sizes": [group size per round], "roles": [{"name": …, "rotates": …}, …]}
    con.execute("ALTER TABLE group_sets ADD COLUMN layout TEXT NOT NULL DEFAULT '{}'")


def _v5(con: sqlite3.Connection) -> None:
    """Rehearsal: "Rehearse from now" runs the day in a record of its own (its timer, actual
    times and groups), so the real day's record is never touched."""
    run_script(
        con,
        """
        CREATE TABLE rehearsal (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            started_at TEXT NOT NULL,        -- ISO: when "Rehearse from now" was pressed
            day_start TEXT NOT NULL,         -- ISO: the day's start it stands for
            timer TEXT NOT NULL DEFAULT '{}' -- JSON: the rehearsal timer's wall-clock anchors
        );
        CREATE TABLE rehearsal_actuals (
            agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
            actual_start TEXT,
            actual_end TEXT,
            planned_start TEXT,
            planned_end TEXT
        );
        ALTER TABLE group_sets ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0;
        """,
    )


# The topic each table of versions 1 to 5 belongs to (labdesk.store.changes.Topic), as
# migration 6 made it. A later migration that rebuilds one of these tables makes its triggers
# again with change_triggers().
_V6_TOPICS = {
    "workshop": "workshop",
    "settings": "settings",
    "assets": "settings",
    "agenda_items": "agenda",
    "phases": "agenda",
    "activity_templates": "templates",
    "run_state": "run",
    "item_actuals": "run",
    "group_sets": "groups",
    "attendees": "attendees",
    "ticket_codes": "attendees",
    "erased_keys": "attendees",
    "check_ins": "checkins",
    "feedback": "feedback",
    "commitments": "commitments",
    "postcards": "postcards",
    "generated_files": "files",
    "rehearsal": "run",
    "rehearsal_actuals": "run",
}


def change_triggers(con: sqlite3.Connection, table: str, topic: str) -> None:
    """Count every row inserted, updated or deleted in table under its topic."""
    for event in ("INSERT", "UPDATE", "DELETE"):
        con.execute(
            f"CREATE TRIGGER IF NOT EXISTS changes_{table}_{event.lower()} AFTER {event} ON {table}"
            f" BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = '{topic}'; END"
        )


def _v6(con: sqlite3.Connection) -> None:
    """Change counts: triggers count the rows each commit changes, by topic, so the app can tell
    what another process (the phone server, a batch command) changed without reading it all."""
    con.execute("CREATE TABLE change_counts (topic TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0)")
    for topic in sorted(set(_V6_TOPICS.values())):
        con.execute("INSERT INTO change_counts (topic) VALUES (?)", (topic,))
    for table, topic in _V6_TOPICS.items():
        change_triggers(con, table, topic)


def _v7(con: sqlite3.Connection) -> None:
    """A person's name as matched (labdesk.core.importing.matching.name_key), indexed, so a
    commitment card finds the people it may name without reading everyone. Written by labdesk
    beside the name; any other change of the name (an erasure, the retention purge, another
    program) empties it, so no stale copy of a name is left and the key is made again."""
    run_script(
        con,
        """
        ALTER TABLE attendees ADD COLUMN name_key TEXT;
        CREATE INDEX attendees_name_key ON attendees(name_key);
        CREATE TRIGGER attendees_name_key_stale AFTER UPDATE OF name ON attendees
            WHEN new.name_key IS old.name_key AND new.name IS NOT old.name
            BEGIN UPDATE attendees SET name_key = NULL WHERE id = new.id; END;
        """,
    )


def _v8(con: sqlite3.Connection) -> None:
    """The screens in the room: a PIN for each door desk and for the remote (revocable), the
    log of PIN attempts, and what the facilitator puts on every screen (a message, blank)."""
    run_script(
        con,
        """
        CREATE TABLE screen_pins (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('desk', 'remote')),
            name TEXT NOT NULL,              -- 'Door desk 1', 'Remote'
            pin TEXT NOT NULL,               -- digits, shown in the app and by labdesk serve
            created_at TEXT NOT NULL,
            revoked_at TEXT                  -- set: the PIN and every session made with it end
        );
        CREATE UNIQUE INDEX screen_pins_live ON screen_pins(pin) WHERE revoked_at IS NULL;
        CREATE TABLE pin_attempts (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                -- ISO datetime
            address TEXT NOT NULL,           -- the device's network address
            kind TEXT NOT NULL,              -- the page it was for: 'desk' or 'remote'
            ok INTEGER NOT NULL,
            pin_id INTEGER                   -- the PIN it opened (NULL when wrong)
        );
        CREATE TABLE room_screen (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            message TEXT NOT NULL DEFAULT '', -- the facilitator's message to the room ('' none)
            message_at TEXT,                 -- when it was sent (ISO datetime)
            message_serial INTEGER NOT NULL DEFAULT 0,  -- grows with every message sent
            blank INTEGER NOT NULL DEFAULT 0 -- the projector is blanked
        );
        """,
    )
    # Counted under a topic of their own (labdesk.store.changes.Topic.SCREENS).
    con.execute("INSERT OR IGNORE INTO change_counts (topic) VALUES ('screens')")
    for table in ("screen_pins", "pin_attempts", "room_screen"):
        change_triggers(con, table, "screens")


def _v9(con: sqlite3.Connection) -> None:
    """Sites: other workshop files merged into this one (labdesk.store.merge), each with its
    badge key, and a tag on every record that came from one. NULL tags mean this file's own
    site. Touches only what it adds."""
    run_script(
        con,
        """
        CREATE TABLE sites (               -- another site's workshop, merged into this file
            id INTEGER PRIMARY KEY,
            secret TEXT NOT NULL UNIQUE,     -- its badge key (hex): the same site when merged again
            code TEXT NOT NULL,              -- its workshop code (the short id in its badges)
            title TEXT NOT NULL,
            date TEXT NOT NULL,              -- ISO date
            venue TEXT NOT NULL DEFAULT '',
            old_badges INTEGER NOT NULL DEFAULT 0,  -- its badges may carry the old check character
            merged_at TEXT NOT NULL
        );
        CREATE TABLE site_people (         -- who a site's attendee is here (its badges carry its ids)
            site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
            site_attendee_id INTEGER NOT NULL,
            attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'attending',  -- their registration at that site
            registered INTEGER NOT NULL DEFAULT 1,  -- 0: only known there by a badge it printed
            PRIMARY KEY (site_id, site_attendee_id)
        );
        CREATE INDEX site_people_attendee ON site_people(attendee_id);
        CREATE TABLE site_check_ins (      -- arrivals at another site (check_ins: this file's own)
            site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
            attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            desk TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT 'scan',
            PRIMARY KEY (site_id, attendee_id)
        );
        CREATE INDEX site_check_ins_attendee ON site_check_ins(attendee_id);
        CREATE TABLE site_agenda_items (   -- another site's day as it was planned and run
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
            origin_id INTEGER NOT NULL,      -- the item's id in that site's own file
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'session',
            planned_start TEXT NOT NULL,     -- 'HH:MM'
            planned_min INTEGER NOT NULL,
            actual_start TEXT,               -- ISO datetime
            actual_end TEXT,
            UNIQUE (site_id, origin_id)
        );
        CREATE TABLE site_records (        -- every feedback response and card merged once, kept
            site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,              -- 'feedback' or 'commitment'
            origin_id INTEGER NOT NULL,      -- its id in that site's own file
            PRIMARY KEY (site_id, kind, origin_id)
        );                                 -- (so one erased here is not merged back)
        CREATE TABLE site_erased_keys (    -- people erased at another site, as it hashed them
            site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
            digest TEXT NOT NULL,            -- HMAC-SHA256 with that site's secret
            kind TEXT NOT NULL,
            attendee_id INTEGER REFERENCES attendees(id) ON DELETE SET NULL,
            PRIMARY KEY (site_id, digest)
        );
        ALTER TABLE attendees ADD COLUMN site_id INTEGER REFERENCES sites(id);
        ALTER TABLE feedback ADD COLUMN site_id INTEGER REFERENCES sites(id);
        ALTER TABLE feedback ADD COLUMN site_origin_id INTEGER;
        ALTER TABLE feedback ADD COLUMN site_item_id INTEGER
            REFERENCES site_agenda_items(id) ON DELETE SET NULL;
        ALTER TABLE commitments ADD COLUMN site_id INTEGER REFERENCES sites(id);
        ALTER TABLE commitments ADD COLUMN site_origin_id INTEGER;
        CREATE UNIQUE INDEX feedback_site_origin ON feedback(site_id, site_origin_id)
            WHERE site_id IS NOT NULL;
        CREATE UNIQUE INDEX commitments_site_origin ON commitments(site_id, site_origin_id)
            WHERE site_id IS NOT NULL;
        """,
    )
    # Counted under the topics of what they describe (labdesk.store.changes.Topic).
    for table, topic in (
        ("sites", "attendees"),
        ("site_people", "attendees"),
        ("site_erased_keys", "attendees"),
        ("site_check_ins", "checkins"),
        ("site_agenda_items", "attendees"),  # only the report reads it: not this file's agenda
        ("site_records", "feedback"),
    ):
        change_triggers(con, table, topic)


def _v10(con: sqlite3.Connection) -> None:
    """Polls: questions put to the room (labdesk.core.polls), one answer per phone per question
    (a second replaces the first), Q&A's asked questions with the facilitator's hidden and
    answered flags, and one upvote per phone per asked question. Touches only what it adds, and
    keeps it if it is there already (a file taken back to an earlier version runs it again)."""
    run_script(
        con,
        """
        CREATE TABLE IF NOT EXISTS polls (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('choices', 'scale', 'words', 'text', 'questions')),
            choices TEXT NOT NULL DEFAULT '[]',  -- JSON: the options of a multiple choice
            scale_min INTEGER NOT NULL DEFAULT 1,
            scale_max INTEGER NOT NULL DEFAULT 5,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            phase_id INTEGER REFERENCES phases(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            opened_at TEXT,                  -- phones may answer from then
            closed_at TEXT,                  -- … until then
            shown INTEGER NOT NULL DEFAULT 0,  -- its results are on the projector and room views
            frozen TEXT                      -- JSON: the results as they were frozen (NULL: live)
        );
        CREATE INDEX IF NOT EXISTS polls_agenda_item ON polls(agenda_item_id);
        CREATE TABLE IF NOT EXISTS poll_answers (
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            phone TEXT NOT NULL,             -- the phone's cookie id
            value TEXT NOT NULL,             -- a choice's number, a scale's number, or the text
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (poll_id, phone)
        );
        CREATE TABLE IF NOT EXISTS poll_asked (          -- Q&A: a question the room asked
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
            phone TEXT NOT NULL,
            submission_key TEXT NOT NULL UNIQUE,  -- a resent post is one question
            text TEXT NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0,
            answered INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS poll_asked_poll ON poll_asked(poll_id);
        CREATE TABLE IF NOT EXISTS poll_votes (
            asked_id INTEGER NOT NULL REFERENCES poll_asked(id) ON DELETE CASCADE,
            phone TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (asked_id, phone)
        );
        """,
    )
    # Counted under a topic of their own (labdesk.store.changes.Topic.POLLS).
    con.execute("INSERT OR IGNORE INTO change_counts (topic) VALUES ('polls')")
    for table in ("polls", "poll_answers", "poll_asked", "poll_votes"):
        change_triggers(con, table, "polls")


def _v11(con: sqlite3.Connection) -> None:
    """Indexes for following feedback as it arrives, at the same cost at 20,000 responses as at
    50: the newest changes (updated_at), the comments chosen for the projector, and the counts
    per session and rating (read from the index alone). Adds only indexes."""
    run_script(
        con,
        """
        CREATE INDEX IF NOT EXISTS feedback_updated ON feedback(updated_at);
        CREATE INDEX IF NOT EXISTS feedback_chosen ON feedback(id) WHERE chosen = 1 AND hidden = 0;
        CREATE INDEX IF NOT EXISTS feedback_tally ON feedback(agenda_item_id, rating, updated_at);
        """,
    )


def _v12(con: sqlite3.Connection) -> None:
    """Polls merged from another site (labdesk.store.merge): a poll keeps its site and its
    number there, and each answer, asked question and vote its number there, so merging the
    same file again (or a file that holds this one) brings each once. An answer or asked
    question the organiser redacted is marked, so a merge never brings its old words back.
    Touches only the polls' tables (from version 10) and keeps what is there already."""

    def add(table: str, column: str, kind: str) -> None:
        if not any(r[1] == column for r in con.execute(f"PRAGMA table_info({table})")):
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    add("polls", "site_id", "INTEGER REFERENCES sites(id)")
    for table in ("polls", "poll_answers", "poll_asked", "poll_votes"):
        add(table, "site_origin_id", "INTEGER")
    for table in ("poll_answers", "poll_asked"):
        add(table, "redacted_at", "TEXT")
    run_script(
        con,
        """
        CREATE UNIQUE INDEX IF NOT EXISTS polls_site_origin ON polls(site_id, site_origin_id)
            WHERE site_id IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS poll_answers_site_origin
            ON poll_answers(poll_id, site_origin_id) WHERE site_origin_id IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS poll_asked_site_origin
            ON poll_asked(poll_id, site_origin_id) WHERE site_origin_id IS NOT NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS poll_votes_site_origin
            ON poll_votes(asked_id, site_origin_id) WHERE site_origin_id IS NOT NULL;
        """,
    )


def _v13(con: sqlite3.Connection) -> None:
    """Feedback and commitment cards redacted, and feedback moderated, are marked with when
    (labdesk.store.merge): a merge brings the other site's later redaction or moderation of a
    response merged before, and never brings back words redacted at either site. Adds only
    columns, and keeps them if they are there already."""

    def add(table: str, column: str) -> None:
        if not any(r[1] == column for r in con.execute(f"PRAGMA table_info({table})")):
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")

    add("feedback", "redacted_at")  # the organiser's redaction of the words (ISO datetime)
    add("feedback", "moderated_at")  # hidden, shown again, chosen or taken off the projector
    add("commitments", "redacted_at")  # someone else named on the card, taken out


# MIGRATIONS[i] takes a file from version i to version i + 1. Append; never edit a released step.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
    _v12,
    _v13,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def run_script(con: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction (executescript() would commit)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                con.execute(buffer)
            buffer = ""


def migrate(con: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the missing steps up to target, each atomically; return the versions reached."""
    reached: list[int] = []
    current = user_version(con)
    while current < target:
        con.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[current](con)
            con.execute(f"PRAGMA user_version = {current + 1}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        current += 1
        reached.append(current)
    return reached
