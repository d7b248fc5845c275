"""The council's data as Polars frames, read from the store once and shared by every measure, alert
and page, with what the loaded data covers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import polars as pl
from sqlalchemy import Engine

from lineofsight.data.coverage import Coverage
from lineofsight.store import read_table

T = TypeVar("T")


class CouncilData:
    """Tables of the canonical model, each read on first use and then kept.

    Built from an engine for real work, or from frames directly in tests and inside the synthetic
    council. Frames a caller built itself are taken as a complete record unless `coverage` says
    otherwise; a store says what it covers in its `coverage` table.
    """

    def __init__(
        self,
        engine: Engine | None = None,
        frames: Mapping[str, pl.DataFrame] | None = None,
        coverage: Coverage | None = None,
    ) -> None:
        self._engine = engine
        self._frames: dict[str, pl.DataFrame] = dict(frames or {})
        self._coverage = coverage
        self._kept: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        # One lock per table being read (pages share this object), and one for that dictionary
        # (not `_lock`, which is held while something kept is made, and reads tables).
        self._reading: dict[str, threading.Lock] = {}
        self._reading_lock = threading.Lock()

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """Something worked out from these tables that is asked for again and again (QA03's alerts on
        audit days, by every month of a trend), made once and kept as long as the tables are: this
        object is read once and never changes, so nothing kept here can go stale."""
        with self._lock:
            if key not in self._kept:
                self._kept[key] = make()
            found: T = self._kept[key]
            return found

    def __getitem__(self, table: str) -> pl.DataFrame:
        """The table as one contiguous frame, however it arrived.

        A table can reach us in pieces: a PostgreSQL read is a list of record batches, a load adds
        rows to what was read before, a test or the synthetic council concatenates frames. Polars
        2.1 has panicked (`assertion failed: i < self.len()`) formatting a date column held in two
        chunks, which took My work down after a return was loaded, so every table is made one chunk
        per column here, once, where all measures, alerts and pages read it."""
        if table not in self._frames:
            if self._engine is None:
                raise KeyError(f"no frame for table {table}")
            with self._reading_lock:
                reading = self._reading.setdefault(table, threading.Lock())
            with reading:  # many pages asking at once for a table not yet read: one read
                if table not in self._frames:
                    self._frames[table] = read_table(self._engine, table)
        frame = self._frames[table]
        if any(chunks > 1 for chunks in frame.n_chunks("all")):
            frame = self._frames[table] = frame.rechunk()
        return frame

    @property
    def coverage(self) -> Coverage:
        """What the data covers, fact by fact (see `data.coverage`)."""
        if self._coverage is None:
            if self._engine is None and "coverage" not in self._frames:
                self._coverage = Coverage.complete()
            else:
                self._coverage = Coverage.from_frame(self["coverage"])
        return self._coverage

    def council_name(self) -> str:
        """The council's name as stored with its facts, or a plain description when there is none."""
        facts = self["council"].filter(pl.col("fact") == "name")
        return str(facts["value"][0]) if facts.height else "Children's services"

    def population_0_17(self) -> int | None:
        """The child population stored with the council's facts, if any (asked for by every rate, at
        every date of a trend: found once)."""

        def stored() -> int | None:
            facts = self["council"].filter(pl.col("fact") == "population_0_17")
            return int(facts["value"][0]) if facts.height else None

        return self.kept("population_0_17", stored)

    def last_day(self) -> dt.date | None:
        """The last day the data covers: what the loads (or the synthetic council) recorded, else the
        synthetic council's own end."""
        day = self.coverage.last_day()
        if day is not None:
            return day
        facts = self["council"]
        end = facts.filter(pl.col("fact") == "generated_end")
        return dt.date.fromisoformat(end["value"][0]) if end.height else None

    def first_day(self) -> dt.date | None:
        """The first day the data covers: the earliest load's, else the synthetic council's own start;
        None when the history is held whole from its beginning, however far back."""
        day = self.coverage.first_day()
        if day is not None:
            return day
        facts = self["council"]
        start = facts.filter(pl.col("fact") == "generated_start")
        return dt.date.fromisoformat(start["value"][0]) if start.height else None
