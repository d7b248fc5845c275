"""Worklists: the alerts one person must act on this morning, most overdue first.

A team manager asks "what is overdue in my team?", a social worker "what is overdue on my caseload?",
an independent reviewing officer "which reviews have I missed?". Each is the same list, every alert as at
a date, cut by team, worker or owner (the role that must act) and put in order of how long it has been
overdue. The CLI, the web pages and the JSON contract all read this one list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from lineofsight.alerts.catalogue import REGISTRY, open_alerts
from lineofsight.data import CouncilData
from lineofsight.settings import Settings

# The worklist's columns, in the order the JSON contract gives them.
COLUMNS = ("code", "child_id", "worker_id", "team", "owner", "due", "days_overdue", "detail")


def owners() -> list[str]:
    """Every owner an alert names, as the catalogue words them ("team manager", ...)."""
    return sorted({declared.owner for declared in REGISTRY.values()})


def owner_named(text: str) -> str:
    """The catalogue's owner for what a person typed: `team-manager`, `Team_Manager` and `team manager`
    are one role. Raises ValueError naming the roles there are."""
    wanted = " ".join(text.replace("-", " ").replace("_", " ").lower().split())
    for owner in owners():
        if owner == wanted:
            return owner
    raise ValueError(f"no alert is owned by {text!r} (owners: {', '.join(owners())})")


def worklist(
    data: CouncilData,
    as_at: dt.date,
    settings: Settings,
    *,
    team: str | None = None,
    worker: str | None = None,
    owner: str | None = None,
    codes: list[str] | None = None,
) -> pl.DataFrame:
    """Every alert raised as at `as_at` (or those of `codes`), for one team, worker or owner if named,
    most overdue first.

    A worker alert about a caseload over its cap has no due date, so it has no days overdue either; it
    comes after every dated alert, since the list is ordered by how late the work is. Ties keep the
    catalogue's order, then the child's identifier, so the list reads the same every morning.
    """
    alerts = open_alerts(data, as_at, settings, codes)
    owner_of = pl.DataFrame(
        {"code": list(REGISTRY), "owner": [declared.owner for declared in REGISTRY.values()]}
    )
    rows = alerts.join(owner_of, on="code", how="left").rename({"person_id": "child_id", "team_id": "team"})
    if team is not None:
        rows = rows.filter(pl.col("team") == team)
    if worker is not None:
        rows = rows.filter(pl.col("worker_id") == worker)
    if owner is not None:
        rows = rows.filter(pl.col("owner") == owner_named(owner))
    return rows.sort(
        ["days_overdue", "code", "child_id", "worker_id", "detail"],
        descending=[True, False, False, False, False],
        nulls_last=True,
    ).select(COLUMNS)


def not_checked(data: CouncilData, as_at: dt.date, codes: list[str] | None = None) -> list[dict[str, str]]:
    """The alerts (or those of `codes`) the loaded data cannot check as at `as_at`, each with its
    title and why: a worklist without them is not a clean bill, and the page says so."""
    wanted = sorted(REGISTRY if codes is None else codes)
    found = []
    for code in wanted:
        reason = REGISTRY[code].unmet(data, as_at)
        if reason is not None:
            found.append({"code": code, "title": REGISTRY[code].title, "reason": reason})
    return found


def as_json(as_at: dt.date, rows: pl.DataFrame) -> dict[str, Any]:
    """The worklist's JSON contract: `{"as_at": ..., "alerts": [{code, child_id, ...}, ...]}`."""
    alerts = [
        {**row, "due": row["due"].isoformat() if row["due"] is not None else None}
        for row in rows.iter_rows(named=True)
    ]
    return {"as_at": as_at.isoformat(), "alerts": alerts}
