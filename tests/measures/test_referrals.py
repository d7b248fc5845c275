"""RF01 referrals per 10,000, RF02 re-referrals within 12 months and RF03 referrals with no further
action, as at 31 March 2025: the year to D is (31 Mar 2024, 31 Mar 2025].
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import compute, council_data, council_fact, day, referral

D = "2025-03-31"


def test_a_referral_on_the_same_date_12_months_on_is_a_re_referral_and_a_day_later_is_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        # C1: 1 Jun 2023 + 12 months = 1 Jun 2024, so a referral on 1 Jun 2024 is within 12 months.
        referral("C1", "2023-06-01"),
        referral("C1", "2024-06-01"),
        # C2: 31 May 2023 + 12 months = 31 May 2024; 1 Jun 2024 is a day too late.
        referral("C2", "2023-05-31"),
        referral("C2", "2024-06-01"),
    )
    result = compute("RF02", data, D)
    # The 2023 referrals are before the year. In it: C1's (re-referral) and C2's (not) = 1 / 2 = 50%.
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_a_child_s_first_referral_is_not_a_re_referral(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-06-03"))
    result = compute("RF02", data, D)
    assert (result.numerator, result.denominator, result.value) == (0, 1, 0.0)


def test_the_year_to_d_leaves_out_d_minus_one_year_and_takes_in_d(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-03-31"),  # D − 1 year: outside the year, but still C1's previous referral
        referral("C1", "2025-03-31"),  # D: inside; 31 Mar 2024 + 12 months = 31 Mar 2025, a re-referral
        referral("C2", "2024-04-01"),  # the year's first day: inside, a first referral
        referral("C3", "2025-04-01"),  # after D: outside
    )
    result = compute("RF02", data, D)
    # Denominator: C1 on 31 Mar 2025 and C2 on 1 Apr 2024 = 2; numerator: C1's = 1.
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)
    assert result.detail.filter(in_numerator=True)["referral_date"].to_list() == [day("2025-03-31")]


def test_two_referrals_in_the_year_make_the_second_a_re_referral(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-05-01"), referral("C1", "2024-09-02"))
    result = compute("RF02", data, D)
    # 1 May 2024 has no earlier referral; 2 Sep 2024 follows it by 4 months: 1 / 2.
    assert (result.numerator, result.denominator) == (1, 2)


def test_two_referrals_on_the_same_day_are_not_re_referrals_of_each_other(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-06-03", id="R1"),
        referral("C1", "2024-06-03", id="R2"),
    )
    result = compute("RF02", data, D)
    assert (result.numerator, result.denominator) == (0, 2)


def test_only_the_child_s_own_referrals_count(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-05-01"), referral("C2", "2024-06-03"))
    assert compute("RF02", data, D).numerator == 0


def test_12_months_from_29_february_ends_on_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        # 29 Feb 2024 + 12 months = 28 Feb 2025: C1's referral that day is within 12 months...
        referral("C1", "2024-02-29"),
        referral("C1", "2025-02-28"),
        # ...and C2's on 1 Mar 2025 is a day too late.
        referral("C2", "2024-02-29"),
        referral("C2", "2025-03-01"),
    )
    result = compute("RF02", data, D)
    # The 2024 referrals are before the year to D: 1 re-referral (C1) of 2 referrals.
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1"]


def test_a_referral_on_29_february_a_year_and_a_day_after_28_february_is_not_a_re_referral(
    engine: Engine,
) -> None:
    data = council_data(engine, referral("C1", "2023-02-28"), referral("C1", "2024-02-29"))
    # As at 31 Mar 2024: 28 Feb 2023 + 12 months = 28 Feb 2024, before 29 Feb 2024. 0 / 1.
    result = compute("RF02", data, "2024-03-31")
    assert (result.numerator, result.denominator) == (0, 1)


def test_no_referrals_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2023-06-01"))
    result = compute("RF02", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


def test_the_detail_lists_each_referral_with_the_previous_one(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2023-06-01"), referral("C1", "2024-06-01", id="R2"))
    detail = compute("RF02", data, D).detail
    assert detail.columns == [
        "referral_id",
        "person_id",
        "referral_date",
        "previous_referral_date",
        "in_numerator",
        "team_id",  # the team and worker the referral went to, as for RF01
        "worker_id",
    ]
    assert detail.select("referral_id", "previous_referral_date", "in_numerator").rows() == [
        ("R2", day("2023-06-01"), True)
    ]


# RF01. With a child population of 10,000 (the council's stored fact), a rate per 10,000 is a count.


def test_every_referral_in_the_year_counts_per_10_000_children(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact("population_0_17", "20000"),
        referral("C1", "2024-03-31"),  # D − 1 year: outside
        referral("C1", "2024-04-01"),  # the year's first day: inside
        referral("C1", "2024-09-02"),  # the same child again: counts again
        referral("C2", "2025-03-31") | {"referral_nfa": True},  # on D, and no further action: counts
        referral("C3", "2025-04-01"),  # after D
    )
    result = compute("RF01", data, D)
    # 3 referrals ÷ 20,000 children × 10,000 = 1.5 per 10,000.
    assert (result.value, result.numerator, result.denominator) == (1.5, 3, 20000)
    assert result.detail["referral_date"].to_list() == [
        day("2024-04-01"),
        day("2024-09-02"),
        day("2025-03-31"),
    ]


def test_a_referral_belongs_to_the_team_and_worker_it_went_to(engine: Engine) -> None:
    data = council_data(
        engine, council_fact(), referral("C1", "2024-09-02") | {"team_id": "T1", "worker_id": "W1"}
    )
    detail = compute("RF01", data, D).detail
    assert detail.select("team_id", "worker_id").row(0) == ("T1", "W1")


def test_referrals_with_no_population_give_no_rate(engine: Engine) -> None:
    data = council_data(engine, referral("C1", "2024-09-02"))
    assert compute("RF01", data, D).value is None


def test_no_referrals_in_the_year_is_a_rate_of_nought(engine: Engine) -> None:
    # A rate divides by the children in the area, who are there whether referred or not.
    result = compute("RF01", council_data(engine, council_fact()), D)
    assert (result.value, result.numerator) == (0.0, 0)


# RF03


def test_referrals_flagged_no_further_action_share_of_referrals(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-09-02", closed="2024-09-02") | {"referral_nfa": True},
        # Closed after an assessment found no need: it went further, so it is not one.
        referral("C2", "2024-09-02", closed="2024-11-04"),
        referral("C3", "2024-10-01"),  # still open
        referral("C4", "2025-03-31", closed="2025-03-31") | {"referral_nfa": True},  # on D: inside
        referral("C5", "2024-03-31", closed="2024-03-31") | {"referral_nfa": True},  # D − 1 year: outside
    )
    result = compute("RF03", data, D)
    # C1 and C4 of C1-C4 = 2 of 4 = 50%.
    assert (result.numerator, result.denominator, result.value) == (2, 4, 50.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1", "C4"]


def test_no_referrals_gives_no_share_with_no_further_action(engine: Engine) -> None:
    result = compute("RF03", council_data(engine, referral("C1", "2023-09-04")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
