"""Sessions, sign-in, API tokens and CSRF: who is asking, and whether a form really came from us.

`install(app, engine, secret, server_mode)` adds it all to the app:

- **Sessions** are Starlette's signed cookies (itsdangerous), HTTP-only, `SameSite=Lax`, `Secure` in
  server mode, lasting `SESSION_TIME` (8 hours, a working day) from sign-in. The session holds the
  username and the CSRF token, nothing else; the account is read afresh on every request, so a changed
  role takes effect at once and a removed account is signed out.
- **API tokens**: a request with `Authorization: Bearer <token>` is that token's account (for BI
  tools). It carries no cookie, so it needs no CSRF token; a bad token is a 401, never a fall-back to
  the session.
- **Who is asking** is set on `request.state.viewer` (read by the `viewer` dependency of `web/auth.py`)
  by a dependency on every route. Every route needs a signed-in viewer except the sign-in and sign-out
  pages, static files, GOV.UK assets and the API documentation: a page asked for without one sends the
  browser to `/sign-in?next=...`, and the API (`/api/...`) answers 401 in JSON. So a page that forgot
  `Depends(viewer)` is still closed. Tests that stand in for a viewer with
  `app.dependency_overrides[viewer]` are honoured: the check then leaves it to that dependency.
- **CSRF**: each session has a random token (`request.state.csrf_token`, which every form sends as a
  hidden `csrf_token` field, or a script as an `X-CSRF-Token` header). A POST (or any unsafe method)
  that comes with a session but without the matching token is refused with 403. A request with no
  session carries no one's authority, so there is nothing to forge, except at the sign-in form, which
  always needs the token of the anonymous session its page began (or one could sign a victim in as
  the attacker).
- **The secret** that signs sessions: with none, a random one per process (a laptop demo: signing in
  again after a restart is fine). In **server mode** (`lineofsight serve` on PostgreSQL, many users)
  the secret must come from `LINEOFSIGHT_SECRET`, be at least `MIN_SECRET_LENGTH` characters and not
  a well-known default; otherwise the app refuses to start (`SecretError`), since anyone who knows the
  secret can forge a director's session.
- **Errors**: 401, 403 and 404 (and 400) on pages render a GOV.UK error page; the API keeps JSON.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from lineofsight import accounts
from lineofsight.settings import SettingsError
from lineofsight.web import auth
from lineofsight.web.rendering import render

SECRET_ENV = "LINEOFSIGHT_SECRET"
MIN_SECRET_LENGTH = 32
# Secrets seen in examples and tutorials: whoever reads them can sign sessions.
KNOWN_SECRETS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "change-this",
        "default",
        "development",
        "insecure",
        "lineofsight",
        "not-a-secret",
        "password",
        "please-change-me",
        "secret",
        "secret-key",
        "your-secret-key",
    }
)
SESSION_COOKIE = "lineofsight_session"
SESSION_TIME = dt.timedelta(hours=8)
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SIGN_IN = "/sign-in"
OPEN_PATHS = frozenset({SIGN_IN, "/sign-out", "/api/docs", "/api/openapi.json"})
OPEN_FOLDERS = ("/static/", "/assets/")
ERROR_TITLES = {
    400: "There is a problem with the web address",
    401: "You need to sign in",
    403: "You do not have permission to see this page",
    404: "Page not found",
}


class SecretError(SettingsError):
    """The secret that signs sessions is missing or guessable where it must not be."""


def session_key(secret: str | None, server_mode: bool) -> str:
    """The key that signs session cookies: the secret given, or in a demo a random one per process."""
    if server_mode:
        if not secret:
            raise SecretError(
                f"server mode needs a secret to sign sessions: set {SECRET_ENV} to a random value of "
                f"at least {MIN_SECRET_LENGTH} characters (e.g. from `openssl rand -hex 32`)"
            )
        if secret.strip().lower() in KNOWN_SECRETS:
            raise SecretError(f"{SECRET_ENV} is a well-known default: set it to a random value")
        if len(secret) < MIN_SECRET_LENGTH:
            raise SecretError(f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters long")
        if len(set(secret)) < 8:  # "aaaa...": long, but no one need guess it
            raise SecretError(f"{SECRET_ENV} is not random: set it to a random value")
        return secret
    return secret or secrets.token_urlsafe(32)


def install(app: FastAPI, engine: Engine, secret: str | None, server_mode: bool) -> None:
    """Add sessions, the viewer, CSRF checks and the error pages to the app.

    Call it before the routers are included: the check is a dependency of every route the app's
    router holds from then on. Raises `SecretError` in server mode without a proper secret.
    """
    key = session_key(secret, server_mode)
    app.state.engine = engine  # the guard reads accounts from it
    app.state.server_mode = server_mode
    if not hasattr(app.state, "clock"):
        app.state.clock = accounts.utc_now
    app.router.dependencies.append(Depends(guard))
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie=SESSION_COOKIE,
        max_age=int(SESSION_TIME.total_seconds()),
        same_site="lax",
        https_only=server_mode,
    )
    app.add_exception_handler(StarletteHTTPException, error_response)


def is_open(path: str) -> bool:
    """Whether a path is open without signing in."""
    return path in OPEN_PATHS or path.startswith(OPEN_FOLDERS)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _clock(request: Request) -> dt.datetime:
    clock: accounts.Clock = getattr(request.app.state, "clock", accounts.utc_now)
    return clock()


async def guard(request: Request) -> None:
    """Find who is asking (token or session), check the CSRF token of unsafe requests, and refuse
    anyone unknown outside the open pages."""
    engine: Engine = request.app.state.engine
    session = request.session
    request.state.csrf_token = session.get("csrf", "")
    who: auth.Viewer | None = None
    by_token = False
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorised("send an API token as `Authorization: Bearer <token>`")
        who = await run_in_threadpool(accounts.viewer_for_token, engine, token.strip(), now=_clock(request))
        if who is None:
            raise _unauthorised("the API token is not valid", 'Bearer error="invalid_token"')
        by_token = True
    elif isinstance(session.get("user"), str):
        who = await run_in_threadpool(accounts.viewer_for, engine, session["user"])
        if who is None:  # the account has gone since the session began
            session.clear()
    if who is not None:
        request.state.viewer = who
    if request.method not in SAFE_METHODS and not by_token:
        await check_csrf(request)
    overridden = auth.viewer in request.app.dependency_overrides
    if who is None and not overridden and not is_open(request.url.path):
        raise _unauthorised("sign in, or send an API token as `Authorization: Bearer <token>`")


def _unauthorised(detail: str, challenge: str = "Bearer") -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": challenge})


async def check_csrf(request: Request) -> None:
    """Refuse (403) an unsafe request that has a session, or is a sign-in, without the session's token."""
    session = request.session
    if not session and request.url.path != SIGN_IN:
        return
    expected = session.get("csrf")
    given: Any = request.headers.get(CSRF_HEADER)
    if given is None:
        given = (await request.form()).get(CSRF_FIELD)
    matches = isinstance(expected, str) and isinstance(given, str) and secrets.compare_digest(given, expected)
    if not matches:
        raise HTTPException(
            status_code=403,
            detail="This form has expired or did not come from this service. Go back, reload the page "
            "and try again.",
        )


def ensure_csrf(request: Request) -> str:
    """The session's CSRF token, made now if it has none (the anonymous session of the sign-in page)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    request.state.csrf_token = token
    return token


def begin_session(request: Request, username: str) -> None:
    """A fresh session for someone who has just signed in: nothing kept from before, a new CSRF token."""
    request.session.clear()
    request.session["user"] = username
    ensure_csrf(request)


def end_session(request: Request) -> None:
    request.session.clear()
    request.state.csrf_token = ""


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site, never another site (`//evil`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return "/"
    return target


async def error_response(request: Request, error: Exception) -> Response:
    """Errors as people should meet them: a page that needs signing in sends the browser to the
    sign-in page; 400, 401, 403 and 404 on a page are a GOV.UK error page; the API keeps JSON."""
    if not isinstance(error, StarletteHTTPException):  # pragma: no cover - registered for these only
        raise error
    path = request.url.path
    if is_api(path) or error.status_code not in ERROR_TITLES:
        return await http_exception_handler(request, error)
    if error.status_code == 401 and request.method in ("GET", "HEAD"):
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{SIGN_IN}?{urlencode({'next': target})}", status_code=303)
    if getattr(request.state, "viewer", None) is None and isinstance(request.session.get("user"), str):
        # A path no route matches never passed the guard: still show who is signed in.
        who = await run_in_threadpool(accounts.viewer_for, request.app.state.engine, request.session["user"])
        if who is not None:
            request.state.viewer = who
            request.state.csrf_token = request.session.get("csrf", "")
    return render(
        request,
        "error.html",
        status_code=error.status_code,
        title=ERROR_TITLES[error.status_code],
        status=error.status_code,
        detail=error.detail if isinstance(error.detail, str) else "",
    )
