"""The day report's page per question put to the room: its bars or word list with counts, its
Q&A by votes, its open answers (labdesk.core.polls.PollResults), drawn with the bundled fonts."""

from __future__ import annotations

from typing import Any

from labdesk.core.polls import PollKind, PollResults
from labdesk.core.words import count
from labdesk.printing import fonts

BAR_INK = "#2f5d8c"
BAR_TRACK = "#e3e8f0"


def _bar(share: float, width: float) -> Any:
    """A bar of share (0 to 1) of width, on a pale track: length, not colour, is the figure."""
    from reportlab.graphics.shapes import Rect
    from reportlab.lib.colors import HexColor

    from labdesk.printing.report import _drawing

    drawing = _drawing(width, 10)  # the bundled font, never an unembedded Helvetica
    drawing.add(Rect(0, 1, width, 8, fillColor=HexColor(BAR_TRACK), strokeColor=None))
    if share > 0:
        drawing.add(
            Rect(0, 1, max(1.0, width * share), 8, fillColor=HexColor(BAR_INK), strokeColor=None)
        )
    return drawing


def poll_pages(polls: list[PollResults], st: dict[str, Any], width: float) -> list[Any]:
    """A page for each question, in the order they were asked."""
    from reportlab.platypus import PageBreak, Paragraph

    from labdesk.printing.report import _grid, _head, rich

    flow: list[Any] = []
    for n, poll in enumerate(polls, start=1):
        kind = PollKind(poll.kind)
        flow += [
            PageBreak(),
            Paragraph(
                f"Question {n} · {kind.label}"
                + (f" · asked at {rich(poll.site)}" if poll.site else ""),
                st["small"],
            ),
            Paragraph(rich(poll.question, fonts.SANS_BOLD), st["h1"]),
            Paragraph(poll.summary + ".", st["body"]),
        ]
        if kind in (PollKind.CHOICES, PollKind.SCALE) and poll.bars:
            if poll.average is not None:
                flow.append(Paragraph(f"Average {poll.average:.1f}.", st["body"]))
            rows: list[list[Any]] = [
                [_head("Answer", st, left=True), _head("Count", st), _head("Share", st), ""]
            ]
            for b in poll.bars:
                rows.append(
                    [
                        Paragraph(rich(b.label), st["cell"]),
                        str(b.count),
                        f"{round(100 * b.share)}%",
                        _bar(b.share, width * 0.35),
                    ]
                )
            flow.append(_grid(rows, [width * 0.45, width * 0.1, width * 0.1, width * 0.35]))
        elif kind is PollKind.WORDS and poll.words:
            rows = [[_head("Word", st, left=True), _head("Given by", st)]]
            rows += [[Paragraph(rich(w.text), st["cell"]), str(w.count)] for w in poll.words]
            flow.append(_grid(rows, [width * 0.75, width * 0.25]))
        elif kind is PollKind.QUESTIONS and poll.asked:
            rows = [[_head("Question asked", st, left=True), _head("Votes", st), _head("", st)]]
            rows += [
                [
                    Paragraph(rich(a.text), st["cell"]),
                    str(a.votes),
                    "answered" if a.answered else "",
                ]
                for a in poll.asked
            ]
            flow.append(_grid(rows, [width * 0.7, width * 0.12, width * 0.18]))
            hidden = poll.answers - len(poll.asked)
            if hidden:
                flow.append(
                    Paragraph(
                        f"{count(hidden, 'question')} hidden by the facilitator.", st["small"]
                    )
                )
        elif kind is PollKind.TEXT and poll.texts:
            flow += [Paragraph(rich(t), st["quote"]) for t in poll.texts]
    return flow
