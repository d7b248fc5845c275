"""Trends: the same computation at every month end."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from lineofsight.measures.trend import month_ends, trend
from lineofsight.settings import Settings
from tests.builders import allocation, council_data, team, worker


def test_month_ends_run_from_the_first_month_to_the_last_inclusive() -> None:
    assert month_ends(dt.date(2023, 12, 5), dt.date(2024, 3, 1)) == [
        dt.date(2023, 12, 31),
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),  # a leap year
        dt.date(2024, 3, 31),
    ]


def test_a_trend_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(ValueError, match="ends"):
        month_ends(dt.date(2024, 3, 31), dt.date(2024, 1, 31))


def test_each_month_end_gets_its_own_figure(engine: Engine) -> None:
    data = council_data(engine, team("T1"), worker("W1"), allocation("C1", "W1", start="2024-02-10"))
    days = month_ends(dt.date(2024, 1, 1), dt.date(2024, 3, 1))
    series = trend(data, days, Settings(), codes=["WF01"])
    # 31 Jan: C1 not yet allocated, 0 cases / 1 FTE = 0. 29 Feb and 31 Mar: 1 case / 1 FTE = 1.
    assert [(day, values[0].result.value) for day, values in series] == [
        (dt.date(2024, 1, 31), 0.0),
        (dt.date(2024, 2, 29), 1.0),
        (dt.date(2024, 3, 31), 1.0),
    ]
