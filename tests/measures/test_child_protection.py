"""CP02 ICPCs within 15 working days, CP05 repeat plans and CP06 plans lasting 2 years, as at
31 March 2025 unless said: the year to D is (31 Mar 2024, 31 Mar 2025].
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import compute, council_data, cp_plan, day, icpc, s47

D = "2025-03-31"


# CP02. From Mon 2 Sep 2024, 15 working days is exactly 3 weeks: Mon 23 Sep 2024.


def test_a_conference_on_the_15th_working_day_of_the_enquiry_is_on_time(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-09-23", s47_id="S1"),
    )
    result = compute("CP02", data, D)
    assert (result.numerator, result.denominator, result.value) == (1, 1, 100.0)
    assert result.detail.select("working_days", "in_numerator").row(0) == (15, True)


def test_a_conference_on_the_16th_working_day_is_late(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-09-24", s47_id="S1"),
    )
    result = compute("CP02", data, D)
    assert (result.numerator, result.denominator, result.value) == (0, 1, 0.0)


def test_christmas_bank_holidays_give_the_conference_more_calendar_days(engine: Engine) -> None:
    # S47 starts Wed 18 Dec 2024 (day 0): Thu 19 = 1, Fri 20 = 2, Mon 23 = 3, Tue 24 = 4, (Wed 25 and
    # Thu 26 holidays) Fri 27 = 5, Mon 30 = 6, Tue 31 = 7, (Wed 1 Jan holiday) Thu 2 = 8, Fri 3 = 9,
    # Mon 6 = 10, Tue 7 = 11, Wed 8 = 12, Thu 9 = 13, Fri 10 = 14, Mon 13 Jan 2025 = 15.
    data = council_data(
        engine,
        s47("C1", start="2024-12-18", id="S1"),
        icpc("C1", date="2025-01-13", s47_id="S1"),
        s47("C2", start="2024-12-18", id="S2"),
        icpc("C2", date="2025-01-14", s47_id="S2"),
    )
    result = compute("CP02", data, D)
    assert result.detail.select("person_id", "deadline", "in_numerator").rows() == [
        ("C1", day("2025-01-13"), True),
        ("C2", day("2025-01-13"), False),
    ]


def test_a_transfer_in_conference_is_left_out(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-09-23", s47_id="S1"),
        icpc("C2", date="2024-10-01", transfer_in=True),  # held here, but its enquiry ran elsewhere
    )
    result = compute("CP02", data, D)
    assert (result.numerator, result.denominator) == (1, 1)


def test_a_conference_with_no_enquiry_we_know_of_counts_as_not_on_time(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-09-23", s47_id="S1"),  # on time
        icpc("C2", date="2024-09-23"),  # no link recorded
        icpc("C3", date="2024-09-23", s47_id="S-LOST"),  # a link to an enquiry we do not hold
    )
    result = compute("CP02", data, D)
    # 1 on time of 3 conferences: the two we cannot time stay in the denominator.
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.detail.filter(person_id="C2")["s47_start_date"].to_list() == [None]


def test_conferences_count_in_the_year_they_were_held(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-03-18", id="S1"),
        icpc("C1", date="2024-03-31", s47_id="S1"),  # D − 1 year: outside
        s47("C2", start="2025-03-17", id="S2"),
        icpc("C2", date="2025-03-31", s47_id="S2"),  # D: inside, 10 working days after Mon 17 Mar
    )
    result = compute("CP02", data, D)
    assert result.detail.select("person_id", "working_days").rows() == [("C2", 10)]


def test_no_conferences_gives_no_figure(engine: Engine) -> None:
    result = compute("CP02", council_data(engine), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CP05


def test_a_plan_for_a_child_who_had_one_years_ago_is_a_repeat(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2019-05-01", end="2020-05-01"),
        cp_plan("C1", start="2024-06-03"),  # repeat: C1 had a plan five years before
        cp_plan("C2", start="2024-07-01"),  # C2's first plan
    )
    result = compute("CP05", data, D)
    # 1 repeat of 2 plans starting in the year = 50%.
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1"]


def test_a_child_s_first_plan_in_the_year_is_not_a_repeat_but_the_second_is(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-04-15", end="2024-08-01"),
        cp_plan("C1", start="2024-12-02"),
    )
    result = compute("CP05", data, D)
    assert result.detail.select("cp_plan_start_date", "previous_plan_start_date", "in_numerator").rows() == [
        (day("2024-04-15"), None, False),
        (day("2024-12-02"), day("2024-04-15"), True),
    ]


def test_plans_starting_on_the_same_day_are_not_repeats_of_each_other(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03", id="P1"),
        cp_plan("C1", start="2024-06-03", id="P2"),
    )
    assert compute("CP05", data, D).numerator == 0


def test_a_plan_starting_on_d_minus_one_year_is_outside_the_year_but_still_counts_as_before(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-03-31", end="2024-09-30"),  # D − 1 year: not in the denominator
        cp_plan("C1", start="2025-03-31"),  # D: in it, and a repeat
    )
    result = compute("CP05", data, D)
    assert (result.numerator, result.denominator) == (1, 1)


def test_no_plans_starting_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, cp_plan("C1", start="2023-06-01"))
    result = compute("CP05", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CP06


def test_a_plan_ending_on_its_second_anniversary_lasted_two_years(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2022-06-01", end="2024-06-01"),  # 1 Jun 2022 + 2 years = 1 Jun 2024: yes
        cp_plan("C2", start="2022-06-02", end="2024-06-01"),  # 2 Jun 2024 would be 2 years: a day short
    )
    result = compute("CP06", data, D)
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1"]


def test_two_years_from_29_february_ends_on_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-02-29", end="2026-02-28"),  # 29 Feb 2024 + 2 years = 28 Feb 2026
        cp_plan("C2", start="2024-02-28", end="2026-02-27"),  # 28 Feb 2024 + 2 years = 28 Feb 2026
    )
    result = compute("CP06", data, "2026-03-31")
    assert result.detail.select("person_id", "in_numerator").rows() == [("C2", False), ("C1", True)]


def test_plans_count_in_the_year_they_ended_and_open_plans_not_at_all(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2021-01-04", end="2024-03-31"),  # ended D − 1 year: outside
        cp_plan("C2", start="2023-03-31", end="2025-03-31"),  # ended on D: inside, exactly 2 years
        cp_plan("C3", start="2021-01-04"),  # still open after 4 years: not ended, not counted here
        cp_plan("C4", start="2024-09-02", end="2024-12-02"),  # 3 months: inside, short
    )
    result = compute("CP06", data, D)
    # Denominator C4, C2 (by end date) = 2; numerator C2 = 1.
    assert result.detail.select("person_id", "in_numerator").rows() == [("C4", False), ("C2", True)]
    assert result.value == 50.0


def test_no_plans_ending_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, cp_plan("C1", start="2024-06-03"))
    result = compute("CP06", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
