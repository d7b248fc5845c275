"""The child protection alerts AL02, AL08 and AL09: raised the day after they fell due, never on the due
day itself, and never for a child whose enquiry, plan or history gives no cause."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts, open_alerts_at
from lineofsight.settings import Settings
from tests.alerts.raising import children, overdue_by, raised
from tests.builders import allocation, council_data, cp_plan, day, icpc, s47

CODES = ("AL02", "AL08", "AL09")


# AL02. An S47 enquiry started Mon 2 Sep 2024: its conference is due 15 working days on, Mon 23 Sep
# (no bank holiday in between).


def test_an_s47_enquiry_with_no_conference_is_overdue_from_the_day_after_its_15th_working_day(
    engine: Engine,
) -> None:
    data = council_data(
        engine, s47("C1", start="2024-09-02", id="S1"), allocation("C1", "W1", start="2024-09-02")
    )
    assert overdue_by("AL02", data, "2024-09-22") == []
    assert overdue_by("AL02", data, "2024-09-23") == []  # the due day: still in time
    alert = raised("AL02", data, "2024-09-24")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", "T1", dt.date(2024, 9, 23), 1, "S47 enquiry S1 started 2024-09-02, conference decided")
    ]


def test_bank_holidays_push_the_conference_s_due_date_on(engine: Engine) -> None:
    # From Mon 16 Dec 2024, 15 working days skip 25 and 26 December and 1 January: Thu 9 Jan 2025.
    data = council_data(engine, s47("C1", start="2024-12-16"))
    assert overdue_by("AL02", data, "2025-01-09") == []
    assert overdue_by("AL02", data, "2025-01-10") == [1]


def test_a_conference_held_by_d_ends_the_alert_and_one_held_after_d_is_not_yet_known(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-10-01", s47_id="S1"),  # held late, 8 days after the due day
    )
    # On Mon 30 Sep the conference has not happened: 23 Sep to 30 Sep is 7 days overdue.
    assert overdue_by("AL02", data, "2024-09-30") == [7]
    assert overdue_by("AL02", data, "2024-10-01") == []  # held on D


def test_an_enquiry_is_left_alone_once_it_ends_without_a_conference(engine: Engine) -> None:
    ended_nfa = {"s47_outcome": "nfa", "s47_end_date": day("2024-09-20")}
    ends_later = {"s47_outcome": "cin_plan", "s47_end_date": day("2024-09-30")}
    data = council_data(
        engine,
        s47("C1", start="2024-09-02") | ended_nfa,  # no further action, known before D
        s47("C2", start="2024-09-02") | ends_later,  # a CIN plan, but only decided on 30 Sep
        s47("C3", start="2024-09-02") | {"s47_outcome": None},  # no outcome recorded at all
        s47("C4", start="2024-09-02") | {"s47_outcome": "nfa"},  # an outcome with no end date: believed
    )
    assert children("AL02", data, "2024-09-24") == ["C2", "C3"]
    assert raised("AL02", data, "2024-09-24")["detail"].to_list() == [
        "S47 enquiry S47-C2-2024-09-02 started 2024-09-02, no outcome yet",
        "S47 enquiry S47-C3-2024-09-02 started 2024-09-02, no outcome yet",
    ]
    assert children("AL02", data, "2024-09-30") == ["C3"]  # C2's outcome is on the record from D


def test_a_conference_naming_no_enquiry_counts_when_it_is_for_the_same_referral_after_the_start(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        # C1's conference names no enquiry but is for its referral, after the enquiry began.
        s47("C1", start="2024-09-02"),
        icpc("C1", date="2024-09-20"),
        # C2's unnamed conference came before this enquiry started: it is an earlier one.
        s47("C2", start="2024-09-02"),
        icpc("C2", date="2024-08-30"),
        # C3's unnamed conference is for another referral.
        s47("C3", start="2024-09-02"),
        icpc("C3", date="2024-09-20") | {"referral_id": "R-C3-other"},
        # C4's conference names another enquiry.
        s47("C4", start="2024-09-02"),
        icpc("C4", date="2024-09-20", s47_id="S47-C4-earlier"),
    )
    assert children("AL02", data, "2024-09-24") == ["C2", "C3", "C4"]


# AL08. A plan started Mon 2 Sep 2024 is due for escalation 15 months on, Tue 2 Dec 2025.


def test_a_cp_plan_is_raised_from_the_day_after_it_is_15_months_old(engine: Engine) -> None:
    data = council_data(engine, cp_plan("C1", start="2024-09-02", id="CPP1"))
    assert overdue_by("AL08", data, "2025-12-01") == []
    assert overdue_by("AL08", data, "2025-12-02") == []  # exactly 15 months old
    assert raised("AL08", data, "2025-12-03").select("due", "days_overdue", "detail").rows() == [
        (dt.date(2025, 12, 2), 1, "plan CPP1 started 2024-09-02")
    ]


def test_fifteen_months_from_the_end_of_november_is_the_end_of_february(engine: Engine) -> None:
    # 30 Nov 2023 + 15 months is February 2025, which has no 30th: Fri 28 Feb 2025.
    data = council_data(engine, cp_plan("C1", start="2023-11-30"))
    assert overdue_by("AL08", data, "2025-02-28") == []
    assert overdue_by("AL08", data, "2025-03-01") == [1]


def test_a_long_plan_ending_on_d_is_still_open_and_one_ended_before_d_is_not(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-01-08", end="2025-06-02"),  # due Tue 8 Apr 2025; ends on D
        cp_plan("C2", start="2024-01-08", end="2025-06-01"),  # ended the day before D
    )
    # From Tue 8 Apr to Mon 2 Jun 2025: 22 + 31 + 2 = 55 days.
    assert raised("AL08", data, "2025-06-02").select("person_id", "days_overdue").rows() == [("C1", 55)]


# AL09. C1's first plan ended Fri 1 Mar 2024; a new plan from Mon 3 Mar 2025 is within 2 years of it.


def test_a_repeat_plan_within_two_years_is_raised_from_the_day_after_it_starts(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2022-09-05", end="2024-03-01", id="CPP1"),
        cp_plan("C1", start="2025-03-03", id="CPP2"),
        allocation("C1", "W1", start="2025-02-17"),
    )
    assert overdue_by("AL09", data, "2025-03-02") == []  # the new plan has not started
    assert overdue_by("AL09", data, "2025-03-03") == []  # the day it starts
    alert = raised("AL09", data, "2025-03-04")
    assert alert.select("worker_id", "due", "days_overdue", "detail").rows() == [
        ("W1", dt.date(2025, 3, 3), 1, "plan CPP2 started 2025-03-03, previous plan ended 2024-03-01")
    ]


def test_two_years_after_29_february_is_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        # Both previous plans ended Thu 29 Feb 2024; two years on is Sat 28 Feb 2026.
        cp_plan("C1", start="2023-06-05", end="2024-02-29"),
        cp_plan("C1", start="2026-02-28"),  # on the last day of the 2 years: a repeat
        cp_plan("C2", start="2023-06-05", end="2024-02-29"),
        cp_plan("C2", start="2026-03-01"),  # a day later: not a repeat
    )
    assert children("AL09", data, "2026-03-02") == ["C1"]


def test_only_an_ended_plan_makes_a_plan_a_repeat(engine: Engine) -> None:
    data = council_data(
        engine,
        # C1's first plan ended on the day the second began: the record says it ended.
        cp_plan("C1", start="2024-01-08", end="2024-09-02"),
        cp_plan("C1", start="2024-09-02"),
        # C2's earlier plan is still open: the new one overlaps it rather than repeating it.
        cp_plan("C2", start="2024-01-08"),
        cp_plan("C2", start="2024-09-02"),
        # C3's earlier plan ended after the new one began.
        cp_plan("C3", start="2024-01-08", end="2024-09-06"),
        cp_plan("C3", start="2024-09-02"),
        # C4 has one plan only.
        cp_plan("C4", start="2024-09-02"),
    )
    assert children("AL09", data, "2024-09-10") == ["C1"]


def test_a_repeat_plan_that_has_ended_raises_nothing(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2023-01-09", end="2023-12-01"),
        cp_plan("C1", start="2024-06-03", end="2025-01-31"),
    )
    assert overdue_by("AL09", data, "2025-01-31") == [242]  # 3 Jun 2024 to 31 Jan 2025; open on D
    assert overdue_by("AL09", data, "2025-02-01") == []


# Nothing to raise, and many moments at once.


def test_a_child_whose_protection_work_is_in_time_raises_nothing(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-09-20", s47_id="S1"),  # within 15 working days
        cp_plan("C1", start="2024-09-20"),  # 15 months old on 20 Dec 2025
        cp_plan("C2", start="2021-01-04", end="2022-03-01"),  # the previous plan ended over 2 years ago
        cp_plan("C2", start="2024-05-01"),
    )
    assert open_alerts(data, dt.date(2025, 3, 31), Settings(), CODES).height == 0


def test_child_protection_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        s47("C1", start="2024-09-02", id="S1"),
        icpc("C1", date="2024-10-14", s47_id="S1"),
        cp_plan("C1", start="2024-10-14", end="2025-04-30"),
        cp_plan("C2", start="2023-07-03", end="2024-01-31"),
        cp_plan("C2", start="2024-11-04"),
        cp_plan("C3", start="2023-09-04"),  # 15 months old on 4 Dec 2024
        s47("C3", start="2024-12-02") | {"s47_outcome": None},
    )
    days = [dt.date(2024, 9, 2) + dt.timedelta(days=n) for n in range(0, 240, 6)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), CODES)
    assert set(together["code"]) == set(CODES)  # each alert is raised on some day
    for moment in days:
        one = open_alerts(data, moment, Settings(), CODES)
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
    # Each child judged only at their own moments: C2 on a day C3 also has alerts.
    mine = pl.DataFrame({"person_id": ["C2"], "as_at": [dt.date(2024, 12, 7)]})
    assert open_alerts_at(data, mine, Settings(), CODES).select("code", "person_id").rows() == [
        ("AL09", "C2")
    ]
    assert set(together.filter(pl.col("as_at") == dt.date(2024, 12, 7))["person_id"]) == {"C2", "C3"}
