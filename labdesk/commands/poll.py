"""`labdesk poll FILE QUESTION [--choices A,B,C | --scale 1-5 | --words | --questions]`: put a
question to the room now (open text unless told otherwise); phones answer it on the poll page
of the laptop's server, and its results go on the projector and the room views."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")
    parser.add_argument("question", metavar="QUESTION", help="the question, as the room reads it")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--choices", metavar="A,B,C", help="multiple choice: the options, separated by commas"
    )
    kind.add_argument("--scale", metavar="1-5", help="a number on a scale: 1-5 or 0-10")
    kind.add_argument("--words", action="store_true", help="a few words each, as a word cloud")
    kind.add_argument(
        "--questions", action="store_true", help="Q&A: the room asks and upvotes questions"
    )


def run(args: argparse.Namespace) -> int:
    from labdesk.cli import CommandError
    from labdesk.commands import open_for
    from labdesk.core import polls
    from labdesk.core.polls import PollError, PollKind
    from labdesk.store import polls as store_polls

    try:
        if args.choices is not None:
            poll = polls.make_poll(
                args.question, PollKind.CHOICES, polls.parse_choices(args.choices)
            )
        elif args.scale is not None:
            poll = polls.make_poll(
                args.question, PollKind.SCALE, scale=polls.parse_scale(args.scale)
            )
        elif args.words:
            poll = polls.make_poll(args.question, PollKind.WORDS)
        elif args.questions:
            poll = polls.make_poll(args.question, PollKind.QUESTIONS)
        else:
            poll = polls.make_poll(args.question, PollKind.TEXT)
    except PollError as exc:
        raise CommandError(str(exc)) from None
    with open_for(args.file, purpose="poll") as doc:
        try:
            made = store_polls.create(doc, poll, open_now=True)
            assert made.id is not None
            store_polls.show(doc, made.id)
        finally:
            doc.close(take_backup=False)
    detail = poll.kind.label.lower()
    if poll.kind is PollKind.CHOICES:
        detail += ": " + ", ".join(poll.choices)
    elif poll.kind is PollKind.SCALE:
        detail += f" {poll.scale[0]}-{poll.scale[1]}"
    print(f"opened question {made.id} ({detail}): {poll.text}")
    print("phones answer it at the Poll address labdesk serve prints; its results are on the")
    print("projector and the room views; any question open before is now closed")
    return 0
