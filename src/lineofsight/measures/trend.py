"""Trends: the same computation at each month end, so a trend can never disagree with a snapshot."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable

from lineofsight.data import CouncilData
from lineofsight.measures.report import MeasureValue, compute_all
from lineofsight.settings import Settings


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of every month from `first`'s month to `last`'s month, inclusive."""
    if last < first:
        raise ValueError(f"the trend ends ({last:%Y-%m}) before it starts ({first:%Y-%m})")
    days = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days.append(month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def trend(
    data: CouncilData,
    days: list[dt.date],
    settings: Settings,
    codes: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[dt.date, list[MeasureValue]]]:
    """Every measure (or those named) as at each day, reading the store once."""
    wanted = list(codes) if codes is not None else None
    series = []
    for index, day in enumerate(days):
        series.append((day, compute_all(data, day, settings, wanted)))
        if progress is not None:
            progress(index + 1, len(days))
    return series
