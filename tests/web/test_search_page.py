"""Find a child: by identifier or name, only among the children the viewer may open, every child
listed logged as viewed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.web.auth import Viewer
from tests.builders import allocation, council_data, council_fact, person, referral, team, worker
from tests.web.conftest import Seen, client

D = dt.date(2025, 3, 31)
SOCIAL_WORKER = Viewer("sw1", "social_worker", team_id="T1", worker_id="W1")
MANAGER = Viewer("manager1", "team_manager", team_id="T1")


def named(child: str, forename: str, surname: str) -> dict[str, object]:
    return person(child) | {"person_forename": forename, "person_surname": surname}


def children(engine: Engine) -> None:
    """As at Mon 31 Mar 2025: C1 Mia Jones and C2 Mia Jonas are W1's (T1); C3 Mia Jones is W2's, in
    T2; C4 Leo Hart was referred to T1 on Mon 3 Mar and no one has been allocated."""
    council_data(
        engine,
        council_fact("generated_end", "2025-03-31"),
        team("T1"),
        team("T2"),
        worker("W1"),
        worker("W2") | {"team_id": "T2"},
        named("C1", "Mia", "Jones"),
        named("C2", "Mia", "Jonas"),
        named("C3", "Mia", "Jones"),
        named("C4", "Leo", "Hart"),
        allocation("C1", "W1"),
        allocation("C2", "W1"),
        allocation("C3", "W2") | {"team_id": "T2"},
        referral("C4", "2025-03-03") | {"team_id": "T1"},
    )


def found(engine: Engine, who: Viewer, words: str) -> list[str]:
    body = client(engine, who).get("/api/search", params={"q": words}).json()
    return [child["child_id"] for child in body["children"]]


def test_a_social_worker_finds_their_own_children_by_identifier_or_name_and_no_one_else_s(
    engine: Engine, seen: Seen
) -> None:
    children(engine)
    assert found(engine, SOCIAL_WORKER, "c1") == ["C1"]  # an identifier, in any case
    assert found(engine, SOCIAL_WORKER, "jones MIA") == ["C1"]  # C3 is W2's: never listed
    assert found(engine, SOCIAL_WORKER, "mia") == ["C1", "C2"]
    assert found(engine, SOCIAL_WORKER, "C3") == []  # not even that C3 exists
    page = client(engine, SOCIAL_WORKER).get("/search", params={"q": "Mia Jones"})
    assert '<a class="govuk-link" href="/children/C1?as_at=2025-03-31">C1</a>' in page.text
    assert "Mia Jones" in page.text and "C3" not in page.text
    # Every child listed is logged as seen; a search that lists no one logs no child.
    assert ("/search", ["C1"]) in seen.recorded
    assert ("/api/search", []) in seen.recorded


def test_a_team_manager_finds_their_team_s_children_allocated_or_not(engine: Engine) -> None:
    children(engine)
    assert found(engine, MANAGER, "mia") == ["C1", "C2"]
    assert found(engine, MANAGER, "Leo Hart") == ["C4"]  # unallocated, but T1's child
    assert found(engine, Viewer("director1", "director"), "mia jones") == ["C1", "C3"]


def test_an_analyst_has_no_search_and_an_empty_search_lists_no_one(engine: Engine) -> None:
    children(engine)
    assert (
        client(engine, Viewer("analyst1", "analyst")).get("/search", params={"q": "Mia"}).status_code == 403
    )
    page = client(engine, SOCIAL_WORKER).get("/search")
    assert page.status_code == 200 and "Child’s identifier or name" in page.text and "C1" not in page.text
