"""`labdesk info FILE`: one `key: value` line per fact about a workshop file."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .labdesk workshop file")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from labdesk.commands import open_for
    from labdesk.commands.retention import facts as retention_facts
    from labdesk.store.summary import summary

    # Like every command, it purges what the retention date says is due before it reads.
    with open_for(args.file, purpose="info", readonly_ok=True) as doc:
        facts = summary(doc)
        facts.update(retention_facts(doc, dt.date.today()))
        doc.close(take_backup=False)
    for key, value in facts.items():
        # One line each, whatever the title holds (a file made elsewhere may have line breaks).
        print(f"{key}: {' '.join(str(value).split())}")
    return 0 if facts["integrity"] == "ok" else 1
