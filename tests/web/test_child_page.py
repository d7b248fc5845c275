"""The Child page: the child's journey as a timeline, its summary and open alerts, for those who may see
the child; 403 (logged) for those who may not, 404 for no such child; the JSON twin is the journey's
own document, and the tables download as CSV."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from sqlalchemy import Engine

from lineofsight import access_log
from lineofsight.access_log import AccessFilter
from lineofsight.alerts.worklist import worklist
from lineofsight.data import CouncilData
from lineofsight.journey import journey
from lineofsight.settings import Settings
from lineofsight.web import cache
from lineofsight.web.auth import Viewer
from tests.builders import (
    allocation,
    council_data,
    council_fact,
    cp_plan,
    person,
    referral,
    visit,
    worker,
)
from tests.web.conftest import Seen, client, rows_of

D = dt.date(2025, 3, 31)  # a Monday, the last day of the data
DIRECTOR = Viewer("director1", "director")
SOCIAL_WORKER = Viewer("sw1", "social_worker", team_id="T1", worker_id="W1")


def two_children(engine: Engine) -> CouncilData:
    """C1, born Mon 1 Jun 2015, referred Thu 2 Jan 2025, on a CP plan since Mon 6 Jan and allocated to
    W1 (team T1) that day, visited Mon 10 Mar. C9, W2's child in team T2."""
    return council_data(
        engine,
        council_fact("generated_end", "2025-03-31"),
        person("C1", dob="2015-06-01"),
        worker("W1"),
        worker("W2") | {"team_id": "T2"},
        referral("C1", "2025-01-02") | {"referral_id": "R-C1"},
        cp_plan("C1", start="2025-01-06"),
        allocation("C1", "W1", start="2025-01-06"),
        visit("C1", "2025-03-10", kind="cp"),
        allocation("C9", "W2", start="2025-01-06") | {"team_id": "T2"},
    )


def words(html: str) -> str:
    """What a person reads: the text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_shows_the_summary_open_alerts_and_timeline(engine: Engine, seen: Seen) -> None:
    two_children(engine)
    page = client(engine, DIRECTOR).get("/children/C1")
    assert page.status_code == 200
    text = page.text
    assert '<h1 class="govuk-heading-l">Child C1</h1>' in text
    # Born 1 Jun 2015: 9 on 31 Mar 2025. In need since the referral and on a CP plan at D.
    assert "Aged 9, sex not known." in text
    assert "As at 31 March 2025: in need, on a CP plan." in text
    # 2 Jan to 31 Mar 2025, both counted: 30 + 28 + 31 = 89 days in need; from 6 Jan, 85 on the plan.
    summary = words(text[text.index('id="summary"') : text.index('id="alerts"')])
    assert "Workers allocated 1 Placements 0 Child in need plans 0 Child protection plans 1" in summary
    assert "Days in need 89 Days on a child in need plan 0 Days on a child protection plan 85" in summary
    # From Mon 10 Mar, the 10th working day is Mon 24 Mar: 7 days overdue on Mon 31 Mar.
    alerts = text[text.index('id="alerts"') : text.index('id="timeline"')]
    assert "24 March 2025" in alerts and "7 days overdue" in alerts and "AL03: CP visit overdue" in alerts
    assert "1 alert is open for this child." in text
    # The table under the picture, newest first.
    timeline = text[text.index("<table", text.index('id="timeline"')) :]
    order = ["10 March 2025", "6 January 2025", "2 January 2025", "1 June 2015"]
    assert [timeline.index(when) for when in order] == sorted(timeline.index(when) for when in order)
    assert "Child protection visit: child seen" in timeline
    # Each event's worker and team by name (W1 is Sam Worker in the builders, T1 Team T1), never the
    # identifiers people do not think in (before: "W1 (T1)").
    assert "Sam Worker (Team T1)" in timeline
    assert "W1 (T1)" not in timeline
    assert "Still open" in timeline  # the plan, the referral and the allocation
    assert seen.recorded == [("/children/C1", ["C1"])]
    assert seen.kinds == ["opened"]  # the child's own record, not a list


def test_the_page_reads_the_alerts_off_the_council_s_kept_worklist(engine: Engine) -> None:
    two_children(engine)
    browser = client(engine, DIRECTOR)
    # The worklist the team pages share, kept for this version of the data, is where a child's page
    # reads the child's alerts (raising them for each child again cost more after a load, measured):
    # a worklist that gives C9 (who has no alert of its own) C1's alert shows through.
    kept = worklist(CouncilData(engine), D, Settings())
    assert kept.filter(pl.col("child_id") == "C9").height == 0
    doctored = pl.concat([kept, kept.filter(pl.col("child_id") == "C1").with_columns(child_id=pl.lit("C9"))])
    figures = cache.of(browser.app)
    figures.get(figures.version(), ("worklist", D), lambda: doctored)
    page = browser.get("/children/C9").text
    alerts = page[page.index('id="alerts"') : page.index('id="timeline"')]
    assert "AL03: CP visit overdue" in alerts


def test_the_page_opens_with_who_holds_the_child_now_and_draws_the_journey_in_lanes(
    engine: Engine, seen: Seen
) -> None:
    two_children(engine)
    text = client(engine, DIRECTOR).get("/children/C1").text
    # W1 (Sam Worker in the builders) holds C1 since 6 Jan, in T1 (Team T1); the CP plan is open;
    # C1 has never been placed.
    now = words(text[text.index('id="now"') : text.index('id="summary"')])
    assert "Social worker Sam Worker Team Team T1" in now
    assert "Plan Child protection plan since 6 January 2025 Placement Not placed" in now
    picture = text[text.index('id="timeline"') : text.index("<table", text.index('id="timeline"'))]
    label = re.search(r'<svg[^>]* role="img" aria-label="([^"]*)"', picture)
    assert label is not None
    # The referral (2 Jan, open) is a period; the CP plan a period; the allocation a period; the
    # visit has no lane; the one open alert (AL03) is marked.
    assert "referral and child in need: 1 period and 0 events" in label.group(1)
    assert "child protection: 1 period and 0 events" in label.group(1)
    assert "allocated workers: 1 period and 0 events" in label.group(1)
    assert "1 open alert marked" in label.group(1)


def test_the_json_twin_is_the_journey_the_library_gives(engine: Engine, seen: Seen) -> None:
    data = two_children(engine)
    body = client(engine, DIRECTOR).get("/api/children/C1").json()
    assert body == journey(data, "C1", D, Settings()).as_json()
    assert body["open_alerts"] == [
        {
            "code": "AL03",
            "due": "2025-03-24",
            "days_overdue": 7,
            "detail": "plan CPP-C1-2025-01-06 last visited 2025-03-10",
        }
    ]
    assert seen.recorded == [("/api/children/C1", ["C1"])]


def test_the_journey_is_as_at_the_date_asked_for(engine: Engine) -> None:
    two_children(engine)
    body = client(engine, DIRECTOR).get("/api/children/C1", params={"as_at": "2025-03-09"}).json()
    # On Sun 9 Mar the visit of 10 Mar had not happened: the plan's start (Mon 6 Jan) sets the clock,
    # due 10 working days later on Mon 20 Jan, 11 + 28 + 9 = 48 days before.
    assert [event["kind"] for event in body["events"]][-1] != "visit"
    assert [(a["due"], a["days_overdue"]) for a in body["open_alerts"]] == [("2025-01-20", 48)]


def test_a_social_worker_sees_their_own_child_and_is_refused_another(engine: Engine, seen: Seen) -> None:
    two_children(engine)
    assert client(engine, SOCIAL_WORKER).get("/children/C1").status_code == 200
    refused = client(engine, SOCIAL_WORKER).get("/children/C9")
    assert refused.status_code == 403
    assert "You do not have permission" in refused.text
    assert "C9" not in refused.text.replace("/children/C9", "")  # nothing about the child
    assert client(engine, SOCIAL_WORKER).get("/api/children/C9").status_code == 403
    assert seen.refused == [("/children/C9", "C9"), ("/api/children/C9", "C9")]
    assert seen.recorded == [("/children/C1", ["C1"])]
    assert seen.kinds == ["opened"]  # the child's own record, not a list
    logged = access_log.read_access_log(engine, AccessFilter(child="C9")).entries
    assert [(e.username, e.page, e.outcome) for e in logged] == [
        ("sw1", "/api/children/C9", "refused"),
        ("sw1", "/children/C9", "refused"),
    ]


def test_a_team_manager_sees_their_team_s_children_only(engine: Engine, seen: Seen) -> None:
    two_children(engine)
    manager = Viewer("manager1", "team_manager", team_id="T1")
    assert client(engine, manager).get("/children/C1").status_code == 200
    assert client(engine, manager).get("/children/C9").status_code == 403
    assert seen.refused == [("/children/C9", "C9")]


def test_an_analyst_sees_no_child(engine: Engine, seen: Seen) -> None:
    two_children(engine)
    assert client(engine, Viewer("analyst1", "analyst")).get("/api/children/C1").status_code == 403
    assert seen.refused == [("/api/children/C1", "C1")]


def test_an_unknown_child_is_404_to_those_who_see_every_child_and_403_to_the_rest(
    engine: Engine, seen: Seen
) -> None:
    two_children(engine)
    page = client(engine, DIRECTOR).get("/children/C404")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert client(engine, DIRECTOR).get("/api/children/C404").status_code == 404
    # A social worker is not told whether a child they may not see exists.
    assert client(engine, SOCIAL_WORKER).get("/children/C404").status_code == 403
    assert seen.recorded == []
    assert seen.refused == [("/children/C404", "C404")]


def test_the_timeline_and_the_open_alerts_download_as_csv(engine: Engine, seen: Seen) -> None:
    two_children(engine)
    browser = client(engine, SOCIAL_WORKER)
    timeline = rows_of(browser.get("/children/C1/timeline.csv").text)
    assert [(e["date"], e["kind"], e["worker_id"]) for e in timeline] == [
        ("2015-06-01", "birth", ""),
        ("2025-01-02", "referral", ""),
        ("2025-01-06", "cp_plan", "W1"),
        ("2025-01-06", "allocation", "W1"),
        ("2025-03-10", "visit", "W1"),
    ]
    alerts = browser.get("/children/C1/alerts.csv")
    assert 'filename="child-C1-alerts-2025-03-31.csv"' in alerts.headers["content-disposition"]
    assert rows_of(alerts.text) == [
        {
            "code": "AL03",
            "title": "CP visit overdue",
            "due": "2025-03-24",
            "days_overdue": "7",
            "detail": "plan CPP-C1-2025-01-06 last visited 2025-03-10",
        }
    ]
    assert browser.get("/children/C9/timeline.csv").status_code == 403
    assert seen.recorded == [("/children/C1/timeline.csv", ["C1"]), ("/children/C1/alerts.csv", ["C1"])]
