"""The store: where the canonical model lives, SQLite by default and PostgreSQL by URL.

Every difference between the two databases is kept in this module. The schema is made only by the
Alembic migrations; computations read tables out as Polars frames so that both databases give the
same answers.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import polars as pl
import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, Table, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Boolean

from lineofsight.model import Base

DEFAULT_DB = "lineofsight.db"
ENV_VAR = "LINEOFSIGHT_DB"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The database cannot be opened or used; the message says why, in a user's words."""


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for `--db`, `LINEOFSIGHT_DB`, or the default file in the working folder.

    A plain path means a SQLite file; anything with `://` is taken as a URL.
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        try:
            make_url(value)
        except ArgumentError as error:
            raise StoreError(f"{value!r} is not a database URL or path") from error
        return value
    return f"sqlite:///{value}"


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


BUSY_SECONDS = 30.0  # how long a SQLite statement waits for another process's write to finish


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead logging: readers (every page, every report) never wait for a writer (a night's load,
    # the access log) nor hold one up. The mode is kept in the file, so this is a no-op after the
    # first connection; a database in another mode that is busy stays as it is until the next time.
    with suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    """Take SQLite's write lock at the start of a transaction, not at its first write.

    Python's sqlite3 begins a transaction only at the first INSERT, UPDATE or DELETE, so the reads
    before it (a load looks up the keys it will write) would see the database before another
    process's write that lands in between, and two loads of the same file at once would both insert
    the same rows. BEGIN IMMEDIATE makes the second wait (up to `BUSY_SECONDS`) for the first.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def connect(db: str | None = None, *, create: bool = False) -> Engine:
    """An engine for the store, checked to be reachable (and, for SQLite, writable when `create`)."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not create and not path.exists():
            raise StoreError(
                f"there is no database at {path}: `lineofsight migrate --db {path}` makes an empty one"
                f" to load returns into, `lineofsight synth --db {path}` a synthetic council"
            )
        if create and not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreError(f"cannot write to {path}")
        if create and not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create {path}: folder {path.parent} is not writable")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})
    else:
        # A connection kept in the pool dies when PostgreSQL restarts (or an administrator or a
        # firewall ends it); checked before it is handed out, it is replaced rather than failing the
        # request that gets it (scripts/faults.py). The check is one round trip, under 0.1 ms here.
        engine = create_engine(url, pool_pre_ping=True)
    if is_sqlite(engine):
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect():
            pass
    except Exception as error:  # the driver's own exception types differ by database
        engine.dispose()
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise StoreError(f"cannot open the database at {describe(engine)}: {reason}") from error
    return engine


@contextmanager
def opened(db: str | None = None, *, create: bool = False) -> Iterator[Engine]:
    """`connect`, closing every connection when the work is done."""
    engine = connect(db, create=create)
    try:
        yield engine
    finally:
        engine.dispose()


def describe(engine: Engine) -> str:
    """The database's location, a file path or a URL with any password hidden, for messages."""
    if is_sqlite(engine):
        return str(engine.url.database)
    return engine.url.render_as_string(hide_password=True)


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (a no-op when it is already there)."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def is_migrated(engine: Engine) -> bool:
    """True when the database is at this version's newest migration: a database made by an older
    version has the tables but not every column, and reading it would fail with a puzzling error."""
    if not set(Base.metadata.tables) <= set(inspect(engine).get_table_names()):
        return False
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
        newest = set(ScriptDirectory.from_config(_alembic_config(connection)).get_heads())
    return current == newest


def require_schema(engine: Engine) -> None:
    """Refuse, with the fix in the message, a database that lacks this version's tables."""
    if not is_migrated(engine):
        raise StoreError(
            f"{describe(engine)} does not hold this version's tables; "
            f"run `lineofsight migrate --db {describe(engine)}`"
        )


def council_tables() -> list[Table]:
    """The tables of the council's data, parents first: every table but the accounts (users, tokens,
    the access log), which belong to the people using lineofsight and outlive any reload of the data,
    and the bookkeeping (the count of changes to the data, which only ever rises)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if not (table.info.get("accounts") or table.info.get("bookkeeping"))
    ]


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows each table of the council's data holds, in one statement."""
    tables = council_tables()
    counts = select(*(select(func.count()).select_from(table).scalar_subquery() for table in tables))
    with engine.connect() as connection:
        numbers = connection.execute(counts).one()
    return {table.name: int(number) for table, number in zip(tables, numbers, strict=True)}


def has_data(engine: Engine) -> bool:
    """True when any table of the council's data holds a row."""
    with engine.connect() as connection:
        return any(
            connection.execute(select(table).limit(1)).first() is not None for table in council_tables()
        )


def empty_tables(connection: Connection) -> None:
    """Delete every row of the council's data, children before parents; accounts are kept."""
    for table in reversed(council_tables()):
        connection.execute(table.delete())


def insert_rows(connection: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows into a table of the model in batches."""
    target = Base.metadata.tables[table]
    batch = 5_000
    for start in range(0, len(rows), batch):
        connection.execute(target.insert(), list(rows[start : start + batch]))


# The key of the PostgreSQL advisory lock a writer of the council's data holds (any number: the
# lock is this database's own, and nothing else in it takes advisory locks).
WRITER_LOCK = 0x6C6F73  # "los"
SIGN_IN_LOCK = 0x6C6F7369  # "losi": sign-ins take turns with each other, not with loads


@contextmanager
def transaction(engine: Engine, *, lock: int = WRITER_LOCK) -> Iterator[Connection]:
    """A connection in one transaction: all of it is kept, or none of it; it holds the database's
    write lock from its first statement, so what it reads stays true until it commits, and two such
    transactions (two loads of the same file at once) take turns.

    On SQLite that is SQLite's own write lock (`BEGIN IMMEDIATE`). PostgreSQL lets writers run side by
    side, so there two loads of the same file would each find its records missing and insert them,
    and the second would fail on a unique key when the first commits: a transaction-scoped advisory
    lock makes the second wait for the first, and then find its records held. Work that must take
    turns only with its own kind (sign-ins counting failures) names a `lock` of its own, so that it
    does not wait for a night's load on PostgreSQL."""
    with engine.begin() as connection:
        if is_sqlite(connection):
            _begin_immediate(connection)
        else:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(lock)})")
        yield connection


def read_table(engine: Engine | Connection, table: str) -> pl.DataFrame:
    """A whole table of the model as a Polars frame, with the model's column types.

    Given a connection (inside a transaction), the reader sees the transaction's own writes. Either
    way the frame has the model's types, so SQLite and PostgreSQL give identical frames.

    SQLite is read only through the SQLite library that writes it (Python's own, under SQLAlchemy).
    A second copy of SQLite in the same process, such as the one connectorx carried, would open the
    same file with POSIX locks of its own: closing its file drops the locks the first copy holds,
    and a writer in another process can then corrupt the database. So each column comes out of
    SQLite as one JSON array (SQLite builds it in C) and Polars parses it (in Rust): no Python
    object per value. PostgreSQL sends the table as CSV (`COPY ... TO STDOUT`) over one of the
    pool's connections and Polars parses that: connectorx opened a new connection for every table
    (a new server process on PostgreSQL's side, 12-15 ms even for a table of ten rows, about half
    of reading the whole council; issue 15).
    """
    target = Base.metadata.tables[table]
    if isinstance(engine, Engine):
        with engine.connect() as connection:
            return read_table(connection, table)
    if is_sqlite(engine):
        return _read_sqlite(engine, target)
    return _read_postgres(engine, target)


def _read_postgres(connection: Connection, target: Table) -> pl.DataFrame:
    """One PostgreSQL table through `COPY ... TO STDOUT (FORMAT csv)`, typed as the model says.

    The CSV keeps everything the frame needs: a NULL is an empty field and an empty text a quoted
    `""` (Polars tells them apart), quotes, commas and line breaks inside a text are quoted, a float
    is written with as many digits as it takes to read back the same number (PostgreSQL 12 on),
    dates and times in ISO form (`DateStyle` is set so for the transaction). A value that is not of
    its column's type is an error, never a NULL. Each row starts with a constant, so that a row of
    one NULL column is never an empty line (which CSV readers skip)."""
    columns = list(target.columns)
    names = ", ".join(f'"{column.name}"' for column in columns)
    raw = connection.connection.driver_connection
    if not isinstance(raw, psycopg.Connection):  # pragma: no cover - psycopg is the driver we ship
        raise StoreError(f"PostgreSQL is read through psycopg, not {type(raw).__name__}")
    chunks: list[bytes] = []
    with raw.cursor() as cursor:
        # For this transaction only: ISO dates, and UTF-8 whatever the database's own encoding.
        cursor.execute("SET LOCAL DateStyle TO ISO")
        cursor.execute("SET LOCAL client_encoding TO 'UTF8'")
        query = f'COPY (SELECT 1 AS "row", {names} FROM "{target.name}") TO STDOUT (FORMAT csv, HEADER)'
        with cursor.copy(query) as copy:
            chunks.extend(bytes(chunk) for chunk in copy)
    text = pl.read_csv(b"".join(chunks), infer_schema=False, quote_char='"').drop("row")
    typed = []
    for column in columns:
        python_type = column.type.python_type
        values = text[column.name]
        if python_type is dt.date:
            values = values.str.to_date("%Y-%m-%d")
        elif python_type is dt.datetime:
            values = values.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us")
        elif python_type is bool:
            values = values.replace_strict({"t": True, "f": False}, return_dtype=pl.Boolean)
        else:
            values = values.cast(_polars_type(python_type), strict=True)
        typed.append(values)
    return pl.DataFrame(typed, schema={c.name: _polars_type(c.type.python_type) for c in columns})


# How each Python type of the model is stored by SQLAlchemy in SQLite, and read back from JSON.
_SQLITE_STORED: dict[type, tuple[str, pl.DataType]] = {
    int: ("INTEGER", pl.Int64()),
    bool: ("INTEGER", pl.Int64()),
}


def _sqlite_json_value(column: Column[Any]) -> str:
    """What goes into a column's JSON array. A float goes as text of 17 significant digits, enough
    to read back the very number stored: SQLite writes a REAL into JSON with only 15
    (0.1 + 0.2 came back as 0.3), and `printf` gives 16 without the `!` flag."""
    name = f'"{column.name}"'
    if column.type.python_type is float:
        return f"CASE WHEN {name} IS NULL THEN NULL ELSE printf('%!.17g', {name}) END"
    return f"CAST({name} AS {_SQLITE_STORED.get(column.type.python_type, ('TEXT',))[0]})"


def _read_sqlite(connection: Connection, target: Table) -> pl.DataFrame:
    """One SQLite table, a JSON array per column from a single scan (so every column has the rows in
    the same order), typed as the model says: SQLAlchemy keeps dates as `YYYY-MM-DD` text and times
    as `YYYY-MM-DD HH:MM:SS.ffffff`, booleans as 0 and 1."""
    columns = list(target.columns)
    arrays = ", ".join(f"json_group_array({_sqlite_json_value(column)})" for column in columns)
    found = connection.exec_driver_sql(f'SELECT count(*), {arrays} FROM "{target.name}"').one()
    if found[0] == 0:
        schema = {column.name: _polars_type(column.type.python_type) for column in columns}
        return pl.DataFrame(schema=schema)
    series = []
    for column, array in zip(columns, found[1:], strict=True):
        python_type = column.type.python_type
        read_as = _SQLITE_STORED.get(python_type, ("TEXT", pl.String()))[1]
        values = pl.Series(column.name, [array]).str.json_decode(pl.List(read_as)).explode()
        if python_type is dt.date:
            values = values.str.to_date("%Y-%m-%d")
        elif python_type is dt.datetime:
            values = values.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us")
        elif python_type is bool:
            values = values.cast(pl.Boolean)
        elif python_type is float:
            values = values.cast(pl.Float64, strict=True)
        series.append(values)
    return pl.DataFrame(series)


def _polars_type(python_type: type) -> pl.DataType:
    mapping: dict[type, pl.DataType] = {
        str: pl.String(),
        bool: pl.Boolean(),
        int: pl.Int64(),
        float: pl.Float64(),
        dt.date: pl.Date(),
        dt.datetime: pl.Datetime("us"),
    }
    return mapping[python_type]


class holds_text(FunctionElement[bool]):  # noqa: N801 - used as a function, like SQLAlchemy's own
    """`holds_text(column, text)`: whether the column's text holds `text` as it is, with no wildcards
    and in the case given (LIKE has both wildcards and, on SQLite, no case): SQLite's `instr`,
    PostgreSQL's `strpos`."""

    type = Boolean()
    inherit_cache = True


@compiles(holds_text, "sqlite")
def _holds_text_sqlite(element: holds_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(instr({compiler.process(element.clauses, **kw)}) > 0)"


@compiles(holds_text, "postgresql")
def _holds_text_postgresql(element: holds_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(strpos({compiler.process(element.clauses, **kw)}) > 0)"


def read_tables(engine: Engine, tables: Sequence[str]) -> dict[str, pl.DataFrame]:
    """Several tables read in one connection, so that they are consistent with each other."""
    with engine.connect() as connection:
        return {name: read_table(connection, name) for name in tables}
