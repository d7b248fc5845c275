"""Ofsted's Annex A workbook: read a council's (`read_annex_a`) and write one for an inspection
(`write_annex_a`).

The lists are declared in `annex_a.lists` and their codes in `annex_a.codes`; `annex_a.sheets`
finds the lists in a council's workbook, `annex_a.values` types their cells, `annex_a.rows` maps
each list into the canonical model (with `annex_a.reading` holding the state of one read), and
`annex_a.extract` and `annex_a.write` make the workbook back from the model. The reader and the
writer are imported when first used, so that what needs only the codes (a child's journey) does
not load the workbook libraries.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from lineofsight.interchange.loading import Batch


def read_annex_a(
    path: Path, connection: Connection | None = None, extract_date: dt.date | None = None
) -> Batch:
    """A council's Annex A workbook as rows of the canonical model (see `annex_a.read`)."""
    from lineofsight.interchange.annex_a.read import read_annex_a as read

    return read(path, connection, extract_date)


def write_annex_a(engine: Engine, as_at: dt.date, out: Path) -> Path:
    """The Annex A workbook for an inspection on `as_at` (see `annex_a.write`)."""
    from lineofsight.interchange.annex_a.write import write_annex_a as write

    return write(engine, as_at, out)


__all__ = ["read_annex_a", "write_annex_a"]
