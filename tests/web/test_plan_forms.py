"""A director changes a plan through its forms: an action added to a priority (and so to its owner's
My work), a target set or changed; every problem said at once with nothing saved; only a director may;
the JSON twins do the same for a script."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.web.auth import Viewer
from tests.assurance.example_plans import council_with_example_plan
from tests.web.conftest import client
from tests.web.test_assurance_pages import DIRECTOR, QA, _csrf

START = dt.date(2025, 10, 1)


@pytest.fixture
def plan(engine: Engine) -> tuple[Engine, str]:
    return engine, council_with_example_plan(engine, seed=2, start=START, plan_id="PLAN-forms", by="boss")


def _worker(engine: Engine) -> str:
    return str(CouncilData(engine)["workers"]["worker_id"].sort()[0])


def _actions(engine: Engine) -> pl.DataFrame:
    return store.read_table(engine, "plan_actions")


def test_a_director_adds_an_action_to_a_priority_and_it_joins_the_owner_s_my_work(
    plan: tuple[Engine, str],
) -> None:
    engine, plan_id = plan
    owner = _worker(engine)
    browser = client(engine, DIRECTOR)
    url = f"/plans/{plan_id}/priorities/2/actions/new"
    assert f'href="{url}"' in browser.get(f"/plans/{plan_id}").text
    form = {"text": "Audit every child seen late", "owner_id": owner, "due-day": "30", "due-month": "4"}
    saved = browser.post(
        url, data=form | {"due-year": "2026", "csrf_token": _csrf(browser, url)}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/plans/{plan_id}#priority-2"
    added = _actions(engine).filter(pl.col("action_text") == "Audit every child seen late")
    assert added["priority_id"].to_list() == [f"{plan_id}-P2"]
    assert added["action_due_date"].to_list() == [dt.date(2026, 4, 30)]
    page = browser.get(f"/plans/{plan_id}").text
    assert "Audit every child seen late: " + owner + ", due 30 April 2026, open" in page
    worker = client(engine, Viewer("sw", "social_worker", worker_id=owner))
    assert "Audit every child seen late" in [a["text"] for a in worker.get("/api/my-work").json()["actions"]]


def test_an_action_with_problems_says_every_one_and_saves_nothing(plan: tuple[Engine, str]) -> None:
    engine, plan_id = plan
    before = _actions(engine).height
    browser = client(engine, DIRECTOR)
    url = f"/plans/{plan_id}/priorities/1/actions/new"
    form = {"text": "", "owner_id": "NOBODY", "due-day": "31", "due-month": "4", "due-year": "2026"}
    answer = browser.post(url, data=form | {"csrf_token": _csrf(browser, url)})
    assert answer.status_code == 400 and "There is a problem" in answer.text
    assert '<a href="#text">Enter what must be done</a>' in answer.text
    assert '<a href="#owner_id">There is no worker NOBODY in the data</a>' in answer.text
    # 31 April is no date: GOV.UK's message, the day box marked, what was typed kept.
    assert '<a href="#due">The date the action is due must be a real date</a>' in answer.text
    assert 'name="due-day" type="text" value="31"' in answer.text.replace(' inputmode="numeric"', "")
    assert _actions(engine).height == before


def test_a_director_sets_a_target_and_the_plan_shows_it(plan: tuple[Engine, str]) -> None:
    engine, plan_id = plan
    evidence_id = f"{plan_id}-P1-E1"  # WF02, workers over their caseload cap
    browser = client(engine, DIRECTOR)
    url = f"/plans/{plan_id}/evidence/{evidence_id}/target"
    assert f'href="{url}"' in browser.get(f"/plans/{plan_id}").text
    form = {"target": "2", "target_date-day": "31", "target_date-month": "12", "target_date-year": "2026"}
    saved = browser.post(url, data=form | {"csrf_token": _csrf(browser, url)}, follow_redirects=False)
    assert saved.status_code == 303
    row = store.read_table(engine, "priority_evidence").filter(pl.col("evidence_id") == evidence_id)
    assert row["target_value"].to_list() == [2.0] and row["target_date"].to_list() == [dt.date(2026, 12, 31)]
    assert "by 31 December 2026" in browser.get(f"/plans/{plan_id}").text
    # The form shows the target there now is, ready to change.
    again = browser.get(url).text
    assert 'name="target" type="text" value="2"' in again.replace(' inputmode="decimal"', "").replace(
        ' spellcheck="false"', ""
    )


def test_a_target_dated_before_the_plan_or_not_a_number_is_refused(plan: tuple[Engine, str]) -> None:
    engine, plan_id = plan
    evidence_id = f"{plan_id}-P1-E1"
    before = store.read_table(engine, "priority_evidence").filter(pl.col("evidence_id") == evidence_id)
    browser = client(engine, DIRECTOR)
    url = f"/plans/{plan_id}/evidence/{evidence_id}/target"
    token = _csrf(browser, url)
    dated = {"target_date-day": "1", "target_date-month": "9", "target_date-year": "2025"}
    early = browser.post(url, data={"target": "2", "csrf_token": token} | dated)
    assert early.status_code == 400
    assert "The target date must be after the plan&#39;s start" in early.text
    words = browser.post(url, data={"target": "two", "csrf_token": token} | dated | {"target_date-year": ""})
    assert words.status_code == 400
    assert "The target must be a number, like 12.5" in words.text
    assert "The target date must include a year" in words.text
    after = store.read_table(engine, "priority_evidence").filter(pl.col("evidence_id") == evidence_id)
    assert after.equals(before)


@pytest.mark.parametrize(
    "who", [QA, Viewer("hos", "head_of_service"), Viewer("sw", "social_worker", worker_id="W1")]
)
def test_only_a_director_may_change_a_plan(plan: tuple[Engine, str], who: Viewer) -> None:
    engine, plan_id = plan
    before = _actions(engine).height
    browser = client(engine, who)
    assert browser.get(f"/plans/{plan_id}/priorities/1/actions/new").status_code == 403
    assert browser.get(f"/plans/{plan_id}/evidence/{plan_id}-P1-E1/target").status_code == 403
    assert "Add an action" not in browser.get(f"/plans/{plan_id}").text
    answer = browser.post(
        f"/api/plans/{plan_id}/priorities/1/actions", json={"text": "x", "due": "2026-04-30"}
    )
    assert answer.status_code == 403 and _actions(engine).height == before


def test_a_missing_priority_or_evidence_is_not_found(plan: tuple[Engine, str]) -> None:
    engine, plan_id = plan
    browser = client(engine, DIRECTOR)
    assert browser.get(f"/plans/{plan_id}/priorities/99/actions/new").status_code == 404
    assert browser.get(f"/plans/{plan_id}/evidence/PLAN-other-P1-E1/target").status_code == 404


def test_the_json_twins_add_an_action_and_set_a_target_or_say_every_problem(
    plan: tuple[Engine, str],
) -> None:
    engine, plan_id = plan
    owner = _worker(engine)
    before = _actions(engine).height
    browser: TestClient = client(engine, DIRECTOR)
    made = browser.post(
        f"/api/plans/{plan_id}/priorities/3/actions",
        json={"text": "Review every plan over 6 months", "owner_id": owner, "due": "2026-05-15"},
    )
    assert made.status_code == 201 and made.json()["priority_id"] == f"{plan_id}-P3"
    refused = browser.post(
        f"/api/plans/{plan_id}/priorities/3/actions", json={"text": "", "due": "15/05/2026"}
    )
    assert refused.status_code == 400
    assert {p["field"] for p in refused.json()["problems"]} == {"text", "due"}
    assert _actions(engine).height == before + 1
    target = browser.post(
        f"/api/plans/{plan_id}/evidence/{plan_id}-P1-E1/target",
        json={"target": 1.5, "target_date": "2026-09-30"},
    )
    assert target.json() == {"evidence_id": f"{plan_id}-P1-E1", "target": 1.5, "target_date": "2026-09-30"}
    twin = browser.get(f"/api/plans/{plan_id}").json()
    assert twin["priorities"][0]["evidence"][0]["target"] == 1.5
