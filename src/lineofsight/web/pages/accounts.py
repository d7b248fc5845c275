"""Signing in and out, and the access log a director reads (`/access-log`, its JSON twin
`/api/access-log`, and `?format=csv` for the CSV download), filtered by day, person, child, kind and
refusals.

The sign-in form says "Enter a valid username and password" whichever of the two was wrong (or when
the account is disabled), so that it does not tell a stranger which usernames exist. Too many
failures from one computer for one username are answered with the time to try again, for unknown
usernames exactly as for real ones (see `accounts.authenticate`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from lineofsight import access_log, accounts, formatting
from lineofsight.access_log import AccessEntry, AccessFilter, Kind
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


Child = Annotated[
    str | None,
    Query(description="Only entries about this child (person_id): its record opened, or lists naming it."),
]
User = Annotated[str | None, Query(description="Only entries of this username.")]
KindFilter = Annotated[
    Kind | None,
    Query(description="opened: a child's own record opened; listed: children shown in a list or download."),
]
Refused = Annotated[str | None, Query(pattern="^(yes|)$", description="yes: only refusals.")]
Since = Annotated[dt.date | None, Query(description="From this UK day (YYYY-MM-DD), included.")]
Until = Annotated[dt.date | None, Query(description="To this UK day (YYYY-MM-DD), included.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of results, newest first.")]
KIND_WORDS = {"opened": "Opened the record", "listed": "Shown in a list"}


def _filter(
    child: str | None,
    user: str | None,
    kind: Kind | None,
    refused: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> AccessFilter:
    return AccessFilter(
        child=(child or "").strip() or None,
        user=(user or "").strip() or None,
        kind=kind,
        refused=refused == "yes",
        since=since,
        until=until,
    )


@router.get("/access-log", response_class=HTMLResponse, summary="Access log (HTML or ?format=csv)")
def access_log_page(
    request: Request,
    who: Annotated[Viewer, Depends(viewer)],
    child: Child = None,
    user: User = None,
    kind: KindFilter = None,
    refused: Refused = None,
    since: Since = None,
    until: Until = None,
    page: PageNumber = 1,
    format: Annotated[str | None, Query(pattern="^(html|csv)$", description="csv to download")] = None,
) -> Response:
    """Who opened which child's record, who was shown which children in a list or download, and who
    was refused: newest first, for a director, filtered by day, person, child, kind and refusals."""
    _readable(who)
    engine = engine_of(request)
    chosen = _filter(child, user, kind, refused, since, until)
    if format == "csv":
        found = access_log.read_access_log(engine, chosen, limit=CSV_LIMIT)
        return csv_response([entry.as_row() for entry in found.entries], "access-log.csv")
    offset = (page - 1) * PER_PAGE
    found = access_log.read_access_log(engine, chosen, limit=PER_PAGE, offset=offset)
    pages = max(1, -(-found.total // PER_PAGE))
    filters = chosen.as_query()

    def link(**extra: Any) -> str:
        return "/access-log?" + urlencode({**filters, **extra})

    first = (page - 1) * PER_PAGE + 1
    return render(
        request,
        "access_log.html",
        viewer=who,
        title="Access log",
        chosen=chosen,
        total=found.total,
        caption=(
            f"{formatting.count(found.total, 'entry', 'entries')}"
            + (f", {first} to {first + len(found.entries) - 1} shown" if found.total > PER_PAGE else "")
        ),
        rows=[_row(entry) for entry in found.entries],
        pagination=_pagination(page, pages, link),
        csv_href=link(format="csv"),
        kinds=KIND_WORDS,
    )


SHOWN_CHILDREN = 12  # children named in a list's entry on the page; the CSV and JSON name them all


def _row(entry: AccessEntry) -> list[dict[str, Any]]:
    refused = entry.outcome == "refused"
    tag = "govuk-tag--red" if refused else "govuk-tag--grey"
    children: dict[str, Any] = {"text": "—"}
    if entry.kind == "opened" and entry.child_id:
        href = _escape(f"/children/{quote(entry.child_id, safe='')}")
        children = {"html": f'<a class="govuk-link" href="{href}">{_escape(entry.child_id)}</a>'}
    elif entry.children:
        named = ", ".join(entry.children[:SHOWN_CHILDREN])
        more = len(entry.children) - SHOWN_CHILDREN
        count = formatting.count(len(entry.children), "child", "children")
        children = {"text": f"{count}: {named}" + (f" and {more:,} more" if more > 0 else "")}
    what = "Refused" if refused else KIND_WORDS.get(entry.kind, entry.kind)
    return [
        {"text": formatting.uk_time(entry.at, seconds=True)},
        {"text": entry.username},
        {"text": ROLES_READ.get(entry.role, entry.role)},
        {"html": f'<strong class="govuk-tag {tag}">{_escape(what)}</strong>'},
        children,
        {"text": entry.page},
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
    kind: KindFilter = None,
    refused: Refused = None,
    since: Since = None,
    until: Until = None,
    page: PageNumber = 1,
) -> dict[str, Any]:
    """The access log's JSON twin, with the page's filters: `total` entries match, `entries` holds one
    page of them, newest first, with `at` in UTC. Each entry is `opened` (one child's record:
    `child_id`) or `listed` (a list or download: `children`, each once, and `child_count`)."""
    _readable(who)
    chosen = _filter(child, user, kind, refused, since, until)
    found = access_log.read_access_log(
        engine_of(request), chosen, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return {
        "total": found.total,
        "page": page,
        "per_page": PER_PAGE,
        "filters": chosen.as_query(),
        "entries": access_log.as_rows(found.entries),
    }
