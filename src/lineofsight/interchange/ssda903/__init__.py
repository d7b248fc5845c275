"""The DfE children-looked-after return, SSDA903: a folder of CSV tables per collection year.

`ssda903.tables` holds the tables' columns and names by year and `ssda903.codes` the codes the
reader checks; `ssda903.episodes` derives the return's episodes from periods of care, placements
and legal statuses, and `ssda903.social_workers` its social worker episodes from allocations;
`ssda903.write` writes a year's tables from the canonical model and `ssda903.read` (with
`ssda903.reading`, `ssda903.read_records` and `ssda903.read_social_workers`) reads them back under
the natural keys of `interchange.keys`, so that this year's return and next year's say the same
period of care. The reader and the writer are imported when first used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from lineofsight.interchange.loading import Batch


def read_ssda903(path: Path, connection: Connection | None = None, year: int | None = None) -> Batch:
    """The 903 tables in the folder `path`, for the collection year `year`, as rows of the canonical
    model (see `ssda903.read`)."""
    from lineofsight.interchange.ssda903.read import read_ssda903 as read

    return read(path, connection, year)


def write_ssda903(engine: Engine, year: int, out: Path) -> list[Path]:
    """The 903 tables for the collection year ending 31 March `year`, written into the folder `out`
    (see `ssda903.write`)."""
    from lineofsight.interchange.ssda903.write import write_ssda903 as write

    return write(engine, year, out)


__all__ = ["read_ssda903", "write_ssda903"]
