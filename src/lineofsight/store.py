"""The store: where the canonical model lives, SQLite by default and PostgreSQL by URL.

Every difference between the two databases is kept in this module. The schema is made only by the
Alembic migrations; computations read tables out as Polars frames so that both databases give the
same answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import connectorx
import polars as pl
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # The rollback journal, not WAL: the fast reader (connectorx) reads the database file itself and
    # would not see commits still waiting in a write-ahead log.
    cursor.execute("PRAGMA journal_mode=DELETE")
    cursor.close()


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
    engine = create_engine(url)
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


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction: all of it is kept, or none of it."""
    with engine.begin() as connection:
        yield connection


def read_table(engine: Engine | Connection, table: str) -> pl.DataFrame:
    """A whole table of the model as a Polars frame, with the model's column types.

    Given an engine, the table is read by connectorx straight into Arrow columns, several times
    faster than building a Python object per value; inside a transaction (a connection), through it,
    so that the reader sees the transaction's own writes. Either way the frame is cast to the model's
    types, so SQLite and PostgreSQL give identical frames.
    """
    target = Base.metadata.tables[table]
    schema = {column.name: _polars_type(column.type.python_type) for column in target.columns}
    if isinstance(engine, Engine):
        uri = _connectorx_uri(engine)
        if uri is not None:
            columns = ", ".join(f'"{name}"' for name in schema)
            frame: pl.DataFrame = connectorx.read_sql(
                uri, f'SELECT {columns} FROM "{table}"', return_type="polars"
            )
            return frame.cast(pl.Schema(schema))
        with engine.connect() as connection:
            return read_table(connection, table)
    rows = engine.execute(select(target)).all()
    return pl.DataFrame([tuple(row) for row in rows], schema=schema, orient="row")


def _connectorx_uri(engine: Engine) -> str | None:
    """The address connectorx needs for this engine's database, or None where it cannot read it."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return f"sqlite://{Path(url.database).resolve()}"
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql").render_as_string(hide_password=False)
    return None


def _polars_type(python_type: type) -> pl.DataType:
    import datetime as dt

    mapping: dict[type, pl.DataType] = {
        str: pl.String(),
        bool: pl.Boolean(),
        int: pl.Int64(),
        float: pl.Float64(),
        dt.date: pl.Date(),
        dt.datetime: pl.Datetime("us"),
    }
    return mapping[python_type]


def read_tables(engine: Engine, tables: Sequence[str]) -> dict[str, pl.DataFrame]:
    """Several tables read in one connection, so that they are consistent with each other."""
    with engine.connect() as connection:
        return {name: read_table(connection, name) for name in tables}
