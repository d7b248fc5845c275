"""Sessions, sign-in, API tokens, CSRF, the security headers and the limits on what a request may send:
who is asking, whether a form really came from us, and what the browser may do with the answer.

`install(app, engine, secret, server_mode)` adds it all to the app:

- **Sessions** are kept on the server (`lineofsight.sessions`): the cookie (Starlette's signed cookie,
  HTTP-only, `SameSite=Lax`, `Secure` in server mode) holds a random session id and the CSRF token,
  nothing else. A session lasts `SESSION_TIME` (8 hours, a working day) from sign-in, and ends at once
  when its person signs out (a copy of the cookie is then worthless), when the account's password is
  reset or its role changes, or when it is disabled or removed. The account is read afresh on every
  request, so a changed team takes effect at once.
- **API tokens**: a request with `Authorization: Bearer <token>` is that token's account (for BI
  tools). It carries no cookie, so it needs no CSRF token; a bad, expired or revoked token is a 401
  that says which, never a fall-back to the session.
- **Who is asking** is set on `request.state.viewer` (read by the `viewer` dependency of `web/auth.py`)
  by a dependency on every route. Every route needs a signed-in viewer except the sign-in and sign-out
  pages, static files and GOV.UK's and Swagger UI's assets: a page asked for without one sends the
  browser to `/sign-in?next=...`, and the API (`/api/...`, its documentation included) answers 401 in
  JSON. So a page that forgot `Depends(viewer)` is still closed. Tests that stand in for a viewer with
  `app.dependency_overrides[viewer]` are honoured: the check then leaves it to that dependency.
- **CSRF**: each session has a random token (`request.state.csrf_token`, which every form sends as a
  hidden `csrf_token` field, or a script as an `X-CSRF-Token` header). A POST (or any unsafe method)
  that comes with a session but without the matching token is refused with 403. A request with no
  session carries no one's authority, so there is nothing to forge, except at the sign-in form, which
  always needs the token of the anonymous session its page began (or one could sign a victim in as
  the attacker).
- **Headers on every response** (pages, JSON, CSV, errors): `Cache-Control: no-store` (children's
  records must not stay in a shared computer's cache; only the static assets may be cached), a
  Content-Security-Policy that allows scripts, styles, fonts and images from this site only (and the
  one inline script of GOV.UK's page template, by a nonce made for each response), no framing
  (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: same-origin` (a child's id in a web address never leaves for another site), and
  in server mode `Strict-Transport-Security`.
- **Request bodies are limited before they are read**, by route: `FORM_LIMIT` (64 KiB) for sign-in
  and every other form, the configured upload limit for the Data page's uploads (`/data/loads`,
  `/api/data/loads`). A request that says it is bigger is answered 413 at once; one that does not say
  its size is counted as it arrives and stopped (413) at the limit, so nothing big is spooled to disk.
- **Web addresses**: a control character (`%00`) in the path or the query is a 400 page, a query value
  a page cannot use (`page=99999999999999999999`) a 400 page saying which (JSON 422 in the API), and a
  trailing slash is redirected to the same path without it by a relative redirect, which never names
  a host (the `Host` header is the client's to choose).
- **The secret** that signs cookies: with none, a random one per process (a laptop demo: signing in
  again after a restart is fine; `lineofsight serve --workers N` makes one and gives it to all its
  workers). In **server mode** (`lineofsight serve` on PostgreSQL, many users) the secret must come
  from `LINEOFSIGHT_SECRET`, be at least `MIN_SECRET_LENGTH` characters and not a well-known default;
  otherwise the app refuses to start (`SecretError`), since anyone who knows the secret can forge a
  session cookie.
- **Errors**: 400, 401, 403, 404, 405, 413 and 500 on pages render a GOV.UK error page; the API keeps
  JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlencode

import psycopg
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lineofsight import accounts, api_tokens, sessions
from lineofsight.settings import SettingsError
from lineofsight.web import auth, errors
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
SESSION_TIME = sessions.SESSION_TIME
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SIGN_IN = "/sign-in"
OPEN_PATHS = frozenset({SIGN_IN, "/sign-out"})
OPEN_FOLDERS = ("/static/", "/assets/")
FORM_LIMIT = 64 * 1024  # a sign-in or any other form: a few hundred bytes, with room to spare
UPLOAD_PATHS = frozenset({"/data/loads", "/api/data/loads"})
MAX_UPLOAD_FILES = 50  # files in one upload: an SSDA903 return has about a dozen tables
# An inspection report uploaded to be read into a plan (one file, `assurance.report_upload`), and the
# review of what was read, which sends the report's text back with a tick for each point and match.
REPORT_PATHS = frozenset({"/plans/import", "/api/plans/import"})
REVIEW_PATH = "/plans/import/save"
REVIEW_LIMIT = 4 * 2**20  # the report's text (at most 400,000 characters) as a form encodes it
REVIEW_FIELDS = 2000  # a tick for each point and each of its matches
ERROR_TITLES = {
    400: "There is a problem with the web address",
    401: "You need to sign in",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "This page cannot do that",
    413: "What you sent is too big",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}
RETRY_AFTER_SECONDS = 30  # a restart of PostgreSQL takes seconds; a load holding SQLite's lock, more
CONTROL_CHARACTERS = frozenset(chr(code) for code in [*range(32), 127])

logger = logging.getLogger(__name__)


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
    """Add sessions, the viewer, CSRF checks, the security headers, the body limits and the error pages
    to the app.

    Call it before the routers are included: the check is a dependency of every route the app's
    router holds from then on. Raises `SecretError` in server mode without a proper secret.
    """
    key = session_key(secret, server_mode)
    app.state.engine = engine  # the guard reads accounts from it
    app.state.server_mode = server_mode
    if not hasattr(app.state, "clock"):
        app.state.clock = accounts.utc_now
    app.router.dependencies.append(Depends(guard))
    # Starlette's own redirect names the host the client sent; `error_response` redirects relatively.
    app.router.redirect_slashes = False
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie=SESSION_COOKIE,
        max_age=int(SESSION_TIME.total_seconds()),
        same_site="lax",
        https_only=server_mode,
    )
    app.add_middleware(Protection, server_mode=server_mode)  # it sees every response
    errors.install(app)  # outermost: a fault anywhere inside is a page, and logged naming no one
    app.add_exception_handler(StarletteHTTPException, error_response)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, server_error)


def is_open(path: str) -> bool:
    """Whether a path is open without signing in."""
    return path in OPEN_PATHS or path.startswith(OPEN_FOLDERS)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _clock(request: Request) -> dt.datetime:
    clock: accounts.Clock = getattr(request.app.state, "clock", accounts.utc_now)
    return clock()


def source_of(request: Request) -> str:
    """Where a request comes from, for the sign-in throttle: the client's address (behind a proxy on
    this machine, uvicorn takes it from `X-Forwarded-For`)."""
    return request.client.host if request.client else "unknown"


async def guard(request: Request) -> None:
    """Find who is asking (token or session), check the CSRF token of unsafe requests, and refuse
    anyone unknown outside the open pages."""
    refuse_control_characters(request)
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
        checked = await run_in_threadpool(api_tokens.check_token, engine, token.strip(), now=_clock(request))
        if checked.viewer is None:
            raise _unauthorised(checked.problem, 'Bearer error="invalid_token"')
        who, by_token = checked.viewer, True
    elif isinstance(session.get("sid"), str):
        who = await run_in_threadpool(
            sessions.viewer_for_session, engine, session["sid"], now=_clock(request)
        )
        if who is None:  # signed out elsewhere, ended, run out, or the account disabled or removed
            session.clear()
            request.state.csrf_token = ""
    if who is not None:
        request.state.viewer = who
        request.state.by_token = by_token
    if request.method not in SAFE_METHODS and not by_token:
        await check_csrf(request)
    overridden = auth.viewer in request.app.dependency_overrides
    if who is None and not overridden and not is_open(request.url.path):
        raise _unauthorised("sign in, or send an API token as `Authorization: Bearer <token>`")


def refuse_control_characters(request: Request) -> None:
    """A web address with a control character (`%00`) is a mistake or an attack: 400, before any of it
    reaches the store (PostgreSQL refuses NUL in text)."""
    texts = [request.url.path, *request.query_params.keys(), *request.query_params.values()]
    if any(CONTROL_CHARACTERS.intersection(text) for text in texts):
        raise HTTPException(
            status_code=400,
            detail="The web address has a character in it that this service does not accept (such as "
            "%00). Check the address and try again.",
        )


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
        given = (await read_form(request)).get(CSRF_FIELD)
    matches = isinstance(expected, str) and isinstance(given, str) and secrets.compare_digest(given, expected)
    if not matches:
        raise HTTPException(
            status_code=403,
            detail="This form has expired or did not come from this service. Go back, reload the page "
            "and try again.",
        )


MAX_FIELDS = 100  # the fields of any form: the upload form has nine


async def read_form(request: Request) -> FormData:
    """The request's form, read with its route's limits: at most `MAX_UPLOAD_FILES` files in an upload
    to the Data page and none in any other form, at most `MAX_FIELDS` fields. Whoever reads the form
    first (the CSRF check, or the page) sets the limits, since the form is read only once and kept, so
    every reader goes through here. Too many files is a 413 that says how many may be sent."""
    path = request.url.path
    posted = request.method == "POST"
    files = (
        MAX_UPLOAD_FILES if posted and path in UPLOAD_PATHS else 1 if posted and path in REPORT_PATHS else 0
    )
    fields = REVIEW_FIELDS if posted and path == REVIEW_PATH else MAX_FIELDS
    try:
        return await request.form(max_files=files, max_fields=fields)
    except StarletteHTTPException as error:
        if error.status_code == 400 and "Too many files" in str(error.detail):
            detail = (
                f"Choose at most {MAX_UPLOAD_FILES} files in one upload (an SSDA903 return has about a "
                "dozen tables)."
                if files
                else "This form does not take files."
            )
            raise HTTPException(status_code=413, detail=detail) from None
        raise


def ensure_csrf(request: Request) -> str:
    """The session's CSRF token, made now if it has none (the anonymous session of the sign-in page)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    request.state.csrf_token = token
    return token


def begin_session(request: Request, username: str) -> None:
    """A fresh session for someone who has just signed in: a new session on the server, nothing kept
    from before in the cookie, a new CSRF token."""
    session_id = sessions.begin(request.app.state.engine, username, now=_clock(request))
    request.session.clear()
    request.session["sid"] = session_id
    ensure_csrf(request)


def end_session(request: Request) -> None:
    """Sign out: the session's row goes, so the cookie (or any copy of it) no longer signs anyone in."""
    session_id = request.session.get("sid")
    if isinstance(session_id, str):
        sessions.end(request.app.state.engine, session_id)
    request.session.clear()
    request.state.csrf_token = ""


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site, never another site (`//evil`, `/\\evil`)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or CONTROL_CHARACTERS.intersection(target)
    ):
        return "/"
    return target


# Errors -------------------------------------------------------------------------------------------


async def error_response(request: Request, error: Exception) -> Response:
    """Errors as people should meet them: a page that needs signing in sends the browser to the
    sign-in page; errors on a page are a GOV.UK error page; the API keeps JSON. A path with a trailing
    slash that names a page without it is redirected there, relatively."""
    if not isinstance(error, StarletteHTTPException):  # pragma: no cover - registered for these only
        raise error
    path = request.url.path
    if error.status_code == 404 and request.method in ("GET", "HEAD"):
        moved = without_trailing_slash(request)
        if moved is not None:
            return RedirectResponse(moved, status_code=308)
    if is_api(path) or error.status_code not in ERROR_TITLES:
        return await http_exception_handler(request, error)
    if error.status_code == 401 and request.method in ("GET", "HEAD"):
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{SIGN_IN}?{urlencode({'next': target})}", status_code=303)
    await _know_who(request)
    return render(
        request,
        "error.html",
        status_code=error.status_code,
        headers=error.headers,
        title=ERROR_TITLES[error.status_code],
        status=error.status_code,
        detail=error.detail if isinstance(error.detail, str) else "",
    )


async def _know_who(request: Request) -> None:
    """A path no route matches never passed the guard: still show who is signed in."""
    if getattr(request.state, "viewer", None) is not None:
        return
    session_id = request.session.get("sid") if "session" in request.scope else None
    if isinstance(session_id, str):
        engine = request.app.state.engine
        who = await run_in_threadpool(sessions.viewer_for_session, engine, session_id, now=_clock(request))
        if who is not None:
            request.state.viewer = who
            request.state.csrf_token = request.session.get("csrf", "")


def without_trailing_slash(request: Request) -> str | None:
    """The same address without its trailing slash, when that is a page: a path only, never a host
    (and never `//host`, which a browser would take for one)."""
    path = request.url.path
    if path == "/" or not path.endswith("/"):
        return None
    bare = "/" + path.strip("/")
    scope = {**request.scope, "path": bare}
    if not any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
        return None
    return bare + (f"?{request.url.query}" if request.url.query else "")


async def invalid_request(request: Request, error: Exception) -> Response:
    """A query or form value the route cannot use: in the API FastAPI's JSON (422); on a page a 400
    page that says which value is wrong."""
    if not isinstance(error, RequestValidationError):  # pragma: no cover - registered for these only
        raise error
    problems = []
    for each in error.errors():
        where = " ".join(str(part) for part in each.get("loc", ())[1:]) or "the address"
        problems.append(f"{where}: {each.get('msg', 'not valid')}")
    if is_api(request.url.path):  # FastAPI's list, for programs, under one sentence for people
        listed = await request_validation_exception_handler(request, error)
        assert isinstance(listed, JSONResponse)
        errors_ = json.loads(bytes(listed.body))["detail"]
        sentence = "This address cannot use " + "; ".join(problems) + "."
        return JSONResponse({"detail": sentence, "errors": errors_}, status_code=422)
    await _know_who(request)
    return render(
        request,
        "error.html",
        status_code=400,
        title=ERROR_TITLES[400],
        status=400,
        detail="This page cannot use " + "; ".join(problems) + ".",
    )


def database_unavailable(error: Exception) -> bool:
    """Whether the database could not be reached or was busy, rather than a fault of ours: a
    connection that dropped (PostgreSQL restarting), one that could not be made, or SQLite's write
    lock held past its wait (`database is locked`)."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated or isinstance(error.orig, psycopg.OperationalError):
        return True
    return isinstance(error.orig, sqlite3.OperationalError) and "database is locked" in str(error.orig)


async def server_error(request: Request, error: Exception) -> Response:
    """A fault of ours (500): logged with its traceback, shown as a GOV.UK page (or JSON) that gives
    nothing away, with the same security headers as every other response. A database that is not
    answering (restarting, say) is not a fault of ours: 503, asking to try again shortly, with
    `Retry-After` (scripts/faults.py restarts PostgreSQL under the server)."""
    unavailable = database_unavailable(error)
    status = 503 if unavailable else 500
    ref = getattr(request.state, "fault_reference", None)
    if unavailable:
        # The route's pattern, never its address, which may name a child.
        logger.warning("the database did not answer on %s %s", request.method, errors.route_of(request.scope))
    elif not isinstance(ref, str):  # not already logged by `errors.Faults`
        ref = errors.reference()
        errors.log_fault(request.scope, error, ref)
    detail = (
        "The database is not answering just now. Try again in a minute."
        if unavailable
        else "Try again later. If it happens again, tell the team that runs this service, "
        f"quoting reference {ref}."
    )
    response: Response
    if is_api(request.url.path):
        response = JSONResponse(
            {"detail": detail}
            if unavailable
            else {"detail": f"{ERROR_TITLES[500]}: try again later (reference {ref})", "reference": ref},
            status_code=status,
        )
    else:
        try:
            response = render(
                request,
                "error.html",
                status_code=status,
                title=ERROR_TITLES[status],
                status=status,
                detail=detail,
            )
        except Exception:  # the page itself cannot be drawn: plain words still
            response = Response(ERROR_TITLES[status], status_code=status, media_type="text/plain")
    if unavailable:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    server_mode = bool(getattr(request.app.state, "server_mode", False))
    nonce = getattr(request.state, "csp_nonce", "")
    response.headers.update(security_headers(request.url.path, nonce, server_mode))
    return response


# Headers and body limits --------------------------------------------------------------------------


def content_security_policy(nonce: str) -> str:
    """Everything from this site only; the one inline script (GOV.UK's template marks the page as
    having JavaScript) by its nonce; no plugins, no framing, forms posted only here."""
    scripts = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(path: str, nonce: str, server_mode: bool) -> dict[str, str]:
    """The headers every response carries (`Cache-Control` only where the response is not a static
    asset, which may be cached)."""
    headers = {
        "Content-Security-Policy": content_security_policy(nonce),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if not path.startswith(OPEN_FOLDERS):
        headers["Cache-Control"] = "no-store"
    if server_mode:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def body_limit(app: Any, method: str, path: str) -> int:
    """The most a request to this route may send: the upload limit for the Data page's uploads and
    for an inspection report's, the review of a report's text, `FORM_LIMIT` for anything else."""
    if method == "POST" and path in UPLOAD_PATHS:
        from lineofsight.web.pages.data import FORM_OVERHEAD, upload_limit

        return upload_limit(app) + FORM_OVERHEAD
    if method == "POST" and path in REPORT_PATHS:
        from lineofsight.assurance.report_upload import MAX_UPLOAD_BYTES

        return MAX_UPLOAD_BYTES + FORM_LIMIT
    if method == "POST" and path == REVIEW_PATH:
        return REVIEW_LIMIT
    return FORM_LIMIT


def too_big_message(limit: int) -> str:
    if limit > FORM_LIMIT:
        return (
            f"The upload is over the {limit / 2**20:,.0f} MB limit: check that these are the right "
            "files, or ask for the limit to be raised."
        )
    return f"A form here may send at most {limit // 1024} KB. Go back and try again."


class Protection:
    """ASGI middleware: the security headers on every response, and each route's body limit enforced
    before anything reads the body (see the module's docstring)."""

    def __init__(self, app: ASGIApp, server_mode: bool = False) -> None:
        self.app = app
        self.server_mode = server_mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_hex(16)  # lower-case hex: never reads as a child's or team's id in a page
        scope.setdefault("state", {})["csp_nonce"] = nonce
        headers = security_headers(scope["path"], nonce, self.server_mode)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in _lower(headers)
                ]
                raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
                message["headers"] = raw
            await send(message)

        limit = body_limit(scope.get("app"), scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            await self._refuse(
                scope, receive, send_with_headers, 400, "The request's Content-Length is not a number."
            )
            return
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send_with_headers, 413, too_big_message(limit))
            return
        counted = 0

        async def counting_receive() -> Message:
            nonlocal counted
            message = await receive()
            if message["type"] == "http.request":
                counted += len(message.get("body", b""))
                if counted > limit:
                    # An HTTP exception, so that the form parser passes it on and the error page
                    # (or the API's JSON) answers it.
                    raise StarletteHTTPException(status_code=413, detail=too_big_message(limit))
            return message

        await self.app(scope, counting_receive if declared is None else receive, send_with_headers)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
        request = Request(scope, receive)
        response: Response
        app = scope.get("app")
        if is_api(scope["path"]) or app is None or not hasattr(app.state, "templates"):
            response = JSONResponse({"detail": detail}, status_code=status)
        else:
            response = render(
                request,
                "error.html",
                status_code=status,
                title=ERROR_TITLES[status],
                status=status,
                detail=detail,
            )
        response.headers["Connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)


def _lower(headers: MutableMapping[str, str] | dict[str, str]) -> set[str]:
    return {name.lower() for name in headers}


def _content_length(scope: Scope) -> int | None:
    """The Content-Length the request declares: None when it declares none, -1 when it is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


Handler = Callable[[Request, Exception], Awaitable[Response]]
