"""Every route of the web app, asked for by everyone: nobody signed in, each role signed in through the
sign-in form, and each role's API token. The routes come from `app.routes`, so a new route cannot be
forgotten: it fails `test_every_route_says_who_may_reach_it` until it is added to `WHO_MAY`.

Each route must answer the people it is for (anything but 401, 403 or a server error: a 404 for an
account or load the sample does not have is still an answer), refuse every other role (403), send
anyone unknown to sign in (a page: 303 to /sign-in; the API: 401), carry the security headers on
every answer, and refuse every unsafe request made with a session but without its CSRF token.

One small council (two children: C1 with W1 in T1, C9 with W2 in T2) in one SQLite store serves the
whole module, since who may see what does not depend on the database (the rules' own tests run on
both databases).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import create_engine
from starlette.routing import Mount

from lineofsight import accounts, api_tokens, passwords, store
from lineofsight.settings import Settings
from lineofsight.web import security
from lineofsight.web.app import create_app
from lineofsight.web.auth import ROLES
from tests.builders import allocation, council_data, council_fact, cp_plan, person, referral, visit, worker

PASSWORD = "correct horse battery"
EVERYONE = frozenset(ROLES)
DIRECTOR = frozenset({"director"})
MANAGERS = frozenset({"team_manager", "head_of_service", "director", "auditor", "quality_assurance"})
CHILDREN = frozenset(
    {"social_worker", "team_manager", "head_of_service", "director", "auditor", "quality_assurance"}
)
DATA = frozenset({"analyst", "head_of_service", "director", "auditor"})
LOADERS = frozenset({"analyst", "head_of_service", "director"})
OPEN = "open"  # anyone, signed in or not
# Assurance (issue 18): leaders, the auditor and the QA lead read it; the QA lead records and
# moderates audits; a director makes plans.
ASSURANCE = frozenset({"quality_assurance", "director", "head_of_service", "auditor"})
QA_LEAD = frozenset({"quality_assurance"})

# Who may reach each route (method, path). C1 is the social worker's own child and T1 the team
# manager's own team, so both reach them; T1 is not a social worker's page (they have My work).
WHO_MAY: dict[tuple[str, str], frozenset[str] | str] = {
    ("GET", "/sign-in"): OPEN,
    ("POST", "/sign-in"): OPEN,
    ("POST", "/sign-out"): OPEN,
    ("GET", "/"): EVERYONE,
    ("GET", "/api/overview"): EVERYONE,
    ("GET", "/overview.csv"): EVERYONE,
    ("GET", "/overview/trend.csv"): EVERYONE,
    ("GET", "/api/measures"): EVERYONE,
    ("GET", "/measures/{code}"): EVERYONE,
    ("GET", "/api/measures/{code}"): EVERYONE,
    ("GET", "/measures/{code}/{table}.csv"): EVERYONE,
    ("GET", "/api/openapi.json"): EVERYONE,
    ("GET", "/api/docs"): EVERYONE,
    ("GET", "/teams"): MANAGERS,
    ("GET", "/api/teams"): MANAGERS,
    ("GET", "/teams.csv"): MANAGERS,
    ("GET", "/teams/{team_id}"): MANAGERS,
    ("GET", "/api/teams/{team_id}"): MANAGERS,
    ("GET", "/teams/{team_id}/{table}.csv"): MANAGERS,
    ("GET", "/my-work"): frozenset({"social_worker"}),
    ("GET", "/api/my-work"): frozenset({"social_worker"}),
    ("GET", "/my-work/{table}.csv"): frozenset({"social_worker"}),
    ("GET", "/children/{child_id}"): CHILDREN,
    ("GET", "/api/children/{child_id}"): CHILDREN,
    ("GET", "/children/{child_id}/{table_name}.csv"): CHILDREN,
    ("GET", "/search"): CHILDREN,
    ("GET", "/api/search"): CHILDREN,
    ("GET", "/data"): DATA,
    ("GET", "/api/data/loads"): DATA,
    ("GET", "/api/data/coverage"): DATA,
    ("GET", "/data/loads.csv"): DATA,
    ("GET", "/data/loads/{load_id}"): DATA,
    ("GET", "/api/data/loads/{load_id}"): DATA,
    ("GET", "/data/loads/{load_id}/rejected.csv"): DATA,
    ("POST", "/data/loads"): LOADERS,
    ("POST", "/api/data/loads"): LOADERS,
    ("GET", "/access-log"): DIRECTOR,
    ("GET", "/api/access-log"): DIRECTOR,
    ("GET", "/accounts"): DIRECTOR,
    ("GET", "/api/accounts"): DIRECTOR,
    ("GET", "/accounts/{username}"): DIRECTOR,
    ("GET", "/api/accounts/{username}"): DIRECTOR,
    ("POST", "/accounts/{username}/disable"): DIRECTOR,
    ("POST", "/api/accounts/{username}/disable"): DIRECTOR,
    ("POST", "/accounts/{username}/enable"): DIRECTOR,
    ("POST", "/api/accounts/{username}/enable"): DIRECTOR,
    ("POST", "/accounts/{username}/sign-out"): DIRECTOR,
    ("POST", "/api/accounts/{username}/sign-out"): DIRECTOR,
    ("POST", "/accounts/{username}/tokens/{token_id}/revoke"): DIRECTOR,
    ("POST", "/api/accounts/{username}/tokens/{token_id}/revoke"): DIRECTOR,
    ("GET", "/accounts/{username}/remove"): DIRECTOR,
    ("POST", "/accounts/{username}/remove"): DIRECTOR,
    ("POST", "/api/accounts/{username}/remove"): DIRECTOR,
    ("GET", "/account-changes"): DIRECTOR,
    ("GET", "/api/account-changes"): DIRECTOR,
    # Assurance (issue 18).
    ("GET", "/audits"): ASSURANCE,
    ("GET", "/api/audits"): ASSURANCE,
    ("GET", "/audits/new"): QA_LEAD,
    ("POST", "/audits/new"): QA_LEAD,
    ("POST", "/audits/drafts"): QA_LEAD,
    ("GET", "/audits/drafts/{draft_id}/child"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/child"): QA_LEAD,
    ("GET", "/audits/drafts/{draft_id}/area/{area}"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/area/{area}"): QA_LEAD,
    ("GET", "/audits/drafts/{draft_id}/overall"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/overall"): QA_LEAD,
    ("GET", "/audits/drafts/{draft_id}/actions"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/actions"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/actions/{number}/remove"): QA_LEAD,
    ("GET", "/audits/drafts/{draft_id}/check"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/check"): QA_LEAD,
    ("POST", "/audits/drafts/{draft_id}/discard"): QA_LEAD,
    ("GET", "/audits/{audit_id}"): ASSURANCE,
    ("GET", "/api/audits/{audit_id}"): ASSURANCE,
    ("GET", "/audits/{audit_id}/moderate"): QA_LEAD,
    ("POST", "/audits/{audit_id}/moderate"): QA_LEAD,
    ("GET", "/moderation"): ASSURANCE,
    ("GET", "/api/moderation"): ASSURANCE,
    ("GET", "/plans"): ASSURANCE,
    ("POST", "/plans/example"): DIRECTOR,
    ("GET", "/plans/{plan_id}"): ASSURANCE,
    ("GET", "/api/plans/{plan_id}"): ASSURANCE,
    ("GET", "/plans/{plan_id}/priorities/{number}/actions/new"): DIRECTOR,
    ("POST", "/plans/{plan_id}/priorities/{number}/actions/new"): DIRECTOR,
    ("POST", "/api/plans/{plan_id}/priorities/{number}/actions"): DIRECTOR,
    ("GET", "/plans/{plan_id}/evidence/{evidence_id}/target"): DIRECTOR,
    ("POST", "/plans/{plan_id}/evidence/{evidence_id}/target"): DIRECTOR,
    ("POST", "/api/plans/{plan_id}/evidence/{evidence_id}/target"): DIRECTOR,
    ("GET", "/plans/import"): DIRECTOR,
    ("POST", "/plans/import"): DIRECTOR,
    ("POST", "/api/plans/import"): DIRECTOR,
    ("POST", "/plans/import/save"): DIRECTOR,
    ("GET", "/self-evaluation"): ASSURANCE,
    ("GET", "/api/self-evaluation"): ASSURANCE,
    ("GET", "/self-evaluation.pdf"): ASSURANCE,
    ("GET", "/briefing"): ASSURANCE,
    ("GET", "/api/briefing"): ASSURANCE,
    ("GET", "/briefing.pdf"): ASSURANCE,
}
STATIC = {"/static", "/assets", "/assets/swagger-ui"}  # files anyone may fetch: no data in them
SAMPLES = {
    "code": "AS01",
    "table": None,  # per route, below
    "team_id": "T1",
    "child_id": "C1",
    "table_name": "timeline",
    "load_id": "no-such-load",
    "username": "target",
    "audit_id": "no-such-audit",
    "plan_id": "no-such-plan",
    "number": 1,
    "evidence_id": "no-such-evidence",
    "draft_id": "no-such-draft",
    "area": "voice",
}
TABLES = {"/measures/": "trend", "/teams/": "alerts", "/my-work/": "children"}


def routes_of(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route the app answers, from the app itself."""
    found = []
    for context in iter_route_contexts(app.routes):
        for method in sorted(context.methods or ()):
            found.append((method, context.path))
    return found


def an_app() -> FastAPI:
    """The app, over a store it never reads, just to list its routes."""
    return create_app(create_engine("sqlite://"), Settings(council_name="Testshire"))


ROUTES = routes_of(an_app())


@dataclass
class Site:
    app: FastAPI
    people: dict[str, TestClient]  # each role, signed in through the form
    tokens: dict[str, str]  # each role's API token
    target_token: str  # the id of the token of the account the director changes


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found is not None, "no CSRF token in the page"
    return found.group(1)


def signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    form = client.get("/sign-in")
    answer = client.post(
        "/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_in(form.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, f"{username} could not sign in"
    return client


@pytest.fixture(scope="module")
def site(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    real, passwords.HASHER = passwords.HASHER, quick
    path = tmp_path_factory.mktemp("routes") / "council.db"
    shutil.copy(sqlite_template, path)
    engine = store.connect(str(path))
    council_data(
        engine,
        council_fact("generated_end", "2025-03-31"),
        person("C1"),
        worker("W1"),
        worker("W2") | {"team_id": "T2"},
        referral("C1", "2025-01-02"),
        cp_plan("C1", start="2025-01-06"),
        allocation("C1", "W1", start="2025-01-06"),
        visit("C1", "2025-03-10", kind="cp"),
        allocation("C9", "W2", start="2025-01-06") | {"team_id": "T2"},
    )
    for role in ROLES:
        team = "T1" if role in ("social_worker", "team_manager") else None
        accounts.add_user(
            engine,
            role,
            PASSWORD,
            role,
            team_id=team,
            worker_id="W1" if role == "social_worker" else None,
        )
    accounts.add_user(engine, "target", PASSWORD, "analyst")
    api_tokens.issue_token(engine, "target", name="the target's")
    app = create_app(engine, Settings(), secret="a-test-secret-that-is-long-enough-1234567890")
    people = {role: signed_in(app, role) for role in ROLES}
    tokens = {role: api_tokens.issue_token(engine, role, name="route tests") for role in ROLES}
    yield Site(app, people, tokens, api_tokens.list_tokens(engine, "target")[0].token_id)
    passwords.HASHER = real
    engine.dispose()


def address(path: str, site: Site) -> str:
    """The route's path with a sample for each parameter."""
    samples = {**SAMPLES, "token_id": site.target_token}
    for prefix, table in TABLES.items():
        if path.startswith(prefix):
            samples["table"] = table
    return re.sub(r"\{(\w+)\}", lambda found: str(samples[found.group(1)]), path)


def ask(
    client: TestClient, method: str, url: str, *, token: str | None = None, csrf: bool = True
) -> Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "POST" and not token and csrf:
        headers[security.CSRF_HEADER] = csrf_in(client.get("/sign-in", follow_redirects=True).text)
    return client.request(method, url, headers=headers, follow_redirects=False)


def assert_headers(response: Response, url: str) -> None:
    """The security headers every answer carries."""
    headers = response.headers
    assert headers.get("cache-control") == "no-store", url
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), url
    assert "default-src 'self'" in headers.get("content-security-policy", ""), url
    assert headers.get("x-content-type-options") == "nosniff", url
    assert headers.get("referrer-policy") == "same-origin", url
    assert headers.get("x-frame-options") == "DENY", url


def test_every_route_says_who_may_reach_it() -> None:
    listed = set(WHO_MAY)
    assert set(ROUTES) - listed == set(), "new routes: say in WHO_MAY who may reach them"
    assert listed - set(ROUTES) == set(), "WHO_MAY names routes the app no longer has"


def test_every_route_passes_the_guard_and_only_static_files_are_mounted() -> None:
    app = an_app()
    for context in iter_route_contexts(app.routes):
        # An APIRoute has the guard among its dependencies; a plain Starlette route would not.
        assert isinstance(context.original_route, APIRoute | Mount), context.path
        if isinstance(context.original_route, Mount):
            assert context.path in STATIC, context.path


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_nobody_signed_in_is_sent_to_sign_in_or_refused(site: Site, method: str, path: str) -> None:
    url = address(path, site)
    response = ask(TestClient(site.app, raise_server_exceptions=False), method, url, csrf=False)
    assert_headers(response, url)
    if WHO_MAY[(method, path)] == OPEN:
        assert response.status_code not in (401, 500), url
    elif method == "POST":
        # No session, no token: nothing to forge, so the guard's answer is "sign in first".
        assert response.status_code in (401, 303), url
        if response.status_code == 303:
            assert response.headers["location"].startswith("/sign-in"), url
    elif security.is_api(path):
        assert response.status_code == 401, url
        assert response.headers["www-authenticate"].startswith("Bearer"), url
    else:
        assert response.status_code == 303, url
        assert response.headers["location"].startswith("/sign-in?next="), url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_each_role_signed_in_reaches_only_its_routes(site: Site, method: str, path: str, role: str) -> None:
    who_may = WHO_MAY[(method, path)]
    if who_may == OPEN:
        return  # the sign-in and sign-out forms: tests/web/test_security.py
    url = address(path, site)
    response = ask(site.people[role], method, url)
    assert_headers(response, url)
    assert response.status_code < 500, url
    if role in who_may:
        assert response.status_code not in (401, 403), url
        assert not response.headers.get("location", "").startswith("/sign-in"), url
    else:
        assert response.status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path"),
    [route for route in ROUTES if security.is_api(route[1])],
    ids=[f"{m} {p}" for m, p in ROUTES if security.is_api(p)],
)
def test_each_roles_api_token_reaches_only_its_routes(site: Site, method: str, path: str, role: str) -> None:
    who_may = WHO_MAY[(method, path)]
    assert who_may != OPEN
    url = address(path, site)
    response = ask(TestClient(site.app, raise_server_exceptions=False), method, url, token=site.tokens[role])
    assert_headers(response, url)
    assert response.status_code < 500, url
    if role in who_may:
        assert response.status_code not in (401, 403), url
    else:
        assert response.status_code == 403, url


UNSAFE = [route for route in ROUTES if route[0] not in security.SAFE_METHODS]


@pytest.mark.parametrize(("method", "path"), UNSAFE, ids=[f"{m} {p}" for m, p in UNSAFE])
def test_every_unsafe_route_refuses_a_session_without_its_csrf_token(
    site: Site, method: str, path: str
) -> None:
    # The director may reach every one of them, so only the missing token can refuse it.
    url = address(path, site)
    director = site.people["director"]
    forged = director.request(method, url, data={"csrf_token": "forged"}, follow_redirects=False)
    missing = director.request(method, url, follow_redirects=False)
    for response in (forged, missing):
        assert_headers(response, url)
        assert response.status_code == 403, url
        assert "This form has expired or did not come from this service" in response.text, url
    assert "Signed in as director" in director.get("/accounts").text  # the session still works
