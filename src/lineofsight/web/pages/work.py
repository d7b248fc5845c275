"""The My work page: a social worker's own children, what is due this week, and whom to visit first.

The page is a social worker's: their caseload is the children allocated to their worker id at D (as the
team page counts it against their cap). Other roles are shown a short page saying so, with a 403, since
they have no caseload of their own: a manager's view is the team page.

What is due this week comes from a list of action sources (`ACTION_SOURCES`), each giving the tasks
with a due date about the worker's children: today the worklist (`lineofsight alerts --worker W`),
every alert overdue at D and those the worklist a week ahead raises with a due date from D on (see
`due_this_week`); other kinds of work (audit actions) join by adding a source. The page shows the
worker's own actions first, and the actions others must take about their children apart, each with
who must act. Standing concerns (a long plan, a repeat plan, many workers: `Alert.kind`) are not tasks
and are never "overdue": they are listed on their own, with the day they arose. The visit priority is
`lineofsight priorities --worker W`, with its reasons. Tables download as CSV at
`/my-work/{table}.csv`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from lineofsight import caseloads, formatting
from lineofsight.alerts.catalogue import REGISTRY as ALERTS
from lineofsight.alerts.visit_priority import as_json as priorities_json
from lineofsight.alerts.visit_priority import not_scored, unavailable
from lineofsight.alerts.worklist import as_json as worklist_json
from lineofsight.alerts.worklist import not_checked
from lineofsight.assurance.actions import open_actions
from lineofsight.measures.breakdown import names
from lineofsight.settings import Settings
from lineofsight.web import access, rendering
from lineofsight.web.auth import Viewer, visible
from lineofsight.web.pages.teams import AsAt, Snapshot, Who, alert_rows, records, snapshot
from lineofsight.web.rendering import csv_response, render, settings_of

router = APIRouter()

WEEK = 7  # days: "this week" is D and the six days after it
MINE = "social worker"  # the owner of the actions that are the worker's own (`Alert.owner`)
PLANS = {"CP": "Child protection plan", "CLA": "Looked after", "CIN": "Child in need plan"}
FIELDS = ("factor", "points", "reason")  # of each visit priority factor, as the CSV words it


class WorkTable(enum.StrEnum):
    """The tables of My work, each a CSV download."""

    children = "children"
    due = "due"
    concerns = "concerns"
    visit_priority = "visit-priority"


def due_this_week(kept: Snapshot, as_at: dt.date, settings: Settings, worker_id: str) -> pl.DataFrame:
    """The alerts about the worker's children that are overdue at D or fall due in the week from D
    (D to D + 6 days), soonest due first; `days_overdue` counts from the due date to D, so it is 0
    for one due on D and negative for one due later in the week.

    The worklist raises an alert the day after its due date, so the worklist as at D + 7 days holds
    every alert due by D + 6 days that nothing recorded has met. At the last day of the data (the
    default) nothing is recorded after D and this is exactly the work still to do; for an earlier D,
    what was recorded in the week after D counts, so the list shows what was still outstanding. Alerts
    about the worker themselves (a caseload over its cap, supervision) are the team manager's, and
    name no child: they are left out.
    """
    mine = pl.col("worker_id") == worker_id
    overdue = kept.worklist(as_at, settings).filter(mine)
    ahead = kept.worklist(as_at + dt.timedelta(days=WEEK), settings).filter(mine & (pl.col("due") >= as_at))
    return (
        pl.concat([overdue, ahead])
        .filter(pl.col("child_id").is_not_null() & pl.col("code").is_in(TASKS))
        .with_columns((pl.lit(as_at) - pl.col("due")).dt.total_days().alias("days_overdue"))
        .sort("due", "code", "child_id", "detail")
    )


def standing_concerns(kept: Snapshot, as_at: dt.date, settings: Settings, worker_id: str) -> pl.DataFrame:
    """The standing concerns about the worker's children raised as at D (worklist rows, `due` the
    day the concern arose), the longest-standing first."""
    return (
        kept.worklist(as_at, settings)
        .filter((pl.col("worker_id") == worker_id) & pl.col("code").is_in(CONCERNS))
        .sort("due", "code", "child_id", "detail")
    )


CHILD_ALERTS = frozenset(code for code, declared in ALERTS.items() if declared.about == "child")
TASKS = sorted(code for code, declared in ALERTS.items() if declared.kind == "task")
CONCERNS = sorted(code for code, declared in ALERTS.items() if declared.kind == "concern")

Actions = Callable[[Snapshot, dt.date, Settings, str], pl.DataFrame]


@dataclass(frozen=True)
class ActionSource:
    """A kind of work that joins a social worker's list of actions on My work.

    `find(kept, D, settings, worker_id)` gives worklist rows (`code`, `child_id`, `worker_id`, `team`,
    `owner`, `due`, `days_overdue`, `detail`) about the worker's children: each task overdue at D or
    falling due in the week from D, with who must act (`owner`)."""

    name: str
    find: Actions


ACTION_SOURCES: tuple[ActionSource, ...] = (ActionSource("alerts", due_this_week),)


def actions_this_week(
    kept: Snapshot, as_at: dt.date, settings: Settings, worker_id: str, scores: pl.DataFrame
) -> pl.DataFrame:
    """Every source's actions, by urgency and then risk: soonest due first (the most overdue at
    the top), and among those due the same day the child with the highest visit priority score
    (`scores`: `person_id`, `score`) first."""
    found = [source.find(kept, as_at, settings, worker_id) for source in ACTION_SOURCES]
    columns = found[0].columns
    return (
        pl.concat([frame.select(columns) for frame in found])
        .join(scores.select(pl.col("person_id").alias("child_id"), "score"), on="child_id", how="left")
        .sort(["due", "score", "code", "child_id", "detail"], descending=[False, True, False, False, False])
        .drop("score")
    )


@dataclass(frozen=True)
class MyWork:
    """What a social worker's page shows as at a date, as frames."""

    as_at: dt.date
    worker_id: str
    children: pl.DataFrame  # child_id, plan, open, team, allocated_since (and worker_id, for `visible`)
    due: pl.DataFrame  # worklist rows, days_overdue from D (negative: due later in the week)
    priorities: pl.DataFrame  # `visit_priorities` rows, highest score first
    concerns: pl.DataFrame  # worklist rows of the standing concerns about the worker's children
    not_checked: tuple[dict[str, str], ...] = ()  # alerts about children the data cannot check, and why
    priority_unavailable: str | None = None  # why no visit priority can be given from the data held
    not_scored: tuple[dict[str, str], ...] = ()  # factors of the priority the data cannot score, and why
    # Assurance (issue 18): actions set for this worker by case audits and improvement plans.
    actions: pl.DataFrame = dataclasses.field(default_factory=pl.DataFrame)

    def child_ids(self) -> list[str]:
        named = pl.concat(
            [
                self.children["child_id"],
                self.due["child_id"],
                self.concerns["child_id"],
                self.priorities["person_id"],
            ]
        )
        if "child_id" in self.actions.columns:
            named = pl.concat([named, self.actions["child_id"]])
        return sorted(set(named.drop_nulls()))

    def mine(self) -> pl.DataFrame:
        """The actions that are the worker's own to take."""
        return self.due.filter(pl.col("owner") == MINE)

    def others(self) -> pl.DataFrame:
        """The actions someone else must take about the worker's children (a manager, a chair)."""
        return self.due.filter(pl.col("owner") != MINE)

    def table(self, name: WorkTable) -> pl.DataFrame:
        if name is WorkTable.children:
            return self.children.drop("worker_id")
        if name is WorkTable.due:
            return alert_rows(self.due)
        if name is WorkTable.concerns:
            return alert_rows(self.concerns)
        return self.priorities.select(
            pl.col("person_id").alias("child_id"),
            "plan",
            "score",
            pl.col("factors")
            .list.eval(pl.format("{} ({} points): {}", *(pl.element().struct.field(f) for f in FIELDS)))
            .list.join("; ")
            .alias("reasons"),
        )

    def as_json(self) -> dict[str, Any]:
        """The page as data: `due_this_week` in the worklist contract, `visit_priority` the document
        of `lineofsight priorities --worker W --json`."""
        return {
            "as_at": self.as_at.isoformat(),
            "worker_id": self.worker_id,
            "children": records(self.children.drop("worker_id")),
            "due_this_week": worklist_json(self.as_at, self.due)["alerts"],
            "standing_concerns": worklist_json(self.as_at, self.concerns)["alerts"],
            "visit_priority": priorities_json(self.as_at, self.worker_id, None, self.priorities),
            "not_checked": list(self.not_checked),
            "priority_unavailable": self.priority_unavailable,
            "not_scored": list(self.not_scored),
            "actions": records(self.actions),
        }


def is_for(who: Viewer) -> bool:
    """My work is a social worker's own caseload: it needs the worker id their account names."""
    return who.role == "social_worker" and bool(who.worker_id)


def my_work_at(request: Request, who: Viewer, when: str | None) -> MyWork:
    """The social worker's page as at `when` (default: the last day of the data)."""
    if not is_for(who) or who.worker_id is None:
        raise HTTPException(
            status_code=403, detail="My work is for social workers, with a caseload of their own."
        )
    kept = snapshot(request)
    data, settings = kept.data, settings_of(request)
    day = rendering.as_at(data, when)
    # Every open child's score is kept for the date and cut to the worker, as `visit_priorities(...,
    # worker_id=W)` cuts it: a child's factors are the child's own, so the cut gives the same rows.
    every = kept.visit_priorities(day, settings)
    priorities = visible(who, every.filter(pl.col("worker_id") == who.worker_id))
    allocated = visible(who, caseloads.allocated_children(data, day, worker_id=who.worker_id))
    children = allocated.join(
        priorities.select("person_id", "plan", pl.lit(True).alias("open")), on="person_id", how="left"
    ).select(
        pl.col("person_id").alias("child_id"),
        "plan",
        pl.col("open").fill_null(False),
        pl.col("team_id").alias("team"),
        "allocated_since",
        "worker_id",
    )
    return MyWork(
        as_at=day,
        worker_id=who.worker_id,
        children=children,
        due=visible(who, actions_this_week(kept, day, settings, who.worker_id, priorities)),
        concerns=visible(who, standing_concerns(kept, day, settings, who.worker_id)),
        priorities=priorities,
        priority_unavailable=unavailable(data, day),
        not_scored=tuple(not_scored(data, day, settings)),
        actions=open_actions(data, day, owner_id=who.worker_id),
        not_checked=tuple(
            kept.kept(
                ("not checked", day), lambda: [n for n in not_checked(data, day) if n["code"] in CHILD_ALERTS]
            )
        ),
    )


@router.get("/my-work", response_class=HTMLResponse, include_in_schema=False)
def my_work_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """A social worker's children, what is due this week, and the visit priority with its reasons."""
    if not is_for(who):
        return render(request, "my_work.html", status_code=403, viewer=who, title="My work", work=None)
    work = my_work_at(request, who, as_at)
    access.listed(request, who, request.url.path, work.child_ids())
    data = snapshot(request).data  # for the names of workers and teams: people read names, not ids
    return render(
        request,
        "my_work.html",
        viewer=who,
        title="My work",
        work=work,
        children=list(work.children.iter_rows(named=True)),
        due=list(alert_rows(work.mine()).iter_rows(named=True)),
        others=list(alert_rows(work.others()).iter_rows(named=True)),
        concerns=list(alert_rows(work.concerns).iter_rows(named=True)),
        priorities=list(work.priorities.iter_rows(named=True)),
        overdue=work.mine().filter(pl.col("days_overdue") > 0).height,
        week_end=work.as_at + dt.timedelta(days=WEEK - 1),
        plans=PLANS,
        workers=names(data, "worker"),
        teams=names(data, "team"),
        openable=set(work.children["child_id"]),
        count=formatting.count,
        not_checked=work.not_checked,
        actions=list(work.actions.iter_rows(named=True)),
    )


@router.get("/api/my-work", tags=["my work"])
def my_work_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """A social worker's page as JSON: their children, the alerts overdue or due in the week from
    `as_at` (days_overdue is negative for one not yet due), and the visit priority with its reasons."""
    work = my_work_at(request, who, as_at)
    access.listed(request, who, request.url.path, work.child_ids())
    return work.as_json()


@router.get("/my-work/{table}.csv", tags=["my work"])
def my_work_csv(request: Request, table: WorkTable, who: Who, as_at: AsAt = None) -> Response:
    """One table of My work as CSV: children, due (every action, with who must act), concerns or
    visit-priority."""
    work = my_work_at(request, who, as_at)
    rows = work.table(table)
    access.listed(request, who, request.url.path, sorted(set(rows["child_id"].drop_nulls())))
    return csv_response(rows, f"my-work-{table.value}-{work.as_at.isoformat()}.csv")
