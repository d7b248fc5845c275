"""PL01 pre-proceedings beyond 16 weeks, PL02 the length of care proceedings and PL03 the family
group decision-making meeting offered in pre-proceedings, as at Monday 31 March 2025: the year to D
is (31 Mar 2024, 31 Mar 2025]; 16 weeks (112 days) before D is Monday 9 December 2024.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import allocation, care_proceedings, compute, council_data, day, pre_proceedings

D = "2025-03-31"


# PL01


def test_pre_proceedings_open_at_d_that_began_more_than_16_weeks_before_are_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-12-08"),  # 16 weeks and a day: counted
        pre_proceedings("C2", start="2024-12-09"),  # exactly 16 weeks: not more than 16
        pre_proceedings("C3", start="2024-06-03", end="2025-03-30"),  # ended before D
        pre_proceedings("C4", start="2024-06-03", end="2025-03-31"),  # ends on D: still open
        pre_proceedings("C5", start="2025-04-01"),  # starts after D
    )
    result = compute("PL01", data, D)
    assert result.value == 2
    assert result.detail.select("person_id", "weeks_in_pre_proceedings").rows() == [("C4", 43), ("C1", 16)]


def test_a_child_with_two_open_pre_proceedings_records_is_one_child(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-06-03"),
        pre_proceedings("C1", start="2024-09-02"),
    )
    result = compute("PL01", data, D)
    # Counted once, from the earlier start.
    assert result.detail.select("person_id", "pre_proceedings_start_date").rows() == [
        ("C1", day("2024-06-03"))
    ]
    assert result.value == 1


def test_the_child_s_allocated_worker_at_d_owns_the_drift(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-06-03"),
        allocation("C1", "W1", start="2024-01-08", end="2025-01-31"),
        allocation("C1", "W2", start="2025-02-03"),
    )
    result = compute("PL01", data, D)
    assert result.detail.select("team_id", "worker_id").row(0) == ("T1", "W2")


def test_no_drifting_pre_proceedings_counts_nought(engine: Engine) -> None:
    data = council_data(engine, pre_proceedings("C1", start="2025-01-06"))
    assert compute("PL01", data, D).value == 0


# PL02


def test_the_average_length_is_the_mean_weeks_from_issue_to_final_order(engine: Engine) -> None:
    data = council_data(
        engine,
        # 1 Jan to 1 Jul 2024 is 31 + 29 + 31 + 30 + 31 + 30 = 182 days: exactly 26 weeks.
        care_proceedings("C1", issued="2024-01-01", final_order="2024-07-01"),
        # 1 Apr 2024 to 31 Mar 2025 (an order on D) is 364 days: 52 weeks.
        care_proceedings("C2", issued="2024-04-01", final_order="2025-03-31"),
        # 8 Jan to 1 Apr 2024 (the year's first day) is 84 days: 12 weeks.
        care_proceedings("C3", issued="2024-01-08", final_order="2024-04-01", order="no_order"),
        care_proceedings("C4", issued="2023-09-04", final_order="2024-03-31"),  # D − 1 year: outside
        care_proceedings("C5", issued="2024-10-07"),  # not concluded
    )
    result = compute("PL02", data, D)
    # (26 + 52 + 12) / 3 = 30 weeks.
    assert (result.value, result.denominator) == (30.0, 3)
    assert result.detail.select("person_id", "value", "within_26_weeks").rows() == [
        ("C3", 12.0, True),
        ("C1", 26.0, True),
        ("C2", 52.0, False),
    ]


def test_a_child_in_proceedings_twice_has_each_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        care_proceedings("C1", issued="2024-04-01", final_order="2024-09-30"),  # 182 days: 26 weeks
        care_proceedings("C1", issued="2024-10-07", final_order="2025-03-10"),  # 154 days: 22 weeks
    )
    assert compute("PL02", data, D).value == 24.0


def test_no_proceedings_concluded_in_the_year_gives_no_average(engine: Engine) -> None:
    data = council_data(engine, care_proceedings("C1", issued="2024-10-07"))
    result = compute("PL02", data, D)
    assert (result.value, result.denominator) == (None, 0)


# PL03


def test_the_share_of_pre_proceedings_begun_in_the_year_with_a_meeting_offered(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-04-01") | {"fgdm_offered": True, "fgdm_held": True},  # in the year
        pre_proceedings("C2", start="2025-03-31") | {"fgdm_offered": True},  # begun on D: in the year
        pre_proceedings("C3", start="2024-09-02") | {"fgdm_offered": False},  # offered none
        pre_proceedings("C4", start="2024-10-07"),  # no offer recorded: in the denominator only
        pre_proceedings("C5", start="2024-03-31") | {"fgdm_offered": True},  # a year before D: outside
        pre_proceedings("C6", start="2025-04-01") | {"fgdm_offered": True},  # after D
        allocation("C3", "W3", start="2024-01-08"),
    )
    result = compute("PL03", data, D)
    # C1 and C2 offered a meeting, of C1 to C4: 2 / 4 = 50%.
    assert (result.numerator, result.denominator, result.value) == (2, 4, 50.0)
    assert result.detail.select(
        "person_id", "fgdm_offered", "fgdm_held", "in_numerator", "worker_id"
    ).rows() == [
        ("C1", True, True, True, None),
        ("C3", False, None, False, "W3"),
        ("C4", None, None, False, None),
        ("C2", True, None, True, None),
    ]
