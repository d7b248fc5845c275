"""Readers that stand in for a return's own reader in a load's child process (`load_process`, given as
"tests.hostile_readers:NAME"): what the next hostile file might make a real reader do. Each is called
inside the load's transaction, as a reader is, holding the database's write lock."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from lineofsight.interchange.cin_census import read_cin_census
from lineofsight.interchange.loading import Batch

BARRIER_ENV = "LINEOFSIGHT_TEST_BARRIER"


def allocates_without_bound(path: Path, connection: Connection, **options: Any) -> Batch:
    """Asks the native allocator for more and more, 128 MB at a time, and never lets go: as the
    workbook reader did for a workbook whose cells ran to column XFD over a million rows, until the
    allocator aborts the process."""
    held = []
    while True:
        held.append(pl.zeros(16 * 2**20, eager=True))  # 16 million 8-byte floats


def never_ends(path: Path, connection: Connection, **options: Any) -> Batch:
    """Works without end: a heading search that is quadratic in a crafted workbook's size."""
    count = 0
    while True:
        count += 1


def waits_forever(path: Path, connection: Connection, **options: Any) -> Batch:
    """Uses no processor and never returns."""
    while True:
        time.sleep(60)


def refused_by_the_database(path: Path, connection: Connection, **options: Any) -> Batch:
    """What a load met when another had written the same records under its feet."""
    refusal = sqlite3.IntegrityError("UNIQUE constraint failed: person.person_id")
    raise IntegrityError("INSERT INTO person ...", {}, refusal)


def census_once_both_have_begun(path: Path, connection: Connection, **options: Any) -> Batch:
    """The real CIN census reader, once both of two loads have begun theirs (or ten seconds have
    passed): so that both read what the database holds before either writes, which is when two loads
    of the same file at once collided. Each load marks its arrival in the folder $BARRIER_ENV."""
    folder = Path(os.environ[BARRIER_ENV])
    (folder / f"arrived-{os.getpid()}").touch()
    deadline = time.monotonic() + 10
    while len(list(folder.glob("arrived-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return read_cin_census(path, connection, **options)
