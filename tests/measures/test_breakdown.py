"""Breakdowns by team and worker, and filters to one team or worker, summarised as the council is."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.measures.breakdown import UNALLOCATED, attributed, breakdown, only
from lineofsight.settings import Settings
from tests.builders import (
    Row,
    allocation,
    assessment,
    compute,
    contact,
    council_data,
    council_fact,
    cp_plan,
    icpc,
    s47,
    team,
    worker,
)

D = dt.date(2025, 3, 31)


def two_teams(engine: Engine):  # type: ignore[no-untyped-def]
    """W1 in T1 holds C1 and C2; W2 and W3 (half time) are in T2, and W2 holds C3."""
    return council_data(
        engine,
        team("T1"),
        team("T2"),
        worker("W1"),
        {**worker("W2"), "team_id": "T2"},
        {**worker("W3", fte=0.5), "team_id": "T2"},
        allocation("C1", "W1", start="2024-06-03"),
        allocation("C2", "W1", start="2024-06-03"),
        {**allocation("C3", "W2", start="2024-06-03"), "team_id": "T2"},
    )


def test_a_caseload_breaks_down_by_team_as_sums_of_cases_over_sums_of_fte(engine: Engine) -> None:
    data = two_teams(engine)
    result = compute("WF01", data, D)
    # Council: 3 cases over 1 + 1 + 0.5 = 2.5 FTE = 1.2.
    assert result.value == 1.2
    groups = {g.key: g.result for g in breakdown(REGISTRY["WF01"], result, data, D, "team")}
    # T1: 2 cases / 1.0 FTE = 2.0. T2: 1 case / 1.5 FTE = 0.667.
    assert (groups["T1"].numerator, groups["T1"].denominator, groups["T1"].value) == (2, 1.0, 2.0)
    assert groups["T2"].numerator == 1 and groups["T2"].denominator == 1.5
    assert round(groups["T2"].value or 0, 3) == 0.667


def test_a_breakdown_by_worker_names_each_worker_and_keeps_those_with_no_cases(engine: Engine) -> None:
    data = two_teams(engine)
    result = compute("WF01", data, D)
    groups = breakdown(REGISTRY["WF01"], result, data, D, "worker")
    by_key = {g.key: g for g in groups}
    assert by_key["W3"].result.value == 0.0  # 0 cases over 0.5 FTE
    assert by_key["W1"].name == "Sam Worker"


def test_a_filter_to_one_team_gives_that_teams_figure(engine: Engine) -> None:
    data = two_teams(engine)
    result = compute("WF01", data, D)
    t2 = only(REGISTRY["WF01"], result, data, D, team="T2")
    assert (t2.numerator, t2.denominator) == (1, 1.5)


def moved_to_t2(child: str = "C1") -> list[Row]:
    """W1 (team T1) held the child from Mon 3 Jun to Mon 30 Sep 2024; W2 (team T2) from Tue 1 Oct."""
    return [
        team("T1"),
        team("T2"),
        worker("W1"),
        {**worker("W2"), "team_id": "T2"},
        allocation(child, "W1", start="2024-06-03", end="2024-09-30"),
        {**allocation(child, "W2", start="2024-10-01"), "team_id": "T2"},
    ]


def test_an_assessment_is_credited_to_the_team_and_worker_who_did_it_not_the_child_s_team_at_d(
    engine: Engine,
) -> None:
    # T1's W1 assessed C1 from Mon 2 Sep 2024, authorised Mon 16 Sep (10 working days: on time);
    # C1 moved to T2 on Tue 1 Oct, so at D the child is T2's, but the assessment is T1's work.
    data = council_data(
        engine,
        *moved_to_t2(),
        {**assessment("C1", start="2024-09-02", authorised="2024-09-16"), "team_id": "T1", "worker_id": "W1"},
    )
    for code in ("AS01", "AS02"):
        result = compute(code, data, D)
        assert result.detail.select("team_id", "worker_id").rows() == [("T1", "W1")]
        teams = {g.key: g.result.denominator for g in breakdown(REGISTRY[code], result, data, D, "team")}
        assert teams == {"T1": 1}


def test_a_conference_is_credited_to_the_team_that_led_the_enquiry(engine: Engine) -> None:
    # T1's W1 led C1's S47 enquiry from Mon 2 Sep 2024; the conference on Mon 23 Sep was 15 working
    # days on (in time). C1 is T2's child by D.
    data = council_data(
        engine,
        *moved_to_t2(),
        {**s47("C1", start="2024-09-02", id="S1"), "team_id": "T1", "worker_id": "W1"},
        icpc("C1", date="2024-09-23", s47_id="S1"),
    )
    result = compute("CP02", data, D)
    assert (result.value, result.detail.select("team_id", "worker_id").rows()) == (100.0, [("T1", "W1")])


def test_a_plan_that_ended_is_credited_to_whoever_held_the_child_that_day(engine: Engine) -> None:
    # C1's CP plan ran from Mon 3 Jun to Mon 16 Sep 2024, while W1 (T1) held the child; W2 (T2) holds
    # them at D. C2's plan began on Mon 7 Oct 2024, under W2 (T2). Both plans began in the year to D.
    data = council_data(
        engine,
        *moved_to_t2("C1"),
        {**allocation("C2", "W2", start="2024-10-01"), "team_id": "T2"},
        cp_plan("C1", start="2024-06-03", end="2024-09-16"),
        cp_plan("C2", start="2024-10-07"),
    )
    assert compute("CP06", data, D).detail.select("team_id", "worker_id").rows() == [("T1", "W1")]
    assert compute("CP05", data, D).detail.select("person_id", "team_id", "worker_id").rows() == [
        ("C1", "T1", "W1"),
        ("C2", "T2", "W2"),
    ]


def test_every_measure_credited_to_a_team_names_it_on_every_row_of_its_detail(engine: Engine) -> None:
    data = council_data(engine, *moved_to_t2(), council_fact())
    for code, measure in REGISTRY.items():
        detail = measure.evaluate(data, D, Settings()).detail
        if measure.credited is not None:
            assert {"team_id", "worker_id"} <= set(detail.columns), code


def test_work_credited_to_no_team_has_no_team_figures(engine: Engine) -> None:
    data = council_data(engine, *moved_to_t2(), contact("C1"))
    # A contact is the front door's: it is not given to the team the child reached later.
    assert REGISTRY["FD01"].credited is None
    assert REGISTRY["FD01"].unmet_by(data, D) == (
        "a team's or a worker's figure is not given: no team or worker is credited with this work"
    )
    detail = attributed(compute("FD01", data, D).detail)
    assert detail.select("team_id", "worker_id").unique().rows() == [(None, None)]


def test_rows_with_no_owner_form_their_own_group(engine: Engine) -> None:
    data = council_data(engine, team("T1"), worker("W1"), allocation("C1", "W1", start="2024-06-03"))
    detail = pl.DataFrame(
        {
            "person_id": ["C1", "C9"],
            "in_numerator": [True, False],
            "team_id": ["T1", None],
            "worker_id": ["W1", None],
        }
    )
    result = REGISTRY["RF02"]
    from lineofsight.measures.catalogue import summarise

    groups = breakdown(result, summarise("proportion", detail), data, D, "worker")
    # C1 is W1's (1 of 1 = 100%); C9 was never allocated (0 of 1 = 0%).
    assert {(g.key, g.result.value) for g in groups} == {("W1", 100.0), (UNALLOCATED, 0.0)}
