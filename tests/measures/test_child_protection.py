"""Child protection, as at Mon 31 March 2025 unless said: the year to D is (31 Mar 2024, 31 Mar 2025].

CP01 enquiries per 10,000, CP02 ICPCs within 15 working days, CP03 enquiries leading to an ICPC,
CP04 children on a plan per 10,000, CP05 repeat plans, CP06 plans lasting 2 years, CP07 plans open
over 15 months, CP08 visits to children on a plan, CP09 reviews on time, CP10 plans ended within 3
months.
"""

from __future__ import annotations

from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import (
    Row,
    allocation,
    compute,
    council_data,
    council_fact,
    cp_plan,
    cp_review,
    day,
    icpc,
    s47,
    visit,
)

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


# CP01. With a child population of 10,000, a rate per 10,000 is a count.


def test_enquiries_starting_in_the_year_count_per_10_000_children(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact("population_0_17", "40000"),
        s47("C1", start="2024-03-31"),  # D − 1 year: outside
        s47("C1", start="2024-04-01"),  # the year's first day: inside
        s47("C1", start="2024-11-04"),  # the same child again: counts again
        s47("C2", start="2025-03-31") | {"team_id": "T2", "worker_id": "W2"},  # on D: inside
        s47("C3", start="2025-04-01"),  # after D
    )
    result = compute("CP01", data, D)
    # 3 enquiries ÷ 40,000 children × 10,000 = 0.75 per 10,000.
    assert (result.value, result.numerator, result.denominator) == (0.75, 3, 40000)
    assert result.detail.filter(person_id="C2").select("team_id", "worker_id").row(0) == ("T2", "W2")


def test_no_enquiries_is_a_rate_of_nought(engine: Engine) -> None:
    assert compute("CP01", council_data(engine, council_fact()), D).value == 0.0


def test_enquiries_with_no_population_give_no_rate(engine: Engine) -> None:
    assert compute("CP01", council_data(engine, s47("C1", start="2024-09-02")), D).value is None


# CP03


def ended(child: str, start: str, end: str | None, outcome: str | None) -> Row:
    """A S47 enquiry that ended (or not) with an outcome."""
    return s47(child, start=start) | {
        "s47_end_date": None if end is None else day(end),
        "s47_outcome": outcome,
    }


def test_enquiries_ending_in_a_conference_share_of_enquiries_ending(engine: Engine) -> None:
    data = council_data(
        engine,
        ended("C1", "2024-09-02", "2024-09-20", "icpc"),
        ended("C2", "2024-09-02", "2024-09-16", "nfa"),
        ended("C3", "2024-09-02", "2024-09-16", "cin_plan"),
        ended("C4", "2025-03-03", None, None),  # still open at D: no outcome yet, not counted
        ended("C5", "2025-03-03", "2025-03-31", "icpc"),  # ended on D: inside
        ended("C6", "2024-03-01", "2024-03-31", "icpc"),  # ended D − 1 year: outside
        ended("C7", "2025-03-17", "2025-04-01", "icpc"),  # ended after D: not counted
    )
    result = compute("CP03", data, D)
    # C1, C2, C3, C5 ended in the year; C1 and C5 went to a conference: 2 of 4 = 50%.
    assert (result.numerator, result.denominator, result.value) == (2, 4, 50.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1", "C5"]


def test_no_enquiries_ending_gives_no_share_going_to_conference(engine: Engine) -> None:
    result = compute("CP03", council_data(engine, ended("C1", "2025-03-03", None, None)), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CP04


def test_children_on_a_plan_at_d_per_10_000(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact(),
        cp_plan("C1", start="2024-06-03", end="2025-03-31"),  # ends on D: still open
        cp_plan("C2", start="2024-06-03", end="2025-03-30"),  # ended the day before D
        cp_plan("C3", start="2025-03-31"),  # starts on D: open
        cp_plan("C4", start="2025-04-01"),  # starts after D
        cp_plan("C5", start="2023-01-09", id="P5a"),  # two plans open (a data error): one child
        cp_plan("C5", start="2024-01-08", id="P5b"),
        cp_plan("C6", start="2019-05-01", end="2020-05-01"),  # a plan long ago
        cp_plan("C6", start="2024-10-07"),  # and another now: one child
    )
    result = compute("CP04", data, D)
    # C1, C3, C5, C6 = 4 children ÷ 10,000 × 10,000 = 4.0.
    assert (result.value, result.numerator) == (4.0, 4)
    assert result.detail.select("person_id", "cp_plan_id").rows() == [
        ("C1", "CPP-C1-2024-06-03"),
        ("C3", "CPP-C3-2025-03-31"),
        ("C5", "P5b"),
        ("C6", "CPP-C6-2024-10-07"),
    ]


def test_a_child_on_a_plan_belongs_to_their_worker_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact(),
        cp_plan("C1", start="2024-06-03"),
        allocation("C1", "W1", start="2024-06-03", end="2025-03-31"),  # ends on D: W1 still holds C1
        allocation("C1", "W2", start="2025-03-31"),  # handed over on D: the newer holds the child
        cp_plan("C2", start="2024-06-03"),
        allocation("C2", "W1", start="2024-06-03", end="2025-03-30"),  # nobody holds C2 at D
    )
    detail = compute("CP04", data, D).detail
    assert detail.select("person_id", "worker_id").rows() == [("C1", "W2"), ("C2", None)]


# CP07. 15 months before D (31 Mar 2025) is 31 Dec 2023.


def test_a_plan_that_started_exactly_15_months_before_d_is_not_yet_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2023-12-31"),  # 31 Dec 2023 + 15 months = 31 Mar 2025 = D: not more
        cp_plan("C2", start="2023-12-30"),  # + 15 months = 30 Mar 2025, before D: counted
        cp_plan("C3", start="2022-06-01", end="2025-03-31"),  # ends on D: still open, counted
        cp_plan("C4", start="2022-06-01", end="2025-03-30"),  # ended before D
        cp_plan("C5", start="2024-06-03"),  # 10 months
    )
    result = compute("CP07", data, D)
    assert (result.value, result.numerator) == (2.0, 2.0)
    assert result.detail["person_id"].to_list() == ["C3", "C2"]


def test_fifteen_months_on_from_the_end_of_november_is_the_end_of_february(engine: Engine) -> None:
    # As at Fri 28 Feb 2025: 27 Nov 2023 + 15 months = 27 Feb 2025, before D: counted. 28, 29 and
    # 30 Nov 2023 + 15 months are all 28 Feb 2025 (no 29th in 2025) = D: not yet counted.
    data = council_data(
        engine,
        cp_plan("C1", start="2023-11-27"),
        cp_plan("C2", start="2023-11-28"),
        cp_plan("C3", start="2023-11-30"),
    )
    result = compute("CP07", data, "2025-02-28")
    assert result.detail.select("person_id", "fifteen_months_on").rows() == [("C1", day("2025-02-27"))]


def test_no_long_plans_is_a_count_of_nought(engine: Engine) -> None:
    result = compute("CP07", council_data(engine, cp_plan("C1", start="2024-06-03")), D)
    assert (result.value, result.detail.height) == (0.0, 0)


# CP08. 10 working days before Mon 31 Mar 2025 is Mon 17 Mar 2025 (no bank holiday between).


def test_a_child_visited_exactly_10_working_days_before_d_is_in_time_and_a_day_earlier_is_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03"),
        visit("C1", "2025-03-03"),
        visit("C1", "2025-03-17"),  # latest: the next is due Mon 31 Mar = D, in time
        cp_plan("C2", start="2024-06-03"),
        visit("C2", "2025-03-14"),  # Fri 14 Mar: due Fri 28 Mar, overdue at D
    )
    result = compute("CP08", data, D)
    # 1 of 2.
    assert result.detail.select(
        "person_id", "latest_visit_date", "next_visit_due", "in_numerator"
    ).rows() == [
        ("C1", day("2025-03-17"), day("2025-03-31"), True),
        ("C2", day("2025-03-14"), day("2025-03-28"), False),
    ]
    assert result.value == 50.0


def test_a_plan_must_have_run_10_working_days_to_be_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2025-03-17"),  # exactly 10 working days before D: in
        visit("C1", "2025-03-17"),  # visited the day the plan began: due D, in time
        cp_plan("C2", start="2025-03-18"),  # 9 working days: its first visit is not due yet
        cp_plan("C3", start="2025-03-17"),  # in, and never visited: not in time
        visit("C3", "2025-03-14"),  # a visit before this plan began does not count for it
    )
    result = compute("CP08", data, D)
    assert result.detail.select("person_id", "latest_visit_date", "in_numerator").rows() == [
        ("C1", day("2025-03-17"), True),
        ("C3", None, False),
    ]


def test_only_cp_visits_where_the_child_was_seen_count(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03"),
        visit("C1", "2025-03-10"),
        visit("C1", "2025-03-24", seen=False),  # nobody saw the child: the latest is 10 Mar
        cp_plan("C2", start="2024-06-03"),
        visit("C2", "2025-03-24", kind="cin"),  # not a child protection visit
    )
    result = compute("CP08", data, D)
    assert result.detail.select("person_id", "latest_visit_date", "in_numerator").rows() == [
        ("C1", day("2025-03-10"), False),
        ("C2", None, False),
    ]


def test_plans_ending_on_d_are_still_open_and_earlier_endings_are_not(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03", end="2025-03-31"),
        visit("C1", "2025-03-24"),
        cp_plan("C2", start="2024-06-03", end="2025-03-28"),
        visit("C2", "2025-03-03"),
    )
    result = compute("CP08", data, D)
    assert (result.numerator, result.denominator) == (1, 1)


def test_christmas_bank_holidays_give_a_visit_more_calendar_days(engine: Engine) -> None:
    # As at Fri 3 Jan 2025. From Tue 17 Dec 2024: Wed 18 = 1, Thu 19 = 2, Fri 20 = 3, Mon 23 = 4,
    # Tue 24 = 5, (25, 26 off) Fri 27 = 6, Mon 30 = 7, Tue 31 = 8, (1 Jan off) Thu 2 = 9, Fri 3 Jan = 10.
    # From Mon 16 Dec the 10th working day is Thu 2 Jan: overdue on Fri 3 Jan.
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03"),
        visit("C1", "2024-12-17"),
        cp_plan("C2", start="2024-06-03"),
        visit("C2", "2024-12-16"),
    )
    result = compute("CP08", data, "2025-01-03")
    assert result.detail.select("person_id", "next_visit_due", "in_numerator").rows() == [
        ("C1", day("2025-01-03"), True),
        ("C2", day("2025-01-02"), False),
    ]


def test_on_the_saturday_after_a_friday_due_date_the_child_is_overdue(engine: Engine) -> None:
    # Visited Fri 14 Mar 2025: next due Fri 28 Mar. On Sat 29 Mar only 10 working days have passed,
    # but the visit was not made by its due date.
    data = council_data(engine, cp_plan("C1", start="2024-06-03"), visit("C1", "2025-03-14"))
    assert compute("CP08", data, "2025-03-29").numerator == 0
    assert compute("CP08", data, "2025-03-28").numerator == 1


def test_the_council_s_own_visit_standard_applies_to_both_the_plan_and_the_visit(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2025-03-17"),  # 10 working days: not in under a 15-day standard
        visit("C1", "2025-03-17"),
        cp_plan("C2", start="2024-06-03"),
        visit("C2", "2025-03-14"),  # + 15 working days = Fri 4 Apr: in time
    )
    settings = Settings(cp_visit_interval_working_days=15)
    result = REGISTRY["CP08"].evaluate(data, day(D), settings)
    assert result.detail.select("person_id", "in_numerator").rows() == [("C2", True)]
    assert REGISTRY["CP08"].settings == ("cp_visit_interval_working_days",)


def test_no_children_on_plans_long_enough_gives_no_visit_figure(engine: Engine) -> None:
    result = compute("CP08", council_data(engine, cp_plan("C1", start="2025-03-24")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CP09. Each review is due 3 months after the ICPC (the first) or 6 months after the review before it.


def conference(child: str, date: str) -> list[Row]:
    """An ICPC and the plan it starts, with ids I-child and P-child."""
    return [
        icpc(child, date=date, id=f"I-{child}"),
        cp_plan(child, start=date, id=f"P-{child}") | {"icpc_id": f"I-{child}"},
    ]


def test_a_first_review_on_the_date_3_months_after_the_icpc_is_on_time_and_a_day_later_is_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        *conference("C1", "2024-09-02"),
        cp_review("C1", plan="P-C1", date="2024-12-02"),  # due 2 Dec 2024: on time
        *conference("C2", "2024-09-02"),
        cp_review("C2", plan="P-C2", date="2024-12-03"),  # a day late
        *conference("C3", "2024-11-30"),
        cp_review("C3", plan="P-C3", date="2025-02-28"),  # 30 Nov + 3 months = 28 Feb 2025: on time
    )
    result = compute("CP09", data, D)
    # The second reviews are due 6 months after 2 and 3 Dec 2024, after D. 2 of 3 on time.
    assert result.detail.select("person_id", "review_number", "due_date", "in_numerator").rows() == [
        ("C1", 1, day("2024-12-02"), True),
        ("C2", 1, day("2024-12-02"), False),
        ("C3", 1, day("2025-02-28"), True),
    ]


def test_a_late_review_moves_the_next_one_s_due_date(engine: Engine) -> None:
    data = council_data(
        engine,
        *conference("C1", "2023-06-01"),
        cp_review("C1", plan="P-C1", date="2023-09-01"),  # due 1 Sep 2023
        cp_review("C1", plan="P-C1", date="2024-04-01"),  # due 1 Mar 2024: late, due before the year
        # Due 6 months after 1 Apr 2024 as held (not after 1 Mar 2024 as it was due): on time.
        cp_review("C1", plan="P-C1", date="2024-10-01"),
    )
    result = compute("CP09", data, D)
    # Only the third review was due in the year to D; the fourth is due 1 Apr 2025, after D.
    assert result.detail.select("review_number", "clock_start_date", "due_date", "in_numerator").rows() == [
        (3, day("2024-04-01"), day("2024-10-01"), True)
    ]


def test_a_review_due_by_d_and_not_held_by_d_is_not_on_time(engine: Engine) -> None:
    data = council_data(
        engine,
        *conference("C1", "2024-11-15"),  # due 15 Feb 2025, never held
        *conference("C2", "2024-12-01"),  # due 1 Mar 2025, held after D
        cp_review("C2", plan="P-C2", date="2025-04-02"),
        *conference("C3", "2025-01-01"),  # due 1 Apr 2025, after D: not due yet
    )
    result = compute("CP09", data, D)
    assert result.detail.select("person_id", "due_date", "cp_review_date", "in_numerator").rows() == [
        ("C1", day("2025-02-15"), None, False),
        ("C2", day("2025-03-01"), None, False),
    ]
    # As at 30 Apr 2025 C2's review is known: held a month late, still counted as due on 1 Mar.
    later = compute("CP09", data, "2025-04-30")
    assert later.detail.filter(person_id="C2").select("cp_review_date", "in_numerator").row(0) == (
        day("2025-04-02"),
        False,
    )


def test_a_plan_ending_before_a_review_is_due_owes_none_and_one_ending_on_the_due_date_does(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        icpc("C1", date="2024-09-02", id="I-C1"),
        cp_plan("C1", start="2024-09-02", end="2024-11-01", id="P-C1") | {"icpc_id": "I-C1"},
        icpc("C2", date="2024-09-02", id="I-C2"),
        cp_plan("C2", start="2024-09-02", end="2024-12-02", id="P-C2") | {"icpc_id": "I-C2"},
    )
    result = compute("CP09", data, D)
    assert result.detail.select("person_id", "due_date", "in_numerator").rows() == [
        ("C2", day("2024-12-02"), False)
    ]


def test_reviews_count_in_the_year_they_were_due(engine: Engine) -> None:
    data = council_data(
        engine,
        *conference("C1", "2023-12-31"),
        cp_review("C1", plan="P-C1", date="2024-03-31"),  # due 31 Mar 2024 = D − 1 year: outside
        *conference("C2", "2024-01-01"),
        cp_review("C2", plan="P-C2", date="2024-04-01"),  # due 1 Apr 2024: inside
        *conference("C3", "2023-12-01"),
        cp_review("C3", plan="P-C3", date="2024-04-05"),  # held in the year, but due 1 Mar 2024
    )
    result = compute("CP09", data, D)
    # C1's second review is due 30 Sep 2024 (31 Mar + 6 months, clamped) and was never held; C3's is
    # due 5 Oct 2024 and was never held.
    assert result.detail.select("person_id", "review_number", "due_date", "in_numerator").rows() == [
        ("C2", 1, day("2024-04-01"), True),
        ("C1", 2, day("2024-09-30"), False),
        ("C2", 2, day("2024-10-01"), False),
        ("C3", 2, day("2024-10-05"), False),
    ]


def test_a_plan_with_no_conference_linked_is_timed_from_its_start(engine: Engine) -> None:
    data = council_data(
        engine, cp_plan("C1", start="2024-09-02", id="P1"), cp_review("C1", plan="P1", date="2024-12-02")
    )
    result = compute("CP09", data, D)
    assert result.detail.select("clock_start_date", "in_numerator").rows() == [(day("2024-09-02"), True)]


def test_a_review_belongs_to_the_child_s_worker_on_its_due_date(engine: Engine) -> None:
    data = council_data(
        engine,
        *conference("C1", "2024-09-02"),
        cp_review("C1", plan="P-C1", date="2024-12-02"),
        allocation("C1", "W1", start="2024-09-02", end="2024-12-02"),
        allocation("C1", "W2", start="2024-12-03"),
    )
    assert compute("CP09", data, D).detail["worker_id"].to_list() == ["W1"]


def test_no_reviews_due_gives_no_figure(engine: Engine) -> None:
    result = compute("CP09", council_data(engine, *conference("C1", "2025-01-06")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CP10


def test_a_plan_ending_before_its_three_month_date_lasted_under_three_months(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-09-02", end="2024-12-01"),  # 3 months on is 2 Dec: under
        cp_plan("C2", start="2024-09-02", end="2024-12-02"),  # exactly 3 months: not under
        cp_plan("C3", start="2024-11-30", end="2025-02-27"),  # 3 months on is 28 Feb 2025: under
        cp_plan("C4", start="2024-11-30", end="2025-02-28"),  # exactly 3 months: not under
        cp_plan("C5", start="2023-12-01", end="2024-03-31"),  # ended D − 1 year: outside
        cp_plan("C6", start="2025-01-06", end="2025-03-31"),  # ended on D: inside, under
        cp_plan("C7", start="2025-01-06"),  # still open: not counted
    )
    result = compute("CP10", data, D)
    # C1, C3, C6 under 3 months of C1, C2, C3, C4, C6: 3 of 5 = 60%.
    assert (result.numerator, result.denominator, result.value) == (3, 5, 60.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1", "C3", "C6"]


def test_a_plan_that_ended_belongs_to_the_worker_who_held_the_child_that_day(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-09-02", end="2024-11-04"),
        allocation("C1", "W1", start="2024-09-02", end="2024-11-04"),
    )
    assert compute("CP10", data, D).detail["worker_id"].to_list() == ["W1"]


def test_no_plans_ending_gives_no_share_of_short_plans(engine: Engine) -> None:
    result = compute("CP10", council_data(engine, cp_plan("C1", start="2024-06-03")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
