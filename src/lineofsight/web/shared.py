"""Figures shared between the workers of one server: worked out once, by whichever asks first.

Why: with `serve --workers N` each worker keeps its own figures (`web/cache.py`), and after a load
each worked out the overview for itself (two years of every measure: about five seconds of a core
at rest, in its helper process): N times the same work on the same data, beside the people waiting
for their pages, and N times as long for the overview's JSON to wait (issue 15).

`lineofsight serve --workers N` makes a private folder for the server's run and names it in
`LINEOFSIGHT_SHARED` (removed when the server stops). A figure asked for under a key is worked out
by the first process to ask, while the others wait on a lock on a file of the folder; they then
read what it kept there. The key says everything the figure depends on: the data's fingerprint
(`cache.fingerprint`, read before the data, as the workers' own kept figures are), the settings and
what is asked. The folder lives only as long as one run of the server, so a figure kept there was
worked out by the same code; and a kept figure is used for at most `max_age` seconds (an hour), as
in `web/cache.py`, for edits made behind lineofsight's back that no fingerprint sees.

Without the folder (one worker, the CLI, tests), or where it is not private to this user (it holds
pickles, which are code to whoever may write them), nothing is shared: each process works out its
own figures, as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import pickle
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ENV_VAR = "LINEOFSIGHT_SHARED"
MAX_AGE = 3600.0  # seconds, as web/cache.py keeps a figure

T = TypeVar("T")
_WARNED: set[str] = set()


def folder() -> Path | None:
    """The server's shared folder, if it has one and it is private to this user; else None."""
    named = os.environ.get(ENV_VAR)
    if not named:
        return None
    path = Path(named)
    try:
        found = path.stat()
    except OSError:
        return None  # the server has stopped, or it was never made: work alone
    private = stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o077
    if not private:
        if named not in _WARNED:
            _WARNED.add(named)
            logging.getLogger(__name__).warning(
                "%s is not a folder private to this user: figures are not shared between workers", ENV_VAR
            )
        return None
    return path


def shared(key: object, compute: Callable[[], T], *, max_age: float = MAX_AGE) -> T:
    """`compute()`'s value for `key`, worked out once among the server's processes (see the module).

    `key` must be picklable and say everything the value depends on. Where nothing is shared, or the
    folder cannot be used (the disk full, a file removed under us), the value is worked out here."""
    where = folder()
    if where is None:
        return compute()
    name = hashlib.sha256(pickle.dumps(key, protocol=5)).hexdigest()
    kept = where / f"{name}.pickle"
    try:
        lock = (where / f"{name}.lock").open("a+b")
    except OSError:
        return compute()
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process working it out: wait for it
        try:
            try:
                if time.time() - kept.stat().st_mtime <= max_age:
                    found: T = pickle.loads(kept.read_bytes())
                    return found
            except OSError:
                pass  # not kept yet: work it out
            except Exception:  # cut short or spoilt, whatever unpickling then raises: work it out
                logging.getLogger(__name__).warning("a shared figure could not be read: working it out")
            value = compute()
            _keep(kept, value)
            _sweep(where, max_age, name)
            return value
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _keep(path: Path, value: object) -> None:
    """Write the value whole or not at all (a reader never finds half of it)."""
    partial = path.with_suffix(".partial")
    try:
        partial.write_bytes(pickle.dumps(value, protocol=5))
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)  # not kept: the others work it out for themselves


def _sweep(where: Path, max_age: float, current: str) -> None:
    """Let go of figures older than `max_age`, and their locks (each load makes a new key), but not
    the lock of the figure just kept, which others may be waiting on."""
    now = time.time()
    for each in [*where.glob("*.pickle"), *where.glob("*.lock")]:
        if each.stem == current:
            continue
        try:
            if now - each.stat().st_mtime > max_age:
                each.unlink()
        except OSError:
            pass
