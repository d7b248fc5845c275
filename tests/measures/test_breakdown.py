"""Breakdowns by team and worker, and filters to one team or worker, summarised as the council is."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight.measures import REGISTRY
from lineofsight.measures.breakdown import UNALLOCATED, attributed, breakdown, only
from tests.builders import allocation, compute, council_data, team, worker

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


def test_children_belong_to_their_worker_at_the_date_or_the_team_that_last_held_them(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        team("T1"),
        worker("W1"),
        allocation("C1", "W1", start="2024-06-03"),
        # C2's allocation ended before D: no worker at D, but still T1's child.
        allocation("C2", "W1", start="2024-06-03", end="2025-01-31"),
    )
    detail = pl.DataFrame({"person_id": ["C1", "C2", "C3"], "in_numerator": [True, False, True]})
    owners = attributed(data, detail, D).sort("person_id")
    assert owners.select("person_id", "worker_id", "team_id").rows() == [
        ("C1", "W1", "T1"),
        ("C2", None, "T1"),
        ("C3", None, None),  # never allocated
    ]


def test_rows_with_no_owner_form_their_own_group(engine: Engine) -> None:
    data = council_data(engine, team("T1"), worker("W1"), allocation("C1", "W1", start="2024-06-03"))
    detail = pl.DataFrame({"person_id": ["C1", "C9"], "in_numerator": [True, False]})
    result = REGISTRY["RF02"]
    from lineofsight.measures.catalogue import summarise

    groups = breakdown(result, summarise("proportion", detail), data, D, "worker")
    # C1 is W1's (1 of 1 = 100%); C9 was never allocated (0 of 1 = 0%).
    assert {(g.key, g.result.value) for g in groups} == {("W1", 100.0), (UNALLOCATED, 0.0)}
