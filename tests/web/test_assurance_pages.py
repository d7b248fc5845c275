"""The assurance pages: a QA lead records and moderates an audit through the forms (every problem at
once, nothing saved until it is right; an audit is a view of the child), a director starts a plan and
reads its progress, and the self-evaluation's page and JSON twin say the same."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.assurance import plans, reports
from lineofsight.assurance.areas import AREA_KEYS
from lineofsight.assurance.self_evaluation import self_evaluation
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from lineofsight.synth import generate
from lineofsight.web.auth import Viewer
from tests.web.conftest import Seen, client

END = dt.date(2026, 3, 31)
QA = Viewer("qa", "quality_assurance", worker_id=None)
DIRECTOR = Viewer("boss", "director")


@pytest.fixture
def council(engine: Engine) -> Engine:
    generate(engine, "stretched", seed=2, years=2, end=END, population=3000)
    return engine


def _csrf(browser: TestClient, url: str) -> str:
    page = browser.get(url)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert found is not None
    return found.group(1)


def _people(engine: Engine) -> tuple[str, str, str]:
    data = CouncilData(engine)
    child = str(data["allocations"].filter(pl.col("allocation_end_date").is_null())["person_id"][0])
    auditor, other = data["workers"]["worker_id"].head(2).to_list()
    return child, str(auditor), str(other)


def _form(child: str, auditor: str, owner: str) -> dict[str, str]:
    form = {"child_id": child, "auditor_id": auditor, "audit_date": "2026-03-20", "grade": "good"}
    for area in AREA_KEYS:
        form[f"{area}_grade"] = "good"
        form[f"{area}_finding"] = f"The file shows the child's experience of {area}."
    return form | {
        "action_1": "Ask the child about school, alone",
        "action_1_owner": owner,
        "action_1_due": "2026-04-30",
    }


def test_a_qa_lead_records_an_audit_and_it_is_a_logged_view_of_the_child(council: Engine, seen: Seen) -> None:
    child, auditor, owner = _people(council)
    browser = client(council, QA)
    token = _csrf(browser, "/audits/new")
    saved = browser.post(
        "/audits/new", data=_form(child, auditor, owner) | {"csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303
    audit_id = saved.headers["location"].removeprefix("/audits/")
    assert ("/audits/new", [child]) in seen.recorded
    page = browser.get(f"/audits/{audit_id}")
    assert page.status_code == 200
    assert (
        f"Child {child}: Good" in page.text
        and "The file shows the child&#39;s experience of voice." in page.text
    )
    assert (f"/audits/{audit_id}", [child]) in seen.recorded
    twin = browser.get(f"/api/audits/{audit_id}").json()
    assert twin["audit"]["auditor_id"] == auditor and len(twin["findings"]) == len(AREA_KEYS)
    assert twin["actions"][0]["action_owner_id"] == owner


def test_a_form_with_problems_says_every_one_and_saves_nothing(council: Engine) -> None:
    _, auditor, owner = _people(council)
    before = store.read_table(council, "case_audits").height
    browser = client(council, QA)
    form = _form("NOBODY", auditor, owner) | {"grade": "", "csrf_token": _csrf(browser, "/audits/new")}
    del form["voice_grade"]
    answer = browser.post("/audits/new", data=form)
    assert answer.status_code == 400
    assert "There is a problem" in answer.text
    assert '<a href="#child">there is no child NOBODY in the data</a>' in answer.text
    assert '<a href="#grade">' in answer.text and '<a href="#voice_grade">' in answer.text
    assert store.read_table(council, "case_audits").height == before


def test_moderation_through_the_form_sets_the_audit_s_moderated_grade(council: Engine) -> None:
    data = CouncilData(council)
    audit = data["case_audits"].sort("audit_date").row(-1, named=True)
    moderator = next(w for w in data["workers"]["worker_id"].to_list() if w != audit["auditor_id"])
    browser = client(council, QA)
    url = f"/audits/{audit['audit_id']}/moderate"
    form = {f"{area}_grade": "requires_improvement" for area in AREA_KEYS} | {
        "grade": "inadequate",
        "moderator_id": moderator,
        "moderation_date": END.isoformat(),
        "csrf_token": _csrf(browser, url),
    }
    done = browser.post(url, data=form, follow_redirects=False)
    assert done.status_code == 303
    moderated = store.read_table(council, "case_audits").filter(pl.col("audit_id") == audit["audit_id"])
    assert moderated["moderated_grade"][0] == "inadequate"
    assert "Moderation of audits" in browser.get("/moderation").text


def test_the_moderator_cannot_be_the_auditor(council: Engine) -> None:
    audit = CouncilData(council)["case_audits"].row(0, named=True)
    browser = client(council, QA)
    url = f"/audits/{audit['audit_id']}/moderate"
    form = {f"{area}_grade": "good" for area in AREA_KEYS} | {
        "grade": "good",
        "moderator_id": audit["auditor_id"],
        "moderation_date": END.isoformat(),
        "csrf_token": _csrf(browser, url),
    }
    answer = browser.post(url, data=form)
    assert answer.status_code == 400 and "a moderator must be someone other than the auditor" in answer.text


def test_a_director_starts_the_example_plan_and_its_page_and_twin_show_progress(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    started = browser.post(
        "/plans/example", data={"csrf_token": _csrf(browser, "/plans")}, follow_redirects=False
    )
    assert started.status_code == 303
    plan_id = started.headers["location"].removeprefix("/plans/")
    page = browser.get(f"/plans/{plan_id}")
    assert page.status_code == 200 and "DfE escalation measures" in page.text
    twin = browser.get(f"/api/plans/{plan_id}").json()
    expected = plans.progress(CouncilData(council), plan_id, END, Settings())
    assert expected is not None and twin["rag_counts"] == expected.rag_counts
    assert len(twin["priorities"]) == 9
    assert f'href="/plans/{plan_id}"' in browser.get("/plans").text


def test_the_self_evaluation_page_and_its_twin_say_the_same(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    twin = browser.get("/api/self-evaluation").json()
    assert twin == self_evaluation(CouncilData(council), END, Settings()).as_json()
    page = browser.get("/self-evaluation").text
    for judgement in twin["judgements"]:
        assert judgement["title"] in page
    assert "Overall effectiveness" not in page
    pdf = browser.get("/self-evaluation.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_an_audit_action_joins_its_owner_s_my_work(council: Engine) -> None:
    child, auditor, owner = _people(council)
    browser = client(council, QA)
    form = _form(child, auditor, owner) | {"audit_date": END.isoformat(), "action_1_due": "2026-04-07"}
    browser.post("/audits/new", data=form | {"csrf_token": _csrf(browser, "/audits/new")})
    worker = client(council, Viewer("sw", "social_worker", worker_id=owner))
    actions = worker.get("/api/my-work").json()["actions"]
    mine = [a for a in actions if a["text"] == "Ask the child about school, alone" and a["child_id"] == child]
    # Due 7 April, as at 31 March: open, -7 days overdue.
    assert mine and mine[0]["due"] == "2026-04-07" and mine[0]["days_overdue"] == -7
    assert "Ask the child about school, alone" in worker.get("/my-work").text
    other = client(council, Viewer("sw2", "social_worker", worker_id=auditor))
    assert "Ask the child about school, alone" not in [
        a["text"] for a in other.get("/api/my-work").json()["actions"]
    ]


def test_the_briefing_s_twin_and_pdf_are_there_for_leaders(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    twin = browser.get("/api/briefing").json()
    assert twin["as_at"] == END.isoformat() and twin["audits"]["covered"]
    assert twin["plan"] is not None and len(twin["plan"]["priorities"]) == 9  # the synthetic council's plan
    pdf = browser.get("/briefing.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_briefing_page_shows_in_the_app_the_very_text_the_cli_writes(council: Engine) -> None:
    data = CouncilData(council)
    body, _ = reports.briefing_body(data, END, Settings())
    document, _ = reports.briefing_html(data, END, Settings())
    assert str(body) in document  # the document the CLI and the PDF make holds the same text
    browser = client(council, DIRECTOR)
    page = browser.get("/briefing").text
    assert str(body) in page
    assert "Progress against the improvement plan" in page and "What audits found" in page
    assert 'href="/briefing.pdf?as_at=2026-03-31"' in page
    assert 'href="/briefing"' in browser.get("/plans").text
    # As at another day, the figures are that day's.
    earlier, _ = reports.briefing_body(data, dt.date(2025, 12, 31), Settings())
    assert str(earlier) in browser.get("/briefing?as_at=2025-12-31").text


@pytest.mark.parametrize("role", ["analyst", "social_worker", "team_manager"])
def test_the_briefing_page_is_for_those_who_may_download_its_pdf(council: Engine, role: str) -> None:
    browser = client(council, Viewer("someone", role, team_id="T1", worker_id="W1"))  # type: ignore[arg-type]
    assert browser.get("/briefing").status_code == browser.get("/briefing.pdf").status_code == 403
