"""A leaver's access cut off through the web: sessions that end when they should (sign-out, password
reset, change of role, disabling, removing), tokens refused when expired or revoked, and the accounts
pages where a director does it, with their JSON twins."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import access_log, account_log, accounts, api_tokens, passwords
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from tests.web.test_security import PASSWORD, csrf_in, sign_in

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def browser(engine: Engine) -> TestClient:
    return TestClient(create_app(engine, Settings(), secret=SECRET))


def signed_in_as(engine: Engine, username: str, role: str = "head_of_service") -> TestClient:
    if accounts.viewer_for(engine, username) is None:
        accounts.add_user(engine, username, PASSWORD, role)
    client = browser(engine)
    assert sign_in(client, username, PASSWORD).status_code == 303
    return client


def is_signed_in(client: TestClient) -> bool:
    return client.get("/api/openapi.json", follow_redirects=False).status_code != 401


def token_of(client: TestClient) -> str:
    return csrf_in(client.get("/sign-in", follow_redirects=True).text)


# Sessions ------------------------------------------------------------------------------------------


def test_a_copy_of_the_cookie_taken_before_signing_out_signs_no_one_in(engine: Engine) -> None:
    client = signed_in_as(engine, "head")
    copied = dict(client.cookies)
    client.post("/sign-out", data={"csrf_token": token_of(client)})
    thief = browser(engine)
    thief.cookies.update(copied)
    assert thief.get("/api/openapi.json").status_code == 401


@pytest.mark.parametrize("change", ["password reset", "role change", "disabled", "removed"])
def test_a_browser_is_signed_out_at_its_next_request_when_its_account(engine: Engine, change: str) -> None:
    client = signed_in_as(engine, "head")
    bystander = signed_in_as(engine, "other")
    assert is_signed_in(client)
    if change == "password reset":
        accounts.add_user(engine, "head", "a brand new password", "head_of_service", replace=True)
    elif change == "role change":
        accounts.add_user(engine, "head", PASSWORD, "analyst", replace=True)
    elif change == "disabled":
        accounts.disable_user(engine, "head")
    else:
        accounts.remove_user(engine, "head")
    assert not is_signed_in(client)
    assert is_signed_in(bystander)


# Tokens --------------------------------------------------------------------------------------------


def test_an_expired_or_revoked_token_is_refused_and_the_answer_says_which(engine: Engine) -> None:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    app = create_app(engine, Settings(), secret=SECRET)
    now = dt.datetime(2026, 3, 2, 12, 0)
    app.state.clock = lambda: now
    client = TestClient(app)
    short = api_tokens.issue_token(engine, "analyst", now=now, expires_at=now + dt.timedelta(days=1))
    revoked = api_tokens.issue_token(engine, "analyst", now=now + dt.timedelta(seconds=1))
    newest = api_tokens.list_tokens(engine, "analyst")[0]
    api_tokens.revoke_token(engine, "analyst", newest.token_id)

    def ask(token: str) -> tuple[int, str]:
        answer = client.get("/api/overview", headers={"Authorization": f"Bearer {token}"})
        return answer.status_code, answer.json()["detail"] if answer.status_code == 401 else ""

    assert ask(short)[0] == 200
    assert ask(revoked) == (401, "the API token has been revoked")
    now = dt.datetime(2026, 3, 3, 12, 0)
    assert ask(short) == (401, "the API token has expired: ask for a new one")


# The accounts pages -----------------------------------------------------------------------------------


def director_and_analyst(engine: Engine) -> TestClient:
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    api_tokens.issue_token(engine, "analyst", name="Power BI overview")
    return signed_in_as(engine, "boss", "director")


def test_the_accounts_page_lists_each_account_with_its_role_and_status(engine: Engine) -> None:
    director = director_and_analyst(engine)
    page = director.get("/accounts")
    assert page.status_code == 200
    assert '<a class="govuk-link" href="/accounts/analyst">analyst</a>' in page.text
    assert "Analyst" in page.text and "Active" in page.text
    assert '<a class="govuk-service-navigation__link" href="/accounts"' in page.text
    body = director.get("/api/accounts").json()
    assert [(a["username"], a["role"], a["status"], a["working_tokens"]) for a in body["accounts"]] == [
        ("analyst", "analyst", "active", 1),
        ("boss", "director", "active", 0),
    ]


def test_a_director_disables_an_account_from_its_page_and_it_is_signed_out_at_once(engine: Engine) -> None:
    director = director_and_analyst(engine)
    leaver = signed_in_as(engine, "analyst")
    page = director.get("/accounts/analyst")
    assert "Power BI overview" in page.text and "Disable account" in page.text
    done = director.post("/accounts/analyst/disable", data={"csrf_token": csrf_in(page.text)})
    assert done.url.path == "/accounts/analyst"
    assert "The account is disabled: it cannot sign in, its sessions have ended" in done.text
    assert "Enable account" in done.text
    assert not is_signed_in(leaver)
    assert sign_in(browser(engine), "analyst", PASSWORD).status_code == 400
    (change, *_) = account_log.read_changes(engine).entries
    assert (change.actor, change.via, change.action, change.username) == (
        "boss",
        "web",
        "disabled",
        "analyst",
    )


def test_a_director_revokes_a_token_from_the_accounts_page(engine: Engine) -> None:
    director = signed_in_as(engine, "boss", "director")
    accounts.add_user(engine, "analyst", PASSWORD, "analyst")
    token = api_tokens.issue_token(engine, "analyst", name="Power BI overview")
    (issued,) = api_tokens.list_tokens(engine, "analyst")
    page = director.get("/accounts/analyst").text
    action = f"/accounts/analyst/tokens/{issued.token_id}/revoke"
    assert f'action="{action}"' in page
    done = director.post(action, data={"csrf_token": csrf_in(page)})
    assert "The token is revoked: it no longer works." in done.text
    assert (
        browser(engine).get("/api/overview", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_removing_an_account_asks_first_then_keeps_its_access_log(engine: Engine) -> None:
    director = director_and_analyst(engine)
    access_log.log_opened(engine, accounts.viewer_for(engine, "analyst"), "/children/C1", "C1")  # type: ignore[arg-type]
    confirm = director.get("/accounts/analyst/remove")
    assert "Are you sure you want to remove the account analyst?" in confirm.text
    assert "You cannot undo this." in confirm.text
    done = director.post("/accounts/analyst/remove", data={"csrf_token": csrf_in(confirm.text)})
    assert done.url.path == "/accounts"
    assert "The account analyst is removed." in done.text
    assert director.get("/accounts/analyst").status_code == 404
    log = director.get("/api/access-log", params={"user": "analyst"}).json()
    assert [(e["username"], e["child_id"]) for e in log["entries"]] == [("analyst", "C1")]
    changes = director.get("/api/account-changes", params={"user": "analyst"}).json()
    assert [e["action"] for e in changes["entries"]] == ["removed", "token issued", "added"]
    assert "Changes to accounts" in director.get("/account-changes").text


def test_a_director_cannot_disable_or_remove_their_own_account(engine: Engine) -> None:
    director = signed_in_as(engine, "boss", "director")
    page = director.get("/accounts/boss").text
    assert "Disable account" not in page and "Remove account" not in page
    token = csrf_in(page)
    refused = director.post("/accounts/boss/disable", data={"csrf_token": token})
    assert refused.status_code == 400
    assert "You cannot disable your own account: ask another director to do it." in refused.text
    assert director.post("/api/accounts/boss/remove", headers={"X-CSRF-Token": token}).status_code == 400
    assert accounts.viewer_for(engine, "boss") is not None


def test_the_json_twins_change_accounts_for_a_directors_token_without_a_csrf_token(engine: Engine) -> None:
    director_and_analyst(engine)
    token = api_tokens.issue_token(engine, "boss", name="script")
    client = browser(engine)
    bearer = {"Authorization": f"Bearer {token}"}
    disabled = client.post("/api/accounts/analyst/disable", headers=bearer).json()
    assert (disabled["status"], disabled["working_tokens"]) == ("disabled", 0)
    assert client.post("/api/accounts/analyst/enable", headers=bearer).json()["status"] == "active"
    detail = client.get("/api/accounts/analyst", headers=bearer).json()
    assert [t["status"] for t in detail["tokens"]] == ["revoked"]
    assert client.post("/api/accounts/nobody/disable", headers=bearer).status_code == 404
    (change, *_) = account_log.read_changes(engine).entries
    assert (change.actor, change.via, change.action) == ("boss", "api token", "enabled")


def test_an_account_name_in_the_address_must_be_a_username(engine: Engine) -> None:
    director = signed_in_as(engine, "boss", "director")
    assert director.get("/accounts/..%2F..%2Fetc").status_code in (400, 404)
    assert director.get("/api/accounts/Not A Name").status_code == 422
    assert re.search("cannot use", director.get("/accounts/Not%20A%20Name").text)
