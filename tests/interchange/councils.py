"""The synthetic councils the interchange tests export returns from, each generated once per session.

Generating a full-size council takes 15-30 seconds, so the CIN census, SSDA903 and Annex A tests share
one of each profile rather than making their own.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from lineofsight import store, synth

END = dt.date(2026, 3, 31)
POPULATION = {"stretched": None, "stable": None, "england": 20_000}  # None: the profile's own


@functools.cache
def council(profile: str) -> Path:
    """The profile's synthetic council (seed 1, five years to 31 March 2026) in a SQLite file."""
    folder = Path(tempfile.mkdtemp(prefix=f"lineofsight-{profile}-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    synth.generate(engine, profile, seed=1, years=5, end=END, population=POPULATION[profile])
    engine.dispose()
    return path
