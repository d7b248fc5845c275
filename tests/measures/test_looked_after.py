"""Children looked after, LA01 to LA11, as at Monday 31 March 2025 unless said.

The year to D is (31 Mar 2024, 31 Mar 2025]; its first day is 1 April 2024. "Within N months of X"
is on or before the same date N months later, clamped to the month's end, so from 30 September a
6-month deadline is 30 March. Each child's period of care is built with the id CLA-<child> unless a
test needs several, so that no placement or review invents a period of care of its own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.measures.health_and_education import start_of_school_year
from tests.builders import (
    Row,
    adoption,
    allocation,
    care_placement,
    cla_episode,
    cla_review,
    compute,
    council_data,
    council_fact,
    day,
    health_assessment,
    missing_episode,
    pep,
    person,
    placement,
    visit,
)

D = "2025-03-31"


def in_care(child: str, start: str = "2023-01-09", ceased: str | None = None) -> Row:
    return cla_episode(child, start=start, ceased=ceased, id=f"CLA-{child}")


# LA01


def test_children_in_care_on_d_are_counted_once_per_10000_children(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact("population_0_17", "10000"),
        in_care("C1"),
        in_care("C2", start="2024-05-01", ceased="2025-03-31"),  # leaves on D: looked after at D
        in_care("C3", start="2024-05-01", ceased="2025-03-30"),  # left the day before D
        in_care("C4", start="2025-03-31"),  # comes into care on D
        in_care("C5", start="2025-04-01"),  # after D
        cla_episode("C6", start="2024-01-08", ceased="2024-06-03", id="CLA-C6-1"),
        cla_episode("C6", start="2024-09-02", id="CLA-C6-2"),  # back in care: one child
    )
    result = compute("LA01", data, D)
    # C1, C2, C4 and C6: 4 children ÷ 10,000 × 10,000 = 4 per 10,000.
    assert result.detail.select("person_id", "cla_episode_id").rows() == [
        ("C1", "CLA-C1"),
        ("C2", "CLA-C2"),
        ("C4", "CLA-C4"),
        ("C6", "CLA-C6-2"),
    ]
    assert (result.value, result.numerator, result.denominator) == (4.0, 4.0, 10000.0)


def test_a_child_belongs_to_the_worker_allocated_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact(),
        in_care("C1"),
        allocation("C1", "W1", start="2023-01-09", end="2025-03-30"),
        allocation("C1", "W2", start="2025-03-31"),  # a new worker from D
        in_care("C2"),
        allocation("C2", "W1", start="2023-01-09", end="2025-03-31"),  # ends on D: still C2's worker
        in_care("C3"),
        allocation("C3", "W1", start="2023-01-09"),
        allocation("C3", "W3", start="2024-06-03"),  # co-worked: the later allocation is the worker
        in_care("C4"),  # never allocated
    )
    detail = compute("LA01", data, D).detail
    assert detail.select("person_id", "worker_id", "team_id").rows() == [
        ("C1", "W2", "T1"),
        ("C2", "W1", "T1"),
        ("C3", "W3", "T1"),
        ("C4", None, None),
    ]


def test_without_a_child_population_there_is_no_rate_and_the_reason_names_the_setting(engine: Engine) -> None:
    result = compute("LA01", council_data(engine, in_care("C1")), D)
    # One child looked after is counted, but a rate per 10,000 needs the population: declined.
    assert (result.value, result.numerator) == (None, 1.0)
    assert result.status == "not_covered"
    assert result.reason is not None and "population_0_17" in result.reason


# LA02


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


# LA03. Under 16 at D: born after 31 March 2009. Looked after 2½ years: came into care by
# 30 September 2022 (30 months on is 30 March 2025); from 1 October 2022, 30 months on is 1 April.
# In the same placement 2 years: since 31 March 2023 or earlier.


def test_a_child_in_the_same_placement_for_exactly_two_years_is_stable(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2012-01-01"),
        in_care("C1", start="2020-05-01"),
        placement("C1", start="2020-05-01", end="2023-03-31"),
        placement("C1", start="2023-03-31"),  # two years on D
        person("C2", dob="2012-01-01"),
        in_care("C2", start="2020-05-01"),
        placement("C2", start="2020-05-01", end="2023-04-01"),
        placement("C2", start="2023-04-01"),  # two years tomorrow
    )
    result = compute("LA03", data, D)
    # 1 of 2 children = 50%.
    assert result.detail.select("person_id", "in_numerator").rows() == [("C1", True), ("C2", False)]
    assert result.value == 50.0


def test_only_children_under_16_in_care_for_two_and_a_half_years_are_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2012-01-01"),
        in_care("C1", start="2022-09-30"),  # 2½ years on 30 March 2025: in
        placement("C1", start="2022-09-30"),
        person("C2", dob="2012-01-01"),
        in_care("C2", start="2022-10-01"),  # 2½ years on 1 April 2025: not yet
        placement("C2", start="2022-10-01"),
        person("C3", dob="2009-03-31"),  # 16 on D: out
        in_care("C3", start="2015-01-05"),
        placement("C3", start="2015-01-05"),
        person("C4", dob="2009-04-01"),  # 16 tomorrow: in
        in_care("C4", start="2015-01-05"),
        placement("C4", start="2015-01-05"),
    )
    result = compute("LA03", data, D)
    assert result.detail.select("person_id", "in_numerator").rows() == [("C1", True), ("C4", True)]


def test_a_child_placed_for_adoption_is_stable_and_a_move_on_d_is_a_new_placement(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2018-01-01"),
        in_care("C1", start="2021-01-04"),
        placement("C1", start="2021-01-04", end="2024-11-01"),
        care_placement("C1", start="2024-11-01", type="A6", episode="CLA-C1"),  # placed for adoption
        person("C2", dob="2012-01-01"),
        in_care("C2", start="2020-05-01"),
        placement("C2", start="2020-05-01", end="2025-03-31"),
        placement("C2", start="2025-03-31"),  # moved on D: lives in the new placement at D
    )
    result = compute("LA03", data, D)
    # C1 counts (placed for adoption); C2's placement at D began on D. 1 of 2 = 50%.
    assert result.detail.select(
        "person_id", "placement_type", "placement_start_date", "in_numerator"
    ).rows() == [
        ("C1", "A6", day("2024-11-01"), True),
        ("C2", "U4", day("2025-03-31"), False),
    ]


def test_care_is_continuous_only_since_the_child_last_came_into_care(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2012-01-01"),
        cla_episode("C1", start="2018-01-01", ceased="2023-01-02", id="CLA-C1-1"),
        cla_episode("C1", start="2023-02-01", id="CLA-C1-2"),  # back in care: 2 years 2 months
        placement("C1", start="2023-02-01", episode="CLA-C1-2"),
    )
    result = compute("LA03", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA04. First review within 20 working days of coming into care (day 0), the second within 3 months
# of the first as held, later ones within 6 months of the one before.


def test_the_first_review_is_due_on_the_20th_working_day_past_christmas(engine: Engine) -> None:
    # From Wed 18 Dec 2024: Thu 19 = 1, Fri 20 = 2, Mon 23 = 3, Tue 24 = 4, (25 and 26 Dec holidays)
    # Fri 27 = 5, Mon 30 = 6, Tue 31 = 7, (1 Jan holiday) Thu 2 = 8, Fri 3 = 9, Mon 6 to Fri 10 = 10-14,
    # Mon 13 to Fri 17 = 15-19, Mon 20 Jan 2025 = 20.
    data = council_data(
        engine,
        in_care("C1", start="2024-12-18"),
        cla_review("C1", "2025-01-20", episode="CLA-C1"),  # on the 20th working day
        in_care("C2", start="2024-12-18"),
        cla_review("C2", "2025-01-21", episode="CLA-C2"),  # a day late
    )
    result = compute("LA04", data, D)
    # The second reviews are due 20 and 21 April 2025, after D. 1 of 2 on time = 50%.
    assert result.detail.select("person_id", "review_number", "due_date", "in_numerator").rows() == [
        ("C1", 1, day("2025-01-20"), True),
        ("C2", 1, day("2025-01-20"), False),
    ]
    assert result.value == 50.0


def test_each_review_is_due_from_the_one_actually_held_before_it(engine: Engine) -> None:
    # In care from Tue 2 Apr 2024: 20 working days on is Tue 30 Apr (no holidays in April after Easter
    # Monday, 1 Apr). Second review due 3 months after 30 Apr = 30 Jul; held 5 Aug, late. Third due
    # 6 months after 5 Aug = 5 Feb 2025; held that day, on time. Fourth due 5 Aug 2025, after D.
    data = council_data(
        engine,
        in_care("C1", start="2024-04-02"),
        cla_review("C1", "2024-04-30", episode="CLA-C1"),
        cla_review("C1", "2024-08-05", episode="CLA-C1"),
        cla_review("C1", "2025-02-05", episode="CLA-C1"),
        allocation("C1", "W1", start="2024-04-02", end="2024-07-31"),
        allocation("C1", "W2", start="2024-08-01"),
    )
    result = compute("LA04", data, D)
    # 2 of 3 reviews on time = 66.7%; each belongs to the worker allocated on its due date.
    assert result.detail.select(
        "review_number", "due_date", "cla_review_date", "in_numerator", "worker_id"
    ).rows() == [
        (1, day("2024-04-30"), day("2024-04-30"), True, "W1"),
        (2, day("2024-07-30"), day("2024-08-05"), False, "W1"),
        (3, day("2025-02-05"), day("2025-02-05"), True, "W2"),
    ]
    assert (result.numerator, result.denominator) == (2, 3)


def test_a_review_not_held_by_d_is_not_on_time_even_if_held_later(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1", start="2024-04-02"),
        cla_review("C1", "2024-04-30", episode="CLA-C1"),
        cla_review("C1", "2025-04-02", episode="CLA-C1"),  # the second, eight months late and after D
    )
    result = compute("LA04", data, D)
    # The second review, due 30 Jul 2024, is still outstanding at D: 1 of 2 on time.
    assert result.detail.select("review_number", "due_date", "cla_review_date", "in_numerator").rows() == [
        (1, day("2024-04-30"), day("2024-04-30"), True),
        (2, day("2024-07-30"), None, False),
    ]


def test_every_period_of_care_starts_again_at_a_first_review(engine: Engine) -> None:
    # Period 1: in care 2 Apr to 20 May 2024; its second review (due 30 Jul) never fell due.
    # Period 2: from Mon 2 Sep 2024; 20 working days on is Mon 30 Sep; second due 30 Dec, held 20 Dec.
    data = council_data(
        engine,
        cla_episode("C1", start="2024-04-02", ceased="2024-05-20", id="P1"),
        cla_review("C1", "2024-04-30", episode="P1"),
        cla_episode("C1", start="2024-09-02", id="P2"),
        cla_review("C1", "2024-09-30", episode="P2"),
        cla_review("C1", "2024-12-20", episode="P2"),
    )
    result = compute("LA04", data, D)
    assert result.detail.select("cla_episode_id", "review_number", "due_date", "in_numerator").rows() == [
        ("P1", 1, day("2024-04-30"), True),
        ("P2", 1, day("2024-09-30"), True),
        ("P2", 2, day("2024-12-30"), True),
    ]


def test_a_child_who_leaves_care_on_a_review_s_due_date_still_had_it_due(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-04-02", ceased="2024-07-30", id="P1"),  # leaves on the due date
        cla_review("C1", "2024-04-30", episode="P1"),
        cla_episode("C2", start="2024-04-02", ceased="2024-07-29", id="P2"),  # leaves the day before
        cla_review("C2", "2024-04-30", episode="P2"),
    )
    result = compute("LA04", data, D)
    assert result.detail.select("person_id", "review_number", "in_numerator").rows() == [
        ("C1", 1, True),
        ("C2", 1, True),
        ("C1", 2, False),
    ]


def test_reviews_count_in_the_year_they_fall_due(engine: Engine) -> None:
    # P1: a review on Sun 31 Dec 2023 makes the next due 31 Mar 2024, D − 1 year: outside the year,
    # though held late on 2 Apr 2024. The one after is due 2 Oct 2024 and held 1 Oct: in, on time.
    # P2: in care from Fri 1 Nov 2024, first due Fri 29 Nov, held 31 Dec (late); the second is due
    # 31 Mar 2025, D itself, and held that day: in, on time.
    data = council_data(
        engine,
        cla_episode("C1", start="2023-12-01", id="P1"),
        cla_review("C1", "2023-12-31", episode="P1"),
        cla_review("C1", "2024-04-02", episode="P1"),
        cla_review("C1", "2024-10-01", episode="P1"),
        cla_episode("C2", start="2024-11-01", id="P2"),
        cla_review("C2", "2024-12-31", episode="P2"),
        cla_review("C2", "2025-03-31", episode="P2"),
    )
    result = compute("LA04", data, D)
    assert result.detail.select("cla_episode_id", "review_number", "due_date", "in_numerator").rows() == [
        ("P1", 3, day("2024-10-02"), True),
        ("P2", 1, day("2024-11-29"), False),
        ("P2", 2, day("2025-03-31"), True),
    ]


def test_no_reviews_due_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, in_care("C1", start="2025-03-20"))  # first review due 17 Apr 2025
    result = compute("LA04", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA05. Six weeks before D is 17 Feb 2025 (D − 42 days).


def test_a_visit_exactly_six_weeks_before_d_is_on_time(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1", start="2024-06-03"),
        visit("C1", "2025-02-17", kind="cla"),  # next due 31 Mar: on time
        in_care("C2", start="2024-06-03"),
        visit("C2", "2025-02-16", kind="cla"),  # next due 30 Mar: overdue
        in_care("C3", start="2025-02-18"),  # in care under 6 weeks: not counted
        in_care("C4", start="2025-02-17"),  # in care exactly 6 weeks: counted
        visit("C4", "2025-02-17", kind="cla"),
    )
    result = compute("LA05", data, D)
    # C1 and C4 on time of C1, C2, C4 = 66.7%.
    assert result.detail.select("person_id", "next_visit_due", "in_numerator").rows() == [
        ("C1", day("2025-03-31"), True),
        ("C2", day("2025-03-30"), False),
        ("C4", day("2025-03-31"), True),
    ]


def test_a_long_term_placement_over_a_year_old_is_visited_every_three_months(engine: Engine) -> None:
    # A visit on 31 Dec 2024 is next due 31 Mar 2025 under the 3-month rule, 11 Feb under 6 weeks.
    data = council_data(
        engine,
        in_care("C1", start="2020-01-06"),
        care_placement("C1", start="2024-03-31", long_term=True, episode="CLA-C1"),  # a year old on D
        visit("C1", "2024-12-31", kind="cla"),
        in_care("C2", start="2020-01-06"),
        care_placement("C2", start="2024-04-01", long_term=True, episode="CLA-C2"),  # a year tomorrow
        visit("C2", "2024-12-31", kind="cla"),
        in_care("C3", start="2020-01-06"),
        care_placement("C3", start="2020-01-06", long_term=True, episode="CLA-C3"),
        visit("C3", "2024-12-30", kind="cla"),  # next due 30 Mar 2025
    )
    result = compute("LA05", data, D)
    assert result.detail.select(
        "person_id", "long_term_settled", "next_visit_due", "in_numerator"
    ).rows() == [
        ("C1", True, day("2025-03-31"), True),
        ("C2", False, day("2025-02-11"), False),
        ("C3", True, day("2025-03-30"), False),
    ]


def test_only_looked_after_visits_that_saw_the_child_count(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1", start="2024-06-03"),
        visit("C1", "2025-03-20", kind="cla", seen=False),  # child not seen
        visit("C1", "2025-03-21", kind="cp"),  # not a looked-after visit
        visit("C1", "2025-01-06", kind="cla"),
        in_care("C2", start="2024-06-03"),  # never visited
    )
    result = compute("LA05", data, D)
    assert result.detail.select("person_id", "latest_visit_date", "in_numerator").rows() == [
        ("C1", day("2025-01-06"), False),
        ("C2", None, False),
    ]


def test_no_children_in_care_for_six_weeks_gives_no_figure(engine: Engine) -> None:
    result = compute("LA05", council_data(engine, in_care("C1", start="2025-03-01")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA06. Looked after 12 months: since 31 March 2024 or earlier. Aged 5 and over: an assessment on or
# after 31 March 2024. Under 5: next due 6 months on, so 30 Sep 2024 is due 30 Mar 2025 (late at D)
# and 1 Oct 2024 is due 1 Apr 2025.


def test_a_health_assessment_exactly_twelve_months_before_d_is_up_to_date(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1", start="2022-01-10"),
        health_assessment("C1", "2024-03-31"),
        in_care("C2", start="2022-01-10"),
        health_assessment("C2", "2024-03-30"),
        in_care("C3", start="2024-04-01"),  # 12 months in care tomorrow: not counted
        health_assessment("C3", "2024-04-02", kind="initial"),
        in_care("C4", start="2024-03-31"),  # 12 months on D: counted
        health_assessment("C4", "2024-04-25", kind="initial"),
    )
    result = compute("LA06", data, D)
    # C1 and C4 of C1, C2, C4 = 66.7%.
    assert result.detail.select("person_id", "in_numerator").rows() == [
        ("C1", True),
        ("C2", False),
        ("C4", True),
    ]


def test_under_fives_need_an_assessment_in_the_last_six_months(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2021-01-01"),
        in_care("C1", start="2022-01-10"),
        health_assessment("C1", "2024-10-01"),
        person("C2", dob="2021-01-01"),
        in_care("C2", start="2022-01-10"),
        health_assessment("C2", "2024-09-30"),
        person("C3", dob="2020-03-31"),  # 5 on D: the 12-month rule
        in_care("C3", start="2022-01-10"),
        health_assessment("C3", "2024-09-30"),
    )
    result = compute("LA06", data, D)
    assert result.detail.select("person_id", "under_5", "next_assessment_due", "in_numerator").rows() == [
        ("C1", True, day("2025-04-01"), True),
        ("C2", True, day("2025-03-30"), False),
        ("C3", False, day("2025-09-30"), True),
    ]


def test_a_dental_check_is_not_a_health_assessment(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1", start="2022-01-10"),
        health_assessment("C1", "2024-01-10"),
        health_assessment("C1", "2025-01-10", kind="dental"),
    )
    result = compute("LA06", data, D)
    assert result.detail.select("latest_assessment_date", "in_numerator").row(0) == (day("2024-01-10"), False)


def test_no_children_in_care_for_a_year_gives_no_figure(engine: Engine) -> None:
    result = compute("LA06", council_data(engine, in_care("C1", start="2024-06-03")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA07. As at Sat 15 Mar 2025 (so 4 months before falls on a date every month has): the school year
# began 1 Sep 2024, so school age is 5 to 15 on 31 Aug 2024. A PEP on 15 Nov 2024 is next due
# 15 Mar 2025 (on time); one on 14 Nov is due 14 Mar (late).

MID_MARCH = "2025-03-15"


def test_the_school_year_s_ages_are_fixed_on_the_31_august_before_it() -> None:
    assert start_of_school_year(dt.date(2025, 3, 15)) == dt.date(2024, 8, 31)
    assert start_of_school_year(dt.date(2025, 8, 31)) == dt.date(2024, 8, 31)  # still last year's
    assert start_of_school_year(dt.date(2025, 9, 1)) == dt.date(2025, 8, 31)


def test_children_of_school_age_need_a_pep_in_the_last_four_months(engine: Engine) -> None:
    data = council_data(
        engine,
        person("C1", dob="2019-08-31"),  # 5 on 31 Aug 2024: Year 1
        in_care("C1"),
        pep("C1", "2024-11-15"),
        person("C2", dob="2019-08-31"),
        in_care("C2"),
        pep("C2", "2024-11-14"),
        person("C3", dob="2019-09-01"),  # 4 on 31 Aug 2024: Reception, not counted
        in_care("C3"),
        person("C4", dob="2008-09-01"),  # 15 on 31 Aug 2024: Year 11, though 16 now
        in_care("C4"),
        pep("C4", "2025-02-03"),
        person("C5", dob="2008-08-31"),  # 16 on 31 Aug 2024: left school
        in_care("C5"),
    )
    result = compute("LA07", data, MID_MARCH)
    # C1 and C4 of C1, C2, C4 = 66.7%.
    assert result.detail.select("person_id", "next_pep_due", "in_numerator").rows() == [
        ("C1", day("2025-03-15"), True),
        ("C2", day("2025-03-14"), False),
        ("C4", day("2025-06-03"), True),
    ]


def test_a_child_just_come_into_care_with_no_pep_yet_is_not_up_to_date(engine: Engine) -> None:
    data = council_data(engine, person("C1", dob="2014-01-01"), in_care("C1", start="2025-03-14"))
    result = compute("LA07", data, MID_MARCH)
    assert (result.numerator, result.denominator) == (0, 1)


def test_no_children_of_school_age_in_care_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, person("C1", dob="2022-01-01"), in_care("C1"))
    result = compute("LA07", data, MID_MARCH)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA08. Timed to the minute: 72 hours after a return at 10:00 on Mon 3 Jun 2024 is 10:00 on Thu 6 Jun.


def test_an_interview_offered_72_hours_after_return_is_on_time(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode(
            "C1", start="2024-06-02T21:00", end="2024-06-03T10:00", rhi_offered="2024-06-06T10:00"
        ),
        missing_episode(
            "C2", start="2024-06-02T21:00", end="2024-06-03T10:00", rhi_offered="2024-06-06T10:01"
        ),
        missing_episode("C3", start="2024-06-02T21:00", end="2024-06-03T10:00"),  # never offered
    )
    result = compute("LA08", data, D)
    # 1 of 3 episodes = 33.3%.
    assert result.detail.select("person_id", "in_numerator").rows() == [
        ("C1", True),
        ("C2", False),
        ("C3", False),
    ]
    assert (result.numerator, result.denominator) == (1, 3)


def test_episodes_count_in_the_year_the_child_came_back(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode("C1", start="2024-03-31T18:00", end="2024-03-31T23:59"),  # back on D − 1 year
        missing_episode("C2", start="2024-03-31T18:00", end="2024-04-01T00:00"),  # back on the first day
        missing_episode("C3", start="2025-03-31T18:00", end="2025-03-31T23:00"),  # back on D
        missing_episode("C4", start="2025-03-31T18:00", end="2025-04-01T00:30"),  # back after D
        missing_episode("C5", start="2025-03-30T18:00", end=None),  # still missing
    )
    assert compute("LA08", data, D).detail["person_id"].to_list() == ["C2", "C3"]


def test_an_interview_offered_after_d_is_not_known_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode(
            "C1", start="2025-03-30T01:00", end="2025-03-30T20:00", rhi_offered="2025-04-01T09:00"
        ),
    )
    assert compute("LA08", data, D).numerator == 0
    assert compute("LA08", data, "2025-04-01").numerator == 1  # within 72 hours, and known by then


def test_no_missing_episodes_gives_no_figure(engine: Engine) -> None:
    result = compute("LA08", council_data(engine), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# LA09. 16 weeks before D is Mon 9 Dec 2024 (D − 112 days): approved that day, the temporary
# approval runs to D and is not yet past.


def connected(child: str, approved: str, **dates: str | None) -> Row:
    return care_placement(
        child, start=approved, type="U3", temporary_approval=approved, episode=f"CLA-{child}", **dates
    )


def test_connected_carers_are_counted_once_past_16_weeks_unapproved(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1"),
        connected("C1", "2024-12-08"),  # 16 weeks and a day
        in_care("C2"),
        connected("C2", "2024-12-09"),  # exactly 16 weeks
        in_care("C3"),
        connected("C3", "2024-10-01", extension="2025-01-21"),  # extended: still counted
        in_care("C4"),
        connected("C4", "2024-10-01", full_approval="2025-03-31"),  # approved on D
        in_care("C5"),
        connected("C5", "2024-10-01", full_approval="2025-04-01"),  # approved after D: counted
        in_care("C6"),
        connected("C6", "2024-10-01", end="2025-03-30"),  # placement ended before D
        in_care("C7"),
        connected("C7", "2024-10-01", end="2025-03-31"),  # ended on D: open at D
        in_care("C8"),
        care_placement("C8", start="2024-10-01", episode="CLA-C8"),  # not a connected person
    )
    result = compute("LA09", data, D)
    # C1, C3, C5 and C7: 4 placements.
    assert result.value == 4.0
    assert sorted(result.detail["person_id"].to_list()) == ["C1", "C3", "C5", "C7"]


def test_no_connected_carers_past_16_weeks_counts_none(engine: Engine) -> None:
    result = compute("LA09", council_data(engine, in_care("C1"), connected("C1", "2025-01-06")), D)
    assert (result.value, result.detail.height) == (0.0, 0)


# LA10. Adopted in the 3 years to D: an adoption order in (31 Mar 2022, 31 Mar 2025].


def adopted(child: str, entered: str, placed: str, order: str, type: str = "A6") -> list[Row]:
    return [
        in_care(child, start=entered, ceased=order),
        care_placement(child, start=placed, end=order, type=type, episode=f"CLA-{child}"),
        adoption(child, episode=f"CLA-{child}", placed=placed, order=order),
    ]


def test_mean_days_from_entering_care_to_moving_in_with_adopters(engine: Engine) -> None:
    data = council_data(
        engine,
        *adopted("C1", "2022-01-10", "2023-01-10", "2023-09-01"),  # 365 days
        *adopted("C2", "2023-03-01", "2024-03-01", "2025-03-31"),  # 366 days (29 Feb 2024); order on D
        *adopted("C3", "2020-01-06", "2021-01-06", "2022-03-31"),  # order 3 years before D: out
        *adopted("C4", "2023-01-09", "2024-01-09", "2025-04-01"),  # order after D: out
    )
    result = compute("LA10", data, D)
    # (365 + 366) ÷ 2 = 365.5 days.
    assert result.detail.select("person_id", "value").rows() == [("C1", 365), ("C2", 366)]
    assert (result.value, result.denominator) == (365.5, 2)


def test_a_child_adopted_by_their_foster_carers_moved_in_when_fostered(engine: Engine) -> None:
    # In care 10 Jan 2022, with the foster carers from 1 Jun 2022 (142 days), placed for adoption
    # with them (A5) on 1 Jun 2023.
    data = council_data(
        engine,
        in_care("C1", start="2022-01-10", ceased="2024-01-10"),
        care_placement("C1", start="2022-01-10", end="2022-06-01", type="U6", episode="CLA-C1"),
        care_placement("C1", start="2022-06-01", end="2023-06-01", type="U4", episode="CLA-C1"),
        care_placement("C1", start="2023-06-01", end="2024-01-10", type="A5", episode="CLA-C1"),
        adoption("C1", episode="CLA-C1", placed="2023-06-01", order="2024-01-10"),
    )
    result = compute("LA10", data, D)
    assert result.detail.select("adopted_by_foster_carers", "moved_in_date", "value").row(0) == (
        True,
        day("2022-06-01"),
        142,
    )


def test_care_is_counted_from_the_period_that_ended_in_adoption(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2019-05-01", ceased="2020-05-01", id="CLA-C1-1"),  # went home
        *adopted("C1", "2022-01-10", "2023-01-10", "2023-09-01"),
    )
    assert compute("LA10", data, D).value == 365.0


def test_an_adoption_without_its_period_of_care_has_no_value(engine: Engine) -> None:
    data = council_data(engine, adoption("C1", episode=None, placed="2023-01-10", order="2023-09-01"))
    result = compute("LA10", data, D)
    assert result.detail.select("person_id", "value").rows() == [("C1", None)]
    assert (result.value, result.denominator) == (None, 0)


def test_no_adoptions_gives_no_figure(engine: Engine) -> None:
    result = compute("LA10", council_data(engine), D)
    assert (result.value, result.denominator) == (None, 0)


# LA11


def test_children_placed_more_than_20_miles_from_home(engine: Engine) -> None:
    data = council_data(
        engine,
        in_care("C1"),
        care_placement("C1", miles=25.0, episode="CLA-C1"),
        in_care("C2"),
        care_placement("C2", miles=20.0, episode="CLA-C2"),  # exactly 20: not more
        in_care("C3"),
        care_placement("C3", miles=20.1, episode="CLA-C3"),
        in_care("C4"),
        care_placement("C4", miles=None, episode="CLA-C4"),  # distance unknown: left out
        in_care("C5"),
        care_placement("C5", end="2025-03-31", miles=50.0, episode="CLA-C5"),
        care_placement("C5", start="2025-03-31", miles=5.0, episode="CLA-C5"),  # moved closer on D
    )
    result = compute("LA11", data, D)
    # C1 and C3 of C1, C2, C3, C5 = 50%.
    assert result.detail.select("person_id", "placement_distance_miles", "in_numerator").rows() == [
        ("C1", 25.0, True),
        ("C2", 20.0, False),
        ("C3", 20.1, True),
        ("C5", 5.0, False),
    ]
    assert result.value == 50.0


def test_no_known_distances_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, in_care("C1"), care_placement("C1", episode="CLA-C1"))
    result = compute("LA11", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
