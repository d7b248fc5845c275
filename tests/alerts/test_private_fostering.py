"""AL16, private fostering visit overdue: the first visit 7 working days after the notification, then
every 6 weeks in the arrangement's first year and every 12 weeks after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import REGISTRY, open_alerts, open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.builders import Day, Row, allocation, council_data, day, private_fostering, visit, worker


def raised(data: CouncilData, as_at: Day) -> pl.DataFrame:
    return REGISTRY["AL16"].raised(data, day(as_at), Settings())


def overdue_by(data: CouncilData, as_at: Day) -> list[int]:
    return raised(data, as_at)["days_overdue"].to_list()


def pf_visit(child: str, date: Day, **changes: Any) -> Row:
    return visit(child, date, kind="private_fostering") | changes


# Notified Mon 2 Sep 2024: 7 working days on is Wed 11 Sep (3, 4, 5, 6, 9, 10, 11 September).


def test_the_first_visit_is_overdue_from_the_day_after_the_7th_working_day_after_notification(
    engine: Engine,
) -> None:
    data = council_data(
        engine, private_fostering("C1", notified="2024-09-02"), allocation("C1", "W1", start="2024-09-02")
    )
    assert overdue_by(data, "2024-09-10") == []
    assert overdue_by(data, "2024-09-11") == []  # the due day: still in time
    alert = raised(data, "2024-09-12")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        (
            "C1",
            "W1",
            "T1",
            dt.date(2024, 9, 11),
            1,
            "arrangement PF-C1-2024-09-02 notified 2024-09-02, no visit since",
        )
    ]


def test_a_bank_holiday_gives_the_first_visit_another_calendar_day(engine: Engine) -> None:
    # Notified Mon 19 Aug 2024; Mon 26 Aug is a bank holiday, so the 7th working day is Thu 29 Aug.
    data = council_data(engine, private_fostering("C1", notified="2024-08-19"))
    assert overdue_by(data, "2024-08-29") == []
    assert overdue_by(data, "2024-08-30") == [1]


def test_after_a_visit_the_next_is_due_6_weeks_later(engine: Engine) -> None:
    # Visited Tue 10 Sep 2024, in time: 6 weeks on is Tue 22 Oct.
    data = council_data(engine, private_fostering("C1", notified="2024-09-02"), pf_visit("C1", "2024-09-10"))
    assert overdue_by(data, "2024-09-12") == []
    assert overdue_by(data, "2024-10-21") == []
    assert overdue_by(data, "2024-10-22") == []
    alert = raised(data, "2024-10-23")
    assert alert.select("due", "days_overdue", "detail").rows() == [
        (dt.date(2024, 10, 22), 1, "arrangement PF-C1-2024-09-02 last visited 2024-09-10")
    ]


def test_a_late_first_visit_clears_the_alert_and_starts_the_6_weeks(engine: Engine) -> None:
    # Due Wed 11 Sep 2024, visited Mon 16 Sep: overdue on Fri 13 Sep by 2 days, then the next visit
    # is due 6 weeks after the visit, Mon 28 Oct.
    data = council_data(engine, private_fostering("C1", notified="2024-09-02"), pf_visit("C1", "2024-09-16"))
    assert overdue_by(data, "2024-09-13") == [2]
    assert overdue_by(data, "2024-09-16") == []
    assert overdue_by(data, "2024-10-28") == []
    assert overdue_by(data, "2024-10-29") == [1]


def test_after_the_first_year_visits_are_due_every_12_weeks(engine: Engine) -> None:
    # C1's arrangement starts on its notification, Mon 2 Sep 2024. C2's had started on Mon 1 Jul 2024
    # but the council was told of it on 2 Sep, and its year runs from then. Both last visited Mon 30 Jun
    # 2025: 6 weeks on is Mon 11 Aug, 12 weeks on Mon 22 Sep. On Tue 2 Sep 2025 each arrangement has
    # lasted exactly a year, not over it, so the 6 weeks hold: overdue by 22 days (11 Aug to 2 Sep).
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-09-02"),
        private_fostering("C2", notified="2024-09-02", start="2024-07-01"),
        pf_visit("C1", "2025-06-30"),
        pf_visit("C2", "2025-06-30"),
    )
    assert raised(data, "2025-09-02").select("person_id", "due", "days_overdue").rows() == [
        ("C1", dt.date(2025, 8, 11), 22),
        ("C2", dt.date(2025, 8, 11), 22),
    ]
    assert overdue_by(data, "2025-09-03") == []  # over a year: 12 weeks, due Mon 22 Sep
    assert overdue_by(data, "2025-09-22") == []
    assert raised(data, "2025-09-23").select("person_id", "due", "days_overdue").rows() == [
        ("C1", dt.date(2025, 9, 22), 1),
        ("C2", dt.date(2025, 9, 22), 1),
    ]


def test_a_proposed_arrangement_is_judged_once_it_starts_against_its_notification(engine: Engine) -> None:
    # Notified Mon 2 Sep 2024 of an arrangement starting Mon 14 Oct: the first visit was due Wed 11 Sep,
    # so from the day it starts it is 33 days overdue (19 more days of September and 14 of October).
    data = council_data(engine, private_fostering("C1", notified="2024-09-02", start="2024-10-14"))
    assert overdue_by(data, "2024-10-13") == []
    assert overdue_by(data, "2024-10-14") == [33]


def test_only_visits_seeing_the_child_between_notification_and_d_count(engine: Engine) -> None:
    data = council_data(
        engine,
        pf_visit("C1", "2024-08-30"),  # before the council was told
        private_fostering("C1", notified="2024-09-02"),
        pf_visit("C1", "2024-09-05", visit_seen=False),  # the child was not seen
        visit("C1", "2024-09-06", kind="cin"),  # not a private fostering visit
        pf_visit("C1", "2024-09-13"),  # after the as-at date below
    )
    assert raised(data, "2024-09-12").select("due", "detail").rows() == [
        (dt.date(2024, 9, 11), "arrangement PF-C1-2024-09-02 notified 2024-09-02, no visit since")
    ]


def test_an_arrangement_ending_on_d_is_open_and_one_not_yet_notified_is_not_judged(engine: Engine) -> None:
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-09-02") | {"arrangement_end_date": day("2024-09-12")},
        # Under way since 1 Jul 2024, but the council hears of it only on Mon 16 Sep: nothing is due yet.
        private_fostering("C2", notified="2024-09-16", start="2024-07-01"),
    )
    assert raised(data, "2024-09-12")["person_id"].to_list() == ["C1"]
    assert raised(data, "2024-09-13")["person_id"].to_list() == []


def test_an_unallocated_child_belongs_to_the_worker_who_last_visited(engine: Engine) -> None:
    # C1 was last visited on Tue 17 Sep 2024 by W7 of team T7; 6 weeks on is Tue 29 Oct. C2, visited
    # by the same worker on the same day, is allocated to W1.
    data = council_data(
        engine,
        worker("W5") | {"team_id": "T5"},
        worker("W7") | {"team_id": "T7"},
        private_fostering("C1", notified="2024-09-02"),
        private_fostering("C2", notified="2024-09-02"),
        pf_visit("C1", "2024-09-10", worker_id="W5"),
        pf_visit("C1", "2024-09-17", worker_id="W7"),
        pf_visit("C2", "2024-09-17", worker_id="W7"),
        allocation("C2", "W1", start="2024-09-02"),
    )
    assert raised(data, "2024-10-30").select("person_id", "worker_id", "team_id").rows() == [
        ("C1", "W7", "T7"),
        ("C2", "W1", "T1"),
    ]


def test_a_child_visited_every_five_weeks_never_raises_the_alert(engine: Engine) -> None:
    # Visited 6 days after notification, then every 5 weeks: never 6 weeks without a visit.
    visits = [pf_visit("C1", dt.date(2024, 9, 9) + dt.timedelta(weeks=5 * n)) for n in range(12)]
    data = council_data(engine, private_fostering("C1", notified="2024-09-02"), *visits)
    days = [dt.date(2024, 9, 2) + dt.timedelta(days=n) for n in range(0, 365, 3)]
    at = pl.DataFrame({"as_at": days})
    assert REGISTRY["AL16"].raised_at(data, at, Settings()).height == 0


def test_private_fostering_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        private_fostering("C1", notified="2024-09-02"),
        pf_visit("C1", "2024-09-16"),
        pf_visit("C1", "2025-01-13"),
        private_fostering("C2", notified="2024-10-07", start="2024-11-04"),
        allocation("C2", "W1", start="2024-10-07"),
        private_fostering("C3", notified="2024-09-02") | {"arrangement_end_date": day("2024-12-20")},
    )
    days = [dt.date(2024, 9, 1) + dt.timedelta(days=n) for n in range(0, 420, 6)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), ["AL16"])
    assert together.height > 0
    for moment in days:
        one = open_alerts(data, moment, Settings(), ["AL16"])
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
    # Each child judged only at their own moments.
    mine = pl.DataFrame({"person_id": ["C1", "C2"], "as_at": [dt.date(2024, 9, 12), dt.date(2024, 9, 12)]})
    assert open_alerts_at(data, mine, Settings(), ["AL16"])["person_id"].to_list() == ["C1"]
