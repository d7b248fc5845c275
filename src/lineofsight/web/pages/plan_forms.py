"""Changing a plan on the web (the director, who owns plans): adding an action to a priority, and
setting or changing the target and target date of a priority's evidence.

Each is a GOV.UK form on a page of its own, reached from the plan's page: a bad answer shows the form
again, as typed, with an error summary and nothing saved. Dates are the Design System's three boxes
(`partials/date_input.html`, read by `web.dates.read_date`), never the browser's date picker. Each has
a JSON twin under `/api/` for a script with an API token, which answers the same problems as a 400.
The rules are the library's (`assurance.plans.add_action`, `set_target`, `target_problems`); this
module only translates between a person and them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from lineofsight import formatting
from lineofsight.assurance import plans
from lineofsight.assurance.audits import Problem
from lineofsight.data import CouncilData
from lineofsight.web import rendering
from lineofsight.web.auth import Viewer
from lineofsight.web.dates import DateProblem, read_date
from lineofsight.web.forms import render_form
from lineofsight.web.pages.teams import Who

router = APIRouter()

FORBIDDEN = "Your role does not give you this page: a director owns improvement plans."
MAX_TEXT = 500  # an action is a sentence or two; a longer one belongs in a document the action names


def _require_owner(who: Viewer) -> None:
    if not who.owns_plans:
        raise HTTPException(status_code=403, detail=FORBIDDEN)


@dataclass(frozen=True)
class Priority:
    """A plan's priority as the forms need it."""

    plan_id: str
    plan_title: str
    plan_start: dt.date
    priority_id: str
    number: int
    title: str


def _priority(data: CouncilData, plan_id: str, number: int) -> Priority:
    plan = data["improvement_plans"].filter(pl.col("plan_id") == plan_id)
    found = data["plan_priorities"].filter(
        (pl.col("plan_id") == plan_id) & (pl.col("priority_number") == number)
    )
    if plan.height == 0 or found.height == 0:
        raise HTTPException(status_code=404, detail="There is no such priority in this plan.")
    row, head = found.row(0, named=True), plan.row(0, named=True)
    return Priority(
        plan_id,
        str(head["plan_title"]),
        head["plan_start_date"],
        str(row["priority_id"]),
        int(row["priority_number"]),
        str(row["priority_title"]),
    )


def _date(
    typed: dict[str, str], name: str, named: str, problems: list[Problem]
) -> tuple[dt.date | None, DateProblem | None]:
    """The date typed in a field's three boxes; or none, its problem added to `problems` and given
    back, for the boxes to show which of them are wrong."""
    day = read_date(
        typed.get(f"{name}-day", ""), typed.get(f"{name}-month", ""), typed.get(f"{name}-year", ""), named
    )
    if isinstance(day, DateProblem):
        problems.append(Problem(name, day.message))
        return None, day
    return day, None


def _typed_date(day: dt.date | None, name: str) -> dict[str, str]:
    if day is None:
        return {}
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


# Adding an action to a priority.


def action_from(
    typed: dict[str, str], workers: set[str]
) -> tuple[plans.ActionSpec | None, list[Problem], DateProblem | None]:
    """The action a form (or a JSON body) asks for, or every problem with it: what must be done, whose
    action it is (a worker, or nobody yet) and when it is due."""
    problems: list[Problem] = []
    text = typed.get("text", "").strip()
    owner = typed.get("owner_id", "").strip() or None
    if not text:
        problems.append(Problem("text", "Enter what must be done"))
    elif len(text) > MAX_TEXT:
        problems.append(Problem("text", f"What must be done must be {MAX_TEXT} characters or fewer"))
    if owner is not None and owner not in workers:
        problems.append(Problem("owner_id", f"There is no worker {owner} in the data"))
    due, wrong = _date(typed, "due", "The date the action is due", problems)
    if problems or due is None:
        return None, problems, wrong
    return plans.ActionSpec(text, owner, due), [], None


def _action_page(
    request: Request,
    who: Viewer,
    priority: Priority,
    typed: dict[str, str],
    problems: list[Problem],
    date_error: DateProblem | None,
    status: int,
) -> HTMLResponse:
    title = f"Add an action to priority {priority.number}"
    return render_form(
        request,
        "plan_action_form.html",
        who,
        title,
        problems,
        status,
        priority=priority,
        form=typed,
        date_error=date_error,
    )


@router.get(
    "/plans/{plan_id}/priorities/{number}/actions/new", response_class=HTMLResponse, include_in_schema=False
)
def action_form(request: Request, plan_id: str, number: int, who: Who) -> HTMLResponse:
    """The form to add an action to a priority: what, whose, and when it is due."""
    _require_owner(who)
    priority = _priority(rendering.council(request), plan_id, number)
    return _action_page(request, who, priority, {}, [], None, 200)


@router.post("/plans/{plan_id}/priorities/{number}/actions/new", include_in_schema=False)
async def action_save(request: Request, plan_id: str, number: int, who: Who) -> Response:
    """Add the action and go back to the plan, or show the form again with every problem."""
    _require_owner(who)
    data = rendering.council(request)
    priority = _priority(data, plan_id, number)
    typed = {key: str(value) for key, value in (await request.form()).items() if key != "csrf_token"}
    action, problems, date_error = action_from(typed, set(data["workers"]["worker_id"]))
    if action is None:
        return _action_page(request, who, priority, typed, problems, date_error, 400)
    with rendering.engine_of(request).begin() as connection:
        plans.add_action(connection, priority.priority_id, action)
    return RedirectResponse(f"/plans/{plan_id}#priority-{number}", status_code=303)


async def _json_typed(request: Request, date_field: str) -> dict[str, str]:
    """A JSON body's fields as the form sends them: a date given as YYYY-MM-DD becomes its boxes."""
    try:
        body: Any = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise HTTPException(status_code=400, detail="Send a JSON object.")
    typed = {str(k): "" if v is None else str(v) for k, v in body.items()}
    given = typed.pop(date_field, "").strip()
    if given:
        try:
            typed |= _typed_date(dt.date.fromisoformat(given), date_field)
        except ValueError:
            typed |= {f"{date_field}-day": "x", f"{date_field}-month": "x", f"{date_field}-year": "x"}
    return typed


def _refused(problems: list[Problem]) -> JSONResponse:
    return JSONResponse(
        {
            "detail": "Nothing was saved.",
            "problems": [{"field": p.field, "reason": p.reason} for p in problems],
        },
        status_code=400,
    )


@router.post("/api/plans/{plan_id}/priorities/{number}/actions", tags=["assurance"], status_code=201)
async def action_api(request: Request, plan_id: str, number: int, who: Who) -> Response:
    """Add an action to a priority: `{"text": ..., "owner_id": ... or null, "due": "YYYY-MM-DD"}`.
    201 with the action's id, or 400 with every problem and nothing saved."""
    _require_owner(who)
    data = rendering.council(request)
    priority = _priority(data, plan_id, number)
    typed = await _json_typed(request, "due")
    action, problems, _ = action_from(typed, set(data["workers"]["worker_id"]))
    if action is None:
        return _refused(problems)
    with rendering.engine_of(request).begin() as connection:
        action_id = plans.add_action(connection, priority.priority_id, action)
    return JSONResponse({"action_id": action_id, "priority_id": priority.priority_id}, status_code=201)


# Setting a target.


@dataclass(frozen=True)
class Evidence:
    priority: Priority
    evidence_id: str
    spec: plans.EvidenceSpec


def _evidence(data: CouncilData, plan_id: str, evidence_id: str) -> Evidence:
    found = data["priority_evidence"].filter(pl.col("evidence_id") == evidence_id)
    owner = data["plan_priorities"].filter(pl.col("plan_id") == plan_id)
    if found.height == 0 or found["priority_id"][0] not in set(owner["priority_id"]):
        raise HTTPException(status_code=404, detail="There is no such evidence in this plan.")
    row = found.row(0, named=True)
    number = int(owner.filter(pl.col("priority_id") == row["priority_id"])["priority_number"][0])
    spec = plans.EvidenceSpec(
        row["evidence_kind"], row["evidence_code"], row["target_value"], row["target_date"]
    )
    return Evidence(_priority(data, plan_id, number), evidence_id, spec)


def target_from(
    typed: dict[str, str], evidence: Evidence
) -> tuple[plans.EvidenceSpec | None, list[Problem], DateProblem | None]:
    """The target and date a form (or a JSON body) asks for, or every problem with them. An empty
    target removes it (the evidence is then shown without a RAG); the date is always asked for."""
    problems: list[Problem] = []
    given = typed.get("target", "").strip().replace(",", "").removesuffix("%").strip()
    target: float | None = None
    if given:
        try:
            target = float(given)
        except ValueError:
            problems.append(Problem("target", "The target must be a number, like 12.5"))
    day, wrong = _date(typed, "target_date", "The target date", problems)
    if problems or day is None:
        return None, problems, wrong
    spec = plans.EvidenceSpec(evidence.spec.kind, evidence.spec.code, target, day)
    found = [Problem(f, reason) for f, reason in plans.target_problems(spec, evidence.priority.plan_start)]
    # A date the plan refuses (not after its start) is wrong as a whole: all three boxes are marked.
    whole = [DateProblem(p.reason, ("day", "month", "year")) for p in found if p.field == "target_date"]
    return (None, found, whole[-1] if whole else None) if found else (spec, [], None)


def _target_page(
    request: Request,
    who: Viewer,
    evidence: Evidence,
    typed: dict[str, str],
    problems: list[Problem],
    date_error: DateProblem | None,
    status: int,
) -> HTMLResponse:
    return render_form(
        request,
        "plan_target_form.html",
        who,
        "Set the target",
        problems,
        status,
        evidence=evidence,
        form=typed,
        date_error=date_error,
        long_date=formatting.long_date,
    )


@router.get(
    "/plans/{plan_id}/evidence/{evidence_id}/target", response_class=HTMLResponse, include_in_schema=False
)
def target_form(request: Request, plan_id: str, evidence_id: str, who: Who) -> HTMLResponse:
    """The form to set or change a target and its date, filled in with the ones there are."""
    _require_owner(who)
    evidence = _evidence(rendering.council(request), plan_id, evidence_id)
    target = evidence.spec.target
    typed = {"target": "" if target is None else f"{target:g}"} | _typed_date(
        evidence.spec.target_date, "target_date"
    )
    return _target_page(request, who, evidence, typed, [], None, 200)


@router.post("/plans/{plan_id}/evidence/{evidence_id}/target", include_in_schema=False)
async def target_save(request: Request, plan_id: str, evidence_id: str, who: Who) -> Response:
    """Set the target and go back to the plan, or show the form again with every problem."""
    _require_owner(who)
    evidence = _evidence(rendering.council(request), plan_id, evidence_id)
    typed = {key: str(value) for key, value in (await request.form()).items() if key != "csrf_token"}
    spec, problems, date_error = target_from(typed, evidence)
    if spec is None:
        return _target_page(request, who, evidence, typed, problems, date_error, 400)
    with rendering.engine_of(request).begin() as connection:
        plans.set_target(connection, evidence_id, spec.target, spec.target_date)
    return RedirectResponse(f"/plans/{plan_id}#priority-{evidence.priority.number}", status_code=303)


@router.post("/api/plans/{plan_id}/evidence/{evidence_id}/target", tags=["assurance"])
async def target_api(request: Request, plan_id: str, evidence_id: str, who: Who) -> Response:
    """Set or change a target: `{"target": 20.0 or null, "target_date": "YYYY-MM-DD"}`; the evidence
    as it now stands, or 400 with every problem and nothing saved."""
    _require_owner(who)
    evidence = _evidence(rendering.council(request), plan_id, evidence_id)
    spec, problems, _ = target_from(await _json_typed(request, "target_date"), evidence)
    if spec is None:
        return _refused(problems)
    with rendering.engine_of(request).begin() as connection:
        plans.set_target(connection, evidence_id, spec.target, spec.target_date)
    assert spec.target_date is not None
    return JSONResponse(
        {"evidence_id": evidence_id, "target": spec.target, "target_date": spec.target_date.isoformat()}
    )
