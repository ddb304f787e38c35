"""A redaction takes a word out of a word cloud; it never puts "[removed]" in as a word of its
own, in the live cloud, in results held on the projector (changed redaction by redaction), in
the room views' copy of them, or in the day report's counts."""

from __future__ import annotations

import json

from labdesk import personal_data
from labdesk.core import polls
from labdesk.core.mentions import REMOVED
from labdesk.core.polls import PollAnswer, PollKind
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch

ANSWERS = {
    "p1": "Aisha",
    "p2": "Chidi Okafor",
    "p3": "Hope",
    "p4": "hope!",
    "p5": "Thanks Aisha",
    "p6": "Trust",
}
REDACTED = {"p1": REMOVED, "p2": REMOVED, "p5": f"Thanks {REMOVED}"}


def _cloud(results: polls.PollResults) -> list[tuple[str, int]]:
    return [(w.text, w.count) for w in results.words]


def _no_removed(results: polls.PollResults) -> None:
    for word in results.words:
        assert REMOVED not in word.text and polls.normalise_word(word.text) != "removed", word


def test_the_live_cloud_leaves_redacted_words_out() -> None:
    cloud = polls.word_cloud([REMOVED, REMOVED, "Hope", f"Thanks {REMOVED}", f"{REMOVED}!"])
    assert [(w.text, w.count, w.weight) for w in cloud] == [("Hope", 1, 1.0), ("Thanks", 1, 1.0)]


def test_redacting_held_results_takes_the_words_out_not_in(workshop_file) -> None:
    doc = workshop_file
    poll = store_polls.create(doc, polls.make_poll("One word", PollKind.WORDS), open_now=True)
    commit_batch(doc, [Submission(PollAnswer(poll.id, p, v), "") for p, v in ANSWERS.items()])
    store_polls.show(doc, poll.id)
    store_polls.freeze(doc, poll.id, True)
    before = store_polls.shown_results(doc.con)
    assert _cloud(before)[0] == ("Hope", 2) and ("Aisha", 1) in _cloud(before)

    ids = {str(r[0]): int(r[1]) for r in doc.con.execute("SELECT phone, id FROM poll_answers")}
    for phone, text in REDACTED.items():
        done = personal_data.redact_poll(doc, "poll_answers", ids[phone], text)
        assert done.ok, done.problems
    held = store_polls.shown_results(doc.con)
    assert held.frozen and held.answers == 6  # six phones answered; three words redacted
    _no_removed(held)
    assert _cloud(held) == [("Hope", 2), ("Thanks", 1), ("Trust", 1)]
    assert [w.weight for w in held.words] == [1.0, 0.5, 0.5]
    frozen = doc.con.execute("SELECT frozen FROM polls WHERE id = ?", (poll.id,)).fetchone()[0]
    assert "Aisha" not in frozen and "Chidi" not in frozen and REMOVED not in frozen

    store_polls.freeze(doc, poll.id, False)  # and live, from the answers as they are now
    live = store_polls.shown_results(doc.con)
    _no_removed(live)
    assert _cloud(live) == _cloud(held)


def test_results_held_by_an_earlier_labdesk_show_no_removed_word(workshop_file) -> None:
    """Held before this fix: two redacted words each became a "[removed]" of their own."""
    doc = workshop_file
    poll = store_polls.create(doc, polls.make_poll("One word", PollKind.WORDS), open_now=True)
    store_polls.show(doc, poll.id)
    old = {
        "poll_id": poll.id,
        "question": "One word",
        "kind": "words",
        "answers": 4,
        "frozen": True,
        "words": [
            {"text": REMOVED, "count": 2, "weight": 1.0},
            {"text": "Hope", "count": 1, "weight": 0.5},
            {"text": REMOVED, "count": 1, "weight": 0.5},
            {"text": f"hope {REMOVED}", "count": 1, "weight": 0.5},
        ],
    }
    with doc.transaction() as con:
        con.execute("UPDATE polls SET frozen = ? WHERE id = ?", (json.dumps(old), poll.id))
    held = store_polls.shown_results(doc.con)
    _no_removed(held)
    assert _cloud(held) == [("Hope", 2)] and held.words[0].weight == 1.0
