"""A director makes a plan from an Ofsted report on the web: upload it, check what was read and
proposed, untick what does not belong, save; a file that is not a report is refused in one line
with nothing saved; only a director may; the JSON twin says what the CLI's --json says."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.assurance import ofsted, report_upload
from lineofsight.settings import Settings
from lineofsight.synth import generate
from lineofsight.web.auth import Viewer
from tests.assurance.conftest import CONTEXT
from tests.web.conftest import client
from tests.web.test_assurance_pages import DIRECTOR, QA, _csrf

END = dt.date(2026, 3, 31)
INSPECTION = CONTEXT / "000_607ff838f21db846.txt"


@pytest.fixture
def council(engine: Engine) -> Engine:
    generate(engine, "stretched", seed=2, years=1, end=END, population=1500)
    return engine


def _upload(browser: TestClient, name: str, raw: bytes) -> Any:
    token = _csrf(browser, "/plans/import")
    return browser.post("/plans/import", data={"csrf_token": token}, files={"report": (name, raw)})


def _review_form(page: str) -> dict[str, list[str]]:
    """The review form's fields as the browser would send them, every box ticked as shown."""
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name is None or value is None or ('type="checkbox"' in tag and "checked" not in tag):
            continue
        fields.setdefault(name.group(1), []).append(html.unescape(value.group(1)))
    return fields


def _plans(engine: Engine) -> int:
    return store.read_table(engine, "improvement_plans").height


def test_a_director_uploads_the_inspection_checks_the_proposal_and_saves_it(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    assert 'href="/plans/import"' in browser.get("/plans").text
    answer = _upload(browser, "inspection.txt", INSPECTION.read_bytes())
    assert answer.status_code == 200
    page = answer.text
    report = ofsted.read_report(INSPECTION)
    assert "Check the proposed plan" in page and str(report.council) in page
    for judgement in report.judgements:
        assert judgement.title in page
    assert page.count('name="point"') == 9 and "Matched because it says" in page
    form = _review_form(page)
    assert form["point"] == [str(n) for n in range(1, 10)]
    # Leave out the second point, and the first point's first match.
    form["point"].remove("2")
    form["match"].remove("1-1")
    before = _plans(council)
    saved = browser.post("/plans/import/save", data=form, follow_redirects=False)
    assert saved.status_code == 303
    plan_id = saved.headers["location"].removeprefix("/plans/")
    assert _plans(council) == before + 1
    twin = browser.get(f"/api/plans/{plan_id}").json()
    proposed = ofsted.propose(report, END, Settings())
    assert len(twin["priorities"]) == 8
    assert twin["priorities"][1]["text"] == proposed[2].point
    first = [(e["kind"], e["code"]) for e in twin["priorities"][0]["evidence"]]
    assert first == [(e.kind, e.code) for e in proposed[0].priority.evidence[1:]]
    assert twin["plan"]["plan_owner"] == "boss" and "North East Lincolnshire" in twin["plan"]["plan_title"]


def test_unticking_every_point_saves_nothing_and_says_so(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    form = _review_form(_upload(browser, "inspection.txt", INSPECTION.read_bytes()).text)
    del form["point"]
    before = _plans(council)
    answer = browser.post("/plans/import/save", data=form)
    assert answer.status_code == 400
    assert '<a href="#point-1">Tick at least one point to make a plan of it</a>' in answer.text
    assert _plans(council) == before
    # What was unticked stays unticked; the matches stay as they were.
    again = _review_form(answer.text)
    assert "point" not in again and again["match"] == form["match"]


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        (
            "minutes.docx",
            b"PK\x03\x04",
            "minutes.docx: choose a report saved as text (.txt) or as a PDF (.pdf)",
        ),
        ("report.pdf", b"%PDF-1.7 not really", "report.pdf: is not a PDF that can be read"),
        ("empty.txt", b"", "empty.txt: the file is empty"),
    ],
)
def test_a_file_that_is_not_a_report_is_refused_in_one_line(
    council: Engine, name: str, raw: bytes, reason: str
) -> None:
    answer = _upload(client(council, DIRECTOR), name, raw)
    assert answer.status_code == 400 and "There is a problem" in answer.text
    assert html.unescape(answer.text).count(reason) == 2  # the summary and the field


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    council: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_upload, "MAX_UPLOAD_BYTES", 64 * 1024)
    # Over the limit and the room a form's other fields take (64 KB): refused from its length.
    answer = _upload(client(council, DIRECTOR), "big.txt", b"x" * 200 * 1024)
    assert answer.status_code == 413 and "over the" in answer.text


@pytest.mark.parametrize("who", [QA, Viewer("hos", "head_of_service"), Viewer("a", "analyst")])
def test_only_a_director_makes_a_plan_from_a_report(council: Engine, who: Viewer) -> None:
    browser = client(council, who)
    assert browser.get("/plans/import").status_code == 403
    token = _csrf(client(council, DIRECTOR), "/plans/import")  # a session's token is its own
    refused = browser.post("/plans/import/save", data={"text": "x", "point": "1", "csrf_token": token})
    assert refused.status_code == 403


def test_the_json_twin_says_what_the_cli_s_json_says(council: Engine) -> None:
    browser = client(council, DIRECTOR)
    token = _csrf(browser, "/plans/import")
    answer = browser.post(
        "/api/plans/import",
        files={"report": ("inspection.txt", INSPECTION.read_bytes())},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 200
    report = ofsted.read_report(INSPECTION)
    expected = [p.as_json() for p in ofsted.propose(report, END, Settings())]
    assert answer.json()["proposed"] == expected
    assert answer.json()["report"]["council"] == report.council


def test_a_long_report_comes_back_from_the_review_whole(council: Engine) -> None:
    # The inspection with an annex of 100 KB more: more than any other form here may send (64 KB),
    # which the review's own limit allows, so the plan is saved from the whole text.
    annex = "\n\nAnnex\n" + "\n".join(
        f"Paragraph {n} of the annex, which says nothing to act on." for n in range(2000)
    )
    raw = INSPECTION.read_bytes() + annex.encode("utf-8")
    assert len(raw) > 100 * 1024
    browser = client(council, DIRECTOR)
    form = _review_form(_upload(browser, "long.txt", raw).text)
    saved = browser.post("/plans/import/save", data=form, follow_redirects=False)
    assert saved.status_code == 303
    twin = browser.get(saved.headers["location"].replace("/plans/", "/api/plans/")).json()
    assert len(twin["priorities"]) == 9


def test_what_the_report_does_not_say_is_flagged_to_check_by_hand(council: Engine) -> None:
    letter = (
        b"Dear Director\n\nAreas for improvement:\n"
        b"1. The timeliness of initial child protection conferences.\n"
    )
    page = _upload(client(council, DIRECTOR), "letter.txt", letter).text
    assert "Not found in the report: the council&#39;s name. Check it by hand." in page
    assert "Not found in the report: the dates of the inspection or visit. Check it by hand." in page
    assert (
        page.count('name="point"') == 1 and "The timeliness of initial child protection conferences" in page
    )
