"""Test fixtures: a migrated store on SQLite and on PostgreSQL.

Every test that asks for `engine` runs twice, once on each database. PostgreSQL is the throw-away
server that `make test` starts (scripts/postgres.sh); its URL arrives in LINEOFSIGHT_TEST_PG. Without
it the PostgreSQL half of the suite fails loudly rather than skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from lineofsight import store
from lineofsight.model import Base

PG_ENV = "LINEOFSIGHT_TEST_PG"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated once, dropped at the end."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.fail(f"{PG_ENV} is not set: run the tests with `make test`, which starts PostgreSQL")
    name = f"lineofsight_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(store.database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + "/" + name
    engine = store.connect(url)
    store.migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


BACKENDS = ["sqlite", "postgresql"]


class StoreFactory:
    """Makes fresh, migrated, empty stores of one kind for a whole test session."""

    def __init__(self, kind: str, folder: Path, template: Path, server: str | None) -> None:
        self.kind = kind
        self.folder = folder
        self.template = template
        self.server = server
        self.databases: list[str] = []

    def new(self) -> str:
        """The `--db` value of a new empty store."""
        if self.kind == "sqlite":
            path = self.folder / f"store{len(self.databases)}.db"
            shutil.copy(self.template, path)
            self.databases.append(str(path))
            return str(path)
        if not self.server:
            pytest.fail(f"{PG_ENV} is not set: run the tests with `make test`, which starts PostgreSQL")
        name = f"lineofsight_test_{uuid.uuid4().hex[:8]}"
        admin = create_engine(store.database_url(self.server), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = self.server.rsplit("/", 1)[0] + "/" + name
        engine = store.connect(url)
        store.migrate(engine)
        engine.dispose()
        self.databases.append(name)
        return url

    def drop_all(self) -> None:
        if self.kind != "postgresql" or not self.server:
            return
        admin = create_engine(store.database_url(self.server), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.databases:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def store_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[StoreFactory]:
    """A maker of fresh stores, once per database kind, for session-wide data such as councils."""
    factory = StoreFactory(
        request.param, tmp_path_factory.mktemp(request.param), sqlite_template, os.environ.get(PG_ENV)
    )
    yield factory
    factory.drop_all()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """The `--db` value of an empty, migrated store, on each database in turn."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        yield str(path)
    else:
        url: str = request.getfixturevalue("postgres_url")
        engine = store.connect(url)
        with store.transaction(engine) as connection:
            # Every table, accounts and the access log too (store.empty_tables keeps those), but
            # not the count of changes, which only ever rises (web/cache.py relies on it).
            for table in reversed(Base.metadata.sorted_tables):
                if not table.info.get("bookkeeping"):
                    connection.execute(table.delete())
        engine.dispose()
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty, migrated store, on each database in turn."""
    engine = store.connect(db_url)
    yield engine
    engine.dispose()
