"""How fast every alert is found, and how many a stretched council raises against a stable one.

    .venv/bin/python benchmarks/alerts_speed.py [--keep DIR] [--repeat 3]

For `stretched` and `stable` councils with 5 years of history (seed 1, to 31 March 2026), prints:
  - all alerts as at 31 March 2026, reading the store (cold) and again from frames already read (warm),
    best of --repeat runs;
  - each alert's own time (warm) and how many it raised;
  - alerts per child open to children's social care, the figure issue 5 compares.
Target (issue 5): all alerts for the stretched council as at one date under 2 s. The databases are
SQLite files in a temporary folder (or in --keep DIR, reused when they exist).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import polars as pl

from councils import END, best, kept_council
from lineofsight import store
from lineofsight.alerts import REGISTRY, open_alerts
from lineofsight.data import CouncilData
from lineofsight.data.periods import children_open_at
from lineofsight.settings import Settings


def open_children(data: CouncilData) -> int:
    """Children with a CIN episode open at the date: the children a worklist is about."""
    episodes, allocations = data["cin_episodes"], data["allocations"]
    return children_open_at(episodes, allocations, "referral_id", "referral_date", "close_date", END).height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated databases")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is shown")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        per_child: dict[str, float] = {}
        for profile in ("stretched", "stable"):
            engine = store.connect(str(kept_council(folder, profile)[0]))
            cold = best(args.repeat, lambda e=engine: open_alerts(CouncilData(e), END, settings))
            data = CouncilData(engine)
            alerts = open_alerts(data, END, settings)
            warm = best(args.repeat, lambda d=data: open_alerts(d, END, settings))
            children = open_children(data)
            about_children = alerts.filter(pl.col("person_id").is_not_null())
            per_child[profile] = about_children.height / children
            print(f"\n{profile}: all {len(REGISTRY)} alerts as at {END}")
            print(f"  cold (reading the store): {cold:.2f} s   warm (frames read): {warm:.2f} s")
            workers = alerts.height - about_children.height
            print(
                f"  {alerts.height:,} alerts; {about_children.height:,} about {children:,} open children"
                f" = {per_child[profile]:.2f} per child; {workers} about workers"
            )
            counts = dict(alerts.group_by("code").len().iter_rows())
            print("  code  time (warm)  raised")
            for code, declared in sorted(REGISTRY.items()):
                seconds = best(args.repeat, lambda a=declared, d=data: a.raised(d, END, settings))
                print(f"  {code}  {seconds * 1000:8.0f} ms  {counts.get(code, 0):6,}")
            engine.dispose()
        ratio = per_child["stretched"] / per_child["stable"]
        print(f"\nstretched raises {ratio:.1f}x the alerts per open child that stable does")


if __name__ == "__main__":
    main()
