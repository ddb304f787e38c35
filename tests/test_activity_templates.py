"""The activity library as data: every shipped template loads and says how it runs (timings that
match its source, a grouping rule and purposes from the vocabulary, prompts for the room), and the
template format reads old and bad files the way a facilitator would want."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labdesk.core import activities
from labdesk.core.activities import Activity, Grouping, People, Purpose, Role, TemplateError
from labdesk.core.model import AgendaItem, ItemKind, Phase
from labdesk.paths import resource
from labdesk.store.changes import Topic

FOLDER = resource("activities")
LIBRARY = {a.key: a for a in activities.load_library(FOLDER)}
RAW = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in FOLDER.glob("*.json")}

# The Liberating Structures menu (liberatingstructures.com/ls-menu, version 2.2): 33 structures.
# The menu writes "and" where some pages write "&"; "&" would underline a letter in a Qt menu.
LS_MENU = [
    "1-2-4-All",
    "Impromptu Networking",
    "Nine Whys",
    "Wicked Questions",
    "Appreciative Interviews",
    "TRIZ",
    "15% Solutions",
    "Troika Consulting",
    "What, So What, Now What?",
    "Discovery and Action Dialogue",
    "Shift and Share",
    "25/10 Crowd Sourcing",
    "Wise Crowds",
    "Min Specs",
    "Improv Prototyping",
    "Helping Heuristics",
    "Conversation Café",
    "User Experience Fishbowl",
    "Heard, Seen, Respected",
    "Drawing Together",
    "Design StoryBoards",
    "Celebrity Interview",
    "Social Network Webbing",
    "What I Need From You",
    "Open Space Technology",
    "Generative Relationships STAR",
    "Agreement-Certainty Matrix",
    "Simple Ethnography",
    "Integrated~Autonomy",
    "Critical Uncertainties",
    "Ecocycle Planning",
    "Panarchy",
    "Purpose-To-Practice",
]
LS = [a for a in LIBRARY.values() if "liberatingstructures.com/" in a.source]
SESSIONS = [a for a in LIBRARY.values() if a.kind is ItemKind.SESSION]


def test_the_whole_liberating_structures_menu_is_in_the_library() -> None:
    titles = {a.title for a in LS}
    assert len(LS_MENU) == 33
    assert sorted(titles) == sorted(LS_MENU)
    assert not any("&" in a.title for a in LIBRARY.values())  # shown as typed in "Add item"
    # The seed's own activities and the day's furniture are still there.
    for key in ("break", "lunch", "presentations", "commitment-cards", "influencing-trios"):
        assert key in LIBRARY


def test_each_structure_cites_its_own_page() -> None:
    pages = set()
    for a in LS:
        url = next(w for w in a.source.split() if "liberatingstructures.com/" in w)
        assert url.startswith("https://www.liberatingstructures.com/"), a.key
        pages.add(url)
    assert len(pages) == 33


@pytest.mark.parametrize("key", sorted(RAW))
def test_every_file_states_its_rule_and_round_trips(key: str) -> None:
    raw = RAW[key]
    assert raw["key"] == key
    assert raw["grouping"] in {g.value for g in Grouping}
    assert all(p in {v.value for v in Purpose} for p in raw["purposes"])
    activity = LIBRARY[key]
    again = activities.parse(json.loads(json.dumps(activity.to_dict())), strict=True)
    assert again == activity


@pytest.mark.parametrize("activity", LS, ids=lambda a: a.key)
def test_timed_steps_add_up_to_the_published_length(activity: Activity) -> None:
    assert activity.published_minutes is not None
    low, high = activity.published_minutes
    minutes = activities.to_item(activity).duration_min
    assert 0.85 * low <= minutes <= 1.15 * high, (minutes, activity.published_minutes)


@pytest.mark.parametrize("activity", SESSIONS, ids=lambda a: a.key)
def test_a_session_tells_the_facilitator_and_the_room_what_to_do(activity: Activity) -> None:
    assert activity.phases and all(p.duration_s > 0 for p in activity.phases)
    assert activities.prompt_problems(activity) == []
    assert 1 <= len(activity.purposes) <= 4
    assert activity.invitation.strip() and activity.summary.strip()
    assert activity.materials
    # The published group size is the size people actually work in.
    sizes = {p.group_size for p in activity.phases} - {0}
    assert activity.group_size in sizes | {0}


def test_the_rules_the_seed_day_needs() -> None:
    troika = LIBRARY["troika-consulting"]
    assert troika.grouping is Grouping.SAME_GROUP_ROLES_ROTATE
    assert troika.rotating_role == Role("client", True)
    assert LIBRARY["influencing-trios"].rotating_role == Role("presenter", True)
    assert LIBRARY["impromptu-networking"].grouping is Grouping.NEW_PARTNERS_EACH_ROUND
    assert LIBRARY["1-2-4-all"].grouping is Grouping.PAIRS_THEN_FOURS
    assert [p.group_size for p in LIBRARY["1-2-4-all"].phases] == [0, 2, 4, 0]
    assert LIBRARY["open-space-technology"].grouping is Grouping.SELF_SELECTED
    assert LIBRARY["conversation-cafe"].grouping is Grouping.SELF_SELECTED
    # Every rule in the vocabulary is used by at least one structure.
    assert {a.grouping for a in LIBRARY.values()} == set(Grouping)


def test_the_projector_names_who_holds_the_role_each_round() -> None:
    troika = LIBRARY["troika-consulting"]
    assert troika.seat_roles(3, 1) == ["client", "consultant", "consultant"]
    assert troika.seat_roles(3, 2) == ["consultant", "client", "consultant"]  # B is the client
    assert troika.seat_roles(3, 3) == ["consultant", "consultant", "client"]
    # A room that does not divide by three makes a four: the extra member consults.
    assert troika.seat_roles(4, 4) == ["consultant", "consultant", "consultant", "client"]
    hh = LIBRARY["helping-heuristics"]  # fixed roles: nobody's role changes between steps
    assert hh.seat_roles(3, 2) == ["client", "coach", "observer"]
    assert hh.seat_roles(4, 1) == ["client", "coach", "observer", "observer"]
    rotating = Activity(
        "x", "X", grouping=Grouping.SAME_GROUP_ROLES_ROTATE,
        roles=[Role("client", True), Role("coach"), Role("observer")],
    )  # fmt: skip
    assert rotating.seat_roles(3, 2) == ["observer", "client", "coach"]
    assert rotating.seat_roles(2, 1) == ["client", "coach"]
    assert Grouping.SAME_GROUP_ROLES_ROTATE.explain("client") == (
        "Stay in your group. The client role passes to the next person each round."
    )


def test_people_and_the_room_it_suits() -> None:
    assert LIBRARY["25-10-crowd-sourcing"].people.suits(60)
    assert not LIBRARY["25-10-crowd-sourcing"].people.suits(8)
    assert not LIBRARY["design-storyboards"].people.suits(40)
    assert People(2, 12).suits(12) and not People(2, 12).suits(13)


# -- templates saved before these fields existed ------------------------------------------------

OLD_OWN = {  # what labdesk wrote to the workshop file before this change
    "key": "own-our-troika",
    "title": "Our Troika",
    "kind": "session",
    "summary": "Adapted from Troika Consulting",
    "source": "",
    "notes": "",
    "group_size": 3,
    "duration_min": 0,
    "phases": [
        {"name": "Client shares", "duration_s": 120, "prompt": "Share", "rounds": 3,
         "group_size": 3, "auto_advance": True, "notes": ""},
        {"name": "Debrief", "duration_s": 300, "prompt": "What did you learn?", "rounds": 1,
         "group_size": 0, "auto_advance": False, "notes": ""},
    ],
}  # fmt: skip


def test_an_old_saved_template_loads_with_groups_kept_together() -> None:
    mine = activities.parse(OLD_OWN, own=True)
    assert mine.grouping is Grouping.SAME_GROUP  # never regroup the room mid-activity
    assert mine.roles == [] and mine.purposes == [] and mine.people == People()
    assert mine.phases[0].warn_s is None and mine.own
    assert activities.to_item(mine).duration_min == 11
    no_groups = activities.parse({**OLD_OWN, "phases": OLD_OWN["phases"][1:]})
    assert no_groups.grouping is Grouping.WHOLE_ROOM


def test_an_adapted_item_keeps_the_structure_it_came_from() -> None:
    troika = LIBRARY["troika-consulting"]
    item = activities.to_item(troika)
    item.phases[4].duration_s = 240  # the facilitator shortened the consultation
    mine = activities.from_item(item, "own-short-troika", "Short Troika", base=troika)
    assert mine.grouping is Grouping.SAME_GROUP_ROLES_ROTATE and mine.roles == troika.roles
    assert mine.based_on == "troika-consulting" and mine.purposes == troika.purposes
    assert activities.parse(mine.to_dict(), own=True) == mine
    # Edited until the rule no longer fits (no groups left): it falls back, and still loads.
    item.phases = [Phase("Talk", 600, "Talk", group_size=0)]
    flat = activities.from_item(item, "own-flat", "Flat", base=troika)
    assert flat.grouping is Grouping.WHOLE_ROOM and flat.roles == []
    assert activities.parse(flat.to_dict(), own=True) == flat


def test_phase_warnings_travel_from_template_to_item() -> None:
    data = {**OLD_OWN, "phases": [{**OLD_OWN["phases"][1], "warn_s": 60}]}
    item = activities.to_item(activities.parse(data))
    assert item.phases[0].warn_s == 60
    assert isinstance(item, AgendaItem) and item.phases[0].id is None


# -- a bad field is named --------------------------------------------------------------------


def _library_with(tmp_path: Path, data: dict) -> Path:
    folder = tmp_path / "activities"
    folder.mkdir()
    (folder / f"{data['key']}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grouping": "pairs"}, "grouping is 'pairs'; it must be one of: whole_room"),
        ({"purposes": ["world peace"]}, "purposes[0] is 'world peace'; it must be one of"),
        ({"phases": [{"name": "A", "duration_s": "five"}]}, "phases[0].duration_s must be a whole"),
        ({"phases": [{"name": "A", "duration_s": 60, "group_size": 40}]}, "phases[0].group_size"),
        ({"phases": [{"name": "A", "duration_s": 60, "warn_s": 90}]}, "phases[0].warn_s must be"),
        ({"roles": [{"name": "client", "rotates": "yes"}]}, "roles[0].rotates must be true"),
        ({"people": {"min": 5, "max": 2}}, "people.max must be from 5"),
        ({"published_minutes": [40, 30]}, "published_minutes must be two whole numbers"),
        ({"title": ""}, "title is empty"),
        ({"grupping": "same_group"}, "grupping is not a template field"),
        ({"phases": [{"name": "A", "duration_s": 60, "prompt": 3}]}, "phases[0].prompt must be"),
    ],
)
def test_a_bad_field_names_the_file_and_the_field(tmp_path, change, message) -> None:
    data = {**RAW["troika-consulting"], **change}
    with pytest.raises(TemplateError) as caught:
        activities.load_library(_library_with(tmp_path, data))
    assert str(caught.value).startswith("troika-consulting.json: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grouping": "same_group_roles_rotate", "roles": []}, "mark the one that rotates"),
        ({"grouping": "whole_room", "roles": []}, "every phase's group_size must be 0"),
        ({"grouping": "self_selected"}, "roles need groups that labdesk forms"),
        ({"grouping": "same_group"}, "may rotate only with the same_group_roles_rotate rule"),
        ({"grouping": "pairs_then_fours", "roles": []}, "a phase of 2 must come before one of 4"),
    ],
)
def test_a_rule_that_does_not_fit_the_phases_is_refused(change, message) -> None:
    with pytest.raises(TemplateError, match=message):
        activities.parse({**RAW["troika-consulting"], **change}, where="mine.json")


def test_unreadable_files_are_named(tmp_path) -> None:
    folder = tmp_path / "activities"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^broken\.json is not valid JSON"):
        activities.load_library(folder)
    (folder / "broken.json").write_text(json.dumps({**RAW["break"], "key": "pause"}))
    with pytest.raises(TemplateError, match="key 'pause' must match the file name"):
        activities.load_library(folder)
    (folder / "broken.json").write_text(json.dumps([1, 2]))
    with pytest.raises(TemplateError, match=r"broken\.json: the template must be an object"):
        activities.load_library(folder)


def test_templates_saved_in_a_workshop_file_by_an_older_labdesk_still_load(workshop_file) -> None:
    from labdesk.store import agenda as store_agenda

    with workshop_file.transaction(Topic.TEMPLATES) as con:
        con.execute(
            "INSERT INTO activity_templates (key, data) VALUES (?, ?)",
            ("own-our-troika", json.dumps(OLD_OWN)),
        )
    mine = store_agenda.load_templates(workshop_file)
    assert [t.title for t in mine] == ["Our Troika"] and mine[0].own
    assert mine[0].grouping is Grouping.SAME_GROUP
    # Saved again by this labdesk, it keeps everything it had.
    store_agenda.save_template(workshop_file, mine[0])
    assert store_agenda.load_templates(workshop_file) == mine
