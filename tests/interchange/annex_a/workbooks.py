"""Small Annex A workbooks for the tests (helpers only: no tests here), built with xlsxwriter:
clean ones, with Ofsted's headings as a council fills them in, and the rows of written sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fastexcel
import xlsxwriter  # type: ignore[import-untyped]

from lineofsight.interchange.annex_a.lists import BY_NUMBER

Cell = Any
D = dt.date


def headings(number: int) -> list[str]:
    return [column.heading for column in BY_NUMBER[number].columns]


def build(path: Path, sheets: dict[str, Sequence[Sequence[Cell]]], *, first_row: int = 0) -> Path:
    """A workbook of the given sheets, each a list of rows (the first, its headings), written from
    spreadsheet row `first_row + 1`; dates as Excel dates."""
    workbook = xlsxwriter.Workbook(str(path))
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows, start=first_row):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), day)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)
    workbook.close()
    return path


C1 = ["C1", "a) Male", "a) WBRI", D(2015, 6, 1), 9]
C2 = ["C2", "b) Female", "o) BAFR", D(2018, 2, 10), 6]
C3 = ["C3", "a) Male", "a) WBRI", D(2010, 1, 15), 14]
C4 = ["C4", "b) Female", "a) WBRI", D(2005, 5, 5), 19]
TEAM = ["Assessment 1", "Sam Worker"]


def clean_lists() -> dict[str, list[list[Cell]]]:
    """One or two children in each of Lists 1 to 10, Ofsted's headings, codes as the guidance has
    them: the small council whose rows the reader's test works out by hand."""
    return {
        "List 1": [
            headings(1),
            [*C1, D(2024, 8, 1), "q) 6: Police"],
            [*C2, D(2024, 9, 2), "e) 2A: Schools"],
        ],
        "List 2": [headings(2), [*C2, D(2024, 9, 5), None, "Family Hub"]],
        "List 3": [headings(3), [*C1, D(2024, 8, 2), "q) 6: Police", "b) No", 1, *TEAM]],
        "List 4": [headings(4), [*C1, "b) No", D(2024, 8, 5), "a) Yes", D(2024, 9, 10), "a) Yes", *TEAM]],
        "List 5": [
            headings(5),
            [*C1, "b) No", D(2024, 8, 20), "b) No", D(2024, 9, 3), "a) Yes", 1, 1, *TEAM],
        ],
        "List 6": [
            headings(6),
            [
                *C1,
                "b) No",
                D(2024, 8, 2),
                "N1 - Abuse or neglect",
                D(2024, 9, 20),
                None,
                None,
                "b) Child Protection plan",
                *TEAM,
            ],
        ],
        "List 7": [
            headings(7),
            [
                *C1,
                "b) No",
                D(2024, 9, 3),
                "a) Neglect",
                "a) Neglect",
                D(2024, 9, 20),
                "a) Yes",
                None,
                None,
                "b) No",
                0,
                *TEAM,
            ],
        ],
        "List 8": [
            headings(8),
            [
                *C3,
                "b) No",
                "a) Yes",
                D(2023, 3, 1),
                "N1 - Abuse or neglect",
                "b) No",
                D(2023, 6, 1),
                "C2: FCO",
                D(2024, 8, 15),
                D(2024, 9, 1),
                None,
                None,
                D(2024, 5, 1),
                D(2024, 4, 1),
                1,
                None,
                None,
                D(2024, 1, 10),
                "d) U4: Foster placement - long term",
                "b) PR1: Own provision",
                "ZZ1 1AA",
                None,
                "a) In",
                None,
                0,
                0,
                None,
                None,
                *TEAM,
            ],
        ],
        "List 9": [
            headings(9),
            [
                *C4,
                "b) No",
                *TEAM,
                "Pat Adviser",
                "b) Former relevant child",
                D(2024, 7, 1),
                "a) Yes",
                D(2024, 9, 10),
                "U: Independent living",
                "a) Suitable",
                "F2: Full time in education other than higher",
            ],
        ],
        "List 10": [
            headings(10),
            [
                *C3,
                "a) Yes",
                D(2023, 3, 1),
                D(2024, 2, 1),
                D(2024, 5, 1),
                None,
                None,
                None,
                None,
                None,
                None,
                *TEAM,
            ],
        ],
        "List 11": [headings(11)],
    }


def sheet_rows(path: Path, name: str) -> list[tuple[str | None, ...]]:
    """A written sheet's rows under its headings, every cell as text (dates as yyyy-mm-dd)."""
    sheet = fastexcel.read_excel(path).load_sheet(name, dtypes="string").to_polars()
    return [tuple(None if v is None else v.removesuffix(" 00:00:00") for v in row) for row in sheet.rows()]


def sheet_headings(path: Path, name: str) -> list[str]:
    return list(fastexcel.read_excel(path).load_sheet(name, n_rows=0).to_polars().columns)
