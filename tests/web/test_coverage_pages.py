"""The pages say what the data cannot support, instead of showing a number: the overview, a measure's
page, a team's page, My work and the Data page, and their JSON twins.

The store holds a hand-made council whose only coverage is one census year of referrals (1 April 2025
to 31 March 2026): RF01 and RF03 are covered; FD01 (which needs each contact's decision) is not; nor
are the alerts about visits.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight.data.facts import REFERRALS
from lineofsight.settings import Settings
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer
from tests.builders import allocation, council_data, coverage, referral, team, worker

DIRECTOR = Viewer("dee", "director")


def census_year_only(engine: Engine) -> TestClient:
    council_data(
        engine,
        team("T1"),
        worker("W1"),
        referral("C1", "2025-06-02"),
        referral("C2", "2025-09-01"),
        allocation("C1", "W1", start="2025-06-02"),
        coverage(REFERRALS, "2025-04-01", "2026-03-31"),
    )
    app = create_app(engine, Settings(population_0_17=10_000))
    app.dependency_overrides[viewer] = lambda: DIRECTOR
    return TestClient(app)


def said(text: str) -> str:
    main = text[text.index("<main") : text.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def test_the_overview_says_how_many_measures_the_data_supports_and_why_the_others_are_not_shown(
    engine: Engine,
) -> None:
    client = census_year_only(engine)
    text = said(client.get("/?as_at=2026-03-31").text)
    # One census year of referrals covers RF01 and RF03 (referrals in the year to D) and nothing
    # else (RF02 looks back 24 months): 2 of 56.
    assert "The data supports 2 of 56 measures as at 31 March 2026." in text
    assert "FD01 : Contacts decided within 1 working day Not available Why Needs each contact" in text
    document = client.get("/api/overview?as_at=2026-03-31").json()
    assert document["supported"] == 2
    fd01 = next(m for m in document["measures"] if m["code"] == "FD01")
    assert (fd01["value"], fd01["status"], fd01["rag"]) == (None, "not_covered", None)
    assert "the decision on each contact" in fd01["reason"]
    rf01 = next(m for m in document["measures"] if m["code"] == "RF01")
    # Two referrals in the year to 31 March 2026 among 10,000 children: 2.0 per 10,000.
    assert (rf01["value"], rf01["status"], rf01["reason"]) == (2, "ok", None)


def test_a_measure_the_data_does_not_cover_says_so_on_its_page_and_has_no_team_figures(
    engine: Engine,
) -> None:
    client = census_year_only(engine)
    text = said(client.get("/measures/FD01?as_at=2026-03-31").text)
    assert "Not available as at 31 March 2026" in text
    assert "Not available from the data held: it needs each contact" in text
    covered = said(client.get("/measures/RF01?as_at=2026-03-31").text)
    # A census names no worker: RF01's figure stands, its teams' do not.
    assert "Not available by team from the data held: a team's or a worker's figure needs" in covered
    document = client.get("/api/measures/RF01?as_at=2026-03-31").json()
    assert document["teams"] == [] and "allocated" in document["teams_reason"]


def test_the_team_page_lists_the_alerts_the_data_cannot_check(engine: Engine) -> None:
    client = census_year_only(engine)
    text = said(client.get("/teams/T1?as_at=2026-03-31").text)
    assert "alerts cannot be checked from the data held" in text
    assert "AL03 CP visit overdue : it needs" in text
    # Caseloads and supervision need the workforce and every child's allocation: not shown as zero.
    assert "Caseloads against caps Not available from the data held: it needs which worker" in text
    document = client.get("/api/teams/T1?as_at=2026-03-31").json()
    assert document["caseloads"] == [] and "the workforce" in document["supervision_reason"]
    codes = {item["code"] for item in document["not_checked"]}
    # Nothing but referrals is held, so no alert can be checked: AL13 needs closures too.
    assert codes == {f"AL{n:02d}" for n in range(1, 24)}


def test_the_data_page_says_what_each_load_covered_and_what_the_data_supports(engine: Engine) -> None:
    client = census_year_only(engine)
    text = said(client.get("/data").text)
    assert "the data supports 2 of 56 measures and 0 of 23 alerts" in text
    assert (
        "each referral (its date, source and whether it went no further): 1 April 2025 to 31 March 2026"
        in text
    )
    document = client.get("/api/data/coverage").json()
    assert document["measures"]["supported"] == 2
    assert [s["covers"][0]["fact"] for s in document["sources"]] == ["referrals"]
    assert document["as_at"] == dt.date(2026, 3, 31).isoformat()
