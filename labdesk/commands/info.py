"""`labdesk info FILE`: one `key: value` line per fact about a workshop file."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")


def run(args: argparse.Namespace) -> int:
    from labdesk.store import open_workshop
    from labdesk.store.summary import summary

    with open_workshop(args.file, lock=False) as doc:
        facts = summary(doc)
        doc.close(take_backup=False)
    for key, value in facts.items():
        # One line each, whatever the title holds (a file made elsewhere may have line breaks).
        print(f"{key}: {' '.join(str(value).split())}")
    return 0 if facts["integrity"] == "ok" else 1
