"""Reading attendee lists from registration exports and spreadsheets into a checked import plan.

Bytes in (CSV, TSV, TXT or XLSX, any common encoding), a plan out: which column means what and
why, and for every row what will happen to it (added, merged into someone already there, or left
out with the reason) and its problems. Nothing is written here; the store applies a plan. No row
is ever dropped without a line saying so.

One job per module: `reading` (bytes → sheets of cells), `sheets` (which sheet holds people),
`headers` (what a header means, from resources/importing/headers.toml), `mapping` (what each
column becomes, between columns), `rows` (one row → one person, with
resources/importing/answers.toml), `matching` (whether two records are the same person, for
every path that asks) and `plan` (what happens to every row).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labdesk.core.importing.fields import MULTI, Field, ImportError_, Party
    from labdesk.core.importing.headers import (
        HEADER_SEARCH_ROWS,
        Tool,
        find_header,
        guess_field,
        header_key,
        recognise_tool,
    )
    from labdesk.core.importing.mapping import Column, choose_columns, guess_mapping
    from labdesk.core.importing.matching import Lookup, Match, PeopleIndex, names_conflict
    from labdesk.core.importing.plan import (
        ERASED_REASON,
        Action,
        ImportPlan,
        RowPlan,
        columns_for,
        plan_import,
        read_plan,
        read_table,
        source_label,
    )
    from labdesk.core.importing.reading import (
        MAX_BYTES,
        Book,
        decode_text,
        read_book,
        sniff_delimiter,
    )
    from labdesk.core.importing.rows import is_empty_answer, tidy, tidy_postcode
    from labdesk.core.importing.sheets import Table, pick_sheet

# Each name is imported from its module on first use (PEP 562): the matching rules are needed
# by the desk and the cards at start-up, the readers and the planner only when importing.
_WHERE = {
    "Action": "plan",
    "Book": "reading",
    "Column": "mapping",
    "ERASED_REASON": "plan",
    "Field": "fields",
    "HEADER_SEARCH_ROWS": "headers",
    "ImportError_": "fields",
    "ImportPlan": "plan",
    "Lookup": "matching",
    "MAX_BYTES": "reading",
    "MULTI": "fields",
    "Match": "matching",
    "Party": "fields",
    "PeopleIndex": "matching",
    "RowPlan": "plan",
    "Table": "sheets",
    "Tool": "headers",
    "choose_columns": "mapping",
    "columns_for": "plan",
    "decode_text": "reading",
    "find_header": "headers",
    "guess_field": "headers",
    "guess_mapping": "mapping",
    "header_key": "headers",
    "is_empty_answer": "rows",
    "names_conflict": "matching",
    "pick_sheet": "sheets",
    "plan_import": "plan",
    "read_book": "reading",
    "read_plan": "plan",
    "read_table": "plan",
    "recognise_tool": "headers",
    "sniff_delimiter": "reading",
    "source_label": "plan",
    "tidy": "rows",
    "tidy_postcode": "rows",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ERASED_REASON",
    "HEADER_SEARCH_ROWS",
    "MAX_BYTES",
    "MULTI",
    "Action",
    "Book",
    "Column",
    "Field",
    "ImportError_",
    "ImportPlan",
    "Lookup",
    "Match",
    "Party",
    "PeopleIndex",
    "RowPlan",
    "Table",
    "Tool",
    "choose_columns",
    "columns_for",
    "decode_text",
    "find_header",
    "guess_field",
    "guess_mapping",
    "header_key",
    "is_empty_answer",
    "names_conflict",
    "pick_sheet",
    "plan_import",
    "read_book",
    "read_plan",
    "read_table",
    "recognise_tool",
    "sniff_delimiter",
    "source_label",
    "tidy",
    "tidy_postcode",
]
