"""The workforce measures (WF01 to WF09), as at Monday 31 March 2025: the year to D is
(31 Mar 2024, 31 Mar 2025], its first day 1 April 2024, and "a year before D" is 31 March 2024.
"""

from __future__ import annotations

from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import (
    Row,
    allocation,
    cla_episode,
    compute,
    council_data,
    day,
    post,
    referral,
    supervision,
    worker,
)

D = "2025-03-31"


# WF01


def test_the_caseload_is_children_allocated_to_case_holding_social_workers_over_their_fte(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        worker("W1", fte=1.0),
        allocation("C1", "W1", start="2024-06-03"),
        allocation("C2", "W1", start="2024-06-03", end="2025-03-31"),  # ends on D: still allocated
        allocation("C3", "W1", start="2024-06-03", end="2025-03-30"),  # ended the day before D
        allocation("C4", "W1", start="2025-04-01"),  # starts after D
        worker("W2", fte=0.5, role="asye"),
        allocation("C5", "W2", start="2024-06-03"),
        worker("W3", role="manager"),
        allocation("C6", "W3", start="2024-06-03"),  # not a social worker
        worker("W4", case_holding=False),
        allocation("C7", "W4", start="2024-06-03"),  # not a case holder
        worker("W5", left="2025-03-30"),
        allocation("C8", "W5", start="2024-06-03"),  # worker gone; the open allocation is an error
        worker("W6", fte=0.5, left="2025-03-31"),  # last day in post is D: in post
        allocation("C9", "W6", start="2024-06-03"),
    )
    result = compute("WF01", data, D)
    # Children: C1, C2 (W1), C5 (W2), C9 (W6) = 4. FTE: W1 1.0 + W2 0.5 + W6 0.5 = 2.0. 4 / 2.0 = 2.0.
    assert (result.numerator, result.denominator, result.value) == (4, 2.0, 2.0)
    assert result.detail.select("worker_id", "children").rows() == [("W1", 2), ("W2", 1), ("W6", 1)]


def test_a_co_worked_child_is_on_both_workers_caseloads(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        worker("W2"),
        allocation("C1", "W1", start="2024-06-03"),
        allocation("C1", "W2", start="2024-09-02"),
    )
    result = compute("WF01", data, D)
    # Cases held are summed over workers (the workforce census way): 1 + 1 = 2 cases over 2.0 FTE = 1.0.
    assert (result.numerator, result.denominator, result.value) == (2, 2.0, 1.0)
    assert result.detail["children"].to_list() == [1, 1]


def test_a_worker_with_no_children_still_counts_in_the_fte(engine: Engine) -> None:
    data = council_data(engine, worker("W1"), worker("W2"), allocation("C1", "W1", start="2024-06-03"))
    result = compute("WF01", data, D)
    assert result.value == 0.5
    assert result.detail.select("worker_id", "in_numerator").rows() == [("W1", True), ("W2", False)]


def test_no_case_holding_social_workers_gives_no_caseload(engine: Engine) -> None:
    data = council_data(engine, worker("W1", start="2025-04-01"))
    result = compute("WF01", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0.0)


# WF03


def test_turnover_is_leavers_fte_in_the_year_over_fte_in_post_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", fte=1.0),
        worker("W2", fte=0.5, role="asye"),
        worker("W3", fte=1.0, left="2025-03-31"),  # leaves on D: in post at D and a leaver
        worker("W4", fte=0.8, left="2024-04-01"),  # left on the year's first day: a leaver
        worker("W5", fte=1.0, left="2024-03-31"),  # left on D − 1 year: before the year
        worker("W6", fte=1.0, agency=True),  # agency: not in the DfE's turnover
        worker("W7", fte=1.0, role="manager", left="2024-06-28"),  # not a social worker
        worker("W8", fte=1.0, start="2025-04-01"),  # starts after D
    )
    result = compute("WF03", data, D)
    # Leavers: W3 1.0 + W4 0.8 = 1.8 FTE. In post: W1 1.0 + W2 0.5 + W3 1.0 = 2.5 FTE. 1.8 / 2.5 = 72%.
    assert result.numerator is not None and round(result.numerator, 6) == 1.8
    assert result.denominator == 2.5
    assert result.value is not None and round(result.value, 6) == 72.0
    assert result.detail["worker_id"].to_list() == ["W1", "W2", "W3", "W4"]


def test_a_worker_who_leaves_and_comes_back_is_a_leaver_for_the_spell_that_ended(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", staff_id="S1", start="2020-01-06", left="2024-06-28"),
        worker("W1b", staff_id="S1", start="2024-09-02"),
    )
    result = compute("WF03", data, D)
    # 1.0 FTE left; 1.0 FTE in post: 100%.
    assert (result.numerator, result.denominator, result.value) == (1.0, 1.0, 100.0)


def test_no_social_workers_in_post_gives_no_turnover(engine: Engine) -> None:
    data = council_data(engine, worker("W1", left="2024-06-28"))
    result = compute("WF03", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 1.0, 0.0)


# WF06


def test_a_child_whose_worker_left_and_was_reallocated_twice_had_three_social_workers(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-15"),
        worker("W1", left="2024-06-28"),
        worker("W2"),
        worker("W3"),
        allocation("C1", "W1", start="2024-01-15", end="2024-06-28"),  # W1 leaves
        allocation("C1", "W2", start="2024-07-01", end="2024-12-31"),  # reallocated to W2
        allocation("C1", "W3", start="2025-01-02"),  # and on to W3
        referral("C2", "2024-01-15"),
        allocation("C2", "W2", start="2024-01-15"),
    )
    result = compute("WF06", data, D)
    # C1 had W1, W2 and W3 = 3; C2 only W2 = 1. 1 of 2 children = 50%.
    assert result.detail.select("person_id", "social_workers", "in_numerator").rows() == [
        ("C1", 3, True),
        ("C2", 1, False),
    ]
    assert result.value == 50.0


def test_an_allocation_that_ended_on_d_minus_one_year_is_not_in_the_year(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2023-06-01"),
        allocation("C1", "W1", start="2023-06-01", end="2024-03-31"),  # ended before the year
        allocation("C1", "W2", start="2024-03-31", end="2024-04-01"),  # still allocated on 1 Apr 2024
        allocation("C1", "W3", start="2024-04-01"),
    )
    result = compute("WF06", data, D)
    # W2 and W3 = 2 social workers in the year.
    assert result.detail.select("social_workers", "in_numerator").row(0) == (2, False)


def test_only_children_open_since_the_year_s_first_day_and_still_open_at_d_count(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-04-01"),  # open from the year's first day: throughout the year
        referral("C2", "2024-04-02"),  # referred on the second day: not throughout
        referral("C3", "2023-06-01", closed="2025-03-30"),  # closed the day before D
        referral("C4", "2023-06-01", closed="2025-03-31"),  # closed on D: open at D
    )
    result = compute("WF06", data, D)
    assert result.detail["person_id"].to_list() == ["C1", "C4"]
    # Neither had any allocated worker: 0 of 2.
    assert (result.numerator, result.denominator, result.value) == (0, 2, 0.0)


def test_a_worker_who_comes_back_is_the_same_social_worker_to_the_child(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2023-06-01"),
        worker("W1", staff_id="S1", left="2024-06-28"),
        worker("W1b", staff_id="S1", start="2024-09-02"),
        allocation("C1", "W1", start="2023-06-01", end="2024-06-28"),
        allocation("C1", "W2", start="2024-07-01", end="2024-09-02"),
        allocation("C1", "W1b", start="2024-09-02"),
    )
    result = compute("WF06", data, D)
    # S1, W2, S1 again: 2 social workers.
    assert result.detail["social_workers"].to_list() == [2]


def test_no_children_open_all_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-06-03"))
    result = compute("WF06", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# WF02


def caseload(worker_id: str, children: int) -> list[Row]:
    """`children` children allocated to the worker since June 2024, each a child of their own."""
    return [allocation(f"{worker_id}-C{n}", worker_id, start="2024-06-03") for n in range(children)]


def test_a_caseload_above_the_cap_pro_rata_to_fte_is_over_and_one_at_the_cap_is_not(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        *caseload("W1", 26),  # cap 25: over
        worker("W2"),
        *caseload("W2", 25),  # at the cap of 25: not over
        worker("W3", fte=0.6),
        *caseload("W3", 16),  # cap 25 × 0.6 = 15: over
        worker("W4", fte=0.6),
        *caseload("W4", 15),  # at 15: not over
    )
    result = compute("WF02", data, D)
    assert result.value == 2
    assert result.detail.select("worker_id", "cap", "children").rows() == [("W1", 25.0, 26), ("W3", 15.0, 16)]


def test_a_first_year_worker_has_the_asye_cap_until_their_year_ends(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", role="asye") | {"asye_end_date": day("2025-06-30")},
        *caseload("W1", 19),  # first year: cap 18, over
        worker("W2", role="asye") | {"asye_end_date": day("2025-03-31")},
        *caseload("W2", 19),  # the year ends on D: qualified now, cap 25
        worker("W3", role="asye") | {"asye_end_date": day("2025-04-01")},
        *caseload("W3", 18),  # still in the first year on D, at the cap of 18
        worker("W4", role="asye", fte=0.6) | {"asye_end_date": day("2025-06-30")},
        *caseload("W4", 11),  # cap 18 × 0.6 = 10.8: 11 is over
    )
    result = compute("WF02", data, D)
    assert result.detail.select("worker_id", "first_year", "cap").rows() == [
        ("W1", True, 18.0),
        ("W4", True, 10.8),
    ]
    assert result.value == 2


def test_only_case_holding_social_workers_in_post_at_d_are_held_to_a_cap(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", role="manager"),
        *caseload("W1", 30),
        worker("W2", case_holding=False),
        *caseload("W2", 30),
        worker("W3", left="2025-03-30"),
        *caseload("W3", 30),
        worker("W4", agency=True),  # agency workers hold cases too
        *caseload("W4", 26),
        worker("W5", left="2025-03-31"),  # last day in post is D
        *caseload("W5", 26),
    )
    result = compute("WF02", data, D)
    assert result.detail["worker_id"].to_list() == ["W4", "W5"]


def test_the_caps_are_the_council_s_settings(engine: Engine) -> None:
    data = council_data(engine, worker("W1"), *caseload("W1", 21))
    assert compute("WF02", data, D).value == 0
    lower = REGISTRY["WF02"].evaluate(data, day(D), Settings(caseload_cap_qualified=20))
    assert lower.value == 1


def test_no_worker_over_their_cap_counts_nought(engine: Engine) -> None:
    data = council_data(engine, worker("W1"), *caseload("W1", 3))
    result = compute("WF02", data, D)
    assert (result.value, result.detail.height) == (0.0, 0)


# WF04


def test_the_agency_rate_is_agency_fte_over_all_social_worker_fte_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", fte=1.0),
        worker("W2", fte=1.0, agency=True),
        worker("W3", fte=0.5, agency=True, left="2025-03-31"),  # last day is D: in post
        worker("W4", fte=1.0, agency=True, left="2025-03-30"),  # gone before D
        worker("W5", fte=0.8, role="asye"),
        worker("W6", fte=1.0, role="manager", agency=True),  # not a social worker
        worker("W7", fte=1.0, agency=True, start="2025-04-01"),  # not yet started
        worker("W8", fte=1.0, case_holding=False),  # not case-holding, still a social worker
    )
    result = compute("WF04", data, D)
    # Agency: W2 1.0 + W3 0.5 = 1.5. All: W1 1.0 + W2 1.0 + W3 0.5 + W5 0.8 + W8 1.0 = 4.3.
    # 1.5 / 4.3 = 34.88%.
    assert result.numerator == 1.5
    assert result.denominator is not None and round(result.denominator, 6) == 4.3
    assert result.value is not None and round(result.value, 2) == 34.88
    assert result.detail["worker_id"].to_list() == ["W1", "W2", "W3", "W5", "W8"]


def test_no_social_workers_in_post_gives_no_agency_rate(engine: Engine) -> None:
    data = council_data(engine, worker("W1", agency=True, left="2025-03-30"))
    assert compute("WF04", data, D).value is None


# WF05


def test_a_post_is_vacant_at_d_unless_an_employed_worker_holds_it(engine: Engine) -> None:
    data = council_data(
        engine,
        post("P1", fte=1.0),
        worker("W1") | {"post_id": "P1"},  # held
        post("P2", fte=1.0),
        worker("W2", agency=True) | {"post_id": "P2"},  # covered by an agency worker: still vacant
        post("P3", fte=0.6),
        worker("W3", fte=0.6, left="2025-03-30") | {"post_id": "P3"},  # holder left the day before D
        post("P4", fte=0.8),
        worker("W4", fte=0.8, left="2025-03-31") | {"post_id": "P4"},  # holder's last day is D: held
        post("P5", end="2025-03-30"),  # disestablished before D
        post("P6", end="2025-03-31"),  # ends on D: still established, and vacant
        post("P7", role="manager"),  # not a social worker post
        post("P8", start="2025-04-01"),  # established after D
    )
    result = compute("WF05", data, D)
    # Established: P1 1.0 + P2 1.0 + P3 0.6 + P4 0.8 + P6 1.0 = 4.4 FTE.
    # Vacant: P2 1.0 + P3 0.6 + P6 1.0 = 2.6 FTE. 2.6 / 4.4 = 59.09%.
    assert result.detail.select("post_id", "worker_id", "in_numerator").rows() == [
        ("P1", "W1", False),
        ("P2", None, True),
        ("P3", None, True),
        ("P4", "W4", False),
        ("P6", None, True),
    ]
    assert result.numerator is not None and round(result.numerator, 6) == 2.6
    assert result.denominator is not None and round(result.denominator, 6) == 4.4
    assert result.value is not None and round(result.value, 2) == 59.09


def test_a_worker_who_comes_back_to_their_post_fills_it_again(engine: Engine) -> None:
    data = council_data(
        engine,
        post("P1"),
        worker("W1", staff_id="S1", left="2024-12-31") | {"post_id": "P1"},
        worker("W1b", staff_id="S1", start="2025-03-03") | {"post_id": "P1"},
    )
    result = compute("WF05", data, D)
    assert (result.value, result.detail["worker_id"].to_list()) == (0.0, ["W1b"])


def test_no_established_posts_gives_no_vacancy_rate(engine: Engine) -> None:
    data = council_data(engine, post("P1", end="2025-01-31"))
    assert compute("WF05", data, D).value is None


# WF07. Six weeks before Monday 31 March 2025 is Monday 17 February 2025.


def test_a_supervision_exactly_six_weeks_before_d_is_within_the_interval(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        supervision("W1", "2025-02-17"),  # exactly 6 weeks before D: in time
        worker("W2"),
        supervision("W2", "2025-02-16"),  # a day more: late
        worker("W3", start="2025-02-17"),  # in post exactly 6 weeks, not yet supervised
        worker("W4", start="2025-02-18"),  # in post under 6 weeks: left out
        worker("W5", case_holding=False),  # not case-holding: left out
        worker("W6"),
        supervision("W6", "2025-01-10"),
        supervision("W6", "2025-04-01"),  # after D: not known at D
        worker("W7", agency=True),
        supervision("W7", "2025-03-31"),  # on D
    )
    result = compute("WF07", data, D)
    # Workers in post 6 weeks or more: W1, W2, W3, W6, W7 = 5. Supervised since 17 Feb: W1, W7 = 2. 40%.
    assert result.detail.select("worker_id", "latest_supervision_date", "in_numerator").rows() == [
        ("W1", day("2025-02-17"), True),
        ("W2", day("2025-02-16"), False),
        ("W3", None, False),
        ("W6", day("2025-01-10"), False),
        ("W7", day("2025-03-31"), True),
    ]
    assert result.value == 40.0


def test_a_worker_who_comes_back_starts_their_six_weeks_again(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", staff_id="S1", left="2025-02-28"),
        supervision("W1", "2025-02-20"),
        worker("W1b", staff_id="S1", start="2025-03-03"),  # back 4 weeks before D
    )
    result = compute("WF07", data, D)
    # Nobody has been in post 6 weeks in their current spell: no figure.
    assert (result.value, result.denominator) == (None, 0)


def test_the_supervision_interval_is_the_council_s_setting(engine: Engine) -> None:
    data = council_data(engine, worker("W1"), supervision("W1", "2025-02-24"))  # 5 weeks before D
    assert compute("WF07", data, D).value == 100.0
    four_weekly = REGISTRY["WF07"].evaluate(data, day(D), Settings(supervision_interval_weeks=4))
    assert four_weekly.value == 0.0


# WF08


def test_children_open_at_d_with_no_social_worker_allocated_at_d_are_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        referral("C1", "2024-06-03"),
        allocation("C1", "W1", start="2024-06-03"),  # allocated
        referral("C2", "2024-06-03"),
        allocation("C2", "W1", start="2024-06-03", end="2025-03-30"),  # ended the day before D
        referral("C3", "2024-06-03"),
        allocation("C3", "W1", start="2024-06-03", end="2025-03-31"),  # ends on D: still allocated
        referral("C4", "2024-06-03", closed="2025-03-30"),  # case closed before D
        referral("C5", "2024-06-03", closed="2025-03-31"),  # closes on D: open, and never allocated
        cla_episode("C6", start="2024-10-07"),  # looked after, no episode of need recorded
        referral("C7", "2024-06-03"),
        worker("W7", left="2025-03-30"),
        allocation("C7", "W7", start="2024-06-03"),  # to a worker who has left
        referral("C8", "2025-03-31", closed="2025-03-31") | {"referral_nfa": True},  # front door NFA
        referral("C9", "2024-06-03"),
        worker("W9", role="manager"),
        allocation("C9", "W9", start="2024-06-03"),  # held by a manager, not a social worker
    )
    result = compute("WF08", data, D)
    # C2, C5, C6, C7 and C9 = 5.
    assert result.value == 5
    assert result.detail.select("person_id", "unallocated_since").rows() == [
        ("C2", day("2025-03-31")),
        ("C5", day("2024-06-03")),
        ("C6", day("2024-10-07")),
        ("C7", day("2024-06-03")),
        ("C9", day("2024-06-03")),
    ]
    assert result.detail.filter(person_id="C2")["team_id"].to_list() == ["T1"]


def test_every_open_child_allocated_counts_nought(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-06-03"), allocation("C1", "W1", start="2024-06-03"))
    assert compute("WF08", data, D).value == 0


# WF09. A year before 31 March 2025 is 31 March 2024.


def test_stability_is_the_fte_still_in_post_of_those_in_post_a_year_before(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),  # here throughout
        worker("W2", fte=0.8, left="2024-12-31"),  # left in the year
        worker("W3", staff_id="S3", left="2024-06-28"),  # left, and came back part-time
        worker("W3b", staff_id="S3", fte=0.5, start="2024-09-02"),
        worker("W4", start="2024-03-31"),  # started a year before D exactly: in post then
        worker("W5", start="2024-04-01"),  # started after: not in the base
        worker("W6", left="2024-03-30"),  # gone before the base date
        worker("W7", agency=True),  # agency workers count
        worker("W8", staff_id="S8", left="2025-01-31"),  # promoted to manager: still here
        worker("W8b", staff_id="S8", role="manager", start="2025-02-01"),
        worker("W9", left="2024-03-31"),  # last day was the base date: in the base, gone now
    )
    result = compute("WF09", data, D)
    # Base: W1 1.0 + W2 0.8 + W3 1.0 + W4 1.0 + W7 1.0 + W8 1.0 + W9 1.0 = 6.8 FTE.
    # Still here: W1 1.0 + W3 1.0 (their FTE a year before) + W4 1.0 + W7 1.0 + W8 1.0 = 5.0.
    # 5.0 / 6.8 = 73.53%.
    assert result.detail.select("worker_id", "in_numerator").rows() == [
        ("W1", True),
        ("W2", False),
        ("W3", True),
        ("W4", True),
        ("W7", True),
        ("W8", True),
        ("W9", False),
    ]
    assert result.numerator == 5.0
    assert result.denominator is not None and round(result.denominator, 6) == 6.8
    assert result.value is not None and round(result.value, 2) == 73.53


def test_a_year_before_29_february_is_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", start="2023-02-28"),  # in post on 28 February 2023
        worker("W2", start="2023-03-01"),
    )
    result = compute("WF09", data, "2024-02-29")
    assert result.detail["worker_id"].to_list() == ["W1"]


def test_nobody_in_post_a_year_before_gives_no_stability(engine: Engine) -> None:
    data = council_data(engine, worker("W1", start="2024-06-03"))
    assert compute("WF09", data, D).value is None


def census(on: str, vacancies: str | None) -> Row:
    """What a workforce census taken on `on` said at council level."""
    return {
        "census_id": f"csww/{on}",
        "census_date": day(on),
        "number_of_vacancies": vacancies,
        "agency_fte": None,
        "agency_headcount": None,
    }


def test_without_posts_the_census_vacancies_over_vacancies_and_employed_fte_give_the_rate(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        census("2025-03-31", "2.5"),
        worker("W1", fte=1.0),
        worker("W2", fte=0.5, role="asye"),
        worker("W3", fte=1.0, agency=True),  # agency: holds no post
        worker("W4", fte=1.0, left="2025-03-30"),  # gone before D
    )
    result = compute("WF05", data, D)
    # Vacant 2.5 FTE; held W1 1.0 + W2 0.5 = 1.5. 2.5 / (2.5 + 1.5) = 62.5%.
    assert (result.numerator, result.denominator, result.value) == (2.5, 4.0, 62.5)
    assert result.detail["worker_id"].to_list() == [None, "W1", "W2"]


def test_without_posts_or_a_census_on_d_there_is_no_vacancy_rate(engine: Engine) -> None:
    data = council_data(engine, census("2024-09-30", "3"), worker("W1"))
    assert compute("WF05", data, D).value is None


# Workers a case-management extract names without their dates


def test_a_worker_whose_dates_are_not_known_is_not_counted_in_post(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", fte=1.0),
        allocation("C1", "W1", start="2024-06-03"),
        worker("W2", fte=1.0, provisional=True),  # named by an SSD, not in any census
        allocation("C2", "W2", start="2024-06-03"),
    )
    # Only W1 is in post: 1 child over 1.0 FTE (W2's child is not on anyone's counted caseload).
    assert compute("WF01", data, D).detail["worker_id"].to_list() == ["W1"]
    assert compute("WF04", data, D).detail["worker_id"].to_list() == ["W1"]
