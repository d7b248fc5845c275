"""Assurance in a real browser: a quality-assurance lead records a case audit through the form (the
error summary first, then the audit), and a director starts the DfE's example plan and reads its
progress and the self-evaluation; axe-core finds no serious accessibility problem on any of them."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lineofsight.assurance.areas import AREA_KEYS
from tests.web.browser.conftest import Site, screenshot, sign_in
from tests.web.browser.test_browser import check_accessible


def test_a_qa_lead_records_a_case_audit_through_the_form(page: Page, site: Site) -> None:
    sign_in(page, site, "quality_assurance")
    worker = site.users["social_worker"].worker_id
    assert worker is not None
    page.goto(f"{site.url}/audits")
    check_accessible(page)
    page.get_by_role("button", name="Record a case audit").click()
    expect(page.locator("h1")).to_contain_text("Record a case audit")
    check_accessible(page)
    # Sent empty: every problem at once, each linked to its field.
    page.get_by_role("button", name="Save the audit").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("enter the date of the audit")
    screenshot(page, "audit-form-errors")
    check_accessible(page)
    page.get_by_label("Child's identifier").fill(site.other_child)
    page.get_by_label("Auditor (worker identifier)").fill(worker)
    page.get_by_label("Date of the audit").fill("2026-03-20")
    for area in AREA_KEYS:
        page.locator(f"input[name='{area}_grade'][value='good']").check()
        page.locator(f"textarea[name='{area}_finding']").fill(f"What the file shows about {area}.")
    page.locator("input[name='grade'][value='requires_improvement']").check()
    page.get_by_label("What must be done").fill("See the child alone at school")
    page.get_by_label("Whose action (worker identifier)").fill(worker)
    page.get_by_label("Due by").fill("2026-04-17")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator("h1")).to_contain_text(f"Child {site.other_child}: Requires improvement")
    expect(page.locator("body")).to_contain_text("See the child alone at school")
    screenshot(page, "audit")
    check_accessible(page)


def test_a_director_starts_the_example_plan_and_reads_its_progress_and_the_self_evaluation(
    page: Page, site: Site
) -> None:
    sign_in(page, site, "director")
    page.goto(f"{site.url}/plans")
    check_accessible(page)
    page.get_by_role("button", name=re.compile("nine escalation measures")).click()
    expect(page.locator("h1")).to_contain_text("DfE escalation measures")
    expect(page.locator("h2.govuk-heading-m")).to_have_count(9)
    screenshot(page, "plan")
    check_accessible(page)
    page.get_by_role("link", name="Self-evaluation").click()
    expect(page.locator("h1")).to_contain_text("Self-evaluation")
    expect(page.locator("body")).to_contain_text("Likely grade")
    screenshot(page, "self-evaluation")
    check_accessible(page)
