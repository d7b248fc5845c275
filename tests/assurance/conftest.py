"""Two small synthetic councils, generated once: `stretched` (the weaknesses an inspection finds) and
`stable` (a council that is doing well), each read back as frames: 16,000 children, so that the
self-evaluation has enough of them to be sure of its strongest words (with 8,000 the seed decided)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.model import Base
from lineofsight.synth import generate

END = dt.date(2026, 3, 31)
# The project's context documents (public inspection reports and letters), read where they are kept
# and never copied into the repository: their sentences are not ours to ship.
CONTEXT = Path(os.environ.get("LINEOFSIGHT_CONTEXT", "/work/shared/context"))


def _council(tmp_path_factory: pytest.TempPathFactory, profile: str) -> CouncilData:
    path = tmp_path_factory.mktemp(profile) / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    generate(engine, profile, seed=3, years=2, end=END, population=16_000)
    tables = store.read_tables(engine, [table.name for table in Base.metadata.sorted_tables])
    engine.dispose()
    return CouncilData(frames=tables)


@pytest.fixture(scope="session")
def stretched(tmp_path_factory: pytest.TempPathFactory) -> CouncilData:
    return _council(tmp_path_factory, "stretched")


@pytest.fixture(scope="session")
def stable(tmp_path_factory: pytest.TempPathFactory) -> CouncilData:
    return _council(tmp_path_factory, "stable")
