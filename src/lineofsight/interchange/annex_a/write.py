"""Writing the Annex A workbook for an inspection: Lists 1 to 11, Ofsted's headings in row 1.

The rows come from `annex_a.extract`; here each code is written as the guidance writes it
(`a) Male`, `q) 6: Police`), each date as an Excel date, and blanks as empty cells. The content is
deterministic: the same data and day always give the same cells, in the same order. List 11
(adopters) is written with its headings and no rows, because the model keeps no adopters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter  # type: ignore[import-untyped]
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.interchange.annex_a.extract import TABLES, extract
from lineofsight.interchange.annex_a.lists import LISTS, AnnexList, Column


def write_annex_a(engine: Engine, as_at: dt.date, out: Path) -> Path:
    """Write the workbook for an inspection on `as_at` to `out` (a file, or a folder to put
    `annex_a_<date>.xlsx` in) and return where it went."""
    out = Path(out)
    if out.is_dir():
        out = out / f"annex_a_{as_at.isoformat()}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    # Table by table as frames (`store.read_table`): several times faster than one connection's rows.
    data = {name: store.read_table(engine, name) for name in TABLES}
    write_lists(labelled(extract(data, as_at)), out, as_at)
    return out


EXCEL_EPOCH = dt.date(1899, 12, 30)


def labelled(lists: dict[int, pl.DataFrame]) -> dict[int, list[tuple[Any, ...]]]:
    """Each list's rows as cell values in the order of its columns: codes as the guidance has them,
    dates as Excel's day numbers (written with a date format)."""
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for annex in LISTS:
        frame = lists.get(annex.number)
        if frame is None:
            rows[annex.number] = []
            continue
        rows[annex.number] = frame.select([_cell(frame, column) for column in annex.columns]).rows()
    return rows


def _cell(frame: pl.DataFrame, column: Column) -> pl.Expr:
    if column.field not in frame.columns:
        return pl.lit(None).alias(column.field)
    if column.kind == "date":
        days = (pl.col(column.field).cast(pl.Date) - pl.lit(EXCEL_EPOCH)).dt.total_days()
        return days.cast(pl.Float64).alias(column.field)
    if column.codes is None:
        return pl.col(column.field)
    values = frame[column.field].drop_nulls().unique().to_list()
    labels = {value: column.codes.label(value) for value in values}
    return pl.col(column.field).replace_strict(labels, default=None, return_dtype=pl.String)


def write_lists(rows: dict[int, list[tuple[Any, ...]]], out: Path, as_at: dt.date) -> None:
    workbook = xlsxwriter.Workbook(str(out))
    # A fixed creation time, so that the same data gives the same workbook.
    workbook.set_properties(
        {
            "title": f"Annex A as at {as_at:%d/%m/%Y}",
            "created": dt.datetime(as_at.year, as_at.month, as_at.day),
        }
    )
    heading = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for annex in LISTS:
        _sheet(workbook, annex, rows.get(annex.number, []), heading, day)
    workbook.close()


def _sheet(
    workbook: xlsxwriter.Workbook,
    annex: AnnexList,
    rows: Sequence[tuple[Any, ...]],
    heading: Any,
    day: Any,
) -> None:
    sheet = workbook.add_worksheet(annex.sheet)
    for number, column in enumerate(annex.columns):
        sheet.set_column(number, number, 12 if column.kind == "date" else 18)
    sheet.write_row(0, 0, [column.heading for column in annex.columns], heading)
    # One writer and format per column, chosen once: the rows are many.
    writers: list[tuple[Any, Any]] = []
    for column in annex.columns:
        if column.kind == "date":
            writers.append((sheet.write_number, day))
        elif column.kind == "int":
            writers.append((sheet.write_number, None))
        else:
            writers.append((sheet.write_string, None))
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            write, style = writers[c]
            write(r, c, value, style)
