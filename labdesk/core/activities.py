"""The activity library: one template per structure (phases, timings, prompts, rounds, group size,
notes), read from resources/activities/*.json, and a workshop's own templates saved from an item."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.core.model import AgendaItem, ItemKind, Phase


class TemplateError(ValueError):
    """A template file is not usable; the message names it and says why."""


@dataclass
class Activity:
    key: str
    title: str
    kind: ItemKind = ItemKind.SESSION
    summary: str = ""
    source: str = ""
    notes: str = ""
    group_size: int = 0
    duration_min: int = 0  # for items without phases (break, lunch)
    phases: list[Phase] = field(default_factory=list)
    per_team: list[dict[str, Any]] = field(default_factory=list)
    parameters: dict[str, int] = field(default_factory=dict)
    own: bool = False  # saved by the facilitator in this workshop

    @property
    def total_s(self) -> int:
        return sum(p.duration_s * max(1, p.rounds) for p in self.phases)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "kind": self.kind.value,
            "summary": self.summary,
            "source": self.source,
            "notes": self.notes,
            "group_size": self.group_size,
            "duration_min": self.duration_min,
            "phases": [
                {
                    "name": p.name,
                    "duration_s": p.duration_s,
                    "prompt": p.prompt,
                    "rounds": p.rounds,
                    "group_size": p.group_size,
                    "auto_advance": p.auto_advance,
                    "notes": p.notes,
                }
                for p in self.phases
            ],
        }
        if self.per_team:
            data["per_team"] = self.per_team
            data["parameters"] = self.parameters
        return data


def _phase(data: dict[str, Any]) -> Phase:
    return Phase(
        name=str(data["name"]),
        duration_s=int(data.get("duration_s", 0)),
        prompt=str(data.get("prompt", "")),
        rounds=max(1, int(data.get("rounds", 1))),
        group_size=int(data.get("group_size", 0)),
        auto_advance=bool(data.get("auto_advance", False)),
        notes=str(data.get("notes", "")),
    )


def parse(data: dict[str, Any], *, own: bool = False) -> Activity:
    try:
        return Activity(
            key=str(data["key"]),
            title=str(data["title"]),
            kind=ItemKind(data.get("kind", "session")),
            summary=str(data.get("summary", "")),
            source=str(data.get("source", "")),
            notes=str(data.get("notes", "")),
            group_size=int(data.get("group_size", 0)),
            duration_min=int(data.get("duration_min", 0)),
            phases=[_phase(p) for p in data.get("phases", [])],
            per_team=list(data.get("per_team", [])),
            parameters={k: int(v) for k, v in data.get("parameters", {}).items()},
            own=own,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateError(
            f"activity template {data.get('key', '?')!r} is not usable: {exc}"
        ) from exc


def load_library(folder: Path) -> list[Activity]:
    """Every template in folder, by title."""
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise TemplateError(f"{path.name} cannot be read: {exc}") from exc
        out.append(parse(data))
    return sorted(out, key=lambda a: a.title.casefold())


def to_item(
    activity: Activity,
    *,
    teams: Sequence[str] | int | None = None,
    talk_min: int | None = None,
    questions_min: int | None = None,
) -> AgendaItem:
    """A new agenda item from a template; presentations take teams (names or a count) and the
    minutes each talk and its questions take."""
    phases = [Phase(**{**vars(p), "id": None}) for p in activity.phases]
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


def from_item(item: AgendaItem, key: str, title: str) -> Activity:
    """A facilitator's own template from an item they adapted."""
    return Activity(
        key=key,
        title=title,
        kind=item.kind,
        notes=item.notes,
        group_size=max((p.group_size for p in item.phases), default=0),
        duration_min=item.duration_min if not item.phases else 0,
        phases=[Phase(**{**vars(p), "id": None}) for p in item.phases],
        own=True,
        summary=f"Adapted from {item.title}",
    )


def slug(title: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in title.casefold())
    return "-".join(part for part in cleaned.split("-") if part) or "activity"
