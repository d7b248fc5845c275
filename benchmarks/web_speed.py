"""How fast the web app answers many readers at once, on PostgreSQL.

    .venv/bin/python benchmarks/web_speed.py [--users 50] [--seconds 60] [--keep]

Starts the test PostgreSQL server (scripts/postgres.sh), generates the `stretched` council (seed 1,
5 years to 31 March 2026) into a database of its own (kept and reused with --keep), makes a director's
account and API token, serves the app with `lineofsight serve --workers N` on loopback, times the first
request of each page, and then runs Locust headless (benchmarks/locustfile.py): --users readers, each
opening the overview or a team page about once a second, for --seconds. Prints the median and 95th
percentile response time of each page and the number of failures. Target (issue 6): 95th percentile
under 300 ms with 50 users, no errors.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

from lineofsight import accounts, store, synth

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
END = dt.date(2026, 3, 31)
DATABASE = "lineofsight_web_bench"


def postgres_url() -> str:
    subprocess.run([str(ROOT / "scripts/postgres.sh"), "start"], check=True)
    return subprocess.run(
        [str(ROOT / "scripts/postgres.sh"), "url"], check=True, capture_output=True, text=True
    ).stdout.strip()


def council(server: str, keep: bool) -> str:
    """The stretched council in a database of its own on the test server."""
    url = server.rsplit("/", 1)[0] + f"/{DATABASE}"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()
        if exists and not keep:
            connection.execute(f"DROP DATABASE {DATABASE}")
            exists = None
        if not exists:
            connection.execute(f"CREATE DATABASE {DATABASE}")
    engine = store.connect(url)
    store.migrate(engine)
    if not store.has_data(engine):
        started = time.perf_counter()
        synth.generate(engine, "stretched", seed=1, years=5, end=END)
        print(f"generated the stretched council in {time.perf_counter() - started:.0f} s")
    engine.dispose()
    return url


def reader(url: str) -> tuple[str, str]:
    """A director's API token, and the busiest team (the one with most children allocated)."""
    engine = store.connect(url)
    accounts.add_user(engine, "bench-director", secrets.token_urlsafe(18), "director", replace=True)
    token = accounts.issue_token(engine, "bench-director")
    allocations = store.read_table(engine, "allocations")
    open_ = allocations.filter(allocations["allocation_end_date"].is_null())
    team = str(open_.group_by("team_id").len().sort("len", descending=True)["team_id"][0])
    engine.dispose()
    return token, team


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the generated database if it is there")
    parser.add_argument("--workers", type=int, default=2, help="server processes (`serve --workers`)")
    args = parser.parse_args()
    url = council(postgres_url(), args.keep)
    token, team = reader(url)
    port = free_port()
    environment = {**os.environ, "LINEOFSIGHT_SECRET": secrets.token_urlsafe(48)}
    server = subprocess.Popen(
        [str(BIN / "lineofsight"), "serve", "--db", url, "--port", str(port), "--workers", str(args.workers)],
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/sign-in", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # Each worker computes the overview as it starts; ask each page a few times so that every
        # worker has it before the timed run.
        for name, path in (("overview", "/"), ("team page", f"/teams/{team}")):
            for attempt in range(2 * args.workers):
                started = time.perf_counter()
                request = urllib.request.Request(base + path, headers=headers)
                urllib.request.urlopen(request, timeout=300).close()  # raises on an error status
                if attempt == 0:
                    print(f"{name}: first request {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "stats"
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "benchmarks/locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.users),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**os.environ, "LINEOFSIGHT_BENCH_TOKEN": token, "LINEOFSIGHT_BENCH_TEAM": team},
                check=False,
                capture_output=True,
            )
            with Path(f"{prefix}_stats.csv").open(newline="") as stats:
                rows = list(csv.DictReader(stats))
        scope = f"PostgreSQL, {args.workers} workers, team {team}"
        print(f"\n{args.users} users for {args.seconds} s on {scope}:")
        print(f"{'page':<12} {'requests':>9} {'failures':>9} {'median ms':>10} {'p95 ms':>8}")
        for row in rows:
            print(
                f"{row['Name']:<12} {row['Request Count']:>9} {row['Failure Count']:>9} "
                f"{row['Median Response Time']:>10} {row['95%']:>8}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
