"""SSD extracts written by hand, a few rows a table, for the tests of the SSD's tables: each table
a CSV file in a folder, as `lineofsight ssd load` reads them, and the people they are about.

The tests that load the synthetic council's whole SSD export use `write_ssd` instead
(`test_ssd.py`'s `council`); these are for the cases a generated council does not show.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

# The extract is taken at 06:10 on Tuesday 31 March 2026, the last day the tests' data covers.
TAKEN = dt.datetime(2026, 3, 31, 6, 10)
PERSON = ["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"]


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """One table of an extract: its headings, then its rows, every value as the CSV has it."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def people(folder: Path, ids: list[str], sex: str, born: str) -> Path:
    """A new extract's folder holding `ssd_person.csv`: the children (or young people) `ids`, each of
    `sex`, white British, born on `born` (YYYY-MM-DD)."""
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "ssd_person.csv", PERSON, [[person, sex, "WBRI", born] for person in ids])
    return folder
