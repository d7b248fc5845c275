"""Assurance in a real browser: a quality-assurance lead records a case audit through the form (the
error summary first, then the audit), and a director starts the DfE's example plan and reads its
progress and the self-evaluation; axe-core finds no serious accessibility problem on any of them."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lineofsight.assurance.areas import AREA_KEYS
from tests.web.browser.conftest import Site, screenshot, sign_in
from tests.web.browser.test_browser import check_accessible


def test_a_qa_lead_records_a_case_audit_one_question_a_page(page: Page, site: Site) -> None:
    sign_in(page, site, "quality_assurance")
    worker = site.users["social_worker"].worker_id
    assert worker is not None
    page.goto(f"{site.url}/audits")
    check_accessible(page)
    page.get_by_role("button", name="Record a case audit").click()
    expect(page.locator("h1")).to_contain_text("Whose file, who audited it, and when")
    check_accessible(page)
    # Sent empty: every problem on the page at once, each linked to its field.
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter the date of the audit")
    screenshot(page, "audit-step-errors")
    check_accessible(page)
    page.get_by_label("Child's identifier").fill(site.other_child)
    page.get_by_label("Auditor (worker identifier)").fill(worker)
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save and continue").click()
    # One page for each area; the auditor leaves after the first and comes back from the Audits page.
    expect(page.locator("h1")).to_contain_text("The child's experiences and progress")
    check_accessible(page)
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("What the file shows").fill("What the file shows about experiences.")
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"{site.url}/audits")
    page.get_by_role("link", name=re.compile(f"Child {site.other_child}")).click()
    expect(page.locator("h1")).to_contain_text("Seen, and seen alone")
    for area in AREA_KEYS[1:]:
        page.locator(f"input[name='{area}_grade'][value='good']").check()
        page.get_by_label("What the file shows").fill(f"What the file shows about {area}.")
        page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_contain_text("The file as a whole")
    page.get_by_label("Requires improvement").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_contain_text("Actions")
    check_accessible(page)
    page.get_by_label("What must be done").fill("See the child alone at school")
    page.get_by_label("Whose action (worker identifier)").fill(worker)
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add this action").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("See the child alone at school")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("Check your answers before saving the audit")
    screenshot(page, "audit-check")
    check_accessible(page)
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The audit is saved")
    expect(page.locator("h1")).to_contain_text(f"Child {site.other_child}: Requires improvement")
    expect(page.locator("body")).to_contain_text("See the child alone at school")
    screenshot(page, "audit")
    check_accessible(page)


def test_a_director_adds_an_action_and_sets_a_target_through_the_plan_forms(page: Page, site: Site) -> None:
    sign_in(page, site, "director")
    page.goto(f"{site.url}/plans")
    page.get_by_role("button", name=re.compile("nine escalation measures")).click()
    expect(page.locator("h1")).to_contain_text("DfE escalation measures")
    page.get_by_role("link", name="Add an action to priority 1").click()
    expect(page.locator("h1")).to_contain_text("Add an action")
    check_accessible(page)
    page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what must be done")
    expect(summary).to_contain_text("Enter the date the action is due")
    screenshot(page, "plan-action-errors")
    check_accessible(page)
    page.get_by_label("What must be done").fill("Cap every caseload at 18 children")
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("h1")).to_contain_text("DfE escalation measures")
    expect(page.locator("body")).to_contain_text(
        "Cap every caseload at 18 children: no owner, due 30 June 2026"
    )
    page.get_by_role("link", name=re.compile("target for WF02")).first.click()
    expect(page.locator("h1")).to_contain_text("Set the target")
    check_accessible(page)
    page.get_by_label("Target").fill("1")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save the target").click()
    expect(page.locator("body")).to_contain_text("by 31 December 2026")
    screenshot(page, "plan-after-forms")
    check_accessible(page)
    page.get_by_role("link", name="The scrutiny briefing").click()
    expect(page.locator("h1")).to_contain_text("scrutiny briefing")
    screenshot(page, "briefing")
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
