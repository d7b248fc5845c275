"""Breaking a measure down by team or by worker, and filtering it to one team or worker.

A measure's detail already says which team and worker a row belongs to where the measure knows
(the worker who completed the assessment, the worker whose caseload it is). Where it does not, a
child's row belongs to the worker the child was allocated to at the as-at date (or, for a child whose
case has closed, their last allocation before it): the person a manager would ask about that child.
Each group is then summarised exactly as the whole council is, by the measure's kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import polars as pl

from lineofsight.data import CouncilData
from lineofsight.measures.catalogue import Measure, Result, summarise

By = Literal["team", "worker"]
UNALLOCATED = "(no allocated worker)"


@dataclass(frozen=True)
class Group:
    """One team's or worker's share of a measure."""

    key: str  # team_id or worker_id, or UNALLOCATED
    name: str
    result: Result


def attributed(data: CouncilData, detail: pl.DataFrame, as_at: dt.date) -> pl.DataFrame:
    """The detail with `worker_id` and `team_id` on every row that can have them."""
    if "worker_id" in detail.columns and "team_id" in detail.columns:
        return detail
    if "worker_id" in detail.columns:
        teams = data["workers"].select("worker_id", "team_id")
        return detail.join(teams, on="worker_id", how="left")
    if "person_id" not in detail.columns:
        return detail.with_columns(
            pl.lit(None, dtype=pl.String).alias("worker_id"), pl.lit(None, dtype=pl.String).alias("team_id")
        )
    owners = (
        data["allocations"]
        .filter(pl.col("allocation_start_date") <= as_at)
        .sort("allocation_start_date", "allocation_id")
        .group_by("person_id")
        .agg(
            pl.col("worker_id").last(),
            pl.col("team_id").last(),
            pl.col("allocation_end_date").last().alias("_end"),
        )
        # A child whose last allocation ended before D has no worker at D; they still belong to the
        # team that last held them, so the team's figures include its closed and unallocated work.
        .with_columns(
            pl.when(pl.col("_end").is_null() | (pl.col("_end") >= as_at))
            .then(pl.col("worker_id"))
            .otherwise(None)
            .alias("worker_id")
        )
        .drop("_end")
    )
    return detail.join(owners, on="person_id", how="left")


def names(data: CouncilData, by: By) -> dict[str, str]:
    """Display names of teams or workers (fictional in synthetic data)."""
    if by == "team":
        teams = data["teams"]
        return dict(zip(teams["team_id"], teams["team_name"], strict=True))
    workers = data["workers"].with_columns(
        (pl.col("worker_forename") + " " + pl.col("worker_surname")).alias("name")
    )
    return dict(zip(workers["worker_id"], workers["name"], strict=True))


def breakdown(measure: Measure, result: Result, data: CouncilData, as_at: dt.date, by: By) -> list[Group]:
    """The measure for each team or worker that has a row in its detail, largest first."""
    column = f"{by}_id"
    detail = attributed(data, result.detail, as_at).with_columns(
        pl.col(column).fill_null(UNALLOCATED).alias("_group")
    )
    labels = names(data, by)
    groups = []
    for key, rows in detail.group_by("_group", maintain_order=True):
        group_key = str(key[0])
        part = summarise(measure.kind, rows.drop("_group"), scale=measure.scale, population=None)
        label = labels.get(group_key, "(no team)" if by == "team" else group_key)
        groups.append(Group(group_key, label, part))
    return sorted(groups, key=lambda g: (-(g.result.denominator or g.result.numerator or 0), g.name))


def only(
    measure: Measure,
    result: Result,
    data: CouncilData,
    as_at: dt.date,
    team: str | None = None,
    worker: str | None = None,
    population: int | None = None,
) -> Result:
    """The measure restricted to one team's or one worker's rows."""
    detail = attributed(data, result.detail, as_at)
    if team is not None:
        detail = detail.filter(pl.col("team_id") == team)
    if worker is not None:
        detail = detail.filter(pl.col("worker_id") == worker)
    return summarise(measure.kind, detail, scale=measure.scale, population=population)
