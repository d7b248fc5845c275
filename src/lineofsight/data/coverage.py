"""What the loaded data covers: for each fact, the days over which it is held whole.

Every load records what it covered (`model.loads.Coverage`, written by `interchange.returns` and by
the synthetic council): a CIN census covers referrals, assessments and plans of every child in need
over its collection year; an SSDA903 covers periods of care, placements and reviews over its year;
Annex A covers each list's window up to the day it was extracted, and for visits, reviews and health
assessments only the latest, on that day. This module puts those records together, so that a measure
asks one question, "is this fact held whole from this day to that?", and gets the right answer
after many loads of several kinds and years, in any order.

Two ways of holding a fact:
- **events**: every record dated, begun, ended or open on a day of the window is held. Windows of
  the same fact join up when they touch (2024-25's census and 2025-26's cover April 2024 to March
  2026), and a window with no first day holds the whole history.
- **latest**: for each child, the latest record on or before the window's last day is held, and
  nothing older; enough for "when was this child last visited?" on that day and no other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from lineofsight.formatting import long_date

Mode = Literal["events", "latest"]
EVERY_FACT = "*"  # a complete record: the synthetic council, or a whole case-management history
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """One fact held over some days, as one load recorded it."""

    fact: str
    mode: Mode
    start: dt.date | None  # None: the whole history up to `end`
    end: dt.date
    source: str
    scope: str
    load_id: str | None = None

    def row(self, coverage_id: str) -> dict[str, object]:
        """The span as a row of the `coverage` table."""
        return {
            "coverage_id": coverage_id,
            "load_id": self.load_id,
            "coverage_source": self.source,
            "fact": self.fact,
            "coverage_mode": self.mode,
            "window_start": self.start,
            "window_end": self.end,
            "scope": self.scope,
        }


Interval = tuple[dt.date | None, dt.date]


class Coverage:
    """Everything the loaded data covers, fact by fact."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = tuple(spans)
        self._events: dict[str, list[Interval]] = {}

    @classmethod
    def complete(cls, end: dt.date = dt.date.max) -> Coverage:
        """Every fact over the whole history: frames a caller built itself, as a complete record."""
        return cls([Span(EVERY_FACT, "events", None, end, "complete", "every child")])

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Coverage:
        """From the `coverage` table as read from the store."""
        return cls(
            Span(
                fact=row["fact"],
                mode=row["coverage_mode"],
                start=row["window_start"],
                end=row["window_end"],
                source=row["coverage_source"],
                scope=row["scope"],
                load_id=row["load_id"],
            )
            for row in frame.iter_rows(named=True)
        )

    def _of(self, fact: str, mode: Mode) -> list[Span]:
        return [s for s in self.spans if s.mode == mode and s.fact in (fact, EVERY_FACT)]

    def events(self, fact: str) -> list[Interval]:
        """The days the fact is held whole, as separate intervals in date order (touching ones
        joined): `(None, end)` is the whole history to `end`."""
        if fact not in self._events:
            intervals = sorted(
                ((s.start, s.end) for s in self._of(fact, "events")),
                key=lambda i: (i[0] is not None, i[0] or dt.date.min),
            )
            joined: list[Interval] = []
            for start, end in intervals:
                if joined and (start is None or start <= joined[-1][1] + ONE_DAY):
                    last_start, last_end = joined[-1]
                    joined[-1] = (last_start, max(last_end, end))
                else:
                    joined.append((start, end))
            self._events[fact] = joined
        return self._events[fact]

    def covers(self, fact: str, first: dt.date | None, last: dt.date) -> bool:
        """True when every record of the fact from `first` to `last` (None: the whole history) is held."""
        for start, end in self.events(fact):
            starts_in_time = start is None or (first is not None and start <= first)
            if starts_in_time and end >= last:
                return True
        return False

    def gaps(self, fact: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
        """The days from `first` to `last` on which the fact is not held whole, as intervals."""
        found: list[tuple[dt.date, dt.date]] = []
        day = first
        for start, end in self.events(fact):
            if end < day:
                continue
            if start is not None and start > day:
                found.append((day, min(start - ONE_DAY, last)))
            day = max(day, end + ONE_DAY)
            if day > last:
                return found
        if day <= last:
            found.append((day, last))
        return [(a, b) for a, b in found if a <= b]

    def latest_on(self, fact: str, day: dt.date) -> bool:
        """True when the latest record of the fact on `day` is held for every child (a snapshot taken
        that day, such as Annex A's latest visit)."""
        return any(span.end == day for span in self._of(fact, "latest"))

    def holds(self, fact: str) -> bool:
        return bool(self._of(fact, "events") or self._of(fact, "latest"))

    def held_words(self, fact: str) -> str:
        """What is held of the fact, in words: "from 1 April 2025 to 31 March 2026 and the latest as
        at 30 June 2026"."""
        parts = [
            f"up to {long_date(end)}" if start is None else f"from {long_date(start)} to {long_date(end)}"
            for start, end in self.events(fact)
        ]
        parts += sorted({f"only the latest as at {long_date(s.end)}" for s in self._of(fact, "latest")})
        return " and ".join(parts) if parts else "not at all"

    def last_day(self) -> dt.date | None:
        """The last day any load covers: where the data ends."""
        ends = [span.end for span in self.spans if span.end != dt.date.max]
        return max(ends) if ends else None

    def first_day(self) -> dt.date | None:
        """The first day of the data: None when some fact is held over the whole history."""
        starts = [span.start for span in self.spans]
        if not starts or any(start is None for start in starts):
            return None
        return min(start for start in starts if start is not None)

    def __bool__(self) -> bool:
        return bool(self.spans)
