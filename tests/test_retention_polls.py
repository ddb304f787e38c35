"""The retention purge and the room's polls: the answers' words stay, as feedback comments do
(anonymous from the start), and the phones' ids in answers, asked questions and votes (and in
feedback's and cards' keys) are made anonymous, every answer and vote still counted once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from labdesk.core.polls import AskedQuestion, PollAnswer, PollKind, Upvote, make_poll
from labdesk.store import open_workshop
from labdesk.store import polls as store_polls
from labdesk.store.submissions import Submission, commit_batch
from tests.test_retention import _past, fine, labdesk

PHONES = ["phone-aaaa", "phone-bbbb", "phone-cccc"]


def _phone_ids(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT phone FROM poll_answers UNION ALL SELECT phone FROM poll_asked"
            " UNION ALL SELECT submission_key FROM poll_asked UNION ALL SELECT phone FROM poll_votes"
            " UNION ALL SELECT submission_key FROM feedback UNION ALL"
            " SELECT coalesce(submission_key, '') || phone_address FROM commitments"
        ).fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows]


def test_retention_keeps_the_answers_and_counts_and_anonymises_the_phones(tmp_path: Path) -> None:
    path = tmp_path / "demo.labdesk"
    fine(labdesk("new", path, "--demo"))
    with open_workshop(path, lock=False) as doc:
        words = store_polls.create(doc, make_poll("One word", PollKind.WORDS), open_now=True)
        commit_batch(doc, [Submission(PollAnswer(words.id, p, "trust"), "") for p in PHONES])
        qa = store_polls.create(doc, make_poll("Questions", PollKind.QUESTIONS), open_now=True)
        [asked] = commit_batch(
            doc, [Submission(AskedQuestion(qa.id, PHONES[0], "Who runs the pilot?"), "ask:k")]
        )
        commit_batch(doc, [Submission(Upvote(int(asked), p), "") for p in PHONES])
        before = {p.id: store_polls.results(doc.con, p).to_dict() for p in (words, qa)}
        doc.close(take_backup=False)
    assert any(p in key for key in _phone_ids(path) for p in PHONES)
    _past(path)
    said = fine(labdesk("retention", path, "--apply"))
    assert "made anonymous" in said
    ids = _phone_ids(path)
    assert not any(p in key for key in ids for p in PHONES)
    assert not any(key.startswith(("fb:", "card:")) for key in ids)  # the demo's phones too
    with open_workshop(path, lock=False, readonly=True) as doc:
        after = {p.id: store_polls.results(doc.con, p).to_dict() for p in store_polls.load_all(doc)}
        doc.close(take_backup=False)
    assert after == before  # the words, the cloud, the question and its 3 votes stay
    assert "nothing to purge" in fine(labdesk("retention", path, "--apply"))
