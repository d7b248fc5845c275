"""The looked-after alerts AL05, AL14, AL15, AL20 and AL21: raised the day after the work fell due, for
the child's allocated worker and team; never for a child whose work is in time; and the same at many
moments as at each date.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts, open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.alerts.raising import overdue_by, raised
from tests.builders import (
    Day,
    allocation,
    care_placement,
    cla_episode,
    council_data,
    health_assessment,
    missing_episode,
    pep,
    person,
    visit,
)

CODES = ("AL05", "AL14", "AL15", "AL20", "AL21")


def details(code: str, data: CouncilData, as_at: Day) -> list[tuple[dt.date, str]]:
    return raised(code, data, as_at).select("due", "detail").rows()


# AL05. A placement starting Mon 3 Mar 2025 needs a visit within a week: by Mon 10 Mar.


def test_a_new_placement_not_visited_within_a_week_is_overdue_from_the_eighth_day(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2025-03-03", id="E1"),
        care_placement("C1", start="2025-03-03", episode="E1", id="PL1"),
        allocation("C1", "W1", start="2025-03-03"),
    )
    assert overdue_by("AL05", data, "2025-03-09") == []
    assert overdue_by("AL05", data, "2025-03-10") == []  # the seventh day: still in time
    alert = raised("AL05", data, "2025-03-11")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", "T1", dt.date(2025, 3, 10), 1, "placement PL1 started 2025-03-03, not visited since")
    ]


def test_after_a_visit_the_next_is_due_six_weeks_later(engine: Engine) -> None:
    # Visited Mon 17 Mar 2025: 6 weeks (42 days) on is Mon 28 Apr.
    data = council_data(
        engine,
        cla_episode("C1", start="2025-03-03", id="E1"),
        care_placement("C1", start="2025-03-03", episode="E1", id="PL1"),
        visit("C1", "2025-03-03", kind="cla"),  # on the placement's first day: within the week
        visit("C1", "2025-03-17", kind="cla"),
    )
    assert overdue_by("AL05", data, "2025-04-27") == []
    assert overdue_by("AL05", data, "2025-04-28") == []
    assert details("AL05", data, "2025-04-29") == [
        (dt.date(2025, 4, 28), "placement PL1 started 2025-03-03, last visited 2025-03-17")
    ]


def test_a_late_first_visit_ends_the_first_week_s_alert_and_starts_the_six_weeks(engine: Engine) -> None:
    # Due by Mon 10 Mar 2025, visited on Thu 13 Mar: the next visit is due 6 weeks on, Thu 24 Apr.
    data = council_data(
        engine,
        cla_episode("C1", start="2025-03-03", id="E1"),
        care_placement("C1", start="2025-03-03", episode="E1"),
        visit("C1", "2025-03-13", kind="cla"),
    )
    assert overdue_by("AL05", data, "2025-03-12") == [2]  # the visit is after D: not known yet
    assert overdue_by("AL05", data, "2025-03-13") == []
    assert overdue_by("AL05", data, "2025-04-24") == []
    assert overdue_by("AL05", data, "2025-04-25") == [1]


def test_a_move_restarts_the_clock_and_earlier_or_unseen_visits_do_not_count(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        care_placement("C1", start="2024-09-02", end="2025-03-03", episode="E1", id="PL1"),
        visit("C1", "2025-02-28", kind="cla"),  # in the first placement
        care_placement("C1", start="2025-03-03", episode="E1", id="PL2"),  # moved on Mon 3 Mar 2025
        visit("C1", "2025-03-05", kind="cla", seen=False),  # the child was not seen
        visit("C1", "2025-03-06", kind="cp"),  # not a looked-after child's visit
        visit("C1", "2025-03-12", kind="cla"),  # after the dates below
    )
    # On Mon 3 Mar both placements are open; the child lives in the one that started last.
    assert overdue_by("AL05", data, "2025-03-03") == []
    assert overdue_by("AL05", data, "2025-03-10") == []
    assert details("AL05", data, "2025-03-11") == [
        (dt.date(2025, 3, 10), "placement PL2 started 2025-03-03, not visited since")
    ]


def test_a_long_term_placement_is_visited_three_monthly_after_its_first_year(engine: Engine) -> None:
    # Placements from Mon 4 Mar 2024; each child visited Mon 3 Mar 2025. The long-term placement is a
    # year old from Tue 4 Mar 2025, so the next visit is due 3 months on, Tue 3 Jun 2025. The other
    # placement, and a long-term one still in its first year, are due 6 weeks on, Mon 14 Apr 2025.
    data = council_data(
        engine,
        cla_episode("C1", start="2024-03-04", id="E1"),
        care_placement("C1", start="2024-03-04", episode="E1", long_term=True, id="PL1"),
        visit("C1", "2025-03-03", kind="cla"),
        cla_episode("C2", start="2024-03-04", id="E2"),
        care_placement("C2", start="2024-03-04", episode="E2", id="PL2"),
        visit("C2", "2025-03-03", kind="cla"),
        cla_episode("C3", start="2024-03-04", id="E3"),
        care_placement("C3", start="2024-09-02", episode="E3", long_term=True, id="PL3"),
        visit("C3", "2025-03-03", kind="cla"),
    )
    assert raised("AL05", data, "2025-04-13").height == 0
    assert raised("AL05", data, "2025-04-14").height == 0
    assert raised("AL05", data, "2025-04-15")["person_id"].to_list() == ["C2", "C3"]
    assert overdue_by("AL05", data, "2025-06-02") == [49, 49]
    assert overdue_by("AL05", data, "2025-06-03") == [50, 50]  # 14 April to 3 June: 16 + 31 + 3 days
    assert details("AL05", data, "2025-06-04")[-1] == (  # by due date: C1's is the latest
        dt.date(2025, 6, 3),
        "placement PL1 started 2024-03-04, long-term, last visited 2025-03-03",
    )


def test_the_long_term_interval_is_the_one_in_force_at_d(engine: Engine) -> None:
    # Visited Mon 6 Jan 2025 in a long-term placement from Mon 4 Mar 2024: 6 weeks on is Mon 17 Feb,
    # so the visit is late on Mon 3 Mar; from Tue 4 Mar the placement is a year old and the next visit
    # is due 3 months after the last, Sun 6 Apr 2025.
    data = council_data(
        engine,
        cla_episode("C1", start="2024-03-04", id="E1"),
        care_placement("C1", start="2024-03-04", episode="E1", long_term=True),
        visit("C1", "2025-01-06", kind="cla"),
    )
    assert overdue_by("AL05", data, "2025-03-03") == [14]
    assert overdue_by("AL05", data, "2025-03-04") == []
    assert overdue_by("AL05", data, "2025-04-07") == [1]


def test_only_children_looked_after_at_d_are_visited_and_a_gap_in_placements_uses_the_period(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        # Left care on Tue 11 Mar 2025: looked after that day, not the next.
        cla_episode("C1", start="2025-03-03", ceased="2025-03-11", id="E1"),
        care_placement("C1", start="2025-03-03", end="2025-03-11", episode="E1"),
        # Looked after from Mon 3 Mar 2025 with no placement recorded: a visit by Mon 10 Mar.
        cla_episode("C2", start="2025-03-03", id="E2"),
    )
    assert raised("AL05", data, "2025-03-11")["person_id"].to_list() == ["C1", "C2"]
    assert details("AL05", data, "2025-03-12") == [
        (dt.date(2025, 3, 10), "looked after since 2025-03-03 with no placement recorded, not visited since")
    ]


# AL14. Back at 10:00 on Mon 3 Mar 2025: the interview is due by 10:00 on Thu 6 Mar, raised from Fri 7 Mar.


def test_a_return_with_no_interview_offered_is_raised_the_day_after_the_72_hours_end(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode("C1", start="2025-03-02T20:00", end="2025-03-03T10:00", id="MI1"),
        allocation("C1", "W1", start="2024-09-02"),
    )
    assert overdue_by("AL14", data, "2025-03-05") == []
    assert overdue_by("AL14", data, "2025-03-06") == []  # the 72 hours end during D
    alert = raised("AL14", data, "2025-03-07")
    assert alert.select("person_id", "worker_id", "due", "days_overdue", "detail").rows() == [
        (
            "C1",
            "W1",
            dt.date(2025, 3, 6),
            1,
            "missing episode MI1 ended 2025-03-03 10:00, no interview offered",
        )
    ]


def test_an_interview_offered_within_72_hours_to_the_minute_is_in_time(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode(
            "C1", start="2025-03-02T20:00", end="2025-03-03T10:00", rhi_offered="2025-03-06T10:00"
        ),
        missing_episode(
            "C2", start="2025-03-02T20:00", end="2025-03-03T10:00", rhi_offered="2025-03-06T10:01"
        ),
    )
    assert raised("AL14", data, "2025-03-07")["person_id"].to_list() == ["C2"]


def test_a_late_offer_does_not_end_the_alert_and_is_not_known_before_it_is_made(engine: Engine) -> None:
    data = council_data(
        engine,
        missing_episode(
            "C1", start="2025-03-02T20:00", end="2025-03-03T10:00", rhi_offered="2025-03-10T09:00", id="MI1"
        ),
    )
    assert details("AL14", data, "2025-03-07") == [
        (dt.date(2025, 3, 6), "missing episode MI1 ended 2025-03-03 10:00, no interview offered")
    ]
    assert details("AL14", data, "2025-03-10") == [
        (
            dt.date(2025, 3, 6),
            "missing episode MI1 ended 2025-03-03 10:00, interview offered late, 2025-03-10 09:00",
        )
    ]


def test_a_return_is_raised_while_it_is_in_the_30_days_to_d(engine: Engine) -> None:
    # Back on 3 Mar 2025: in the 30 days to D while D − 30 days is before 3 March, up to Tue 1 Apr
    # (26 days after the due date, 6 March).
    data = council_data(engine, missing_episode("C1", start="2025-03-02T20:00", end="2025-03-03T10:00"))
    assert overdue_by("AL14", data, "2025-04-01") == [26]
    assert overdue_by("AL14", data, "2025-04-02") == []


def test_72_hours_from_midnight_end_at_the_start_of_d_and_are_not_past(engine: Engine) -> None:
    # Back at 00:00 on Tue 4 Mar 2025: the 72 hours end at 00:00 on Fri 7 Mar, when D begins.
    # Back at 23:30 on Mon 3 Mar: they end at 23:30 on Thu 6 Mar, before Fri 7 Mar begins.
    data = council_data(
        engine,
        missing_episode("C1", start="2025-03-03T20:00", end="2025-03-04T00:00"),
        missing_episode("C2", start="2025-03-03T20:00", end="2025-03-03T23:30", type="away"),
    )
    assert raised("AL14", data, "2025-03-07")["person_id"].to_list() == ["C2"]
    assert raised("AL14", data, "2025-03-08")["person_id"].to_list() == ["C2", "C1"]  # by due date


def test_a_child_still_missing_raises_nothing(engine: Engine) -> None:
    data = council_data(engine, missing_episode("C1", start="2025-03-01T20:00", end=None))
    assert overdue_by("AL14", data, "2025-03-20") == []


# AL15. Temporarily approved Mon 6 Jan 2025: 16 weeks (112 days) on is Mon 28 Apr 2025.


def test_a_connected_carer_is_past_temporary_approval_the_day_after_16_weeks(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2025-01-06", id="E1"),
        care_placement(
            "C1", start="2025-01-06", episode="E1", type="U4", temporary_approval="2025-01-06", id="PL1"
        ),
        allocation("C1", "W1", start="2025-01-06"),
    )
    assert overdue_by("AL15", data, "2025-04-27") == []
    assert overdue_by("AL15", data, "2025-04-28") == []
    alert = raised("AL15", data, "2025-04-29")
    assert alert.select("person_id", "worker_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", dt.date(2025, 4, 28), 1, "placement PL1 temporarily approved 2025-01-06")
    ]


def test_an_extension_recorded_by_d_allows_24_weeks(engine: Engine) -> None:
    # 24 weeks (168 days) from Mon 6 Jan 2025 is Mon 23 Jun 2025.
    data = council_data(
        engine,
        care_placement(
            "C1",
            start="2025-01-06",
            episode="E1",
            temporary_approval="2025-01-06",
            extension="2025-04-30",  # recorded two days late
            id="PL1",
        ),
        cla_episode("C1", start="2025-01-06", id="E1"),
    )
    assert overdue_by("AL15", data, "2025-04-29") == [1]  # the extension is not known yet
    assert overdue_by("AL15", data, "2025-04-30") == []
    assert overdue_by("AL15", data, "2025-06-23") == []
    assert details("AL15", data, "2025-06-24") == [
        (dt.date(2025, 6, 23), "placement PL1 temporarily approved 2025-01-06, extended 2025-04-30")
    ]


def test_full_approval_or_the_placement_s_end_takes_the_carer_off_the_list(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2025-01-06", id="E1"),
        care_placement(
            "C1",
            start="2025-01-06",
            episode="E1",
            temporary_approval="2025-01-06",
            full_approval="2025-05-05",
        ),
        cla_episode("C2", start="2025-01-06", id="E2"),
        care_placement(
            "C2", start="2025-01-06", end="2025-05-02", episode="E2", temporary_approval="2025-01-06"
        ),
        cla_episode("C3", start="2025-01-06", id="E3"),
        care_placement("C3", start="2025-01-06", episode="E3"),  # not a connected person
    )
    assert raised("AL15", data, "2025-05-02")["person_id"].to_list() == ["C1", "C2"]  # ending on D: open
    assert raised("AL15", data, "2025-05-04")["person_id"].to_list() == ["C1"]
    assert raised("AL15", data, "2025-05-05")["person_id"].to_list() == []  # approved on D


# AL20. Looked after from Mon 2 Sep 2024: the initial assessment is due 20 working days on, Mon 30 Sep.


def test_an_initial_health_assessment_is_due_20_working_days_after_coming_into_care(engine: Engine) -> None:
    data = council_data(engine, cla_episode("C1", start="2024-09-02", id="E1"), allocation("C1", "W1"))
    assert overdue_by("AL20", data, "2024-09-29") == []
    assert overdue_by("AL20", data, "2024-09-30") == []
    alert = raised("AL20", data, "2024-10-01")
    assert alert.select("person_id", "worker_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", dt.date(2024, 9, 30), 1, "looked after since 2024-09-02, no health assessment yet")
    ]


def test_the_initial_assessment_is_met_only_by_one_in_the_current_period_known_at_d(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2023-01-09", ceased="2024-06-28", id="E1"),
        health_assessment("C1", "2023-01-20", kind="initial"),  # the earlier period's
        cla_episode("C1", start="2024-09-02", id="E2"),
        health_assessment("C1", "2024-09-10", kind="dental"),  # not a health assessment
        health_assessment("C1", "2024-10-02", kind="initial"),  # after D
    )
    assert details("AL20", data, "2024-10-01") == [
        (dt.date(2024, 9, 30), "looked after since 2024-09-02, no health assessment yet")
    ]
    assert overdue_by("AL20", data, "2024-10-02") == []


def test_a_child_whose_first_assessment_in_the_period_is_recorded_as_a_review_has_had_one(
    engine: Engine,
) -> None:
    # Long in care, with only yearly reviews on record; reviewed Mon 2 Sep 2024, next due Tue 2 Sep 2025.
    data = council_data(
        engine,
        cla_episode("C1", start="2012-05-14", id="E1"),
        health_assessment("C1", "2023-08-29", kind="review"),
        health_assessment("C1", "2024-09-02", kind="review"),
    )
    assert overdue_by("AL20", data, "2025-09-02") == []
    assert details("AL20", data, "2025-09-03") == [(dt.date(2025, 9, 2), "last health assessment 2024-09-02")]


def test_the_next_health_assessment_is_due_12_months_after_the_latest(engine: Engine) -> None:
    # Initial Fri 20 Sep 2024, review Wed 10 Sep 2025: the next is due Thu 10 Sep 2026.
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        health_assessment("C1", "2024-09-20", kind="initial"),
        health_assessment("C1", "2025-09-10", kind="review"),
    )
    assert overdue_by("AL20", data, "2025-09-21") == []  # 12 months after the initial, but reviewed since
    assert overdue_by("AL20", data, "2026-09-09") == []
    assert overdue_by("AL20", data, "2026-09-10") == []
    assert details("AL20", data, "2026-09-11") == [
        (dt.date(2026, 9, 10), "last health assessment 2025-09-10")
    ]


def test_a_child_under_5_is_assessed_6_monthly_until_their_fifth_birthday(engine: Engine) -> None:
    # Both assessed on Fri 20 Sep 2024: 6 months on is Thu 20 Mar 2025. C2 turns 5 on Tue 15 Apr 2025,
    # when 12 months apply and the next is due Sat 20 Sep 2025.
    data = council_data(
        engine,
        person("C1", dob="2022-01-10"),
        cla_episode("C1", start="2024-09-02", id="E1"),
        health_assessment("C1", "2024-09-20", kind="initial"),
        person("C2", dob="2020-04-15"),
        cla_episode("C2", start="2024-09-02", id="E2"),
        health_assessment("C2", "2024-09-20", kind="initial"),
    )
    assert raised("AL20", data, "2025-03-19").height == 0
    assert raised("AL20", data, "2025-03-20").height == 0
    assert raised("AL20", data, "2025-03-21").select("person_id", "due", "days_overdue").rows() == [
        ("C1", dt.date(2025, 3, 20), 1),
        ("C2", dt.date(2025, 3, 20), 1),
    ]
    assert (
        raised("AL20", data, "2025-04-14")["detail"].to_list()
        == ["last health assessment 2024-09-20, under 5"] * 2
    )
    assert raised("AL20", data, "2025-04-15")["person_id"].to_list() == ["C1"]


# AL21. A child aged 9 (born 1 Jun 2015), looked after from Mon 2 Sep 2024.


def test_a_pep_review_is_due_4_months_after_the_last(engine: Engine) -> None:
    # Reviewed Mon 14 Oct 2024: the next is due Fri 14 Feb 2025.
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        pep("C1", "2024-10-14"),
        allocation("C1", "W1", start="2024-09-02"),
    )
    assert overdue_by("AL21", data, "2025-02-13") == []
    assert overdue_by("AL21", data, "2025-02-14") == []
    alert = raised("AL21", data, "2025-02-15")
    assert alert.select("person_id", "worker_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", dt.date(2025, 2, 14), 1, "last PEP review 2024-10-14")
    ]


def test_with_no_pep_the_period_s_start_sets_the_clock_and_earlier_periods_do_not_count(
    engine: Engine,
) -> None:
    # From Mon 2 Sep 2024, 4 months on is Thu 2 Jan 2025.
    data = council_data(
        engine,
        cla_episode("C1", start="2023-01-09", ceased="2024-06-28", id="E1"),
        pep("C1", "2024-05-20"),  # in the earlier period
        cla_episode("C1", start="2024-09-02", id="E2"),
        pep("C1", "2025-01-06"),  # after the dates below
    )
    assert overdue_by("AL21", data, "2025-01-02") == []
    assert details("AL21", data, "2025-01-03") == [
        (dt.date(2025, 1, 2), "looked after at school age since 2024-09-02, no PEP yet")
    ]


def test_a_child_coming_of_school_age_in_care_is_due_a_pep_4_months_after_starting_year_1(
    engine: Engine,
) -> None:
    # C1 turns 5 on Tue 20 Aug 2024, so is of school age from Sun 1 Sep 2024: a PEP is due by Wed 1 Jan
    # 2025. C2 turns 5 on Sun 1 Sep 2024, was 4 on 31 August, and starts year 1 in September 2025.
    data = council_data(
        engine,
        person("C1", dob="2019-08-20"),
        cla_episode("C1", start="2023-01-09", id="E1"),
        person("C2", dob="2019-09-01"),
        cla_episode("C2", start="2023-01-09", id="E2"),
    )
    assert overdue_by("AL21", data, "2024-08-31") == []
    assert overdue_by("AL21", data, "2025-01-01") == []
    assert details("AL21", data, "2025-01-02") == [
        (dt.date(2025, 1, 1), "looked after at school age since 2024-09-01, no PEP yet")
    ]


def test_school_age_ends_after_year_11(engine: Engine) -> None:
    # In the school year from 1 Sep 2024, C1 (born 31 Aug 2008) was 16 on 31 August: past year 11.
    # C2 (born 1 Sep 2008) was 15 that day: in year 11, with a PEP due 4 months after 2 Sep 2024.
    data = council_data(
        engine,
        person("C1", dob="2008-08-31"),
        cla_episode("C1", start="2024-09-02", id="E1"),
        person("C2", dob="2008-09-01"),
        cla_episode("C2", start="2024-09-02", id="E2"),
    )
    assert raised("AL21", data, "2025-01-03")["person_id"].to_list() == ["C2"]


# Nothing overdue, and many moments.


def test_a_looked_after_child_whose_work_is_in_time_raises_nothing(engine: Engine) -> None:
    # As at Mon 31 Mar 2025, for a child looked after from Mon 2 Sep 2024 in a connected carer's home:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        care_placement(
            "C1",
            start="2024-09-02",
            episode="E1",
            temporary_approval="2024-09-02",
            extension="2024-12-20",  # 24 weeks: approval lasts to Mon 17 Feb 2025 ...
            full_approval="2025-02-10",  # ... and full approval came before
        ),
        visit("C1", "2025-03-03", kind="cla"),  # next visit due Mon 14 April
        health_assessment("C1", "2024-09-25", kind="initial"),  # next due 25 Sep 2025
        pep("C1", "2025-01-15"),  # next due 15 May 2025
        missing_episode(
            "C1", start="2025-03-20T21:00", end="2025-03-21T08:00", rhi_offered="2025-03-22T11:00"
        ),
    )
    assert open_alerts(data, dt.date(2025, 3, 31), Settings(), CODES).height == 0


def test_the_looked_after_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        cla_episode("C1", start="2024-09-02", id="E1"),
        care_placement("C1", start="2024-09-02", end="2024-12-02", episode="E1"),
        care_placement("C1", start="2024-12-02", episode="E1", temporary_approval="2024-12-02"),
        visit("C1", "2024-09-06", kind="cla"),
        visit("C1", "2024-12-20", kind="cla"),
        health_assessment("C1", "2024-10-07", kind="initial"),
        pep("C1", "2024-11-04"),
        missing_episode("C1", start="2025-01-10T20:00", end="2025-01-11T09:00"),
        person("C2", dob="2021-05-05"),
        cla_episode("C2", start="2024-10-07", ceased="2025-02-14", id="E2"),
        care_placement("C2", start="2024-10-07", end="2025-02-14", episode="E2"),
        missing_episode(
            "C3", start="2024-11-01T20:00", end="2024-11-02T09:00", rhi_offered="2024-11-08T10:00"
        ),
    )
    days = [dt.date(2024, 9, 2) + dt.timedelta(days=n) for n in range(0, 240, 6)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), CODES)
    assert set(together["code"]) == set(CODES)  # every alert has something to agree about
    for each in days:
        one = open_alerts(data, each, Settings(), CODES)
        assert together.filter(pl.col("as_at") == each).drop("as_at").equals(one), each
    # Each child judged only at their own moments.
    mine = pl.DataFrame({"person_id": ["C2", "C3"], "as_at": [dt.date(2024, 11, 12), dt.date(2024, 11, 12)]})
    found = open_alerts_at(data, mine, Settings(), CODES)
    assert found.select("code", "person_id").rows() == [("AL05", "C2"), ("AL14", "C3"), ("AL20", "C2")]
