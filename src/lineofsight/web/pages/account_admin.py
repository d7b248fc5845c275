"""Managing accounts, for a director: the accounts (`/accounts`), one account with its tokens
(`/accounts/NAME`), disabling and enabling it, signing it out everywhere, revoking a token, removing it
(after a confirmation page), and the log of changes to accounts (`/account-changes`). Each has a JSON
twin under `/api/` (the changes are POSTs there too), answering what the CLI's `lineofsight users ...`
answers, through the same library functions.

Every change is a POST with the session's CSRF token (or an API token), is written to the log of
changes with the director's username, and ends sessions and tokens at once where it should (see
`lineofsight.accounts`). A director may not disable or remove their own account, so that the last
director cannot lock everyone out of managing accounts by a slip.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from lineofsight import account_log, accounts, api_tokens, formatting
from lineofsight.account_log import Actor
from lineofsight.web.access import now
from lineofsight.web.auth import ROLE_NAMES, Viewer, viewer
from lineofsight.web.rendering import MAX_PAGE, csv_response, engine_of, render

router = APIRouter()
Who = Annotated[Viewer, Depends(viewer)]
Username = Annotated[
    str, Path(pattern=f"^{accounts.USERNAME.pattern}$", description="The account's username.")
]
TokenId = Annotated[str, Path(pattern="^[0-9a-f]{12}$", description="The token's id (12 hex digits).")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of results, newest first.")]
PER_PAGE = 50
CSV_LIMIT = 100_000
DONE = {
    "disabled": "The account is disabled: it cannot sign in, its sessions have ended and its tokens "
    "are revoked.",
    "enabled": "The account is enabled: it can sign in again. Its old tokens stay revoked.",
    "signed-out": "The account is signed out everywhere.",
    "revoked": "The token is revoked: it no longer works.",
}


def _director(who: Viewer) -> None:
    if not who.manages_accounts:
        raise HTTPException(status_code=403, detail="Only a director can manage accounts.")


def _actor(request: Request, who: Viewer) -> Actor:
    return Actor(who.username, "api token" if getattr(request.state, "by_token", False) else "web")


def _account(request: Request, username: str) -> accounts.Account:
    try:
        return accounts.find_account(engine_of(request), username, now=now(request))
    except accounts.AccountError:
        raise HTTPException(status_code=404, detail=f"There is no account {username}.") from None


def _not_self(who: Viewer, username: str, doing: str) -> None:
    if who.username == username:
        raise HTTPException(
            status_code=400,
            detail=f"You cannot {doing} your own account: ask another director to do it.",
        )


def _status_tag(status: str) -> str:
    colour = {"active": "govuk-tag--green", "disabled": "govuk-tag--grey", "expired": "govuk-tag--grey"}
    return f'<strong class="govuk-tag {colour.get(status, "govuk-tag--red")}">{status.capitalize()}</strong>'


def _when(value: Any) -> str:
    return "—" if value is None else formatting.uk_time(value)


# ------------------------------------------------------------------------------------------ accounts
@router.get("/accounts", summary="Accounts (HTML)")
def accounts_page(request: Request, who: Who, removed: str | None = None) -> Response:
    """Every account with its role, status, open sessions and working tokens."""
    _director(who)
    found = accounts.list_accounts(engine_of(request), now=now(request))
    rows = [
        [
            {"html": f'<a class="govuk-link" href="/accounts/{a.username}">{a.username}</a>'},
            {"text": ROLE_NAMES[a.role]},
            {"text": a.team_id or ""},
            {"text": a.worker_id or ""},
            {"html": _status_tag(a.status)},
            {"text": formatting.number(a.sessions), "format": "numeric"},
            {"text": formatting.number(a.tokens), "format": "numeric"},
        ]
        for a in found
    ]
    return render(
        request,
        "accounts.html",
        viewer=who,
        title="Accounts",
        rows=rows,
        removed=removed if removed and accounts.USERNAME.fullmatch(removed) else None,
    )


@router.get("/api/accounts", summary="Accounts (JSON)")
def accounts_json(request: Request, who: Who) -> dict[str, Any]:
    _director(who)
    found = accounts.list_accounts(engine_of(request), now=now(request))
    return {"accounts": [a.as_json() for a in found]}


@router.get("/accounts/{username}", summary="One account and its tokens (HTML)")
def account_page(request: Request, who: Who, username: Username, done: str | None = None) -> Response:
    _director(who)
    account = _account(request, username)
    moment = now(request)
    tokens = api_tokens.list_tokens(engine_of(request), account.username)
    return render(
        request,
        "account.html",
        viewer=who,
        title=f"Account {account.username}",
        account=account,
        role_title=ROLE_NAMES[account.role],
        status_tag=_status_tag(account.status),
        created=_when(account.created_at),
        disabled=_when(account.disabled_at),
        last_seen=_when(account.last_seen),
        tokens=[
            {
                "token": token,
                "status": token.status(moment),
                "tag": _status_tag(token.status(moment)),
                "created": _when(token.created_at),
                "expires": _when(token.expires_at),
                "last_used": _when(token.last_used),
            }
            for token in tokens
        ],
        done=DONE.get(done or ""),
        own=account.username == who.username,
    )


@router.get("/api/accounts/{username}", summary="One account and its tokens (JSON)")
def account_json(request: Request, who: Who, username: Username) -> dict[str, Any]:
    _director(who)
    account = _account(request, username)
    moment = now(request)
    tokens = api_tokens.list_tokens(engine_of(request), account.username)
    return {**account.as_json(), "tokens": [token.as_json(moment) for token in tokens]}


# ----------------------------------------------------------------------------------------- changes
def _disable(request: Request, who: Viewer, username: str) -> accounts.Account:
    _director(who)
    account = _account(request, username)
    _not_self(who, account.username, "disable")
    accounts.disable_user(engine_of(request), account.username, by=_actor(request, who), now=now(request))
    return _account(request, username)


def _enable(request: Request, who: Viewer, username: str) -> accounts.Account:
    _director(who)
    account = _account(request, username)
    accounts.enable_user(engine_of(request), account.username, by=_actor(request, who), now=now(request))
    return _account(request, username)


def _sign_out(request: Request, who: Viewer, username: str) -> accounts.Account:
    _director(who)
    account = _account(request, username)
    accounts.end_sessions(engine_of(request), account.username, by=_actor(request, who), now=now(request))
    return _account(request, username)


def _revoke(request: Request, who: Viewer, username: str, token_id: str) -> api_tokens.Token:
    _director(who)
    account = _account(request, username)
    try:
        return api_tokens.revoke_token(
            engine_of(request), account.username, token_id, by=_actor(request, who), now=now(request)
        )
    except api_tokens.TokenError:
        raise HTTPException(status_code=404, detail=f"{account.username} has no token {token_id}.") from None


@router.post("/accounts/{username}/disable", summary="Disable an account (form)")
def disable_form(request: Request, who: Who, username: Username) -> Response:
    account = _disable(request, who, username)
    return RedirectResponse(f"/accounts/{account.username}?done=disabled", status_code=303)


@router.post(
    "/api/accounts/{username}/disable", summary="Disable an account: no sign-in, no session, no token"
)
def disable_json(request: Request, who: Who, username: Username) -> dict[str, Any]:
    return _disable(request, who, username).as_json()


@router.post("/accounts/{username}/enable", summary="Enable a disabled account (form)")
def enable_form(request: Request, who: Who, username: Username) -> Response:
    account = _enable(request, who, username)
    return RedirectResponse(f"/accounts/{account.username}?done=enabled", status_code=303)


@router.post("/api/accounts/{username}/enable", summary="Enable a disabled account")
def enable_json(request: Request, who: Who, username: Username) -> dict[str, Any]:
    return _enable(request, who, username).as_json()


@router.post("/accounts/{username}/sign-out", summary="Sign an account out everywhere (form)")
def sign_out_form(request: Request, who: Who, username: Username) -> Response:
    account = _sign_out(request, who, username)
    if account.username == who.username:  # the director's own session has just ended too
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(f"/accounts/{account.username}?done=signed-out", status_code=303)


@router.post("/api/accounts/{username}/sign-out", summary="Sign an account out everywhere")
def sign_out_json(request: Request, who: Who, username: Username) -> dict[str, Any]:
    return _sign_out(request, who, username).as_json()


@router.post("/accounts/{username}/tokens/{token_id}/revoke", summary="Revoke a token (form)")
def revoke_form(request: Request, who: Who, username: Username, token_id: TokenId) -> Response:
    _revoke(request, who, username, token_id)
    return RedirectResponse(f"/accounts/{username}?done=revoked", status_code=303)


@router.post("/api/accounts/{username}/tokens/{token_id}/revoke", summary="Revoke a token")
def revoke_json(request: Request, who: Who, username: Username, token_id: TokenId) -> dict[str, Any]:
    return _revoke(request, who, username, token_id).as_json(now(request))


@router.get("/accounts/{username}/remove", summary="Confirm removing an account (HTML)")
def remove_page(request: Request, who: Who, username: Username) -> Response:
    _director(who)
    account = _account(request, username)
    _not_self(who, account.username, "remove")
    return render(
        request, "account_remove.html", viewer=who, title=f"Remove {account.username}", account=account
    )


def _remove(request: Request, who: Viewer, username: str) -> str:
    _director(who)
    account = _account(request, username)
    _not_self(who, account.username, "remove")
    accounts.remove_user(engine_of(request), account.username, by=_actor(request, who), now=now(request))
    return account.username


@router.post("/accounts/{username}/remove", summary="Remove an account (form)")
def remove_form(request: Request, who: Who, username: Username) -> Response:
    removed = _remove(request, who, username)
    return RedirectResponse(f"/accounts?{urlencode({'removed': removed})}", status_code=303)


@router.post("/api/accounts/{username}/remove", summary="Remove an account (its access-log history stays)")
def remove_json(request: Request, who: Who, username: Username) -> dict[str, Any]:
    return {"removed": _remove(request, who, username)}


# ----------------------------------------------------------------------------------- the log of changes
@router.get("/account-changes", summary="Changes to accounts (HTML or ?format=csv)")
def changes_page(
    request: Request,
    who: Who,
    user: Annotated[str | None, Query(description="Only changes to this account.")] = None,
    page: PageNumber = 1,
    format: Annotated[str | None, Query(pattern="^(html|csv)$", description="csv to download")] = None,
) -> Response:
    """Who changed which account, how and when: newest first, for a director."""
    _director(who)
    engine = engine_of(request)
    if format == "csv":
        everything = account_log.read_changes(engine, username=user, limit=CSV_LIMIT)
        return csv_response([entry.as_json() for entry in everything.entries], "account-changes.csv")
    found = account_log.read_changes(engine, username=user, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    pages = max(1, -(-found.total // PER_PAGE))
    filters = {"user": user} if user else {}
    rows = [
        [
            {"text": formatting.uk_time(entry.at, seconds=True)},
            {"text": entry.actor},
            {"text": entry.via},
            {"text": entry.action},
            {"text": entry.username},
            {"text": entry.detail or ""},
        ]
        for entry in found.entries
    ]
    return render(
        request,
        "account_changes.html",
        viewer=who,
        title="Changes to accounts",
        user=user or "",
        rows=rows,
        caption=f"{formatting.count(found.total, 'change')} to accounts",
        previous=f"/account-changes?{urlencode({**filters, 'page': page - 1})}" if page > 1 else None,
        next=f"/account-changes?{urlencode({**filters, 'page': page + 1})}" if page < pages else None,
        csv_href=f"/account-changes?{urlencode({**filters, 'format': 'csv'})}",
    )


@router.get("/api/account-changes", summary="Changes to accounts (JSON)")
def changes_json(
    request: Request,
    who: Who,
    user: Annotated[str | None, Query(description="Only changes to this account.")] = None,
    page: PageNumber = 1,
) -> dict[str, Any]:
    """The log of changes' JSON twin: `total` rows match, `entries` holds one page, newest first."""
    _director(who)
    found = account_log.read_changes(
        engine_of(request), username=user, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return {
        "total": found.total,
        "page": page,
        "per_page": PER_PAGE,
        "entries": [entry.as_json() for entry in found.entries],
    }
