"""Visit priority: each open child's score is the points of the factors worked out by hand, each shown
with its reason; weights set through the settings change the order; closed children are not listed.

Unless a test says otherwise, D is Mon 31 Mar 2025: the year to D is (31 Mar 2024, 31 Mar 2025], the
90 days to D are (31 Dec 2024, 31 Mar 2025], and the default weights are those of settings.py (CP plan
30, looked after 15, CIN plan 10, 2 a full week not seen, 1 a full week not seen alone, 5 a missing
episode, repeat CP plan 10, 3 a change of worker, under one 10, neglect or multiple 5, 5 an alert).
The open alerts counted are the five child alerts whose rules are fixed (`FIXED_ALERTS`), so that
alerts added to the catalogue later cannot change these sums; one test counts the whole catalogue.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight.alerts import open_alerts
from lineofsight.alerts.visit_priority import FACTORS, MOST_WEEKS_UNSEEN, SCHEMA, as_json, visit_priorities
from lineofsight.data import CouncilData
from lineofsight.settings import DEFAULT_PRIORITY_WEIGHTS, Settings
from tests.builders import (
    Day,
    Row,
    allocation,
    assessment,
    cin_plan,
    cla_episode,
    council_data,
    cp_plan,
    day,
    missing_episode,
    person,
    referral,
    visit,
)

D = "2025-03-31"
FIXED_ALERTS = ("AL01", "AL03", "AL04", "AL06", "AL07")


def priorities(
    data: CouncilData, as_at: Day = D, settings: Settings | None = None, **scope: Any
) -> pl.DataFrame:
    return visit_priorities(data, day(as_at), settings or Settings(), alert_codes=FIXED_ALERTS, **scope)


def scores(frame: pl.DataFrame) -> list[tuple[str, float]]:
    return list(zip(frame["person_id"].to_list(), frame["score"].to_list(), strict=True))


def factors_of(frame: pl.DataFrame, child: str) -> list[tuple[str, float, str]]:
    (factors,) = frame.filter(pl.col("person_id") == child)["factors"].to_list()
    return [(part["factor"], part["points"], part["reason"]) for part in factors]


def weighted(**weights: float) -> Settings:
    return dataclasses.replace(Settings(), priority_weights={**DEFAULT_PRIORITY_WEIGHTS, **weights})


def seen_alone(row: Row) -> Row:
    return row | {"visit_seen_alone": True}


def open_case(child: str, opened: Day, worker: str = "W1") -> list[Row]:
    """A referral (the one plans built for the child belong to) open since `opened`, allocated to
    `worker` since then."""
    return [referral(child, opened, id=f"R-{child}"), allocation(child, worker, start=opened)]


def baby_on_a_repeat_neglect_plan() -> list[Row]:
    """C1, born 1 Aug 2024, referred 2 Dec 2024 and allocated to W9, then to W1 when a second CP plan
    (neglect) started on 6 Jan 2025. Seen alone on 17 Feb, seen (not alone) on Mon 10 Mar.

    At D: CP plan 30; seen 21 days ago, 3 full weeks: 6; seen alone 42 days ago, 6 weeks: 6; repeat
    plan 10; W9 and W1 in the year to D, one change: 3; under one 10; neglect 5; one alert, AL03 (the
    visit after 10 Mar was due on the 10th working day after it, Mon 24 Mar): 5. 75 in all.
    """
    return [
        person("C1", dob="2024-08-01"),
        referral("C1", "2024-12-02", id="R-C1"),
        allocation("C1", "W9", start="2024-12-02", end="2025-01-05"),
        allocation("C1", "W1", start="2025-01-06"),
        cp_plan("C1", start="2025-01-06") | {"cp_plan_previous_plans": 1},
        seen_alone(visit("C1", "2025-02-17", kind="cp")),
        visit("C1", "2025-03-10", kind="cp"),
    ]


def teenager_in_care_who_goes_missing() -> list[Row]:
    """C2, 14, looked after since Mon 8 Jan 2024 with W1, never reviewed, seen alone on Mon 24 Mar.

    At D: looked after 15; seen and seen alone 7 days ago, one full week: 2 + 1; missing on 15 Jan and
    1 Mar 2025 (the episode on 31 Dec 2024 is 90 days before D, outside; an absence does not count):
    10; one alert, AL07 (first review due 20 working days after 8 Jan 2024, Mon 5 Feb 2024): 5. 33.
    """
    return [
        person("C2", dob="2010-05-05"),
        cla_episode("C2", start="2024-01-08"),
        allocation("C2", "W1", start="2024-01-08"),
        seen_alone(visit("C2", "2025-03-24", kind="cla")),
        missing_episode("C2", start="2024-12-31T21:00", end="2025-01-01T09:00"),
        missing_episode("C2", start="2025-01-15T22:00", end="2025-01-16T08:00"),
        missing_episode("C2", start="2025-03-01T20:00", end="2025-03-02T11:00"),
        missing_episode("C2", start="2025-03-20T19:00", end="2025-03-20T23:00", type="away"),
    ]


def child_in_need_seen_this_week() -> list[Row]:
    """C3, on a CIN plan since 3 Feb 2025, seen alone on Fri 28 Mar (3 days: no full week), no alert
    (the next CIN visit is due 20 working days after 28 Mar). At D: CIN plan 10, nothing else."""
    return [
        *open_case("C3", "2025-01-06"),
        cin_plan("C3", start="2025-02-03"),
        seen_alone(visit("C3", "2025-03-28", kind="cin")),
    ]


def closed_child() -> list[Row]:
    """C4: case, plan and allocation to W1 all ended on Fri 28 Mar 2025."""
    return [
        referral("C4", "2024-06-03", id="R-C4", closed="2025-03-28"),
        cin_plan("C4", start="2024-07-01", end="2025-03-28"),
        allocation("C4", "W1", start="2024-06-03", end="2025-03-28"),
        seen_alone(visit("C4", "2025-03-27", kind="cin")),
    ]


def child_in_assessment_for_another_team() -> list[Row]:
    """C5, referred Mon 3 Mar 2025 to W2 in team T2, in assessment (due 8 May) and not yet seen.
    At D: no plan; not seen since the case opened 28 days ago, 4 weeks: 8 + 4. 12."""
    return [
        referral("C5", "2025-03-03", id="R-C5"),
        allocation("C5", "W2", start="2025-03-03") | {"team_id": "T2"},
        assessment("C5", start="2025-03-03"),
    ]


@pytest.fixture
def caseload(engine: Engine) -> CouncilData:
    return council_data(
        engine,
        *baby_on_a_repeat_neglect_plan(),
        *teenager_in_care_who_goes_missing(),
        *child_in_need_seen_this_week(),
        *closed_child(),
        *child_in_assessment_for_another_team(),
    )


def test_each_open_child_scores_the_points_worked_out_by_hand_highest_first(caseload: CouncilData) -> None:
    found = priorities(caseload)
    assert scores(found) == [("C1", 75), ("C2", 33), ("C5", 12), ("C3", 10)]
    assert found.schema == SCHEMA
    assert found.select("person_id", "worker_id", "team_id", "plan").rows() == [
        ("C1", "W1", "T1", "CP"),
        ("C2", "W1", "T1", "CLA"),
        ("C5", "W2", "T2", None),
        ("C3", "W1", "T1", "CIN"),
    ]


def test_each_factor_is_listed_with_its_points_and_reason_the_most_points_first(
    caseload: CouncilData,
) -> None:
    found = priorities(caseload)
    # Equal points keep the order the factors are declared in.
    assert factors_of(found, "C1") == [
        ("cp_plan", 30, "on a child protection plan since 2025-01-06"),
        ("repeat_cp_plan", 10, "a repeat CP plan: 1 plan before this one"),
        ("under_one", 10, "under one (born 2024-08-01)"),
        ("weeks_not_seen", 6, "not seen for 21 days (last seen 2025-03-10)"),
        ("weeks_not_seen_alone", 6, "not seen alone for 42 days (last seen alone 2025-02-17)"),
        ("neglect_or_multiple", 5, "category of abuse: neglect (NEG)"),
        ("open_alerts", 5, "1 open alert (AL03)"),
        ("changes_of_worker", 3, "2 social workers in the last 12 months"),
    ]
    assert factors_of(found, "C2") == [
        ("looked_after", 15, "looked after since 2024-01-08"),
        ("missing_episodes", 10, "missing 2 times in the last 90 days, latest 2025-03-01"),
        ("open_alerts", 5, "1 open alert (AL07)"),
        ("weeks_not_seen", 2, "not seen for 7 days (last seen 2025-03-24)"),
        ("weeks_not_seen_alone", 1, "not seen alone for 7 days (last seen alone 2025-03-24)"),
    ]
    assert factors_of(found, "C3") == [("cin_plan", 10, "on a child in need plan since 2025-02-03")]
    assert factors_of(found, "C5") == [
        ("weeks_not_seen", 8, "not seen since the case opened on 2025-03-03, 28 days ago"),
        ("weeks_not_seen_alone", 4, "not seen alone since the case opened on 2025-03-03, 28 days ago"),
    ]


def test_a_closed_child_is_not_listed_but_one_closing_on_d_still_is(caseload: CouncilData) -> None:
    assert "C4" not in priorities(caseload)["person_id"].to_list()
    # On 28 Mar its case, plan and allocation end that day, so it is still open: CIN plan 10, seen
    # alone the day before (no full week).
    on_the_day = priorities(caseload, "2025-03-28", worker_id="W1")
    assert ("C4", 10) in scores(on_the_day)


def test_a_worker_s_or_a_team_s_children_are_those_allocated_to_them_at_d(caseload: CouncilData) -> None:
    assert scores(priorities(caseload, worker_id="W1")) == [("C1", 75), ("C2", 33), ("C3", 10)]
    assert scores(priorities(caseload, worker_id="W2")) == [("C5", 12)]
    assert scores(priorities(caseload, team_id="T2")) == [("C5", 12)]
    assert scores(priorities(caseload, worker_id="W1", team_id="T2")) == []
    # W9 held C1 until 5 Jan: not at D, but on 5 Jan, when C1 was on no plan yet. Then the case had
    # been open since 2 Dec (34 days, 4 weeks unseen: 8 + 4) and C1 was under one: 22.
    assert priorities(caseload, worker_id="W9").height == 0
    assert scores(priorities(caseload, "2025-01-05", worker_id="W9")) == [("C1", 22)]


def a_cp_child_and_a_cin_child() -> list[Row]:
    """A: on a CP plan (physical abuse) since 3 Mar 2025, seen alone on Sun 30 Mar: 30.
    B: on a CIN plan, seen alone on Mon 3 Mar, 4 full weeks before D (the next CIN visit is due on
    the 20th working day after it, which is D itself: no alert yet): 10 + 4 x 2 + 4 x 1 = 22."""
    physical = {"cp_plan_initial_category": "PHY", "cp_plan_latest_category": "PHY"}
    return [
        *open_case("A", "2025-02-03"),
        cp_plan("A", start="2025-03-03") | physical,
        seen_alone(visit("A", "2025-03-30", kind="cp")),
        *open_case("B", "2025-01-06"),
        cin_plan("B", start="2025-02-03"),
        seen_alone(visit("B", "2025-03-03", kind="cin")),
    ]


def test_weights_changed_in_the_settings_change_the_order(engine: Engine) -> None:
    data = council_data(engine, *a_cp_child_and_a_cin_child())
    assert scores(priorities(data)) == [("A", 30), ("B", 22)]
    # At 5 points a week unseen, B has 10 + 4 x 5 + 4 x 1 = 34.
    assert scores(priorities(data, settings=weighted(weeks_not_seen=5))) == [("B", 34), ("A", 30)]


def test_a_factor_weighted_0_is_turned_off_and_a_child_with_no_points_is_still_listed(engine: Engine) -> None:
    data = council_data(engine, *a_cp_child_and_a_cin_child())
    found = priorities(data, settings=weighted(cp_plan=0, weeks_not_seen=0))
    # B: 10 + 4 x 1 = 14. A: nothing left.
    assert scores(found) == [("B", 14), ("A", 0)]
    assert factors_of(found, "A") == []
    assert "weeks_not_seen" not in {factor for factor, _, _ in factors_of(found, "B")}


def test_a_weight_that_is_not_a_factor_or_below_0_is_refused(engine: Engine) -> None:
    data = council_data(engine, *a_cp_child_and_a_cin_child())
    with pytest.raises(ValueError, match="colour is not a visit priority factor"):
        priorities(data, settings=weighted(colour=1))
    with pytest.raises(ValueError, match="the weight of under_one must be 0 or more"):
        priorities(data, settings=weighted(under_one=-1))


def test_weeks_unseen_count_at_most_26_and_each_open_alert_counts(engine: Engine) -> None:
    # Referred Mon 2 Sep 2024; the assessment, started that day, is not authorised (AL01: due Mon 4 Nov
    # 2024) and the CIN plan from 2 Dec 2024 has had no visit (AL04: due Thu 2 Jan 2025). Never seen:
    # 210 days, 30 full weeks, of which 26 count. 10 + 26 x 2 + 26 x 1 + 2 x 5 = 98.
    data = council_data(
        engine,
        *open_case("C6", "2024-09-02"),
        assessment("C6", start="2024-09-02"),
        cin_plan("C6", start="2024-12-02"),
    )
    found = priorities(data)
    assert scores(found) == [("C6", 98)]
    assert MOST_WEEKS_UNSEEN == 26
    assert factors_of(found, "C6")[:2] == [
        (
            "weeks_not_seen",
            52,
            "not seen since the case opened on 2024-09-02, 210 days ago; 26 weeks at most count",
        ),
        (
            "weeks_not_seen_alone",
            26,
            "not seen alone since the case opened on 2024-09-02, 210 days ago; 26 weeks at most count",
        ),
    ]
    assert ("open_alerts", 10, "2 open alerts (AL01, AL04)") in factors_of(found, "C6")


def test_every_alert_in_the_catalogue_counts_by_default(caseload: CouncilData) -> None:
    # Whatever alerts the catalogue holds, the factor is 5 points for each one raised for the child.
    found = visit_priorities(caseload, day(D), Settings())
    raised = open_alerts(caseload, day(D), Settings())
    for child in found["person_id"]:
        count = raised.filter(pl.col("person_id") == child).height
        points = [points for factor, points, _ in factors_of(found, child) if factor == "open_alerts"]
        assert points == ([5 * count] if count else [])


def test_visits_before_the_case_opened_after_d_or_not_seeing_the_child_do_not_count(engine: Engine) -> None:
    # Seen alone in an earlier case that closed in December; re-referred Mon 17 Mar 2025; visited on
    # 24 Mar without being seen, and seen on 1 Apr, after D. At D: not seen since the case opened 14
    # days ago, 2 weeks: 4 + 2 = 6.
    data = council_data(
        engine,
        referral("C7", "2024-10-07", closed="2024-12-13"),
        seen_alone(visit("C7", "2024-11-04", kind="cin")),
        *open_case("C7", "2025-03-17"),
        visit("C7", "2025-03-24", kind="cin", seen=False),
        seen_alone(visit("C7", "2025-04-01", kind="cin")),
    )
    found = priorities(data)
    assert scores(found) == [("C7", 6)]
    assert factors_of(found, "C7")[0] == (
        "weeks_not_seen",
        4,
        "not seen since the case opened on 2025-03-17, 14 days ago",
    )


def test_the_day_an_assessment_saw_the_child_counts_as_seen_but_not_as_seen_alone(engine: Engine) -> None:
    # Referred Mon 3 Mar 2025, seen for the assessment on Mon 17 Mar: seen 14 days ago (2 weeks: 4),
    # not seen alone since the case opened 28 days ago (4 weeks: 4). 8.
    data = council_data(
        engine,
        *open_case("C8", "2025-03-03"),
        assessment("C8", start="2025-03-03") | {"assessment_child_seen_date": day("2025-03-17")},
    )
    assert factors_of(priorities(data), "C8") == [
        ("weeks_not_seen", 4, "not seen for 14 days (last seen 2025-03-17)"),
        ("weeks_not_seen_alone", 4, "not seen alone since the case opened on 2025-03-03, 28 days ago"),
    ]


def test_a_repeat_plan_is_found_in_the_census_count_or_in_earlier_plans_in_the_data(engine: Engine) -> None:
    # Each child is on a CP plan since Mon 3 Mar 2025 and was seen alone at D.
    def child(name: str, previous: int | None, *earlier: Row) -> list[Row]:
        current = cp_plan(name, start="2025-03-03") | {"cp_plan_previous_plans": previous}
        return [*open_case(name, "2025-03-03"), current, *earlier, seen_alone(visit(name, D, kind="cp"))]

    data = council_data(
        engine,
        *child("first", None),
        *child("second", None, cp_plan("second", start="2023-01-09", end="2023-07-03")),
        # The census says 2 before, one of which is in the data: 2, not 3.
        *child("third", 2, cp_plan("third", start="2023-01-09", end="2023-07-03")),
        *child("same_day", None, cp_plan("same_day", start="2025-03-03", id="a duplicate record")),
    )
    found = priorities(data)

    def repeat(name: str) -> list[str]:
        return [reason for factor, _, reason in factors_of(found, name) if factor == "repeat_cp_plan"]

    assert repeat("first") == []
    assert repeat("second") == ["a repeat CP plan: 1 plan before this one"]
    assert repeat("third") == ["a repeat CP plan: 2 plans before this one"]
    assert repeat("same_day") == []  # a plan starting the same day is not an earlier plan


def test_a_baby_is_under_one_until_the_day_before_their_first_birthday_and_unborn_counts(
    engine: Engine,
) -> None:
    # The year to D starts on 1 Apr 2024: a child born then is under one at D; one born on 31 Mar 2024
    # turns one at D.
    data = council_data(
        engine,
        *[row for name in ("born", "one", "unborn") for row in open_case(name, D)],
        person("born", dob="2024-04-01"),
        person("one", dob="2024-03-31"),
        person("unborn", dob="2025-05-10"),
    )
    found = priorities(data)
    under = {
        child: reason
        for child in found["person_id"]
        for factor, _, reason in factors_of(found, child)
        if factor == "under_one"
    }
    assert under == {"born": "under one (born 2024-04-01)", "unborn": "not yet born (due 2025-05-10)"}


def test_changes_of_worker_count_workers_in_the_year_to_d_once_each(engine: Engine) -> None:
    # W0's allocation ended on 31 Mar 2024, the day before the year to D. Then W1, W2 and W1 again:
    # two workers, one change: 3.
    data = council_data(
        engine,
        referral("C9", "2023-06-05", id="R-C9"),
        allocation("C9", "W0", start="2023-06-05", end="2024-03-31"),
        allocation("C9", "W1", start="2024-04-01", end="2024-09-01"),
        allocation("C9", "W2", start="2024-09-02", end="2025-01-05"),
        allocation("C9", "W1", start="2025-01-06"),
        seen_alone(visit("C9", D, kind="cin")),
    )
    assert factors_of(priorities(data), "C9") == [
        ("changes_of_worker", 3, "2 social workers in the last 12 months"),
    ]


def test_multiple_categories_of_abuse_count_as_neglect_does(engine: Engine) -> None:
    multiple = {"cp_plan_initial_category": "MUL", "cp_plan_latest_category": "MUL"}
    data = council_data(
        engine,
        *open_case("C10", "2025-03-03"),
        cp_plan("C10", start="2025-03-03") | multiple,
        seen_alone(visit("C10", D, kind="cp")),
    )
    assert factors_of(priorities(data), "C10") == [
        ("cp_plan", 30, "on a child protection plan since 2025-03-03"),
        ("neglect_or_multiple", 5, "category of abuse: multiple categories (MUL)"),
    ]


def test_a_child_on_a_cp_plan_and_looked_after_scores_only_the_cp_plan(engine: Engine) -> None:
    data = council_data(
        engine,
        *open_case("C11", "2025-03-03"),
        cp_plan("C11", start="2025-03-03") | {"cp_plan_latest_category": "EMO"},
        cla_episode("C11", start="2025-03-24"),
        seen_alone(visit("C11", D, kind="cp")),
    )
    found = priorities(data)
    assert found["plan"].to_list() == ["CP"]
    assert factors_of(found, "C11") == [("cp_plan", 30, "on a child protection plan since 2025-03-03")]


def test_an_empty_caseload_is_an_empty_frame_with_every_column(engine: Engine) -> None:
    found = priorities(council_data(engine))
    assert found.height == 0 and found.schema == SCHEMA


def test_the_json_document_gives_each_child_with_score_and_factors(caseload: CouncilData) -> None:
    document = as_json(day(D), "W1", None, priorities(caseload, worker_id="W1").head(1))
    assert document["as_at"] == "2025-03-31" and document["worker_id"] == "W1"
    (child,) = document["children"]
    assert {key: child[key] for key in ("child_id", "worker", "team", "plan", "score")} == {
        "child_id": "C1",
        "worker": "W1",
        "team": "T1",
        "plan": "CP",
        "score": 75,
    }
    assert child["factors"][0] == {
        "factor": "cp_plan",
        "points": 30,
        "reason": "on a child protection plan since 2025-01-06",
    }


def test_every_factor_is_declared_in_full_with_a_default_weight() -> None:
    assert list(FACTORS) == list(DEFAULT_PRIORITY_WEIGHTS)
    for name, declared in FACTORS.items():
        assert declared.name == name
        assert declared.title.strip() and declared.measures.strip() and declared.points.strip()
        assert (declared.find.__doc__ or "").strip()
    assert all(weight > 0 for weight in DEFAULT_PRIORITY_WEIGHTS.values())
