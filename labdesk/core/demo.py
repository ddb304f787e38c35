"""The demo workshop (the seed's day, fictitious people) as core objects, read from its JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labdesk.core.model import (
    AgendaItem,
    Attendee,
    CardSource,
    CommitmentCard,
    FeedbackResponse,
    ItemKind,
    Phase,
    Workshop,
)


@dataclass
class DemoDay:
    """Everything the demo file starts with. Indexes refer to positions in `agenda`/`attendees`."""

    workshop: Workshop
    agenda: list[AgendaItem]
    attendees: list[Attendee]
    check_ins: list[tuple[int, str]] = field(default_factory=list)  # (attendee index, ISO time)
    feedback: list[tuple[int, FeedbackResponse]] = field(default_factory=list)  # (item index, …)
    commitments: list[tuple[int, CommitmentCard]] = field(
        default_factory=list
    )  # (attendee index, …)


def _phase(data: dict[str, Any]) -> Phase:
    return Phase(
        name=data["name"],
        duration_s=int(data["duration_s"]),
        prompt=data.get("prompt", ""),
        rounds=int(data.get("rounds", 1)),
        group_size=int(data.get("group_size", 0)),
        auto_advance=bool(data.get("auto_advance", False)),
        notes=data.get("notes", ""),
    )


def parse(data: dict[str, Any]) -> DemoDay:
    w = data["workshop"]
    workshop = Workshop(
        title=w["title"],
        date=dt.date.fromisoformat(w["date"]),
        venue=w.get("venue", ""),
        day_start=dt.time.fromisoformat(w.get("day_start", "09:30")),
        day_end=dt.time.fromisoformat(w.get("day_end", "16:30")),
        organiser=w.get("organiser", ""),
    )
    agenda = [
        AgendaItem(
            title=item["title"],
            duration_min=int(item["duration_min"]),
            kind=ItemKind(item.get("kind", "session")),
            activity=item.get("activity", ""),
            notes=item.get("notes", ""),
            fixed_start=dt.time.fromisoformat(item["fixed_start"])
            if item.get("fixed_start")
            else None,
            phases=[_phase(p) for p in item.get("phases", [])],
            position=position,
        )
        for position, item in enumerate(data["agenda"])
    ]
    attendees = [
        Attendee(
            name=p["name"],
            organisation=p.get("organisation", ""),
            role=p.get("role", ""),
            email=p.get("email", ""),
            address=p.get("address", ""),
            access_needs=p.get("access_needs", ""),
            dietary_needs=p.get("dietary_needs", ""),
            ticket_type=p.get("ticket_type", ""),
            consent_postcard=bool(p.get("consent_postcard", False)),
            ticket_codes=list(p.get("ticket_codes", [])),
            source="demo",
        )
        for p in data["attendees"]
    ]
    feedback = [
        (
            int(f["item"]),
            FeedbackResponse(
                agenda_item_id=0,
                rating=f.get("rating"),
                worked=f.get("worked", ""),
                change=f.get("change", ""),
                answers=dict(f.get("answers", {})),
            ),
        )
        for f in data.get("feedback", [])
    ]
    commitments = [
        (
            -1 if c.get("attendee") is None else int(c["attendee"]),  # -1: matched by name
            CommitmentCard(
                action=c["action"],
                who=c.get("who", ""),
                by_when=c.get("by_when", ""),
                name=c.get("name", ""),
                email=c.get("email", ""),
                use_registered_address=bool(c.get("use_registered_address", False)),
                consent_post=bool(c.get("consent_post", False)),
                source=CardSource(c.get("source", CardSource.PHONE)),
            ),
        )
        for c in data.get("commitments", [])
    ]
    check_ins = [(int(c["attendee"]), str(c["at"])) for c in data.get("check_ins", [])]
    return DemoDay(workshop, agenda, attendees, check_ins, feedback, commitments)


def load(path: Path) -> DemoDay:
    return parse(json.loads(path.read_text(encoding="utf-8")))
