"""Who saw which child: `opened`, `listed` and `refuse` write the access log, `may_see_child` decides by
role and allocation, and only a director reads the log (page, JSON twin and CSV), filtered by day,
person, child, kind and refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import access_log
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from lineofsight.web import access
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer
from lineofsight.web.rendering import council
from tests.builders import allocation, council_data, team, worker

SAM = Viewer("sam", "social_worker", "T1", "W1")
DIRECTOR = Viewer("dee", "director")
NINE = dt.datetime(2026, 3, 2, 9, 0, 0)

probe = APIRouter()


@probe.get("/my-list", response_class=HTMLResponse)
def a_list(request: Request, who: Viewer = Depends(viewer)) -> str:  # noqa: B008
    access.listed(request, who, request.url.path, ["C1", "C2", "C1"])
    return "<p>C1, C2 and C1 again</p>"


@probe.get("/child/{child_id}", response_class=HTMLResponse)
@probe.get("/api/child/{child_id}")
def a_child(request: Request, child_id: str, who: Viewer = Depends(viewer)) -> str:  # noqa: B008
    access.see_child(request, who, council(request), child_id, dt.date(2026, 3, 2), request.url.path)
    return f"<p>The record of {child_id}</p>"


def app_for(engine: Engine, who: Viewer) -> FastAPI:
    app = create_app(engine, Settings())
    app.include_router(probe)
    app.dependency_overrides[viewer] = lambda: who
    app.state.clock = lambda: NINE
    return app


def test_a_list_writes_one_entry_naming_each_child_shown_saying_who_when_and_which_page(
    engine: Engine,
) -> None:
    client = TestClient(app_for(engine, SAM))
    assert client.get("/my-list").status_code == 200
    logged = access_log.read_access_log(engine)
    # C1 appears twice in the list: one entry, naming C1 and C2.
    assert logged.total == 1
    assert [(e.at, e.username, e.role, e.kind, e.children, e.page, e.outcome) for e in logged.entries] == [
        (NINE, "sam", "social_worker", "listed", ("C1", "C2"), "/my-list", "viewed")
    ]


def caseloads(engine: Engine) -> CouncilData:
    # C1 is W1's (team T1) from Mon 5 Jan 2026; C2 is W2's in team T2; C3 was W1's until Fri 27 Feb;
    # C4 becomes W1's only on Tue 3 Mar.
    return council_data(
        engine,
        team("T1"),
        team("T2"),
        worker("W1"),
        worker("W2"),
        allocation("C1", "W1", start="2026-01-05"),
        {**allocation("C2", "W2", start="2026-01-05"), "team_id": "T2"},
        allocation("C3", "W1", start="2026-01-05", end="2026-02-27"),
        allocation("C4", "W1", start="2026-03-03"),
    )


def test_a_child_not_on_the_social_workers_caseload_is_refused_with_403_and_logged(engine: Engine) -> None:
    caseloads(engine)
    client = TestClient(app_for(engine, SAM))
    own = client.get("/child/C1")
    assert own.status_code == 200 and "The record of C1" in own.text
    refused = client.get("/child/C2")
    assert refused.status_code == 403
    assert "You do not have permission to see this child&#39;s record." in refused.text
    assert "The record of C2" not in refused.text
    api = client.get("/api/child/C2")
    assert (api.status_code, api.json()) == (403, {"detail": access.REFUSED})
    logged = access_log.read_access_log(engine).entries
    assert [(e.kind, e.child_id, e.page, e.outcome) for e in logged] == [
        ("opened", "C2", "/api/child/C2", "refused"),
        ("opened", "C2", "/child/C2", "refused"),
        ("opened", "C1", "/child/C1", "viewed"),
    ]


def test_refuse_logs_then_raises_403(engine: Engine) -> None:
    app = app_for(engine, SAM)

    @app.get("/refusing")
    def refusing(request: Request) -> None:
        access.refuse(request, SAM, "/refusing", "C9")

    response = TestClient(app).get("/refusing")
    assert response.status_code == 403
    (entry,) = access_log.read_access_log(engine).entries
    assert (entry.username, entry.child_id, entry.page, entry.outcome, entry.at) == (
        "sam",
        "C9",
        "/refusing",
        "refused",
        NINE,
    )


@pytest.mark.parametrize(
    ("who", "day", "sees"),
    [
        # On Mon 2 Mar: C1 is W1's in T1, C2 is W2's in T2; C3's allocation ended on Fri 27 Feb; C4's
        # starts on Tue 3 Mar.
        (SAM, "2026-03-02", {"C1"}),
        # On Fri 27 Feb C3's allocation ends that day: it still holds the child.
        (SAM, "2026-02-27", {"C1", "C3"}),
        (Viewer("mo", "team_manager", "T1"), "2026-03-02", {"C1"}),
        (Viewer("mo", "team_manager", "T1"), "2026-02-27", {"C1", "C3"}),
        (Viewer("tia", "team_manager", "T2"), "2026-03-02", {"C2"}),
        (Viewer("sol", "social_worker", "T2", "W2"), "2026-03-02", {"C2"}),
        (Viewer("ann", "analyst"), "2026-03-02", set()),
        (Viewer("hos", "head_of_service"), "2026-03-02", {"C1", "C2", "C3", "C4", "C9"}),
        (DIRECTOR, "2026-03-02", {"C1", "C2", "C3", "C4", "C9"}),
        (Viewer("aud", "auditor"), "2026-03-02", {"C1", "C2", "C3", "C4", "C9"}),
    ],
)
def test_who_may_see_a_child_follows_the_role_and_the_allocation_open_on_the_day(
    engine: Engine, who: Viewer, day: str, sees: set[str]
) -> None:
    data = caseloads(engine)
    on = dt.date.fromisoformat(day)
    children = ["C1", "C2", "C3", "C4", "C9"]  # C9 is allocated to no one
    assert {child for child in children if access.may_see_child(who, data, child, on)} == sees


def test_a_worker_handing_over_keeps_the_child_on_the_handover_day(engine: Engine) -> None:
    # C1 passes from W1 to W2 on Mon 2 Mar: both allocations are open that day.
    data = council_data(
        engine,
        allocation("C1", "W1", start="2026-01-05", end="2026-03-02"),
        allocation("C1", "W2", start="2026-03-02"),
    )
    w2 = Viewer("sol", "social_worker", "T1", "W2")
    assert access.may_see_child(SAM, data, "C1", dt.date(2026, 3, 2))
    assert access.may_see_child(w2, data, "C1", dt.date(2026, 3, 2))
    assert not access.may_see_child(SAM, data, "C1", dt.date(2026, 3, 3))


def log_some_views(engine: Engine, views: int) -> None:
    for minute in range(views):
        access_log.log_opened(
            engine, SAM, f"/children/C{minute}", f"C{minute}", at=NINE + dt.timedelta(minutes=minute)
        )


def test_the_director_reads_the_access_log_newest_first(engine: Engine) -> None:
    log_some_views(engine, 2)
    access_log.log_opened(engine, SAM, "/children/C7", "C7", refused=True, at=dt.datetime(2026, 3, 2, 10, 0))
    access_log.log_listed(engine, DIRECTOR, "/teams/T1", ["C3", "C1"], at=dt.datetime(2026, 3, 2, 10, 5))
    page = TestClient(app_for(engine, DIRECTOR)).get("/access-log")
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">Access log</h1>' in page.text
    assert "4 entries" in page.text
    assert "When (UK time)" in page.text
    # Newest first: the list at 10:05, the refusal at 10:00, then 09:01, then 09:00 (2 March is GMT:
    # UK time is UTC).
    at_1005, at_10, at_0901, at_0900 = (
        page.text.index("2 March 2026, 10:05:00"),
        page.text.index("2 March 2026, 10:00:00"),
        page.text.index("2 March 2026, 09:01:00"),
        page.text.index("2 March 2026, 09:00:00"),
    )
    assert at_1005 < at_10 < at_0901 < at_0900
    assert '<a class="govuk-link" href="/children/C7">C7</a>' in page.text
    assert '<strong class="govuk-tag govuk-tag--red">Refused</strong>' in page.text
    assert '<strong class="govuk-tag govuk-tag--grey">Shown in a list</strong>' in page.text
    assert "2 children: C3, C1" in page.text
    assert '<strong class="govuk-tag govuk-tag--grey">Opened the record</strong>' in page.text


def test_a_long_list_names_its_first_twelve_children_on_the_page_and_all_in_the_csv(engine: Engine) -> None:
    access_log.log_listed(engine, DIRECTOR, "/teams/T1", [f"C{n}" for n in range(1, 31)], at=NINE)
    client = TestClient(app_for(engine, DIRECTOR))
    assert (
        "30 children: C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12 and 18 more"
        in client.get("/access-log").text
    )
    (row,) = list(csv.DictReader(io.StringIO(client.get("/access-log", params={"format": "csv"}).text)))
    assert (row["kind"], row["child_count"]) == ("listed", "30")
    assert json.loads(row["children"]) == [f"C{n}" for n in range(1, 31)]


def test_the_access_log_filters_by_day_person_child_kind_and_refusals(engine: Engine) -> None:
    log_some_views(engine, 3)  # sam opens C0, C1, C2 at 09:00, 09:01, 09:02 on Mon 2 March
    access_log.log_opened(engine, DIRECTOR, "/children/C1", "C1", at=NINE)
    access_log.log_listed(engine, DIRECTOR, "/teams/T1", ["C10", "C1"], at=NINE + dt.timedelta(days=1))
    access_log.log_opened(engine, SAM, "/children/C9", "C9", refused=True, at=NINE + dt.timedelta(days=2))
    client = TestClient(app_for(engine, DIRECTOR))

    def found(**filters: str) -> list[tuple[str, str, list[str]]]:
        body = client.get("/api/access-log", params=filters).json()
        return [(e["username"], e["kind"], e["children"]) for e in body["entries"]]

    # C1: opened by sam and by dee, and in dee's team list on Tuesday (not C10's entries alone).
    assert found(child="C1") == [
        ("dee", "listed", ["C10", "C1"]),
        ("sam", "opened", ["C1"]),
        ("dee", "opened", ["C1"]),
    ]
    assert found(user="dee") == [("dee", "listed", ["C10", "C1"]), ("dee", "opened", ["C1"])]
    assert found(kind="listed") == [("dee", "listed", ["C10", "C1"])]
    assert found(refused="yes") == [("sam", "opened", ["C9"])]
    assert found(since="2026-03-03", until="2026-03-03") == [("dee", "listed", ["C10", "C1"])]
    assert found(since="2026-03-03", kind="opened") == [("sam", "opened", ["C9"])]
    assert client.get("/api/access-log", params={"kind": "seen"}).status_code == 422
    assert client.get("/api/access-log", params={"since": "2 March"}).status_code == 422

    page = client.get("/access-log", params={"child": "C2", "since": "2026-03-02", "kind": "opened"})
    assert "1 entry" in page.text
    assert 'value="C2"' in page.text and 'value="2026-03-02"' in page.text  # the filters stay
    assert '<option value="opened" selected>' in page.text
    refusals = client.get("/access-log", params={"refused": "yes"})
    assert 'name="refused" type="checkbox" value="yes" checked' in refusals.text
    assert "1 entry" in refusals.text
    assert "No entries match." in client.get("/access-log", params={"user": "x"}).text
    assert client.get("/access-log", params={"until": "not a day"}).status_code == 400


def test_a_long_access_log_is_paged_fifty_entries_at_a_time_keeping_the_filters(engine: Engine) -> None:
    log_some_views(engine, 51)
    client = TestClient(app_for(engine, DIRECTOR))
    first = client.get("/access-log", params={"user": "sam"})
    # 51 entries: 50 on page 1 (C50 down to C1), and C0 alone on page 2.
    assert "51 entries, 1 to 50 shown" in first.text
    assert 'href="/access-log?user=sam&amp;page=2"' in first.text
    assert ">C0</a>" not in first.text
    second = client.get("/access-log", params={"user": "sam", "page": 2})
    assert "51 entries, 51 to 51 shown" in second.text
    assert ">C0</a>" in second.text
    body = client.get("/api/access-log", params={"page": 2}).json()
    assert (body["total"], body["page"], body["per_page"], len(body["entries"])) == (51, 2, 50, 1)


def test_the_access_log_downloads_as_csv_with_its_filters(engine: Engine) -> None:
    log_some_views(engine, 2)
    access_log.log_opened(engine, DIRECTOR, "/children/C0", "C0", at=NINE + dt.timedelta(minutes=5))
    client = TestClient(app_for(engine, DIRECTOR))
    page = client.get("/access-log", params={"user": "sam"})
    assert 'href="/access-log?user=sam&amp;format=csv"' in page.text
    response = client.get("/access-log", params={"user": "sam", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="access-log.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["at"], r["username"], r["kind"], r["child_id"], r["outcome"]) for r in rows] == [
        ("2026-03-02T09:01:00Z", "sam", "opened", "C1", "viewed"),
        ("2026-03-02T09:00:00Z", "sam", "opened", "C0", "viewed"),
    ]


@pytest.mark.parametrize(
    "who",
    [SAM, Viewer("mo", "team_manager", "T1"), Viewer("hos", "head_of_service"), Viewer("aud", "auditor")],
)
def test_only_a_director_may_read_the_access_log(engine: Engine, who: Viewer) -> None:
    log_some_views(engine, 1)
    client = TestClient(app_for(engine, who))
    page = client.get("/access-log")
    assert page.status_code == 403
    assert "Only a director can read the access log." in page.text
    assert "/children/C0" not in page.text
    api = client.get("/api/access-log")
    assert (api.status_code, api.json()) == (403, {"detail": "Only a director can read the access log."})
    assert client.get("/access-log", params={"format": "csv"}).status_code == 403
