"""Figures computed for one page kept for the next, for as long as the council's data is unchanged.

Why: the overview shows every measure at 24 month ends. For a large council (35,000 children, five
years) that is 24 runs of the catalogue, about 13 seconds, and one run alone takes about half a second;
yet the page must answer in well under a second with fifty people reading it at once. The figures only
change when the data does, so they are computed once per version of the data and then kept.

**The data's version** (`fingerprint`) is the number of rows in every table of the council's data
(every table of the canonical model; the accounts tables and the bookkeeping are left out; read in
one statement), the council's facts themselves, and on PostgreSQL the count of changes that the
database keeps (`model.loads.DataChanges`). Each way lineofsight writes the council's data changes it:

- a load (`lineofsight load`, the Data page) inserts rows and records itself in `loads`, in the same
  transaction, so even a load that only corrects rows in place adds a row to `loads`;
- a new synthetic council (`synth --replace`) rewrites the council's facts (profile, seed, dates,
  population), so two councils with the same row counts still differ;
- a new event (a visit, a referral) adds a row.

Sign-ins, API tokens and the access log write to the same database but not to these tables, so a
social worker opening a child's record (which writes the access log) does not throw away the
overview.

The counts cost about 2 ms on SQLite and 25-50 ms on PostgreSQL for a large council, too much for
every request, so two things make a check cheap:

- **A first look** (`WriteWatch`): on PostgreSQL, the count of changes, which a trigger on every
  table of the council's data raises in the same transaction as the change, so it moves exactly when
  the data does (a change made by hand in SQL too) and not when the access log is written, which
  happens on almost every request. On SQLite, SQLite's own count of commits by other connections
  (`PRAGMA data_version`): it moves with any write to any table, the access log's too, so there the
  counts decide, and at 2 ms they may.
  While the first look is unchanged nothing has been written, and the last counts still hold without
  counting again. It is read before the counts, so a write landing between the two only makes the
  next check count again.
- **Shared checks**: a request waits for a check that *began after it arrived* (such a check sees
  every write committed before the request), and joins one already running only if it began later
  than that. At most one check runs at a time, however many people ask; each waits at most about two
  checks.

What this does not see on SQLite: a row changed in place by hand, outside lineofsight (an SQL
`UPDATE` that keeps every count). So that such an edit still shows, a kept figure is also dropped
after `max_age` (an hour by default).

**What is kept**: any value under a key, with the version it was computed at; when the version
changes, everything kept for the old one is dropped. Concurrent requests for the same key wait for one
computation rather than repeating it (many directors opening the overview at 9am cost one run). At
most `max_entries` values are kept, least recently used dropped first, and a caller may cap one kind
of value further (`limit`: a measure's full list of children is large, a month's figure small). The
version is read before the data, so a write during a computation can only make the next request
compute again, never keep old figures as new.

**While new figures are worked out** (issue 15: a page must answer in well under a second with a load
running). When the data changes, the overview is two years of every measure again: 10-20 seconds of
work, and every page that needs figures would wait for it. The server's warming thread
(`web/app.py`, `keep_warm`) is woken at once and works out the new version's figures (the overview and
the worklists), then marks that version *ready*, and in a server goes on to every measure's page.
Until then a page that may (`version(stale_ok=True)`, the HTML pages of the overview, measures, teams
and My work) is answered from the last ready version, and says so at the top ("The
council's data changed at 10:02; these figures are from before that ..."): a figure from before the
change is never shown as if it were after it. Such a request works out anything missing from the
data as it finds it, and keeps none of it. JSON, CSV and a child's own page are never answered from
an older version: a program reading them cannot see a warning, and a child's record must be today's.
Without a warming thread (the CLI, most tests) no version is ever marked ready and every request is
answered from the data as it is.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, Select, func, select, text
from sqlalchemy.exc import DBAPIError

from lineofsight import store
from lineofsight.model import Base

T = TypeVar("T")

Fingerprint = tuple[Any, ...]

MAX_AGE = 3600.0  # seconds: the longest a figure is kept, for edits made behind lineofsight's back
MAX_ENTRIES = 20_000  # 55 measures x 24 months is 1,320 values per date asked for


@cache
def _statements() -> tuple[Select[Any], Select[Any]]:
    """The counts of every table of the council's data with the count of changes, and the council's
    facts (made once: the model is fixed)."""
    tables = store.council_tables()
    changes = Base.metadata.tables["data_changes"]
    counts = select(
        *(select(func.count()).select_from(table).scalar_subquery() for table in tables),
        select(changes.c.changes).where(changes.c.id == 1).scalar_subquery(),
    )
    council = Base.metadata.tables["council"]
    facts = select(*council.columns).order_by(*council.columns)
    return counts, facts


def fingerprint(engine: Engine) -> Fingerprint:
    """The version of the council's data: every table's row count and the count of changes (kept on
    PostgreSQL only), and the council's facts."""
    counts, facts = _statements()
    with engine.connect() as connection:
        numbers = tuple(connection.execute(counts).one())
        named = tuple(tuple(row) for row in connection.execute(facts))
    return (numbers, named)


CHANGES = "SELECT changes FROM data_changes WHERE id = 1"


class WriteWatch:
    """The first look: something that changes with every committed write to the council's data (on
    SQLite, to any table); None where there is no cheap way to tell (an in-memory database), and
    then every check counts.

    PostgreSQL: the count of changes its triggers keep (None until the first change). SQLite:
    `PRAGMA data_version` on a connection of the watch's own, which never writes, so the number moves
    exactly when another connection (in this process or another) commits. The watch asks SQLite
    rather than reading the database file itself: opening and closing the file outside SQLite would
    drop the locks SQLite holds on it in this process, and another process's write could then
    corrupt the database.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def __call__(self, engine: Engine) -> Hashable | None:
        if engine.dialect.name == "sqlite":
            database = engine.url.database
            if not database or database == ":memory:" or database.startswith("file:"):
                return None
            with self._lock:
                try:
                    if self._connection is None:
                        # Python's sqlite3, the library SQLAlchemy writes with; its own connection,
                        # not one from the pool, so that it is never used to write.
                        self._connection = sqlite3.connect(
                            database, timeout=store.BUSY_SECONDS, check_same_thread=False
                        )
                    version = self._connection.execute("PRAGMA data_version").fetchone()[0]
                except sqlite3.Error:
                    self._drop()  # the lock is held: not `close`
                    return None
            return ("sqlite", version)
        if engine.dialect.name == "postgresql":
            try:
                with engine.connect() as connection:
                    changes = connection.execute(text(CHANGES)).scalar()
            except DBAPIError:  # a user who may not read it: count every time
                return None
            return ("postgresql", changes)
        return None

    def close(self) -> None:
        """Give the watch's connection back (a later look opens another). Under the watch's lock:
        closing the connection while another thread asks it for `data_version` crashes SQLite."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class Version:
    """The data's version as a request saw it: a number that goes up each time the data changes.

    `changed_at` is set only on a version older than the data (`Figures.version(stale_ok=True)` while
    the new figures are worked out): when the change was found, for the page to say so."""

    number: int
    changed_at: dt.datetime | None = field(default=None, compare=False)

    @property
    def stale(self) -> bool:
        return self.changed_at is not None


@dataclass
class _Entry:
    value: Any
    made: float


@dataclass
class _Pending:
    """A computation under way; others asking for the same key wait for it."""

    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    failed: bool = False


class Figures:
    """Values computed from one store, kept while its data is unchanged."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_age: float = MAX_AGE,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
        check: Callable[[Engine], Fingerprint] = fingerprint,
        first_look: Callable[[Engine], Hashable | None] | None = None,
    ) -> None:
        self._engine = engine
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock
        self._check = check
        self._first_look = first_look or WriteWatch()
        self._looked: Hashable | None = None  # what the first look said when the last counts were made
        self._lock = threading.Lock()
        self._checked = threading.Condition(self._lock)
        self._entries: OrderedDict[tuple[int, Hashable], _Entry] = OrderedDict()
        # The same slots by kind, least recently used first: a kind's limit is then kept without
        # looking through every value kept (thousands: a scan on every new child's page cost more
        # than the page).
        self._kinds: dict[Hashable, OrderedDict[tuple[int, Hashable], None]] = {}
        self._pending: dict[tuple[int, Hashable], _Pending] = {}
        # Checks of the version: how many have begun, whether one is running, and the last answer
        # (the number of the check that gave it, the fingerprint, and the version number it means).
        self._checks_begun = 0
        self._checking = False
        self._last: tuple[int, Fingerprint, int] | None = None
        self._version = 0
        # The last version whose figures the warming thread has worked out (None: none yet, or no
        # thread), when the data was last found changed, and an event that wakes the thread then.
        self._ready: int | None = None
        self._changed_at: dt.datetime | None = None
        self.changed = threading.Event()

    def version(self, *, stale_ok: bool = False) -> Version:
        """The data's version now: from a check that began after this call did (see the module).

        With `stale_ok`, while the version now is not yet ready and an older one is, the older one,
        with the moment the change was found (a page then says its figures are from before it)."""
        now = self._current()
        with self._lock:
            if stale_ok and self._ready is not None and self._ready != now.number:
                return Version(self._ready, changed_at=self._changed_at)
        return now

    @property
    def ready(self) -> Version | None:
        """The last version marked ready, if any."""
        with self._lock:
            return None if self._ready is None else Version(self._ready)

    def fingerprint(self, version: Version) -> Fingerprint | None:
        """The fingerprint `version` was found at (`fingerprint`), while it is the data's latest known
        version; None once the data has been found changed since (figures kept under a fingerprint
        for other processes, `web/shared.py`, must say which data they come from)."""
        with self._lock:
            if self._last is not None and self._last[2] == version.number:
                return self._last[1]
            return None

    def mark_ready(self, version: Version) -> None:
        """The figures of `version` have been worked out: pages may stop showing older ones (and the
        older ones are let go). A version the data has moved on from since is not marked."""
        with self._lock:
            if version.number == self._version:
                self._ready = version.number
                self._drop_all_but(version.number)

    def _current(self) -> Version:
        with self._checked:
            arrived = self._checks_begun
            while True:
                if self._last is not None and self._last[0] > arrived:
                    return Version(self._last[2])
                if not self._checking:
                    break
                self._checked.wait()
            self._checking = True
            self._checks_begun += 1
            mine = self._checks_begun
        try:
            found = self._counted()
        except BaseException:
            with self._checked:
                self._checking = False
                self._checked.notify_all()
            raise
        with self._checked:
            if self._last is None or self._last[1] != found:
                self._version += 1
                self._drop_all_but(self._version, self._ready)
                self._changed_at = dt.datetime.now()
                self.changed.set()
            self._last = (mine, found, self._version)
            self._checking = False
            self._checked.notify_all()
            return Version(self._version)

    def _counted(self) -> Fingerprint:
        """The fingerprint now: the last one while nothing at all has been written since, else counted.
        Only one check runs at a time, so only it reads and sets `_looked`."""
        looked = self._first_look(self._engine)
        with self._lock:
            last = self._last
        if looked is not None and looked == self._looked and last is not None:
            return last[1]
        found = self._check(self._engine)
        self._looked = looked
        return found

    def get(
        self, version: Version, key: Hashable, compute: Callable[[], T], *, limit: int | None = None
    ) -> T:
        """The value kept under `key` for this version, or `compute()`'s, kept for the next request.

        `limit` keeps at most that many values of the key's kind (its first item, for a tuple key),
        least recently used dropped first: for large values, such as a measure's list of children.
        A request that saw an older version (the data changed while it ran) gets its own answer,
        which is not kept."""
        slot = (version.number, key)
        with self._lock:
            entry = self._entries.get(slot)
            if entry is not None and self._clock() - entry.made <= self._max_age:
                self._entries.move_to_end(slot)
                self._kinds[_kind(key)].move_to_end(slot)
                return cast(T, entry.value)
            pending = self._pending.get(slot)
            mine = pending is None
            if pending is None:
                pending = self._pending[slot] = _Pending()
        if not mine:
            pending.done.wait()
            if pending.failed:  # the one computing it failed: try for ourselves
                return self.get(version, key, compute, limit=limit)
            return cast(T, pending.value)
        try:
            value = compute()
        except BaseException:
            with self._lock:
                pending.failed = True
                del self._pending[slot]
            pending.done.set()
            raise
        with self._lock:
            if version.number == self._version:
                self._entries[slot] = _Entry(value, self._clock())
                self._entries.move_to_end(slot)
                same = self._kinds.setdefault(_kind(key), OrderedDict())
                same[slot] = None
                same.move_to_end(slot)
                if limit is not None:
                    while len(same) > limit:
                        self._forget(next(iter(same)))
                while len(self._entries) > self._max_entries:
                    self._forget(next(iter(self._entries)))
            del self._pending[slot]
        pending.value = value
        pending.done.set()
        return value

    def close(self) -> None:
        """Let go of the store: the watch's connection (when the server stops)."""
        if isinstance(self._first_look, WriteWatch):
            self._first_look.close()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _drop_all_but(self, *versions: int | None) -> None:
        for slot in [slot for slot in self._entries if slot[0] not in versions]:
            self._forget(slot)

    def _forget(self, slot: tuple[int, Hashable]) -> None:
        del self._entries[slot]
        kind = _kind(slot[1])
        same = self._kinds[kind]
        del same[slot]
        if not same:
            del self._kinds[kind]


def _kind(key: Hashable) -> Hashable:
    return key[0] if isinstance(key, tuple) and key else key


_ATTACH = threading.Lock()


def of(app: Any) -> Figures:
    """The app's kept figures (made on first use, for the app's store)."""
    state = app.state
    found = getattr(state, "lineofsight_figures", None)
    if isinstance(found, Figures):
        return found
    with _ATTACH:
        found = getattr(state, "lineofsight_figures", None)
        if not isinstance(found, Figures):
            found = Figures(state.engine)
            state.lineofsight_figures = found
        return found
