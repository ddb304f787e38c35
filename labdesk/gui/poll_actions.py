"""What the Polls panel (labdesk.gui.polls_panel) and the presenter console's Poll tab
(labdesk.gui.poll_tab) both do to a question: open or close it for phones, show or hide its
results on the projector and the room views, hold them, and say what it is in a few words.
Each write is one short transaction in labdesk.store.polls; the results then follow through
Services.polls (labdesk.gui.poll_results.LivePoll). Loaded with the first of the two, not at
start-up."""

from __future__ import annotations

from typing import Any

from labdesk.core.polls import Poll, PollKind
from labdesk.core.words import count
from labdesk.store import WorkshopFileError
from labdesk.store import polls as store_polls
from labdesk.store import sites as store_sites

MERGED_NOTE = "Asked at {place}: its answers came with its file; phones here cannot answer it."


def kind_text(poll: Poll) -> str:
    """ "Multiple choice", "Scale 0–10", "Word cloud"…"""
    if poll.kind is PollKind.SCALE:
        return f"{poll.kind.label} {poll.scale[0]}–{poll.scale[1]}"
    return poll.kind.label


def figure(con: Any, poll: Poll) -> str:
    """ "12 answers", or a Q&A's "3 questions asked": one count of an index, cheap at any
    size."""
    assert poll.id is not None
    if poll.kind is PollKind.QUESTIONS:
        return f"{count(store_polls.asked_count(con, poll.id), 'question')} asked"
    return count(store_polls.answer_count(con, poll.id), "answer")


def merged_note(doc: Any, poll: Poll) -> str:
    """Why a question merged from another site cannot be opened here ("" for one asked here)."""
    if poll.site_id is None:
        return ""
    place = store_sites.places(store_sites.every(doc)).get(poll.site_id, "another site")
    return MERGED_NOTE.format(place=place)


def toggle_open(services: Any, poll: Poll) -> str:
    """Close an open question, or open it for phones (closing any other open one). Returns why
    it could not be done ("" when done): a question merged from another site stays closed."""
    if poll.id is None:
        return ""
    try:
        if poll.is_open:
            store_polls.close(services.doc, poll.id)
        else:
            store_polls.open_for_phones(services.doc, poll.id)
    except WorkshopFileError as exc:
        return str(exc)
    return ""


def show(services: Any, poll_id: int | None) -> None:
    """Put this question's results on the projector and the room views, even if a key had
    taken them off (None: no results shown anywhere)."""
    store_polls.show(services.doc, poll_id)
    services.polls.refresh(put_up=True)


def results_up(services: Any, poll: Poll) -> bool:
    """Its results are shown and, on the projector, no key has taken them away (drawing them
    counts as up: they go up as the drawing comes)."""
    if not poll.shown:
        return False
    live = services.polls_if_made
    return live is None or live.drawing or live.on_projector


def toggle_held(services: Any, poll: Poll) -> None:
    """Hold its results as they are (answers still arrive and are kept), or let them move."""
    if poll.id is not None:
        store_polls.freeze(services.doc, poll.id, not poll.frozen)
        services.polls.refresh()
