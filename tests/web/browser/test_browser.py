"""The web app in a real browser: each role signs in and sees what it may, and is refused what it may
not; a measure leads to its children and a child's journey; a bad upload shows the error summary; and
axe-core finds no serious accessibility problem on any page. Screenshots of each page are kept in
test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import Site, screenshot, serious_accessibility_problems, sign_in

# The service navigation each role sees (web.app.nav_items).
ASSURANCE = ["Audits", "Plans", "Self-evaluation"]
NAVIGATION = {
    "social_worker": ["Overview", "My work", "Find a child"],
    "team_manager": ["Overview", "Teams", "Find a child"],
    "head_of_service": ["Overview", "Teams", "Find a child", "Data", *ASSURANCE],
    "director": ["Overview", "Teams", "Find a child", "Data", *ASSURANCE, "Access log", "Accounts"],
    "analyst": ["Overview", "Data"],
    "auditor": ["Overview", "Find a child", "Data", *ASSURANCE],
    "quality_assurance": ["Overview", "Teams", "Find a child", *ASSURANCE],
}


def navigation(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".govuk-service-navigation__item").all_inner_texts()]


def check_accessible(page: Page) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"


# Where each role lands on signing in: where its work is (web.auth.home_of).
LANDS = {
    "social_worker": "My work",
    "team_manager": None,  # their team's page, headed by the team's name
    "head_of_service": "Overview",
    "director": "Overview",
    "analyst": "Data",
    "auditor": "Overview",
    "quality_assurance": "Case audits",
}


@pytest.mark.parametrize("role", list(NAVIGATION))
def test_each_role_signs_in_to_where_its_work_is_and_sees_only_its_pages(
    page: Page, site: Site, role: str
) -> None:
    user = sign_in(page, site, role)
    if role == "team_manager":
        assert page.url.endswith(f"/teams/{user.team_id}")
    else:
        expect(page.locator("h1")).to_contain_text(str(LANDS[role]))
    assert f"Signed in as {user.username}" in page.inner_text("body")
    assert navigation(page) == NAVIGATION[role]
    screenshot(page, f"landing-{role}")
    check_accessible(page)


@pytest.mark.parametrize("width", [375, 1280])
def test_my_work_and_the_team_page_read_well_on_a_phone_and_a_desktop(
    page: Page, site: Site, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site, "social_worker")
    for heading in ("Your actions this week", "Others’ actions about your children", "Standing concerns"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    screenshot(page, f"my-work-{width}")
    check_accessible(page)
    # Finding one of their children by identifier leads to the child.
    child = page.locator("main table a[href^='/children/']").first.inner_text()
    page.goto(f"{site.url}/search")  # on a phone the navigation is behind its Menu button
    page.get_by_label("Child’s identifier or name").fill(child)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=child, exact=True)).to_be_visible()
    screenshot(page, f"search-{width}")
    check_accessible(page)
    page.context.clear_cookies()
    user = sign_in(page, site, "team_manager")
    assert page.url.endswith(f"/teams/{user.team_id}")
    expect(page.get_by_role("table", name="Alerts in this team, by alert")).to_be_visible()
    screenshot(page, f"team-{width}")
    check_accessible(page)
    # Each alert's line shows that alert alone.
    page.locator("a[href*='&alert=']").first.click()
    expect(page.get_by_text("Show every alert")).to_be_visible()
    check_accessible(page)


def test_a_social_worker_sees_their_work_and_is_refused_another_team(page: Page, site: Site) -> None:
    user = sign_in(page, site, "social_worker")
    page.goto(f"{site.url}/my-work")
    expect(page.locator("h1")).to_contain_text("My work")
    screenshot(page, "my-work")
    check_accessible(page)
    # Their own child opens; the page is the child's journey.
    first_child = page.locator("a[href^='/children/']").first
    first_child.click()
    expect(page.get_by_role("heading", name=re.compile("Timeline"))).to_be_visible()
    screenshot(page, "child")
    check_accessible(page)
    # A team page is for managers.
    response = page.goto(f"{site.url}/teams/{user.team_id}")
    assert response is not None and response.status == 403


def test_a_child_not_on_a_social_worker_s_caseload_is_refused_and_the_refusal_logged(
    page: Page, site: Site
) -> None:
    user = sign_in(page, site, "social_worker")
    response = page.goto(f"{site.url}/children/{site.other_child}")
    assert response is not None and response.status == 403
    page.context.clear_cookies()
    sign_in(page, site, "director")
    page.goto(f"{site.url}/access-log?child={site.other_child}")
    rows = page.locator("main table tbody tr").all_inner_texts()
    assert any(user.username in row and "refused" in row.lower() for row in rows), rows


def test_a_team_manager_sees_their_team(page: Page, site: Site) -> None:
    user = sign_in(page, site, "team_manager")
    response = page.goto(f"{site.url}/teams/{user.team_id}")
    assert response is not None and response.status == 200
    headings = page.locator("main h2").all_inner_texts()
    for heading in ("Alerts", "Caseloads against caps", "Supervision due", "Unallocated children"):
        assert heading in headings, headings
    # Another team is refused.
    others = page.goto(f"{site.url}/teams/T-NOT-MINE")
    assert others is not None and others.status in (403, 404)
    screenshot(page, "team")
    check_accessible(page)


def test_a_director_follows_a_measure_to_its_children_and_a_child_s_journey(page: Page, site: Site) -> None:
    sign_in(page, site, "director")
    page.locator("a[href='/measures/CP04']").first.click()
    expect(page.locator("h1")).to_contain_text("CP04")
    assert page.locator(".lineofsight-chart svg").count() >= 1
    screenshot(page, "measure")
    check_accessible(page)
    page.locator("a[href^='/children/']").first.click()
    expect(page.get_by_role("heading", name=re.compile("Timeline"))).to_be_visible()
    # The director's view of that child is in the access log.
    page.goto(f"{site.url}/access-log")
    expect(page.locator("h1")).to_contain_text("Access log")
    assert "child" in page.inner_text("main")
    screenshot(page, "access-log")
    check_accessible(page)


def test_an_analyst_uploads_a_bad_file_and_reads_the_error_summary(page: Page, site: Site) -> None:
    sign_in(page, site, "analyst")
    page.goto(f"{site.url}/data")
    screenshot(page, "data")
    check_accessible(page)
    page.get_by_label("CIN census").check()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "census.xml", "mimeType": "text/xml", "buffer": b"not xml at all"}],
    )
    page.get_by_role("button", name=re.compile("Load|Upload")).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("census.xml")
    screenshot(page, "data-error")
    check_accessible(page)


def test_an_analyst_sees_aggregates_but_no_child(page: Page, site: Site) -> None:
    sign_in(page, site, "analyst")
    page.goto(f"{site.url}/measures/CP04")
    assert page.locator("a[href^='/children/']").count() == 0
    response = page.goto(f"{site.url}/children/C000001")
    assert response is not None and response.status == 403


def test_a_director_disables_a_leaver_on_the_accounts_page(page: Page, site: Site) -> None:
    sign_in(page, site, "director")
    page.get_by_role("link", name="Accounts", exact=True).click()
    expect(page.locator("h1")).to_have_text("Accounts")
    check_accessible(page)
    screenshot(page, "accounts")
    page.get_by_role("link", name="auditor", exact=True).click()
    expect(page.locator("h1")).to_have_text("Account auditor")
    page.get_by_role("button", name="Disable account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The account is disabled")
    check_accessible(page)
    screenshot(page, "account")
    page.get_by_role("button", name="Enable account").click()  # as it was, for the other tests
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The account is enabled")
    page.get_by_role("link", name="Remove account").click()
    expect(page.locator("h1")).to_contain_text("Are you sure you want to remove the account auditor?")
    check_accessible(page)
    page.goto(f"{site.url}/account-changes")
    expect(page.locator("table")).to_contain_text("disabled")
    check_accessible(page)


def test_pages_and_the_api_documentation_work_under_the_content_security_policy(
    page: Page, site: Site
) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    sign_in(page, site, "director")
    for path in ("/", "/measures/CF02", f"/children/{site.other_child}", "/data", "/accounts"):
        page.goto(f"{site.url}{path}")
        # GOV.UK's inline script ran (by its nonce) and its modules started (from our own file).
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), path
    page.goto(f"{site.url}/sign-in")  # signed in: goes on to the overview
    page.goto(f"{site.url}/api/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
    screenshot(page, "api-docs")
    assert [text for text in refused if "Content Security Policy" in text or "Refused" in text] == []
