"""The synthetic councils the benchmarks run on: generated once into a folder and reused there (the
scripts' --keep), and generated again when a kept one was made by an older version of lineofsight,
whose tables would not read."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from lineofsight import store, synth

END = dt.date(2026, 3, 31)


def best(repeat: int, work: Callable[[], object]) -> float:
    """The shortest of `repeat` runs of `work`, in seconds: the least the machine's other work added."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def kept_council(
    folder: Path, profile: str, years: int = 5, population: int | None = None
) -> tuple[Path, float]:
    """The council's SQLite file (seed 1, to 31 March 2026), and the seconds it took to generate it
    (0 when a kept one was reused)."""
    path = folder / f"{profile}-{population or 'default'}-{years}y.db"
    if path.exists() and not _current(path):
        path.unlink()
    if path.exists():
        return path, 0.0
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    started = time.perf_counter()
    synth.generate(engine, profile, seed=1, years=years, end=END, population=population)
    engine.dispose()
    return path, time.perf_counter() - started


def _current(path: Path) -> bool:
    engine = store.connect(str(path))
    try:
        return store.is_migrated(engine)
    finally:
        engine.dispose()
