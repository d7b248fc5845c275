"""Recording a case audit one question a page (the quality-assurance lead), each page kept as a
draft so that an auditor can leave and come back (`assurance.audit_drafts`).

The pages: `/audits/new` (the child, the auditor and the date; sending it starts the draft), then
`/audits/drafts/{id}/area/{area}` for each area, `/overall` for the file as a whole, `/actions` (add
as many as needed, up to five), and `/check`, the answers to check with a link to change each; saving
there records the audit with every check the one-page form has (`audits.problems`) and ends the draft.
A page with a problem is shown again, as typed, with an error summary, and nothing of it is kept. A
change made from the check page goes back to it. The one-page form's POST (`/audits/new`, in
`pages/assurance.py`) still records an audit in one request, for a script.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lineofsight import formatting
from lineofsight.assurance import audit_drafts, audits
from lineofsight.assurance.areas import AREA_BY_KEY, AREAS, GRADE_WORDS, grade_named
from lineofsight.assurance.audit_drafts import MAX_ACTIONS, STEPS, Draft
from lineofsight.assurance.audits import FINDING_LIMIT, Known, Problem
from lineofsight.model.audits import GRADES
from lineofsight.web import access, rendering, security
from lineofsight.web.auth import Viewer
from lineofsight.web.dates import DateProblem, read_date
from lineofsight.web.forms import render_form
from lineofsight.web.pages.teams import Who

router = APIRouter()


def _require(who: Viewer) -> None:
    if not who.records_audits:
        raise HTTPException(status_code=403, detail="Your role does not give you this page.")


def _draft(request: Request, who: Viewer, draft_id: str) -> Draft:
    _require(who)
    found = audit_drafts.read(rendering.engine_of(request), draft_id, who.username)
    if found is None:
        raise HTTPException(status_code=404, detail="There is no draft audit of yours with this identifier.")
    return found


async def _typed(request: Request) -> dict[str, str]:
    form = await security.read_form(request)
    return {key: str(value) for key, value in form.items() if key != "csrf_token"}


def _boxes(day: str | None, name: str) -> dict[str, str]:
    try:
        found = dt.date.fromisoformat(day or "")
    except ValueError:
        return {}
    return {f"{name}-day": str(found.day), f"{name}-month": str(found.month), f"{name}-year": str(found.year)}


def _date(typed: dict[str, str], name: str, named: str) -> dt.date | DateProblem:
    return read_date(
        typed.get(f"{name}-day", ""), typed.get(f"{name}-month", ""), typed.get(f"{name}-year", ""), named
    )


def _after(draft_id: str, step: str, typed: dict[str, str]) -> RedirectResponse:
    """The next page: back to the check when the change came from there, else the next in order."""
    following = "check" if typed.get("from") == "check" else STEPS[STEPS.index(step) + 1]
    return RedirectResponse(f"/audits/drafts/{draft_id}/{following}", status_code=303)


def _page(
    request: Request,
    who: Viewer,
    template: str,
    heading: str,
    draft: Draft | None,
    form: dict[str, str],
    problems: list[Problem],
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    step = extra.pop("step", "child")
    number = STEPS.index(step) + 1
    if draft is not None:
        extra.setdefault("action", f"/audits/drafts/{draft.draft_id}/{step}")
    return render_form(
        request,
        template,
        who,
        heading,
        problems,
        status,
        heading=heading,
        draft=draft,
        form=form,
        step=step,
        caption=f"Record a case audit: page {number} of {len(STEPS)}",
        back=_back(draft, step, form),
        grade_words=GRADE_WORDS,
        **extra,
    )


def _back(draft: Draft | None, step: str, form: dict[str, str]) -> str:
    if draft is None:
        return "/audits"
    if form.get("from") == "check":
        return f"/audits/drafts/{draft.draft_id}/check"
    index = STEPS.index(step)
    return f"/audits/drafts/{draft.draft_id}/{STEPS[index - 1]}" if index else "/audits"


# The child, the auditor and the date (the first page starts the draft).


def _child_problems(request: Request, typed: dict[str, str]) -> tuple[dict[str, str], list[Problem], Any]:
    known = Known.of(rendering.council(request))
    problems: list[Problem] = []
    child, auditor = typed.get("child_id", "").strip(), typed.get("auditor_id", "").strip()
    if not child:
        problems.append(Problem("child", "Enter the child's identifier"))
    elif child not in known.children:
        problems.append(Problem("child", f"There is no child {child} in the data"))
    if not auditor:
        problems.append(Problem("auditor", "Enter who audited the file (their worker identifier)"))
    elif auditor not in known.workers:
        problems.append(Problem("auditor", f"There is no worker {auditor} in the data"))
    day = _date(typed, "audit_date", "The date of the audit")
    wrong = day if isinstance(day, DateProblem) else None
    if wrong is not None:
        problems.append(Problem("audit_date", wrong.message))
    elif isinstance(day, dt.date) and day > dt.date.today():
        problems.append(Problem("audit_date", "The date of the audit must be today or in the past"))
        wrong = DateProblem("The date of the audit must be today or in the past", ("day", "month", "year"))
    answers = {"child_id": child, "auditor_id": auditor}
    if isinstance(day, dt.date):
        answers["audit_date"] = day.isoformat()
    return answers, problems, wrong


def _child_page(
    request: Request,
    who: Viewer,
    draft: Draft | None,
    form: dict[str, str],
    problems: list[Problem],
    wrong: Any,
) -> HTMLResponse:
    return _page(
        request,
        who,
        "audit_step_child.html",
        "Whose file, who audited it, and when",
        draft,
        form,
        problems,
        400 if problems else 200,
        date_error=wrong,
        action=f"/audits/drafts/{draft.draft_id}/child" if draft else "/audits/drafts",
    )


@router.get("/audits/new", response_class=HTMLResponse, include_in_schema=False)
def first_page(request: Request, who: Who) -> HTMLResponse:
    """The first page of recording an audit: the child, the auditor and the date."""
    _require(who)
    return _child_page(request, who, None, {"auditor_id": who.worker_id or ""}, [], None)


@router.post("/audits/drafts", include_in_schema=False)
async def start_draft(request: Request, who: Who) -> Response:
    """Start a draft with the first page's answers, or show the page again with its problems."""
    _require(who)
    typed = await _typed(request)
    answers, problems, wrong = _child_problems(request, typed)
    if problems:
        return _child_page(request, who, None, typed, problems, wrong)
    with rendering.engine_of(request).begin() as connection:
        draft_id = audit_drafts.start(connection, who.username, dt.datetime.now(), answers)
    return _after(draft_id, "child", typed)


@router.get("/audits/drafts/{draft_id}/child", response_class=HTMLResponse, include_in_schema=False)
def child_page(request: Request, draft_id: str, who: Who, change: str | None = None) -> HTMLResponse:
    draft = _draft(request, who, draft_id)
    form = draft.answers | _boxes(draft.answers.get("audit_date"), "audit_date") | _from(change)
    return _child_page(request, who, draft, form, [], None)


@router.post("/audits/drafts/{draft_id}/child", include_in_schema=False)
async def child_answer(request: Request, draft_id: str, who: Who) -> Response:
    draft = _draft(request, who, draft_id)
    typed = await _typed(request)
    answers, problems, wrong = _child_problems(request, typed)
    if problems:
        return _child_page(request, who, draft, typed, problems, wrong)
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.answer(connection, draft, answers)
    return _after(draft_id, "child", typed)


def _from(change: str | None) -> dict[str, str]:
    return {"from": "check"} if change == "check" else {}


# Each area, and the file as a whole.


def _grade_problems(typed: dict[str, str], name: str, what: str, text_name: str) -> list[Problem]:
    found = []
    if grade_named(typed.get(name, "")) not in GRADES:
        found.append(Problem(name, f"Choose a grade for {what}"))
    if len(typed.get(text_name, "").strip()) > FINDING_LIMIT:
        found.append(Problem(text_name, f"Keep it under {FINDING_LIMIT:,} characters"))
    return found


@router.get("/audits/drafts/{draft_id}/area/{area}", response_class=HTMLResponse, include_in_schema=False)
def area_page(
    request: Request, draft_id: str, area: str, who: Who, change: str | None = None
) -> HTMLResponse:
    draft = _draft(request, who, draft_id)
    if area not in AREA_BY_KEY:
        raise HTTPException(status_code=404, detail="Audits grade no such area.")
    return _area_page(request, who, draft, area, draft.answers | _from(change), [])


def _area_page(
    request: Request, who: Viewer, draft: Draft, area: str, form: dict[str, str], problems: list[Problem]
) -> HTMLResponse:
    return _page(
        request,
        who,
        "audit_step_area.html",
        AREA_BY_KEY[area].title,
        draft,
        form,
        problems,
        400 if problems else 200,
        step=f"area/{area}",
        area=AREA_BY_KEY[area],
    )


@router.post("/audits/drafts/{draft_id}/area/{area}", include_in_schema=False)
async def area_answer(request: Request, draft_id: str, area: str, who: Who) -> Response:
    draft = _draft(request, who, draft_id)
    if area not in AREA_BY_KEY:
        raise HTTPException(status_code=404, detail="Audits grade no such area.")
    typed = await _typed(request)
    title = AREA_BY_KEY[area].title.lower()
    problems = _grade_problems(typed, f"{area}_grade", title, f"{area}_finding")
    if problems:
        return _area_page(request, who, draft, area, typed, problems)
    answers = {
        f"{area}_grade": typed[f"{area}_grade"],
        f"{area}_finding": typed.get(f"{area}_finding", "").strip(),
    }
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.answer(connection, draft, answers)
    return _after(draft_id, f"area/{area}", typed)


@router.get("/audits/drafts/{draft_id}/overall", response_class=HTMLResponse, include_in_schema=False)
def overall_page(request: Request, draft_id: str, who: Who, change: str | None = None) -> HTMLResponse:
    draft = _draft(request, who, draft_id)
    return _overall_page(request, who, draft, draft.answers | _from(change), [])


def _overall_page(
    request: Request, who: Viewer, draft: Draft, form: dict[str, str], problems: list[Problem]
) -> HTMLResponse:
    return _page(
        request,
        who,
        "audit_step_overall.html",
        "The file as a whole",
        draft,
        form,
        problems,
        400 if problems else 200,
        step="overall",
    )


@router.post("/audits/drafts/{draft_id}/overall", include_in_schema=False)
async def overall_answer(request: Request, draft_id: str, who: Who) -> Response:
    draft = _draft(request, who, draft_id)
    typed = await _typed(request)
    problems = _grade_problems(typed, "grade", "the file as a whole", "summary")
    if problems:
        return _overall_page(request, who, draft, typed, problems)
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.answer(
            connection, draft, {"grade": typed["grade"], "summary": typed.get("summary", "").strip()}
        )
    return _after(draft_id, "overall", typed)


# Actions.


def _actions_of(draft: Draft) -> list[dict[str, str]]:
    return [
        {
            "number": str(n),
            "text": draft.answers[f"action_{n}"],
            "owner": draft.answers.get(f"action_{n}_owner", ""),
            "due": draft.answers.get(f"action_{n}_due", ""),
        }
        for n in range(1, MAX_ACTIONS + 1)
        if draft.answers.get(f"action_{n}")
    ]


def _actions_page(
    request: Request,
    who: Viewer,
    draft: Draft,
    form: dict[str, str],
    problems: list[Problem],
    wrong: DateProblem | None = None,
) -> HTMLResponse:
    return _page(
        request,
        who,
        "audit_step_actions.html",
        "Actions",
        draft,
        form,
        problems,
        400 if problems else 200,
        step="actions",
        actions=_actions_of(draft),
        room=draft.action_count() < MAX_ACTIONS,
        date_error=wrong,
        long_date=_long_date,
    )


def _long_date(value: str) -> str:
    return formatting.long_date(dt.date.fromisoformat(value))


@router.get("/audits/drafts/{draft_id}/actions", response_class=HTMLResponse, include_in_schema=False)
def actions_page(request: Request, draft_id: str, who: Who, change: str | None = None) -> HTMLResponse:
    draft = _draft(request, who, draft_id)
    return _actions_page(request, who, draft, _from(change), [])


@router.post("/audits/drafts/{draft_id}/actions", include_in_schema=False)
async def actions_answer(request: Request, draft_id: str, who: Who) -> Response:
    """Add the action typed (if any), then stay to add another or go on to check the answers."""
    draft = _draft(request, who, draft_id)
    typed = await _typed(request)
    adding = typed.get("next") == "add"
    given = any(typed.get(k, "").strip() for k in ("text", "owner_id", "due-day", "due-month", "due-year"))
    answers: dict[str, str] = {"actions_done": "yes"}
    if given or adding:
        problems, wrong = [], None
        text, owner = typed.get("text", "").strip(), typed.get("owner_id", "").strip()
        if not text:
            problems.append(Problem("text", "Enter what must be done"))
        if owner and owner not in Known.of(rendering.council(request)).workers:
            problems.append(Problem("owner_id", f"There is no worker {owner} in the data"))
        due = _date(typed, "due", "The date the action is due")
        if isinstance(due, DateProblem):
            wrong = due
            problems.append(Problem("due", due.message))
        elif due.isoformat() < draft.answers.get("audit_date", ""):
            wrong = DateProblem("The action must fall due on or after the audit", ("day", "month", "year"))
            problems.append(Problem("due", wrong.message))
        if draft.action_count() >= MAX_ACTIONS:
            problems.append(Problem("text", f"An audit sets at most {MAX_ACTIONS} actions"))
        if problems:
            return _actions_page(request, who, draft, typed, problems, wrong)
        assert isinstance(due, dt.date)
        number = draft.action_count() + 1
        answers |= {
            f"action_{number}": text,
            f"action_{number}_owner": owner,
            f"action_{number}_due": due.isoformat(),
        }
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.answer(connection, draft, answers)
    if adding:
        suffix = "?change=check" if typed.get("from") == "check" else ""
        return RedirectResponse(f"/audits/drafts/{draft_id}/actions{suffix}", status_code=303)
    return _after(draft_id, "actions", typed | {"from": ""})


@router.post("/audits/drafts/{draft_id}/actions/{number}/remove", include_in_schema=False)
def remove_action(request: Request, draft_id: str, number: int, who: Who) -> Response:
    """Take an action out of the draft (the later ones move up)."""
    draft = _draft(request, who, draft_id)
    kept = [a for a in _actions_of(draft) if a["number"] != str(number)]
    answers: dict[str, str] = {}
    for n in range(1, MAX_ACTIONS + 1):
        item = kept[n - 1] if n <= len(kept) else {"text": "", "owner": "", "due": ""}
        answers |= {
            f"action_{n}": item["text"],
            f"action_{n}_owner": item["owner"],
            f"action_{n}_due": item["due"],
        }
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.answer(connection, draft, answers)
    return RedirectResponse(f"/audits/drafts/{draft_id}/actions", status_code=303)


# Check your answers, then save.


def _check_page(
    request: Request, who: Viewer, draft: Draft, problems: list[Problem], status: int = 200
) -> HTMLResponse:
    return _page(
        request,
        who,
        "audit_step_check.html",
        "Check your answers before saving the audit",
        draft,
        draft.answers,
        problems,
        status,
        step="check",
        areas=AREAS,
        actions=_actions_of(draft),
        long_date=_long_date,
        unanswered=draft.next_step() != "check",
        first_unanswered=draft.next_step(),
        problem_href=lambda field: f"/audits/drafts/{draft.draft_id}/{step_of(field)}?change=check",
    )


def step_of(field: str) -> str:
    """The page that asks for a field a problem names, for the check page's error summary."""
    if field in ("child", "auditor", "audit_date"):
        return "child"
    if field in ("grade", "summary"):
        return "overall"
    if field.startswith("action_"):
        return "actions"
    area = field.removesuffix("_grade").removesuffix("_finding")
    return f"area/{area}" if area in AREA_BY_KEY else "check"


@router.get("/audits/drafts/{draft_id}/check", response_class=HTMLResponse, include_in_schema=False)
def check_page(request: Request, draft_id: str, who: Who) -> HTMLResponse:
    draft = _draft(request, who, draft_id)
    if draft.answers.get("child_id"):
        access.opened(request, who, request.url.path, draft.answers["child_id"])
    return _check_page(request, who, draft, [])


@router.post("/audits/drafts/{draft_id}/check", include_in_schema=False)
def save(request: Request, draft_id: str, who: Who) -> Response:
    """Record the audit (every check of the one-page form) and end the draft; or say what is wrong."""
    draft = _draft(request, who, draft_id)
    if draft.next_step() != "check":
        return RedirectResponse(f"/audits/drafts/{draft_id}/{draft.next_step()}", status_code=303)
    record, problems = audit_drafts.record_from(draft.answers)
    if record is not None:
        problems += audits.problems(record, Known.of(rendering.council(request)), dt.date.today())
    if record is None or problems:
        return _check_page(request, who, draft, problems, 400)
    with rendering.engine_of(request).begin() as connection:
        audit_id = audits.record_audit(connection, record, who.username)
        audit_drafts.discard(connection, draft_id)
    access.opened(request, who, request.url.path, record.person_id)
    return RedirectResponse(f"/audits/{audit_id}?saved=yes", status_code=303)


@router.post("/audits/drafts/{draft_id}/discard", include_in_schema=False)
def discard(request: Request, draft_id: str, who: Who) -> Response:
    """Throw the draft away (nothing of it was ever the council's data)."""
    _draft(request, who, draft_id)
    with rendering.engine_of(request).begin() as connection:
        audit_drafts.discard(connection, draft_id)
    return RedirectResponse("/audits", status_code=303)
