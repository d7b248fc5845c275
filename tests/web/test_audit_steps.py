"""Recording an audit one question a page: each page kept as a draft, so that the auditor can leave
(the draft is on the Audits page) and come back; a page with a problem says so and keeps nothing of
it; the answers are checked, changed from the check page, and saved with the one-page form's checks;
a draft is only its author's."""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.assurance import audit_drafts
from lineofsight.assurance.areas import AREA_KEYS
from lineofsight.synth import generate
from lineofsight.web.auth import Viewer
from tests.web.conftest import Seen, client
from tests.web.test_assurance_pages import DIRECTOR, END, QA, _csrf, _people


@pytest.fixture
def council(engine: Engine) -> Engine:
    generate(engine, "stretched", seed=2, years=1, end=END, population=1500)
    return engine


START = {"audit_date-day": "20", "audit_date-month": "3", "audit_date-year": "2026"}


def _drafts(engine: Engine) -> pl.DataFrame:
    return store.read_table(engine, "audit_drafts")


def _post(browser: TestClient, url: str, form: dict[str, str]) -> Any:
    return browser.post(
        url, data=form | {"csrf_token": _csrf(browser, "/audits/new")}, follow_redirects=False
    )


def _begin(browser: TestClient, child: str, auditor: str) -> str:
    answer = _post(browser, "/audits/drafts", {"child_id": child, "auditor_id": auditor} | START)
    assert answer.status_code == 303
    location = answer.headers["location"]
    found = re.fullmatch(r"/audits/drafts/(DRAFT-\w+)/area/experiences", location)
    assert found is not None, location
    return found.group(1)


def _areas(browser: TestClient, draft: str, keys: tuple[str, ...] = AREA_KEYS) -> None:
    for key in keys:
        url = f"/audits/drafts/{draft}/area/{key}"
        done = _post(
            browser, url, {f"{key}_grade": "good", f"{key}_finding": f"What the file shows of {key}."}
        )
        assert done.status_code == 303, key


def test_an_audit_recorded_page_by_page_is_saved_from_the_check_page(council: Engine, seen: Seen) -> None:
    child, auditor, owner = _people(council)
    browser = client(council, QA)
    first = browser.get("/audits/new")
    assert "Whose file, who audited it, and when" in first.text and "page 1 of 11" in first.text
    draft = _begin(browser, child, auditor)
    _areas(browser, draft)
    overall = _post(browser, f"/audits/drafts/{draft}/overall", {"grade": "requires_improvement"})
    assert overall.headers["location"] == f"/audits/drafts/{draft}/actions"
    action = {"text": "See the child alone at school", "owner_id": owner, "next": "add"}
    due = {"due-day": "17", "due-month": "4", "due-year": "2026"}
    added = _post(browser, f"/audits/drafts/{draft}/actions", action | due)
    assert added.headers["location"] == f"/audits/drafts/{draft}/actions"
    assert "See the child alone at school" in browser.get(f"/audits/drafts/{draft}/actions").text
    onward = _post(browser, f"/audits/drafts/{draft}/actions", {"next": "continue"})
    assert onward.headers["location"] == f"/audits/drafts/{draft}/check"
    check = browser.get(f"/audits/drafts/{draft}/check").text
    assert "Check your answers before saving the audit" in check
    assert "Requires improvement" in check and "20 March 2026" in check and "due 17 April 2026" in check
    assert (f"/audits/drafts/{draft}/check", [child]) in seen.recorded  # the check shows the child
    before = store.read_table(council, "case_audits").height
    saved = _post(browser, f"/audits/drafts/{draft}/check", {})
    assert saved.status_code == 303
    audit_id = saved.headers["location"].removeprefix("/audits/").removesuffix("?saved=yes")
    assert store.read_table(council, "case_audits").height == before + 1
    assert draft not in _drafts(council)["draft_id"].to_list()
    twin = browser.get(f"/api/audits/{audit_id}").json()
    assert twin["audit"]["audit_grade"] == "requires_improvement"
    assert len(twin["findings"]) == len(AREA_KEYS)
    assert [a["action_text"] for a in twin["actions"]] == ["See the child alone at school"]
    assert "The audit is saved" in browser.get(f"/audits/{audit_id}?saved=yes").text


def test_an_auditor_leaves_and_comes_back_to_the_page_they_reached(council: Engine) -> None:
    child, auditor, _ = _people(council)
    browser = client(council, QA)
    draft = _begin(browser, child, auditor)
    _areas(browser, draft, ("experiences", "seen"))
    audits_page = browser.get("/audits").text
    assert "Your audits not yet saved" in audits_page
    # Two pages of ten answered after the first: the link goes to the third area, the child's voice.
    assert (
        f'href="/audits/drafts/{draft}/area/voice"' in audits_page and "3 of 10 pages answered" in audits_page
    )
    page = browser.get(f"/audits/drafts/{draft}/area/seen").text
    assert 'value="good" checked' in page and "What the file shows of seen." in page
    # Another quality-assurance lead does not see it, nor may open it.
    other = client(council, Viewer("qa2", "quality_assurance"))
    assert "Your audits not yet saved" not in other.get("/audits").text
    assert other.get(f"/audits/drafts/{draft}/area/voice").status_code == 404


def test_a_page_with_a_problem_says_so_and_keeps_nothing_of_it(council: Engine) -> None:
    child, auditor, _ = _people(council)
    browser = client(council, QA)
    before = _drafts(council).height
    wrong = {"child_id": "NOBODY", "auditor_id": auditor, "audit_date-day": "31", "audit_date-month": "4"}
    answer = _post(browser, "/audits/drafts", wrong | {"audit_date-year": "2026"})
    assert answer.status_code == 400
    text = answer.text
    assert '<a href="#child">There is no child NOBODY in the data</a>' in text
    assert '<a href="#audit_date">The date of the audit must be a real date</a>' in text
    assert _drafts(council).height == before  # no draft is started from a page with a problem
    draft = _begin(browser, child, auditor)
    kept = audit_drafts.read(council, draft, "qa")
    assert kept is not None
    missing = _post(browser, f"/audits/drafts/{draft}/area/experiences", {"experiences_finding": "Seen."})
    assert missing.status_code == 400
    assert "Choose a grade for the child&#39;s experiences and progress" in missing.text
    assert audit_drafts.read(council, draft, "qa") == kept


def test_a_change_from_the_check_page_goes_back_to_it_and_saving_checks_everything_again(
    council: Engine,
) -> None:
    child, auditor, _ = _people(council)
    browser = client(council, QA)
    draft = _begin(browser, child, auditor)
    _areas(browser, draft)
    _post(browser, f"/audits/drafts/{draft}/overall", {"grade": "good"})
    _post(browser, f"/audits/drafts/{draft}/actions", {"next": "continue"})
    change = browser.get(f"/audits/drafts/{draft}/area/voice?change=check").text
    assert 'name="from" value="check"' in change
    back = _post(
        browser, f"/audits/drafts/{draft}/area/voice", {"voice_grade": "inadequate", "from": "check"}
    )
    assert back.headers["location"] == f"/audits/drafts/{draft}/check"
    assert "Inadequate" in browser.get(f"/audits/drafts/{draft}/check").text
    # The worker left since the first page: saving says so, linked to the page that asks, and keeps
    # the draft.
    found = audit_drafts.read(council, draft, "qa")
    assert found is not None
    with council.begin() as connection:
        audit_drafts.answer(connection, found, {"auditor_id": "GONE"})
    refused = _post(browser, f"/audits/drafts/{draft}/check", {})
    assert refused.status_code == 400
    assert f'<a href="/audits/drafts/{draft}/child?change=check">there is no worker GONE in the data</a>' in (
        refused.text
    )
    assert draft in _drafts(council)["draft_id"].to_list()


def test_a_draft_can_be_thrown_away(council: Engine) -> None:
    child, auditor, _ = _people(council)
    browser = client(council, QA)
    draft = _begin(browser, child, auditor)
    gone = _post(browser, f"/audits/drafts/{draft}/discard", {})
    assert gone.headers["location"] == "/audits"
    assert draft not in _drafts(council)["draft_id"].to_list()


@pytest.mark.parametrize("who", [DIRECTOR, Viewer("hos", "head_of_service"), Viewer("a", "auditor")])
def test_only_a_quality_assurance_lead_records_audits(council: Engine, who: Viewer) -> None:
    browser = client(council, who)
    assert browser.get("/audits/new").status_code == 403
    assert browser.get("/audits/drafts/DRAFT-x/check").status_code == 403
