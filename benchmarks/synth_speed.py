"""How long the synthetic council takes to generate, and how big it is, for each profile.

    .venv/bin/python benchmarks/synth_speed.py [--years 5] [--seed 1] [--end 2026-03-31] [--db-url URL]

Prints one line per profile: seconds to generate into a fresh SQLite file (or into the PostgreSQL
database given by --db-url, emptied first), the file's size, and the number of rows and children.
Target (issue 2): 5 years of `stretched` in under 60 seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from lineofsight import store, synth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    parser.add_argument("--db-url", help="PostgreSQL URL to generate into instead of SQLite files")
    parser.add_argument("--profiles", nargs="*", default=["stretched", "stable", "england"])
    args = parser.parse_args()

    print(f"{'profile':<10} {'seconds':>8} {'size MB':>8} {'rows':>10} {'children':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for profile in args.profiles:
            if args.db_url:
                engine = store.connect(args.db_url)
                store.migrate(engine)
                with store.transaction(engine) as connection:
                    store.empty_tables(connection)
                path = None
            else:
                path = Path(folder) / f"{profile}.db"
                engine = store.connect(str(path), create=True)
                store.migrate(engine)
            started = time.perf_counter()
            summary = synth.generate(engine, profile, seed=args.seed, years=args.years, end=args.end)
            seconds = time.perf_counter() - started
            engine.dispose()
            size = f"{path.stat().st_size / 1e6:8.1f}" if path else f"{'-':>8}"
            print(
                f"{profile:<10} {seconds:8.1f} {size} {sum(summary.rows.values()):>10,} "
                f"{summary.children:>9,}"
            )


if __name__ == "__main__":
    main()
