"""One SQLite file used by everyone at once stays whole.

A council on a laptop or a small server keeps its data in one SQLite file. The web app (several worker
processes) reads it for every page and writes the access log and uploaded returns into it, while an
analyst's `lineofsight load` writes a return and another command reads the measures. A SQLite file
is safe under that only if every reader and writer takes SQLite's locks through one copy of the
SQLite library per process, and nothing opens the file behind SQLite's back. Until that was so
(connectorx read the file through a second, bundled copy of SQLite, and the web cache read the file's
header itself), this mix corrupted the database within a minute or two ("database disk image is
malformed") and pages failed with "disk I/O error".

Each round runs, for a bounded time, on a fresh copy of a small synthetic council:
- `lineofsight serve --workers 2`: two processes, each keeping its overview computed;
- six readers of the pages and JSON (children's journeys, teams, measures, the loads and the access
  log), every child view written to the access log;
- returns uploaded through the web (written by a worker process that also reads);
- `lineofsight load cin` and `lineofsight load 903` in a loop (writers in other processes);
- `lineofsight measures` and `lineofsight alerts` in a loop (readers in other processes);
then checks that SQLite finds the file whole, that no request failed and no command failed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lineofsight import accounts, store, synth
from lineofsight.interchange.cin_census.write import write as write_census
from lineofsight.interchange.ssda903.write import write_ssda903

END = dt.date(2026, 3, 31)
SECONDS = 30.0  # each round's length: the corruption showed within 90 s of such use, 4 runs of 5
COMMAND_RUNS = 3  # each command at least this often in a round (four commands, so 12 at least)
ROUNDS = 2
LINEOFSIGHT = [sys.executable, "-m", "lineofsight"]


@dataclass(frozen=True)
class Council:
    template: Path
    census: Path
    ssda903: Path


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Council:
    """A small synthetic council in a SQLite file, with its CIN census and 903 for 2025-26 to load."""
    folder = tmp_path_factory.mktemp("under-load")
    path = folder / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    synth.generate(engine, "stable", seed=5, years=1, end=END, population=2000)
    census = write_census(engine, 2026, folder / "census.xml")
    ssda903 = folder / "ssda903-2026"  # named for its year, which the return itself does not say
    write_ssda903(engine, 2026, ssda903)
    engine.dispose()
    return Council(path, census, ssda903)


@dataclass
class Outcome:
    """What went wrong in a round, and how much was done."""

    failures: list[str] = field(default_factory=list)
    requests: int = 0
    commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, what: str) -> None:
        with self.lock:
            self.failures.append(what)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, token: str, timeout: float = 120) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _upload(url: str, token: str, kind: str, files: list[Path]) -> int:
    """A multipart upload of a return, as the Data page's API takes it."""
    boundary = f"----lineofsight{random.getrandbits(64):x}"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'.encode()]
    for file in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{file.name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + file.read_bytes()
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        url,
        data=b"".join(parts),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _serve(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "LINEOFSIGHT_SECRET": "s" * 40}
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*LINEOFSIGHT, "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise AssertionError(f"the server did not start: {log.read_text()[-2000:]}")


def _round(council: Council, folder: Path) -> tuple[list[tuple[str, ...]], Outcome, str]:
    db = folder / "council.db"
    shutil.copy(council.template, db)
    engine = store.connect(str(db))
    accounts.add_user(engine, "director", "a-long-enough-password", "director")
    token = accounts.issue_token(engine, "director")
    children = [str(c) for c in store.read_table(engine, "person")["person_id"].to_list()[:200]]
    teams = [str(t) for t in store.read_table(engine, "teams")["team_id"].to_list()]
    engine.dispose()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = folder / "serve.log"
    server = _serve(db, port, log)
    outcome = Outcome()
    stop = time.monotonic() + SECONDS
    commands_left = [4]  # the command threads still running (below)

    def going() -> bool:
        """Readers and uploads go on for the round's length and as long as any command runs."""
        with outcome.lock:
            return time.monotonic() < stop or commands_left[0] > 0

    def reader(seed: int) -> None:
        chosen = random.Random(seed)
        while going():
            path = chosen.choice(
                [
                    f"/api/children/{chosen.choice(children)}",
                    f"/api/teams/{chosen.choice(teams)}",
                    f"/api/measures/{chosen.choice(['CP08', 'LA01', 'WF01', 'AS01'])}",
                    "/api/data/loads",
                    "/api/access-log",
                ]
            )
            status = _get(base + path, token)
            with outcome.lock:
                outcome.requests += 1
            if status != 200:
                outcome.failed(f"GET {path}: {status}")

    def uploader() -> None:
        while going():
            status = _upload(base + "/api/data/loads", token, "cin", [council.census])
            with outcome.lock:
                outcome.requests += 1
            if status != 200:
                outcome.failed(f"upload: {status}")

    def command(*args: str) -> Callable[[], None]:
        def run() -> None:
            runs = 0
            # For the round's length, and at least COMMAND_RUNS times however slow the machine, so
            # that every kind of process overlaps the others and the server many times.
            while time.monotonic() < stop or runs < COMMAND_RUNS:
                runs += 1
                done = subprocess.run(
                    [*LINEOFSIGHT, *args, "--db", str(db)], capture_output=True, text=True, check=False
                )
                with outcome.lock:
                    outcome.commands += 1
                if done.returncode != 0:
                    outcome.failed(f"{' '.join(args[:2])}: {done.stderr.strip()[-300:]}")
            with outcome.lock:
                commands_left[0] -= 1

        return run

    workers = [threading.Thread(target=reader, args=(seed,)) for seed in range(6)]
    workers.append(threading.Thread(target=uploader))
    workers += [
        threading.Thread(target=command("load", "cin", str(council.census))),
        threading.Thread(target=command("load", "903", str(council.ssda903))),
        threading.Thread(target=command("measures", "--as-at", END.isoformat(), "--json")),
        threading.Thread(target=command("alerts", "--as-at", END.isoformat(), "--json")),
    ]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    with sqlite3.connect(db) as connection:
        whole = connection.execute("PRAGMA integrity_check").fetchall()
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    connection.close()
    return [*whole, *orphans], outcome, log.read_text(errors="replace")


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_the_database_stays_whole_under_the_web_app_loads_and_reports_at_once(
    council: Council, tmp_path: Path, round_number: int
) -> None:
    findings, outcome, served = _round(council, tmp_path)
    # SQLite's own check of every page and index: one row, "ok"; and no row pointing at nothing.
    assert findings == [("ok",)], f"round {round_number}: {findings[:10]}"
    assert outcome.failures == [], f"round {round_number}: {sorted(set(outcome.failures))[:10]}"
    # What the server said once serving (its startup notes, which mention SQLite's lock, come before).
    said = served.split("Serving lineofsight", 1)[-1]
    for sign in ("disk I/O error", "malformed", "database is locked", "Traceback"):
        assert sign not in said, f"round {round_number}: the server said {sign!r}:\n{said[-3000:]}"
    # The round did real work: both kinds of process ran many times over.
    assert outcome.requests > 50, outcome
    assert outcome.commands >= 4 * COMMAND_RUNS, outcome
