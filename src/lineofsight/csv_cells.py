"""The cells of the CSV files lineofsight writes for people, made safe to open in a spreadsheet.

Why: a spreadsheet takes a cell that begins with `=`, `+`, `-` or `@` for a formula and runs it. The
values in these files come from the returns a council loads (a team's name, a worker's id, a file's
name, a child's id), and a return can hold anything: `=HYPERLINK("http://...", "Click")` or
`=cmd|'/c calc'!A0` in a team name would run on the computer of whoever opens the download. So every
text cell that a spreadsheet would read as a formula gets a leading apostrophe, which spreadsheets
show as text (OWASP's advice on CSV injection): `'=HYPERLINK(...)`.

Numbers are left alone: a number column is written as numbers, and a text cell that is a plain
number (`-12`, `+3.5`, `-1e3`) reads as that number, not as a formula, so it keeps its sign and
stays a number. A tab or a carriage return at the start is neutralised too (some spreadsheets skip
it and then read the formula), as are the full-width forms of the four signs (`＝`), which some
spreadsheets take for them.

Every CSV the web app serves (`web.rendering.csv_response`), the report of rejected rows (the Data
page's and `lineofsight load --rejected`), and the command line's `--csv` output go through here.
The statutory returns lineofsight exports (the SSDA903's tables) do not: they are the DfE's format,
read by the DfE's tools, and must say exactly what was loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from lineofsight.interchange.loading import Rejection

FORMULA_SIGNS = "=+-@\t\r＝＋－＠"
# A plain number, as a spreadsheet reads one: an optional sign, digits, a decimal point, an exponent.
PLAIN_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_STARTS_LIKE_A_FORMULA = r"^[=+\-@\t\r＝＋－＠]"  # FORMULA_SIGNS, as a regular expression
_NUMBER = re.compile(PLAIN_NUMBER)
QUOTE = "'"


def neutralise(value: str) -> str:
    """The text a spreadsheet shows as it is: a leading apostrophe where it would be a formula."""
    if value[:1] and value[0] in FORMULA_SIGNS and not _NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell neutralised (number, date and other columns as they are)."""
    changes = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum):
            text = pl.col(name).cast(pl.String)
            formula = text.str.contains(_STARTS_LIKE_A_FORMULA) & ~text.str.contains(f"^{PLAIN_NUMBER}$")
            changes.append(pl.when(formula).then(pl.lit(QUOTE) + text).otherwise(text).alias(name))
    return frame.with_columns(changes) if changes else frame


def write_csv(frame: pl.DataFrame, *, date_format: str | None = None) -> str:
    """The frame as CSV text, every text cell neutralised."""
    return neutralised(frame).write_csv(date_format=date_format)


def rejections(found: Sequence[Rejection]) -> list[Rejection]:
    """Rejected rows ready for the CSV report: the file's name, the place, the field and the reason
    neutralised (the row as read is written as a JSON object, which begins with `{`)."""
    return [
        replace(
            r,
            file=neutralise(r.file),
            place=neutralise(r.place),
            field=None if r.field is None else neutralise(r.field),
            reason=neutralise(r.reason),
        )
        for r in found
    ]
