-- The workshop file's schema as released at version 1 (labdesk.store.migrations._v1),
-- frozen here so the upgrade test starts from what was released, not from _v1 as it
-- reads today. Never edit: a released file looks like this. (application_id: LBDK)

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

CREATE TABLE postcards (
            commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id) ON DELETE CASCADE,
            post_on TEXT,                    -- ISO date
            printed_at TEXT,
            posted_at TEXT,
            address_purged_at TEXT
        );
