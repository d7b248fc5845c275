"""Helper processes: work a web worker hands to a process of its own, so that its threads go on
answering people meanwhile.

Why: a web worker's threads share Python's lock. Work that holds it for long (vl-convert drawing a
chart, about 70 ms a draw; the overview's two years of every measure after a load, seconds of
Python around Polars) makes every other page that worker is answering stand still. In a helper the
work holds a lock of its own, and the operating system shares the processors between the helper
and the workers; a helper may also be made *nicer* than the workers (`niceness`), so that, with the
processors busy, the pages people are waiting for run first and the helper's work fills the gaps.

Each helper is one process, started on first use afresh (`spawn`, never a fork: a web worker has
threads, and a fork copies their locks held), and ends when the process that started it has gone
(a worker stopped in a hurry would otherwise leave it running for ever; found after a benchmark).
A helper that died (killed, out of memory) is replaced on the next use (`run`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

PARENT_LOOK_SECONDS = 0.5  # how often a helper looks whether the process it works for is still there


class Helper:
    """One helper process for this process, started on first use."""

    def __init__(self, name: str, *, niceness: int = 0) -> None:
        """`name`: what it does, for its watch thread; `niceness`: added to the helper's nice value
        (0: as the worker; 10: it runs when the workers do not need the processors)."""
        self.name = name
        self.niceness = niceness
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def pool(self) -> ProcessPoolExecutor:
        """The helper (a one-process pool), started if it is not."""
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_started,
                    initargs=(os.getpid(), self.name, self.niceness),
                )
            return self._pool

    def run(self, function: Callable[..., T], *args: Any, timeout: float) -> T:
        """`function(*args)` in the helper, waiting at most `timeout` seconds; a helper found dead
        is replaced, once."""
        try:
            return self.pool().submit(function, *args).result(timeout=timeout)
        except BrokenProcessPool:
            self.forget()
            return self.pool().submit(function, *args).result(timeout=timeout)

    def forget(self) -> None:
        """Let the helper go (the next use starts another)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _started(parent: int, name: str, niceness: int) -> None:
    """In the helper, first: its nice value, and a thread that ends it as soon as the process that
    started it has gone."""
    if niceness:
        os.nice(niceness)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_LOOK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name=f"lineofsight-{name}-helper-watch", daemon=True).start()
