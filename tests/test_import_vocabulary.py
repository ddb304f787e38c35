"""The header and answer vocabulary: every tool's shape is the one its sample file has."""

from __future__ import annotations

from pathlib import Path

import pytest

from labdesk.core.importing import find_header, read_book, recognise_tool
from labdesk.core.importing.headers import parse_vocabulary, vocabulary

ROOT = Path(__file__).resolve().parent.parent
TOOLS = [t for t in vocabulary().tools if t.sample]


@pytest.mark.parametrize("tool", TOOLS, ids=[t.id for t in TOOLS])
def test_each_tool_is_recognised_in_its_own_sample(tool) -> None:  # type: ignore[no-untyped-def]
    path = ROOT / tool.sample
    book = read_book(path.read_bytes(), path.name)
    found = set()
    for sheet in book.sheets:
        if sheet.filled:
            header = sheet.rows[find_header(sheet.rows)]
            found.add(getattr(recognise_tool(header), "id", None))
    assert tool.id in found
    assert tool.source, "say where the shape comes from"


def test_every_tool_says_where_its_shape_comes_from() -> None:
    for tool in vocabulary().tools:
        assert len(tool.source) > 40, tool.id


def test_a_field_the_importer_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="shoe size"):
        parse_vocabulary('[[field]]\nfield = "shoe size"\nexact = ["shoe"]\n')
