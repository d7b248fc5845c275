"""An Ofsted report or letter into a plan, on the web (the director): upload it, review what was
read and proposed, untick what does not belong, and save it as a plan.

The reading and the proposal are `lineofsight plan import-ofsted`'s (`assurance.ofsted`: `parse_report`,
`propose`, `plan_from`); the upload is read safely by `assurance.report_upload` (its size limited before
it is read, a PDF read in a process of its own within limits of memory and time). Nothing is saved
until the director has seen the proposal: the review page sends the report's text back with a tick
for each point and each of its matches, and saving reads the text again and keeps only what is
ticked, so the plan saved is the proposal shown, less what was unticked. The upload has a JSON twin,
`POST /api/plans/import`, which answers the CLI's `--json` and saves nothing.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from lineofsight import formatting
from lineofsight.assurance import ofsted, plans
from lineofsight.assurance.audits import Problem
from lineofsight.assurance.report_upload import MAX_TEXT_CHARACTERS, MAX_UPLOAD_BYTES, upload_text
from lineofsight.interchange.loading import InputError
from lineofsight.web import rendering, security
from lineofsight.web.auth import Viewer
from lineofsight.web.forms import render_form
from lineofsight.web.pages.teams import Who
from lineofsight.web.rendering import settings_of

router = APIRouter()

FIELD = "report"


def _require_owner(who: Viewer) -> None:
    if not who.owns_plans:
        raise HTTPException(
            status_code=403,
            detail="Your role does not give you this page: a director owns improvement plans.",
        )


def _upload_page(request: Request, who: Viewer, problems: list[Problem], status: int) -> HTMLResponse:
    title = "Make a plan from an Ofsted report"
    return render_form(
        request, "plan_import.html", who, title, problems, status, limit_mb=MAX_UPLOAD_BYTES // 2**20
    )


@router.get("/plans/import", response_class=HTMLResponse, include_in_schema=False)
def import_form(request: Request, who: Who) -> HTMLResponse:
    """The form to upload an inspection report or letter."""
    _require_owner(who)
    return _upload_page(request, who, [], 200)


async def _read_upload(request: Request) -> tuple[str, str]:
    """The upload's name and text, or an InputError saying what is wrong with it."""
    form = await security.read_form(request)
    upload = form.get(FIELD)
    if not isinstance(upload, UploadFile) or not upload.filename:
        await form.close()
        raise InputError("the upload", "choose the report or letter to read")
    try:
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
    finally:
        await form.close()
    name = upload.filename
    text = await run_in_threadpool(upload_text, name, raw)
    return name.replace("\\", "/").rsplit("/", 1)[-1], text


def _start(request: Request) -> dt.date:
    # As the CLI does: the plan starts on the last day the data covers, so that each baseline is a
    # figure the data has.
    return rendering.as_at(rendering.council(request), None)


def _review_page(
    request: Request,
    who: Viewer,
    source: str,
    text: str,
    problems: list[Problem],
    status: int,
    ticked: tuple[set[str], set[str]] | None = None,
) -> HTMLResponse:
    report = ofsted.parse_report(text, source)
    start = _start(request)
    proposed = ofsted.propose(report, start, settings_of(request))
    return render_form(
        request,
        "plan_import_review.html",
        who,
        "Check the proposed plan",
        problems,
        status,
        report=report,
        proposed=proposed,
        plan=ofsted.plan_from(report, proposed, start),
        source=source,
        text=text,
        start=start,
        ticked=ticked,
        grade=lambda g: g.replace("_", " ").capitalize(),
        long_date=formatting.long_date,
    )


@router.post("/plans/import", include_in_schema=False)
async def import_upload(request: Request, who: Who) -> Response:
    """Read the report and show what was found and proposed, every point and match ticked."""
    _require_owner(who)
    try:
        source, text = await _read_upload(request)
    except InputError as error:
        return _upload_page(request, who, [Problem(FIELD, str(error))], 400)
    return _review_page(request, who, source, text, [], 200)


@router.post("/api/plans/import", tags=["assurance"])
async def import_api(request: Request, who: Who) -> Response:
    """What `lineofsight plan import-ofsted --json` says of an uploaded report (a multipart form with
    the file as `report`): the report as read and the proposal. Nothing is saved."""
    _require_owner(who)
    try:
        source, text = await _read_upload(request)
    except InputError as error:
        return JSONResponse({"detail": str(error)}, status_code=400)
    report = ofsted.parse_report(text, source)
    proposed = ofsted.propose(report, _start(request), settings_of(request))
    return JSONResponse({"report": report.as_json(), "proposed": [p.as_json() for p in proposed]})


def chosen(
    proposed: list[ofsted.ProposedPriority], points: set[str], matches: set[str]
) -> list[ofsted.ProposedPriority]:
    """The proposal less what was unticked: a point is kept when `points` holds its number (from 1),
    and of its evidence only what `matches` holds as `<point>-<evidence>` (each from 1)."""
    kept = []
    for number, item in enumerate(proposed, start=1):
        if str(number) not in points:
            continue
        evidence = tuple(
            e for index, e in enumerate(item.priority.evidence, start=1) if f"{number}-{index}" in matches
        )
        kept.append(
            ofsted.ProposedPriority(
                item.point,
                item.matches,
                plans.PrioritySpec(item.priority.title, item.priority.text, evidence),
            )
        )
    return kept


@router.post("/plans/import/save", include_in_schema=False)
async def import_save(request: Request, who: Who) -> Response:
    """Save the reviewed proposal as a plan, keeping only what is ticked, and open it."""
    _require_owner(who)
    form = await security.read_form(request)
    text, source = str(form.get("text", "")), str(form.get("source", "")) or "report"
    if not text.strip() or len(text) > MAX_TEXT_CHARACTERS:
        raise HTTPException(status_code=400, detail="The report's text did not come back: upload it again.")
    points = {str(v) for v in form.getlist("point")}
    matches = {str(v) for v in form.getlist("match")}
    report = ofsted.parse_report(text, source)
    start = _start(request)
    settings = settings_of(request)
    kept = chosen(ofsted.propose(report, start, settings), points, matches)
    if not kept:
        problem = Problem("point-1", "Tick at least one point to make a plan of it")
        return _review_page(request, who, source, text, [problem], 400, (points, matches))
    spec = ofsted.plan_from(report, kept, start)
    data = rendering.council(request)
    with rendering.engine_of(request).begin() as connection:
        plan_id = plans.save_plan(connection, spec, data, settings, who.username, dt.datetime.now())
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)
