"""Caseloads against caps, supervision due and each team's children: a team manager's view of workers.

A team manager's first questions each morning are about people: who is carrying too much, who has not
been supervised, which children have no worker. The alerts answer them as exceptions (AL22, AL23,
AL11); the team page shows every worker, so a manager sees who is near the cap as well as who is over
it, and when each supervision falls due before it is late.

The workers are those the workforce measures and worker alerts count (WF01, WF02, WF07, AL22, AL23):
case-holding social workers, qualified or in their first (ASYE) year, agency included, in post at D (a
leave date of D is still in post), each in the team on their own record. The caps and the supervision
due dates follow the alerts' rules exactly, so that a worker flagged here is a worker alerted there.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta

from lineofsight.alerts.casework import open_children, responsible_team
from lineofsight.data import CouncilData
from lineofsight.data.periods import open_at
from lineofsight.measures.workforce import case_holders_at, caseloads_at, unallocated_children
from lineofsight.settings import Settings

CASELOAD_COLUMNS = (
    "worker_id",
    "team_id",
    "worker_role",
    "worker_agency",
    "worker_fte",
    "first_year",
    "children",
    "cap",
    "over_cap",
)
SUPERVISION_COLUMNS = (
    "worker_id",
    "team_id",
    "worker_start_date",
    "last_supervision_date",
    "next_due",
    "overdue",
    "days_overdue",
)
ALLOCATED_COLUMNS = ("person_id", "worker_id", "team_id", "allocated_since")
TEAM_COLUMNS = (
    "team_id",
    "team_name",
    "workers",
    "children",
    "over_cap",
    "supervision_overdue",
    "alerts",
    "unallocated",
)


def first_year(as_at: dt.date) -> pl.Expr:
    """Whether a worker is in their first (ASYE) year at D: while their `asye_end_date` is after D,
    or, with no end date, while their record says ASYE (taken at its word), as WF02 and AL22 judge."""
    return (
        (pl.col("asye_end_date") > as_at)
        | ((pl.col("worker_role") == "asye") & pl.col("asye_end_date").is_null())
    ).fill_null(False)


def caseloads(
    data: CouncilData, as_at: dt.date, settings: Settings, team_id: str | None = None
) -> pl.DataFrame:
    """Each case-holding social worker in post at D (of `team_id`, when given) with the children
    allocated to them at D, their cap, and whether they are over it; by worker.

    The cap is AL22's: the full-time cap of their role (`caseload_cap_qualified`, or
    `caseload_cap_asye` in the first year) pro rata to FTE, rounded to two decimals, and an FTE not
    recorded is taken as 1 (the largest cap they could carry). Only a caseload above the cap is over
    it: 25 children on a cap of 25 is at the cap. A co-worked child is on both workers' caseloads, as
    the workforce census counts cases held.
    """
    workers = case_holders_at(data, as_at)
    if team_id is not None:
        workers = workers.filter(pl.col("team_id") == team_id)
    full_time = (
        pl.when(pl.col("first_year"))
        .then(settings.caseload_cap_asye)
        .otherwise(settings.caseload_cap_qualified)
    )
    return (
        caseloads_at(data, as_at, workers)
        .with_columns(first_year(as_at).alias("first_year"))
        .with_columns((full_time * pl.col("worker_fte").fill_null(1.0)).round(2).alias("cap"))
        .with_columns((pl.col("children") > pl.col("cap")).alias("over_cap"))
        .select(CASELOAD_COLUMNS)
        .sort("worker_id")
    )


def supervision_due(
    data: CouncilData, as_at: dt.date, settings: Settings, team_id: str | None = None
) -> pl.DataFrame:
    """Each case-holding social worker in post at D (of `team_id`, when given) with their latest
    supervision on or before D, the day the next one is due, and whether it is overdue; by worker.

    The next supervision is due `supervision_interval_weeks` calendar weeks after the latest, or
    after the start of a worker's current spell when they have had none in it (AL23's rule). It is
    overdue from the day after: one due on D is still in time. A worker in post for less than the
    interval is never overdue, as AL23 and WF07 judge only those in post for at least that long.
    """
    weeks = relativedelta(weeks=settings.supervision_interval_weeks)
    workers = case_holders_at(data, as_at)
    if team_id is not None:
        workers = workers.filter(pl.col("team_id") == team_id)
    latest = (
        data["supervisions"]
        .filter(pl.col("supervision_date") <= as_at)
        .group_by("worker_id")
        .agg(pl.col("supervision_date").max().alias("last_supervision_date"))
    )
    judged = pl.col("worker_start_date") <= as_at - weeks
    overdue = judged & (pl.col("next_due") < as_at)
    return (
        workers.join(latest, on="worker_id", how="left")
        .with_columns(
            pl.coalesce("last_supervision_date", "worker_start_date")
            .dt.offset_by(f"{settings.supervision_interval_weeks}w")
            .alias("next_due")
        )
        .with_columns(overdue.alias("overdue"))
        .with_columns(
            pl.when("overdue")
            .then((pl.lit(as_at) - pl.col("next_due")).dt.total_days())
            .otherwise(None)
            .alias("days_overdue")
        )
        .select(SUPERVISION_COLUMNS)
        .sort("worker_id")
    )


def allocated_children(
    data: CouncilData, as_at: dt.date, worker_id: str | None = None, team_id: str | None = None
) -> pl.DataFrame:
    """The children allocated at D (to `worker_id` or within `team_id`, when given): one row per
    child and worker, with the allocation's team and the day the allocation began; by child.

    These are the children a worker's caseload counts (`caseloads`), so a worker's list of children
    and the number against their cap agree. A child held by two allocations to one worker is one row,
    from the earlier; an allocation ending on D still holds the child.
    """
    allocations = data["allocations"].filter(open_at("allocation_start_date", "allocation_end_date", as_at))
    if worker_id is not None:
        allocations = allocations.filter(pl.col("worker_id") == worker_id)
    if team_id is not None:
        allocations = allocations.filter(pl.col("team_id") == team_id)
    return (
        allocations.sort("allocation_start_date", "allocation_id")
        .group_by("person_id", "worker_id", maintain_order=True)
        .agg(pl.col("team_id").last(), pl.col("allocation_start_date").first().alias("allocated_since"))
        .select(ALLOCATED_COLUMNS)
        .sort("person_id", "worker_id")
    )


def teams(data: CouncilData, as_at: dt.date, settings: Settings, alerts: pl.DataFrame) -> pl.DataFrame:
    """Every team with its figures at D, by team: case-holding workers, children allocated, workers
    over their cap, workers whose supervision is overdue, from `alerts` (a worklist as at D, with its
    `code` and `team` columns) the alerts raised in the team, and its unallocated children.

    A team's children are those allocated within it at D, whoever holds them (a personal adviser's
    young people too); each child is counted once however many of the team's workers hold them.
    Unallocated children are counted as measure WF08 counts them, each in the team WF08 names, so that
    the teams add up to the council's figure. Not from alert AL11: it is raised from the day after the
    case opened (an alert is never raised on its due day), so a child referred on D and not yet
    allocated was in WF08 and missing here (22 against 23 on the stretched council's last day).
    """
    held = caseloads(data, as_at, settings).join(
        supervision_due(data, as_at, settings).select("worker_id", "overdue"), on="worker_id"
    )
    workers = held.group_by("team_id").agg(
        pl.len().alias("workers"),
        pl.col("over_cap").sum().alias("over_cap"),
        pl.col("overdue").sum().alias("supervision_overdue"),
    )
    children = (
        allocated_children(data, as_at)
        .group_by("team_id")
        .agg(pl.col("person_id").n_unique().alias("children"))
    )
    raised = alerts.rename({"team": "team_id"}).group_by("team_id").agg(pl.len().alias("alerts"))
    unallocated = (
        unallocated_children(data, as_at, settings)
        .group_by("team_id")
        .agg(pl.col("person_id").n_unique().alias("unallocated"))
    )
    counts = ("workers", "children", "over_cap", "supervision_overdue", "alerts", "unallocated")
    return (
        data["teams"]
        .select("team_id", "team_name")
        .join(workers, on="team_id", how="left")
        .join(children, on="team_id", how="left")
        .join(raised, on="team_id", how="left")
        .join(unallocated, on="team_id", how="left")
        .with_columns(pl.col(name).fill_null(0).cast(pl.Int64) for name in counts)
        .select(TEAM_COLUMNS)
        .sort("team_id")
    )


def teams_of_child(data: CouncilData, child_id: str, as_at: dt.date) -> set[str]:
    """The teams a child belongs to at D: those of the allocations open at D (an end on D still
    holds the child; two are open on a handover day or in a co-worked case), or, for a child open to
    children's social care whom no allocation holds, the team answerable for them as AL11 names it
    (`alerts.casework.responsible_team`). A child neither allocated nor open belongs to no team."""
    allocations = data["allocations"].filter(
        (pl.col("person_id") == child_id) & open_at("allocation_start_date", "allocation_end_date", as_at)
    )
    if allocations.height:
        return set(allocations["team_id"].drop_nulls())
    at = pl.DataFrame({"person_id": [child_id], "as_at": [as_at]})
    answerable = responsible_team(data, open_children(data, at))
    return set(answerable["team_id"].drop_nulls())
