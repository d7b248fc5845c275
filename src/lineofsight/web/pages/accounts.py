"""Signing in and out, and the access log a director reads (`/access-log`, its JSON twin
`/api/access-log`, and `?format=csv` for the CSV download).

The sign-in form says "Enter a valid username and password" whichever of the two was wrong (or when
the account is disabled), so that it does not tell a stranger which usernames exist. Too many
failures from one computer for one username are answered with the time to try again, for unknown
usernames exactly as for real ones (see `accounts.authenticate`).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from lineofsight import accounts, formatting
from lineofsight.web import security
from lineofsight.web.access import now
from lineofsight.web.auth import ROLE_NAMES, Viewer, home_of, viewer
from lineofsight.web.rendering import MAX_PAGE, csv_response, engine_of, render

router = APIRouter()

LOCKOUT: dict[str, Any] = {
    "lockout_failures": accounts.LOCKOUT_FAILURES,
    "lockout_minutes": int(accounts.LOCKOUT_TIME.total_seconds() // 60),
}
INVALID = "Enter a valid username and password"
THROTTLED = "Too many failed sign-ins with this username from this computer: try again after {time}"
ROLES_READ: dict[str, str] = dict(ROLE_NAMES.items())
PER_PAGE = 50
CSV_LIMIT = 100_000  # a download is for an investigation, not a backup of the whole log


def landing(who: Viewer, next: str) -> str:
    """Where signing in goes: the page asked for, else (the front page) where the role's work is."""
    target = security.safe_next(next)
    return home_of(who) if target == "/" else target


@router.get("/sign-in", response_class=HTMLResponse, include_in_schema=False)
def sign_in_page(request: Request, next: str = "/") -> Response:
    """The sign-in form (someone already signed in goes straight on)."""
    signed_in = getattr(request.state, "viewer", None)
    if isinstance(signed_in, Viewer):
        return RedirectResponse(landing(signed_in, next), status_code=303)
    security.ensure_csrf(request)
    return render(
        request, "sign_in.html", title="Sign in", next=security.safe_next(next), username="", **LOCKOUT
    )


@router.post("/sign-in", response_class=HTMLResponse, include_in_schema=False)
def sign_in(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the username and password (the CSRF token was checked on the way in)."""
    result = accounts.authenticate(
        engine_of(request), username, password, source=security.source_of(request), now=now(request)
    )
    if result.outcome == "signed_in" and result.viewer is not None:
        security.begin_session(request, result.viewer.username)
        return RedirectResponse(landing(result.viewer, next), status_code=303)
    error = INVALID
    if result.outcome == "throttled" and result.retry_at is not None:
        error = THROTTLED.format(time=f"{formatting.uk_time(result.retry_at).split(', ')[-1]} (UK time)")
    return render(
        request,
        "sign_in.html",
        status_code=400,
        title="Sign in",
        error_title=True,
        error=error,
        next=security.safe_next(next),
        username=username.strip(),
        **LOCKOUT,
    )


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request) -> Response:
    """End the session and go back to the sign-in page."""
    security.end_session(request)
    return RedirectResponse(security.SIGN_IN, status_code=303)


def _readable(who: Viewer) -> None:
    if not who.reads_access_log:
        raise HTTPException(status_code=403, detail="Only a director can read the access log.")


Child = Annotated[str | None, Query(description="Only views of this child (person_id).")]
User = Annotated[str | None, Query(description="Only views by this username.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of results, newest first.")]


@router.get("/access-log", response_class=HTMLResponse, summary="Access log (HTML or ?format=csv)")
def access_log_page(
    request: Request,
    who: Annotated[Viewer, Depends(viewer)],
    child: Child = None,
    user: User = None,
    page: PageNumber = 1,
    format: Annotated[str | None, Query(pattern="^(html|csv)$", description="csv to download")] = None,
) -> Response:
    """Who saw which child, and who was refused: newest first, for a director."""
    _readable(who)
    engine = engine_of(request)
    if format == "csv":
        found = accounts.read_access_log(engine, child=child, user=user, limit=CSV_LIMIT)
        return csv_response(accounts.as_rows(found.entries), "access-log.csv")
    offset = (page - 1) * PER_PAGE
    found = accounts.read_access_log(engine, child=child, user=user, limit=PER_PAGE, offset=offset)
    pages = max(1, -(-found.total // PER_PAGE))
    filters = {name: value for name, value in (("child", child), ("user", user)) if value}

    def link(**extra: Any) -> str:
        return "/access-log?" + urlencode({**filters, **extra})

    first = (page - 1) * PER_PAGE + 1
    return render(
        request,
        "access_log.html",
        viewer=who,
        title="Access log",
        child=child or "",
        user=user or "",
        total=found.total,
        caption=(
            f"{formatting.count(found.total, 'view')} of children's records"
            + (f", {first} to {first + len(found.entries) - 1} shown" if found.total > PER_PAGE else "")
        ),
        rows=[_row(entry) for entry in found.entries],
        pagination=_pagination(page, pages, link),
        csv_href=link(format="csv"),
    )


def _row(entry: accounts.AccessEntry) -> list[dict[str, Any]]:
    tag = "govuk-tag--red" if entry.outcome == "refused" else "govuk-tag--grey"
    child: dict[str, Any] = {"text": "—"}
    if entry.child_id:
        child_id = _escape(entry.child_id)
        child = {"html": f'<a class="govuk-link" href="/children/{child_id}">{child_id}</a>'}
    return [
        {"text": formatting.uk_time(entry.at, seconds=True)},
        {"text": entry.username},
        {"text": ROLES_READ.get(entry.role, entry.role)},
        child,
        {"text": entry.page},
        {"html": f'<strong class="govuk-tag {tag}">{_escape(entry.outcome)}</strong>'},
    ]


def _escape(text: str) -> str:
    return str(escape(text))


def _pagination(page: int, pages: int, link: Any) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    near = sorted({1, pages, *range(max(1, page - 1), min(pages, page + 1) + 1)})
    items: list[dict[str, Any]] = []
    for before, number in zip([None, *near], near, strict=False):
        if before is not None and number - before > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": link(page=number), "current": number == page})
    params: dict[str, Any] = {"items": items}
    if page > 1:
        params["previous"] = {"href": link(page=page - 1)}
    if page < pages:
        params["next"] = {"href": link(page=page + 1)}
    return params


@router.get("/api/access-log", summary="Access log (JSON)")
def access_log_json(
    request: Request,
    who: Annotated[Viewer, Depends(viewer)],
    child: Child = None,
    user: User = None,
    page: PageNumber = 1,
) -> dict[str, Any]:
    """The access log's JSON twin: `total` rows match, `entries` holds one page of them, newest first,
    with `at` in UTC."""
    _readable(who)
    found = accounts.read_access_log(
        engine_of(request), child=child, user=user, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return {
        "total": found.total,
        "page": page,
        "per_page": PER_PAGE,
        "entries": accounts.as_rows(found.entries),
    }
