"""The simulation's working-day table agrees with lineofsight.working_days."""

from __future__ import annotations

import datetime as dt

from lineofsight.synth.clock import Clock, add_months, date_of, day_of
from lineofsight.working_days import add_working_days, count_working_days


def test_adding_and_counting_working_days_agree_with_the_calendar_module() -> None:
    first, last = day_of(dt.date(2025, 11, 1)), day_of(dt.date(2026, 6, 30))
    clock = Clock(first, last + 200)
    for day in range(first, last):
        for n in (0, 1, 15, 45):
            assert clock.add(day, n) == day_of(add_working_days(date_of(day), n))
        assert clock.count(day, day + 30) == count_working_days(date_of(day), date_of(day + 30))


def test_months_are_added_as_calendar_months_ending_at_the_months_last_day() -> None:
    assert date_of(add_months(day_of(dt.date(2025, 11, 30)), 3)) == dt.date(2026, 2, 28)
    assert date_of(add_months(day_of(dt.date(2024, 2, 29)), 12)) == dt.date(2025, 2, 28)
    assert date_of(add_months(day_of(dt.date(2025, 1, 31)), 6)) == dt.date(2025, 7, 31)
