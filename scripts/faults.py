"""Faults on purpose, and what is left after each: nothing partial, everything recovered.

    sudo .venv/bin/python scripts/faults.py [--population 6000] [--keep DIR]

Four faults, each on a synthetic council (the `stretched` profile, seed 1, to 31 March 2026) and its
own CIN census, each checked by counting every row of every table of the model before and after:

1. **A load killed mid-way** (`lineofsight load cin`, SIGKILL to the command and its loading process
   once the load has been inside its transaction for a fifth of a second: SQLite's write lock, or
   PostgreSQL's advisory lock, held), on SQLite and on PostgreSQL. Then: every table as it was
   before, SQLite's `integrity_check` ok, and the same load run again loads the whole census.
2. **The server killed mid-upload** (`lineofsight serve --workers 2` on SQLite, the census uploaded
   through `POST /api/data/loads` with an analyst's API token, SIGKILL to the whole server likewise
   inside the load's transaction). Then: every table as it was, the server starts again and
   answers, and the upload succeeds.
3. **PostgreSQL restarted under the server** (`pg_ctl restart`, a cluster of this script's
   own on another port: the tests' server is never touched), with a request every 50 ms throughout.
   Then: how many requests failed, and how long after the restart the first one succeeded; every
   request after that must succeed without restarting the app.
4. **The disk filling during an export** (`lineofsight export cin` and `export 903`, each onto a
   tmpfs half the export's size, mounted for the purpose, which needs root; without root, the script
   says so and counts it as a problem). Then: exit status 1, one line naming the file and that the
   disk is full, and nothing left in the folder.

Prints what it did and what it found, and exits 1 if anything partial was left or anything did not
recover. Results are in the README, "Reliability and security".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from lineofsight import accounts, api_tokens, store
from lineofsight.model import Base

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LINEOFSIGHT = [sys.executable, "-m", "lineofsight"]
PG_PORT = "55439"  # a cluster of this script's own: the tests' server (55432) is left alone
PG_DIR = "/tmp/lineofsight-faults-pg"
PROBLEMS: list[str] = []


def say(line: str) -> None:
    print(line, flush=True)


def check(ok: bool, what: str) -> None:
    say(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        PROBLEMS.append(what)


def run(*args: str, check_status: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*LINEOFSIGHT, *args], capture_output=True, text=True, check=False)
    if check_status and done.returncode != 0:
        raise SystemExit(f"lineofsight {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the council's data: all but the history of loads (a load that was
    stopped may be recorded there, and should be), the count of changes, and the accounts, sessions
    and access log."""
    found = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == "loads" or table.info.get("bookkeeping") or table.info.get("accounts"):
                continue
            found[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    return found


def loads_of(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT load_source, load_status FROM loads ORDER BY loaded_at")).all()
    return [(str(r[0]), str(r[1])) for r in rows]


def writing(engine: Engine) -> bool:
    """Whether a load is inside its transaction: on SQLite, whether someone holds the write lock (a
    try for it fails at once); on PostgreSQL, whether someone holds the advisory lock a load takes
    (`store.transaction`)."""
    if store.is_sqlite(engine):
        probe = sqlite3.connect(engine.url.database or "", timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with engine.connect() as connection:
        held = connection.execute(
            text(
                "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid) "
                "WHERE locktype = 'advisory' AND datname = current_database() AND granted"
            )
        ).scalar_one()
    return bool(held)


def wait_for_the_load(engine: Engine, running: Callable[[], bool], limit: float) -> None:
    """Until a load has been inside its transaction for a fifth of a second (held at five looks 50 ms
    apart: the access log's writes hold the lock for a millisecond or two, a load for seconds)."""
    started, held = time.perf_counter(), 0
    while held < 5 and running() and time.perf_counter() - started < limit:
        held = held + 1 if writing(engine) else 0
        time.sleep(0.05)


# PostgreSQL: a cluster of the script's own.


def postgres(command: str) -> str:
    environment = {**os.environ, "LINEOFSIGHT_PG_PORT": PG_PORT, "LINEOFSIGHT_PG_DIR": PG_DIR}
    return subprocess.run(
        [str(ROOT / "scripts/postgres.sh"), command],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def restart_postgres() -> None:
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    runner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else ["sudo", "-u", "postgres"]
    # Its output to a file: the server it starts would hold a pipe open for as long as it runs.
    subprocess.run(
        [*runner, str(pg_bin / "pg_ctl"), "-D", PG_DIR, "-l", f"{PG_DIR}/restart.log", "-w", "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def fresh_postgres(server: str, name: str) -> str:
    base = server.rsplit("/", 1)[0]
    engine = store.connect(server)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return f"{base}/{name}"


# The server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server(db: str, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    environment = {**os.environ, "LINEOFSIGHT_SECRET": secrets.token_urlsafe(48)}
    process = subprocess.Popen(
        [*LINEOFSIGHT, "serve", "--db", db, "--port", str(port), "--workers", "2"],
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the workers and the loading process with it
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/sign-in", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise SystemExit(f"the server did not start: see {log}")
    try:
        yield process, base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def get(base: str, path: str, token: str) -> int:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def upload(base: str, token: str, census: Path) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncin\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{census.name}"\r\n'
            "Content-Type: application/xml\r\n\r\n"
        ).encode()
        + census.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/api/data/loads",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def analyst_token(db: str) -> str:
    engine = store.connect(db)
    accounts.add_user(engine, "faults-analyst", secrets.token_urlsafe(16) + " x", "analyst", replace=True)
    token = api_tokens.issue_token(engine, "faults-analyst", name="faults.py")
    engine.dispose()
    return token


# The faults.


def kill_a_load(db: str, census: Path, label: str) -> None:
    say(f"\n1. A load killed mid-way ({label})")
    engine = store.connect(db)
    before = counts(engine)
    started = time.perf_counter()
    run("load", "cin", str(census), "--db", db)
    took = time.perf_counter() - started
    loaded = counts(engine)
    say(f"  a whole load takes {took:.1f} s and adds {sum(loaded.values()) - sum(before.values()):,} rows")
    # Back to before: the same load into a store as it was, then killed half-way.
    engine.dispose()
    if "://" in db:
        db = fresh_postgres(postgres("url"), "faults_kill_" + uuid.uuid4().hex[:6])
    else:
        Path(db).unlink()
        for suffix in ("-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    run("migrate", "--db", db)
    engine = store.connect(db)
    process = subprocess.Popen(
        [*LINEOFSIGHT, "load", "cin", str(census), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.perf_counter()
    wait_for_the_load(engine, lambda: process.poll() is None, 10 * took)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    say(
        f"  killed the command and its loading process {time.perf_counter() - started:.1f} s in, "
        "inside the load's transaction"
    )
    after = counts(engine)
    check(
        sum(after.values()) == 0, f"nothing of the killed load is in any table ({sum(after.values())} rows)"
    )
    if store.is_sqlite(engine):
        with engine.connect() as connection:
            verdict = connection.execute(text("PRAGMA integrity_check")).scalar_one()
        check(verdict == "ok", f"SQLite's integrity_check: {verdict}")
    say(f"  the history of loads says: {loads_of(engine) or 'nothing (the command was killed with it)'}")
    again = run("load", "cin", str(census), "--db", db, check_status=False)
    check(again.returncode == 0, "the same load, run again, loads")
    check(counts(engine) == loaded, "and leaves every table as a load that was never interrupted")
    engine.dispose()


def kill_the_server(db: str, census: Path, folder: Path) -> None:
    say("\n2. The server killed mid-upload (SQLite, 2 workers)")
    token = analyst_token(db)
    engine = store.connect(db)
    before = counts(engine)
    log = folder / "server-kill.log"
    with server(db, log) as (process, base):
        started = time.perf_counter()
        status = upload(base, token, census)
        took = time.perf_counter() - started
    check(status == 200, f"a whole upload answers 200 ({status}) in {took:.1f} s")
    loaded = counts(engine)
    engine.dispose()
    # The same upload into the store as it was, the server killed half-way.
    Path(db).unlink()
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    run("migrate", "--db", db)
    token = analyst_token(db)
    engine = store.connect(db)
    with server(db, log) as (process, base):
        answers: list[int] = []
        sending = threading.Thread(target=lambda: answers.append(upload(base, token, census)))
        sending.start()
        started = time.perf_counter()
        wait_for_the_load(engine, sending.is_alive, 10 * took)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        sending.join()
    say(
        f"  killed the server (every worker and the loading process) {time.perf_counter() - started:.1f} s "
        f"into the upload, inside the load's transaction; the upload got {answers[0] or 'no answer'}"
    )
    after = counts(engine)
    check(after == before, f"nothing of the killed upload is in any table ({sum(after.values())} rows)")
    say(f"  the history of loads says: {loads_of(engine) or 'nothing'}")
    with engine.connect() as connection:
        verdict = connection.execute(text("PRAGMA integrity_check")).scalar_one()
    check(verdict == "ok", f"SQLite's integrity_check: {verdict}")
    with server(db, log) as (process, base):
        check(get(base, "/api/data/loads", token) == 200, "the server starts again and answers")
        check(upload(base, token, census) == 200, "the same upload, sent again, loads")
    check(counts(engine) == loaded, "and leaves every table as an upload that was never interrupted")
    engine.dispose()


def restart_postgresql_under_the_server(census: Path, folder: Path) -> None:
    say("\n3. PostgreSQL restarted under the server (2 workers, a request every 50 ms)")
    db = fresh_postgres(postgres("url"), "faults_restart")
    run("migrate", "--db", db)
    run("load", "cin", str(census), "--db", db)
    token = analyst_token(db)
    with server(db, folder / "server-restart.log") as (_, base):
        for _ in range(4):  # each worker has connections in its pool
            get(base, "/api/data/loads", token)
        statuses: list[tuple[float, int]] = []
        start = time.perf_counter()
        window: list[float] = []  # when the restart began and when PostgreSQL answered again

        def restart() -> None:
            window.append(time.perf_counter() - start)
            restart_postgres()
            window.append(time.perf_counter() - start)

        restarting = threading.Timer(2, restart)  # requests go on while it restarts
        restarting.start()
        while time.perf_counter() - start < 12:
            statuses.append((time.perf_counter() - start, get(base, "/api/data/loads", token)))
            time.sleep(0.05)
        restarting.join()
    began, back = window
    during = [s for t, s in statuses if began <= t <= back]
    after = [s for t, s in statuses if t > back]
    say(
        f"  restarted PostgreSQL {began:.1f} s in; it answered again {back - began:.1f} s later; "
        f"{len(statuses)} requests: {len(during)} during the restart ({during.count(200)} answered 200, "
        f"the rest {sorted(set(during) - {200})}), {len(after)} after it"
    )
    check(
        bool(after) and all(s == 200 for s in after),
        "every request after the restart succeeded, "
        f"without restarting the app ({sum(1 for s in after if s != 200)} did not)",
    )
    before = [s for t, s in statuses if t < began]
    check(all(s == 200 for s in before), "and every request before it")


def fill_the_disk(db: str, folder: Path) -> None:
    say("\n4. The disk filling during an export (a tmpfs half the size of the export)")
    for kind, name in (("cin", "census.xml"), ("903", "ssda903-2026")):
        measured = folder / f"whole-{name}"
        run("export", kind, "--year", "2026", "--out", str(measured), "--db", db)
        files = [measured] if measured.is_file() else list(measured.iterdir())
        kb = max(16, sum(f.stat().st_size for f in files) // 2048)
        tiny = folder / f"tiny-{kind}"
        tiny.mkdir(exist_ok=True)
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kb}k", "tmpfs", str(tiny)], capture_output=True, text=True
        )
        if mounted.returncode != 0:
            say(f"  skipped: cannot mount a tmpfs ({mounted.stderr.strip()}); run as root")
            PROBLEMS.append("the disk-full fault was not run")
            return
        try:
            done = run(
                "export", kind, "--year", "2026", "--out", str(tiny / name), "--db", db, check_status=False
            )
            said = done.stderr.strip().splitlines()
            say(f"  export {kind} onto {kb} KB: exit {done.returncode}: {said[-1] if said else ''}")
            check(
                done.returncode == 1 and len(said) == 1 and "the disk is full" in said[0],
                f"export {kind} fails with one line saying the disk is full",
            )
            left = sorted(p.name for p in tiny.iterdir())
            check(left == [], f"and leaves nothing in the folder ({left})")
        finally:
            subprocess.run(["umount", str(tiny)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--population", type=int, default=6000)
    parser.add_argument("--keep", type=Path, help="keep the council and the logs in this folder")
    parser.add_argument("--only", type=int, choices=(1, 2, 3, 4), help="run only this fault")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        council = folder / "council.db"
        if not council.exists():
            run(
                "synth",
                "--profile",
                "stretched",
                "--population",
                str(args.population),
                "--years",
                "3",
                "--db",
                str(council),
            )
        census = folder / "census.xml"
        run("export", "cin", "--year", "2026", "--out", str(census), "--db", str(council))
        say(
            f"council: stretched, {args.population:,} children; census {census.stat().st_size / 2**20:.1f} MB"
        )
        chosen = {args.only} if args.only else {1, 2, 3, 4}
        if 1 in chosen:
            empty = str(folder / "empty.db")
            for suffix in ("", "-wal", "-shm"):
                Path(empty + suffix).unlink(missing_ok=True)
            run("migrate", "--db", empty)
            kill_a_load(empty, census, "SQLite")
        if chosen & {1, 3}:
            postgres("start")
            try:
                if 1 in chosen:
                    target = fresh_postgres(postgres("url"), "faults_load")
                    run("migrate", "--db", target)
                    kill_a_load(target, census, "PostgreSQL")
                if 3 in chosen:
                    restart_postgresql_under_the_server(census, folder)
            finally:
                postgres("stop")
        if 2 in chosen:
            web = str(folder / "web.db")
            for suffix in ("", "-wal", "-shm"):
                Path(web + suffix).unlink(missing_ok=True)
            run("migrate", "--db", web)
            kill_the_server(web, census, folder)
        if 4 in chosen:
            fill_the_disk(str(council), folder)
    verdict = "Everything recovered, nothing partial." if not PROBLEMS else "PROBLEMS: " + "; ".join(PROBLEMS)
    say(f"\n{verdict}")
    sys.exit(1 if PROBLEMS else 0)


if __name__ == "__main__":
    main()
