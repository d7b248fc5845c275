"""AL22, worker over caseload cap, and AL23, worker not supervised in 6 weeks: alerts about workers,
with no child, the worker's own team, and the same workers the workforce measures count."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts, open_alerts_at
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from tests.alerts.raising import raised
from tests.builders import Day, Row, allocation, compute, council_data, day, supervision, worker

ROW = ["person_id", "worker_id", "team_id", "due", "days_overdue", "detail"]


def workers_alerted(code: str, data: CouncilData, as_at: Day, settings: Settings | None = None) -> list[str]:
    return sorted(raised(code, data, as_at, settings)["worker_id"])


def caseload(
    worker_id: str, children: int, *, prefix: str | None = None, start: Day = "2024-06-03"
) -> list[Row]:
    """`children` children allocated to the worker from `start`, named after the worker unless said."""
    return [allocation(f"{prefix or worker_id}-{n}", worker_id, start=start) for n in range(children)]


# AL22. A full-time qualified social worker's cap is 25 children.


def test_a_worker_is_over_their_cap_from_the_day_their_26th_child_is_allocated(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1") | {"team_id": "T4"},
        *caseload("W1", 25),
        allocation("C26", "W1", start="2025-03-03"),
    )
    assert raised("AL22", data, "2025-03-02").height == 0  # 25 children: at the cap, not over it
    assert raised("AL22", data, "2025-03-03").select(ROW).rows() == [
        (None, "W1", "T4", None, None, "26 children, cap 25")
    ]


def test_a_child_whose_allocation_ends_on_d_is_still_on_the_caseload(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        *caseload("W1", 25),
        allocation("C26", "W1", start="2024-06-03", end="2025-03-03"),
    )
    assert workers_alerted("AL22", data, "2025-03-03") == ["W1"]
    assert workers_alerted("AL22", data, "2025-03-04") == []


def test_a_first_year_worker_has_the_asye_cap_until_their_year_ends(engine: Engine) -> None:
    # W1's first year ends on Tue 30 Sep 2025, from when they carry the qualified cap of 25. W2 is
    # recorded as ASYE with no end date, and is taken at their word. Each has 19 children.
    data = council_data(
        engine,
        worker("W1") | {"asye_end_date": day("2025-09-30")},
        worker("W2", role="asye"),
        *caseload("W1", 19),
        *caseload("W2", 19),
    )
    alerts = raised("AL22", data, "2025-09-29")
    assert alerts.select("worker_id", "detail").sort("worker_id").rows() == [
        ("W1", "19 children, cap 18 (ASYE)"),
        ("W2", "19 children, cap 18 (ASYE)"),
    ]
    assert workers_alerted("AL22", data, "2025-09-30") == ["W2"]


def test_caps_are_pro_rata_to_fte(engine: Engine) -> None:
    # At 0.6 FTE a qualified worker's cap is 25 x 0.6 = 15 and an ASYE worker's 18 x 0.6 = 10.8.
    data = council_data(
        engine,
        worker("W1", fte=0.6),
        worker("W2", fte=0.6),
        worker("W3", fte=0.6, role="asye"),
        worker("W4", fte=0.6, role="asye"),
        *caseload("W1", 15),
        *caseload("W2", 16),
        *caseload("W3", 11),
        *caseload("W4", 10),
    )
    assert raised("AL22", data, "2025-03-03").select("worker_id", "detail").sort("worker_id").rows() == [
        ("W2", "16 children, cap 15 (0.6 FTE)"),
        ("W3", "11 children, cap 10.8 (ASYE, 0.6 FTE)"),
    ]


def test_a_worker_whose_fte_is_not_recorded_is_taken_as_full_time(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1") | {"worker_fte": None},
        worker("W2") | {"worker_fte": None},
        *caseload("W1", 26),
        *caseload("W2", 25),
    )
    assert raised("AL22", data, "2025-03-03").select("worker_id", "detail").rows() == [
        ("W1", "26 children, cap 25 (FTE not recorded, taken as 1)")
    ]


def test_a_child_counts_once_on_a_caseload_and_on_each_co_worker_s(engine: Engine) -> None:
    # W1 holds 25 children, one of them through two allocations: 25 children. W2 holds 25 of its own
    # and co-works W1's first child: 26.
    data = council_data(
        engine,
        worker("W1"),
        worker("W2"),
        *caseload("W1", 25),
        allocation("W1-0", "W1", start="2025-01-06"),
        *caseload("W2", 25),
        allocation("W1-0", "W2", start="2024-06-03"),
    )
    assert raised("AL22", data, "2025-03-03").select("worker_id", "detail").rows() == [
        ("W2", "26 children, cap 25")
    ]


def test_only_case_holding_social_workers_in_post_are_over_a_cap(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1", case_holding=False),
        worker("W2", role="manager"),
        worker("W3", role="personal_adviser"),
        worker("W4", left="2025-03-02"),
        worker("W5", left="2025-03-03"),  # last day in post is D: still in post
        worker("W6", agency=True),
        *(row for w in ("W1", "W2", "W3", "W4", "W5", "W6") for row in caseload(w, 30)),
    )
    assert workers_alerted("AL22", data, "2025-03-03") == ["W5", "W6"]


def test_the_caseload_caps_are_settings(engine: Engine) -> None:
    data = council_data(
        engine, worker("W1"), worker("W2", role="asye"), *caseload("W1", 26), *caseload("W2", 19)
    )
    assert workers_alerted("AL22", data, "2025-03-03") == ["W1", "W2"]
    assert workers_alerted("AL22", data, "2025-03-03", Settings(caseload_cap_qualified=26)) == ["W2"]
    assert workers_alerted("AL22", data, "2025-03-03", Settings(caseload_cap_asye=19)) == ["W1"]


def test_the_workers_over_their_cap_are_those_wf02_counts(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        worker("W2", fte=0.5),
        worker("W3", role="asye"),
        worker("W4", left="2025-01-31"),
        worker("W5") | {"asye_end_date": day("2025-02-28")},
        *caseload("W1", 26),
        *caseload("W2", 13),  # cap 12.5
        *caseload("W3", 18),  # at the cap
        *caseload("W4", 40),
        *caseload("W5", 20, start="2024-09-02"),  # over the ASYE cap until 28 Feb 2025, then not
    )
    for moment in ("2024-08-30", "2025-01-31", "2025-02-27", "2025-02-28", "2025-03-03"):
        counted = sorted(compute("WF02", data, moment).detail["worker_id"])
        assert workers_alerted("AL22", data, moment) == counted, moment
    assert workers_alerted("AL22", data, "2025-02-27") == ["W1", "W2", "W5"]


# AL23. Supervised on Mon 3 Mar 2025: the next supervision is due 6 weeks on, Mon 14 Apr 2025.


def test_a_worker_is_overdue_supervision_from_the_day_after_6_weeks(engine: Engine) -> None:
    data = council_data(engine, worker("W1") | {"team_id": "T4"}, supervision("W1", "2025-03-03"))
    assert raised("AL23", data, "2025-04-13").height == 0
    assert raised("AL23", data, "2025-04-14").height == 0  # exactly 6 weeks: still in time
    assert raised("AL23", data, "2025-04-15").select(ROW).rows() == [
        (None, "W1", "T4", dt.date(2025, 4, 14), 1, "last supervised 2025-03-03")
    ]


def test_a_new_starter_is_first_due_supervision_6_weeks_after_starting(engine: Engine) -> None:
    # Started Mon 3 Mar 2025: in post for 6 weeks on Mon 14 Apr, when the first supervision is due.
    data = council_data(engine, worker("W1", start="2025-03-03"))
    assert raised("AL23", data, "2025-04-13").height == 0  # not yet in post for 6 weeks
    assert raised("AL23", data, "2025-04-14").height == 0
    assert raised("AL23", data, "2025-04-15").select("due", "days_overdue", "detail").rows() == [
        (dt.date(2025, 4, 14), 1, "in post since 2025-03-03, not supervised")
    ]


def test_supervisions_of_another_worker_or_after_d_do_not_count(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        worker("W2"),
        supervision("W1", "2025-03-03"),
        supervision("W2", "2025-04-07"),  # W2's, due again Mon 19 May
        supervision("W1", "2025-04-16"),  # after the first as-at date below
    )
    assert workers_alerted("AL23", data, "2025-04-15") == ["W1"]
    assert workers_alerted("AL23", data, "2025-04-16") == []


def test_only_case_holding_social_workers_in_post_are_due_supervision(engine: Engine) -> None:
    # None has ever been supervised, and each has been in post since 2020.
    data = council_data(
        engine,
        worker("W1", case_holding=False),
        worker("W2", role="manager"),
        worker("W3", left="2025-03-02"),
        worker("W4", left="2025-03-03"),
        worker("W5", role="asye", agency=True),
    )
    assert workers_alerted("AL23", data, "2025-03-03") == ["W4", "W5"]


def test_the_supervision_interval_is_a_setting(engine: Engine) -> None:
    # Every 4 weeks: supervised on Mon 3 Mar 2025, W1 is next due on Mon 31 Mar; W2, who started that
    # day, has been in post 4 weeks on 31 Mar and is first due then.
    data = council_data(
        engine, worker("W1"), supervision("W1", "2025-03-03"), worker("W2", start="2025-03-03")
    )
    four_weeks = Settings(supervision_interval_weeks=4)
    assert workers_alerted("AL23", data, "2025-03-31", four_weeks) == []
    assert raised("AL23", data, "2025-04-01", four_weeks).select("worker_id", "due").sort(
        "worker_id"
    ).rows() == [
        ("W1", dt.date(2025, 3, 31)),
        ("W2", dt.date(2025, 3, 31)),
    ]
    assert workers_alerted("AL23", data, "2025-04-01") == []


def test_the_workers_overdue_supervision_are_those_wf07_counts_as_not_supervised(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1"),
        worker("W2"),
        worker("W3", start="2025-01-06"),
        worker("W4", role="manager"),
        worker("W5", left="2025-02-14"),
        supervision("W1", "2025-01-13"),
        supervision("W1", "2025-02-24"),
        supervision("W2", "2024-12-02"),
        supervision("W3", "2025-02-10"),
    )
    # None of these dates is the day a never-supervised starter completes 6 weeks, where WF07 (which
    # counts them not supervised) and the alert (due that day, so raised the next) part.
    for moment in ("2025-01-10", "2025-02-13", "2025-02-28", "2025-03-24", "2025-03-25", "2025-04-07"):
        detail = compute("WF07", data, moment).detail
        counted = sorted(detail.filter(~pl.col("in_numerator"))["worker_id"])
        assert workers_alerted("AL23", data, moment) == counted, moment
    # W3, supervised on Mon 10 Feb 2025, is due again on Mon 24 Mar: overdue from the 25th.
    assert workers_alerted("AL23", data, "2025-03-24") == ["W2"]
    assert workers_alerted("AL23", data, "2025-03-25") == ["W2", "W3"]


# Both worker alerts.


def test_worker_alerts_are_not_raised_when_the_moments_name_children(engine: Engine) -> None:
    data = council_data(engine, worker("W1"), *caseload("W1", 26))
    every_worker = pl.DataFrame({"as_at": [dt.date(2025, 3, 3)]})
    assert open_alerts_at(data, every_worker, Settings(), ["AL22", "AL23"])["code"].to_list() == [
        "AL22",
        "AL23",
    ]
    one_child = pl.DataFrame({"person_id": ["W1-0"], "as_at": [dt.date(2025, 3, 3)]})
    assert open_alerts_at(data, one_child, Settings(), ["AL22", "AL23"]).height == 0


def test_worker_alerts_at_many_moments_are_the_alerts_at_each_date(engine: Engine) -> None:
    data = council_data(
        engine,
        worker("W1") | {"team_id": "T4"},
        worker("W2", fte=0.8, start="2024-11-04"),
        worker("W3", role="asye", start="2024-06-03", left="2025-06-30"),
        *caseload("W1", 24),
        allocation("C1", "W1", start="2024-12-02", end="2025-02-28"),
        allocation("C2", "W1", start="2025-01-06"),
        *caseload("W2", 21, start="2025-01-06"),
        *caseload("W3", 19, start="2025-03-03"),
        supervision("W1", "2024-10-07"),
        supervision("W1", "2024-12-30"),
        supervision("W2", "2025-01-20"),
        supervision("W3", "2025-02-03"),
    )
    days = [dt.date(2024, 10, 1) + dt.timedelta(days=n) for n in range(0, 330, 4)]
    together = open_alerts_at(data, pl.DataFrame({"as_at": days}), Settings(), ["AL22", "AL23"])
    assert set(together["code"]) == {"AL22", "AL23"}
    for moment in days:
        one = open_alerts(data, moment, Settings(), ["AL22", "AL23"])
        assert together.filter(pl.col("as_at") == moment).drop("as_at").equals(one), moment
