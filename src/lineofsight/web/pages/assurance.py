"""Assurance on the web: case audits (the list beside the data, one audit, the form to record one, the
form to moderate one), moderation's agreement, improvement plans and their progress, and the
self-evaluation (HTML, its JSON twin and its PDF).

Who may do what is `web.auth.Viewer`: a quality-assurance lead records and moderates audits; a
director makes plans; leaders (and the QA lead and the auditor) read them. An audit is a view of the
child: listing, opening or recording one is logged in the access log, and an audit of a child the
viewer may not see is refused (and logged) before anything is said about it. A social worker sees the
actions set for them on My work (`assurance.actions`), not here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lineofsight import formatting
from lineofsight.assurance import audit_drafts, audits, moderation, plans, reports, triangulation
from lineofsight.assurance.areas import AREAS, GRADE_WORDS, grade_named
from lineofsight.assurance.audits import Known, Problem
from lineofsight.assurance.moderation import ModerationRecord
from lineofsight.assurance.self_evaluation import GRADE_WORDS as LIKELY_WORDS
from lineofsight.assurance.self_evaluation import self_evaluation
from lineofsight.web import access, rendering
from lineofsight.web.auth import Viewer, visible
from lineofsight.web.pages.teams import AsAt, Who
from lineofsight.web.rendering import render, settings_of

router = APIRouter()

FORBIDDEN = "Your role does not give you this page."


def _require(allowed: bool) -> None:
    if not allowed:
        raise HTTPException(status_code=403, detail=FORBIDDEN)


def _may_read_audits(who: Viewer) -> bool:
    return who.reads_assurance


def _engine(request: Request) -> Any:
    return request.app.state.engine


def _today(request: Request) -> dt.date:
    return dt.date.today()


# The list of audits, beside the data.


def _audits_at(
    request: Request, who: Viewer, as_at: str | None
) -> tuple[dt.date, triangulation.Triangulation]:
    _require(_may_read_audits(who))
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    found = triangulation.triangulate(data, day, settings_of(request))
    return day, found


@router.get("/audits", response_class=HTMLResponse, include_in_schema=False)
def audits_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """Audits in the year to D, each beside what the data said about the child that day."""
    day, found = _audits_at(request, who, as_at)
    shown = visible(who, found.audits)
    access.listed(request, who, request.url.path, shown["person_id"].unique().to_list())
    return render(
        request,
        "assurance_audits.html",
        viewer=who,
        title="Case audits",
        day=day,
        found=found,
        rows=shown.iter_rows(named=True),
        at_odds=int(shown["at_odds"].sum()) if shown.height else 0,
        count=shown.height,
        grade_words=GRADE_WORDS,
        long_date=formatting.long_date,
        drafts=audit_drafts.drafts_of(_engine(request), who.username) if who.records_audits else [],
        steps=len(audit_drafts.STEPS) - 1,
        uk_time=formatting.uk_time,
    )


@router.get("/api/audits", tags=["assurance"])
def audits_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """Audits in the year to D beside the data (`lineofsight audits triangulation --json`)."""
    _, found = _audits_at(request, who, as_at)
    document = found.as_json()
    access.listed(request, who, request.url.path, found.audits["person_id"].unique().to_list())
    return document


# Recording an audit (the quality-assurance lead).


def _grade(form: dict[str, str], name: str) -> str:
    return grade_named(form.get(name, "")) or form.get(name, "")


def _form_page(
    request: Request, who: Viewer, form: dict[str, str], problems: list[Problem], status: int
) -> HTMLResponse:
    return render(
        request,
        "assurance_audit_form.html",
        status_code=status,
        viewer=who,
        title="Record a case audit" if not problems else "Error: record a case audit",
        form=form,
        errors={p.field: p.reason for p in problems},
        problems=problems,
        areas=AREAS,
        grade_words=GRADE_WORDS,
    )


@router.post("/audits/new", include_in_schema=False)
async def audit_save(request: Request, who: Who) -> Response:
    """Record the audit from one form of every answer (as a script may send it; people answer one
    question a page, `pages/audit_steps.py`), or show that form again with every problem (nothing
    saved)."""
    _require(who.records_audits)
    form = {key: str(value) for key, value in (await request.form()).items()}
    record, problems = audit_drafts.record_from(form)
    data = rendering.council(request)
    if record is not None:
        problems += audits.problems(record, Known.of(data), _today(request))
    if record is None or problems:
        return _form_page(request, who, form, problems, 400)
    with _engine(request).begin() as connection:
        audit_id = audits.record_audit(connection, record, who.username)
    access.opened(request, who, request.url.path, record.person_id)
    return RedirectResponse(f"/audits/{audit_id}", status_code=303)


# One audit.


def _audit(request: Request, who: Viewer, audit_id: str) -> audits.AuditView:
    _require(_may_read_audits(who))
    data = rendering.council(request)
    view = audits.audit_view(data, audit_id)
    if view is None:
        raise HTTPException(status_code=404, detail="There is no audit with this identifier.")
    child, day = str(view.audit["person_id"]), view.audit["audit_date"]
    assert isinstance(day, dt.date)
    if not access.may_see_child(who, data, child, day):
        access.refuse(request, who, request.url.path, child)
    access.opened(request, who, request.url.path, child)
    return view


@router.get("/audits/{audit_id}", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, audit_id: str, who: Who, saved: str | None = None) -> HTMLResponse:
    """One audit: its grades and findings area by area, its moderation and its actions (with word
    that it was saved, when recording it has just ended here)."""
    view = _audit(request, who, audit_id)
    return render(
        request,
        "assurance_audit.html",
        viewer=who,
        title=f"Audit {audit_id}",
        view=view,
        areas=AREAS,
        grade_words=GRADE_WORDS,
        long_date=formatting.long_date,
        moderate=who.records_audits,
        saved=saved == "yes",
    )


@router.get("/api/audits/{audit_id}", tags=["assurance"])
def audit_api(request: Request, audit_id: str, who: Who) -> dict[str, Any]:
    """One audit as JSON: the audit, its findings, its moderations and its actions."""
    return _audit(request, who, audit_id).as_json()


# Moderation.


@router.get("/audits/{audit_id}/moderate", response_class=HTMLResponse, include_in_schema=False)
def moderate_form(request: Request, audit_id: str, who: Who) -> HTMLResponse:
    """The form for a second reader to grade an audit again."""
    _require(who.records_audits)
    view = _audit(request, who, audit_id)
    return _moderate_page(request, who, view, {"moderator_id": who.worker_id or ""}, [], 200)


def _moderate_page(
    request: Request,
    who: Viewer,
    view: audits.AuditView,
    form: dict[str, str],
    problems: list[Problem],
    status: int,
) -> HTMLResponse:
    return render(
        request,
        "assurance_moderate.html",
        status_code=status,
        viewer=who,
        title=f"Moderate audit {view.audit['audit_id']}",
        view=view,
        form=form,
        errors={p.field: p.reason for p in problems},
        problems=problems,
        areas=AREAS,
        grade_words=GRADE_WORDS,
    )


@router.post("/audits/{audit_id}/moderate", include_in_schema=False)
async def moderate_save(request: Request, audit_id: str, who: Who) -> Response:
    """Record the moderation, or show the form again with every problem (nothing saved)."""
    _require(who.records_audits)
    view = _audit(request, who, audit_id)
    form = {key: str(value) for key, value in (await request.form()).items()}
    try:
        day = dt.date.fromisoformat(form.get("moderation_date", "").strip())
    except ValueError:
        return _moderate_page(
            request, who, view, form, [Problem("moderation_date", "enter the date as YYYY-MM-DD")], 400
        )
    record = ModerationRecord(
        audit_id=audit_id,
        moderator_id=form.get("moderator_id", "").strip(),
        moderation_date=day,
        grade=_grade(form, "grade"),
        area_grades={area.key: _grade(form, f"{area.key}_grade") for area in AREAS},
        note=form.get("note", "").strip() or None,
    )
    data = rendering.council(request)
    problems = moderation.moderation_problems(
        record, view.audit, set(data["workers"]["worker_id"]), _today(request)
    )
    if problems:
        return _moderate_page(request, who, view, form, problems, 400)
    with _engine(request).begin() as connection:
        moderation.save_moderation(connection, record, who.username)
    return RedirectResponse(f"/audits/{audit_id}", status_code=303)


def _agreement(
    request: Request, who: Viewer, as_at: str | None
) -> tuple[dt.date, pl.DataFrame, pl.DataFrame]:
    _require(who.reads_assurance)
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    compared = moderation.pairs(data, day - dt.timedelta(days=365), day)
    by_auditor = moderation.agreement(compared.filter(pl.col("area") == "overall"), "auditor_id")
    return day, by_auditor, moderation.agreement(compared, "area")


@router.get("/moderation", response_class=HTMLResponse, include_in_schema=False)
def moderation_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """How often moderators agree with auditors, by auditor and by area; generous auditors shown."""
    day, by_auditor, by_area = _agreement(request, who, as_at)
    return render(
        request,
        "assurance_moderation.html",
        viewer=who,
        title="Moderation of audits",
        day=day,
        by_auditor=by_auditor.iter_rows(named=True),
        by_area=by_area.iter_rows(named=True),
        area_titles={"overall": "The file as a whole", **{a.key: a.title for a in AREAS}},
        long_date=formatting.long_date,
    )


@router.get("/api/moderation", tags=["assurance"])
def moderation_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """Agreement by auditor and by area in the year to D."""
    day, by_auditor, by_area = _agreement(request, who, as_at)
    return {"as_at": day.isoformat(), "by_auditor": by_auditor.to_dicts(), "by_area": by_area.to_dicts()}


# Plans.


@router.get("/plans", response_class=HTMLResponse, include_in_schema=False)
def plans_page(request: Request, who: Who) -> HTMLResponse:
    """Every improvement plan, newest first; a director may start one from the DfE's example."""
    _require(who.reads_assurance)
    frame = plans.plans(rendering.council(request))
    return render(
        request,
        "assurance_plans.html",
        viewer=who,
        title="Improvement plans",
        rows=frame.iter_rows(named=True),
        count=frame.height,
        owns=who.owns_plans,
        long_date=formatting.long_date,
    )


@router.post("/plans/example", include_in_schema=False)
def plan_example(request: Request, who: Who) -> Response:
    """Start the DfE's escalation measures as a plan from the data's last day (the director)."""
    _require(who.owns_plans)
    data = rendering.council(request)
    settings = settings_of(request)
    start = rendering.as_at(data, None)
    spec = plans.example("escalation", start, settings)
    with _engine(request).begin() as connection:
        plan_id = plans.save_plan(connection, spec, data, settings, who.username, dt.datetime.now())
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


def _progress(request: Request, who: Viewer, plan_id: str, as_at: str | None) -> plans.PlanProgress:
    _require(who.reads_assurance)
    data = rendering.council(request)
    found = plans.progress(data, plan_id, rendering.as_at(data, as_at), settings_of(request))
    if found is None:
        raise HTTPException(status_code=404, detail="There is no plan with this identifier.")
    return found


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, plan_id: str, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """A plan's progress: each priority's RAG from its evidence, month by month, and its actions."""
    found = _progress(request, who, plan_id, as_at)
    return render(
        request,
        "assurance_plan.html",
        viewer=who,
        title=str(found.plan["plan_title"]),
        progress=found,
        rag_words=reports.RAG_WORDS,
        value=formatting.measure_value,
        long_date=formatting.long_date,
    )


@router.get("/api/plans/{plan_id}", tags=["assurance"])
def plan_api(request: Request, plan_id: str, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """A plan's progress (`lineofsight plan progress --json`)."""
    return _progress(request, who, plan_id, as_at).as_json()


# The self-evaluation.


@router.get("/self-evaluation", response_class=HTMLResponse, include_in_schema=False)
def self_evaluation_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """The self-evaluation in the framework's shape: a likely grade per judgement with the evidence."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    evaluation = self_evaluation(data, day, settings_of(request))
    return render(
        request,
        "assurance_self_evaluation.html",
        viewer=who,
        title="Self-evaluation",
        evaluation=evaluation,
        day=day,
        grade_words=LIKELY_WORDS,
        long_date=formatting.long_date,
    )


@router.get("/api/self-evaluation", tags=["assurance"])
def self_evaluation_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """The self-evaluation as JSON (`lineofsight report self-evaluation`'s JSON twin)."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    return self_evaluation(data, rendering.as_at(data, as_at), settings_of(request)).as_json()


@router.get("/self-evaluation.pdf", tags=["assurance"])
def self_evaluation_pdf(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """The self-evaluation as a PDF (WeasyPrint, no network)."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    html, _ = reports.self_evaluation_html(data, day, settings_of(request))
    return Response(
        reports.pdf(html),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="self-evaluation-{day.isoformat()}.pdf"'},
    )


# The scrutiny briefing (the document itself is the PDF; its facts are the JSON twin).


@router.get("/briefing", response_class=HTMLResponse, include_in_schema=False)
def briefing_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """The scrutiny briefing in the app: the same text as its PDF and `lineofsight report briefing`,
    from the same builder and template (`reports.briefing_body`)."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    body, _ = reports.briefing_body(data, day, settings_of(request))
    return render(
        request, "assurance_briefing.html", viewer=who, title="Scrutiny briefing", body=body, day=day
    )


@router.get("/api/briefing", tags=["assurance"])
def briefing_api(request: Request, who: Who, as_at: AsAt = None) -> dict[str, Any]:
    """What the scrutiny briefing says as JSON: the plan's progress, the measures that moved and what
    audits found (`lineofsight report briefing`'s JSON)."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    return reports.briefing_json(
        reports.briefing_facts(data, rendering.as_at(data, as_at), settings_of(request))
    )


@router.get("/briefing.pdf", tags=["assurance"])
def briefing_pdf(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """The scrutiny briefing for elected members as a PDF (WeasyPrint, no network)."""
    _require(who.reads_assurance)
    data = rendering.council(request)
    day = rendering.as_at(data, as_at)
    html, _ = reports.briefing_html(data, day, settings_of(request))
    return Response(
        reports.pdf(html),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="briefing-{day.isoformat()}.pdf"'},
    )
