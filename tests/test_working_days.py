"""England working days, checked against dates worked out by hand from the published bank holidays."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineofsight.working_days import (
    add_working_days,
    add_working_days_array,
    count_working_days,
    count_working_days_array,
    is_working_day,
    within_working_days,
)


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# Easter 2026: Good Friday 3 April, Easter Monday 6 April.


def test_the_working_day_after_the_thursday_before_easter_is_the_tuesday_after_it() -> None:
    # Thu 2 Apr 2026 is day 0; Fri 3 Good Friday, Sat 4, Sun 5, Mon 6 Easter Monday; Tue 7 is day 1.
    assert add_working_days(day("2026-04-02"), 1) == day("2026-04-07")


def test_the_easter_weekend_adds_no_working_days() -> None:
    # (Thu 2 Apr, Mon 6 Apr 2026] holds Fri 3 (holiday), Sat, Sun, Mon 6 (holiday): none are working days.
    assert count_working_days(day("2026-04-02"), day("2026-04-06")) == 0
    # Add Tue 7 Apr and there is one.
    assert count_working_days(day("2026-04-02"), day("2026-04-07")) == 1


def test_counting_starts_the_day_after_a_good_friday_start() -> None:
    # Good Friday 18 Apr 2025 is day 0; Sat 19, Sun 20, Mon 21 Easter Monday; Tue 22 is day 1.
    assert add_working_days(day("2025-04-18"), 1) == day("2025-04-22")


# Christmas 2021 fell on a Saturday: Boxing Day on Sunday, substitute days Mon 27 and Tue 28 December.
# New Year's Day 2022 fell on a Saturday: substitute day Mon 3 January.


def test_christmas_2021_substitute_days_are_not_working_days() -> None:
    assert not is_working_day(day("2021-12-27"))
    assert not is_working_day(day("2021-12-28"))
    assert is_working_day(day("2021-12-29"))


def test_the_working_day_after_christmas_eve_2021_is_wednesday_29_december() -> None:
    # Fri 24 Dec 2021 day 0; Sat 25, Sun 26, Mon 27 and Tue 28 (substitutes); Wed 29 is day 1.
    assert add_working_days(day("2021-12-24"), 1) == day("2021-12-29")
    # Thu 23 Dec day 0; Fri 24 is day 1, Wed 29 day 2.
    assert add_working_days(day("2021-12-23"), 2) == day("2021-12-29")


def test_the_working_day_after_new_year_s_eve_2021_is_tuesday_4_january() -> None:
    # Fri 31 Dec 2021 day 0; Sat 1 Jan, Sun 2, Mon 3 (substitute); Tue 4 Jan 2022 is day 1.
    assert add_working_days(day("2021-12-31"), 1) == day("2022-01-04")


def test_counting_across_christmas_and_new_year_2021() -> None:
    # (Fri 24 Dec 2021, Tue 4 Jan 2022]: Wed 29, Thu 30, Fri 31 Dec and Tue 4 Jan are working days;
    # 27 and 28 Dec and 3 Jan are substitute holidays, the rest weekends. 4 in all.
    assert count_working_days(day("2021-12-24"), day("2022-01-04")) == 4


# Christmas 2022 fell on a Sunday: Boxing Day Mon 26 and the substitute for Christmas Tue 27 December.


def test_christmas_2022_on_a_sunday_makes_monday_and_tuesday_holidays() -> None:
    assert not is_working_day(day("2022-12-26"))
    assert not is_working_day(day("2022-12-27"))
    # Fri 23 Dec 2022 day 0; Sat 24, Sun 25, Mon 26, Tue 27; Wed 28 is day 1.
    assert add_working_days(day("2022-12-23"), 1) == day("2022-12-28")


# The one-off holidays: 2020 moved the early May bank holiday from Mon 4 May to Fri 8 May (VE day).


def test_in_2020_the_early_may_holiday_was_friday_8_may_not_monday_4_may() -> None:
    assert is_working_day(day("2020-05-04"))
    assert not is_working_day(day("2020-05-08"))
    # Fri 1 May 2020 day 0; Sat 2, Sun 3; Mon 4 is an ordinary working day, day 1.
    assert add_working_days(day("2020-05-01"), 1) == day("2020-05-04")
    # Thu 7 May day 0; Fri 8 (VE day), Sat 9, Sun 10; Mon 11 is day 1.
    assert add_working_days(day("2020-05-07"), 1) == day("2020-05-11")


def test_in_2022_the_spring_holiday_moved_to_june_for_the_platinum_jubilee() -> None:
    # Mon 30 May 2022 was an ordinary working day; Thu 2 and Fri 3 June were the holidays.
    assert is_working_day(day("2022-05-30"))
    assert not is_working_day(day("2022-06-02"))
    assert not is_working_day(day("2022-06-03"))
    # Fri 27 May day 0; Sat 28, Sun 29; Mon 30 day 1.
    assert add_working_days(day("2022-05-27"), 1) == day("2022-05-30")
    # Wed 1 Jun day 0; Thu 2, Fri 3 (holidays), Sat 4, Sun 5; Mon 6 is day 1.
    assert add_working_days(day("2022-06-01"), 1) == day("2022-06-06")


def test_the_state_funeral_on_19_september_2022_was_a_holiday() -> None:
    # Fri 16 Sep 2022 day 0; Sat 17, Sun 18, Mon 19 (state funeral); Tue 20 is day 1.
    assert add_working_days(day("2022-09-16"), 1) == day("2022-09-20")


def test_the_coronation_on_8_may_2023_was_a_holiday_on_top_of_early_may() -> None:
    # Fri 28 Apr 2023 day 0; Mon 1 May (early May holiday); Tue 2 = 1, Wed 3 = 2, Thu 4 = 3, Fri 5 = 4;
    # Mon 8 (coronation); Tue 9 May is day 5.
    assert add_working_days(day("2023-04-28"), 5) == day("2023-05-09")
    # (Fri 28 Apr, Fri 12 May 2023]: ten weekdays (1-5 and 8-12 May) less the two Mondays = 8.
    assert count_working_days(day("2023-04-28"), day("2023-05-12")) == 8


# Weekend starts and day 0.


def test_a_saturday_start_makes_the_next_monday_day_1() -> None:
    # Sat 6 Jan 2024 day 0; Sun 7; Mon 8 is day 1, Tue 9 day 2.
    assert add_working_days(day("2024-01-06"), 1) == day("2024-01-08")
    assert add_working_days(day("2024-01-06"), 2) == day("2024-01-09")
    assert count_working_days(day("2024-01-06"), day("2024-01-08")) == 1


def test_a_weekend_adds_nothing_to_the_count() -> None:
    assert count_working_days(day("2024-01-06"), day("2024-01-07")) == 0
    # Fri 5 Jan to Sun 7 Jan 2024: no working day after the Friday.
    assert count_working_days(day("2024-01-05"), day("2024-01-07")) == 0


def test_day_0_is_the_start_itself_even_on_a_weekend() -> None:
    assert add_working_days(day("2024-01-06"), 0) == day("2024-01-06")
    assert add_working_days(day("2024-01-08"), 0) == day("2024-01-08")
    assert count_working_days(day("2024-01-06"), day("2024-01-06")) == 0


def test_an_event_on_the_start_day_is_within_0_working_days() -> None:
    assert within_working_days(day("2024-01-08"), day("2024-01-08"), 0)
    assert not within_working_days(day("2024-01-08"), day("2024-01-09"), 0)


def test_monday_to_friday_of_one_week_is_4_working_days() -> None:
    # The example in count_working_days' docstring: Tue, Wed, Thu, Fri after Mon 8 Jan 2024.
    assert count_working_days(day("2024-01-08"), day("2024-01-12")) == 4


def test_an_end_before_the_start_counts_backwards() -> None:
    # (Thu 2 Apr, Tue 7 Apr 2026] holds one working day, so the other way round it is -1.
    assert count_working_days(day("2026-04-07"), day("2026-04-02")) == -1


def test_the_deadline_is_inclusive() -> None:
    # Mon 8 Jan 2024 + 4 working days = Fri 12 Jan: on it is within, Mon 15 Jan is not.
    assert within_working_days(day("2024-01-08"), day("2024-01-12"), 4)
    assert not within_working_days(day("2024-01-08"), day("2024-01-15"), 4)


def test_a_negative_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(day("2024-01-08"), -1)
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days_array(np.array(["2024-01-08"], dtype="datetime64[D]"), -1)


def test_a_date_outside_the_bank_holiday_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the bank-holiday calendar"):
        add_working_days(day("1989-12-29"), 1)
    with pytest.raises(ValueError, match="outside the bank-holiday calendar"):
        count_working_days(day("2024-01-08"), day("2046-01-02"))


# The array versions, which the measures use, against the scalar ones.


def test_the_array_versions_keep_missing_dates_missing() -> None:
    starts = np.array(["2026-04-02", "NaT"], dtype="datetime64[D]")
    ends = np.array(["NaT", "2026-04-07"], dtype="datetime64[D]")
    deadlines = add_working_days_array(starts, 1)
    assert str(deadlines[0]) == "2026-04-07"
    assert np.isnat(deadlines[1])
    assert np.isnan(count_working_days_array(starts, ends)).all()


def test_the_array_versions_accept_no_dates_at_all() -> None:
    empty = np.array([], dtype="datetime64[D]")
    assert add_working_days_array(empty, 45).shape == (0,)
    assert count_working_days_array(empty, empty).shape == (0,)


def test_adding_0_working_days_to_an_array_gives_the_dates_back() -> None:
    starts = np.array(["2024-01-06", "2024-01-08"], dtype="datetime64[D]")
    assert (add_working_days_array(starts, 0) == starts).all()


dates = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2027, 12, 31))
days = st.integers(min_value=0, max_value=80)


@given(st.lists(dates, max_size=20), days)
def test_the_array_deadline_agrees_with_the_scalar_one(starts: list[dt.date], n: int) -> None:
    array = add_working_days_array(np.array(starts, dtype="datetime64[D]"), n)
    assert [d.item() for d in array] == [add_working_days(start, n) for start in starts]


@given(st.lists(st.tuples(dates, dates), max_size=20))
def test_the_array_count_agrees_with_the_scalar_one(pairs: list[tuple[dt.date, dt.date]]) -> None:
    starts = np.array([start for start, _ in pairs], dtype="datetime64[D]")
    ends = np.array([end for _, end in pairs], dtype="datetime64[D]")
    counts = count_working_days_array(starts, ends)
    assert counts.tolist() == [count_working_days(start, end) for start, end in pairs]


@given(dates, days)
def test_counting_to_a_deadline_gives_back_the_days_added(start: dt.date, n: int) -> None:
    assert count_working_days(start, add_working_days(start, n)) == n


@given(dates, st.integers(min_value=1, max_value=80))
def test_a_deadline_of_1_or_more_working_days_is_a_working_day(start: dt.date, n: int) -> None:
    deadline = add_working_days(start, n)
    assert is_working_day(deadline)
    assert deadline > start


@given(dates, dates)
def test_adding_the_count_to_the_start_lands_on_a_later_working_day(start: dt.date, end: dt.date) -> None:
    if end > start and is_working_day(end):
        assert add_working_days(start, count_working_days(start, end)) == end


@given(dates, dates)
def test_counting_the_other_way_changes_only_the_sign(start: dt.date, end: dt.date) -> None:
    assert count_working_days(end, start) == -count_working_days(start, end)


@given(dates, dates, days)
def test_within_means_on_or_before_the_deadline(start: dt.date, event: dt.date, n: int) -> None:
    assert within_working_days(start, event, n) == (event <= add_working_days(start, n))
    # For an event on a working day after the start, the count says the same thing.
    if event > start and is_working_day(event):
        assert within_working_days(start, event, n) == (count_working_days(start, event) <= n)


@given(dates, days)
def test_each_extra_working_day_moves_the_deadline_later(start: dt.date, n: int) -> None:
    assert add_working_days(start, n + 1) > add_working_days(start, n)
