"""AL17, pre-proceedings past 16 weeks: raised the day after the 16th week ends, for the same children
PL01 counts."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import REGISTRY, open_alerts, open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.builders import Day, allocation, compute, council_data, day, pre_proceedings


def raised(data: CouncilData, as_at: Day) -> pl.DataFrame:
    return REGISTRY["AL17"].raised(data, day(as_at), Settings())


def overdue_by(data: CouncilData, as_at: Day) -> list[int]:
    return raised(data, as_at)["days_overdue"].to_list()


# Pre-proceedings started Mon 2 Sep 2024 have run 16 weeks (112 days) on Mon 23 Dec 2024.


def test_pre_proceedings_are_overdue_from_the_day_after_their_16th_week(engine: Engine) -> None:
    data = council_data(
        engine, pre_proceedings("C1", start="2024-09-02"), allocation("C1", "W1", start="2024-06-03")
    )
    assert overdue_by(data, "2024-12-22") == []
    assert overdue_by(data, "2024-12-23") == []  # exactly 16 weeks: not more
    alert = raised(data, "2024-12-24")
    assert alert.select("person_id", "worker_id", "team_id", "due", "days_overdue", "detail").rows() == [
        ("C1", "W1", "T1", dt.date(2024, 12, 23), 1, "pre-proceedings PP-C1-2024-09-02 started 2024-09-02")
    ]
    # A week later: overdue by 8 days (23 to 31 December).
    assert overdue_by(data, "2024-12-31") == [8]


def test_pre_proceedings_ending_on_d_are_still_open_and_those_ended_before_are_not(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-09-02", end="2024-12-24"),
        pre_proceedings("C2", start="2024-09-02", end="2024-12-23"),  # ended on its due day, in time
    )
    assert raised(data, "2024-12-24")["person_id"].to_list() == ["C1"]
    assert raised(data, "2024-12-25")["person_id"].to_list() == []


def test_a_child_with_two_open_pre_proceedings_has_one_alert_for_the_earlier(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-09-09"),
        pre_proceedings("C1", start="2024-09-02"),
    )
    # From Mon 2 Sep 2024 the 16 weeks end Mon 23 Dec; on Wed 1 Jan 2025 that is 9 days overdue.
    assert raised(data, "2025-01-01").select("due", "days_overdue", "detail").rows() == [
        (dt.date(2024, 12, 23), 9, "pre-proceedings PP-C1-2024-09-02 started 2024-09-02")
    ]


def test_pre_proceedings_within_16_weeks_raise_nothing(engine: Engine) -> None:
    # Started Mon 2 Sep 2024, stepped down Fri 13 Dec: never past the 16 weeks.
    data = council_data(engine, pre_proceedings("C1", start="2024-09-02", end="2024-12-13"))
    days = [dt.date(2024, 9, 1) + dt.timedelta(days=n) for n in range(0, 200, 2)]
    assert REGISTRY["AL17"].raised_at(data, pl.DataFrame({"as_at": days}), Settings()).height == 0


def test_the_alert_names_the_children_pl01_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-09-02"),
        pre_proceedings("C2", start="2024-10-07", end="2025-02-10"),
        pre_proceedings("C3", start="2024-11-04"),
        pre_proceedings("C3", start="2024-12-02"),
        pre_proceedings("C4", start="2025-01-06", end="2025-03-03"),
    )
    # C1 is past 16 weeks from Tue 24 Dec 2024, C2 from Tue 28 Jan 2025 until it ends on 10 Feb, C3
    # from Tue 25 Feb 2025; C4 ends within its 16 weeks.
    for moment in ("2024-12-23", "2024-12-24", "2025-02-10", "2025-02-11", "2025-02-25", "2025-05-01"):
        alerted = raised(data, moment)["person_id"].to_list()
        counted = compute("PL01", data, moment).detail["person_id"].to_list()
        assert sorted(alerted) == sorted(counted), moment
    assert raised(data, "2025-02-25")["person_id"].to_list() == ["C1", "C3"]


def test_pre_proceedings_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        pre_proceedings("C1", start="2024-09-02", end="2025-03-14"),
        pre_proceedings("C2", start="2024-10-07"),
        allocation("C2", "W1", start="2024-06-03", end="2025-01-31"),
        pre_proceedings("C3", start="2024-11-04", end="2025-01-20"),
    )
    days = [dt.date(2024, 9, 1) + dt.timedelta(days=n) for n in range(0, 300, 5)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), ["AL17"])
    assert together.height > 0
    for moment in days:
        one = open_alerts(data, moment, Settings(), ["AL17"])
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
    mine = pl.DataFrame(
        {"person_id": ["C2"], "as_at": [dt.date(2025, 2, 10)]}
    )  # C1 too is past 16 weeks then
    assert open_alerts_at(data, mine, Settings(), ["AL17"])["person_id"].to_list() == ["C2"]
