"""The synthetic council's caseloads look like a real council's: spread across a team's workers, not
all at one count, and a new starter takes on children over weeks, not on their first day."""

from __future__ import annotations

import datetime as dt

import polars as pl

from tests.synth.conftest import END, Council


def held_on(allocations: pl.DataFrame, day: pl.Expr | dt.date) -> pl.DataFrame:
    return allocations.filter(
        (pl.col("allocation_start_date") <= day)
        & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= day))
    )


def test_a_team_s_full_time_workers_hold_different_numbers_of_children(small_council: Council) -> None:
    _, tables = small_council
    full_time = tables["workers"].filter(
        (pl.col("worker_fte") == 1.0)
        & pl.col("worker_case_holding")
        & (pl.col("worker_start_date") < END - dt.timedelta(days=90))
    )
    spread = (
        held_on(tables["allocations"], END)
        .join(full_time.select("worker_id"), on="worker_id")
        .group_by("team_id", "worker_id")
        .len()
        .group_by("team_id")
        .agg((pl.col("len").max() - pl.col("len").min()).alias("spread"), pl.len().alias("workers"))
        .filter(pl.col("workers") >= 2)
    )
    assert spread.height > 0
    # Least-loaded allocation alone levelled a team's settled full-time workers to within one child
    # of each other (every one at 26 against a cap of 25, say); workers differ, so caseloads spread.
    assert spread["spread"].max() >= 3, spread


def test_a_new_agency_worker_holds_few_children_in_their_first_week(small_council: Council) -> None:
    _, tables = small_council
    agency = tables["workers"].filter(pl.col("worker_agency") & pl.col("worker_case_holding"))
    fourth_day = (
        tables["allocations"]
        .join(agency.select("worker_id", "worker_start_date"), on="worker_id")
        .filter(
            (pl.col("allocation_start_date") <= pl.col("worker_start_date") + pl.duration(days=4))
            & (
                pl.col("allocation_end_date").is_null()
                | (pl.col("allocation_end_date") >= pl.col("worker_start_date") + pl.duration(days=4))
            )
        )
        .group_by("worker_id")
        .len()
    )
    assert fourth_day.height > 0
    # Four days in, a quarter of a caseload growing to a full one over four weeks: about 9 of 25 at
    # most, where before a new worker took every waiting child at once (30 and more).
    assert fourth_day["len"].max() <= 15, fourth_day.sort("len").tail(3)
