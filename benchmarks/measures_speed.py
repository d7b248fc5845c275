"""How fast the measure catalogue is computed, and how much memory it takes.

    .venv/bin/python benchmarks/measures_speed.py [--england-population 1000000] [--keep DIR]

Prints, for a `stretched` council with 5 years of history (seed 1, to 31 March 2026):
  - all measures as at one date, reading the store (cold) and again from frames already read (warm);
  - a 36-month monthly trend of all measures;
and for the `england` profile at the population given (2 years of history): all measures as at one
date, with the time to generate it and the peak memory of the process. Targets (issue 4): one date
under 2 s, the 36-month trend under 20 s. The databases are SQLite files in a temporary folder
(or in --keep DIR, reused when they exist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from councils import END, kept_council
from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY, compute_all
from lineofsight.measures.trend import month_ends, trend
from lineofsight.settings import Settings


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--england-population", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated databases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        settings = Settings()
        path, generated = kept_council(folder, "stretched")
        engine = store.connect(str(path))
        data = CouncilData(engine)
        started = time.perf_counter()
        compute_all(data, END, settings)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        compute_all(data, END, settings)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        trend(data, month_ends(dt.date(2023, 4, 1), END), settings)
        monthly = time.perf_counter() - started
        engine.dispose()
        print(f"measures in the catalogue: {len(REGISTRY)}")
        print(f"stretched, 5 years (generated in {generated:.1f} s; {path.stat().st_size / 1e6:.0f} MB):")
        print(f"  all measures as at {END}: {cold:.2f} s reading the store, {warm:.2f} s from frames")
        print(f"  36-month trend of all measures: {monthly:.1f} s")

        population = args.england_population
        path, generated = kept_council(folder, "england", 2, population)
        before = peak_mb()
        engine = store.connect(str(path))
        started = time.perf_counter()
        compute_all(CouncilData(engine), END, settings)
        seconds = time.perf_counter() - started
        engine.dispose()
        print(
            f"england, {population:,} children, 2 years (generated in {generated:.0f} s; "
            f"{path.stat().st_size / 1e6:.0f} MB):"
        )
        print(f"  all measures as at {END}: {seconds:.1f} s; peak memory {max(before, peak_mb()):.0f} MB")


if __name__ == "__main__":
    main()
