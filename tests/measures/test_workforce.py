"""WF01 average caseload, WF03 turnover and WF06 children with three or more social workers, as at
31 March 2025: the year to D is (31 Mar 2024, 31 Mar 2025], its first day 1 April 2024.
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import allocation, compute, council_data, referral, worker

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
