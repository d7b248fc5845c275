"""The store: migrations make the model's schema, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select, text

from lineofsight import store
from lineofsight.model import Base
from tests.builders import contact, council_data, person, team, worker


def test_migrations_make_exactly_the_tables_of_the_model(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_every_table_of_the_council_data_counts_its_changes_on_postgresql(db_url: str) -> None:
    # web/cache.py trusts the count of changes to move with every change to the council's data; a
    # table added without the trigger (migration 0005's `changed_trigger`) would go unseen.
    engine = store.connect(db_url)
    try:
        with engine.connect() as connection:
            triggered = set(
                connection.execute(
                    text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%_changed'")
                ).scalars()
            )
    finally:
        engine.dispose()
    assert triggered == {f"{table.name}_changed" for table in store.council_tables()}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_changes_to_the_council_data_are_counted_and_the_access_log_is_not(db_url: str) -> None:
    engine = store.connect(db_url)
    changes = Base.metadata.tables["data_changes"]

    def count() -> int | None:
        with engine.connect() as connection:
            return connection.execute(select(changes.c.changes)).scalar()

    try:
        before = count() or 0
        council_data(engine, person("C1"))  # some statements, each counted once
        after_data = count()
        assert after_data is not None and after_data > before
        with store.transaction(engine) as connection:
            connection.execute(
                Base.metadata.tables["access_log"].insert(),
                [{"at": dt.datetime(2026, 3, 2, 9), "username": "sam", "role": "director",
                  "child_id": "C1", "page": "/children/C1", "outcome": "viewed"}],
            )  # fmt: skip
        assert count() == after_data
        with store.transaction(engine) as connection:
            store.empty_tables(connection)  # deletes are counted, and the count itself is kept
        emptied = count()
        assert emptied is not None and emptied > after_data
    finally:
        engine.dispose()


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    store.migrate(engine)
    assert store.is_migrated(engine)


def test_tables_read_back_with_the_same_types_on_both_databases(engine: Engine) -> None:
    with store.transaction(engine) as connection:
        store.insert_rows(
            connection,
            "teams",
            [{"team_id": "T1", "team_name": "Safeguarding 1", "team_function": "safeguarding"}],
        )
        store.insert_rows(
            connection,
            "posts",
            [
                {
                    "post_id": "P1",
                    "team_id": "T1",
                    "post_role": "social_worker",
                    "post_fte": 0.5,
                    "post_start_date": dt.date(2024, 2, 29),
                }
            ],
        )
    posts = store.read_table(engine, "posts")
    assert posts.row(0, named=True) == {
        "post_id": "P1",
        "team_id": "T1",
        "post_role": "social_worker",
        "post_fte": 0.5,
        "post_start_date": dt.date(2024, 2, 29),
        "post_end_date": None,
    }


_DRAWN = random.Random(7)
AWKWARD_FLOATS = [_DRAWN.uniform(0, 1) * 10.0 ** _DRAWN.randint(-30, 30) for _ in range(40)]


def test_awkward_values_read_back_exactly_as_stored_on_both_databases(engine: Engine) -> None:
    # Values that a reader through text (PostgreSQL's CSV, SQLite's JSON) could get wrong: a NULL
    # beside an empty text, quotes, commas and line breaks inside a text, text that looks like a
    # number or a NULL marker, spaces at either end, letters beyond ASCII, a float that needs all
    # 17 digits, a tiny float, times with and without fractions of a second, booleans.
    council_data(
        engine,
        team("T1"),
        {**worker("W1", fte=0.1 + 0.2), "worker_forename": ""},  # 0.30000000000000004
        {**worker("W2", fte=1e-300), "worker_forename": None, "worker_surname": 'O"Brien, "Jr"'},
        {**person("C1"), "person_forename": "", "person_surname": "line\nbreak\r\nand more"},
        {**person("C2"), "person_forename": None, "person_surname": " NaN ", "person_disability": True},
        {**person("C3"), "person_forename": "\\N", "person_surname": "Zoë Ødegård 😀"},
        contact("C1", dt.datetime(2024, 6, 3, 9, 0, 0, 123456)),
        contact("C2", dt.datetime(2024, 6, 3, 9, 0, 0, 500000)),
        contact("C3", dt.datetime(2024, 6, 3, 23, 59, 59)),
        # Forty floats of every size, each of which must come back to the last bit.
        *(worker(f"X{index}", fte=value) for index, value in enumerate(AWKWARD_FLOATS)),
    )
    for name in ("workers", "person", "contacts"):
        target = Base.metadata.tables[name]
        with engine.connect() as connection:
            # What SQLAlchemy's own driver reads, row by row: the values as they were stored.
            stored = sorted(tuple(row) for row in connection.execute(select(target)).all())
        read = store.read_table(engine, name)
        assert sorted(read.rows()) == stored, name
        with store.transaction(engine) as connection:  # inside a transaction, as a load reads
            assert sorted(store.read_table(connection, name).rows()) == stored, name
    surnames = dict(store.read_table(engine, "person").select("person_id", "person_surname").rows())
    assert surnames == {"C1": "line\nbreak\r\nand more", "C2": " NaN ", "C3": "Zoë Ødegård 😀"}
    forenames = dict(store.read_table(engine, "person").select("person_id", "person_forename").rows())
    assert forenames == {"C1": "", "C2": None, "C3": "\\N"}
    assert sorted(store.read_table(engine, "workers")["worker_fte"].to_list()) == sorted(
        [1e-300, 0.1 + 0.2, *AWKWARD_FLOATS]
    )


def test_a_failed_transaction_keeps_nothing(engine: Engine) -> None:
    row = {"team_id": "T1", "team_name": "Front door", "team_function": "front_door"}
    with pytest.raises(Exception), store.transaction(engine) as connection:  # noqa: B017
        store.insert_rows(connection, "teams", [row])
        store.insert_rows(connection, "teams", [row])  # duplicate key: the whole load fails
    assert store.read_table(engine, "teams").height == 0


def test_a_plain_path_is_a_sqlite_file_and_a_url_is_kept() -> None:
    assert store.database_url("x/y.db") == "sqlite:///x/y.db"
    assert store.database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="there is no database"):
        store.connect(str(tmp_path / "absent.db"))


def test_a_database_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="does not exist"):
        store.connect(str(tmp_path / "no" / "such.db"), create=True)


def test_without_db_the_environment_variable_then_the_default_file_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LINEOFSIGHT_DB", raising=False)
    assert store.database_url(None) == "sqlite:///lineofsight.db"
    monkeypatch.setenv("LINEOFSIGHT_DB", "postgresql://u@h/council")
    assert store.database_url(None) == "postgresql+psycopg://u@h/council"
    assert store.database_url("other.db") == "sqlite:///other.db"  # --db wins


def test_emptying_the_council_s_data_keeps_the_accounts(engine: Engine) -> None:
    # `synth --replace` and reloads empty the council's data; the people who sign in are not part of it.
    from lineofsight import accounts

    accounts.add_user(engine, "director1", "a long enough password", "director")
    council_data(engine, person("C1"))
    with store.transaction(engine) as connection:
        store.empty_tables(connection)
    assert not store.has_data(engine)
    assert accounts.count_users(engine) == 1


def test_a_database_of_an_older_version_must_be_migrated_first(tmp_path: Path) -> None:
    """It has every table but not every column: reading it would fail with a puzzling error, so the
    commands refuse it with the fix, and `migrate` brings it up to date."""
    engine = store.connect(str(tmp_path / "old.db"), create=True)
    try:
        with engine.begin() as connection:
            command.upgrade(store._alembic_config(connection), "0006")  # before person_former_upn
        assert not store.is_migrated(engine)
        with pytest.raises(store.StoreError, match="run `lineofsight migrate --db "):
            store.require_schema(engine)
        store.migrate(engine)
        assert store.is_migrated(engine)
    finally:
        engine.dispose()


def test_a_postgresql_connection_dropped_while_idle_in_the_pool_is_replaced_before_it_is_used(
    postgres_url: str,
) -> None:
    """PostgreSQL restarted (or a connection ended by an administrator or a firewall) leaves the web
    app's pooled connections dead; the next request on each would fail with a 500. The pool checks a
    connection before handing it out (`pool_pre_ping`), so it is replaced instead."""
    engine = store.connect(postgres_url)
    killer = store.connect(postgres_url)
    try:
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with killer.connect() as connection:
            ended = connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        assert ended
        with engine.connect() as connection:
            assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        engine.dispose()
        killer.dispose()
