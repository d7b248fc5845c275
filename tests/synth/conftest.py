"""A small synthetic council generated once for the tests that only read it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from lineofsight import store
from lineofsight.model import Base
from lineofsight.synth import SynthSummary, generate

END = dt.date(2026, 3, 31)
Council = tuple[SynthSummary, dict[str, pl.DataFrame]]


@pytest.fixture(scope="session")
def small_council(tmp_path_factory: pytest.TempPathFactory) -> Council:
    """`stretched` at 8,000 children over two reported years, read back as frames."""
    path = tmp_path_factory.mktemp("synth") / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    summary = generate(engine, "stretched", seed=3, years=2, end=END, population=8000)
    tables = store.read_tables(engine, [table.name for table in Base.metadata.sorted_tables])
    engine.dispose()
    return summary, tables
