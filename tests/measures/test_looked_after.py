"""LA02 three or more placements in the year, as at 31 March 2025.

The year to D is (31 Mar 2024, 31 Mar 2025]; its first day is 1 April 2024. A placement counts when
it is open on some day of the year: started by D and not ended by 31 March 2024.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import Row, cla_episode, compute, council_data, placement

D = "2025-03-31"


def in_care_since_2023(child: str) -> Row:
    return cla_episode(child, start="2023-01-09", id=f"CLA-{child}")


def test_a_child_who_moved_twice_in_the_year_had_three_placements(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care_since_2023("C1"),
        placement("C1", start="2023-01-09", end="2024-05-01"),  # the one at the start of the year
        placement("C1", start="2024-05-01", end="2024-10-01"),
        placement("C1", start="2024-10-01"),
        in_care_since_2023("C2"),
        placement("C2", start="2023-01-09", end="2024-10-01"),
        placement("C2", start="2024-10-01"),
    )
    result = compute("LA02", data, D)
    # C1: 3 placements, C2: 2. 1 of 2 children = 50%.
    assert result.detail.select("person_id", "placements", "in_numerator").rows() == [
        ("C1", 3, True),
        ("C2", 2, False),
    ]
    assert result.value == 50.0


def test_a_placement_that_ended_on_d_minus_one_year_is_not_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care_since_2023("C1"),
        placement("C1", start="2023-01-09", end="2024-03-31"),  # ended the day before the year
        placement("C1", start="2024-03-31", end="2024-09-02"),  # in it at the start of the year
        placement("C1", start="2024-09-02"),
    )
    result = compute("LA02", data, D)
    assert result.detail.select("placements", "in_numerator").row(0) == (2, False)


def test_a_placement_that_ended_on_the_year_s_first_day_is_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care_since_2023("C1"),
        placement("C1", start="2023-01-09", end="2024-04-01"),  # the child was still there on 1 Apr 2024
        placement("C1", start="2024-04-01", end="2024-09-02"),
        placement("C1", start="2024-09-02"),
    )
    result = compute("LA02", data, D)
    assert result.detail.select("placements", "in_numerator").row(0) == (3, True)


def test_placements_in_an_earlier_period_of_care_in_the_year_count(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-05-01", ceased="2024-07-01", id="CLA-1"),
        placement("C1", start="2024-05-01", end="2024-07-01", episode="CLA-1"),
        cla_episode("C1", start="2024-09-02", id="CLA-2"),
        placement("C1", start="2024-09-02", end="2025-01-06", episode="CLA-2"),
        placement("C1", start="2025-01-06", episode="CLA-2"),
    )
    result = compute("LA02", data, D)
    # Back in care since 2 Sep 2024: 1 placement in the first period + 2 in the second = 3.
    assert result.detail.select("person_id", "placements", "in_numerator").rows() == [("C1", 3, True)]


def test_only_children_looked_after_at_d_are_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-05-01", ceased="2025-03-30"),  # left care the day before D
        cla_episode("C2", start="2024-05-01", ceased="2025-03-31"),  # left care on D: looked after at D
        cla_episode("C3", start="2025-04-01"),  # came into care after D
        cla_episode("C4", start="2025-03-31"),  # came into care on D
    )
    result = compute("LA02", data, D)
    assert result.detail["person_id"].to_list() == ["C2", "C4"]


def test_a_placement_starting_after_d_is_not_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care_since_2023("C1"),
        placement("C1", start="2023-01-09", end="2025-01-06"),
        placement("C1", start="2025-01-06", end="2025-04-01"),
        placement("C1", start="2025-04-01"),
    )
    assert compute("LA02", data, D).detail["placements"].to_list() == [2]


def test_a_child_with_no_placement_recorded_is_in_the_denominator_with_none(engine: Engine) -> None:
    data = council_data(engine, in_care_since_2023("C1"))
    result = compute("LA02", data, D)
    assert (result.numerator, result.denominator) == (0, 1)
    assert result.detail["placements"].to_list() == [0]


def test_no_children_looked_after_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, cla_episode("C1", start="2023-01-09", ceased="2024-01-08"))
    result = compute("LA02", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
