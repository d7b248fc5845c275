"""The DfE children-in-need census: one XML file per collection year, read and written.

The census covers the year ending 31 March: every child with a CIN episode open at any point of the
year, and for each episode the assessments, CIN plans, section 47 enquiries, conferences, child
protection plans and reviews that belong to that year. `cin_census.write` writes it from the
canonical model; `cin_census.read` reads it back, under the natural keys of `interchange.keys`, so
that last year's census and this year's say the same referral.

What changes from year to year lives in `cin_census.years`, as data (`CensusYear`). The reader and
the writer are imported when first used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lineofsight.interchange.cin_census.years import YEARS, CensusYear, census_year

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from lineofsight.interchange.loading import Batch


def write_cin_census(engine: Engine, year: int, out: Path) -> Path:
    """The CIN census for the collection year ending 31 March `year`, written to `out`."""
    from lineofsight.interchange.cin_census.write import write

    return write(engine, year, out)


def read_cin_census(path: Path, connection: Connection | None = None) -> Batch:
    """A CIN census file as rows of the canonical model, with the rows it had to reject."""
    from lineofsight.interchange.cin_census.read import read

    return read(path, connection)


__all__ = [
    "YEARS",
    "CensusYear",
    "census_year",
    "read_cin_census",
    "write_cin_census",
]
