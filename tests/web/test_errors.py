"""Faults of ours: a GOV.UK error page (or a JSON error) whatever went wrong, and a log line that
says where without saying whom it was about."""

from __future__ import annotations

import logging
import re

import pytest
from argon2 import PasswordHasher
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import accounts, passwords
from tests.web.test_protection import app_for, director
from tests.web.test_security import PASSWORD, sign_in


class Panic(BaseException):
    """What Polars's Rust code raises when it panics (`pyo3_runtime.PanicException`): not an Exception."""


faults = APIRouter()


@faults.get("/children/{child_id}/panics")
def panicking_page(child_id: str) -> None:
    raise Panic(f"assertion failed: i < self.len() for {child_id} Jane Example 2015-04-01")


@faults.get("/api/children/{child_id}/panics")
def panicking_api(child_id: str) -> None:
    raise Panic(f"assertion failed for {child_id}")


@faults.get("/children/{child_id}/fails")
def failing_page(child_id: str) -> None:
    raise ValueError(f"no placement for {child_id} Jane Example")


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def signed_in(engine: Engine) -> TestClient:
    app = app_for(engine)
    app.include_router(faults)
    accounts.add_user(engine, "boss", PASSWORD, "director")
    client = TestClient(app, raise_server_exceptions=False)
    assert sign_in(client, "boss", PASSWORD).status_code == 303
    return client


def reference_in(text: str) -> str:
    found = re.search(r"reference ([0-9a-f]{8})", text)
    assert found is not None, text
    return found.group(1)


@pytest.mark.parametrize("path", ["/children/C1/panics", "/children/C1/fails"])
def test_a_fault_in_a_page_is_a_gov_uk_error_page_with_a_reference(engine: Engine, path: str) -> None:
    answer = signed_in(engine).get(path)
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("text/html")
    assert "govuk-template" in answer.text
    assert "Sorry, there is a problem with the service" in answer.text
    assert "Signed in as boss" in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    reference_in(answer.text)
    assert "Jane Example" not in answer.text


def test_a_fault_in_the_api_is_a_json_error_with_a_clear_message(engine: Engine) -> None:
    answer = signed_in(engine).get("/api/children/C1/panics")
    assert answer.status_code == 500
    body = answer.json()
    assert body["detail"] == (
        f"Sorry, there is a problem with the service: try again later (reference {body['reference']})"
    )


@pytest.mark.parametrize("path", ["/children/C1/panics", "/children/C1/fails"])
def test_a_fault_is_logged_with_its_reference_and_route_but_not_the_child_or_its_message(
    engine: Engine, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    client = signed_in(engine)
    with caplog.at_level(logging.INFO):
        answer = client.get(path)
    ours = [record for record in caplog.records if not record.name.startswith("httpx")]  # the client's
    logged = "\n".join(record.getMessage() for record in ours)
    assert f"fault {reference_in(answer.text)}: " in logged
    assert f"on GET /children/{{child_id}}/{path.rsplit('/', 1)[1]}" in logged
    assert "test_errors.py" in logged  # where it happened
    assert "C1" not in logged and "Jane Example" not in logged
    assert all(record.exc_info is None for record in ours)


@pytest.mark.parametrize(
    ("address", "says"),
    [
        (
            "/api/access-log?page=-1",
            "This address cannot use page: Input should be greater than or equal to 1.",
        ),
        ("/api/account-changes?page=abc", "This address cannot use page: Input should be a valid integer"),
    ],
)
def test_the_api_says_in_one_sentence_which_value_it_cannot_use(
    engine: Engine, address: str, says: str
) -> None:
    answer = director(engine).get(address)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(says)
    assert answer.json()["errors"][0]["loc"] == ["query", "page"]  # and FastAPI's list, for programs


def test_a_negative_page_on_a_page_is_the_gov_uk_400_page(engine: Engine) -> None:
    answer = director(engine).get("/access-log?page=-1")
    assert answer.status_code == 400
    assert "There is a problem with the web address" in answer.text
    assert "This page cannot use page: Input should be greater than or equal to 1." in answer.text
