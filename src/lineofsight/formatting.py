"""How numbers, dates and percentages are shown to people: one place, so every face agrees."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    LONDON: dt.tzinfo = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # a system without the time zone database: show UTC rather than fail
    LONDON = dt.UTC


def number(value: float | None, places: int = 1) -> str:
    """A number with thousands separators and at most `places` decimals; an em dash when missing."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


def measure_value(value: float | None, unit: str) -> str:
    """A measure's value with its unit: "83.2%", "33 working days", "24.6 children per FTE"."""
    if value is None:
        return "no data"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "count":
        return number(value)
    return f"{number(value)} {unit}"


NOT_AVAILABLE = "Not available"


def figure(value: float | None, unit: str, status: str = "ok") -> str:
    """A measure's value as `measure_value` shows it, or "not available" where the loaded data does
    not cover the measure (its reason says why), never "no data", which means nothing to count."""
    return NOT_AVAILABLE if status == "not_covered" and value is None else measure_value(value, unit)


def fraction(numerator: float | None, denominator: float | None) -> str:
    """ "832 of 1,000", or an em dash when the measure has no denominator."""
    if numerator is None or denominator is None:
        return "—" if denominator is None else f"of {number(denominator)}"
    return f"{number(numerator)} of {number(denominator)}"


def count(value: int, noun: str, plural: str | None = None) -> str:
    """ "1 alert", "1,204 alerts", "3 children": a number and its noun, agreeing."""
    return f"{number(value)} {noun if value == 1 else plural or noun + 's'}"


def long_date(day: dt.date) -> str:
    """The GOV.UK style: 31 March 2026."""
    return f"{day.day} {day:%B %Y}"


def uk_time(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A moment stored in UTC (naive, as every moment in the store) as people in England read it,
    in GMT or British Summer Time: 23 November 2026, 17:34 (with `seconds`, 17:34:05)."""
    local = moment.replace(tzinfo=dt.UTC).astimezone(LONDON)
    return (
        f"{long_date(local.date())}, {local:%H:%M:%S}"
        if seconds
        else f"{long_date(local.date())}, {local:%H:%M}"
    )


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """A one-line chart of a series for terminals: low to high, a space where there is no value."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low

    def spark(value: float | None) -> str:
        if value is None:
            return " "
        if span == 0:
            return SPARKS[len(SPARKS) // 2]
        return SPARKS[round((value - low) / span * (len(SPARKS) - 1))]

    return "".join(spark(v) for v in values)
