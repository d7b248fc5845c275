"""England working days: the clock that most statutory timescales run on.

A working day is Monday to Friday, not a bank holiday in England (the `holidays` package, country GB,
subdivision ENG, which includes substitute days and one-off holidays such as 8 May 2020 or
19 September 2022). Timescales are counted with the starting event as day 0: "within 15 working days
of X" means on or before the 15th working day *after* X. When X falls on a weekend or holiday, the
count still starts from X, so the first working day after it is day 1 (the policy most councils'
systems use).

The scalar functions serve tests and single-child questions; the array functions serve the
measures, which work on whole columns at once.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import numpy as np
import numpy.typing as npt

FIRST_YEAR = 1990
LAST_YEAR = 2045

DateArray = npt.NDArray[np.datetime64]


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[dt.date]:
    """Every bank holiday in England from 1990 to 2045, substitute days included."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return frozenset(calendar.keys())


@lru_cache(maxsize=1)
def _busday_calendar() -> np.busdaycalendar:
    return np.busdaycalendar(
        weekmask="1111100",
        holidays=np.array(sorted(bank_holidays()), dtype="datetime64[D]"),
    )


def _check_range(day: dt.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day.isoformat()} is outside the bank-holiday calendar ({FIRST_YEAR}-{LAST_YEAR})")


def is_working_day(day: dt.date) -> bool:
    """True for a weekday that is not a bank holiday in England."""
    _check_range(day)
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself is day 0).

    With `days` = 0 the answer is `start` itself, even when it is not a working day.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    _check_range(start)
    # Rolling a non-working start back to the previous working day does not change which
    # working days come after it, and lets numpy's offset count from a working day.
    result = np.busday_offset(np.datetime64(start, "D"), days, roll="backward", busdaycal=_busday_calendar())
    return dt.date.fromisoformat(str(result))


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier).

    So an assessment that starts on a Monday and is authorised on the Friday of the same week
    took 4 working days, and one authorised on the day it started took 0. An `end` before `start`
    (a data error, such as an authorisation recorded before the start) counts the same days the
    other way round: count_working_days(a, b) == -count_working_days(b, a).
    """
    _check_range(start)
    _check_range(end)
    return int(_count(np.array([start], dtype="datetime64[D]"), np.array([end], dtype="datetime64[D]"))[0])


def _count(starts: DateArray, ends: DateArray) -> npt.NDArray[np.int64]:
    # numpy counts [begin, end); shifting both by a day counts (start, end]. numpy's own reversed count
    # is not the mirror of its forward one (it counts (end, begin] negated), so reverse pairs are
    # counted forwards and negated here.
    one = np.timedelta64(1, "D")
    earlier = np.minimum(starts, ends)
    later = np.maximum(starts, ends)
    counts = np.busday_count(earlier + one, later + one, busdaycal=_busday_calendar())
    return np.where(ends < starts, -counts, counts)


def within_working_days(start: dt.date, event: dt.date, days: int) -> bool:
    """True when `event` is on or before the deadline `days` working days after `start`."""
    return event <= add_working_days(start, days)


def add_working_days_array(starts: DateArray, days: int) -> DateArray:
    """`add_working_days` over an array of datetime64[D] dates (NaT stays NaT)."""
    if days < 0:
        raise ValueError("days must not be negative")
    result = np.full(starts.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    known = ~np.isnat(starts)
    if days == 0:
        result[known] = starts[known]
        return result
    result[known] = np.busday_offset(starts[known], days, roll="backward", busdaycal=_busday_calendar())
    return result


def count_working_days_array(starts: DateArray, ends: DateArray) -> npt.NDArray[np.float64]:
    """`count_working_days` pairwise over two arrays; NaN where either date is missing."""
    result = np.full(starts.shape, np.nan)
    known = ~(np.isnat(starts) | np.isnat(ends))
    result[known] = _count(starts[known], ends[known])
    return result
