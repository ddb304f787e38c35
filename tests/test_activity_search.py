"""Search by purpose in "add activity": what a facilitator types finds the structures for it."""

from __future__ import annotations

from labdesk.core import activities
from labdesk.core.activities import Activity, Purpose
from labdesk.core.activity_search import ActivityIndex, search
from labdesk.paths import resource

LIBRARY = activities.load_library(resource("activities"))


def keys(query: str) -> list[str]:
    return [a.key for a in search(LIBRARY, query)]


def test_a_purpose_finds_the_structures_that_serve_it() -> None:
    found = search(LIBRARY, "help each other")
    assert {"troika-consulting", "wise-crowds", "helping-heuristics"} <= {a.key for a in found}
    assert all(Purpose.HELP_EACH_OTHER in a.purposes for a in found)
    stop = [Purpose.FIND_WHAT_TO_STOP in a.purposes for a in search(LIBRARY, "what to stop")]
    assert stop[:3] == [True, True, True] and stop == sorted(stop, reverse=True)
    assert keys("spread ideas")[0] == "shift-and-share"
    assert keys("map who is involved")[0] == "social-network-webbing"


def test_the_words_facilitators_use_find_the_purpose() -> None:
    assert keys("icebreaker") == ["impromptu-networking"]
    assert keys("retro")[0] == "what-so-what-now-what"  # its main purpose is to reflect
    assert "25-10-crowd-sourcing" in keys("prioritise")
    assert set(keys("stakeholders")) == {"social-network-webbing", "what-i-need-from-you"}


def test_titles_case_accents_and_a_slip_of_a_letter() -> None:
    assert keys("cafe") == keys("CAFÉ") == keys("Café") == ["conversation-cafe"]
    assert keys("troyka") == ["troika-consulting"]
    assert keys("1-2-4")[0] == "1-2-4-all"
    assert keys("15%") == ["15-percent-solutions"]
    assert keys("what so what")[0] == "what-so-what-now-what"


def test_an_index_built_once_answers_every_keystroke_the_same() -> None:
    index = ActivityIndex(LIBRARY)
    for typed in ("t", "tr", "tro", "troi", "troik", "troika"):
        assert index.search(typed) == search(LIBRARY, typed)
    assert index.search("troik")[0].key == "troika-consulting"


def test_nothing_found_and_nothing_typed() -> None:
    assert keys("zzzz") == []
    everything = search(LIBRARY, "  ")
    assert len(everything) == len(LIBRARY)
    assert [a.title for a in everything] == sorted((a.title for a in LIBRARY), key=str.casefold)


def _t(key: str, title: str, summary: str = "", *purposes: Purpose) -> Activity:
    return Activity(key, title, summary=summary, purposes=list(purposes))


def test_a_title_outranks_a_purpose_which_outranks_a_summary() -> None:
    named = _t("a", "Listening circle")
    purposeful = _t("b", "Pairs", "", Purpose.BUILD_TRUST)  # "listening" is a trust word
    mentioned = _t("c", "Walk", "Time for listening as we walk")
    unrelated = _t("d", "Lunch")
    found = search([unrelated, mentioned, purposeful, named], "listening")
    assert [a.key for a in found] == ["a", "b", "c"]


def test_every_word_must_match_before_some_words_do() -> None:
    both = _t("a", "Trust walk", "", Purpose.BUILD_TRUST, Purpose.DECIDE)
    one = _t("b", "Decision poker", "", Purpose.DECIDE)
    assert [a.key for a in search([one, both], "trust decide")] == ["a"]
    assert [a.key for a in search([one, both], "decide zebra")] == ["b", "a"]  # none has both


def test_a_slip_is_forgiven_only_when_nothing_matches_as_typed() -> None:
    care = _t("a", "Care circle")
    cafe = _t("b", "Cafe")
    assert [a.key for a in search([care, cafe], "cafe")] == ["b"]
    assert [a.key for a in search([care], "cafe")] == ["a"]
