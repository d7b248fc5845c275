"""Loading an SSD into lineofsight, unattended: one refresh at a time, all of it or none of it.

A refresh takes a lock (a file beside the database, or in the temporary folder for a server
database) so that a nightly timer and a person never load at once; reads the SSD and writes it in
one transaction, so that a refresh that fails leaves yesterday's data whole; and records the load in
`loads`: its kind (`ssd`), its source (a folder's name, or the URL without its password), what it
changed, and when the extract was taken (`extracted_at`, which every page gives as "data as at").
A refresh that fails is recorded too, with why, for the Data page.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Connection, Engine

from lineofsight import store
from lineofsight.interchange.care_periods import join_provisional
from lineofsight.interchange.loading import Batch, InputError, LoadSummary, apply_batch
from lineofsight.interchange.ssd.read import read_ssd
from lineofsight.interchange.ssd.sources import describe, is_url, newest_change, ssd_tables
from lineofsight.model import Base


class BusyError(Exception):
    """Another refresh of the same database is under way."""


def lock_path(engine: Engine) -> Path:
    """The lock file of a database: beside a SQLite file, else named after the server's URL."""
    if store.is_sqlite(engine) and engine.url.database:
        return Path(f"{engine.url.database}.refresh-lock")
    digest = hashlib.sha256(engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"lineofsight-{digest}.refresh-lock"


@contextmanager
def refresh_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's refresh lock, or raise BusyError at once if another refresh holds it."""
    path = lock_path(engine)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(f"another refresh of this database is under way (lock {path})") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_ssd(
    engine: Engine,
    source: str,
    *,
    since: dt.date | None = None,
    extracted_at: dt.datetime | None = None,
    load_id: str | None = None,
) -> tuple[LoadSummary, Batch]:
    """Load the SSD at `source` (a folder of CSVs, or a database URL): everything, or with `since`
    only rows dated on or after it. `extracted_at` is when the extract was taken (default: the
    newest file's time for a folder, now for a database). Raises InputError (recorded, nothing kept)
    when the source cannot be read, and BusyError when another refresh holds the lock."""
    load_id = load_id or uuid.uuid4().hex
    name = describe(source)
    with refresh_lock(engine):
        try:
            with ssd_tables(source) as found, store.transaction(engine) as connection:
                if is_url(source):
                    moment = extracted_at or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
                else:
                    moment = extracted_at or newest_change(Path(source))
                batch = read_ssd(found, connection, source=name, extracted=moment.date(), since=since)
                summary = apply_batch(connection, batch)
                cared_for = {
                    str(row["person_id"])
                    for row in batch.tables.get("cla_episodes", [])
                    if row.get("person_id") is not None
                }
                join_provisional(connection, cared_for)
                _record(connection, load_id, name, "loaded", summary, None, moment)
                _record_coverage(connection, load_id, batch)
        except Exception as error:
            if not isinstance(error, InputError):
                # The database's own first line (a foreign key refused, the connection lost), not the
                # statement and its rows: one line for the Data page and the log.
                reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
                error = InputError(name, f"the refresh failed and nothing of it was kept: {reason}")
            with store.transaction(engine) as connection:
                # The record names the folder by its own name only (which may say whose it is).
                message = str(error) if is_url(source) else str(error).replace(str(Path(source)), name)
                _record(connection, load_id, name, "refused", None, message, None)
            raise error from None
    return summary, batch


def _record_coverage(connection: Connection, load_id: str, batch: Batch) -> None:
    rows = [
        replace(span, load_id=load_id).row(f"{load_id}/{index}") for index, span in enumerate(batch.coverage)
    ]
    if rows:
        connection.execute(Base.metadata.tables["coverage"].insert(), rows)


def _record(
    connection: Connection,
    load_id: str,
    source: str,
    status: str,
    summary: LoadSummary | None,
    message: str | None,
    extracted_at: dt.datetime | None,
) -> None:
    connection.execute(
        Base.metadata.tables["loads"].insert(),
        {
            "load_id": load_id,
            # To the microsecond: a failed refresh a moment after a good one is the latest (freshness).
            "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "load_kind": "ssd",
            "load_source": source,
            "load_status": status,
            "inserted": summary.inserted if summary else 0,
            "updated": summary.updated if summary else 0,
            "unchanged": summary.unchanged if summary else 0,
            "rejected": summary.rejected if summary else 0,
            "message": message,
            "extracted_at": extracted_at,
        },
    )
