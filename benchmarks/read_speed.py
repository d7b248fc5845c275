"""How fast the store reads the council's tables into Polars frames, against the floor.

    .venv/bin/python benchmarks/read_speed.py [--db sqlite|postgresql|both] [--keep DIR] [--repeat 5]

Every measure, alert and page starts by reading tables out of the store (`store.read_table`). On
SQLite they are read through Python's own SQLite library only (a second copy of SQLite in the process
corrupted databases under concurrent use: issue 15), each column as one JSON array parsed by Polars.
The floor, measured in the same run, is the least any reader through that library can do: every row
of every table fetched as Python tuples with `sqlite3`, nothing typed or converted. On PostgreSQL
(`--db postgresql`: the test server of `scripts/postgres.sh`, started if need be, holding the same
council) tables come as CSV through `COPY` over one connection of the pool, and the floor is every row
fetched as Python tuples with psycopg over one connection. Prints the best of `--repeat` runs of each,
for the `stretched` council (seed 1, 5 years).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

import psycopg

from councils import best, kept_council
from lineofsight import store
from web_speed import fresh_postgres, postgres_server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite")
    args = parser.parse_args()
    tables = [table.name for table in store.council_tables()]
    if args.db in ("postgresql", "both"):
        postgresql(tables, args.repeat)
    if args.db == "postgresql":
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path, _ = kept_council(folder, "stretched")
        engine = store.connect(str(path))
        rows = 0

        def floor() -> None:
            nonlocal rows
            with sqlite3.connect(path) as connection:
                rows = sum(len(connection.execute(f'SELECT * FROM "{name}"').fetchall()) for name in tables)
            connection.close()

        def frames() -> None:
            for name in tables:
                store.read_table(engine, name)

        floor_seconds = best(args.repeat, floor)
        read_seconds = best(args.repeat, frames)
        engine.dispose()
        size = path.stat().st_size / 1e6
        print(f"stretched, {len(tables)} tables, {rows:,} rows ({size:.0f} MB SQLite file)")
        print(f"  floor: sqlite3 fetchall, nothing typed: {floor_seconds:.3f} s")
        print(
            f"  store.read_table, every table as typed Polars frames: {read_seconds:.3f} s "
            f"({read_seconds / floor_seconds:.2f}x the floor)"
        )


def postgresql(tables: list[str], repeat: int) -> None:
    """The same on PostgreSQL: `store.read_table` against psycopg's rows as Python tuples."""
    url = fresh_postgres(postgres_server())
    engine = store.connect(url)
    rows = 0

    def floor() -> None:
        nonlocal rows
        with psycopg.connect(url) as connection:
            rows = sum(len(connection.execute(f'SELECT * FROM "{name}"').fetchall()) for name in tables)

    def frames() -> None:
        for name in tables:
            store.read_table(engine, name)

    floor_seconds = best(repeat, floor)
    read_seconds = best(repeat, frames)
    engine.dispose()
    print(f"stretched on PostgreSQL, {len(tables)} tables, {rows:,} rows")
    print(f"  floor: psycopg fetchall, one connection: {floor_seconds:.3f} s")
    print(
        f"  store.read_table, every table as typed Polars frames: {read_seconds:.3f} s "
        f"({read_seconds / floor_seconds:.2f}x the floor)"
    )


if __name__ == "__main__":
    main()
