"""generate(): one transaction into an empty store, the same council for the same seed, on both
databases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.synth import PROFILES, Profile, UnknownProfileError, generate

END = dt.date(2026, 3, 31)
# The council's data (accounts are empty, and the count of changes is kept on PostgreSQL only).
TABLES = [table.name for table in store.council_tables()]


def sqlite_store(folder: Path, name: str) -> Engine:
    engine = store.connect(str(folder / name), create=True)
    store.migrate(engine)
    return engine


def read_all(engine: Engine) -> dict[str, pl.DataFrame]:
    frames = store.read_tables(engine, TABLES)
    # Order rows by primary key so that the databases' own row order does not matter.
    return {name: frame.sort(frame.columns[0]) for name, frame in frames.items()}


@pytest.mark.store
def test_the_same_seed_gives_identical_tables_on_either_database(engine: Engine, tmp_path: Path) -> None:
    generate(engine, "stretched", seed=7, years=1, end=END, population=2000)
    other = sqlite_store(tmp_path, "again.db")
    generate(other, "stretched", seed=7, years=1, end=END, population=2000)
    first, second = read_all(engine), read_all(other)
    for table in TABLES:
        assert first[table].equals(second[table]), f"{table} differs between two runs with seed 7"
    other.dispose()


def test_a_different_seed_gives_a_different_council(tmp_path: Path) -> None:
    one, two = sqlite_store(tmp_path, "one.db"), sqlite_store(tmp_path, "two.db")
    generate(one, "stable", seed=1, years=1, end=END, population=2000)
    generate(two, "stable", seed=2, years=1, end=END, population=2000)
    assert not read_all(one)["cin_episodes"].equals(read_all(two)["cin_episodes"])


@pytest.mark.store
def test_the_summary_counts_the_rows_written_and_the_council_facts_are_recorded(engine: Engine) -> None:
    summary = generate(engine, "stable", seed=1, years=1, end=END, population=2000)
    frames = store.read_tables(engine, TABLES)
    assert summary.rows == {name: frame.height for name, frame in frames.items()}
    assert summary.children == frames["person"].height
    assert summary.workers == frames["workers"].height
    # One reported year and the two-year run-in: data from 1 April 2023 to 31 March 2026.
    assert (summary.profile, summary.seed, summary.start, summary.end) == (
        "stable",
        1,
        dt.date(2023, 4, 1),
        END,
    )
    facts = dict(frames["council"].iter_rows())
    assert facts["population_0_17"] == "2000"
    assert facts["profile"] == "stable"
    assert facts["seed"] == "1"
    assert facts["generated_start"] == "2023-04-01"
    assert facts["generated_end"] == "2026-03-31"
    assert facts["name"] == PROFILES["stable"].council_name


@pytest.mark.store
def test_a_store_that_already_holds_data_is_refused(engine: Engine) -> None:
    generate(engine, "stable", seed=1, years=1, end=END, population=1000)
    with pytest.raises(store.StoreError, match="already holds data"):
        generate(engine, "stable", seed=2, years=1, end=END, population=1000)


def test_an_unknown_profile_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    engine = sqlite_store(tmp_path, "x.db")
    with pytest.raises(UnknownProfileError, match="england, stable, stretched"):
        generate(engine, "utopia")
    assert store.read_table(engine, "person").height == 0


def test_progress_is_reported_while_simulating_and_writing(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    generate(
        sqlite_store(tmp_path, "p.db"), "stable", years=1, population=1000, progress=lambda *a: seen.append(a)
    )
    stages = {stage for stage, _, _ in seen}
    assert stages == {"Simulating the council", "Writing the tables"}
    assert len(seen) > 36  # at least once a simulated month
    assert seen[-1][1] == seen[-1][2]


def test_every_profile_says_where_its_figures_come_from() -> None:
    for profile in PROFILES.values():
        assert isinstance(profile, Profile)
        assert profile.description
        assert re.search(r"20[12]\d", profile.sources), f"{profile.name} cites no dated source"
    assert PROFILES["stable"].practice is PROFILES["stretched"].practice
