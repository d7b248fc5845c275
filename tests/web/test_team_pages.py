"""The Team page and the list of teams: a team's alerts by owner, most overdue first, caseloads against
caps, supervision due and unallocated children, for those who may see the team; and their JSON twins
and CSV downloads, equal to what the library gives."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight import caseloads, store
from lineofsight.alerts import REGISTRY
from lineofsight.alerts.worklist import as_json, worklist
from lineofsight.data import CouncilData
from lineofsight.data.facts import ALLOCATIONS, CIN_EPISODES, REFERRALS
from lineofsight.settings import Settings
from lineofsight.web import rendering
from lineofsight.web.auth import Viewer
from tests.builders import (
    Row,
    allocation,
    council_data,
    council_fact,
    coverage,
    cp_plan,
    day,
    person,
    referral,
    supervision,
    team,
    visit,
    worker,
)
from tests.web.conftest import Seen, client, rows_of

D = dt.date(2025, 3, 31)  # a Monday, the last day of the data
DIRECTOR = Viewer("director1", "director")
MANAGER = Viewer("manager1", "team_manager", team_id="T1")


def caseload(worker_id: str, children: int, *, team_id: str = "T1") -> list[Row]:
    """`children` children allocated to the worker since 3 Jun 2024, with no open case (so that they
    raise no alert of their own): they only fill the caseload."""
    return [allocation(f"{worker_id}-{n}", worker_id) | {"team_id": team_id} for n in range(children)]


def two_teams(engine: Engine) -> CouncilData:
    """Team T1 and team T2 as at Mon 31 Mar 2025.

    T1: W1, qualified and full-time (cap 25), holds 26 children, one of them C1 on a CP plan last
    visited Mon 10 Mar 2025; last supervised Mon 10 Feb 2025. W2, in the first (ASYE) year until
    Sep 2025 at 0.5 FTE (cap 18 × 0.5 = 9), holds 9 children; supervised Mon 3 Mar 2025. C2 was
    referred to T1 on Mon 3 Mar 2025 and no one has been allocated.
    T2: W3 holds H1, on a CP plan since Mon 3 Mar 2025 and never visited; last supervised Mon 6 Jan
    2025. W4 started on Mon 3 Mar 2025 and has not been supervised yet.
    """
    return council_data(engine, *two_teams_rows())


def two_teams_rows() -> list[Row]:
    """The rows of `two_teams`."""
    return [
        council_fact("generated_end", "2025-03-31"),
        team("T1"),
        team("T2"),
        worker("W1") | {"worker_forename": "Ada", "worker_surname": "Okafor"},
        *caseload("W1", 25),
        allocation("C1", "W1", start="2024-06-03"),
        cp_plan("C1", start="2025-01-06"),
        visit("C1", "2025-03-10", kind="cp"),
        supervision("W1", "2025-02-10"),
        worker("W2", role="asye", fte=0.5, start="2024-09-02")
        | {"asye_end_date": day("2025-09-01"), "worker_forename": "Ben", "worker_surname": "Hale"},
        *caseload("W2", 9),
        supervision("W2", "2025-03-03"),
        referral("C2", "2025-03-03") | {"team_id": "T1"},
        worker("W3") | {"team_id": "T2"},
        allocation("H1", "W3", start="2025-03-03") | {"team_id": "T2"},
        cp_plan("H1", start="2025-03-03"),
        supervision("W3", "2025-01-06"),
        worker("W4", start="2025-03-03") | {"team_id": "T2"},
        worker("M1", role="manager", case_holding=False),  # the supervisor
    ]


# The alerts.


def test_a_team_manager_sees_their_team_s_alerts_counted_by_alert_and_the_tasks_most_overdue_first(
    engine: Engine, seen: Seen
) -> None:
    two_teams(engine)
    page = client(engine, MANAGER).get("/teams/T1")
    assert page.status_code == 200
    text = page.text
    assert '<h1 class="govuk-heading-l">Team T1</h1>' in text
    # One line per alert, each with its count and a link that shows only it.
    counts = text[text.index("Alerts in this team, by alert") : text.index('id="tasks"')]
    link = '<a class="govuk-link" href="/teams/T1?as_at=2025-03-31&amp;alert=AL11#alerts">'
    assert f"{link}No allocated worker</a>" in counts
    assert counts.index("CP visit overdue") < counts.index("No allocated worker")  # the catalogue's order
    # The tasks, most overdue first: C2 unallocated since Mon 3 Mar (28 days to Mon 31 Mar), then
    # C1's CP visit and W1's supervision, both due Mon 24 Mar (7 days; 10 working days from Mon 10
    # Mar), then W1's caseload, which has no due date; each says who acts.
    tasks = text[text.index('id="tasks"') : text.index('id="concerns"')]
    assert tasks.index("28 days overdue") < tasks.index("7 days overdue") < tasks.rindex("No due date")
    assert "26 children, cap 25" in tasks and "Team manager" in tasks and "Social worker" in tasks
    assert "H1" not in text  # T2's child
    assert "3 alerts are overdue in this team" in text  # AL22 has no due date
    assert seen.recorded == [("/teams/T1", ["C1", "C2"])]
    assert seen.kinds == ["listed"]  # one entry naming both children


def test_tasks_overdue_by_as_many_days_put_the_child_with_the_higher_visit_priority_first(
    engine: Engine,
) -> None:
    # Two of W1's children on CP plans since Mon 3 Mar 2025, neither visited: each CP visit fell due
    # 10 working days later, Mon 17 Mar, so both are 14 days overdue on Mon 31 Mar. C9 is a baby
    # (born 1 Oct 2024, under one), which the visit priority scores higher; C8 is nine. By child
    # alone C8 would come first.
    council_data(
        engine,
        council_fact("generated_end", "2025-03-31"),
        team("T1"),
        worker("W1"),
        person("C8", dob="2015-06-01"),
        person("C9", dob="2024-10-01"),
        *[allocation(child, "W1", start="2025-03-03") for child in ("C8", "C9")],
        *[cp_plan(child, start="2025-03-03") for child in ("C8", "C9")],
        supervision("W1", "2025-03-24"),
    )
    tasks = [
        (task["child_id"], task["days_overdue"])
        for task in client(engine, MANAGER).get("/api/teams/T1").json()["alerts"]
        if task["code"] == "AL03"
    ]
    assert tasks == [("C8", 14), ("C9", 14)]  # the worklist contract: by child
    text = client(engine, MANAGER).get("/teams/T1").text
    shown = text[text.index('id="tasks"') : text.index('id="concerns"')]
    assert shown.index("C9") < shown.index("C8")


def test_the_team_page_shows_one_alert_when_asked_and_pages_its_tasks(engine: Engine) -> None:
    two_teams(engine)
    manager = client(engine, MANAGER)
    only = manager.get("/teams/T1", params={"alert": "AL11"}).text
    tasks = only[only.index('id="tasks"') : only.index('id="concerns"')]
    assert "Tasks, most overdue first (1)" in tasks and "No allocated worker" in tasks
    assert "CP visit overdue" not in tasks
    assert "Show every alert" in only
    assert manager.get("/teams/T1", params={"alert": "AL99"}).status_code == 400
    assert manager.get("/teams/T1", params={"page": 0}).status_code != 200


def test_standing_concerns_are_apart_from_the_tasks_and_never_overdue(engine: Engine) -> None:
    # H2 (in T1, held by W1) has been on a CP plan since Mon 4 Dec 2023, more than 15 months by Mon
    # 31 Mar 2025: the long-plan concern (AL08), which arose on Tue 4 Mar 2025, 15 months on. The
    # plan's visits are kept up, so H2 has no task of their own.
    council_data(
        engine,
        *two_teams_rows(),
        allocation("H2", "W1", start="2023-12-04"),
        cp_plan("H2", start="2023-12-04"),
        visit("H2", "2025-03-28", kind="cp"),
    )
    text = client(engine, MANAGER).get("/teams/T1").text
    concerns = text[text.index('id="concerns"') : text.index('id="caseloads"')]
    assert (
        "CP plan open over 15 months" in concerns
        and "Standing concerns, longest-standing first (1)" in concerns
    )
    assert "overdue" not in concerns.replace("CP plan open over 15 months", "")
    tasks = text[text.index('id="tasks"') : text.index('id="concerns"')]
    assert "CP plan open over 15 months" not in tasks


def test_the_json_twin_gives_the_team_s_worklist_as_the_cli_does(engine: Engine, seen: Seen) -> None:
    data = two_teams(engine)
    body = client(engine, DIRECTOR).get("/api/teams/T1").json()
    assert body["as_at"] == "2025-03-31"
    assert body["team_name"] == "Team T1"
    assert body["alerts"] == as_json(D, worklist(data, D, Settings(), team="T1"))["alerts"]
    rows = [
        (a["code"], a["child_id"], a["worker_id"], a["owner"], a["due"], a["days_overdue"])
        for a in body["alerts"]
    ]
    assert rows == [
        ("AL11", "C2", None, "team manager", "2025-03-03", 28),  # 3 Mar to 31 Mar
        ("AL03", "C1", "W1", "social worker", "2025-03-24", 7),  # 10 working days from 10 Mar
        ("AL23", None, "W1", "team manager", "2025-03-24", 7),  # 6 weeks from 10 Feb
        ("AL22", None, "W1", "team manager", None, None),  # 26 children on a cap of 25
    ]
    assert seen.recorded == [("/api/teams/T1", ["C1", "C2"])]


# Caseloads and supervision.


def test_caseloads_are_counted_against_a_cap_by_role_and_fte(engine: Engine) -> None:
    data = two_teams(engine)
    found = caseloads.caseloads(data, D, Settings(), "T1")
    # W1: 26 children on the qualified cap of 25. W2: ASYE until Sep 2025, 18 × 0.5 FTE = 9, holding
    # 9: at the cap, not over it. M1, a manager holding no cases, is not listed.
    assert found.select("worker_id", "first_year", "children", "cap", "over_cap").rows() == [
        ("W1", False, 26, 25.0, True),
        ("W2", True, 9, 9.0, False),
    ]
    body = client(engine, MANAGER).get("/api/teams/T1").json()
    assert [(c["worker_id"], c["children"], c["cap"], c["over_cap"]) for c in body["caseloads"]] == [
        ("W1", 26, 25.0, True),
        ("W2", 9, 9.0, False),
    ]
    text = client(engine, MANAGER).get("/teams/T1").text
    caseload_table = text[text.index('id="caseloads"') : text.index('id="supervision"')]
    # People read the workers' names; the identifiers stay in the JSON and CSV.
    assert caseload_table.index("Ada Okafor") < caseload_table.index("Over cap")
    assert caseload_table.index("Ben Hale") < caseload_table.index("At cap")
    assert "W1" not in caseload_table and "W2" not in caseload_table
    tasks = text[text.index('id="tasks"') : text.index('id="concerns"')]
    assert "Ada Okafor" in tasks and ">W1<" not in tasks
    assert '<span class="govuk-caption-l">Team</span>' in text


def test_supervision_is_due_six_weeks_after_the_last_and_overdue_from_the_next_day(engine: Engine) -> None:
    data = two_teams(engine)
    settings = Settings()
    # W1 last supervised Mon 10 Feb 2025: due Mon 24 Mar, 7 days overdue on Mon 31 Mar. W2 supervised
    # Mon 3 Mar: due Mon 14 Apr.
    assert caseloads.supervision_due(data, D, settings, "T1").rows() == [
        ("W1", "T1", dt.date(2020, 1, 6), dt.date(2025, 2, 10), dt.date(2025, 3, 24), True, 7),
        ("W2", "T1", dt.date(2024, 9, 2), dt.date(2025, 3, 3), dt.date(2025, 4, 14), False, None),
    ]
    # On the due day itself W1 is still in time.
    on_the_day = caseloads.supervision_due(data, dt.date(2025, 3, 24), settings, "T1")
    assert on_the_day.filter(pl.col("worker_id") == "W1")["overdue"].to_list() == [False]
    text = client(engine, MANAGER).get("/teams/T1", params={"as_at": "2025-03-24"}).text
    supervision_table = text[text.index('id="supervision"') : text.index('id="unallocated"')]
    assert "Due today" in supervision_table
    # W4 started Mon 3 Mar 2025: in post under 6 weeks, so not overdue; first due Mon 14 Apr.
    new_starter = caseloads.supervision_due(data, D, settings, "T2").filter(pl.col("worker_id") == "W4")
    assert new_starter.select("last_supervision_date", "next_due", "overdue").rows() == [
        (None, dt.date(2025, 4, 14), False)
    ]


def test_the_workers_flagged_are_the_workers_the_alerts_name(engine: Engine) -> None:
    data = two_teams(engine)
    settings = Settings()
    for as_at in (dt.date(2025, 3, 24), D, dt.date(2025, 4, 14), dt.date(2025, 4, 15)):
        alerted = {
            code: sorted(REGISTRY[code].raised(data, as_at, settings)["worker_id"])
            for code in ("AL22", "AL23")
        }
        over = caseloads.caseloads(data, as_at, settings).filter("over_cap")["worker_id"].to_list()
        late = caseloads.supervision_due(data, as_at, settings).filter("overdue")["worker_id"].to_list()
        assert (over, late) == (alerted["AL22"], alerted["AL23"])
    # By Tue 15 Apr W2 (due Mon 14 Apr) and W4 (6 weeks from Mon 3 Mar: Mon 14 Apr) are late too.
    late = caseloads.supervision_due(data, dt.date(2025, 4, 15), settings).filter("overdue")["worker_id"]
    assert late.to_list() == ["W1", "W2", "W3", "W4"]


# Unallocated children.


def test_unallocated_children_are_the_children_wf08_counts_with_al11_s_day_where_raised(
    engine: Engine,
) -> None:
    two_teams(engine)
    body = client(engine, MANAGER).get("/api/teams/T1").json()
    assert [(u["child_id"], u["due"], u["days_overdue"]) for u in body["unallocated"]] == [
        ("C2", "2025-03-03", 28)  # open since Mon 3 Mar, never allocated: 28 days by Mon 31 Mar
    ]
    text = client(engine, MANAGER).get("/teams/T1").text
    unallocated = text[text.index('id="unallocated"') :]
    assert "C2" in unallocated and "28 days" in unallocated
    # On C2's referral day AL11 is not raised yet (an alert is raised from the day after it falls
    # due), but WF08 counts C2, and so do the list of teams and this page: opened that day, 0 days.
    # (Before, the page listed AL11's children only, and said every child had a worker.)
    that_day = client(engine, MANAGER).get("/api/teams/T1", params={"as_at": "2025-03-03"}).json()
    assert [(u["child_id"], u["due"], u["days_overdue"], u["detail"]) for u in that_day["unallocated"]] == [
        ("C2", "2025-03-03", 0, "open since 2025-03-03, not yet allocated")
    ]
    listed = client(engine, DIRECTOR).get("/api/teams", params={"as_at": "2025-03-03"}).json()
    assert [t["unallocated"] for t in listed["teams"] if t["team_id"] == "T1"] == [1]


def test_counts_the_data_held_cannot_give_are_not_known_and_say_why(engine: Engine) -> None:
    # The two teams' records, but the data held says it covers only allocations and referrals (as an
    # SSD alone does: it names workers but not when they joined, so no one is known to be in post).
    # Before, the list of teams showed no workers and every child unallocated, and the team page
    # said every child had a worker.
    council_data(
        engine,
        *two_teams_rows(),
        coverage(ALLOCATIONS, None, "2025-03-31", source="ssd"),
        coverage(REFERRALS, None, "2025-03-31", source="ssd"),
        coverage(CIN_EPISODES, None, "2025-03-31", source="ssd"),
    )
    body = client(engine, DIRECTOR).get("/api/teams").json()
    first = body["teams"][0]
    assert (first["team_id"], first["children"]) == ("T1", 35)  # 26 + 9 allocated: allocations are held
    assert (
        first["workers"] is first["over_cap"] is first["supervision_overdue"] is first["unallocated"] is None
    )
    assert set(body["not_known"]) == {"workers", "over_cap", "supervision_overdue", "unallocated"}
    assert "the workforce" in body["not_known"]["workers"]
    page = client(engine, DIRECTOR).get("/teams").text
    assert "not known" in page and "Not known from the data held" in page
    assert "Unallocated children: it needs" in page
    team_page = client(engine, MANAGER).get("/teams/T1").text
    unallocated = team_page[team_page.index('id="unallocated"') :]
    assert "Not available from the data held: it needs" in unallocated
    assert "Every child open to this team has an allocated social worker" not in unallocated


def test_a_team_manager_may_open_their_team_s_unallocated_children(engine: Engine, seen: Seen) -> None:
    two_teams(engine)
    # C2 was referred to T1 on Mon 3 Mar 2025 and no one has been allocated: T1's child, the one the
    # "no allocated worker" alert asks T1's manager to act on.
    manager = client(engine, MANAGER)
    text = manager.get("/teams/T1").text
    assert '<a class="govuk-link" href="/children/C2?as_at=2025-03-31">C2</a>' in text
    assert manager.get("/children/C2").status_code == 200
    assert manager.get("/api/children/C2").json()["child_id"] == "C2"
    assert ("/children/C2", ["C2"]) in seen.recorded
    # T2's manager may not, and neither may a T1 social worker, whose caseload C2 is not in.
    for other in (
        Viewer("manager2", "team_manager", team_id="T2"),
        Viewer("sw1", "social_worker", team_id="T1", worker_id="W1"),
    ):
        assert client(engine, other).get("/children/C2").status_code == 403
    assert ("/children/C2", "C2") in seen.refused


def test_a_child_whose_worker_left_the_case_stays_with_the_team_that_last_held_them(engine: Engine) -> None:
    # C3, referred to T2's record on Mon 3 Mar 2025, was allocated in T1 from Tue 4 to Fri 14 Mar and
    # has had no one since: T1 is answerable for them (AL11's team), not T2.
    council_data(
        engine,
        team("T1"),
        team("T2"),
        worker("W1"),
        referral("C3", "2025-03-03") | {"team_id": "T2"},
        allocation("C3", "W1", start="2025-03-04", end="2025-03-14"),
    )
    assert client(engine, MANAGER).get("/children/C3").status_code == 200
    assert (
        client(engine, Viewer("manager2", "team_manager", team_id="T2")).get("/children/C3").status_code
        == 403
    )


# Who may see a team.


def test_a_team_manager_gets_403_for_another_team(engine: Engine, seen: Seen) -> None:
    two_teams(engine)
    assert client(engine, MANAGER).get("/teams/T2").status_code == 403
    assert client(engine, MANAGER).get("/api/teams/T2").status_code == 403
    assert client(engine, MANAGER).get("/teams/T2/alerts.csv").status_code == 403
    assert seen.recorded == []


def test_social_workers_and_analysts_have_no_team_page(engine: Engine) -> None:
    two_teams(engine)
    for who in (Viewer("sw1", "social_worker", "T1", "W1"), Viewer("analyst1", "analyst")):
        assert client(engine, who).get("/teams/T1").status_code == 403
        assert client(engine, who).get("/api/teams").status_code == 403


def test_those_who_see_every_child_see_any_team_and_an_unknown_team_is_404(engine: Engine) -> None:
    two_teams(engine)
    for role in ("head_of_service", "director", "auditor"):
        body = client(engine, Viewer("someone", role)).get("/api/teams/T2").json()
        # H1's CP plan began Mon 3 Mar with no visit: due Mon 17 Mar, 14 days overdue; W3 last
        # supervised Mon 6 Jan: due Mon 17 Feb, 42 days overdue.
        assert [(a["code"], a["days_overdue"]) for a in body["alerts"]] == [("AL23", 42), ("AL03", 14)]
    page = client(engine, DIRECTOR).get("/teams/T9")
    assert page.status_code == 404
    assert "Page not found" in page.text


# The list of teams.


def test_the_list_of_teams_gives_each_team_s_figures(engine: Engine) -> None:
    two_teams(engine)
    body = client(engine, DIRECTOR).get("/api/teams").json()
    assert body == {
        "as_at": "2025-03-31",
        "not_known": {},
        "teams": [
            # T1: W1 and W2; 26 + 9 children; W1 over cap and late for supervision; 4 alerts (AL11,
            # AL03, AL23, AL22), one of them C2 unallocated.
            {
                "team_id": "T1",
                "team_name": "Team T1",
                "workers": 2,
                "children": 35,
                "over_cap": 1,
                "supervision_overdue": 1,
                "alerts": 4,
                "unallocated": 1,
            },
            # T2: W3 and W4; H1; W3 late for supervision; AL03 for H1 and AL23 for W3.
            {
                "team_id": "T2",
                "team_name": "Team T2",
                "workers": 2,
                "children": 1,
                "over_cap": 0,
                "supervision_overdue": 1,
                "alerts": 2,
                "unallocated": 0,
            },
        ],
    }
    page = client(engine, DIRECTOR).get("/teams")
    assert page.status_code == 200
    assert '<a class="govuk-link" href="/teams/T2?as_at=2025-03-31">Team T2</a>' in page.text
    assert rows_of(client(engine, DIRECTOR).get("/teams.csv").text)[0] == {
        key: str(value) for key, value in body["teams"][0].items()
    }


def test_a_team_manager_is_sent_to_their_own_team(engine: Engine) -> None:
    two_teams(engine)
    sent = client(engine, MANAGER).get("/teams", params={"as_at": "2025-03-24"}, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/teams/T1?as_at=2025-03-24"
    assert [t["team_id"] for t in client(engine, MANAGER).get("/api/teams").json()["teams"]] == ["T1"]


# Downloads, dates and live data.


def test_every_table_downloads_as_csv(engine: Engine, seen: Seen) -> None:
    two_teams(engine)
    browser = client(engine, MANAGER)
    body = browser.get("/api/teams/T1").json()
    alerts = rows_of(browser.get("/teams/T1/alerts.csv").text)
    assert [(a["code"], a["title"], a["child_id"], a["due"], a["days_overdue"]) for a in alerts] == [
        ("AL11", "No allocated worker", "C2", "2025-03-03", "28"),
        ("AL03", "CP visit overdue", "C1", "2025-03-24", "7"),
        ("AL23", "Worker not supervised in 6 weeks", "", "2025-03-24", "7"),
        ("AL22", "Worker over caseload cap", "", "", ""),
    ]
    for table, key in (("caseloads", "worker_id"), ("supervision", "worker_id"), ("unallocated", "child_id")):
        download = browser.get(f"/teams/T1/{table}.csv")
        assert download.headers["content-type"].startswith("text/csv")
        assert f'filename="team-T1-{table}-2025-03-31.csv"' in download.headers["content-disposition"]
        assert [row[key] for row in rows_of(download.text)] == [row[key] for row in body[table]]
    assert ("/teams/T1/alerts.csv", ["C1", "C2"]) in seen.recorded
    assert browser.get("/teams/T1/nothing.csv").status_code == 400  # a page's bad address: a 400 page


def test_the_page_is_as_at_the_date_asked_for(engine: Engine) -> None:
    two_teams(engine)
    body = client(engine, MANAGER).get("/api/teams/T1", params={"as_at": "2025-03-24"}).json()
    # On Mon 24 Mar C1's visit and W1's supervision fall due, so neither is overdue yet.
    assert [(a["code"], a["days_overdue"]) for a in body["alerts"]] == [("AL11", 21), ("AL22", None)]
    assert client(engine, MANAGER).get("/api/teams/T1", params={"as_at": "24/03/2025"}).status_code == 400


def test_a_new_record_shows_without_a_restart(engine: Engine) -> None:
    two_teams(engine)
    browser = client(engine, MANAGER)
    assert browser.get("/api/teams/T1").json()["unallocated"] != []
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "allocations", [allocation("C2", "W2", start="2025-03-31")])
    # C2 is allocated on D: no longer unallocated, and W2 now holds 10 children on a cap of 9.
    body = browser.get("/api/teams/T1").json()
    assert body["unallocated"] == []
    assert [(c["worker_id"], c["children"], c["over_cap"]) for c in body["caseloads"]] == [
        ("W1", 26, True),
        ("W2", 10, True),
    ]


def test_looking_at_pages_does_not_make_the_next_request_read_the_store_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_teams(engine)
    reads: list[CouncilData] = []

    def reading(engine: Engine) -> CouncilData:
        reads.append(CouncilData(engine))
        return reads[-1]

    monkeypatch.setattr(rendering, "council_data", reading)
    browser = client(engine, MANAGER)
    browser.get("/teams/T1")
    browser.get("/my-work")  # a 403 page: it reads nothing
    browser.get("/teams/T1")  # the first view wrote the access log, which is not the council's data
    assert len(reads) == 1
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "visits", [visit("C1", "2025-03-31", kind="cp")])
    browser.get("/teams/T1")
    assert len(reads) == 2
