"""The activity library: one template per structure (timed phases, rounds, group sizes, the grouping
rule and its roles, prompts, invitation, purposes, materials, who it suits), read from
resources/activities/*.json, and a workshop's own templates saved from an item. The format is
described in docs/activity-templates.md; search is activity_search, shared files activity_files.

A template is plain JSON; `parse` checks every field and names the one that is wrong, `to_dict`
writes it back. Templates saved before these fields existed still load: what is missing gets a
default that keeps the room as it was (groups kept, no roles).
"""

from __future__ import annotations

import json
import math
import re
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from labdesk.core.grouping_rule import Grouping as Grouping  # where it is defined
from labdesk.core.model import AgendaItem, ItemKind, Phase, fold

E = TypeVar("E", bound=StrEnum)


class TemplateError(ValueError):
    """A template is not usable; the message names the file (or template) and the field."""


class Purpose(StrEnum):
    """What an activity is for: a small, fixed vocabulary a facilitator searches by."""

    CONNECT = "connect"
    BUILD_TRUST = "build_trust"
    SHARE_KNOWLEDGE = "share_knowledge"
    GENERATE_IDEAS = "generate_ideas"
    DECIDE = "decide"
    HELP_EACH_OTHER = "help_each_other"
    REFLECT = "reflect"
    PLAN_NEXT_STEPS = "plan_next_steps"
    SPREAD_IDEAS = "spread_ideas"
    FIND_WHAT_TO_STOP = "find_what_to_stop"
    MAP_WHO_IS_INVOLVED = "map_who_is_involved"
    CLARIFY_PURPOSE = "clarify_purpose"
    UNDERSTAND_CHALLENGE = "understand_challenge"
    SHAPE_STRATEGY = "shape_strategy"
    FIND_WHAT_WORKS = "find_what_works"

    @property
    def label(self) -> str:
        return _PURPOSE_WORDS[self][0]

    @property
    def words(self) -> str:
        """Other words people use when they look for this purpose (for search)."""
        return _PURPOSE_WORDS[self][1]


_PURPOSE_WORDS = {
    Purpose.CONNECT: (
        "connect people",
        "icebreaker warm up networking introductions meet get to know opener welcome energiser"
        " energizer start",
    ),
    Purpose.BUILD_TRUST: (
        "build trust",
        "listening listen empathy relationships respect safety psychological conflict heal care",
    ),
    Purpose.SHARE_KNOWLEDGE: (
        "share what we know",
        "experience learn learning knowledge stories expertise exchange insight expert",
    ),
    Purpose.GENERATE_IDEAS: (
        "generate ideas",
        "brainstorm brainstorming ideation options creativity innovation bold possibilities"
        " invent prototype",
    ),
    Purpose.DECIDE: (
        "decide together",
        "decision prioritise prioritize priorities choose vote rank agree agreement consensus"
        " select converge commit",
    ),
    Purpose.HELP_EACH_OTHER: (
        "help each other",
        "advice coaching coach peer consult consulting support feedback mentoring",
    ),
    Purpose.REFLECT: (
        "reflect on what happened",
        "debrief retrospective retro review lessons look back sense making evaluation",
    ),
    Purpose.PLAN_NEXT_STEPS: (
        "plan next steps",
        "action actions commitment commitments follow up implement design plan planning roadmap",
    ),
    Purpose.SPREAD_IDEAS: (
        "spread ideas",
        "scale diffuse showcase adoption stations presentations innovations spread share",
    ),
    Purpose.FIND_WHAT_TO_STOP: (
        "find what to stop",
        "stop let go creative destruction simplify rules declutter habits remove barriers",
    ),
    Purpose.MAP_WHO_IS_INVOLVED: (
        "map who is involved",
        "stakeholders network networks connections roles who partners allies dependencies",
    ),
    Purpose.CLARIFY_PURPOSE: (
        "clarify our purpose",
        "why mission vision goal goals meaning direction aim",
    ),
    Purpose.UNDERSTAND_CHALLENGE: (
        "understand the challenge",
        "analyse analyze analysis diagnose complexity paradox tension assumptions root cause"
        " problem explore",
    ),
    Purpose.SHAPE_STRATEGY: (
        "shape strategy",
        "future scenarios uncertainty portfolio resilience long term system levels",
    ),
    Purpose.FIND_WHAT_WORKS: (
        "find what already works",
        "success strengths positive deviance bright spots appreciative good practice observe"
        " local solutions",
    ),
}


@dataclass(frozen=True)
class Role:
    """A seat in a group ("client", "consultant"). The role that `rotates` passes to the next
    member each round; the other roles are dealt to the rest of the group in the order listed."""

    name: str
    rotates: bool = False


@dataclass(frozen=True)
class People:
    """How many people the activity suits: a range (max None: no upper limit) and a note."""

    min: int = 1
    max: int | None = None
    note: str = ""

    def suits(self, count: int) -> bool:
        return count >= self.min and (self.max is None or count <= self.max)


@dataclass
class Activity:
    key: str
    title: str
    kind: ItemKind = ItemKind.SESSION
    summary: str = ""
    source: str = ""
    notes: str = ""
    group_size: int = 0  # the usual working group (2: pairs, 3: trios); 0: the whole room
    duration_min: int = 0  # for items without phases (break, lunch)
    phases: list[Phase] = field(default_factory=list)
    per_team: list[dict[str, Any]] = field(default_factory=list)
    parameters: dict[str, int] = field(default_factory=dict)
    own: bool = False  # saved by the facilitator in this workshop (not written to JSON)
    grouping: Grouping = Grouping.WHOLE_ROOM
    roles: list[Role] = field(default_factory=list)
    purposes: list[Purpose] = field(default_factory=list)
    invitation: str = ""  # what the facilitator says to open it
    materials: list[str] = field(default_factory=list)
    people: People = field(default_factory=People)
    published_minutes: tuple[int, int] | None = None  # the length its source gives (low, high)
    based_on: str = ""  # for own templates: the library key it was adapted from

    @property
    def total_s(self) -> int:
        return sum(p.duration_s * max(1, p.rounds) for p in self.phases)

    @property
    def rotating_role(self) -> Role | None:
        return next((r for r in self.roles if r.rotates), None)

    def seat_roles(self, members: int, round_no: int = 1) -> list[str]:
        """The role of each member of a group (in the group's order) in round `round_no`
        (see `seat_roles`)."""
        return seat_roles(self.roles, members, round_no)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "kind": self.kind.value,
            "summary": self.summary,
            "source": self.source,
            "purposes": [p.value for p in self.purposes],
            "grouping": self.grouping.value,
            "roles": [{"name": r.name, "rotates": r.rotates} for r in self.roles],
            "people": {"min": self.people.min, "max": self.people.max, "note": self.people.note},
            "published_minutes": list(self.published_minutes) if self.published_minutes else None,
            "invitation": self.invitation,
            "materials": list(self.materials),
            "notes": self.notes,
            "group_size": self.group_size,
            "duration_min": self.duration_min,
            "phases": [_phase_dict(p) for p in self.phases],
        }
        if self.based_on:
            data["based_on"] = self.based_on
        if self.per_team:
            data["per_team"] = self.per_team
            data["parameters"] = self.parameters
        return data


def seat_roles(roles: Sequence[Role], members: int, round_no: int = 1) -> list[str]:
    """The role of each member of a group (in the group's order) in round `round_no`.

    The rotating role is held by member (round - 1) mod size, so in Troika's round 2 the
    second member is the client; the other roles follow it round the group in the order
    listed, the last repeated for extra members (a trio's fourth member is a consultant)."""
    if members <= 0 or not roles:
        return [""] * max(0, members)
    rotating = next((r for r in roles if r.rotates), None)
    others = [r.name for r in roles if r is not rotating]
    seats = members - (1 if rotating else 0)
    dealt = (others + [others[-1]] * seats)[:seats] if others else [""] * seats
    if rotating is None:
        return dealt
    start = (max(1, round_no) - 1) % members
    out = [""] * members
    out[start] = rotating.name
    for offset, name in enumerate(dealt, start=1):
        out[(start + offset) % members] = name
    return out


def _phase_dict(p: Phase) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": p.name,
        "duration_s": p.duration_s,
        "prompt": p.prompt,
        "rounds": p.rounds,
        "group_size": p.group_size,
        "auto_advance": p.auto_advance,
        "notes": p.notes,
    }
    if p.warn_s is not None:
        data["warn_s"] = p.warn_s
    return data


# -- reading a template -----------------------------------------------------------------------

# Generous limits: a facilitator's own wording must fit; a file of nonsense must not.
MAX_PHASES = 60
MAX_PHASE_S = 8 * 3600
MAX_ROUNDS = 50  # as the agenda editor allows
MAX_GROUP = 12
# Patterns, compiled (and cached by re) when first used, not as the app starts.
_KEY = r"[a-z0-9][a-z0-9-]{0,79}"  # library keys
_ANY_KEY = r"[^\s/\\\x00-\x1f\x7f]{1,80}"  # facilitators' keys from older versions
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f]"
# The fields a template may have: exactly what to_dict writes (with every optional part).
_PHASE_FIELDS = set(_phase_dict(Phase("", 0, warn_s=0)))
_TOP_FIELDS = set(Activity("k", "t", based_on="k", per_team=[{}]).to_dict())


class _Fields:
    """Typed reads from one JSON object; every problem names where it is and which field."""

    def __init__(self, data: Any, where: str, path: str, known: set[str], strict: bool) -> None:
        self.where = where
        self.path = path
        if not isinstance(data, Mapping):
            self.fail("", f"must be an object ({{…}}), not {_kind_of(data)}")
        self.data = data
        if strict:
            unknown = sorted(str(k) for k in data if k not in known)
            if unknown:
                self.fail(unknown[0], "is not a template field (a typo?)")

    def fail(self, name: str, problem: str) -> NoReturn:
        where = f"{self.where}: " if self.where else ""
        field_name = f"{self.path}.{name}" if self.path and name else (self.path or name)
        raise TemplateError(f"{where}{field_name or 'the template'} {problem}")

    def has(self, name: str) -> bool:
        return name in self.data and self.data[name] is not None

    def text(self, name: str, *, default: str = "", limit: int = 2000, lines: bool = True) -> str:
        if not self.has(name):
            return default
        value = self.data[name]
        if not isinstance(value, str):
            self.fail(name, f"must be text, not {_kind_of(value)}")
        if len(value) > limit:
            self.fail(name, f"is {len(value)} characters long; at most {limit}")
        if re.search(_CONTROL, value) or (not lines and "\n" in value):
            self.fail(name, "has control characters" + ("" if lines else " or line breaks"))
        return value

    def whole(self, name: str, *, default: int, low: int, high: int) -> int:
        if not self.has(name):
            return default
        value = self.data[name]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"must be a whole number, not {_kind_of(value)}")
        if not low <= value <= high:
            self.fail(name, f"must be from {low} to {high} (it is {value})")
        return value

    def flag(self, name: str, *, default: bool = False) -> bool:
        if not self.has(name):
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            self.fail(name, f"must be true or false, not {_kind_of(value)}")
        return value

    def items(self, name: str, *, limit: int) -> list[Any]:
        if not self.has(name):
            return []
        value = self.data[name]
        if not isinstance(value, list):
            self.fail(name, f"must be a list ([…]), not {_kind_of(value)}")
        if len(value) > limit:
            self.fail(name, f"has {len(value)} entries; at most {limit}")
        return value

    def choice(self, name: str, enum: type[E], value: Any, default: E | None = None) -> E:
        if value is None:
            if default is None:
                self.fail(name, "is missing")
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            self.fail(name, f"is {value!r}; it must be one of: {allowed}")


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _read_phase(data: Any, where: str, path: str, strict: bool) -> Phase:
    f = _Fields(data, where, path, _PHASE_FIELDS, strict)
    if not f.has("name"):
        f.fail("name", "is missing")
    duration = f.whole("duration_s", default=0, low=0, high=MAX_PHASE_S)
    warn: int | None = None
    if f.has("warn_s"):
        warn = f.whole("warn_s", default=0, low=0, high=max(duration, 0))
    return Phase(
        name=f.text("name", limit=120, lines=False),
        duration_s=duration,
        prompt=f.text("prompt", limit=1000),
        rounds=f.whole("rounds", default=1, low=1, high=MAX_ROUNDS),
        group_size=f.whole("group_size", default=0, low=0, high=MAX_GROUP),
        auto_advance=f.flag("auto_advance"),
        notes=f.text("notes", limit=2000),
        warn_s=warn,
    )


def _read_role(data: Any, where: str, path: str, strict: bool) -> Role:
    if isinstance(data, str):  # shorthand: "consultant"
        data = {"name": data}
    f = _Fields(data, where, path, {"name", "rotates"}, strict)
    name = f.text("name", limit=40, lines=False).strip()
    if not name:
        f.fail("name", "is missing")
    return Role(name, f.flag("rotates"))


def _read_people(data: Any, where: str, strict: bool) -> People:
    f = _Fields(data, where, "people", {"min", "max", "note"}, strict)
    low = f.whole("min", default=1, low=1, high=100_000)
    high: int | None = None
    if f.has("max"):
        high = f.whole("max", default=low, low=low, high=100_000)
    return People(low, high, f.text("note", limit=300, lines=False))


def _read_per_team(data: Any, where: str, path: str, strict: bool) -> dict[str, Any]:
    f = _Fields(data, where, path, {"name", "duration_s", "prompt", "minutes"}, strict)
    if not f.has("name"):
        f.fail("name", "is missing")
    return {
        "name": f.text("name", limit=120, lines=False),
        "duration_s": f.whole("duration_s", default=0, low=0, high=MAX_PHASE_S),
        "prompt": f.text("prompt", limit=1000),
        "minutes": f.text("minutes", limit=40, lines=False),
    }


def parse(data: Any, *, own: bool = False, where: str = "", strict: bool = False) -> Activity:
    """A template from its JSON object. `where` names it in messages (a file name); `strict`
    also refuses fields labdesk does not know (for the library, where a typo must not pass)."""
    f = _Fields(data, where, "", _TOP_FIELDS, strict)
    if not where and isinstance(data.get("key"), str):
        f.where = f"activity template {data['key'][:40]!r}"
    for name in ("key", "title"):
        if not f.has(name):
            f.fail(name, "is missing")
    key = f.text("key", limit=80, lines=False)
    if not re.fullmatch(_KEY if strict else _ANY_KEY, key):
        f.fail("key", "must be lower-case letters, digits and hyphens (like troika-consulting)")
    title = f.text("title", limit=120, lines=False).strip()
    if not title:
        f.fail("title", "is empty")
    phases = [
        _read_phase(p, f.where, f"phases[{n}]", strict)
        for n, p in enumerate(f.items("phases", limit=MAX_PHASES))
    ]
    roles = [
        _read_role(r, f.where, f"roles[{n}]", strict)
        for n, r in enumerate(f.items("roles", limit=MAX_GROUP))
    ]
    purposes: list[Purpose] = []
    for n, value in enumerate(f.items("purposes", limit=len(Purpose))):
        purpose = f.choice(f"purposes[{n}]", Purpose, value)
        if purpose not in purposes:
            purposes.append(purpose)
    materials = []
    for n, value in enumerate(f.items("materials", limit=30)):
        if not isinstance(value, str) or not value.strip() or re.search(_CONTROL, value):
            f.fail(f"materials[{n}]", "must be a line of text")
        materials.append(value.strip()[:200])
    parameters: dict[str, int] = {}
    if f.has("parameters"):
        p = _Fields(f.data["parameters"], f.where, "parameters", set(), False)
        for name in p.data:
            parameters[str(name)] = p.whole(name, default=0, low=0, high=10_000)
    published: tuple[int, int] | None = None
    if f.has("published_minutes"):
        span = f.items("published_minutes", limit=2)
        if (
            len(span) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in span)
            or not 0 < span[0] <= span[1]
        ):
            f.fail("published_minutes", "must be two whole numbers, shortest first: [30, 40]")
        published = (span[0], span[1])
    grouping_given = f.has("grouping")
    activity = Activity(
        key=key,
        title=title,
        kind=f.choice("kind", ItemKind, f.data.get("kind"), ItemKind.SESSION),
        summary=f.text("summary", limit=500),
        source=f.text("source", limit=500),
        notes=f.text("notes", limit=4000),
        group_size=f.whole("group_size", default=0, low=0, high=MAX_GROUP),
        duration_min=f.whole("duration_min", default=0, low=0, high=24 * 60),
        phases=phases,
        per_team=[
            _read_per_team(t, f.where, f"per_team[{n}]", strict)
            for n, t in enumerate(f.items("per_team", limit=MAX_PHASES))
        ],
        parameters=parameters,
        own=own,
        grouping=f.choice("grouping", Grouping, f.data.get("grouping"), Grouping.WHOLE_ROOM),
        roles=roles,
        purposes=purposes,
        invitation=f.text("invitation", limit=2000),
        materials=materials,
        people=_read_people(f.data["people"], f.where, strict) if f.has("people") else People(),
        published_minutes=published,
        based_on=f.text("based_on", limit=80, lines=False),
    )
    if not grouping_given:  # saved before templates had a rule: keep the room as it was
        activity.grouping = inferred_grouping(activity.phases)
    problem = grouping_problem(activity.grouping, activity.roles, activity.phases)
    if problem:
        f.fail(*problem)
    return activity


def inferred_grouping(phases: Sequence[Phase]) -> Grouping:
    """The rule for a template that has none: groups are kept (nobody regroups mid-activity)."""
    return Grouping.SAME_GROUP if any(p.group_size >= 2 for p in phases) else Grouping.WHOLE_ROOM


def rule_for(item: AgendaItem, template: Activity | None) -> tuple[Grouping, list[Role]]:
    """The grouping rule and roles an agenda item runs by: its template's, while they still fit
    the item's phases (a facilitator may have edited them); else groups are kept together."""
    if template is not None and not grouping_problem(
        template.grouping, template.roles, item.phases
    ):
        return template.grouping, list(template.roles)
    return inferred_grouping(item.phases), []


def grouping_problem(
    grouping: Grouping, roles: Sequence[Role], phases: Sequence[Phase]
) -> tuple[str, str] | None:
    """(field, problem) when the rule does not fit the phases or roles, else None."""
    sizes = [p.group_size for p in phases]
    rotating = [r for r in roles if r.rotates]
    if len(rotating) > 1:
        return "roles", "may mark only one role that rotates"
    if not grouping.forms_groups:
        if roles:
            return "roles", f"need groups that labdesk forms; {grouping.value} has none"
        if grouping is Grouping.WHOLE_ROOM and any(sizes):
            return "grouping", "is whole_room, so every phase's group_size must be 0"
        return None
    if not any(s >= 2 for s in sizes):
        return "grouping", f"is {grouping.value}, but no phase has a group_size of 2 or more"
    if grouping is Grouping.SAME_GROUP_ROLES_ROTATE and (len(roles) < 2 or not rotating):
        return "roles", "must list the group's roles and mark the one that rotates"
    if grouping is not Grouping.SAME_GROUP_ROLES_ROTATE and rotating:
        return "roles", "may rotate only with the same_group_roles_rotate rule"
    if grouping is Grouping.PAIRS_THEN_FOURS:
        first_pair = next((i for i, s in enumerate(sizes) if s == 2), None)
        if first_pair is None or 4 not in sizes[first_pair:]:
            return "grouping", "is pairs_then_fours, so a phase of 2 must come before one of 4"
        if any(s not in (0, 2, 4) for s in sizes):
            return "grouping", "is pairs_then_fours, so group sizes are 2 or 4 (or 0)"
    return None


def load_library(folder: Path) -> list[Activity]:
    """Every template in folder, by title. A bad file raises TemplateError naming it and the
    field; so does a file not named after its key."""
    out: list[Activity] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path.name} cannot be read: {exc}") from exc
        except ValueError as exc:
            raise TemplateError(f"{path.name} is not valid JSON: {exc}") from exc
        activity = parse(data, where=path.name, strict=True)
        if activity.key != path.stem:
            raise TemplateError(f"{path.name}: key {activity.key!r} must match the file name")
        out.append(activity)
    return sorted(out, key=lambda a: a.title.casefold())


# -- templates and agenda items ----------------------------------------------------------------


def to_item(
    activity: Activity,
    *,
    teams: Sequence[str] | int | None = None,
    talk_min: int | None = None,
    questions_min: int | None = None,
) -> AgendaItem:
    """A new agenda item from a template; presentations take teams (names or a count) and the
    minutes each talk and its questions take."""
    phases = [replace(p, id=None) for p in activity.phases]
    if activity.per_team:
        params = dict(activity.parameters)
        if talk_min is not None:
            params["talk_min"] = talk_min
        if questions_min is not None:
            params["questions_min"] = questions_min
        if teams is None:
            teams = params.get("teams", 1)
        names = (
            [f"Team {n}" for n in range(1, teams + 1)] if isinstance(teams, int) else list(teams)
        )
        for team in names:
            for spec in activity.per_team:
                minutes = params.get(str(spec.get("minutes", "")), 0)
                phases.append(
                    Phase(
                        name=str(spec["name"]).replace("{team}", team),
                        duration_s=int(spec.get("duration_s", 0)) or minutes * 60,
                        prompt=str(spec.get("prompt", "")).replace("{team}", team),
                    )
                )
    total_s = sum(p.duration_s * max(1, p.rounds) for p in phases)
    minutes = math.ceil(total_s / 60) if phases else activity.duration_min
    return AgendaItem(
        title=activity.title,
        duration_min=minutes,
        kind=activity.kind,
        activity=activity.key,
        notes=activity.notes,
        phases=phases,
    )


def from_item(item: AgendaItem, key: str, title: str, base: Activity | None = None) -> Activity:
    """A facilitator's own template from an item they adapted. `base`, the template the item came
    from, lends its rule, roles, purposes, invitation, materials and people; a rule that no longer
    fits the edited phases falls back to keeping groups together."""
    phases = [replace(p, id=None) for p in item.phases]
    grouping, roles = Grouping.WHOLE_ROOM, []
    if base is not None:
        grouping, roles = base.grouping, list(base.roles)
    if base is None or grouping_problem(grouping, roles, phases):
        grouping, roles = inferred_grouping(phases), []
    return Activity(
        key=key,
        title=title,
        kind=item.kind,
        notes=item.notes,
        group_size=max((p.group_size for p in phases), default=0),
        duration_min=item.duration_min if not phases else 0,
        phases=phases,
        own=True,
        summary=f"Adapted from {item.title}",
        source=base.source if base else "",
        grouping=grouping,
        roles=roles,
        purposes=list(base.purposes) if base else [],
        invitation=base.invitation if base else "",
        materials=list(base.materials) if base else [],
        people=base.people if base else People(),
        based_on=(base.based_on or base.key) if base else item.activity,
    )


def slug(title: str) -> str:
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in fold(title))
    return "-".join(part for part in cleaned.split("-") if part)[:60].strip("-") or "activity"


def free_key(key: str, taken: Collection[str]) -> str:
    """`key`, or key-2, key-3 … whichever is not taken."""
    if key not in taken:
        return key
    n = 2
    while f"{key}-{n}" in taken:
        n += 1
    return f"{key}-{n}"


# -- what the projector can show -------------------------------------------------------------

# A prompt wraps into at most PROMPT_LINES lines of PROMPT_LINE_CHARS characters. Measured with
# the projector's own layout (tests/test_activity_prompts_on_the_projector.py): at 1024 x 768,
# the smallest screen we support, the prompt box takes 44 characters a line at its starting
# size (5.5 % of the screen height) and three lines; 40 leaves room for wide words and capitals.
# A fourth line costs one size step (to 4.9 %), still about 38 px on a 768-line projector.
PROMPT_LINE_CHARS = 40
PROMPT_LINES = 4


def prompt_lines(prompt: str, width: int = PROMPT_LINE_CHARS) -> list[str]:
    """The prompt as the projector would wrap it at `width` characters a line."""
    out: list[str] = []
    for line in prompt.splitlines():
        out.extend(textwrap.wrap(line, width) or [""])
    return out


def prompt_problems(activity: Activity) -> list[str]:
    """Timed phases whose prompt is empty or too long to read from the back of the room."""
    problems = []
    for n, phase in enumerate(activity.phases, start=1):
        label = f"Phase {n} ({phase.name})"
        lines = prompt_lines(phase.prompt)
        if phase.duration_s > 0 and not phase.prompt.strip():
            problems.append(f"{label} has no prompt for the room")
        elif len(lines) > PROMPT_LINES:
            problems.append(
                f"{label}: the prompt takes {len(lines)} lines on the projector; keep it to "
                f"{PROMPT_LINES} of {PROMPT_LINE_CHARS} characters"
            )
        elif any(len(line) > PROMPT_LINE_CHARS for line in lines):
            problems.append(f"{label}: a word in the prompt is too long for one projector line")
    return problems
