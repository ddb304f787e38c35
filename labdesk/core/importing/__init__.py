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
from labdesk.core.importing.reading import MAX_BYTES, Book, decode_text, read_book, sniff_delimiter
from labdesk.core.importing.rows import is_empty_answer, tidy, tidy_postcode
from labdesk.core.importing.sheets import Table, pick_sheet

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
