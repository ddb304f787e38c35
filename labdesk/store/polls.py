"""Polls in the workshop file: questions put to the room, one answer per phone per question,
Q&A's asked questions and their votes, and what the projector shows of them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from labdesk.core.polls import (
    Asked,
    AskedQuestion,
    Poll,
    PollAnswer,
    PollKind,
    PollResults,
    Tally,
    Upvote,
)
from labdesk.store.changes import Topic
from labdesk.store.document import WorkshopFile, WorkshopFileError
from labdesk.store.rows import now_iso

# A write refused because the poll is not open (closed since the phone's page was sent).
NOT_OPEN = 0


def _from_row(row: sqlite3.Row) -> Poll:
    return Poll(
        text=row["text"],
        kind=PollKind(row["kind"]),
        choices=tuple(json.loads(row["choices"] or "[]")),
        scale=(int(row["scale_min"]), int(row["scale_max"])),
        id=int(row["id"]),
        agenda_item_id=row["agenda_item_id"],
        phase_id=row["phase_id"],
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        shown=bool(row["shown"]),
        frozen=row["frozen"] is not None,
        site_id=row["site_id"] if "site_id" in row.keys() else None,  # noqa: SIM118 (Row)
    )


def has_polls(con: sqlite3.Connection) -> bool:
    """The file has the polls' tables (a file opened read-only may be older than them)."""
    return (
        con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'polls'"
        ).fetchone()
        is not None
    )


def create(doc: WorkshopFile, poll: Poll, *, open_now: bool = False) -> Poll:
    """Store a question (checked by labdesk.core.polls.make_poll); open it for phones at once
    if asked (closing any other open one)."""
    with doc.transaction(Topic.POLLS) as con:
        cur = con.execute(
            "INSERT INTO polls (text, kind, choices, scale_min, scale_max, agenda_item_id,"
            " phase_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                poll.text,
                poll.kind.value,
                json.dumps(list(poll.choices), ensure_ascii=False),
                poll.scale[0],
                poll.scale[1],
                poll.agenda_item_id,
                poll.phase_id,
                now_iso(),
            ),
        )
        poll_id = int(cur.lastrowid or 0)
        if open_now:
            _open(con, poll_id)
    found = get(doc.con, poll_id)
    assert found is not None
    return found


def get(con: sqlite3.Connection, poll_id: int) -> Poll | None:
    row = con.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)).fetchone()
    return None if row is None else _from_row(row)


def load_all(doc: WorkshopFile) -> list[Poll]:
    return [_from_row(r) for r in doc.con.execute("SELECT * FROM polls ORDER BY id")]


def for_item(doc: WorkshopFile, agenda_item_id: int) -> list[Poll]:
    """The questions attached to an agenda item (in the order they were made)."""
    rows = doc.con.execute(
        "SELECT * FROM polls WHERE agenda_item_id = ? ORDER BY id", (agenda_item_id,)
    )
    return [_from_row(r) for r in rows]


def open_poll(con: sqlite3.Connection) -> Poll | None:
    """The question phones answer now (at most one is open)."""
    row = con.execute(
        "SELECT * FROM polls WHERE opened_at IS NOT NULL AND closed_at IS NULL"
        " ORDER BY opened_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _from_row(row)


def _open(con: sqlite3.Connection, poll_id: int) -> None:
    now = now_iso()
    con.execute(
        "UPDATE polls SET closed_at = ? WHERE opened_at IS NOT NULL AND closed_at IS NULL"
        " AND id != ?",
        (now, poll_id),
    )
    con.execute("UPDATE polls SET opened_at = ?, closed_at = NULL WHERE id = ?", (now, poll_id))


MERGED_NOT_OPEN = (
    "This question was asked at another site and came with its file; phones here cannot answer"
    " it (their answers would mix with that room's). Ask it again here as a new question."
)


def open_for_phones(doc: WorkshopFile, poll_id: int) -> None:
    """Phones may answer this question from now (another open one closes); answers it already
    has are kept. A question merged from another site is not opened (WorkshopFileError)."""
    poll = get(doc.con, poll_id)
    if poll is not None and poll.site_id is not None:
        raise WorkshopFileError(MERGED_NOT_OPEN)
    with doc.transaction(Topic.POLLS) as con:
        _open(con, poll_id)


def close(doc: WorkshopFile, poll_id: int) -> None:
    """Phones may no longer answer; the results stay as they are."""
    with doc.transaction(Topic.POLLS) as con:
        con.execute(
            "UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL"
            " AND opened_at IS NOT NULL",
            (now_iso(), poll_id),
        )


def show(doc: WorkshopFile, poll_id: int | None) -> None:
    """Put this poll's results on the projector and room views (None: no results shown)."""
    with doc.transaction(Topic.POLLS) as con:
        con.execute("UPDATE polls SET shown = 0 WHERE shown = 1 AND id IS NOT ?", (poll_id,))
        if poll_id is not None:
            con.execute("UPDATE polls SET shown = 1 WHERE id = ?", (poll_id,))


def freeze(doc: WorkshopFile, poll_id: int, frozen: bool) -> None:
    """Hold the results shown as they are now (answers still arrive and are kept), or let them
    follow the answers again."""
    with doc.transaction(Topic.POLLS) as con:
        if not frozen:
            con.execute("UPDATE polls SET frozen = NULL WHERE id = ?", (poll_id,))
            return
        poll = get(con, poll_id)
        if poll is None:
            return
        held = tally(con, poll).results()
        data = dict(held.to_dict(), frozen=True)
        con.execute(
            "UPDATE polls SET frozen = ? WHERE id = ?",
            (json.dumps(data, ensure_ascii=False), poll_id),
        )


def delete(doc: WorkshopFile, poll_id: int) -> None:
    with doc.transaction(Topic.POLLS) as con:
        con.execute("DELETE FROM polls WHERE id = ?", (poll_id,))


# -- phones' posts (inside the writer's transaction) ------------------------------------------


def _is_open(con: sqlite3.Connection, poll_id: int) -> bool:
    return (
        con.execute(
            "SELECT 1 FROM polls WHERE id = ? AND opened_at IS NOT NULL AND closed_at IS NULL",
            (poll_id,),
        ).fetchone()
        is not None
    )


def write_answer(con: sqlite3.Connection, answer: PollAnswer) -> int:
    """Store a phone's answer, replacing its earlier one; returns its row id, or NOT_OPEN if
    the poll is not open any more (nothing stored)."""
    if not _is_open(con, answer.poll_id):
        return NOT_OPEN
    now = now_iso()
    cur = con.execute(
        "INSERT INTO poll_answers (poll_id, phone, value, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(poll_id, phone) DO UPDATE SET"
        " value = excluded.value, updated_at = excluded.updated_at RETURNING id",
        (answer.poll_id, answer.phone, answer.value, now, now),
    )
    return int(cur.fetchone()[0])


def write_asked(con: sqlite3.Connection, asked: AskedQuestion, key: str) -> int:
    """Store a question asked in Q&A (the same key again is the same question); NOT_OPEN if the
    Q&A is not open."""
    if not _is_open(con, asked.poll_id):
        return NOT_OPEN
    cur = con.execute(
        "INSERT INTO poll_asked (poll_id, phone, submission_key, text, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(submission_key) DO UPDATE SET text = text"
        " RETURNING id",
        (asked.poll_id, asked.phone, key, asked.text, now_iso()),
    )
    return int(cur.fetchone()[0])


def write_vote(con: sqlite3.Connection, vote: Upvote) -> int:
    """A phone's vote for an asked question, once (a second is ignored); returns the asked
    question's id, or NOT_OPEN if its Q&A is not open or the question is hidden."""
    row = con.execute(
        "SELECT a.poll_id FROM poll_asked a WHERE a.id = ? AND a.hidden = 0", (vote.asked_id,)
    ).fetchone()
    if row is None or not _is_open(con, int(row[0])):
        return NOT_OPEN
    con.execute(
        "INSERT OR IGNORE INTO poll_votes (asked_id, phone, at) VALUES (?, ?, ?)",
        (vote.asked_id, vote.phone, now_iso()),
    )
    return vote.asked_id


# -- the facilitator's moderation of Q&A --------------------------------------------------------


def set_hidden(doc: WorkshopFile, asked_id: int, hidden: bool) -> None:
    """Take an asked question off the projector and the phones (or put it back)."""
    with doc.transaction(Topic.POLLS) as con:
        con.execute("UPDATE poll_asked SET hidden = ? WHERE id = ?", (int(hidden), asked_id))


def set_answered(doc: WorkshopFile, asked_id: int, answered: bool) -> None:
    """Mark an asked question answered: it moves below the ones still waiting."""
    with doc.transaction(Topic.POLLS) as con:
        con.execute("UPDATE poll_asked SET answered = ? WHERE id = ?", (int(answered), asked_id))


# -- reading -----------------------------------------------------------------------------------


def answer_of(con: sqlite3.Connection, poll_id: int, phone: str) -> str | None:
    """A phone's stored answer to a poll, if it has one."""
    row = con.execute(
        "SELECT value FROM poll_answers WHERE poll_id = ? AND phone = ?", (poll_id, phone)
    ).fetchone()
    return None if row is None else str(row[0])


def asked_by(con: sqlite3.Connection, poll_id: int, phone: str) -> int:
    """How many questions a phone has asked in a Q&A."""
    return int(
        con.execute(
            "SELECT count(*) FROM poll_asked WHERE poll_id = ? AND phone = ?", (poll_id, phone)
        ).fetchone()[0]
    )


def voted_by(con: sqlite3.Connection, poll_id: int, phone: str) -> set[int]:
    """The asked questions of a Q&A a phone has voted for."""
    rows = con.execute(
        "SELECT v.asked_id FROM poll_votes v JOIN poll_asked a ON a.id = v.asked_id"
        " WHERE a.poll_id = ? AND v.phone = ?",
        (poll_id, phone),
    )
    return {int(r[0]) for r in rows}


def asked(con: sqlite3.Connection, poll_id: int) -> list[Asked]:
    """Every question asked in a Q&A with its votes, hidden ones too, oldest first."""
    rows = con.execute(
        "SELECT a.id, a.text, a.hidden, a.answered,"
        " (SELECT count(*) FROM poll_votes v WHERE v.asked_id = a.id)"
        " FROM poll_asked a WHERE a.poll_id = ? ORDER BY a.id",
        (poll_id,),
    )
    return [Asked(int(i), str(t), int(n), bool(ans), bool(h)) for i, t, h, ans, n in rows]


def tally(con: sqlite3.Connection, poll: Poll) -> Tally:
    """A poll's answers as its results are made from."""
    assert poll.id is not None
    if poll.kind is PollKind.QUESTIONS:
        return Tally(poll, asked=asked(con, poll.id))
    rows = con.execute(
        "SELECT value FROM poll_answers WHERE poll_id = ? ORDER BY updated_at DESC, id DESC",
        (poll.id,),
    )
    return Tally(poll, values=[str(r[0]) for r in rows])


def results(con: sqlite3.Connection, poll: Poll) -> PollResults:
    """The poll's results as shown: as frozen, or live."""
    if poll.frozen:
        row = con.execute("SELECT frozen FROM polls WHERE id = ?", (poll.id,)).fetchone()
        if row is not None and row[0]:
            return PollResults.from_dict(json.loads(row[0]))
    return tally(con, poll).results()


def shown_poll(con: sqlite3.Connection) -> Poll | None:
    row = con.execute("SELECT * FROM polls WHERE shown = 1 ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else _from_row(row)


def shown_results(con: sqlite3.Connection) -> PollResults | None:
    """The results on the projector and the room views now, if any are shown."""
    poll = shown_poll(con)
    return None if poll is None else results(con, poll)


def answer_count(con: sqlite3.Connection, poll_id: int) -> int:
    return int(
        con.execute("SELECT count(*) FROM poll_answers WHERE poll_id = ?", (poll_id,)).fetchone()[0]
    )


def asked_count(con: sqlite3.Connection, poll_id: int) -> int:
    """How many questions a Q&A's room has asked, hidden ones too (an index count)."""
    return int(
        con.execute("SELECT count(*) FROM poll_asked WHERE poll_id = ?", (poll_id,)).fetchone()[0]
    )


def export_rows(doc: WorkshopFile) -> Iterator[tuple[Poll, tuple[object, ...]]]:
    """One row per answer, asked question and its votes, each with its poll: question id,
    question, kind, answer (a choice's text, not its number), votes, hidden, answered, when.
    No phone ids."""
    for poll in load_all(doc):
        assert poll.id is not None
        if poll.kind is PollKind.QUESTIONS:
            rows = doc.con.execute(
                "SELECT a.text, (SELECT count(*) FROM poll_votes v WHERE v.asked_id = a.id),"
                " a.hidden, a.answered, a.created_at FROM poll_asked a WHERE a.poll_id = ?"
                " ORDER BY a.id",
                (poll.id,),
            )
            for text, votes, hidden, answered, when in rows:
                yield (
                    poll,
                    (
                        poll.id,
                        poll.text,
                        poll.kind.label,
                        str(text),
                        int(votes),
                        "yes" if hidden else "",
                        "yes" if answered else "",
                        when,
                    ),
                )
            continue
        rows = doc.con.execute(
            "SELECT value, updated_at FROM poll_answers WHERE poll_id = ? ORDER BY id", (poll.id,)
        )
        for value, when in rows:
            shown = str(value)
            if poll.kind is PollKind.CHOICES and shown.isdigit() and int(shown) < len(poll.choices):
                shown = poll.choices[int(shown)]
            yield poll, (poll.id, poll.text, poll.kind.label, shown, "", "", "", when)


# A poll's free text, as (table, column): the answers of word and open-text questions, and the
# questions a Q&A's room asked.
TEXT_COLUMNS = {"poll_answers": "value", "poll_asked": "text"}


def redact_in(con: sqlite3.Connection, table: str, row_id: int, old: str, new: str) -> int:
    """Inside the caller's transaction (the file, or a backup): an answer or asked question's
    words replaced by the organiser's redaction, if they are still old, marked redacted (from
    schema version 12: a merge never brings the old words back), and the same words in the
    results frozen on the projector. Returns the rows changed (0 or 1)."""
    column = TEXT_COLUMNS[table]
    row = con.execute(f"SELECT poll_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return 0
    marked = any(r[1] == "redacted_at" for r in con.execute(f"PRAGMA table_info({table})"))
    done = con.execute(
        f"UPDATE {table} SET {column} = ?{', redacted_at = ?' if marked else ''}"
        f" WHERE id = ? AND {column} = ?",
        (new, *([now_iso()] if marked else []), row_id, old),
    ).rowcount
    if done:
        redact_frozen(con, int(row[0]), old, new)
    return done


def redact_frozen(con: sqlite3.Connection, poll_id: int, old: str, new: str) -> None:
    """The results frozen on the projector with old's words replaced by new's."""
    from labdesk.core.polls import redact_results

    frozen = con.execute("SELECT frozen FROM polls WHERE id = ?", (poll_id,)).fetchone()
    if frozen is not None and frozen[0]:
        data = redact_results(json.loads(frozen[0]), old, new)
        con.execute(
            "UPDATE polls SET frozen = ? WHERE id = ?",
            (json.dumps(data, ensure_ascii=False), poll_id),
        )


def redact(doc: WorkshopFile, table: str, row_id: int, old: str, new: str) -> int:
    """The organiser's redaction of an answer or a question asked (a name taken out, say).
    secure_delete zeroes the old words in the file; labdesk.personal_data.redact_poll reaches
    the WAL, the backups and the files made."""
    with doc.transaction(Topic.POLLS) as con:
        return redact_in(con, table, row_id, old, new)


EXPORT_HEADER = ("question id", "question", "kind", "answer", "votes", "hidden", "answered", "at")
