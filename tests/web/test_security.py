"""Security of the web application: signing in and out, lockout, API tokens, CSRF, session cookies,
the secret in server mode, and the pages and API refusing anyone unknown."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from argon2 import PasswordHasher
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine

from lineofsight import accounts, passwords
from lineofsight.settings import Settings
from lineofsight.web import security
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer

PASSWORD = "correct horse battery"
SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # 64 random hex digits

probe = APIRouter()


@probe.get("/probe", response_class=HTMLResponse)
def probe_page(who: Viewer = Depends(viewer)) -> str:  # noqa: B008
    return f"<p>Hello {who.username}, {who.role}</p>"


@probe.get("/unguarded", response_class=HTMLResponse)
def unguarded() -> str:
    return "<p>A page that forgot to ask who is looking</p>"


@probe.post("/probe")
def probe_change(who: Viewer = Depends(viewer)) -> dict[str, str]:  # noqa: B008
    return {"changed_by": who.username}


@probe.get("/api/probe")
def probe_api(request: Request, who: Viewer = Depends(viewer)) -> dict[str, str | None]:  # noqa: B008
    return {"username": who.username, "role": who.role, "team_id": who.team_id}


@probe.post("/api/probe")
def probe_api_change(who: Viewer = Depends(viewer)) -> dict[str, str]:  # noqa: B008
    return {"changed_by": who.username}


class Clock:
    """The app's clock, moved by hand."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 at its lightest, so that the many sign-ins here take moments (the real parameters are
    checked in tests/test_accounts.py)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def app_for(engine: Engine, *, secret: str | None = None, server_mode: bool = False) -> FastAPI:
    app = create_app(engine, Settings(), secret=secret, server_mode=server_mode)
    app.include_router(probe)
    return app


def client_for(engine: Engine, **options: str | bool | None) -> TestClient:
    accounts.add_user(engine, "director", PASSWORD, "director")
    return TestClient(app_for(engine, **options))  # type: ignore[arg-type]


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found is not None, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str, next: str = "/") -> Response:
    form = client.get("/sign-in")
    return client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": csrf_in(form.text), "next": next},
        follow_redirects=False,
    )


def test_a_page_asked_for_without_signing_in_sends_the_browser_to_sign_in_and_then_back(
    engine: Engine,
) -> None:
    client = client_for(engine)
    asked = client.get("/probe?as_at=2026-03-31", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/sign-in?next=%2Fprobe%3Fas_at%3D2026-03-31"
    signed_in = sign_in(client, "director", PASSWORD, next="/probe?as_at=2026-03-31")
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/probe?as_at=2026-03-31"
    assert "Hello director, director" in client.get("/probe").text


def test_a_page_that_forgot_to_ask_who_is_looking_is_still_closed(engine: Engine) -> None:
    client = client_for(engine)
    response = client.get("/unguarded", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


def test_the_api_answers_401_in_json_to_anyone_unknown(engine: Engine) -> None:
    client = client_for(engine)
    response = client.get("/api/probe")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_the_sign_in_page_and_static_files_are_open_but_the_api_documentation_is_not(engine: Engine) -> None:
    client = client_for(engine)
    page = client.get("/sign-in")
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page.text
    assert 'for="username"' in page.text and 'for="password"' in page.text
    assert 'data-module="govuk-password-input"' in page.text
    assert client.get("/static/lineofsight.css").status_code == 200
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/docs").status_code == 401
    sign_in(client, "director", PASSWORD)
    assert client.get("/api/openapi.json").json()["info"]["title"] == "lineofsight"
    assert client.get("/api/docs").status_code == 200


def test_a_wrong_password_or_unknown_username_says_the_same_without_saying_which(engine: Engine) -> None:
    client = client_for(engine)
    wrong_password = sign_in(client, "director", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 400
        assert "There is a problem" in response.text
        assert "Enter a valid username and password" in response.text
        assert "<title>Error: Sign in" in response.text
    assert 'value="director"' in wrong_password.text  # the username is kept, the password never
    assert "not the password" not in wrong_password.text
    assert "Hello" not in client.get("/probe").text  # still not signed in


def test_five_failures_make_this_computer_wait_the_page_says_until_when_and_it_frees_after_15_minutes(
    engine: Engine,
) -> None:
    client = client_for(engine)
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0))
    client.app.state.clock = clock  # type: ignore[attr-defined]
    said = [sign_in(client, "director", "not the password").text for _ in range(5)]
    # 09:00 UTC is 09:00 in March (GMT).
    locked = "Too many failed sign-ins with this username from this computer: try again after 09:15"
    assert [locked in text for text in said] == [False, False, False, False, True]
    # At 09:14 the right password is still refused; the lock ends at 09:15.
    clock.at = dt.datetime(2026, 3, 2, 9, 14)
    refused = sign_in(client, "director", PASSWORD)
    assert refused.status_code == 400 and locked in refused.text
    clock.at = dt.datetime(2026, 3, 2, 9, 15)
    assert sign_in(client, "director", PASSWORD).status_code == 303
    assert "Hello director" in client.get("/probe").text


def test_an_api_token_opens_the_api_and_a_bad_token_is_refused(engine: Engine) -> None:
    client = client_for(engine)
    token = accounts.issue_token(engine, "director")
    good = client.get("/api/probe", headers={"Authorization": f"Bearer {token}"})
    assert good.status_code == 200
    assert good.json() == {"username": "director", "role": "director", "team_id": None}
    forged = client.get("/api/probe", headers={"Authorization": f"Bearer {token[:-1]}x"})
    assert forged.status_code == 401
    assert forged.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    basic = client.get("/api/probe", headers={"Authorization": "Basic ZGlyZWN0b3I6cGFzc3dvcmQ="})
    assert basic.status_code == 401


def test_a_token_holder_posts_without_a_csrf_token_since_it_sends_no_cookie(engine: Engine) -> None:
    client = client_for(engine)
    token = accounts.issue_token(engine, "director")
    response = client.post("/api/probe", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"changed_by": "director"}


def test_a_signed_in_post_without_the_sessions_csrf_token_is_refused_and_with_it_accepted(
    engine: Engine,
) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    token = csrf_in(client.get("/access-log").text)  # every page's sign-out form carries it
    missing = client.post("/probe")
    assert missing.status_code == 403
    assert "This form has expired or did not come from this service" in missing.text
    assert client.post("/probe", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/api/probe").status_code == 403
    assert client.post("/api/probe").json()["detail"].startswith("This form has expired")
    assert client.post("/probe", data={"csrf_token": token}).json() == {"changed_by": "director"}
    assert client.post("/api/probe", headers={"X-CSRF-Token": token}).json() == {"changed_by": "director"}


def test_the_sign_in_form_itself_needs_the_csrf_token_of_its_page(engine: Engine) -> None:
    client = client_for(engine)
    # Posted from elsewhere, with no page first: someone signing a victim in as themselves.
    response = client.post("/sign-in", data={"username": "director", "password": PASSWORD})
    assert response.status_code == 403
    assert "Hello" not in client.get("/probe").text


def test_signing_in_starts_a_new_session_with_a_new_csrf_token(engine: Engine) -> None:
    client = client_for(engine)
    before = csrf_in(client.get("/sign-in").text)
    sign_in(client, "director", PASSWORD)
    after = csrf_in(client.get("/access-log").text)
    assert before and after and before != after


def test_signing_out_ends_the_session(engine: Engine) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    token = csrf_in(client.get("/access-log").text)
    response = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/sign-in")
    assert client.get("/probe", follow_redirects=False).status_code == 303


def test_a_page_shows_who_is_signed_in_and_a_sign_out_button(engine: Engine) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    page = client.get("/access-log").text
    assert "Signed in as director (Director)." in page
    assert '<form method="post" action="/sign-out"' in page


def test_the_session_cookie_is_http_only_and_same_site_lax_but_not_secure_on_a_laptop(engine: Engine) -> None:
    client = client_for(engine)
    cookie = client.get("/sign-in").headers["set-cookie"].lower()
    assert cookie.startswith(security.SESSION_COOKIE + "=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "max-age=28800" in cookie  # 8 hours
    assert "secure" not in cookie


def test_in_server_mode_the_session_cookie_is_secure_and_works_over_https(engine: Engine) -> None:
    accounts.add_user(engine, "director", PASSWORD, "director")
    client = TestClient(app_for(engine, secret=SECRET, server_mode=True), base_url="https://testserver")
    cookie = client.get("/sign-in").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert sign_in(client, "director", PASSWORD).status_code == 303
    assert "Hello director" in client.get("/probe").text


@pytest.mark.parametrize(
    ("secret", "says"),
    [
        (None, "server mode needs a secret"),
        ("", "server mode needs a secret"),
        ("changeme", "is a well-known default"),
        ("Secret", "is a well-known default"),
        ("7d1f0c9a2b", "must be at least 32 characters"),
        ("ab" * 20, "is not random"),
    ],
)
def test_server_mode_refuses_a_missing_default_short_or_repetitive_secret(
    engine: Engine, secret: str | None, says: str
) -> None:
    with pytest.raises(security.SecretError, match=says):
        create_app(engine, Settings(), secret=secret, server_mode=True)


def test_on_a_laptop_each_process_signs_sessions_with_its_own_random_secret(engine: Engine) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    # Another app (another run of `lineofsight serve`) does not accept the first one's cookie.
    other = TestClient(app_for(engine))
    other.cookies = client.cookies
    assert other.get("/probe", follow_redirects=False).status_code == 303
    # The same secret does.
    first, second = TestClient(app_for(engine, secret=SECRET)), TestClient(app_for(engine, secret=SECRET))
    sign_in(first, "director", PASSWORD)
    second.cookies = first.cookies
    assert "Hello director" in second.get("/probe").text


@pytest.mark.parametrize(
    "next", ["//evil.example/steal", "https://evil.example/", "/\\evil.example", "probe"]
)
def test_after_signing_in_the_browser_goes_only_to_a_page_of_this_site(engine: Engine, next: str) -> None:
    client = client_for(engine)
    assert sign_in(client, "director", PASSWORD, next=next).headers["location"] == "/"


def test_an_account_removed_since_signing_in_is_signed_out(engine: Engine) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    accounts.remove_user(engine, "director")
    assert client.get("/probe", follow_redirects=False).status_code == 303


def test_a_viewer_stood_in_by_a_test_is_honoured_without_a_session(engine: Engine) -> None:
    app = app_for(engine)
    app.dependency_overrides[viewer] = lambda: Viewer("sw1", "social_worker", "T1", "W1")
    client = TestClient(app)
    assert "Hello sw1, social_worker" in client.get("/probe").text
    # No session, so no one's authority to forge: no CSRF token needed.
    assert client.post("/probe").json() == {"changed_by": "sw1"}


def test_a_missing_page_is_a_gov_uk_not_found_page_and_in_the_api_json(engine: Engine) -> None:
    client = client_for(engine)
    sign_in(client, "director", PASSWORD)
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "If you typed the web address, check it is correct." in page.text
    assert "Signed in as director (Director)." in page.text  # no route matched, yet it knows who
    assert client.get("/api/no-such-thing").json() == {"detail": "Not Found"}


def test_a_signed_in_analyst_is_refused_the_access_log_on_a_gov_uk_error_page(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    client = TestClient(app_for(engine))
    sign_in(client, "analyst", PASSWORD)
    page = client.get("/access-log")
    assert page.status_code == 403
    assert "You do not have permission to see this page" in page.text
    assert "Only a director can read the access log." in page.text


def serve(db: str, secret: str | None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != security.SECRET_ENV}
    if secret is not None:
        environment[security.SECRET_ENV] = secret
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", "serve", "--db", db, "--port", "8765"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("secret", "says"),
    [(None, "server mode needs a secret to sign sessions: set LINEOFSIGHT_SECRET"), ("changeme", "default")],
)
def test_serve_on_postgresql_refuses_to_start_without_a_proper_secret(
    postgres_url: str, secret: str | None, says: str
) -> None:
    result = serve(postgres_url, secret)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("lineofsight: error: ")
    assert says in lines[0]
