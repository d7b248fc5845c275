"""Loading a return in a process of its own, within limits of memory and time, so that no file can
take down the server (or the command) that asked for it.

Why: a 5.3 MB workbook whose cells ran to column XFD over a million rows made the workbook reader
ask for 524 GB, and the allocator aborted the whole server, with every person's request in it. The
readers check what they are given (`interchange/`), but a reader is a large body of code over
libraries in C and Rust, and the next hostile file may find another way. So a file is read where
its failure harms nothing else: a child process with a ceiling on its address space (`RLIMIT_AS`)
and on its CPU time (`RLIMIT_CPU`), and a clock in the parent for the time it may take in all.

- **Nothing partial.** The child loads the file in one transaction, as `lineofsight load` always
  has (`interchange.returns.load_return`). A child stopped at a limit dies with its transaction
  open: on SQLite the operating system releases its lock and the uncommitted end of the
  write-ahead log is never read; PostgreSQL rolls back the work of a connection that drops.
- **Recorded and said plainly.** The parent records a stopped load in the history of loads
  (status `stopped`, or `failed` for a load the database refused), and raises `LoadStoppedError`, an
  `InputError`: one line naming the file and what happened (`census.xml: reading it needed more
  than the 4,096 MB of memory a load may use, so it was stopped and nothing of it was loaded`),
  which the Data page shows in its error summary and the command prints as its one error.
- **A fresh interpreter, never a fork.** The server has threads (Polars' own, uvicorn's, the
  overview's), and a fork copies their locks without the threads that would release them. So the
  child is `python -m lineofsight.load_process`, started with nothing but the job it is sent.
- **One kept ready.** Starting Python and importing the readers takes one to three seconds, so a
  `Standby` keeps one child started and waiting for its job; each child loads one file and ends,
  and a new one is started as the last is taken. A standby whose parent dies reads the end of its
  input and ends too.
- **The job goes over a pipe**, the database's address (with its password) included, never on the
  command line, which other users of the machine can read. The answer comes back over another.

The limits (`LoadLimits`) are far above what any council's return needs: the largest synthetic
council's Annex A workbook (35,000 children) loads in under a second of CPU and a few hundred MB.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select

from lineofsight import store
from lineofsight.interchange.loading import (
    MAX_FILE_BYTES,
    InputError,
    LoadSummary,
    Rejection,
    TableSummary,
)
from lineofsight.model import Base

MEMORY_MB = 4096  # the address space a load may use: the largest synthetic council's needs 1,100 MB
CPU_SECONDS = 120  # the processor time a load may use: the largest synthetic council's needs 1.5 s
WALL_SECONDS = 600  # the time a load may take in all, waiting for another load's write lock included
# Polars starts a thread per processor, each with its address space for a stack: a few are plenty
# for one file, and keep a load's address space the same on a laptop and on a 64-core server.
THREADS = 4


@dataclass(frozen=True)
class LoadLimits:
    """What one load may use."""

    memory_mb: int = MEMORY_MB
    cpu_seconds: int = CPU_SECONDS
    wall_seconds: float = WALL_SECONDS

    @classmethod
    def within(cls, memory_mb: int, cpu_seconds: int) -> LoadLimits:
        """Limits of memory and processor time, with time in all in proportion to the defaults'."""
        return cls(memory_mb, cpu_seconds, cpu_seconds * WALL_SECONDS / CPU_SECONDS)


@dataclass(frozen=True)
class Job:
    """A load, as the child is sent it."""

    url: str  # the database, with its password: sent over a pipe, never on a command line
    kind: str
    path: str
    strict: bool
    max_bytes: int
    load_id: str
    year: int | None
    extract_date: dt.date | None
    limits: LoadLimits
    # "module:function" read in place of the return's own reader: how the tests give a child a
    # reader that allocates without bound or never ends.
    reader: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the child sends back: what it loaded, or why not."""

    outcome: Literal["loaded", "input_error", "refused", "memory", "failed"]
    summary: LoadSummary | None = None
    rejections: tuple[Rejection, ...] = ()
    message: str = ""
    error: dict[str, Any] | None = None  # an InputError's parts: file, reason, place, row, field


Status = Literal["stopped", "failed"]


class LoadStoppedError(InputError):
    """The load's process passed a limit, died, or the database refused its transaction: nothing of
    the file was kept, and the load is recorded under `status` (`stopped` or `failed`)."""

    def __init__(self, file: str, reason: str, status: Status) -> None:
        super().__init__(file, reason)
        self.status = status


class LoadRefusedError(Exception):
    """`--strict` refused the file for its rejected rows; `rejections` holds every one of them."""

    def __init__(self, message: str, rejections: Sequence[Rejection]) -> None:
        super().__init__(message)
        self.rejections = tuple(rejections)


def load_in_child(
    engine: Engine,
    kind: str,
    path: Path,
    *,
    strict: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    load_id: str,
    year: int | None = None,
    extract_date: dt.date | None = None,
    limits: LoadLimits | None = None,
    standby: Standby | None = None,
    reader: str | None = None,
) -> tuple[LoadSummary, tuple[Rejection, ...]]:
    """Load one file (or 903 folder) as `load_return` does, in a child process within `limits`.

    Returns what the load changed and the rows it rejected. Raises `InputError` for a file that
    cannot be loaded, `LoadRefusedError` (with every rejected row) when `strict` refused it, and
    `LoadStoppedError` when the child passed a limit or failed; each is recorded in the history of loads
    under `load_id`."""
    limits = limits or LoadLimits()
    database = engine.url
    if store.is_sqlite(engine) and database.database in (None, "", ":memory:"):
        raise ValueError("a database in memory cannot be shared with a child process: use a file")
    job = Job(
        url=database.render_as_string(hide_password=False),
        kind=kind,
        path=str(path),
        strict=strict,
        max_bytes=max_bytes,
        load_id=load_id,
        year=year,
        extract_date=extract_date,
        limits=limits,
        reader=reader,
    )
    child = (standby or Standby(keep_ready=False)).take()
    timed_out = False
    try:
        output, errors = child.communicate(pickle.dumps(job), timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        child.kill()
        output, errors = child.communicate()
    answer = _answer(output) if child.returncode == 0 else None
    if answer is None:
        if os.environ.get("LINEOFSIGHT_DEBUG"):
            sys.stderr.write(errors.decode("utf-8", "replace"))
        done = _recorded(engine, load_id)
        if done is not None and done.load_status == "loaded":
            # The child was stopped after its load had committed, before it could answer: the load
            # stands, and its record says what it changed in all.
            return _summary_of(done, path), ()
        status, reason = _why_it_ended(child.returncode, timed_out, errors, limits)
        record_stopped(engine, load_id, kind, path, status, reason)
        raise LoadStoppedError(str(path), reason, status)
    if answer.outcome == "loaded" and answer.summary is not None:
        return answer.summary, answer.rejections
    if answer.outcome == "input_error" and answer.error is not None:
        raise InputError(**answer.error)
    if answer.outcome == "refused":
        raise LoadRefusedError(answer.message, answer.rejections)
    status, reason = (
        ("stopped", _memory_reason(limits)) if answer.outcome == "memory" else ("failed", answer.message)
    )
    record_stopped(engine, load_id, kind, path, status, reason)
    raise LoadStoppedError(str(path), reason, status)


def _recorded(engine: Engine, load_id: str) -> Any:
    loads = Base.metadata.tables["loads"]
    with engine.connect() as connection:
        return connection.execute(select(loads).where(loads.c.load_id == load_id)).first()


def _summary_of(done: Any, path: Path) -> LoadSummary:
    """What a load's record says it changed, in all (its process could not say it table by table)."""
    summary = LoadSummary(path.name, done.load_kind, rejected=done.rejected)
    summary.tables["all tables"] = TableSummary(done.inserted, done.updated, done.unchanged)
    summary.notes.append(
        "the load's process was stopped after the load was kept, before it said what it changed table by "
        "table, or which rows it rejected: the counts are the load's in all"
    )
    return summary


def _answer(output: bytes) -> Answer | None:
    try:
        answer = pickle.loads(output)  # from the child this process started, over its pipe
    except Exception:  # nothing, or not all of it: the child died writing
        return None
    return answer if isinstance(answer, Answer) else None


def _memory_reason(limits: LoadLimits) -> str:
    return (
        f"reading it needed more than the {limits.memory_mb:,} MB of memory a load may use, so it was "
        "stopped and nothing of it was loaded: check that this is the right file (a workbook whose "
        "cells run far beyond its data can do this)"
    )


MEMORY_WORDS = ("memory allocation of", "MemoryError", "Cannot allocate memory", "bad_alloc", "out of memory")


def _seconds(count: float) -> str:
    return f"{count:,.0f} second" + ("" if round(count) == 1 else "s")


def _why_it_ended(returncode: int, timed_out: bool, errors: bytes, limits: LoadLimits) -> tuple[Status, str]:
    """Why a child ended without an answer, in a user's words."""
    said = errors.decode("utf-8", "replace")
    if timed_out:
        return "stopped", (
            f"loading it took more than the {_seconds(limits.wall_seconds)} a load may take, so it was "
            "stopped and nothing of it was loaded: check that this is the right file"
        )
    if returncode == -signal.SIGXCPU or "CPU time limit exceeded" in said:
        return "stopped", (
            f"reading it took more than the {_seconds(limits.cpu_seconds)} of processor time a load may "
            "use, so it was stopped and nothing of it was loaded: check that this is the right file"
        )
    if any(words in said for words in MEMORY_WORDS) or returncode == -signal.SIGKILL:
        # A Rust or C allocation refused under the ceiling aborts the process with one of these
        # words; the kernel's out-of-memory killer sends SIGKILL.
        return "stopped", _memory_reason(limits)
    ended = (
        f"signal {signal.Signals(-returncode).name}"
        if returncode < 0 and -returncode in signal.valid_signals()
        else f"exit status {returncode}"
    )
    return "stopped", f"the reader stopped unexpectedly ({ended}), so nothing of it was loaded"


def record_stopped(engine: Engine, load_id: str, kind: str, path: Path, status: Status, reason: str) -> None:
    """A load that did not finish, in the history of loads: its file's own name, never its folder.
    (Unless the child recorded it itself and was stopped only after: then its own record stands.)"""
    from lineofsight.interchange.returns import record_load

    loads = Base.metadata.tables["loads"]
    with store.transaction(engine) as connection:
        if connection.execute(select(loads.c.load_id).where(loads.c.load_id == load_id)).first():
            return
        record_load(connection, load_id, kind, path, status, None, f"{path.name}: {reason}")


# The parent's side: children started and kept ready --------------------------------------------


class Standby:
    """Children started ahead of need: `take` gives one that has (or soon will have) imported the
    readers and waits for its job, and starts the next. Each child loads one file."""

    def __init__(self, *, keep_ready: bool = True) -> None:
        self.keep_ready = keep_ready
        self._lock = threading.Lock()
        self._ready: subprocess.Popen[bytes] | None = None
        atexit.register(self.close)

    def take(self) -> subprocess.Popen[bytes]:
        with self._lock:
            child = self._ready
            self._ready = None
            if child is None or child.poll() is not None:
                child = _start()
            if self.keep_ready:
                self._ready = _start()
            return child

    def close(self) -> None:
        """End the child kept ready (when the server or command ends)."""
        with self._lock:
            child, self._ready = self._ready, None
        if child is not None and child.poll() is None:
            child.kill()
            child.communicate()


def _start() -> subprocess.Popen[bytes]:
    threads = str(min(os.cpu_count() or 1, THREADS))
    return subprocess.Popen(
        [sys.executable, "-m", "lineofsight.load_process"],
        env={**os.environ, "POLARS_MAX_THREADS": threads},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        close_fds=True,
    )


_shared: Standby | None = None
_sharing = threading.Lock()


def shared_standby() -> Standby:
    """This process's standby (the web app's, made on first use)."""
    global _shared
    with _sharing:
        if _shared is None:
            _shared = Standby()
        return _shared


# The child's side -------------------------------------------------------------------------------


def _limit(limits: LoadLimits) -> None:
    """The ceilings on this process: its address space, and its processor time from now (a soft
    limit sends SIGXCPU, which ends it; the hard limit, a little later, kills it)."""
    memory = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (spent + limits.cpu_seconds, spent + limits.cpu_seconds + 5))


def _run(job: Job) -> Answer:
    from lineofsight.interchange import returns
    from lineofsight.interchange.returns import RETURNS, RefusedError, load_return

    if job.reader is not None:
        module, name = job.reader.split(":")
        returns.RETURNS[job.kind] = replace(RETURNS[job.kind], module=module, reader_name=name)
    engine = store.connect(job.url)
    try:
        summary, batch = load_return(
            engine,
            job.kind,
            Path(job.path),
            strict=job.strict,
            max_bytes=job.max_bytes,
            load_id=job.load_id,
            year=job.year,
            extract_date=job.extract_date,
        )
        return Answer("loaded", summary, tuple(batch.rejections))
    except InputError as error:
        parts = {"file": error.file, "reason": error.reason, "place": error.place}
        return Answer("input_error", error={**parts, "row": error.row, "field": error.field})
    except RefusedError as error:
        return Answer("refused", rejections=tuple(_every_rejection(engine, job)), message=str(error))
    finally:
        engine.dispose()


def _every_rejection(engine: Engine, job: Job) -> list[Rejection]:
    """The rows a strict load refused the file for, read again (read only): the refusal names only
    the first, and whoever loads the file needs them all to correct it."""
    from lineofsight.interchange.returns import RETURNS

    options: dict[str, Any] = {}
    if job.kind == "903":
        options["year"] = job.year
    if job.kind == "annex-a":
        options["extract_date"] = job.extract_date
    with engine.connect() as connection:
        try:
            return list(RETURNS[job.kind].reader()(Path(job.path), connection, **options).rejections)
        except InputError:
            return []


def child_main() -> None:
    """A child: import the readers, wait for a job, load it within its limits, answer, end."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to the parent's view of errors, not the answer
    from lineofsight.interchange import annex_a, cin_census, returns, ssda903  # noqa: F401 - ready

    sent = sys.stdin.buffer.read()
    if not sent:  # the parent ended without a job for this child
        return
    job: Job = pickle.loads(sent)  # from the parent that started this process
    _limit(job.limits)
    try:
        answer = _run(job)
    except MemoryError:
        answer = Answer("memory")
    except Exception as error:
        traceback.print_exc()
        # What fails when memory runs out is not always an allocation: SQLite, refused the memory to
        # map its files, reports a disk I/O error. So the process's own high-water mark decides.
        memory = any(words in str(error) for words in MEMORY_WORDS) or _near_ceiling(job.limits)
        answer = Answer("memory") if memory else Answer("failed", message=_failure(error))
    answers.write(pickle.dumps(answer))
    answers.flush()


def _near_ceiling(limits: LoadLimits) -> bool:
    """Whether this process's address space has come within a tenth of its ceiling."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    peak = next((line.split()[1] for line in status.splitlines() if line.startswith("VmPeak:")), "0")
    return int(peak) * 1024 >= 0.9 * limits.memory_mb * 2**20


def _failure(error: Exception) -> str:
    """A load the database (or a fault of ours) refused, in a user's words; never the statement or
    its values, which may hold children's details."""
    name = type(getattr(error, "orig", None) or error).__name__
    return (
        f"the load failed ({name}), so nothing of it was loaded; try again, and if it happens again, "
        "tell the team that runs this service"
    )


if __name__ == "__main__":
    # Run as `python -m`, this file is `__main__`: what it sends back must be the classes of
    # `lineofsight.load_process`, which the parent knows, so the child runs from that module.
    from lineofsight import load_process

    load_process.child_main()
