"""The Team page: a team's alerts by owner and due date, caseloads against caps, supervision due and
unallocated children; and the list of teams, for those who see every team.

A team manager opens this page every morning, and so do all the other managers, at about the same
time. Each page shows the council's data as it is now (pages are live), but reading the store and
computing every alert takes over a second for a large council, so the data, the worklist of each date
and the body of each team's page are kept while the data is unchanged (`Snapshot`, on `web/cache.py`):
a load or a new record changes the data's version, and the next request reads afresh.

The worklist is the CLI's (`lineofsight alerts --team T`): every alert raised as at D, most overdue
first, cut to the team. Caseloads and supervision are `lineofsight.caseloads`, on the rules of AL22 and
AL23. Tables download as CSV at `/teams/{team_id}/{table}.csv` and `/teams.csv`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

import polars as pl
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import Engine

from lineofsight import caseloads, formatting
from lineofsight.alerts import REGISTRY
from lineofsight.alerts.visit_priority import visit_priorities
from lineofsight.alerts.worklist import as_json as worklist_json
from lineofsight.alerts.worklist import not_checked, worklist
from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLOCATIONS
from lineofsight.data.needs import Need, unmet
from lineofsight.measures import REGISTRY as MEASURES
from lineofsight.measures.breakdown import names
from lineofsight.measures.workforce import unallocated_children
from lineofsight.settings import Settings
from lineofsight.web import access, cache, rendering, shared
from lineofsight.web.auth import Viewer, viewer, visible
from lineofsight.web.rendering import csv_response, render, settings_of

router = APIRouter()
T = TypeVar("T")

Who = Annotated[Viewer, Depends(viewer)]
AsAt = Annotated[
    str | None, Query(description="The date D, YYYY-MM-DD (default: the last day the data covers).")
]

PER_PAGE = 25  # alert rows per page of a team's tasks and of its standing concerns
KEPT_DATES = 16  # worklists kept while the data is unchanged: D, a week ahead, dates looked back to
KEPT_PAGES = 64  # team pages (a team at a date), and their tables, kept while the data is unchanged


class TeamTable(enum.StrEnum):
    """The tables of a team's page, each a CSV download."""

    alerts = "alerts"
    caseloads = "caseloads"
    supervision = "supervision"
    unallocated = "unallocated"


# The data, kept while it is unchanged.


class Snapshot:
    """A request's way to the council's data and to what is worked out from it, both kept between
    requests while the data is unchanged (`web/cache.py`): the data's version is checked once per
    request, and the data itself is read once per version, each table on first use."""

    def __init__(self, app: FastAPI, request: Request | None = None) -> None:
        """`request`: the page being answered, which may then be answered from the figures from
        before a change of the data while the new ones are worked out (`rendering.kept_version`)."""
        self.figures = cache.of(app)
        self.engine: Engine = app.state.engine
        self.version = rendering.kept_version(self.figures, request)
        self.data: CouncilData = rendering.kept_council(self.figures, self.version, app.state.engine)

    def kept(self, key: Hashable, compute: Callable[[], T], limit: int | None = None) -> T:
        """The value kept under `key` (a tuple, its first item naming the kind) for this version of
        the data, else `compute()`'s, kept for the next request; many asking at once wait for one.
        `limit` keeps at most that many values of the kind, least recently used dropped first."""
        return self.figures.get(self.version, key, compute, limit=limit)

    def worklist(self, day: dt.date, settings: Settings) -> pl.DataFrame:
        """Every alert raised as at `day`, most overdue first: `worklist(data, day, settings)`."""
        return self.kept(
            ("worklist", day),
            lambda: self.shared(("worklist", day, settings), lambda: worklist(self.data, day, settings)),
            KEPT_DATES,
        )

    def visit_priorities(self, day: dt.date, settings: Settings) -> pl.DataFrame:
        """Every open child's visit priority as at `day`: `visit_priorities(data, day, settings)`."""
        return self.kept(
            ("visit priorities", day),
            lambda: self.shared(
                ("visit priorities", day, settings), lambda: visit_priorities(self.data, day, settings)
            ),
            KEPT_DATES,
        )

    def shared(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`'s value, worked out once for all of a server's workers (`web/shared.py`) under
        `key` and the data's fingerprint at this version (found before the data was read): after a
        load both workers want the same worklist at once. Worked out here where there is no
        fingerprint for this version (an older version, answered from before a change)."""
        found = self.figures.fingerprint(self.version)
        if found is None or shared.folder() is None:
            return compute()
        url = self.engine.url.render_as_string(hide_password=False)
        return shared.shared((*key, url, found), compute)


def snapshot(request: Request) -> Snapshot:
    """The council's data as it is now, and what has been worked out from it at this version."""
    return Snapshot(request.app, request)


def warm(app: FastAPI) -> None:
    """Work out what the team pages, My work and children's pages share, as at the last day of the
    data: the data itself, the council's worklist and its visit priorities (run by the warming
    thread after a change of the data, before pages stop showing the figures from before it)."""
    kept = Snapshot(app)
    day = rendering.as_at(kept.data, None)
    kept.worklist(day, app.state.settings)
    kept.visit_priorities(day, app.state.settings)


def alert_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """Worklist rows with each alert's title from the catalogue, for tables and CSV downloads."""
    titles = pl.DataFrame({"code": list(REGISTRY), "title": [a.title for a in REGISTRY.values()]})
    return rows.join(titles, on="code", how="left").select(
        "code", "title", "child_id", "worker_id", "team", "owner", "due", "days_overdue", "detail"
    )


def by_urgency_then_risk(rows: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """Tasks most overdue first, and among those overdue by as many days the child with the highest
    visit priority score (`scores`: `person_id`, `score`; none where it cannot be scored) first, as
    My work orders them; then by alert and child, so the order never changes between requests."""
    return (
        rows.join(scores.select(pl.col("person_id").alias("child_id"), "score"), on="child_id", how="left")
        .sort(
            ["days_overdue", "score", "code", "child_id", "detail"],
            descending=[True, True, False, False, False],
            nulls_last=True,
        )
        .drop("score")
    )


# One team.


@dataclass(frozen=True)
class Team:
    """What a team's page shows as at a date: every table, as frames."""

    as_at: dt.date
    team_id: str
    team_name: str
    alerts: pl.DataFrame  # the worklist cut to the team (and to what the viewer may see)
    caseloads: pl.DataFrame
    supervision: pl.DataFrame
    unallocated: pl.DataFrame  # the team's children as WF08 counts them, with AL11's due day where raised
    not_checked: tuple[dict[str, str], ...] = ()  # alerts the loaded data cannot check, and why
    caseloads_reason: str | None = None  # why caseloads cannot be counted from the data held (AL22's)
    supervision_reason: str | None = None  # why supervision cannot be checked from the data held (AL23's)
    unallocated_reason: str | None = None  # why unallocated children cannot be known (WF08's)

    def child_ids(self) -> list[str]:
        """Every child the page names: in its alerts and its unallocated children."""
        return sorted(
            set(self.alerts["child_id"].drop_nulls()) | set(self.unallocated["child_id"].drop_nulls())
        )

    def table(self, name: TeamTable) -> pl.DataFrame:
        frames = {
            TeamTable.alerts: alert_rows(self.alerts),
            TeamTable.caseloads: self.caseloads,
            TeamTable.supervision: self.supervision,
            TeamTable.unallocated: self.unallocated,
        }
        return frames[name]

    def as_json(self) -> dict[str, Any]:
        """The team's page as data: `alerts` is the worklist contract (`lineofsight alerts --team T
        --json`); the other tables one object per row, dates as YYYY-MM-DD."""
        return {
            "as_at": self.as_at.isoformat(),
            "team_id": self.team_id,
            "team_name": self.team_name,
            "alerts": worklist_json(self.as_at, self.alerts)["alerts"],
            "caseloads": records(self.caseloads),
            "supervision": records(self.supervision),
            "unallocated": records(self.unallocated),
            "not_checked": list(self.not_checked),
            "caseloads_reason": self.caseloads_reason,
            "supervision_reason": self.supervision_reason,
        }


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON objects, dates as YYYY-MM-DD."""
    return [
        {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in row.items()}
        for row in frame.iter_rows(named=True)
    ]


def may_see_team(who: Viewer, team_id: str) -> bool:
    """A team manager sees their own team; those who see every child (head of service, director,
    auditor) see every team. A social worker's page is My work, and an analyst works with measures."""
    return who.sees_every_child or (who.role == "team_manager" and who.team_id == team_id)


def team_at(request: Request, who: Viewer, team_id: str, when: str | None) -> tuple[Snapshot, Team]:
    """The team's page as at `when` (default: the last day of the data), and the snapshot of the
    data it was worked out from; 403 for a viewer who may not see the team, 404 for no such team."""
    if not may_see_team(who, team_id):
        raise HTTPException(status_code=403, detail="You do not have permission to see this team's page.")
    kept = snapshot(request)
    data, settings = kept.data, settings_of(request)
    named = data["teams"].filter(pl.col("team_id") == team_id)
    if named.height == 0:
        raise HTTPException(status_code=404, detail="There is no team with this identifier.")
    day = rendering.as_at(data, when)

    def whole() -> Team:
        # Caseloads are what AL22 counts and supervision what AL23 checks: the same data, or neither.
        counting, supervising = REGISTRY["AL22"].unmet(data, day), REGISTRY["AL23"].unmet(data, day)
        unknown = not_known(data, day, settings, "WF08")
        # The whole council's worklist, kept, cut as `worklist(..., team=team_id)` cuts it.
        alerts = kept.worklist(day, settings).filter(pl.col("team") == team_id)
        return Team(
            as_at=day,
            team_id=team_id,
            team_name=str(named["team_name"][0] or team_id),
            alerts=alerts,
            caseloads=caseloads.caseloads(data, day, settings, team_id).clear()
            if counting
            else caseloads.caseloads(data, day, settings, team_id),
            supervision=caseloads.supervision_due(data, day, settings, team_id).clear()
            if supervising
            else caseloads.supervision_due(data, day, settings, team_id),
            caseloads_reason=counting,
            supervision_reason=supervising,
            unallocated=unallocated(data, day, settings, team_id, alerts) if not unknown else NO_ONE,
            unallocated_reason=unknown,
            not_checked=tuple(not_checked(data, day)),
        )

    # Kept whole, and cut to what this viewer may see on every request.
    team = kept.kept(("team", team_id, day), whole, KEPT_PAGES)
    return kept, replace(
        team,
        alerts=visible(who, team.alerts),
        caseloads=visible(who, team.caseloads),
        supervision=visible(who, team.supervision),
        unallocated=visible(who, team.unallocated),
    )


UNALLOCATED_COLUMNS = pl.Schema(
    {
        "child_id": pl.String(),
        "worker_id": pl.String(),
        "team": pl.String(),
        "due": pl.Date(),
        "days_overdue": pl.Int64(),
        "detail": pl.String(),
    }
)
NO_ONE = pl.DataFrame(schema=UNALLOCATED_COLUMNS)


def not_known(data: CouncilData, day: dt.date, settings: Settings, code: str) -> str | None:
    """Why a measure's count cannot be given team by team from the data held on `day`, or None."""
    measure = MEASURES[code]
    return measure.unmet(data, day, settings) or measure.unmet_by(data, day)


def unallocated(
    data: CouncilData, day: dt.date, settings: Settings, team_id: str, alerts: pl.DataFrame
) -> pl.DataFrame:
    """The team's children with no allocated social worker, as measure WF08 counts them (so the page
    and the list of teams give the same number), longest first. Each has alert AL11's due day and
    words where the alert is raised; a child opened on D, whom the alert does not raise until the day
    after, is shown opened that day, 0 days without a worker."""
    raised = alerts.filter(pl.col("code") == "AL11").select("child_id", "due", "days_overdue", "detail")
    return (
        unallocated_children(data, day, settings)
        .filter(pl.col("team_id") == team_id)
        .select(
            pl.col("person_id").alias("child_id"),
            "worker_id",
            pl.col("team_id").alias("team"),
            "open_since",
        )
        .join(raised, on="child_id", how="left")
        .with_columns(
            pl.coalesce("due", "open_since").alias("due"),
            pl.coalesce("days_overdue", (pl.lit(day) - pl.col("open_since")).dt.total_days()).alias(
                "days_overdue"
            ),
            pl.coalesce(
                "detail", pl.format("open since {}, not yet allocated", pl.col("open_since").dt.to_string())
            ).alias("detail"),
        )
        .select(list(UNALLOCATED_COLUMNS))
        .cast(UNALLOCATED_COLUMNS)
        .sort(pl.col("days_overdue"), "child_id", descending=[True, False])
    )


def by_alert(alerts: pl.DataFrame) -> list[dict[str, Any]]:
    """How many of each alert the team has, in the catalogue's order, tasks before standing concerns:
    the page's summary, each line a filter."""
    counted = alerts.group_by("code").agg(pl.len().alias("count"))
    found = dict(zip(counted["code"], counted["count"], strict=True))
    declared = sorted(REGISTRY.values(), key=lambda alert: (alert.kind != "task", int(alert.code[2:])))
    return [
        {
            "code": alert.code,
            "title": alert.title,
            "kind": alert.kind,
            "owner": alert.owner,
            "count": found[alert.code],
        }
        for alert in declared
        if alert.code in found
    ]


def page_of(rows: pl.DataFrame, page: int) -> tuple[pl.DataFrame, int, int]:
    """One page of `PER_PAGE` rows (the last page if `page` is past it), the page shown and how many
    pages there are."""
    pages = max(1, -(-rows.height // PER_PAGE))
    shown = min(page, pages)
    return rows.slice((shown - 1) * PER_PAGE, PER_PAGE), shown, pages


# Whether an alert row is a standing concern rather than a task (`Alert.kind`).
STANDING = pl.col("code").is_in([code for code, declared in REGISTRY.items() if declared.kind == "concern"])


AlertFilter = Annotated[str | None, Query(alias="alert", description="Only this alert (its code).")]
Page = Annotated[int, Query(ge=1, le=100_000, description="The page of the team's tasks.")]
ConcernsPage = Annotated[int, Query(ge=1, le=100_000, description="The page of its standing concerns.")]


@router.get("/teams/{team_id}", response_class=HTMLResponse, include_in_schema=False)
def team_page(
    request: Request,
    team_id: str,
    who: Who,
    as_at: AsAt = None,
    alert: AlertFilter = None,
    page: Page = 1,
    concerns_page: ConcernsPage = 1,
) -> HTMLResponse:
    """A team's page: its alerts counted by alert (each a filter), the tasks most overdue first and
    the standing concerns longest-standing first, a page at a time; caseloads against caps,
    supervision due, unallocated children."""
    if alert is not None and alert not in REGISTRY:
        raise HTTPException(status_code=400, detail=f"{alert!r} is not an alert code (AL01 to AL23)")
    kept, team = team_at(request, who, team_id, as_at)
    access.listed(request, who, request.url.path, team.child_ids())
    templates: Environment = request.app.state.templates

    def body() -> Markup:
        # Everyone who may see a team sees all of it (`may_see_team`), so the body is the same for
        # them all but its links: a team manager may open the team's children at D, those allocated
        # in it and those open to it with no one allocated (its AL11 rows).
        openable = (
            None
            if who.sees_every_child
            else set(caseloads.allocated_children(kept.data, team.as_at, team_id=team_id)["person_id"])
            | set(team.unallocated["child_id"].drop_nulls())
        )
        chosen = team.alerts if alert is None else team.alerts.filter(pl.col("code") == alert)
        scores = kept.visit_priorities(team.as_at, settings_of(request))
        tasks, task_page, task_pages = page_of(
            by_urgency_then_risk(alert_rows(chosen.filter(~STANDING)), scores), page
        )
        concerns, shown_concerns, concern_pages = page_of(
            alert_rows(chosen.filter(STANDING)).sort("due", "code", "child_id", nulls_last=True),
            concerns_page,
        )
        return Markup(
            templates.get_template("partials/team_body.html").render(
                path=request.url.path,
                openable=openable,
                team=team,
                counts=by_alert(team.alerts),
                chosen=alert,
                tasks=list(tasks.iter_rows(named=True)),
                task_count=chosen.filter(~STANDING).height,
                paging={"page": task_page, "pages": task_pages},
                concerns=list(concerns.iter_rows(named=True)),
                concern_count=chosen.filter(STANDING).height,
                concern_paging={"page": shown_concerns, "pages": concern_pages},
                caseload_rows=list(team.caseloads.iter_rows(named=True)),
                supervision_rows=list(team.supervision.iter_rows(named=True)),
                unallocated_rows=list(team.unallocated.iter_rows(named=True)),
                overdue=team.alerts.filter(pl.col("days_overdue").is_not_null() & ~STANDING).height,
                settings=settings_of(request),
                workers=names(kept.data, "worker"),
                count=formatting.count,
            )
        )

    key = ("team page", team_id, team.as_at, who.sees_every_child, alert, page, concerns_page)
    return render(
        request, "team.html", viewer=who, title=team.team_name, body=kept.kept(key, body, KEPT_PAGES)
    )


@router.get("/api/teams/{team_id}", tags=["teams"])
def team_api(request: Request, team_id: str, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """A team's page as JSON: its alerts (the worklist contract), caseloads against caps,
    supervision due and unallocated children, as at `as_at` (default: the last day of the data)."""
    _, team = team_at(request, who, team_id, as_at)
    access.listed(request, who, request.url.path, team.child_ids())
    return team.as_json()


@router.get("/teams/{team_id}/{table}.csv", tags=["teams"])
def team_csv(
    request: Request,
    team_id: str,
    table: TeamTable,
    who: Who,
    as_at: AsAt = None,
) -> Response:
    """One table of a team's page as CSV: alerts, caseloads, supervision or unallocated."""
    _, team = team_at(request, who, team_id, as_at)
    rows = team.table(table)
    if "child_id" in rows.columns:
        access.listed(request, who, request.url.path, sorted(set(rows["child_id"].drop_nulls())))
    return csv_response(rows, f"team-{team_id}-{table.value}-{team.as_at.isoformat()}.csv")


# Every team.


# Each count of the list of teams, and what says whether the data held supports it: the alert or
# measure that counts the same thing from the same facts.
TEAM_COUNTS: dict[str, tuple[str, str]] = {
    "workers": ("alert", "AL22"),  # case-holding workers in post: allocations and the workforce
    "over_cap": ("alert", "AL22"),
    "supervision_overdue": ("alert", "AL23"),
    "children": ("need", "allocations"),
    "unallocated": ("measure", "WF08"),
}
TEAM_COUNT_NAMES = {
    "workers": "Case-holding workers",
    "children": "Children allocated",
    "over_cap": "Workers over cap",
    "supervision_overdue": "Supervision overdue",
    "unallocated": "Unallocated children",
}


def counts_not_known(data: CouncilData, day: dt.date, settings: Settings) -> dict[str, str]:
    """The list of teams' counts the data held cannot give on `day`, each with why. Without this an
    SSD alone (which names workers but not when they joined) showed every team with no workers and
    every child unallocated."""
    reasons: dict[str, str] = {}
    for column, (kind, code) in TEAM_COUNTS.items():
        if kind == "alert":
            reason = REGISTRY[code].unmet(data, day)
        elif kind == "measure":
            reason = not_known(data, day, settings, code)
        else:
            reason = unmet((Need(ALLOCATIONS, months=0),), data.coverage, day)
        if reason is not None:
            reasons[column] = reason
    return reasons


def teams_at(request: Request, who: Viewer, when: str | None) -> tuple[dt.date, pl.DataFrame, dict[str, str]]:
    """Every team the viewer may see, with its figures as at `when` (a count the data held cannot
    give is null, and the third item says why); 403 for a role with no team page (a social worker,
    an analyst)."""
    if not (who.sees_every_child or who.role == "team_manager"):
        raise HTTPException(status_code=403, detail="The list of teams is for managers.")
    kept = snapshot(request)
    data, settings = kept.data, settings_of(request)
    day = rendering.as_at(data, when)
    unknown = counts_not_known(data, day, settings)
    every = caseloads.teams(data, day, settings, kept.worklist(day, settings)).with_columns(
        pl.lit(None, dtype=pl.Int64).alias(column) for column in unknown
    )
    return day, every if who.sees_every_child else every.filter(pl.col("team_id") == who.team_id), unknown


@router.get("/teams", response_class=HTMLResponse, include_in_schema=False)
def teams_page(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """Every team with its figures; a team manager goes straight to their own team."""
    if who.role == "team_manager" and who.team_id:
        target = f"/teams/{quote(who.team_id)}" + (f"?{urlencode({'as_at': as_at})}" if as_at else "")
        return RedirectResponse(target, status_code=303)
    day, rows, unknown = teams_at(request, who, as_at)
    return render(
        request,
        "teams.html",
        viewer=who,
        title="Teams",
        as_at=day,
        teams=list(rows.iter_rows(named=True)),
        not_known=[(TEAM_COUNT_NAMES[column], reason) for column, reason in unknown.items()],
    )


@router.get("/api/teams", tags=["teams"])
def teams_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """Every team the viewer may see (a team manager: their own), with its figures as at `as_at`:
    case-holding workers, children allocated, workers over their cap, supervision overdue, alerts
    and unallocated children."""
    day, rows, unknown = teams_at(request, who, as_at)
    return {"as_at": day.isoformat(), "teams": records(rows), "not_known": unknown}


@router.get("/teams.csv", tags=["teams"])
def teams_csv(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """Every team the viewer may see, with its figures, as CSV."""
    day, rows, _ = teams_at(request, who, as_at)
    return csv_response(rows, f"teams-{day.isoformat()}.csv")
