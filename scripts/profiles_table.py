"""Print the README's table of every measure for the three synthetic profiles (seed 1, 31 March 2026).

    .venv/bin/python scripts/profiles_table.py [--keep DIR]

Generates `stretched`, `stable` and `england` (100,000 children) into SQLite files (in a temporary
folder, or in --keep DIR and reused) and prints one markdown row per measure, as the README shows it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from lineofsight import formatting, store, synth
from lineofsight.data import CouncilData
from lineofsight.measures import compute_all
from lineofsight.measures.report import MeasureValue
from lineofsight.settings import Settings

END = dt.date(2026, 3, 31)
PROFILES = ("stretched", "stable", "england")
POLARITY = {"up": "↑", "down": "↓", "context": "•"}


def council(folder: Path, profile: str) -> list[MeasureValue]:
    path = folder / f"{profile}-seed1-5y.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    if not store.has_data(engine):
        synth.generate(engine, profile, seed=1, years=5, end=END)
    values = compute_all(CouncilData(engine), END, Settings())  # the population is the council's own fact
    engine.dispose()
    return values


def cell(value: MeasureValue) -> str:
    shown = formatting.measure_value(value.result.value, value.measure.unit)
    small = " (small number)" if value.small_number else ""
    return f"{shown}{small} ({formatting.fraction(value.result.numerator, value.result.denominator)})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated databases")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lineofsight-profiles-"))
    folder.mkdir(parents=True, exist_ok=True)
    columns = {profile: council(folder, profile) for profile in PROFILES}
    print("| code | measure | better | stretched | stable | england profile | England |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in zip(*columns.values(), strict=True):
        measure = row[0].measure
        benchmark = measure.benchmark
        england = f"{benchmark.display} ({benchmark.year})" if benchmark else "—"
        cells = " | ".join(cell(value) for value in row)
        print(f"| {measure.code} | {measure.title} | {POLARITY[measure.polarity]} | {cells} | {england} |")


if __name__ == "__main__":
    main()
