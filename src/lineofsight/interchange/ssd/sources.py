"""Where an SSD is read from: a folder of CSV extracts, or the council's database by URL.

Both give the same thing, each `ssd_*` table found as its rows (a row number as the user would find it,
and the values by field name in lower case), so the reader does not care which it was. This is the
only module that knows about databases other than lineofsight's own, and it keeps what is
dialect-specific to SQLAlchemy's URL: `mssql+pymssql://user:pass@host/db` (SQL Server, where most
councils keep the SSD; needs the `pymssql` driver installed, and cannot be tested here),
`postgresql://...`, `oracle+oracledb://...`, or a SQLite file `sqlite:///path`. Tables are found by
name in the URL's default schema, with or without the `ssd_` prefix, in any case.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url

from lineofsight import store
from lineofsight.interchange.loading import InputError
from lineofsight.interchange.ssd.tables import BY_NAME

Rows = Iterator[tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class Found:
    """One SSD table found in the source: its SSD name, where it is (for messages), and its rows."""

    name: str
    place: str
    rows: Rows


def ssd_name(name: str) -> str | None:
    """The SSD table a file or table is, by its name in any case, with or without `ssd_`."""
    lowered = name.strip().lower()
    for candidate in (lowered, f"ssd_{lowered}"):
        if candidate in BY_NAME:
            return candidate
    return None


def is_url(source: str) -> bool:
    return "://" in source


def describe(source: str) -> str:
    """The source as the `loads` table may keep it: a folder's own name, or a URL without its password."""
    if is_url(source):
        return make_url(source).render_as_string(hide_password=True)
    return Path(source).name


def folder_tables(folder: Path) -> list[Found]:
    """Each `ssd_*.csv` in the folder (other files are left alone)."""
    if not folder.is_dir():
        raise InputError(
            folder, "there is no such folder" if not folder.exists() else "is a file, not a folder"
        )
    found: list[Found] = []
    for path in sorted(folder.iterdir()):
        name = ssd_name(path.stem) if path.suffix.lower() == ".csv" else None
        if name is not None:
            found.append(Found(name, f"{path.name}", _csv_rows(path)))
    if not found:
        raise InputError(folder, "holds no SSD tables (ssd_person.csv, ssd_cin_episodes.csv, ...)")
    return found


def _csv_rows(path: Path) -> Rows:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [heading.strip().lower() for heading in next(reader, [])]
        for number, values in enumerate(reader, start=2):
            if any(values) and any(value.strip() for value in values):
                yield number, dict(zip(header, values, strict=False))


@contextmanager
def ssd_tables(source: str) -> Iterator[list[Found]]:
    """The SSD tables of a folder or a database URL, for as long as the caller reads them."""
    if not is_url(source):
        yield folder_tables(Path(source))
        return
    engine = create_engine(store.database_url(source))  # postgresql:// through psycopg 3, as --db
    try:
        yield database_tables(engine, source)
    finally:
        engine.dispose()


def database_tables(engine: Engine, url: str) -> list[Found]:
    """Each SSD table in the database's default schema, read by SQLAlchemy."""
    try:
        names = inspect(engine).get_table_names()
    except Exception as error:  # every driver has its own errors: its first line says what
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise InputError(describe(url), f"cannot read the database: {reason}") from None
    found: list[Found] = []
    metadata = MetaData()
    for table_name in sorted(names):
        name = ssd_name(table_name)
        if name is not None:
            found.append(Found(name, f"table {table_name}", _database_rows(engine, metadata, table_name)))
    if not found:
        raise InputError(describe(url), "holds no SSD tables (ssd_person, ssd_cin_episodes, ...)")
    return found


def _database_rows(engine: Engine, metadata: MetaData, table_name: str) -> Rows:
    table = Table(table_name, metadata, autoload_with=engine)
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True).execute(select(table))
        names = [column.name.lower() for column in table.columns]
        for number, values in enumerate(result, start=1):
            yield number, dict(zip(names, values, strict=True))


def newest_change(folder: Path) -> dt.datetime:
    """When the newest CSV in the folder was written: the extract's moment, unless told."""
    times = [path.stat().st_mtime for path in folder.iterdir() if path.suffix.lower() == ".csv"]
    return dt.datetime.fromtimestamp(max(times)).replace(microsecond=0)
