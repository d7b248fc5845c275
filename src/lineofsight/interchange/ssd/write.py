"""Writing what the database holds as SSD extracts, one CSV per `ssd_*` table, as a council's nightly
SSD would give them: so that the synthetic council runs the live path end to end (tests, demos and
benchmarks), and so that what is written reads back the same (`read.py` goes by the same map).

Dates are written as `YYYY-MM-DD`, moments as `YYYY-MM-DD HH:MM:SS.ffffff`, flags as `Y`/`N`. Where the
canonical model keeps a code in place of the SSD's JSON outcome (`cina_assessment_outcome_json`,
`s47e_s47_outcome_json`), the code is written as it is. `dept_team_function` is not in the
specification: the synthetic council's teams say what they do, and the extract carries it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.interchange.ssd.tables import ROLE_TITLES, TABLES, SsdTable


def write_ssd(engine: Engine, folder: Path) -> list[Path]:
    """Every SSD table the model fills, written into `folder`; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = store.read_tables(engine, sorted({table.target for table in TABLES}))
    written: list[Path] = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        _extract(table, frames[table.target]).write_csv(
            path, date_format="%Y-%m-%d", datetime_format="%Y-%m-%d %H:%M:%S%.f"
        )
        written.append(path)
    return written


def _extract(table: SsdTable, frame: pl.DataFrame) -> pl.DataFrame:
    for column, value in table.fixed.items():
        if frame.schema[column] == pl.String:
            frame = frame.filter(pl.col(column) == value)
    if table.target == "workers":
        frame = frame.with_columns(
            pl.concat_str("worker_forename", "worker_surname", separator=" ").alias("worker_name"),
            pl.col("worker_role").replace_strict(ROLE_TITLES, default=pl.col("worker_role")),
        )
    columns = []
    for field, column in table.fields.items():
        value = pl.col(column)
        if frame.schema[column] == pl.Boolean:
            value = pl.when(value).then(pl.lit("Y")).when(~value).then(pl.lit("N"))
        columns.append(value.alias(field))
    return frame.select(columns)
