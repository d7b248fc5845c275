"""The Child page: one child's journey as a timeline, the summary of it, and the child's open alerts.

Everything shown is `lineofsight.journey.journey`, the same as `lineofsight journey CHILD_ID`, and the
JSON twin is its `--json` document. The child is shown by identifier, never by name.

Who may see the child is `web.access.may_see_child` (a social worker their own caseload, a team
manager their team's children, ...). A refusal is logged and answered 403 by `web.access.refuse`,
before anything is said about the child, so that a 404 cannot tell someone who may not see a child
whether that child exists. Every view is logged, under the path asked for, so that the page, its
JSON twin and a download are told apart in the log. Tables download as CSV at
`/children/{child_id}/{table}.csv`.
"""

from __future__ import annotations

import enum
from typing import Any

import polars as pl
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from lineofsight import formatting
from lineofsight.journey import STATUSES, Journey, UnknownChildError, journey
from lineofsight.journey.records import ByChild
from lineofsight.measures.breakdown import names
from lineofsight.web import access, rendering, timeline
from lineofsight.web.auth import Viewer
from lineofsight.web.pages.teams import AsAt, Snapshot, Who, snapshot
from lineofsight.web.rendering import csv_response, render, settings_of

router = APIRouter()

KEPT = 256  # journeys kept while the data is unchanged: the children looked at lately

SUMMARY = {
    "workers": "Workers allocated",
    "placements": "Placements",
    "cin_plans": "Child in need plans",
    "cp_plans": "Child protection plans",
    "periods_of_care": "Periods of care",
}
DAYS = {
    "in_need": "Days in need",
    "cin_plan": "Days on a child in need plan",
    "cp_plan": "Days on a child protection plan",
    "looked_after": "Days looked after",
    "care_leaver": "Days as a care leaver",
}


class ChildTable(enum.StrEnum):
    """The tables of a child's page, each a CSV download."""

    timeline = "timeline"
    alerts = "alerts"


def journey_at(request: Request, who: Viewer, child_id: str, when: str | None) -> Journey:
    """The child's journey as at `when` (default: the last day of the data), logged as seen; 403
    (logged) for a viewer who may not see the child, 404 for a child not in the data."""
    kept = snapshot(request)
    data, settings = kept.data, settings_of(request)
    day = rendering.as_at(data, when)
    if not access.may_see_child(who, data, child_id, day):
        access.refuse(request, who, request.url.path, child_id)
    try:
        # The child's open alerts are read off the council's worklist, kept while the data is unchanged
        # (the team pages share it), rather than raised for the child alone on every page: after a
        # load, waiting for the worklist (which the warming thread works out first) was measured
        # faster than raising each child's own (0.1 s of a core each, with many pages at once).
        def the_journey() -> Journey:
            alerts = kept.worklist(day, settings)
            return journey(data, child_id, day, settings, alerts=alerts, index=by_child(kept))

        # Kept for a while: a child's page is opened again, and its JSON twin and downloads follow.
        found = kept.kept(("journey", child_id, day), the_journey, KEPT)
    except UnknownChildError:
        raise HTTPException(status_code=404, detail="There is no child with this identifier.") from None
    access.opened(request, who, request.url.path, child_id)
    return found


def by_child(kept: Snapshot) -> ByChild:
    """The data's tables indexed by child, kept while the data is unchanged: a child's rows are then
    a slice of each table rather than a scan of it (`journey.records.ByChild`)."""
    data = kept.data
    return kept.kept(("tables by child",), lambda: ByChild(data), 1)


def table(found: Journey, name: ChildTable) -> pl.DataFrame:
    """A table of the child's page: the timeline's events or the open alerts, oldest first."""
    if name is ChildTable.timeline:
        return pl.DataFrame(
            [event.as_json() for event in found.events],
            schema={n: pl.String() for n in ("date", "end", "kind", "what", "worker_id", "team", "id")},
        )
    return pl.DataFrame(
        [{"title": alert.title, **alert.as_json()} for alert in found.open_alerts],
        schema={
            "title": pl.String(),
            "code": pl.String(),
            "due": pl.String(),
            "days_overdue": pl.Int64(),
            "detail": pl.String(),
        },
    ).select("code", "title", "due", "days_overdue", "detail")


@router.get("/children/{child_id}", response_class=HTMLResponse, include_in_schema=False)
def child_page(request: Request, child_id: str, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """The child's journey: who, the summary, open alerts and the timeline."""
    found = journey_at(request, who, child_id, as_at)
    counts = found.summary.as_json()
    kept = snapshot(request)
    # The picture takes tens of milliseconds to draw: kept beside the journey it draws.
    picture = kept.kept(("journey picture", child_id, found.as_at), lambda: timeline.picture(found), KEPT)
    workers, teams = names(kept.data, "worker"), names(kept.data, "team")
    return render(
        request,
        "child.html",
        viewer=who,
        title=f"Child {found.child_id}",
        found=found,
        status=", ".join(STATUSES[key] for key in found.statuses) or "no open episode",
        summary=[(label, counts[key]) for key, label in SUMMARY.items()]
        + [(DAYS[key], days) for key, days in found.summary.days.items()],
        count=formatting.count,
        picture=picture,
        now=timeline.now(found, workers, teams),
        # People read names: the timeline names each event's worker and team (ids stay in CSV and JSON).
        workers=workers,
        teams=teams,
    )


@router.get("/api/children/{child_id}", tags=["children"])
def child_api(request: Request, child_id: str, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """The child's journey as at `as_at`, as `lineofsight journey CHILD_ID --json` gives it: age, sex,
    status, summary, every event and the open alerts."""
    return journey_at(request, who, child_id, as_at).as_json()


@router.get("/children/{child_id}/{table_name}.csv", tags=["children"])
def child_csv(
    request: Request,
    child_id: str,
    table_name: ChildTable,
    who: Who,
    as_at: AsAt = None,
) -> Response:
    """One table of the child's page as CSV: timeline or alerts."""
    found = journey_at(request, who, child_id, as_at)
    return csv_response(
        table(found, table_name), f"child-{child_id}-{table_name.value}-{found.as_at.isoformat()}.csv"
    )
