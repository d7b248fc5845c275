"""Children in need, as at Mon 31 March 2025 unless said: the year to D is (31 Mar 2024, 31 Mar 2025].

CN01 children in need per 10,000, CN02 visits to children on a CIN plan, CN03 episodes open two
years or more, CN04 closures without a manager's sign-off, CN05 closures followed by a new referral.
"""

from __future__ import annotations

from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import (
    Row,
    allocation,
    cin_plan,
    compute,
    council_data,
    council_fact,
    day,
    referral,
    visit,
)

D = "2025-03-31"


# CN01. With a child population of 10,000 (the builder's default fact), a rate per 10,000 is a count.


def test_children_with_an_episode_open_at_d_per_10_000(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact(),
        referral("C1", "2024-06-03", closed="2025-03-31"),  # closes on D: still open
        referral("C2", "2024-06-03", closed="2025-03-30"),  # closed the day before D
        referral("C3", "2025-03-31", closed="2025-03-31") | {"referral_nfa": True},  # open for D alone
        referral("C4", "2025-04-01"),  # referred after D
        referral("C5", "2019-05-07"),  # in care for years on the same episode: a child in need
        referral("C6", "2023-01-09", id="R6a"),  # two episodes open (a data error): one child
        referral("C6", "2024-02-05", id="R6b"),
    )
    result = compute("CN01", data, D)
    # C1, C3, C5, C6 = 4 children ÷ 10,000 × 10,000 = 4.0.
    assert (result.value, result.numerator) == (4.0, 4)
    assert result.detail.select("person_id", "referral_id").rows() == [
        ("C1", "R-C1-2024-06-03"),
        ("C3", "R-C3-2025-03-31"),
        ("C5", "R-C5-2019-05-07"),
        ("C6", "R6b"),
    ]


def test_a_child_in_need_belongs_to_their_worker_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        council_fact(),
        referral("C1", "2024-06-03") | {"team_id": "T1", "worker_id": "W1"},
        allocation("C1", "W1", start="2024-06-03", end="2024-12-31"),
        allocation("C1", "W2", start="2025-01-02"),
    )
    assert compute("CN01", data, D).detail.select("team_id", "worker_id").row(0) == ("T1", "W2")


def test_no_children_in_need_with_no_population_give_no_rate(engine: Engine) -> None:
    assert compute("CN01", council_data(engine), D).value is None


# CN02. 20 working days before Mon 31 Mar 2025 is Mon 3 Mar 2025 (no bank holiday between).


def test_a_child_visited_exactly_20_working_days_before_d_is_in_time_and_a_day_earlier_is_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        cin_plan("C1", start="2024-06-03"),
        visit("C1", "2025-03-03", kind="cin"),  # next due Mon 31 Mar = D: in time
        cin_plan("C2", start="2024-06-03"),
        visit("C2", "2025-02-28", kind="cin"),  # Fri 28 Feb: due Fri 28 Mar, overdue
        cin_plan("C3", start="2024-06-03"),
        visit("C3", "2025-03-24", kind="cp"),  # not a CIN visit: C3 has none
        visit("C3", "2025-03-25", kind="cin", seen=False),  # and nobody saw the child on this one
    )
    result = compute("CN02", data, D)
    # 1 of 3.
    assert result.detail.select(
        "person_id", "latest_visit_date", "next_visit_due", "in_numerator"
    ).rows() == [
        ("C1", day("2025-03-03"), day("2025-03-31"), True),
        ("C2", day("2025-02-28"), day("2025-03-28"), False),
        ("C3", None, None, False),
    ]


def test_a_cin_plan_must_have_run_20_working_days_to_be_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        cin_plan("C1", start="2025-03-03"),  # exactly 20 working days before D: in
        visit("C1", "2025-03-10", kind="cin"),
        cin_plan("C2", start="2025-03-04"),  # 19 working days: not yet
        cin_plan("C3", start="2024-06-03", end="2025-03-31"),  # ends on D: still open
        visit("C3", "2025-03-17", kind="cin"),
        cin_plan("C4", start="2024-06-03", end="2025-03-28"),  # ended before D
    )
    result = compute("CN02", data, D)
    assert result.detail.select("person_id", "in_numerator").rows() == [("C1", True), ("C3", True)]


def test_easter_and_may_bank_holidays_give_a_cin_visit_more_calendar_days(engine: Engine) -> None:
    # As at Tue 6 May 2025. From Thu 3 Apr: Fri 4 = 1, 7-11 Apr = 2-6, 14-17 Apr = 7-10, (Good Friday
    # 18 and Easter Monday 21 off) 22-25 Apr = 11-14, 28 Apr-2 May = 15-19, (Mon 5 May off) Tue 6 May
    # = 20: in time. From Wed 2 Apr the 20th working day is Fri 2 May: overdue.
    data = council_data(
        engine,
        cin_plan("C1", start="2024-06-03"),
        visit("C1", "2025-04-03", kind="cin"),
        cin_plan("C2", start="2024-06-03"),
        visit("C2", "2025-04-02", kind="cin"),
    )
    result = compute("CN02", data, "2025-05-06")
    assert result.detail.select("person_id", "next_visit_due", "in_numerator").rows() == [
        ("C1", day("2025-05-06"), True),
        ("C2", day("2025-05-02"), False),
    ]


def test_the_council_s_own_cin_visit_standard_is_used(engine: Engine) -> None:
    data = council_data(engine, cin_plan("C1", start="2024-06-03"), visit("C1", "2025-03-03", kind="cin"))
    # Under a 15-working-day standard, 3 Mar + 15 = Mon 24 Mar: overdue at D.
    strict = REGISTRY["CN02"].evaluate(data, day(D), Settings(cin_visit_interval_working_days=15))
    assert (strict.numerator, strict.denominator) == (0, 1)
    assert REGISTRY["CN02"].settings == ("cin_visit_interval_working_days",)


def test_no_children_on_cin_plans_gives_no_visit_figure(engine: Engine) -> None:
    result = compute("CN02", council_data(engine, cin_plan("C1", start="2025-03-24")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CN03. Two years before D is 31 Mar 2023.


def test_an_episode_that_started_exactly_two_years_before_d_is_not_yet_counted(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2023-03-31"),  # + 2 years = D: not more than 2 years
        referral("C2", "2023-03-30"),  # + 2 years = 30 Mar 2025, before D: counted
        referral("C3", "2021-06-01", closed="2025-03-31"),  # closes on D: still open, counted
        referral("C4", "2021-06-01", closed="2025-03-30"),  # closed before D
        referral("C5", "2021-06-01", id="R5a"),  # two long episodes of one child: both counted
        referral("C5", "2022-06-01", id="R5b"),
    )
    result = compute("CN03", data, D)
    assert (result.value, result.numerator) == (4.0, 4.0)
    assert result.detail["referral_id"].to_list() == ["R-C3-2021-06-01", "R5a", "R5b", "R-C2-2023-03-30"]


def test_two_years_from_29_february_end_on_28_february(engine: Engine) -> None:
    # As at Sat 28 Feb 2026: 29 Feb 2024 + 2 years = 28 Feb 2026 = D, not yet; 27 Feb 2024 is.
    data = council_data(engine, referral("C1", "2024-02-29"), referral("C2", "2024-02-27"))
    result = compute("CN03", data, "2026-02-28")
    assert result.detail["person_id"].to_list() == ["C2"]
    assert compute("CN03", data, "2026-03-01").value == 2.0


def test_no_long_episodes_is_a_count_of_nought(engine: Engine) -> None:
    result = compute("CN03", council_data(engine, referral("C1", "2024-06-03")), D)
    assert (result.value, result.detail.height) == (0.0, 0)


# CN04


def closed(
    child: str, date: str, *, manager: str | None, decision: str = "close", signed: str | None = None
) -> Row:
    """An episode opened on 5 Jun 2023 and closed on `date`, its closure signed off by `manager` on
    `signed` (by default the day it closed) or by nobody."""
    return referral(child, "2023-06-05", closed=date) | {
        "closure_decision": decision,
        "closure_manager_id": manager,
        "closure_decision_date": None if manager is None else day(signed or date),
    }


def test_closures_with_no_manager_s_decision_share_of_closures(engine: Engine) -> None:
    data = council_data(
        engine,
        closed("C1", "2024-09-02", manager="M1"),  # signed off
        closed("C2", "2024-09-02", manager=None),  # unsigned
        closed("C3", "2024-10-07", manager=None, decision="step_down"),  # stepped down, unsigned
        closed("C4", "2025-03-31", manager="M1", decision="step_down"),  # on D, signed
        closed("C5", "2025-03-28", manager="M1", signed="2025-04-02"),  # signed after D: not at D
        closed("C6", "2024-03-31", manager=None),  # closed D − 1 year: outside
        referral("C7", "2024-06-03"),  # still open
    )
    result = compute("CN04", data, D)
    # C1-C5 closed in the year; C2, C3, C5 unsigned at D: 3 of 5 = 60%.
    assert (result.numerator, result.denominator, result.value) == (3, 5, 60.0)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C2", "C3", "C5"]
    # As at 2 Apr 2025 C5's sign-off is on the record.
    assert compute("CN04", data, "2025-04-02").detail.filter(person_id="C5")["in_numerator"].to_list() == [
        False
    ]


def test_a_closure_belongs_to_the_worker_who_held_the_child_on_the_day(engine: Engine) -> None:
    data = council_data(
        engine,
        closed("C1", "2024-09-02", manager=None),
        allocation("C1", "W1", start="2024-06-03", end="2024-09-02"),
        closed("C2", "2024-09-02", manager=None) | {"team_id": "FD", "worker_id": None},  # never allocated
    )
    detail = compute("CN04", data, D).detail
    assert detail.select("person_id", "team_id", "worker_id").rows() == [
        ("C1", "T1", "W1"),
        ("C2", "FD", None),
    ]


def test_no_closures_gives_no_share_unsigned(engine: Engine) -> None:
    result = compute("CN04", council_data(engine, referral("C1", "2024-06-03")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# CN05. The closures are those in the year to D − 6 months = 30 Sep 2024: (30 Sep 2023, 30 Sep 2024].


def test_a_closure_followed_by_a_referral_on_the_date_6_months_on_counts_and_a_day_later_does_not(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-01-08", closed="2024-04-01"),
        referral("C1", "2024-10-01"),  # 1 Apr + 6 months = 1 Oct: referred again within 6 months
        referral("C2", "2024-01-08", closed="2024-04-01"),
        referral("C2", "2024-10-02"),  # a day too late
        referral("C3", "2024-01-08", closed="2024-08-31"),
        referral("C3", "2025-02-28"),  # 31 Aug + 6 months = 28 Feb 2025: within
        referral("C4", "2024-01-08", closed="2024-08-31"),
        referral("C4", "2025-03-01"),  # too late
    )
    result = compute("CN05", data, D)
    # 2 of 4 closures.
    assert result.detail.select("person_id", "six_months_on", "in_numerator").rows() == [
        ("C1", day("2024-10-01"), True),
        ("C2", day("2024-10-01"), False),
        ("C3", day("2025-02-28"), True),
        ("C4", day("2025-02-28"), False),
    ]
    assert result.value == 50.0


def test_closures_count_in_the_12_months_ending_6_months_before_d(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2023-06-05", closed="2023-09-30"),  # 30 Sep 2023: outside
        referral("C2", "2023-06-05", closed="2023-10-01"),  # the first day: inside
        referral("C3", "2024-06-03", closed="2024-09-30"),  # the last day: inside
        referral("C4", "2024-06-03", closed="2024-10-01"),  # too recent to have had its 6 months
    )
    result = compute("CN05", data, D)
    assert result.detail["person_id"].to_list() == ["C2", "C3"]


def test_a_referral_on_the_day_of_the_closure_is_not_a_new_one(engine: Engine) -> None:
    data = council_data(
        engine,
        referral("C1", "2024-06-03", closed="2024-06-03") | {"referral_nfa": True},
        referral("C1", "2024-06-03", id="R-same-day"),
        referral("C1", "2024-07-01", id="R-later"),  # this one is
    )
    result = compute("CN05", data, D)
    assert result.detail.select("referral_id", "next_referral_date", "in_numerator").rows() == [
        ("R-C1-2024-06-03", day("2024-07-01"), True)
    ]


def test_no_closures_in_the_window_gives_no_share_referred_again(engine: Engine) -> None:
    result = compute("CN05", council_data(engine, referral("C1", "2024-06-03", closed="2024-11-04")), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
