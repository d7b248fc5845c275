"""The figures of each team on the list of teams: unallocated children counted as WF08 counts them."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine

from lineofsight import caseloads
from lineofsight.alerts import worklist
from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import allocation, council_data, person, referral, team, worker

D = dt.date(2025, 3, 31)  # a Monday


def test_a_child_referred_on_d_and_not_yet_allocated_is_unallocated_in_the_team_as_in_wf08(
    engine: Engine,
) -> None:
    # T1 has W1, who holds C1. C2 was referred on Mon 3 Mar and never allocated; C3 was referred on D
    # itself and has no worker yet. WF08 counts both (2); alert AL11 is raised for C2 only, since an
    # alert is raised from the day after it fell due. The team's figure is WF08's: 2, not 1.
    data = council_data(
        engine,
        team("T1"),
        worker("W1"),
        *(person(child) for child in ("C1", "C2", "C3")),
        referral("C1", "2025-01-06"),
        {**referral("C2", "2025-03-03"), "team_id": "T1"},  # referrals taken by T1
        {**referral("C3", "2025-03-31"), "team_id": "T1"},
        allocation("C1", "W1", start="2025-01-06"),
    )
    settings = Settings()
    wf08 = REGISTRY["WF08"].evaluate(data, D, settings)
    assert wf08.value == 2
    alerts = worklist(data, D, settings)
    assert alerts.filter(pl.col("code") == "AL11")["child_id"].to_list() == ["C2"]
    teams = caseloads.teams(data, D, settings, alerts)
    assert teams.select("team_id", "unallocated").rows() == [("T1", 2)]
