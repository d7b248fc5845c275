"""The child alerts AL01, AL03, AL04, AL06 and AL07: raised the day after the work fell due, not on the
due day, for the child's allocated worker and team; and never for a child whose work is in time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.alerts import open_alerts
from lineofsight.settings import Settings
from tests.alerts.raising import overdue_by, raised
from tests.builders import (
    allocation,
    assessment,
    cin_plan,
    cla_episode,
    cla_review,
    council_data,
    cp_plan,
    cp_review,
    icpc,
    visit,
)

# AL01. An assessment started Mon 2 Sep 2024 is due on the 45th working day after: Mon 4 Nov 2024.


def test_an_assessment_is_overdue_from_the_day_after_its_45th_working_day(engine: Engine) -> None:
    data = council_data(engine, assessment("C1", start="2024-09-02"))
    assert overdue_by("AL01", data, "2024-11-03") == []
    assert overdue_by("AL01", data, "2024-11-04") == []  # the due day: still in time
    assert overdue_by("AL01", data, "2024-11-05") == [1]
    assert raised("AL01", data, "2024-11-05")["due"].to_list() == [dt.date(2024, 11, 4)]


def test_an_assessment_authorised_on_d_is_still_open_on_d(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02", authorised="2024-11-05"),  # authorised on D: open on D
        assessment("C2", start="2024-09-02", authorised="2024-11-04"),  # authorised on the due day
    )
    assert raised("AL01", data, "2024-11-05")["person_id"].to_list() == ["C1"]
    assert raised("AL01", data, "2024-11-06")["person_id"].to_list() == []


def test_bank_holidays_push_the_assessment_s_due_date_on(engine: Engine) -> None:
    # From Mon 2 Dec 2024, 45 working days skip 25 and 26 December and 1 January: Thu 6 Feb 2025.
    data = council_data(engine, assessment("C1", start="2024-12-02"))
    assert overdue_by("AL01", data, "2025-02-06") == []
    assert overdue_by("AL01", data, "2025-02-07") == [1]


def test_an_unallocated_child_s_assessment_keeps_its_own_team_and_worker(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2024-09-02") | {"team_id": "T7", "worker_id": "W7"},
        assessment("C2", start="2024-09-02") | {"team_id": "T7", "worker_id": "W7"},
        allocation("C2", "W1", start="2024-09-02"),
    )
    rows = raised("AL01", data, "2024-11-05").select("person_id", "team_id", "worker_id").rows()
    assert rows == [("C1", "T7", "W7"), ("C2", "T1", "W1")]


# AL03. A CP plan visited on Mon 10 Mar 2025: the next visit is due 10 working days on, Mon 24 Mar.


def test_a_cp_visit_is_overdue_from_the_day_after_its_10th_working_day(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2025-03-03"),
        visit("C1", "2025-03-10", kind="cp"),
        allocation("C1", "W1", start="2025-03-03"),
    )
    assert overdue_by("AL03", data, "2025-03-23") == []
    assert overdue_by("AL03", data, "2025-03-24") == []
    alert = raised("AL03", data, "2025-03-25")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue").rows() == [
        ("C1", "W1", "T1", dt.date(2025, 3, 24), 1)
    ]


def test_with_no_visit_the_cp_plan_s_start_sets_the_clock(engine: Engine) -> None:
    # From Mon 3 Mar 2025, 10 working days is Mon 17 Mar.
    data = council_data(engine, cp_plan("C1", start="2025-03-03"))
    assert overdue_by("AL03", data, "2025-03-17") == []
    assert overdue_by("AL03", data, "2025-03-18") == [1]


def test_visits_that_did_not_see_the_child_came_before_the_plan_or_after_d_do_not_count(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        visit("C1", "2025-02-28", kind="cp"),  # before the plan started
        cp_plan("C1", start="2025-03-03"),
        visit("C1", "2025-03-12", kind="cp", seen=False),  # the child was not seen
        visit("C1", "2025-03-14", kind="cin"),  # not a CP visit
        visit("C1", "2025-03-19", kind="cp"),  # after the as-at date below
    )
    alert = raised("AL03", data, "2025-03-18")
    assert alert.select("due", "detail").rows() == [
        (dt.date(2025, 3, 17), "plan CPP-C1-2025-03-03 started 2025-03-03, no visit since")
    ]


def test_a_cp_plan_ending_on_d_is_still_open_and_the_visit_interval_is_a_setting(engine: Engine) -> None:
    data = council_data(engine, cp_plan("C1", start="2025-03-03", end="2025-03-18"))
    assert overdue_by("AL03", data, "2025-03-18") == [1]
    assert overdue_by("AL03", data, "2025-03-19") == []  # the plan has ended
    fortnightly_and_a_week = Settings(cp_visit_interval_working_days=15)
    assert raised("AL03", data, "2025-03-18", fortnightly_and_a_week).height == 0


# AL04. A CIN plan started Mon 6 Jan 2025 with no visit: due 20 working days on, Mon 3 Feb.


def test_a_cin_visit_is_overdue_from_the_day_after_its_20th_working_day(engine: Engine) -> None:
    data = council_data(engine, cin_plan("C1", start="2025-01-06"))
    assert overdue_by("AL04", data, "2025-02-02") == []
    assert overdue_by("AL04", data, "2025-02-03") == []
    assert overdue_by("AL04", data, "2025-02-04") == [1]


def test_a_cin_visit_restarts_the_clock(engine: Engine) -> None:
    # Visited Mon 3 Feb 2025: the next is due Mon 3 Mar.
    data = council_data(engine, cin_plan("C1", start="2025-01-06"), visit("C1", "2025-02-03", kind="cin"))
    assert overdue_by("AL04", data, "2025-02-04") == []
    assert overdue_by("AL04", data, "2025-03-03") == []
    assert overdue_by("AL04", data, "2025-03-04") == [1]


# AL06. An ICPC on Sat 30 Nov 2024 (a made-up weekend date for the month-end): first review due
# 3 months on, which from 30 November is the last day of February, Fri 28 Feb 2025.


def test_the_first_cp_review_is_due_three_calendar_months_after_the_conference(engine: Engine) -> None:
    data = council_data(
        engine,
        icpc("C1", date="2024-11-30", id="IC1"),
        cp_plan("C1", start="2024-12-02", id="CPP1") | {"icpc_id": "IC1"},
    )
    assert overdue_by("AL06", data, "2025-02-27") == []
    assert overdue_by("AL06", data, "2025-02-28") == []
    assert overdue_by("AL06", data, "2025-03-01") == [1]


def test_without_a_conference_the_plan_s_start_sets_the_first_review(engine: Engine) -> None:
    data = council_data(engine, cp_plan("C1", start="2024-12-02", id="CPP1"))
    assert overdue_by("AL06", data, "2025-03-02") == []
    assert overdue_by("AL06", data, "2025-03-03") == [1]


def test_later_cp_reviews_are_due_six_months_after_the_last_one_held_by_d(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-06-03", id="CPP1"),
        cp_review("C1", plan="CPP1", date="2024-08-20"),  # early: the next is due 20 February 2025
        cp_review("C1", plan="CPP1", date="2025-02-25"),  # held late, after the dates below
    )
    assert overdue_by("AL06", data, "2025-02-20") == []
    assert overdue_by("AL06", data, "2025-02-21") == [1]
    assert overdue_by("AL06", data, "2025-02-24") == [4]
    assert overdue_by("AL06", data, "2025-02-25") == []  # held on D


# AL07. A period of care from Mon 2 Sep 2024: first review due 20 working days on, Mon 30 Sep 2024.


def test_the_first_cla_review_is_due_20_working_days_after_coming_into_care(engine: Engine) -> None:
    data = council_data(engine, cla_episode("C1", start="2024-09-02", id="E1"))
    assert overdue_by("AL07", data, "2024-09-29") == []
    assert overdue_by("AL07", data, "2024-09-30") == []
    assert overdue_by("AL07", data, "2024-10-01") == [1]


def test_the_second_cla_review_is_due_three_months_after_the_first(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        cla_review("C1", "2024-09-27", episode="E1"),  # the second is due 27 December 2024
    )
    assert overdue_by("AL07", data, "2024-12-27") == []
    assert overdue_by("AL07", data, "2024-12-28") == [1]


def test_later_cla_reviews_are_due_six_months_after_the_one_before(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        cla_review("C1", "2024-09-27", episode="E1"),
        cla_review("C1", "2024-12-20", episode="E1"),  # the third is due 20 June 2025
    )
    assert overdue_by("AL07", data, "2025-06-20") == []
    assert overdue_by("AL07", data, "2025-06-21") == [1]


def test_a_child_who_comes_back_into_care_starts_the_reviews_again(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-01-08", ceased="2024-06-28", id="E1"),
        cla_review("C1", "2024-02-02", episode="E1"),
        cla_review("C1", "2024-05-01", episode="E1"),
        cla_episode("C1", start="2024-09-02", id="E2"),
    )
    # The reviews in the first period do not count: a first review is due by 30 September 2024.
    assert overdue_by("AL07", data, "2024-09-30") == []
    assert raised("AL07", data, "2024-10-01").select("due", "days_overdue").rows() == [
        (dt.date(2024, 9, 30), 1)
    ]


# Nothing overdue.


def test_a_child_whose_work_is_in_time_raises_nothing(engine: Engine) -> None:
    data = council_data(
        engine,
        assessment("C1", start="2025-02-03"),  # due Mon 7 April 2025
        icpc("C1", date="2025-01-06", id="IC1"),
        cp_plan("C1", start="2025-01-06", id="CPP1") | {"icpc_id": "IC1"},  # first review due 6 April
        visit("C1", "2025-03-28", kind="cp"),  # next visit due Fri 11 April
        cin_plan("C2", start="2025-03-03"),  # first visit due Mon 31 March
        cla_episode("C3", start="2024-06-03", id="E3"),
        cla_review("C3", "2024-06-28", episode="E3"),
        cla_review("C3", "2024-09-27", episode="E3"),  # next due 27 March 2025 ...
        cla_review("C3", "2025-03-26", episode="E3"),  # ... held the day before
    )
    # The alerts of this module only: C3 has no visits or health assessments, which others would raise.
    mine = ("AL01", "AL03", "AL04", "AL06", "AL07")
    assert open_alerts(data, dt.date(2025, 3, 31), Settings(), mine).height == 0
