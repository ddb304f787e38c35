"""Merging another site's workshop file, end to end, as `labdesk merge` and File › Merge
Another Site… both do it: a backup of FILE first, the merge in one transaction
(labdesk.store.merge), then, for anyone it erased because the other site had erased them,
their journal, backups, copies and the files made (labdesk.personal_data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from labdesk import personal_data
from labdesk.core.words import count
from labdesk.store import backup, merge
from labdesk.store.document import WorkshopFile


@dataclass
class Merged:
    """What a merge did, as told to the organiser."""

    done: merge.Outcome
    backup: Path | None
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run(doc: WorkshopFile, plan: merge.MergePlan) -> Merged:
    """Write plan into doc (refused while a doubtful pair is undecided)."""
    if plan.empty:
        return Merged(merge.Outcome(), None, ["Nothing new to merge: all of it is here already."])
    taken = backup.rolling_backup(doc.con, doc.path)
    done = merge.apply(doc, plan)
    result = Merged(done, taken)
    result.lines.append(
        f"Merged {plan.source.site.place}: {done.people_added} people added,"
        f" {done.people_matched} matched, {done.check_ins} check-ins,"
        f" {done.feedback} feedback responses, {done.cards} commitment cards"
        + (
            f", {count(done.feedback_updated, 'feedback response')} updated"
            if done.feedback_updated
            else ""
        )
        + (f", {done.cards_updated} cards updated" if done.cards_updated else "")
        + (
            f", {done.polls} polls with {done.poll_answers} answers and questions asked"
            if done.polls or done.poll_answers
            else ""
        )
        + "."
    )
    for attendee_id in done.erased_here:
        # Erased in the file already, by the merge: now its journal, backups and files too.
        outcome = personal_data.erase(doc, attendee_id)
        result.lines.append(
            f"Erased attendee {attendee_id} here too: {plan.source.site.place} had erased them"
            " on request."
        )
        result.problems += outcome.problems
    redacted = plan.redactions()
    if redacted:
        # Redacted in the file by the merge: now in its journal, backups and files too (the
        # backup just taken among them).
        outcome = personal_data.redact_merged(doc, redacted)
        result.lines.append(
            f"Redacted here too, as at {plan.source.site.place}: {count(len(redacted), 'text')}"
            " in the file, its journal, its backups and the files made from it."
        )
        result.problems += outcome.problems
    result.lines.append(f"A backup was taken before the merge: {taken}")
    return result
