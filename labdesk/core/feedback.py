"""Feedback and commitment-card rules: a session's own prompts, limits, form checks, tallies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from labdesk.core.model import AgendaItem, CommitmentCard, FeedbackResponse, fold

# The longest text each field keeps (characters). Anything longer is refused, not cut.
LIMITS: dict[str, int] = {
    "worked": 2000,
    "change": 2000,
    "answer": 2000,
    "action": 1000,
    "who": 300,
    "by_when": 120,
    "name": 200,
    "email": 254,
    "address": 600,
    "badge_code": 80,
}
MAX_PROMPTS = 6
_STEM_END = ("…", "...")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def session_prompts(item: AgendaItem) -> list[str]:
    """The sentence stems a session asks people to complete, taken from its phases' prompts.

    Session 3's "Feedback" phase says "complete these sentences:" followed by three stems ending
    in "…"; those three become extra fields on the session's feedback page.
    """
    prompts: list[str] = []
    for phase in item.phases:
        for line in phase.prompt.splitlines():
            text = " ".join(line.split())
            if text.endswith(_STEM_END) and len(text) > 3:
                stem = text.rstrip(".…").rstrip()
                if stem and stem not in prompts:
                    prompts.append(stem)
    return prompts[:MAX_PROMPTS]


def takes_feedback(item: AgendaItem) -> bool:
    """Breaks and lunch get no feedback page."""
    return not item.kind.is_pause


def clean_text(value: str) -> str:
    """Line endings unified, control characters removed, outer whitespace trimmed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).strip()


@dataclass
class FormResult:
    """What a posted form means: the object to store, or the problems to show beside the fields."""

    errors: dict[str, str] = field(default_factory=dict)
    response: FeedbackResponse | None = None
    card: CommitmentCard | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(
    form: Mapping[str, str], name: str, limit_key: str, errors: dict[str, str], label: str
) -> str:
    value = clean_text(form.get(name, ""))
    limit = LIMITS[limit_key]
    if len(value) > limit:
        errors[name] = f"{label} is too long: {len(value)} characters, at most {limit}."
    return value


def read_feedback(form: Mapping[str, str], item_id: int, prompts: list[str]) -> FormResult:
    """Check a posted feedback form. A rating or at least one written answer is needed."""
    errors: dict[str, str] = {}
    rating: int | None = None
    raw = form.get("rating", "").strip()
    if raw:
        if raw in {"1", "2", "3", "4", "5"}:
            rating = int(raw)
        else:
            errors["rating"] = "Choose a rating from 1 to 5."
    worked = _text(form, "worked", "worked", errors, "“What worked”")
    change = _text(form, "change", "change", errors, "“What would you change”")
    answers: dict[str, str] = {}
    for n, prompt in enumerate(prompts):
        value = _text(form, f"p{n}", "answer", errors, "This answer")
        if value:
            answers[prompt] = value
    if not errors and rating is None and not worked and not change and not answers:
        errors["rating"] = "Choose a rating or write a few words before sending."
    if errors:
        return FormResult(errors)
    return FormResult(
        response=FeedbackResponse(
            agenda_item_id=item_id, rating=rating, worked=worked, change=change, answers=answers
        )
    )


def read_card(form: Mapping[str, str]) -> FormResult:
    """Check a posted commitment card."""
    errors: dict[str, str] = {}
    action = _text(form, "action", "action", errors, "What you will do")
    who = _text(form, "who", "who", errors, "Who you will talk to")
    by_when = _text(form, "by_when", "by_when", errors, "By when")
    name = " ".join(_text(form, "name", "name", errors, "Your name").split())
    email = _text(form, "email", "email", errors, "Your email")
    address = _text(form, "address", "address", errors, "Your postal address")
    badge_code = _text(form, "badge_code", "badge_code", errors, "Your badge code")
    use_registered = form.get("use_registered_address", "") == "yes"
    consent = form.get("consent_post", "") == "yes"
    if not action and "action" not in errors:
        errors["action"] = "Write what you will do next."
    if not name and "name" not in errors:
        errors["name"] = "Write your name, as you registered."
    if email and "email" not in errors and not _EMAIL.match(email):
        errors["email"] = "That does not look like an email address (it needs an @)."
    if consent and not use_registered and not address and "address" not in errors:
        errors["address"] = (
            "Write the address to post your card to, or tick “use my registered address”."
        )
    if errors:
        return FormResult(errors)
    return FormResult(
        card=CommitmentCard(
            action=action,
            who=who,
            by_when=by_when,
            name=name,
            email=email,
            address="" if use_registered else address,
            use_registered_address=use_registered,
            consent_post=consent,
            badge_code=badge_code,
        )
    )


@dataclass
class SessionTally:
    """Counts, rating distribution and average for one session's responses."""

    responses: int = 0
    ratings: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])  # how many 1s … 5s

    @property
    def rated(self) -> int:
        return sum(self.ratings)

    @property
    def average(self) -> float | None:
        if not self.rated:
            return None
        return sum((n + 1) * c for n, c in enumerate(self.ratings)) / self.rated


def tally(responses: Iterable[FeedbackResponse]) -> dict[int | None, SessionTally]:
    """Per agenda item: how many responded and how they rated it."""
    result: dict[int | None, SessionTally] = {}
    for r in responses:
        t = result.setdefault(r.agenda_item_id, SessionTally())
        t.responses += 1
        if r.rating is not None and 1 <= r.rating <= 5:
            t.ratings[r.rating - 1] += 1
    return result


def match_key(name: str) -> str:
    """A person's name as compared when matching cards: case, accents and spacing ignored."""
    return " ".join(fold(name).replace(",", " ").split())
