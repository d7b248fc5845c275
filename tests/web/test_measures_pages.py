"""The Overview and Measure pages, their JSON twins and CSV downloads, what each role sees of the
children behind a figure, and that new data shows without a restart.

A small synthetic council (2,000 children, one year to 31 March 2026) is generated once per database
for the tests that only read; its figures are compared with the library's own (`compute_all`), which
the CLI shows too. The direction since last month and who sees which child are worked out by hand on
tiny hand-built councils.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from lineofsight import access_log, formatting, store, synth
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY, MeasureValue, compute_all
from lineofsight.measures.breakdown import breakdown
from lineofsight.measures.report import rounded
from lineofsight.settings import Settings
from lineofsight.web import cache, rendering
from lineofsight.web.app import create_app
from lineofsight.web.auth import ROLES, Role, Viewer, viewer
from lineofsight.web.pages import measures as measures_page
from lineofsight.web.pages import teams as teams_page
from lineofsight.web.pages.measures import Source
from tests.builders import allocation, assessment, council_data, person, referral, team, visit, worker
from tests.conftest import StoreFactory

END = dt.date(2026, 3, 31)
LAST_MONTH = dt.date(2026, 2, 28)
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", None: "No target"}
DIRECTOR = Viewer("dee", "director")


@dataclass
class Council:
    engine: Engine
    app: FastAPI
    client: TestClient

    def as_viewer(self, who: Viewer) -> TestClient:
        self.app.dependency_overrides[viewer] = lambda: who
        return self.client


def client_for(engine: Engine, who: Viewer = DIRECTOR) -> TestClient:
    app = create_app(engine, Settings())
    app.dependency_overrides[viewer] = lambda: who
    return TestClient(app)


@pytest.fixture(scope="module")
def small(store_factory: StoreFactory) -> Iterator[Council]:
    """A small synthetic council, and one app over it (so its figures are computed once)."""
    engine = store.connect(store_factory.new())
    synth.generate(engine, "stable", seed=3, years=1, end=END, population=2000)
    app = create_app(engine, Settings())
    yield Council(engine, app, TestClient(app))
    engine.dispose()


def words(element: Any) -> str:
    return " ".join(element.text_content().split())


def overview_rows(html: str) -> dict[str, list[str]]:
    """The overview's rows by measure code: each cell's words, the measure's own first."""
    rows = {}
    for row in lxml.html.fromstring(html).xpath(
        "//table[contains(@class, 'lineofsight-overview')]//tbody/tr"
    ):
        cells = [words(cell) for cell in row.xpath("./th|./td")]
        rows[cells[0].split(":")[0]] = cells
    return rows


def england(value: MeasureValue) -> str:
    benchmark = value.measure.benchmark
    if benchmark is None:
        return "—"
    return benchmark.display if benchmark.year == "—" else f"{benchmark.display} ({benchmark.year})"


def expected_change(before: float | None, now: float | None, unit: str, polarity: str) -> str:
    """What the overview should say, worked out apart from the page's own code: compared as shown (one
    decimal place); up is better for an "up" measure, down for a "down" one."""
    then, current = rounded(before), rounded(now)
    was = formatting.measure_value(before, unit)
    if then is None or current is None:
        return "No figure at the previous month end" if before is None else f"No figure now (was {was})"
    if then == current:
        return f"No change from {was}"
    moved = "up" if current > then else "down"
    if polarity == "context":
        return f"{moved.capitalize()} from {was}"
    return f"{'Better' if moved == polarity else 'Worse'}: {moved} from {was}"


# The Overview.


def test_the_overview_shows_every_measure_with_its_value_rag_and_england_figure(small: Council) -> None:
    page = small.as_viewer(DIRECTOR).get("/")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    assert words(tree.xpath("//h1")[0]) == "Overview"
    assert "Measures as at 31 March 2026" in words(tree)
    assert "Eastvale Council (synthetic)" in page.text  # the stable profile's council
    rows = overview_rows(page.text)
    values = compute_all(CouncilData(small.engine), END, Settings())
    assert set(rows) == set(REGISTRY)
    for value in values:
        code, cells = value.measure.code, rows[value.measure.code]
        assert cells[0] == f"{code}: {value.measure.title}"
        assert cells[1].startswith(formatting.measure_value(value.result.value, value.measure.unit)), code
        assert cells[2].startswith(RAG_WORDS[value.rag]), code
        assert cells[3] == england(value), code


def test_the_overview_says_how_each_measure_moved_since_the_previous_month_end(small: Council) -> None:
    rows = overview_rows(small.as_viewer(DIRECTOR).get("/").text)
    data = CouncilData(small.engine)
    now = {v.measure.code: v for v in compute_all(data, END, Settings())}
    before = {v.measure.code: v for v in compute_all(data, LAST_MONTH, Settings())}
    said = set()
    for code, value in now.items():
        unit, polarity = value.measure.unit, value.measure.polarity
        expected = expected_change(before[code].result.value, value.result.value, unit, polarity)
        assert rows[code][4] == expected, code
        said.add(expected.split(":")[0])
    # The small council moves both ways in a month: the words are not all the same.
    assert {"Better", "Worse"} <= said


def test_each_measure_on_the_overview_has_a_sparkline_named_in_words_and_a_table_of_its_months(
    small: Council,
) -> None:
    html = small.as_viewer(DIRECTOR).get("/").text
    tree = lxml.html.fromstring(html)
    titles = tree.xpath("//svg[contains(@class, 'lineofsight-sparkline')]/title/text()")
    assert len(titles) == len(REGISTRY)
    assert any(
        title.startswith("RF02 Re-referrals within 12 months, April 2024 to March 2026") for title in titles
    )
    # Each area's months as a table: the first row is 30 April 2024 and the last the as-at day.
    captions = [words(c) for c in tree.xpath("//details//caption")]
    assert "Front door measures at each month end, 30 April 2024 to 31 March 2026" in captions


def test_the_overview_opens_on_its_headline_counting_each_measure_by_rag_before_the_rows(
    small: Council,
) -> None:
    html = small.as_viewer(DIRECTOR).get("/").text
    tree = lxml.html.fromstring(html)
    values = compute_all(CouncilData(small.engine), END, Settings())
    # Each measure once: not available without a figure, else by its RAG, else "no target".
    expected = {"red": 0, "amber": 0, "green": 0, "no target": 0, "not available": 0}
    for value in values:
        kind = "not available" if value.result.value is None else (value.rag or "no target")
        expected[kind] += 1
    counts = {
        " ".join(words(item).split()[1:]): int(words(item).split()[0])
        for item in tree.xpath("//ul[contains(@class, 'lineofsight-counts')]/li")
    }
    assert counts == expected
    assert sum(counts.values()) == len(REGISTRY)
    bar = tree.xpath("//svg[contains(@class, 'lineofsight-proportions')]")[0]
    assert bar.get("role") == "img"
    assert bar.get("aria-label").endswith(f"not available, of {len(REGISTRY)} measures")
    # Before the first area's rows; and the movers link to their measures.
    assert html.index('id="headline"') < html.index('id="area-1"')
    movers = tree.xpath("//ul[contains(@class, 'lineofsight-movers')]/li/a/@href")
    assert movers and all(href.startswith("/measures/") for href in movers)


def test_each_sparkline_on_the_overview_has_its_scale_and_its_target_line(small: Council) -> None:
    tree = lxml.html.fromstring(small.as_viewer(DIRECTOR).get("/").text)
    values = compute_all(CouncilData(small.engine), END, Settings())
    trends = {
        m["code"]: m["trend"] for m in small.as_viewer(DIRECTOR).get("/api/overview").json()["measures"]
    }
    targeted = 0
    for value in values:
        code, unit = value.measure.code, value.measure.unit
        row = tree.xpath(
            f"//table[contains(@class, 'lineofsight-overview')]//tr[th/a[@href='/measures/{code}']]"
        )[0]
        known = [each for each in trends[code] if each is not None]
        scale = row.xpath(".//span[contains(@class, 'lineofsight-scale')]")
        if known:  # the lowest and highest of the 24 months, as the overview writes them
            low, high = (formatting.measure_value(level, unit) for level in (min(known), max(known)))
            assert words(scale[0]) == f"Lowest {low}, highest {high}", code
        lines = row.xpath(".//*[contains(@class, 'lineofsight-sparkline__target')]")
        has_target = value.target is not None and value.measure.polarity != "context"
        assert len(lines) == (1 if has_target and known else 0), code
        if has_target and known:
            targeted += 1
            title = row.xpath(".//svg/title/text()")[0]
            assert title.endswith(
                f"against the target of {formatting.measure_value(value.target.target, unit)}"
            )
    assert targeted > 0


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_see_the_overview(small: Council, role: Role) -> None:
    page = small.as_viewer(Viewer("someone", role, "T001", "W0001")).get("/")
    assert page.status_code == 200
    assert "Measures as at 31 March 2026" in page.text
    assert 'href="/measures/RF02"' in page.text


def test_at_a_date_the_reader_chose_the_overview_links_to_each_measure_at_that_date(small: Council) -> None:
    page = small.as_viewer(DIRECTOR).get("/", params={"as_at": "2026-03-31"})
    assert 'href="/measures/RF02?as_at=2026-03-31"' in page.text
    assert 'href="/measures/RF02"' not in page.text


def test_the_overview_as_json_gives_the_same_figures_and_its_24_months(small: Council) -> None:
    body = small.as_viewer(DIRECTOR).get("/api/overview").json()
    assert body["as_at"] == "2026-03-31"
    assert body["previous_month_end"] == "2026-02-28"
    # 23 month ends, April 2024 to February 2026, then the as-at day.
    assert len(body["months"]) == 24
    assert body["months"][0] == "2024-04-30"
    assert body["months"][-2:] == ["2026-02-28", "2026-03-31"]
    data = CouncilData(small.engine)
    now = {v.measure.code: v for v in compute_all(data, END, Settings())}
    before = {v.measure.code: v for v in compute_all(data, LAST_MONTH, Settings())}
    assert [m["code"] for m in body["measures"]] == list(now)
    for measure in body["measures"]:
        value = now[measure["code"]]
        assert {k: measure[k] for k in value.as_json()} == value.as_json()
        assert measure["trend"][-1] == rounded(value.result.value)
        assert (
            measure["trend"][-2] == measure["previous_value"] == rounded(before[measure["code"]].result.value)
        )


def test_the_overview_downloads_as_csv_one_row_per_measure(small: Council) -> None:
    response = small.as_viewer(DIRECTOR).get("/overview.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["code"] for row in rows] == list(json_codes(small))
    rf02 = next(row for row in rows if row["code"] == "RF02")
    assert rf02["as_at"] == "2026-03-31"
    assert rf02["england"] == "22.6"
    assert rf02["direction"] in ("up", "down", "same")
    months = list(csv.DictReader(io.StringIO(small.client.get("/overview/trend.csv").text)))
    # Every measure at each of the 24 points.
    assert len(months) == 24 * len(REGISTRY)


def json_codes(small: Council) -> list[str]:
    return [m["code"] for m in small.client.get("/api/overview").json()["measures"]]


def test_the_json_contract_gives_the_measures_for_any_date(small: Council) -> None:
    body = small.as_viewer(DIRECTOR).get("/api/measures", params={"as_at": "2026-01-31"}).json()
    assert body["as_at"] == "2026-01-31"
    expected = compute_all(CouncilData(small.engine), dt.date(2026, 1, 31), Settings())
    assert body["measures"] == [value.as_json() for value in expected]


def test_a_date_that_is_not_a_date_is_a_bad_request(small: Council) -> None:
    response = small.as_viewer(DIRECTOR).get("/api/measures", params={"as_at": "31/03/2026"})
    assert response.status_code == 400
    assert "is not a date" in response.json()["detail"]


# A measure.


def test_the_measure_page_shows_the_definition_chart_teams_and_the_children_behind_it(small: Council) -> None:
    page = small.as_viewer(DIRECTOR).get("/measures/AS01")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    text = words(tree)
    measure = REGISTRY["AS01"]
    assert "AS01 Assessments completed within 45 working days" in text
    # The definition in plain words: D written out, "÷" as "out of" (the JSON keeps the catalogue's).
    assert (
        "assessments completed in the year to 31 March 2026 whose completion (authorisation) was within 45 "
        "working days of the assessment's start, out of assessments completed in the year to 31 March 2026"
    ) in text
    assert "÷" not in text and "year to D" not in text
    assert "Higher is better" in text
    assert "≈85.7% (2024-25), Children in need, table C2" in text  # England, with its year and source
    chart = tree.xpath("//div[@class='lineofsight-chart']/svg")[0]
    assert chart.get("role") == "img"
    assert chart.xpath("./title/text()")[0].startswith("Line chart of AS01 Assessments completed within")
    # The chart is followed by its table: 24 rows, the last the as-at day.
    trend = tree.xpath(
        "//table[caption[starts-with(normalize-space(.), 'AS01 at each month end')]]//tbody/tr"
    )
    assert len(trend) == 24
    assert words(trend[-1]).startswith("31 March 2026")
    data = CouncilData(small.engine)
    result = measure.evaluate(data, END, Settings())
    for group in breakdown(measure, result, data, END, "team"):
        assert group.name in text
    links = tree.xpath("//a[starts-with(@href, '/children/')]")
    # 50 to a page; the first page lists the first 50 rows of the detail.
    assert [link.get("href") for link in links] == [f"/children/{c}" for c in result.detail["person_id"][:50]]


def test_the_measure_page_lists_the_later_children_on_later_pages(small: Council) -> None:
    client = small.as_viewer(DIRECTOR)
    result = REGISTRY["AS01"].evaluate(CouncilData(small.engine), END, Settings())
    assert result.detail.height > 50  # or there would be no second page
    second = lxml.html.fromstring(client.get("/measures/AS01", params={"page": 2}).text)
    hrefs = [a.get("href") for a in second.xpath("//a[starts-with(@href, '/children/')]")]
    assert hrefs == [f"/children/{c}" for c in result.detail["person_id"][50:100]]
    assert second.xpath("//nav[contains(@class, 'govuk-pagination')]")


def test_a_measure_downloads_its_trend_teams_and_children_as_csv(small: Council) -> None:
    client = small.as_viewer(DIRECTOR)
    data = CouncilData(small.engine)
    result = REGISTRY["AS01"].evaluate(data, END, Settings())
    trend = list(csv.DictReader(io.StringIO(client.get("/measures/AS01/trend.csv").text)))
    assert len(trend) == 24
    assert trend[-1]["as_at"] == "2026-03-31"
    assert float(trend[-1]["value"]) == rounded(result.value)
    teams = list(csv.DictReader(io.StringIO(client.get("/measures/AS01/teams.csv").text)))
    assert {row["name"] for row in teams} == {
        g.name for g in breakdown(REGISTRY["AS01"], result, data, END, "team")
    }
    children = list(csv.DictReader(io.StringIO(client.get("/measures/AS01/children.csv").text)))
    # Every row, not only a page's.
    assert [row["person_id"] for row in children] == list(result.detail["person_id"])


def test_a_measure_as_json_gives_its_figures_trend_teams_and_a_page_of_children(small: Council) -> None:
    body = small.as_viewer(DIRECTOR).get("/api/measures/AS01").json()
    value = compute_all(CouncilData(small.engine), END, Settings(), ["AS01"])[0]
    assert {k: body[k] for k in value.as_json()} == value.as_json()
    assert body["definition"] == REGISTRY["AS01"].definition
    assert len(body["trend"]) == 24
    assert body["children"]["total"] == value.result.detail.height
    assert len(body["children"]["rows"]) == min(50, value.result.detail.height)
    assert body["children"]["pages"] == -(-value.result.detail.height // 50)


def test_an_unknown_measure_is_not_found(small: Council) -> None:
    client = small.as_viewer(DIRECTOR)
    page = client.get("/measures/XX99")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "There is no measure XX99 in the catalogue." in page.text
    api = client.get("/api/measures/XX99")
    assert api.status_code == 404
    assert api.json() == {"detail": "There is no measure XX99 in the catalogue."}
    assert client.get("/measures/XX99/trend.csv").status_code == 404


# The direction since last month, by hand.


def test_a_measure_that_went_up_when_lower_is_better_is_worse(engine: Engine) -> None:
    # AS03 counts assessments open beyond 45 working days. C1 started Mon 1 Dec 2025: counting 45
    # working days, skipping 25 and 26 December and 1 January, its deadline is Thu 5 Feb 2026, so it
    # is beyond it on 28 February and on 31 March. C2 started Mon 5 Jan 2026: its deadline is Mon 9
    # Mar 2026, beyond it on 31 March only. 1 at the previous month end, 2 now: up, and worse.
    council_data(engine, assessment("C1", start="2025-12-01"), assessment("C2", start="2026-01-05"))
    client = client_for(engine)
    body = client.get("/api/measures/AS03", params={"as_at": "2026-03-31"}).json()
    assert (body["value"], body["previous_value"]) == (2, 1)
    assert (body["direction"], body["judgement"]) == ("up", "worse")
    page = client.get("/measures/AS03", params={"as_at": "2026-03-31"})
    assert "Worse: up from 1" in page.text


def test_a_measure_that_went_down_when_lower_is_better_is_better(engine: Engine) -> None:
    # C1 and C2 both started Mon 1 Dec 2025 (deadline Thu 5 Feb 2026): both beyond it on 28 February.
    # C1 was authorised on 10 March, so on 31 March only C2 is open. From 2 to 1: down, and better.
    council_data(
        engine,
        assessment("C1", start="2025-12-01", authorised="2026-03-10"),
        assessment("C2", start="2025-12-01"),
    )
    body = client_for(engine).get("/api/measures/AS03", params={"as_at": "2026-03-31"}).json()
    assert (body["value"], body["previous_value"]) == (1, 2)
    assert (body["direction"], body["judgement"]) == ("down", "better")


# Who sees which child.


def two_teams(engine: Engine) -> None:
    """C1 is W1's (team T1), C2 is W2's (team T2); both have an assessment beyond 45 working days on
    31 March 2026 (started Mon 1 Dec 2025, deadline Thu 5 Feb 2026), so both are behind AS03."""
    council_data(
        engine,
        team("T1"),
        team("T2"),
        worker("W1"),
        {**worker("W2"), "team_id": "T2"},
        person("C1"),
        person("C2"),
        allocation("C1", "W1", start="2025-11-03"),
        {**allocation("C2", "W2", start="2025-11-03"), "team_id": "T2"},
        assessment("C1", start="2025-12-01"),
        assessment("C2", start="2025-12-01"),
    )


def test_the_measure_page_draws_the_teams_as_bars_with_the_council_s_line(engine: Engine) -> None:
    # AS03 on 31 March 2026: Team T1 1 (C1) and Team T2 1 (C2); the council 2. AS03 has no England
    # figure, so the chart draws the council's line alone.
    two_teams(engine)
    tree = lxml.html.fromstring(client_for(engine).get("/measures/AS03", params={"as_at": "2026-03-31"}).text)
    chart = tree.xpath("//h2[@id='teams']/following-sibling::div[@class='lineofsight-chart'][1]/svg")[0]
    title = chart.xpath("./title/text()")[0]
    assert title.startswith("Bar chart of AS03")
    assert "Team T1 1; Team T2 1. The whole council: 2." in title
    drawn = chart.xpath(".//text/text()")
    assert {"Team T1", "Team T2", "This council"} <= set(drawn)
    assert "England" not in drawn
    assert len(chart.xpath(".//g[contains(@class, 'mark-rect')]/path")) == 2


def test_people_read_names_and_words_where_the_detail_holds_identifiers_and_codes(engine: Engine) -> None:
    two_teams(engine)
    with store.transaction(engine) as connection:  # W1 is Ada Okafor; W2 keeps the builder's Sam Worker
        connection.execute(
            text(
                "UPDATE workers SET worker_forename = 'Ada', worker_surname = 'Okafor' WHERE worker_id = 'W1'"
            )
        )
    page = client_for(engine).get("/measures/AS03", params={"as_at": "2026-03-31"}).text
    table = page[page.index('id="children"') :]
    # C1 is Ada Okafor's in Team T1, C2 Sam Worker's in Team T2: names, not W1 and T1.
    assert "Ada Okafor" in table and "Sam Worker" in table and "Team T2" in table
    assert ">W1<" not in table and ">T1<" not in table
    workforce = client_for(engine).get("/measures/WF01", params={"as_at": "2026-03-31"}).text
    detail = workforce[workforce.index('id="children"') :]
    assert "Qualified social worker" in detail and "qualified_social_worker" not in detail
    assert "Numerator" not in detail and "Out of" in detail


def children_listed(client: TestClient) -> list[str]:
    page = client.get("/measures/AS03", params={"as_at": "2026-03-31"})
    assert page.status_code == 200
    return re.findall(r'href="/children/([^"]+)"', page.text)


def test_a_social_worker_sees_only_the_children_on_their_caseload_and_the_view_is_logged(
    engine: Engine,
) -> None:
    two_teams(engine)
    sam = Viewer("sam", "social_worker", "T1", "W1")
    assert children_listed(client_for(engine, sam)) == ["C1"]
    logged = access_log.read_access_log(engine).entries
    assert [(e.username, e.kind, e.children, e.page, e.outcome) for e in logged] == [
        ("sam", "listed", ("C1",), "measure AS03", "viewed")
    ]


def test_a_team_manager_sees_their_team_and_a_director_everyone(engine: Engine) -> None:
    two_teams(engine)
    assert children_listed(client_for(engine, Viewer("tess", "team_manager", "T2"))) == ["C2"]
    assert children_listed(client_for(engine, DIRECTOR)) == ["C1", "C2"]


def test_an_analyst_sees_the_figures_but_no_child(engine: Engine) -> None:
    two_teams(engine)
    client = client_for(engine, Viewer("ana", "analyst"))
    page = client.get("/measures/AS03", params={"as_at": "2026-03-31"})
    assert children_listed(client) == []
    assert (
        "Your role works with figures, not with children's records"
        in lxml.html.fromstring(page.text).text_content()
    )
    # The figure itself is shown: two assessments beyond 45 working days; the default target for AS03
    # is 0 with amber up to 10, so 2 is amber.
    figure = lxml.html.fromstring(page.text).xpath("//p[contains(@class, 'govuk-body-l')]")[0]
    assert words(figure) == "2 as at 31 March 2026 Amber"
    assert client.get("/api/measures/AS03", params={"as_at": "2026-03-31"}).json()["children"]["rows"] == []
    csv_rows = list(
        csv.DictReader(io.StringIO(client.get("/measures/AS03/children.csv?as_at=2026-03-31").text))
    )
    assert csv_rows == []
    assert access_log.read_access_log(engine).total == 0


# Live: new data shows without a restart.


def test_a_new_referral_shows_without_a_restart(engine: Engine) -> None:
    synth.generate(engine, "stable", seed=3, years=1, end=END, population=2000)
    client = client_for(engine)

    def referrals_in_year() -> float:
        body = client.get("/api/measures", params={"as_at": "2026-03-31"}).json()
        return float(next(m for m in body["measures"] if m["code"] == "RF02")["denominator"])

    before = referrals_in_year()
    child = store.read_table(engine, "person")["person_id"][0]
    with store.transaction(engine) as connection:
        store.insert_rows(
            connection, "cin_episodes", [{**referral(child, "2026-03-30"), "referral_id": "R-NEW"}]
        )
    # One more referral in the year to 31 March 2026.
    assert referrals_in_year() == before + 1


def test_a_new_council_shows_on_the_overview_without_a_restart(engine: Engine) -> None:
    synth.generate(engine, "stable", seed=3, years=1, end=END, population=500)
    client = client_for(engine)

    def overview() -> dict[str, Any]:
        body = client.get("/api/overview").json()
        return {m["code"]: m for m in body["measures"]}

    before = overview()
    synth.generate(engine, "stable", seed=3, years=1, end=END, population=1000, replace=True)
    after = overview()
    now = {v.measure.code: v.as_json() for v in compute_all(CouncilData(engine), END, Settings())}
    assert {code: {k: after[code][k] for k in now[code]} for code in now} == now
    # Twice the children: the figures are not those of the council before.
    assert after["RF01"]["denominator"] == 1000 != before["RF01"]["denominator"]


def kept_overview(app: FastAPI, within: float = 120.0) -> bool:
    """Whether the overview at the data's version now is kept (or being computed, which this waits
    for), looking until `within` seconds have passed; computes nothing itself."""
    return until(lambda: kept_now(app, ("overview", Source(app).day(None))), within)


def test_the_overview_is_computed_as_the_server_starts(small: Council) -> None:
    # A fresh app over the small council: starting it (the `with`) computes the overview in a thread,
    # so the first request finds it kept and computes nothing.
    app = create_app(small.engine, Settings())
    app.dependency_overrides[viewer] = lambda: DIRECTOR
    with TestClient(app) as client:
        assert kept_overview(app)
        assert client.get("/").status_code == 200


def test_the_overview_is_computed_again_when_the_data_changes(engine: Engine) -> None:
    # A store with one child seen once; the app looks for changes every 50 ms. A second visit is a
    # new version of the data, and the overview of that version is computed with no request made.
    council_data(engine, person("C1"), visit("C1", "2026-03-02"))
    app = create_app(engine, Settings())
    app.state.warm_every = 0.05
    with TestClient(app):
        assert kept_overview(app)
        first = cache.of(app).version()
        with store.transaction(engine) as connection:
            store.insert_rows(connection, "visits", [visit("C1", "2026-03-09")])
        assert cache.of(app).version() != first
        assert kept_overview(app)


def test_while_new_figures_are_worked_out_the_overview_shows_the_old_ones_and_says_so(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One child referred on 1 October: RF01 counts 1 referral. A second child's referral is a change
    # of the data (RF01 then counts 2: 2 per 10,000 children). The warming thread's run after the change
    # is held until the test lets it go.
    council_data(engine, person("C1"), referral("C1", "2026-10-01"))
    app = create_app(engine, Settings(population_0_17=10_000))
    app.state.warm_every = 60.0  # woken by the change itself, not by looking again
    app.dependency_overrides[viewer] = lambda: DIRECTOR
    real_warm, runs, go_on = measures_page.warm, [], threading.Event()

    def held_warm(app: FastAPI) -> None:
        runs.append(1)
        if len(runs) > 1:
            go_on.wait(30)
        real_warm(app)

    def referrals(page: str) -> str:
        (row,) = lxml.html.fromstring(page).xpath("//tr[.//a[starts-with(., 'RF01')]]")
        return " ".join(row.text_content().split())

    def rf01_counted(client: TestClient) -> int:
        (found,) = [m for m in client.get("/api/overview").json()["measures"] if m["code"] == "RF01"]
        return int(found["numerator"])

    monkeypatch.setattr(measures_page, "warm", held_warm)
    figures = cache.of(app)
    with TestClient(app) as client:
        assert until(lambda: figures.ready is not None)
        before = client.get("/").text
        assert "Figures being updated" not in before
        assert rf01_counted(client) == 1
        council_data(engine, person("C2"), referral("C2", "2026-10-02"))
        # The page: RF01's row as before the change, and a banner saying so.
        during = client.get("/").text
        assert "Figures being updated" in during
        assert "The council's data changed at" in during
        assert referrals(during) == referrals(before)
        # Its JSON twin is never from before the change.
        assert rf01_counted(client) == 2
        go_on.set()
        assert until(lambda: figures.ready == figures.version())
        after = client.get("/").text
        assert "Figures being updated" not in after
        assert referrals(after) != referrals(before)


def until(condition: Any, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_server_stops_its_warming_thread_before_letting_go_of_the_store(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The warming thread is still working out figures (a second of work) when the server stops.
    # Before, the store's watch connection was closed under it, and SQLite crashed the process
    # (a segmentation fault seen in a test run); the server now waits for the thread first.
    council_data(engine, person("C1"), referral("C1", "2026-10-01"))
    app = create_app(engine, Settings())
    app.state.warm_every = 60.0
    app.dependency_overrides[viewer] = lambda: DIRECTOR
    real_warm, busy = measures_page.warm, threading.Event()

    def slow_warm(app: FastAPI) -> None:
        busy.set()
        time.sleep(1.0)
        real_warm(app)

    monkeypatch.setattr(measures_page, "warm", slow_warm)
    before = set(threading.enumerate())  # another test's server may have left its own
    with TestClient(app):
        assert busy.wait(30)
        (mine,) = [t for t in threading.enumerate() if t.name == "lineofsight-warm" and t not in before]
    assert not mine.is_alive()


def test_the_warming_thread_works_out_the_worklist_before_the_overview(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worklist (about a second for a large council) is what the JSON and CSV of My work and the
    # teams wait for after a load; the overview (several seconds) comes second, its page answered
    # meanwhile from before the change. Before, the worklist waited for the overview.
    council_data(engine, person("C1"), referral("C1", "2026-10-01"), visit("C1", "2026-03-02"))
    app = create_app(engine, Settings())
    app.state.warm_every = 60.0
    real_warm, worklist_kept = measures_page.warm, []

    def noting_warm(app: FastAPI) -> None:
        kept = teams_page.Snapshot(app)
        worklist_kept.append(kept_now(app, ("worklist", rendering.as_at(kept.data, None))))
        real_warm(app)

    monkeypatch.setattr(measures_page, "warm", noting_warm)
    with TestClient(app):
        assert until(lambda: cache.of(app).ready is not None)
    assert worklist_kept == [True]


def server_like(council: Council) -> TestClient:
    """A director's client of a new app over the council, made as `serve` makes it as to where the
    overview is worked out (a helper process), never started (no warming thread)."""
    app = create_app(council.engine, Settings(), overview_in_helper=True)
    app.dependency_overrides[viewer] = lambda: DIRECTOR
    return TestClient(app)


def failing(said: str) -> Any:
    """A stand-in that raises, as a helper that could not start does (`BrokenProcessPool`)."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise BrokenProcessPool(said)

    return fail


def test_a_server_works_out_the_overview_in_a_helper_process_with_the_same_figures(
    small: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a server the overview's 24 months of every measure are worked out by a helper process of
    # lower priority, so that the worker goes on answering pages meanwhile. Here nothing may be
    # worked out in this process: its measures are broken, and the overview is still there, the
    # same figure for figure as the overview worked out in-process by the module's own app.
    expected = small.as_viewer(DIRECTOR).get("/api/overview").json()
    monkeypatch.setattr(measures_page, "compute_all", failing("a measure worked out in the worker"))
    try:
        found = server_like(small).get("/api/overview")
        assert found.status_code == 200
        assert found.json() == expected
        assert len(found.json()["measures"]) == len(REGISTRY)
    finally:
        measures_page.OVERVIEW_HELPER.forget()


def test_when_the_overview_s_helper_fails_the_worker_works_it_out(
    small: Council, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The helper could not start (or the database went away under it, and its error did not cross
    # back whole): the page still has its figures, worked out in the worker, and the log says so.
    expected = small.as_viewer(DIRECTOR).get("/api/overview").json()
    monkeypatch.setattr(measures_page.OVERVIEW_HELPER, "run", failing("the helper could not be started"))
    with caplog.at_level(logging.WARNING):
        found = server_like(small).get("/api/overview")
    assert found.status_code == 200
    assert found.json() == expected
    assert "the overview's helper failed (BrokenProcessPool): working it out in the worker" in caplog.text


def test_a_database_in_memory_is_worked_out_in_process(small: Council) -> None:
    # Another process cannot open a database held in this one's memory: no helper for it.
    assert measures_page.helper_url(store.connect("sqlite://")) is None
    assert measures_page.helper_url(small.engine) is not None


def kept_now(app: FastAPI, key: Any) -> bool:
    """Whether `key` is kept at the data's version now (computing nothing)."""

    class NotKeptError(Exception):
        pass

    def not_kept() -> Any:
        raise NotKeptError

    source = Source(app)
    try:
        source.kept(key, not_kept)
    except NotKeptError:
        return False
    return True


def test_the_warming_thread_works_out_every_measures_page_once_the_overview_is_ready(small: Council) -> None:
    # A fresh app over the small council, made as `serve` makes it: with no one asking, each
    # measure's page as at the last day of the data (its children by team, and its trend chart) is
    # worked out and kept.
    app = create_app(small.engine, Settings(), warm_measure_pages=True)
    with TestClient(app):
        day = Source(app).day(None)
        assert until(lambda: all(kept_now(app, ("chart", code, day)) for code in REGISTRY), 300)
        assert all(kept_now(app, ("full", code, day)) for code in REGISTRY)


def test_the_measures_pages_are_not_worked_out_when_the_server_stops(small: Council) -> None:
    app = create_app(small.engine, Settings())  # no warming thread: the app is never started
    stopped = threading.Event()
    stopped.set()
    measures_page.warm_pages(app, stopped)
    day = Source(app).day(None)
    assert not any(kept_now(app, ("full", code, day)) for code in REGISTRY)
    measures_page.warm_pages(app, threading.Event())  # and when it does not stop, all of them
    assert all(kept_now(app, ("full", code, day)) for code in REGISTRY)


def test_working_out_the_measures_pages_stops_when_the_data_changes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The data changes while the first measure's page is worked out: the pages of a version that is
    # no longer the data's are not worked out (the next run of the warming thread does the new one).
    council_data(engine, person("C1"), visit("C1", "2026-03-02"))
    app = create_app(engine, Settings())
    real, done = measures_page.measure_page_at, []

    def changing(source: Source, code: str, day: dt.date) -> Any:
        if not done:
            with store.transaction(engine) as connection:
                store.insert_rows(connection, "visits", [visit("C1", "2026-03-09")])
        done.append(code)
        return real(source, code, day)

    monkeypatch.setattr(measures_page, "measure_page_at", changing)
    measures_page.warm_pages(app, threading.Event())
    assert len(done) == 1


def test_every_page_of_a_version_of_the_data_shares_one_copy_of_it(engine: Engine) -> None:
    # The measure pages read the council's tables into an object of their own on every request (a
    # large council's tables took most of a measure page's time): now one per version, shared with
    # the team pages, My work and children's pages, and a new one when the data changes.
    council_data(engine, person("C1"), visit("C1", "2026-03-02"))
    app = create_app(engine, Settings())
    first = Source(app).data
    assert Source(app).data is first
    assert teams_page.Snapshot(app).data is first
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "visits", [visit("C1", "2026-03-09")])
    assert Source(app).data is not first
