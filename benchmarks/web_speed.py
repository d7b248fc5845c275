"""How fast the web app answers a council's people at work, every role, with a load running.

    .venv/bin/python benchmarks/web_speed.py [--db postgresql|sqlite|both] [--users 50] [--seconds 60]
                                             [--workers 2] [--think 0.5-1.5] [--keep DIR]
                                             [--load-every SECONDS]

Serves the `stretched` council (seed 1, 5 years to 31 March 2026) with N workers, as `lineofsight
serve --workers N` does, over HTTPS on loopback (a self-signed certificate: in server mode the
session cookie travels over HTTPS only), from PostgreSQL (the test server of scripts/postgres.sh, a
database copied afresh from a template for each run) and from a SQLite file (copied afresh for each
run), and runs Locust headless
(benchmarks/locustfile.py): --users people, in the proportions of a council (a director, a head of
service, team managers, social workers, analysts, an auditor and a BI tool with an API token), each
signing in through the form and then working as their role does, with --think seconds between pages
("0" for none); one more analyst uploads the council's own CIN census ten seconds in (a load running
while everyone works). The council is generated once and kept in --keep DIR (a temporary folder
otherwise).

Before the timed run each page is asked for once per worker (its first request, with the figures it
computes, is printed): the timed run measures a server that has been up, as one is by 9am, and the
load in the middle of it makes every page work its figures out again.

Prints, per page: requests, failures, and the 50th, 95th and 99th percentile response times; the
failures' messages; the errors the server logged (`database is locked` among them); and every
request's times by when it ended, ten seconds at a time (the sign-ins at the start, the load and the
minute after it), with the pages of each period's slowest twentieth. Target
(issue 15): 95th percentile under 300 ms for every page on PostgreSQL with 2 workers, no errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import psycopg

from councils import END, kept_council
from lineofsight import accounts, api_tokens, store, synth
from lineofsight.interchange.returns import RETURNS
from lineofsight.web import shared

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATE = "lineofsight_web_bench_template"
DATABASE = "lineofsight_web_bench"
PASSWORD = "bench " + secrets.token_urlsafe(12)  # one password for every bench account
ROLES = ("director", "head_of_service", "team_manager", "social_worker", "analyst", "auditor")
TEAMS = 6  # team managers: one for each of the busiest teams
WORKERS = 12  # social workers: the busiest workers


def postgres_server() -> str:
    subprocess.run([str(ROOT / "scripts/postgres.sh"), "start"], check=True)
    return subprocess.run(
        [str(ROOT / "scripts/postgres.sh"), "url"], check=True, capture_output=True, text=True
    ).stdout.strip()


def fresh_postgres(server: str) -> str:
    """A database holding the council, copied from a template database (generated once, with the
    same profile, seed and dates as the SQLite council, so the same council)."""
    base = server.rsplit("/", 1)[0]
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
        if exists:
            engine = store.connect(f"{base}/{TEMPLATE}")
            current = store.is_migrated(engine)
            engine.dispose()
            if not current:
                connection.execute(f"DROP DATABASE {TEMPLATE} WITH (FORCE)")
                exists = None
        if not exists:
            connection.execute(f"CREATE DATABASE {TEMPLATE}")
            engine = store.connect(f"{base}/{TEMPLATE}")
            store.migrate(engine)
            started = time.perf_counter()
            synth.generate(engine, "stretched", seed=1, years=5, end=END)
            engine.dispose()
            print(f"generated the stretched council into PostgreSQL in {time.perf_counter() - started:.0f} s")
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")
    return f"{base}/{DATABASE}"


def people(engine: Any, folder: Path) -> dict[str, Any]:
    """Accounts for every role, and what each works with: teams, workers and their children, the
    measures, the census to upload, and a BI tool's token."""
    allocations = store.read_table(engine, "allocations").filter(
        (pl.col("allocation_start_date") <= END)
        & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= END))
    )
    busiest_teams = (
        allocations.group_by("team_id").len().sort(["len", "team_id"], descending=[True, False])["team_id"]
    ).to_list()[:TEAMS]
    busiest_workers = (
        allocations.group_by("worker_id", "team_id")
        .len()
        .sort(["len", "worker_id"], descending=[True, False])
        .head(WORKERS)
        .rows(named=True)
    )
    made: dict[str, list[dict[str, Any]]] = {role: [] for role in ROLES}

    def account(name: str, role: str, team: str | None = None, worker: str | None = None) -> None:
        accounts.add_user(engine, name, PASSWORD, role, team_id=team, worker_id=worker, replace=True)
        made[role].append({"username": name, "team_id": team, "worker_id": worker})

    # Enough accounts that each simulated person signs in as someone of their own (see locustfile).
    for role, count in (("director", 5), ("head_of_service", 5), ("auditor", 4), ("analyst", 8)):
        for number in range(1, count + 1):
            account(f"bench-{role.replace('_', '-')}-{number}", role)
    for number in (1, 2, 3):
        for team in busiest_teams:
            account(f"bench-tm-{team.lower()}-{number}", "team_manager", team=team)
    for number in (1, 2, 3):
        for row in busiest_workers:
            name = f"bench-sw-{row['worker_id'].lower()}-{number}"
            account(name, "social_worker", team=row["team_id"], worker=row["worker_id"])
    children_of = {
        "all": sorted(allocations["person_id"].unique().sample(400, seed=1, shuffle=True).to_list()),
        "team": {
            team: sorted(allocations.filter(pl.col("team_id") == team)["person_id"].unique().to_list())
            for team in {a["team_id"] for a in made["team_manager"] + made["social_worker"]}
        },
        "worker": {
            row["worker_id"]: sorted(
                allocations.filter(pl.col("worker_id") == row["worker_id"])["person_id"].unique().to_list()
            )
            for row in busiest_workers
        },
    }
    census = RETURNS["cin"].writer()(engine, 2026, folder / "census-2025-26.xml")
    token = api_tokens.issue_token(engine, "bench-analyst-1", name="web_speed BI tool")
    warming = api_tokens.issue_token(engine, "bench-director-1", name="web_speed warming")
    from lineofsight.measures import REGISTRY

    return {
        "password": PASSWORD,
        "accounts": made,
        "teams": busiest_teams,
        "children": children_of,
        "measures": sorted(REGISTRY),
        "census": str(census),
        "token": token,
        "warming_token": warming,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl): in server mode the session cookie is sent
    over HTTPS only, as it must be, so the server is served as it would be behind a TLS proxy."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def serve(db: str, workers: int, log: Path, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`lineofsight serve --workers N` as it runs the app (uvicorn, one app per worker from the
    environment), over HTTPS with a certificate of its own."""
    port = free_port()
    key, cert = certificate(folder)
    shared_folder = Path(tempfile.mkdtemp(prefix="lineofsight-shared-", dir=folder))
    environment = {
        **os.environ,
        "LINEOFSIGHT_SECRET": secrets.token_urlsafe(48),
        store.ENV_VAR: db if "://" in db else str(Path(db).resolve()),
        # As `serve --workers N` does: a private folder through which the workers share figures.
        shared.ENV_VAR: str(shared_folder),
    }
    server = subprocess.Popen(
        [
            *(str(BIN / "uvicorn"), "lineofsight.web.app:from_environment", "--factory"),
            *("--workers", str(workers), "--host", "127.0.0.1", "--port", str(port)),
            *("--log-level", "warning", "--ssl-keyfile", str(key), "--ssl-certfile", str(cert)),
        ],
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"https://127.0.0.1:{port}"
    unverified = ssl._create_unverified_context()
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/sign-in", timeout=1, context=unverified).close()
            return server, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not start: see {log}")


def warm(base: str, plan: dict[str, Any], workers: int) -> None:
    """Ask for each kind of page once per worker (twice as often, since a request may reach either),
    so that the timed run meets a server that has been up a while; print each first request."""
    headers = {"Authorization": f"Bearer {plan['warming_token']}"}
    team = plan["teams"][0]
    child = plan["children"]["team"][team][0]
    paths = [
        ("overview", "/api/overview"),
        ("team page", f"/api/teams/{team}"),
        ("child page", f"/api/children/{child}"),
    ] + [(f"measure {code}", f"/api/measures/{code}") for code in plan["measures"]]
    for name, path in paths:
        for attempt in range(2 * workers):
            started = time.perf_counter()
            request = urllib.request.Request(base + path, headers=headers)
            urllib.request.urlopen(request, timeout=600, context=ssl._create_unverified_context()).close()
            if attempt == 0 and not name.startswith("measure "):
                print(f"  {name}: first request {time.perf_counter() - started:.1f} s")


def run_locust(
    base: str, plan_file: Path, args: argparse.Namespace, folder: Path
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    prefix = folder / "stats"
    environment = {
        **os.environ,
        "LINEOFSIGHT_BENCH_PEOPLE": str(plan_file),
        "LINEOFSIGHT_BENCH_THINK": args.think,
        "LINEOFSIGHT_BENCH_LOAD_EVERY": str(args.load_every or ""),
        "LINEOFSIGHT_BENCH_LOAD_AT": str(args.load_at),
        "LINEOFSIGHT_BENCH_TIMELINE": str(folder / "timeline.json"),
    }
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks/locustfile.py"),
            "--headless",
            "--users",
            str(args.users + 1),  # and the analyst who loads the census
            "--spawn-rate",
            str(max(1, args.users // 10)),  # people arrive over ten seconds, not all in one instant
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
        env=environment,
        check=False,
        capture_output=True,
    )
    with Path(f"{prefix}_stats.csv").open(newline="") as stats:
        rows = list(csv.DictReader(stats))
    with Path(f"{prefix}_failures.csv").open(newline="") as failures:
        failed = list(csv.DictReader(failures))
    return rows, failed


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank, as Locust's figures are)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def by_period(timeline: list[tuple[float, str, float]], every: int = 10) -> None:
    """Every request's time by when it ended, `every` seconds at a time: where the slow ones fall
    (the load's upload, and the figures worked out again after it; the sign-ins at the start)."""
    if not timeline:
        return
    print(f"\nall requests by when they ended ({every} s at a time; the load's upload marked *):")
    print(f"{'seconds':<10} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'slowest':<30}")
    periods: dict[int, list[tuple[str, float]]] = {}
    for at, name, took in timeline:
        periods.setdefault(int(at // every), []).append((name, took))
    for period, found in sorted(periods.items()):
        times = [took for _, took in found]
        slowest = Counter(name for name, took in found if took >= percentile(times, 0.95))
        uploaded = "*" if any(name == "upload (a load)" for name, _ in found) else " "
        print(
            f"{period * every:>3}-{(period + 1) * every:<5}{uploaded} {len(found):>8} "
            f"{percentile(times, 0.5):>7.0f} {percentile(times, 0.95):>7.0f} {percentile(times, 0.99):>7.0f} "
            f"{', '.join(f'{name} {count}' for name, count in slowest.most_common(2)):<30}"
        )


def report(
    scope: str, rows: list[dict[str, str]], failed: list[dict[str, str]], log: Path, args: Any
) -> None:
    print(f"\n{args.users} people for {args.seconds} s, {scope}, think {args.think} s:")
    print(
        f"{'page':<24} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7}"
    )
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<24} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    # Failures grouped by page and answer (the child or team in the path left out).
    grouped: Counter[str] = Counter()
    for failure in failed:
        said = re.sub(r" on /[^'\"\s]*", "", failure["Error"])[:120]
        grouped[f"{failure['Name']}: {said}"] += int(failure["Occurrences"])
    for what, count in grouped.most_common():
        print(f"  failed {count}x {what}")
    said = log.read_text(errors="replace")
    errors = Counter(
        line.split(" on ")[0].strip()[:120]
        for line in said.splitlines()
        if "ERROR" in line or "Traceback" in line or "database is locked" in line
    )
    locked = said.count("database is locked")
    print(f"  server errors logged: {sum(errors.values())} ({locked} mention 'database is locked')")
    for line, count in errors.most_common(5):
        print(f"    {count}x {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2, help="server processes (`serve --workers`)")
    parser.add_argument("--think", default="0.5-1.5", help='seconds between pages, "LOW-HIGH" or "0"')
    parser.add_argument("--load-at", type=float, default=10, help="upload the census N s in (-1: never)")
    parser.add_argument("--load-every", type=float, default=0, help="upload the census again every N s")
    parser.add_argument("--keep", type=Path, help="keep the generated council in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        kept = args.keep or folder
        kept.mkdir(parents=True, exist_ok=True)
        council, took = kept_council(kept, "stretched")
        if took:
            print(f"generated the stretched council in {took:.0f} s")
        targets = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
        for target in targets:
            if target == "postgresql":
                db = fresh_postgres(postgres_server())
            else:
                db = str(folder / "council.db")
                shutil.copy(council, db)
            engine = store.connect(db)
            plan = people(engine, folder)
            engine.dispose()
            plan_file = folder / "people.json"
            plan_file.write_text(json.dumps(plan))
            log = folder / f"server-{target}.log"
            print(f"\n{target}: serving with {args.workers} workers")
            server, base = serve(db, args.workers, log, folder)
            try:
                warm(base, plan, args.workers)
                rows, failed = run_locust(base, plan_file, args, folder)
            finally:
                server.terminate()  # a load still running keeps a worker until it ends: not long
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            scope = f"{'PostgreSQL' if target == 'postgresql' else 'SQLite'}, {args.workers} workers"
            report(scope, rows, failed, log, args)
            timeline = folder / "timeline.json"
            if timeline.exists():
                by_period(json.loads(timeline.read_text()))
                timeline.unlink()


if __name__ == "__main__":
    main()
