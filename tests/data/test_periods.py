"""The catalogue's date conventions, shared by every measure."""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.data.periods import (
    in_year_to,
    months_after,
    numbered_within,
    open_at,
    overlaps_year_to,
    with_previous_date,
    working_day_deadline,
    working_days_between,
    year_before,
)

D = dt.date(2025, 3, 31)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def test_months_after_clamps_to_the_month_s_end_exactly_as_relativedelta_does() -> None:
    # Every day of a leap cycle, 12 and 24 months on (29 Feb 2024 + 12 months = 28 Feb 2025).
    every_day = pl.DataFrame({"day": days(dt.date(2023, 1, 1), dt.date(2025, 12, 31))})
    for months in (6, 12, 24):
        shifted = every_day.select(months_after("day", months))["day"].to_list()
        assert shifted == [d + relativedelta(months=months) for d in every_day["day"]]


def test_the_year_to_d_starts_the_day_after_d_minus_one_year() -> None:
    assert year_before(D) == dt.date(2024, 3, 31)
    assert year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    frame = pl.DataFrame({"day": [dt.date(2024, 3, 31), dt.date(2024, 4, 1), D, dt.date(2025, 4, 1)]})
    assert frame.select(in_year_to("day", D))["day"].to_list() == [False, True, True, False]


def test_open_at_counts_an_end_on_the_day_as_open() -> None:
    frame = pl.DataFrame(
        {
            "start": [D, D, dt.date(2025, 4, 1), dt.date(2024, 1, 1)],
            "end": [None, D, None, dt.date(2025, 3, 30)],
        },
        schema={"start": pl.Date, "end": pl.Date},
    )
    assert frame.select(open_at("start", "end", D))["start"].to_list() == [True, True, False, False]


def test_overlapping_the_year_means_not_ended_by_d_minus_one_year() -> None:
    frame = pl.DataFrame(
        {
            "start": [dt.date(2020, 1, 1), dt.date(2020, 1, 1), D, dt.date(2025, 4, 1)],
            "end": [dt.date(2024, 3, 31), dt.date(2024, 4, 1), None, None],
        },
        schema={"start": pl.Date, "end": pl.Date},
    )
    assert frame.select(overlaps_year_to("start", "end", D))["start"].to_list() == [False, True, True, False]


def test_working_day_columns_keep_missing_dates_missing() -> None:
    frame = pl.DataFrame(
        {"start": [dt.date(2026, 4, 2), None], "end": [dt.date(2026, 4, 7), dt.date(2026, 4, 7)]},
        schema={"start": pl.Date, "end": pl.Date},
    )
    # Thu 2 Apr 2026 + 1 working day is Tue 7 Apr, after Good Friday and Easter Monday.
    assert working_day_deadline(frame, "start", 1).to_list() == [dt.date(2026, 4, 7), None]
    assert working_days_between(frame, "start", "end").to_list() == [1, None]


def test_the_previous_date_is_the_child_s_latest_strictly_earlier_one() -> None:
    frame = pl.DataFrame(
        {
            "person_id": ["C1", "C1", "C1", "C2"],
            "day": [dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2024, 6, 1), dt.date(2024, 9, 1)],
        }
    )
    previous = with_previous_date(frame, "day", "previous")["previous"].to_list()
    assert previous == [None, dt.date(2024, 1, 1), dt.date(2024, 1, 1), None]


def test_the_first_child_s_previous_date_is_never_another_child_s() -> None:
    # Sorted by child: C2's first date follows C1's last in the column; it has no previous date.
    frame = pl.DataFrame(
        {
            "person_id": ["C1", "C2", "C2", "C3"],
            "day": [dt.date(2024, 9, 1), dt.date(2024, 1, 1), dt.date(2024, 3, 1), dt.date(2023, 1, 1)],
        }
    )
    previous = with_previous_date(frame, "day", "previous")["previous"].to_list()
    assert previous == [None, None, dt.date(2024, 1, 1), None]


def test_rows_are_numbered_within_their_group_with_the_value_before() -> None:
    # P1 has three reviews, P2 one, P3 two (the second not yet held): numbered 1-3, 1, 1-2, each with
    # the date of the one before it in its own group, never the previous group's last.
    frame = pl.DataFrame(
        {
            "plan": ["P1", "P1", "P1", "P2", "P3", "P3"],
            "day": [
                dt.date(2024, 1, 1),
                dt.date(2024, 4, 1),
                dt.date(2024, 10, 1),
                dt.date(2024, 2, 1),
                dt.date(2024, 5, 1),
                None,
            ],
        }
    )
    numbered = numbered_within(frame, "plan", "day", "number", "before")
    assert numbered["number"].to_list() == [1, 2, 3, 1, 1, 2]
    assert numbered["before"].to_list() == [
        None,
        dt.date(2024, 1, 1),
        dt.date(2024, 4, 1),
        None,
        None,
        dt.date(2024, 5, 1),
    ]
