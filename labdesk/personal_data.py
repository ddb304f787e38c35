"""Erasing a person, and the retention date, end to end: the workshop file, its WAL, its
backups, the copies saved of it, and every file labdesk made from it.

`erase` and `apply_retention` are what `labdesk erase`, `labdesk retention --apply`, the other
commands, the app and `labdesk serve` call. The order matters and is the same for both:

1. the workshop file, in one transaction (labdesk.store.erasure / labdesk.store.retention);
2. the files labdesk made (labdesk.outputs): each one that named the person is made again
   without them, or removed when nothing would be left (a person's own data, a preview in the
   temporary folder, a badge sheet of one); at the retention date, every one that holds
   personal data is removed and the day report made again;
3. the WAL checkpointed and truncated, so no older version of a page is left beside the file;
4. every backup and every saved copy rewritten the same way through SQLite, in place.

Nothing here reads the bytes of the live file, its WAL or a backup (DESIGN.md, "One file, many
processes"). Messages name what was done and what could not be, and why: never "another
program" unless SQLite said one was reading.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labdesk.core.mentions import Identity, names
from labdesk.store import erasure as store_erasure
from labdesk.store import generated
from labdesk.store import retention as store_retention
from labdesk.store.backup import NotAWorkshop, Rewritten
from labdesk.store.document import WorkshopFile
from labdesk.store.generated import FileKind
from labdesk.store.rows import to_enum

if TYPE_CHECKING:
    from labdesk.store.merge import Redacted

log = logging.getLogger("labdesk.personal_data")

# Kinds that are empty once the person is gone: removed rather than made again empty.
_REMOVE_WHEN_EMPTY = frozenset(
    {FileKind.BADGES, FileKind.POSTCARDS, FileKind.LABELS, FileKind.GROUPS, FileKind.MAILING}
)
_TEXT_LIMIT = 50 * 1024 * 1024  # an old remembered export larger than this is not looked into


@dataclass
class Files:
    """What became of the files labdesk made."""

    made_again: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    copies: Rewritten = field(default_factory=Rewritten)
    copies_missing: list[Path] = field(default_factory=list)


@dataclass
class Outcome:
    """An erasure or a purge, as told to the organiser: a line for each place, and what
    could not be done (the command's exit status comes from it)."""

    title: str
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    mentions_left: list[store_erasure.Mention] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        return "\n".join([self.title, *self.lines, *self.problems])


def _paths(paths: Iterable[Path]) -> str:
    return "; ".join(str(p) for p in paths)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# -- the files labdesk made --------------------------------------------------------------------------


def _legacy_names(path: Path, who: Identity) -> bool:
    """Whether a file remembered by an older labdesk (an export or a mailing list; never a
    workshop file) names the person. Its text is read; an .xlsx's parts too."""
    import io
    import zipfile

    try:
        if path.stat().st_size > _TEXT_LIMIT:
            return True  # too big to look through: treat it as naming them
        raw = path.read_bytes()
    except OSError:
        return False
    texts = [raw]
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                texts += [archive.read(m) for m in archive.namelist()]
        except (zipfile.BadZipFile, OSError, ValueError):
            return True
    return any(
        names(t.decode(encoding, "replace"), who) for t in texts for encoding in ("utf-8", "utf-16")
    )


def _remove(path: Path, files: Files, gone: list[Path]) -> None:
    """Remove a file labdesk made, and say so (or why it could not be)."""
    try:
        path.unlink()
    except OSError as exc:
        files.failed.append((path, exc.strerror or str(exc)))
    else:
        files.removed.append(path)
        gone.append(path)


def _made_as(made: generated.MadeFile) -> FileKind:
    """What a file labdesk made is (a preview: what it previews)."""
    if made.kind is FileKind.PREVIEW:
        return to_enum(FileKind, made.options.get("made_as"), FileKind.PREVIEW)
    return made.kind


def _rewrite_copy(files: Files, path: Path, rewrite: Callable[[Path], None]) -> None:
    """A saved copy of the workshop changed in place, or why it could not be."""
    try:
        rewrite(path)
    except (NotAWorkshop, OSError) as exc:
        files.copies.failed.append((path, str(exc)))
    else:
        files.copies.rewritten.append(path)


def _nothing_left(made: generated.MadeFile, attendee_id: int, cards: set[int]) -> bool:
    if made.kind in (FileKind.BADGES, FileKind.GROUPS):
        return made.people <= {attendee_id}
    if made.kind in (FileKind.POSTCARDS, FileKind.LABELS, FileKind.MAILING):
        return made.cards <= cards
    return False


def _files_after_erasure(
    doc: WorkshopFile,
    plan: store_erasure.Plan,
    chosen: store_erasure.Redactions,
    comments_changed: bool,
    *,
    dry_run: bool,
) -> Files:
    from labdesk import outputs

    who = plan.person
    cards = set(plan.cards)
    files = Files()
    gone: list[Path] = []
    for made in generated.load(doc):
        kind = _made_as(made)
        if made.kind is FileKind.COPY:
            if not made.path.exists():
                files.copies_missing.append(made.path)
            elif not dry_run:
                _rewrite_copy(
                    files, made.path, lambda path: store_erasure.rewrite_copy(path, plan, chosen)
                )
            else:
                files.copies.rewritten.append(made.path)
            continue
        if made.kind is FileKind.LEGACY:
            involved = made.path.exists() and _legacy_names(made.path, who.identity)
        else:
            involved = made.names(who.attendee_id, cards) or (
                comments_changed
                and kind
                in (FileKind.FEEDBACK, FileKind.REPORT, FileKind.COMMITMENTS, FileKind.POLLS)
            )
        if not involved:
            continue
        if not made.path.exists():
            (gone if made.kind is FileKind.PREVIEW else files.missing).append(made.path)
            continue
        remove = (
            made.kind in (FileKind.PREVIEW, FileKind.LEGACY)
            or made.kind in outputs.REMOVE_ONLY
            or (made.kind in _REMOVE_WHEN_EMPTY and _nothing_left(made, who.attendee_id, cards))
        )
        if dry_run:
            (files.removed if remove else files.made_again).append(made.path)
            continue
        if not remove:
            try:
                again = outputs.make(doc, made.kind, made.path, **made.options)
            except Exception as exc:  # the file cannot be written now: remove it instead
                log.warning("could not make a %s file again: %s", made.kind, exc)
                remove = True
            else:
                if made.kind in _REMOVE_WHEN_EMPTY and again.count == 0:
                    remove = True
                else:
                    files.made_again.append(made.path)
        if remove:
            _remove(made.path, files, gone)
    if not dry_run:
        generated.forget(doc, gone)
    return files


# -- erasing -------------------------------------------------------------------------------------


def erase(
    doc: WorkshopFile,
    attendee_id: int,
    *,
    redactions: store_erasure.Redactions | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Erase one person everywhere labdesk keeps data (see the module's docstring). With
    dry_run, say what would be done and change nothing."""
    plan = store_erasure.plan(doc, attendee_id)
    who = plan.person
    chosen = dict(redactions or {})
    verb = "Would erase" if dry_run else "Erased"
    if plan.already_erased:
        title = f"Attendee {who.attendee_id} was erased on {who.erased_at[:10]}; " + (
            "would go through the backups and copies again"
            if dry_run
            else "went through the journal, backups and copies again"
        )
    else:
        org = f", {who.organisation}" if who.organisation else ""
        title = f"{verb} {who.name} (attendee {who.attendee_id}{org})"
    outcome = Outcome(title)
    if dry_run:
        in_file = store_erasure.InFile(
            cards_deleted=len(plan.cards),
            codes_deleted=len(who.ticket_codes),
            mentions_left=plan.mentions,
        )
    elif plan.already_erased:
        in_file = store_erasure.InFile()
    else:
        in_file = store_erasure.erase_in_file(doc, plan, chosen)
    if not plan.already_erased:
        would = "would be " if dry_run else ""
        parts = [f"their name, email, address, needs and notes {would}deleted"]
        if in_file.cards_deleted or in_file.codes_deleted:
            parts.append(
                f"{_plural(in_file.cards_deleted, 'commitment card')} and "
                f"{_plural(in_file.codes_deleted, 'ticket code')} {would}deleted"
            )
        if in_file.redacted:
            parts.append(f"{_plural(in_file.redacted, 'comment')} redacted")
        outcome.lines.append("Workshop file: " + "; ".join(parts) + ".")
    elsewhere = _their_sites(doc, attendee_id)
    if elsewhere:
        would = "would be" if dry_run else "are"
        outcome.lines.append(
            f"Other sites: what came from {' and '.join(elsewhere)} in a merge {would} erased"
            " here too; those sites' own files are theirs to erase (ask their organisers)."
        )
    files = _files_after_erasure(doc, plan, chosen, bool(in_file.redacted), dry_run=dry_run)
    if not dry_run:
        why = store_erasure.empty_wal(doc)
        if why:
            outcome.problems.append(
                f"Journal (-wal): not emptied yet: {why}. Older copies of their details may be"
                " in it until the file is closed; erase them again then to be sure."
            )
        else:
            outcome.lines.append("Journal (-wal): emptied.")
        backups = store_erasure.rewrite_backups(doc, plan, chosen)
    else:
        from labdesk.store import backup

        backups = Rewritten(rewritten=sorted(backup.backups_folder(doc.path).glob("*.labdesk")))
    _tell_files(outcome, files, backups, dry_run, "without them")
    outcome.mentions_left = in_file.mentions_left
    if outcome.mentions_left:
        polled = any(m.table.startswith("poll_") for m in outcome.mentions_left)
        commented = any(not m.table.startswith("poll_") for m in outcome.mentions_left)
        places = [
            *(["Feedback › Redact…"] if commented else []),
            *(["View › Polls…, Redact… on the answer or question"] if polled else []),
        ]
        outcome.lines.append(
            f"Comments that name them, left as they are: {len(outcome.mentions_left)}"
            f" (redact them in the app: {'; '.join(places)})."
        )
    if not dry_run:
        log.info(
            "erased attendee %d: %d cards, %d backups, %d files made again, %d removed",
            attendee_id,
            in_file.cards_deleted,
            len(backups.rewritten),
            len(files.made_again),
            len(files.removed),
        )
    return outcome


def _their_sites(doc: WorkshopFile, attendee_id: int) -> list[str]:
    """The other sites merged into this workshop that the person was at (labdesk.store.merge)."""
    from labdesk.store import sites

    if not sites.has_table(doc.con, "site_people"):
        return []
    ids = {
        int(r[0])
        for r in doc.con.execute(
            "SELECT site_id FROM site_people WHERE attendee_id = ? AND registered = 1",
            (attendee_id,),
        )
    }
    return [s.place for s in sites.others(doc.con) if s.id in ids]


def _tell_files(
    outcome: Outcome, files: Files, backups: Rewritten, dry_run: bool, without: str
) -> None:
    would = "would be " if dry_run else ""
    if backups.rewritten or not backups.failed:
        outcome.lines.append(
            f"Backups: {_plural(len(backups.rewritten), 'backup')} {would}rewritten."
        )
    for path, why in backups.failed:
        outcome.problems.append(f"Backup {path} could not be rewritten ({why}); delete it by hand.")
    if files.copies.rewritten:
        outcome.lines.append(f"Copies saved: {would}rewritten: {_paths(files.copies.rewritten)}.")
    for path, why in files.copies.failed:
        outcome.problems.append(f"Copy {path} could not be rewritten ({why}).")
    if files.copies_missing:
        outcome.problems.append(
            "Copies saved, not found (moved, or on a disk that is not plugged in): "
            f"{_paths(files.copies_missing)}."
        )
    if files.made_again:
        outcome.lines.append(f"Files {would}made again {without}: {_paths(files.made_again)}.")
    if files.removed:
        outcome.lines.append(f"Files {would}removed: {_paths(files.removed)}.")
    if not files.made_again and not files.removed:
        outcome.lines.append(
            "Files labdesk made: none named them."
            if without == "without them"
            else "Files labdesk made: none held personal data."
        )
    if files.missing:
        outcome.problems.append(
            "Files labdesk made, not found (moved, or on a disk that is not plugged in): "
            f"{_paths(files.missing)}."
        )
    for path, why in files.failed:
        outcome.problems.append(f"File {path} could not be removed ({why}).")


# -- redacting a comment afterwards ---------------------------------------------------------------


def redact_feedback(
    doc: WorkshopFile, response_id: int, worked: str, change: str, answers: dict[str, str]
) -> Outcome:
    """The organiser's redaction of one feedback comment (Feedback › Redact…), in the file, its
    WAL, its backups and saved copies, and the files made from it: the words as they are to
    read from now on, the old ones gone."""
    import sqlite3

    from labdesk.store import feedback as store_feedback

    row = doc.con.execute(
        "SELECT worked, change, answers FROM feedback WHERE id = ?", (response_id,)
    ).fetchone()
    if row is None:
        return Outcome("Nothing to redact: the comment is no longer there")
    before = (str(row[0]), str(row[1]), str(row[2]))
    store_feedback.redact(doc, response_id, worked, change, answers)
    outcome = Outcome("Comment redacted")

    def change_elsewhere(con: sqlite3.Connection) -> None:
        store_feedback.redact_in(con, response_id, worked, change, answers, was=before)

    _after_redaction(doc, outcome, change_elsewhere, {FileKind.FEEDBACK, FileKind.REPORT})
    return outcome


def redact_poll(doc: WorkshopFile, table: str, row_id: int, text: str) -> Outcome:
    """The organiser's redaction of a poll's free text (Polls › Redact…): a word or open-text
    answer (table "poll_answers") or a question a Q&A's room asked ("poll_asked"), in the file
    and the results frozen on the projector, its WAL, its backups and saved copies, and the
    files made from it, as a feedback comment is."""
    import sqlite3

    from labdesk.store import polls as store_polls

    column = store_polls.TEXT_COLUMNS[table]
    what = "answer" if table == "poll_answers" else "question"
    row = doc.con.execute(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return Outcome(f"Nothing to redact: the {what} is no longer there")
    old, new = str(row[0]), text.strip()
    if new == old:
        return Outcome(f"The {what} is as it was: nothing redacted")
    store_polls.redact(doc, table, row_id, old, new)
    outcome = Outcome(f"{what.capitalize()} redacted")

    def change_elsewhere(con: sqlite3.Connection) -> None:
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            store_polls.redact_in(con, table, row_id, old, new)

    _after_redaction(doc, outcome, change_elsewhere, {FileKind.POLLS, FileKind.REPORT})
    return outcome


def redact_merged(doc: WorkshopFile, redacted: Sequence[Redacted]) -> Outcome:
    """After a merge that brought the other site's redactions (labdesk.store.merge: a
    comment, a card or a poll's text merged before, or a text of this site's own poll,
    redacted there since), the same words gone
    from this file's WAL, its backups and saved copies, and the files made from it, as after a
    redaction made here. The file itself holds the redacted words already."""
    import sqlite3

    from labdesk.store import feedback as store_feedback
    from labdesk.store import polls as store_polls

    def change_elsewhere(con: sqlite3.Connection) -> None:
        tables = {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master")}
        for r in redacted:
            if r.table not in tables:
                continue
            if r.table == "feedback":
                worked, change, answers = r.after
                store_feedback.redact_in(
                    con, r.row_id, worked, change, json.loads(answers or "{}"), was=r.before
                )
            elif r.table == "commitments":
                con.execute(
                    "UPDATE commitments SET action = ?, who = ?, by_when = ?"
                    " WHERE id = ? AND action = ? AND who = ? AND by_when = ?",
                    (*r.after, r.row_id, *r.before),
                )
            else:
                store_polls.redact_in(con, r.table, r.row_id, r.before[0], r.after[0])

    kinds = {FileKind.REPORT}
    for r in redacted:
        kinds |= {
            "feedback": {FileKind.FEEDBACK},
            "commitments": {FileKind.COMMITMENTS, FileKind.POSTCARDS},
        }.get(r.table, {FileKind.POLLS})
    outcome = Outcome(f"{_plural(len(redacted), 'text')} redacted as at the other site")
    _after_redaction(doc, outcome, change_elsewhere, kinds)
    return outcome


def _after_redaction(
    doc: WorkshopFile, outcome: Outcome, change: Callable[[Any], None], kinds: set[FileKind]
) -> None:
    """After a redaction in the file: the files made that show such text made again (a
    preview removed), the WAL emptied, the same change in every backup and saved copy."""
    from labdesk import outputs
    from labdesk.store import backup

    files = Files()
    gone: list[Path] = []
    for made in generated.load(doc):
        kind = _made_as(made)
        if made.kind is FileKind.COPY:
            if not made.path.exists():
                files.copies_missing.append(made.path)
                continue
            _rewrite_copy(files, made.path, lambda path: backup.rewrite(path, change))
            continue
        if kind not in kinds:
            continue
        if not made.path.exists():
            (gone if made.kind is FileKind.PREVIEW else files.missing).append(made.path)
        elif made.kind is FileKind.PREVIEW:
            _remove(made.path, files, gone)
        else:
            try:
                outputs.make(doc, made.kind, made.path, **made.options)
            except Exception as exc:  # the file cannot be written now: remove it instead
                log.warning("could not make a %s file again: %s", made.kind, exc)
                _remove(made.path, files, gone)
            else:
                files.made_again.append(made.path)
    generated.forget(doc, gone)
    why = store_erasure.empty_wal(doc)
    if why:
        outcome.problems.append(f"Journal (-wal): not emptied yet: {why}.")
    else:
        outcome.lines.append("Journal (-wal): emptied.")
    backups = backup.rewrite_all(doc.path, change)
    _tell_files(outcome, files, backups, False, "with the redaction")
    if not files.made_again and not files.removed:
        outcome.lines = [
            "Files labdesk made: none showed it."
            if line.startswith("Files labdesk made:")
            else line
            for line in outcome.lines
        ]


# -- the retention date ------------------------------------------------------------------------------


def _files_after_retention(doc: WorkshopFile) -> Files:
    from labdesk import outputs

    files = Files()
    gone: list[Path] = []
    for made in generated.load(doc):
        if made.kind is FileKind.COPY:
            if not made.path.exists():
                files.copies_missing.append(made.path)
                continue
            _rewrite_copy(files, made.path, store_retention.rewrite_copy)
            continue
        if made.kind is FileKind.FEEDBACK:
            continue  # anonymous from the start
        if not made.path.exists():
            if made.kind is FileKind.PREVIEW:
                gone.append(made.path)
            else:
                files.missing.append(made.path)
            continue
        if made.kind in outputs.ANONYMOUS_AFTER_RETENTION:
            try:
                outputs.make(doc, made.kind, made.path, **made.options)
            except Exception as exc:
                log.warning("could not make a %s file again: %s", made.kind, exc)
            else:
                files.made_again.append(made.path)
                continue
        _remove(made.path, files, gone)
    generated.forget(doc, gone)
    return files


def apply_retention(
    doc: WorkshopFile, today: dt.date | None = None, *, force: bool = False
) -> Outcome | None:
    """When the retention date has come (or with force), purge the personal data everywhere;
    None when there was nothing to do."""
    today = today or dt.date.today()
    date = store_retention.retention_date(doc)
    if not force and not store_retention.due(doc, today):
        return None
    gone = store_retention.purge_in_file(doc)
    outcome = Outcome(f"Retention date {date.isoformat()}: personal data purged")
    outcome.lines.append(
        f"Workshop file: the names, emails, addresses, needs and notes of "
        f"{_plural(gone.people, 'person', 'people')}, the text of "
        f"{_plural(gone.cards, 'commitment card')} and {_plural(gone.codes, 'ticket code')}"
        " deleted; "
        + (
            f"the phones' ids in {_plural(gone.phones, 'row')} made anonymous; "
            if gone.phones
            else ""
        )
        + "the counts for the day report kept."
    )
    files = _files_after_retention(doc)
    why = store_erasure.empty_wal(doc)
    if why:
        outcome.problems.append(f"Journal (-wal): not emptied yet: {why}.")
    else:
        outcome.lines.append("Journal (-wal): emptied.")
    backups = store_retention.rewrite_backups(doc)
    _tell_files(outcome, files, backups, False, "anonymous")
    log.info(
        "retention date %s: purged %d people, %d cards; %d backups rewritten",
        date.isoformat(),
        gone.people,
        gone.cards,
        len(backups.rewritten),
    )
    return outcome
