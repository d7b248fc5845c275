"""Breaking a measure down by team or by worker, and filtering it to one team or worker.

A measure's detail says which team and worker each row is credited to, as its declaration says
(`Measure.credited`): for an event, the team and worker who did the work (the assessment's own, the
worker holding the child the day the plan ended); for a state at D, the ones holding the child at D;
for the workforce, the worker in their own team. Each group is then summarised exactly as the whole
council is, by the measure's kind.
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


def attributed(detail: pl.DataFrame) -> pl.DataFrame:
    """The detail with `team_id` and `worker_id` on every row: a measure's own detail names the team
    and worker its declaration credits (`Measure.credited`); one credited to no team or worker (the
    front door's contacts, allegations against adults) gets none, so its rows fall outside every team
    rather than into the team a child happened to reach later."""
    missing = [
        pl.lit(None, dtype=pl.String).alias(name)
        for name in ("team_id", "worker_id")
        if name not in detail.columns
    ]
    return detail.with_columns(missing) if missing else detail


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
    detail = attributed(result.detail).with_columns(pl.col(column).fill_null(UNALLOCATED).alias("_group"))
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
    detail = attributed(result.detail)
    if team is not None:
        detail = detail.filter(pl.col("team_id") == team)
    if worker is not None:
        detail = detail.filter(pl.col("worker_id") == worker)
    return summarise(measure.kind, detail, scale=measure.scale, population=population)
