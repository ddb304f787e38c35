"""How people are grouped across an activity's phases and rounds: the rule, in its own small
module, so that what only shows groups (the room's screen, the day's controller) need not load
the activity library (labdesk.core.activities, which re-exports it)."""

from __future__ import annotations

from enum import StrEnum


class Grouping(StrEnum):
    """How people are grouped across an activity's phases and rounds.

    A phase's `group_size` is the size people work in (0: alone or the whole room). The rule says
    who forms the groups: labdesk (same_group, same_group_roles_rotate, new_partners_each_round,
    pairs_then_fours) or the people themselves (self_selected); whole_room has no groups at all.
    """

    WHOLE_ROOM = "whole_room"
    SAME_GROUP = "same_group"
    SAME_GROUP_ROLES_ROTATE = "same_group_roles_rotate"
    NEW_PARTNERS_EACH_ROUND = "new_partners_each_round"
    PAIRS_THEN_FOURS = "pairs_then_fours"
    SELF_SELECTED = "self_selected"

    @property
    def label(self) -> str:
        return _GROUPING_TEXT[self][0]

    @property
    def forms_groups(self) -> bool:
        """Whether labdesk forms the groups (and shows them on the projector)."""
        return self not in (Grouping.WHOLE_ROOM, Grouping.SELF_SELECTED)

    def explain(self, role: str = "") -> str:
        """What the rule means, in words the room reads on the projector."""
        text = _GROUPING_TEXT[self][1]
        return text.replace("{role}", role or "lead")


_GROUPING_TEXT = {
    Grouping.WHOLE_ROOM: ("Whole room", "No groups: everyone works alone or all together."),
    Grouping.SAME_GROUP: ("Same group throughout", "Stay in the same group for every step."),
    Grouping.SAME_GROUP_ROLES_ROTATE: (
        "Same group, roles rotate",
        "Stay in your group. The {role} role passes to the next person each round.",
    ),
    Grouping.NEW_PARTNERS_EACH_ROUND: (
        "New partners each round",
        "Find someone new each round.",
    ),
    Grouping.PAIRS_THEN_FOURS: (
        "Pairs, then fours",
        "Work in pairs; when it is time for fours, each pair joins another pair.",
    ),
    Grouping.SELF_SELECTED: (
        "Choose your own group",
        "Join the group, table or topic you choose.",
    ),
}
