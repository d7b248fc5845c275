"""Days as integers, and England working days by table look-up.

The simulation counts days as proleptic ordinals (`date.toordinal()`), which are cheap to compare,
add and keep in a heap. Working-day arithmetic is done a few hundred thousand times in a run, so it
uses a table built once from `lineofsight.working_days` rather than numpy calls one date at a time;
the rule is the same (the starting day is day 0, and a start on a weekend or holiday counts from the
working day before it).
"""

from __future__ import annotations

import datetime as dt

from lineofsight.working_days import is_working_day


def day_of(date: dt.date) -> int:
    return date.toordinal()


def date_of(day: int) -> dt.date:
    return dt.date.fromordinal(day)


def add_months(day: int, months: int) -> int:
    """The same calendar date `months` later (the month's last day where that date does not exist)."""
    date = dt.date.fromordinal(day)
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(date.day, last)).toordinal()


def add_years(day: int, years: int) -> int:
    return add_months(day, 12 * years)


class Clock:
    """Working days between `first` and `last`; outside that span, an approximation (5 in every 7)."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.last = last
        self._working: list[int] = []
        self._floor: list[int] = []  # per day: index in _working of the last working day on or before it
        for day in range(first, last + 1):
            if is_working_day(dt.date.fromordinal(day)):
                self._working.append(day)
            self._floor.append(len(self._working) - 1)

    def add(self, day: int, working_days: int) -> int:
        """The day `working_days` working days after `day` (day itself is day 0)."""
        if working_days <= 0:
            return day
        if self.first <= day <= self.last:
            index = self._floor[day - self.first] + working_days
            if index < len(self._working):
                return self._working[index]
        return day + (working_days * 7 + 4) // 5

    def count(self, start: int, end: int) -> int:
        """Working days after `start` up to and including `end`."""
        if self.first <= start <= self.last and self.first <= end <= self.last:
            return self._floor[end - self.first] - self._floor[start - self.first]
        return ((end - start) * 5) // 7
