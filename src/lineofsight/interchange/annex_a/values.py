"""Turning the text of an Annex A list's cells into typed columns, a whole column at a time.

Every cell arrives as text (fastexcel gives an Excel date as `2024-05-01 00:00:00`). Dates may also
be typed as `01/05/2024` or `2024-05-01`, or be a bare Excel serial number; codes come lettered,
bare or spelt out. Each column is parsed in one vectorised pass; a cell that cannot be read becomes a
reason beside the row, and the row is rejected by the caller with its spreadsheet row number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from lineofsight.interchange.annex_a.codes import UNKNOWN_ANSWERS, YES_NO, normalise_value
from lineofsight.interchange.annex_a.lists import Column

EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
WHY = "_why"  # the prefix of a column holding why a cell could not be read
VALUE = "_value_"  # the prefix of a typed value while it is worked out


def parse_columns(frame: pl.DataFrame, columns: list[Column]) -> pl.DataFrame:
    """Replace each column's text by its typed value and add `_why_<field>`, the reason a non-blank
    cell could not be read (null where it could). Three passes over the frame: the text trimmed,
    the values, the reasons (each value is worked out once, then compared)."""
    return parse_columns_lazily(frame, columns).collect(engine="in-memory")


def parse_columns_lazily(frame: pl.DataFrame, columns: list[Column]) -> pl.LazyFrame:
    """`parse_columns` as a query not yet run, so that the caller can add to it: the trimmed text
    and the codes' distinct values are worked out now, the values and reasons when it is run."""
    fields = [c.field for c in columns]
    frame = frame.with_columns([_text(f).alias(f) for f in fields])
    codes = [c for c in columns if c.kind == "code" and c.codes is not None]
    distinct: dict[str, list[str]] = {}
    if codes:
        found = frame.select([pl.col(c.field).unique().drop_nulls().implode() for c in codes])
        distinct = {c.field: found[c.field][0].to_list() for c in codes}
    values: list[pl.Expr] = []
    whys: list[pl.Expr] = []
    for column in columns:
        value, why = _typed(column, distinct.get(column.field, []))
        values.append(value.alias(VALUE + column.field))
        whys.append(why.alias(f"{WHY}_{column.field}"))
    query = frame.lazy().with_columns(values).with_columns(whys)
    return query.drop(fields).rename({VALUE + f: f for f in fields})


def parse_column(frame: pl.DataFrame, column: Column) -> pl.DataFrame:
    return parse_columns(frame, [column])


# Expressions already built, by field and kind: building one costs more than running it on a short
# list, and a column's expression depends on its codes' distinct values only.
_TEXT: dict[str, pl.Expr] = {}
_TYPED: dict[tuple[str, str], tuple[pl.Expr, pl.Expr]] = {}


def _text(name: str) -> pl.Expr:
    cached = _TEXT.get(name)
    if cached is None:
        text = pl.col(name).str.strip_chars()
        cached = _TEXT[name] = pl.when(text == "").then(None).otherwise(text)
    return cached


def _typed(column: Column, distinct: list[str]) -> tuple[pl.Expr, pl.Expr]:
    """The expression of a column's value (from its trimmed text), and of why a cell has none
    (from the text and the value, once the value is a column of its own)."""
    if column.kind == "code" and column.codes is not None:
        return _built(column, distinct)
    found = _TYPED.get((column.field, column.kind))
    if found is None:
        found = _TYPED[(column.field, column.kind)] = _built(column, distinct)
    return found


def _built(column: Column, distinct: list[str]) -> tuple[pl.Expr, pl.Expr]:
    text = pl.col(column.field)
    value = pl.col(VALUE + column.field)
    none = pl.lit(None, pl.String)
    if column.kind == "date":
        why = (
            pl.when(text.is_not_null() & value.is_null())
            .then(pl.lit("not a date: give it as an Excel date, dd/mm/yyyy or yyyy-mm-dd"))
            .when((value < EARLIEST) | (value > LATEST))
            .then(pl.lit("not a possible date (before 1900 or after 2100)"))
            .otherwise(none)
        )
        return _date_of(text), why
    if column.kind == "int":
        number = text.cast(pl.Float64, strict=False)
        whole = (number.round(0) == number) & (number >= 0)
        why = pl.when(text.is_not_null() & value.is_null()).then(pl.lit("not a whole number")).otherwise(none)
        return pl.when(whole).then(number.cast(pl.Int64)), why
    if column.kind == "code" and column.codes is not None:
        mapping, unknown = _decode(distinct, column)
        flag = column.codes.labels and isinstance(column.codes.labels[0][0], bool)
        typed = text.replace_strict(mapping, default=None, return_dtype=pl.Boolean if flag else pl.String)
        reason = f"not one of the {column.codes.name} codes in the Annex A guidance"
        return typed, pl.when(text.is_in(list(unknown))).then(pl.lit(reason)).otherwise(none)
    return text, none


def _date_of(text: pl.Expr) -> pl.Expr:
    """The date a cell's text says, tried as ISO (what fastexcel gives for a date cell), as
    dd/mm/yyyy and as an Excel serial number (from 1927 on: a smaller number is no date a return
    holds); null where none of them reads. Plain format parses, no regular expressions: cheap."""
    serial = text.cast(pl.Float64, strict=False)
    whole = (serial >= 10_000) & (serial < 80_000) & (serial.round(0) == serial)
    from_serial = pl.when(whole).then(pl.lit(EXCEL_EPOCH) + pl.duration(days=serial.cast(pl.Int64)))
    return pl.coalesce(
        text.str.to_date("%Y-%m-%d %H:%M:%S", strict=False),
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d/%m/%Y", strict=False),
        from_serial.cast(pl.Date),
    )


def _decode(values: list[str], column: Column) -> tuple[dict[str, Any], set[str]]:
    """Each distinct text of the column to its model code (or None for 'unknown'), and the texts
    that are no code at all. Done on the distinct values only: a column holds few."""
    assert column.codes is not None
    table = column.codes.lookup()
    mapping: dict[str, Any] = {}
    unknown: set[str] = set()
    for text in values:
        if column.codes is YES_NO and normalise_value(text) in UNKNOWN_ANSWERS:
            mapping[text] = None
            continue
        try:
            mapping[text] = column.codes.decode(text, table)
        except KeyError:
            unknown.add(text)
    return mapping, unknown
