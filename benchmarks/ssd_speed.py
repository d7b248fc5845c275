"""How fast a council's Standard Safeguarding Dataset loads, refreshes, and the overview is ready again.

    .venv/bin/python benchmarks/ssd_speed.py [--keep DIR]

On a `stretched` council with 5 years of history (seed 1, to 31 March 2026; generated into a temporary
folder, or into --keep DIR and reused), prints the time to:

1. write its SSD extract (`lineofsight export ssd`: one CSV per `ssd_*` table);
2. load that extract into an empty SQLite database (the full refresh: read, recognise, write, in one
   transaction under the refresh lock, recorded with its coverage);
3. refresh it with one day of changes (`--since 2026-03-31`: every row dated on the extract's day,
   with the children, teams and workers whole);
4. have the overview page ready again after that refresh (the web app's first request for `/`, whose
   cached figures the refresh made stale).

Targets (issue 16): the full load under 10 s, the one-day refresh under 2 s, the overview ready again
under 5 s after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from councils import END, kept_council
from lineofsight import store
from lineofsight.interchange.ssd import load_ssd, write_ssd
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer

TAKEN = dt.datetime.combine(END, dt.time(6, 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated council")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lineofsight-ssd-speed-"))
    try:
        folder = args.keep or work
        folder.mkdir(parents=True, exist_ok=True)
        council, _ = kept_council(folder, "stretched")
        source = store.connect(str(council))
        started = time.perf_counter()
        write_ssd(source, work / "ssd")
        written = time.perf_counter() - started
        source.dispose()

        target = work / "live.db"
        engine = store.connect(str(target), create=True)
        store.migrate(engine)
        started = time.perf_counter()
        full, _ = load_ssd(engine, str(work / "ssd"), extracted_at=TAKEN - dt.timedelta(days=1))
        loaded = time.perf_counter() - started

        app = create_app(engine, Settings())
        app.dependency_overrides[viewer] = lambda: Viewer("analyst-1", "analyst", None, None)
        client = TestClient(app)
        client.get("/")  # the overview as it stood before the refresh

        started = time.perf_counter()
        day, _ = load_ssd(engine, str(work / "ssd"), since=END, extracted_at=TAKEN)
        refreshed = time.perf_counter() - started
        started = time.perf_counter()
        response = client.get("/")
        ready = time.perf_counter() - started
        assert response.status_code == 200 and "Data as at 06:10" in response.text
        engine.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"stretched, 5 years: {full.inserted:,} rows in {len(list(full.tables))} tables")
    print(f"write the SSD extract:             {written:6.2f} s")
    print(f"full load into an empty database:  {loaded:6.2f} s   (target under 10 s)")
    print(
        f"one-day refresh (--since {END}):  {refreshed:6.2f} s   (target under 2 s; "
        f"{day.unchanged + day.updated + day.inserted:,} rows taken)"
    )
    print(f"overview ready again after it:     {ready:6.2f} s   (target under 5 s)")


if __name__ == "__main__":
    main()
