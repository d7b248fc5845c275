"""Where each role lands on signing in: where its work is, not the council overview, unless the
person asked for a page first."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import accounts
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from tests.builders import council_data, team, worker
from tests.web.test_security import PASSWORD, quick_hashing, sign_in

__all__ = ["quick_hashing"]  # argon2 at its lightest for these sign-ins too

LANDS = [
    ("social_worker", {"team_id": "T1", "worker_id": "W1"}, "/my-work"),
    ("team_manager", {"team_id": "T 6"}, "/teams/T%206"),
    ("analyst", {}, "/data"),
    ("head_of_service", {}, "/"),
    ("director", {}, "/"),
    ("auditor", {}, "/"),
    ("quality_assurance", {}, "/audits"),
]


def workforce(engine: Engine) -> None:
    """Teams T1 and "T 6" (a space, to check the address is encoded), and W1 in T1."""
    council_data(engine, team("T1"), team("T 6"), worker("W1"))


@pytest.mark.parametrize(("role", "linked", "home"), LANDS)
def test_each_role_lands_where_its_work_is(
    engine: Engine, role: str, linked: dict[str, str], home: str
) -> None:
    workforce(engine)
    accounts.add_user(engine, "someone", PASSWORD, role, **linked)
    client = TestClient(create_app(engine, Settings()))
    signed_in = sign_in(client, "someone", PASSWORD)
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, home)
    # Signed in already, the sign-in page sends them on to the same place.
    assert client.get("/sign-in", follow_redirects=False).headers["location"] == home


def test_a_page_asked_for_before_signing_in_wins_over_the_role_s_home(engine: Engine) -> None:
    workforce(engine)
    accounts.add_user(engine, "sw1", PASSWORD, "social_worker", team_id="T1", worker_id="W1")
    client = TestClient(create_app(engine, Settings()))
    signed_in = sign_in(client, "sw1", PASSWORD, next="/measures/AS01")
    assert signed_in.headers["location"] == "/measures/AS01"
