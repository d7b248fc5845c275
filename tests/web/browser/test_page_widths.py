"""Every page fits a phone (375 px wide) and a desktop (1280 px): the page itself never scrolls
sideways; a wide table scrolls within its own box (`templates/partials/table.html`).

The pages are listed by the role that opens them, with the route's own placeholders. Two checks keep
the list whole: every page route of the app must be in it, and every link of each role's navigation
must be among that role's pages. Each role signs in once; its pages are visited at both widths in
the same signed-in tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.conftest import Site, screenshot, sign_in

WIDTHS = (375, 1280)

# The pages a person reads, by the role that opens them ("nobody": not signed in). WF03's table of
# workers once overflowed even at 1280 px.
PAGES: dict[str, tuple[str, ...]] = {
    "nobody": ("/sign-in",),
    "social_worker": (
        "/my-work",
        "/",
        "/search",
        "/search?q={child_id}",
        "/children/{child_id}",
    ),
    "team_manager": ("/teams/{team_id}", "/teams", "/search", "/children/{child_id}", "/"),
    "head_of_service": ("/", "/teams", "/search", "/data", "/audits", "/plans", "/self-evaluation"),
    "director": (
        "/",
        "/measures/{code}",
        "/measures/CP04",
        "/teams",
        "/teams/{team_id}",
        "/children/{child_id}",
        "/search",
        "/data",
        "/data/loads/{load_id}",
        "/access-log",
        "/accounts",
        "/accounts/{username}",
        "/accounts/{username}/remove",
        "/account-changes",
        "/audits",
        "/audits/{audit_id}",
        "/moderation",
        "/plans",
        "/plans/{plan_id}",
        "/plans/{plan_id}/priorities/{number}/actions/new",
        "/plans/{plan_id}/evidence/{evidence_id}/target",
        "/plans/import",
        "/briefing",
        "/self-evaluation",
    ),
    "analyst": ("/data", "/", "/measures/{code}"),
    "auditor": ("/", "/search", "/data", "/audits", "/plans", "/self-evaluation"),
    "quality_assurance": (
        "/audits",
        "/audits/new",
        "/audits/drafts/{draft_id}/child",
        "/audits/drafts/{draft_id}/area/{area}",
        "/audits/drafts/{draft_id}/overall",
        "/audits/drafts/{draft_id}/actions",
        "/audits/drafts/{draft_id}/check",
        "/audits/{audit_id}/moderate",
        "/moderation",
        "/teams",
        "/search",
        "/plans",
        "/self-evaluation",
        "/",
    ),
}
# Routes that answer a file or data, not a page to read: downloads, JSON, the API's own documentation
# (Swagger's page, checked in test_browser.py), and the static files.
NOT_PAGES = re.compile(r"/api(/.*)?|.*\.(csv|pdf|json)|/static.*|/assets.*|/swagger-ui.*")
PHONE_SCREENSHOTS = {
    "/": "phone-overview",
    "/measures/{code}": "phone-measure",
    "/children/{child_id}": "phone-child",
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_page_of_the_app_is_in_the_list_of_pages_checked_at_both_widths(site: Site) -> None:
    pages = {path for path in site.get_routes if not NOT_PAGES.fullmatch(path)}
    listed = {path.split("?")[0] for paths in PAGES.values() for path in paths}
    assert pages - listed == set()
    assert "/teams/{team_id}" in pages  # the routes are read as declared, placeholders and all


def first_link(page: Page, url: str, pattern: str) -> str:
    """The first link on the page at `url` whose address matches `pattern`, as its last part."""
    page.goto(url)
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        found = re.fullmatch(pattern, href.split("?")[0])
        if found:
            return found.group(1)
    raise AssertionError(f"no link like {pattern} on {url}")


def filled(page: Page, site: Site, role: str, path: str) -> str:
    """The path with its placeholders filled in from what the role itself can see."""
    values: dict[str, str] = {}
    for name in PLACEHOLDER.findall(path):
        if name == "child_id":
            home = {"social_worker": "/my-work", "team_manager": f"/teams/{site.users[role].team_id}"}
            mine = site.url + home.get(role, "")
            values[name] = first_link(page, mine, r"/children/([^/]+)") if role in home else site.other_child
        elif name == "team_id":
            values[name] = str(site.users["team_manager"].team_id)
        elif name == "code":
            values[name] = "WF03"
        elif name == "username":
            values[name] = "auditor"
        elif name == "audit_id":
            values[name] = first_link(page, f"{site.url}/audits", r"/audits/(?!new$)([^/]+)")
        elif name == "plan_id":
            values[name] = first_link(page, f"{site.url}/plans", r"/plans/([^/]+)")
        elif name == "load_id":
            values[name] = first_link(page, f"{site.url}/data", r"/data/loads/([^/.]+)")
        elif name == "number":
            values[name] = "1"  # the plan's first priority
        elif name == "evidence_id":
            plan = first_link(page, f"{site.url}/plans", r"/plans/([^/]+)")
            values[name] = first_link(
                page, f"{site.url}/plans/{plan}", rf"/plans/{plan}/evidence/([^/]+)/target"
            )
        elif name == "draft_id":
            values[name] = a_draft(page, site)
        elif name == "area":
            values[name] = "experiences"  # the first area audits grade
        else:
            raise AssertionError(f"no value for {{{name}}} in {path}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], path)


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    yield context.new_page()
    context.close()


def overflow(page: Page) -> int:
    """How far the page is wider than the window, in pixels (0: it fits)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return width


@pytest.mark.parametrize("role", list(PAGES))
def test_each_role_s_pages_fit_a_phone_and_a_desktop_without_scrolling_sideways(
    tab: Page, site: Site, role: str
) -> None:
    if role != "nobody":
        sign_in(tab, site, role)
        navigation = tab.locator(".govuk-service-navigation__item a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert set(navigation) - set(PAGES[role]) == set(), "a page of the navigation is not checked"
    if role == "director":
        ensure_a_load(tab, site)
    too_wide = []
    for path in PAGES[role]:
        url = site.url + filled(tab, site, role, path)
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 800})
            response = tab.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            if overflow(tab) > 0:
                too_wide.append(f"{path} at {width} px: {overflow(tab)} px too wide")
            if width == WIDTHS[0] and role == "director" and path in PHONE_SCREENSHOTS:
                screenshot(tab, PHONE_SCREENSHOTS[path])
    assert too_wide == []


def a_draft(page: Page, site: Site) -> str:
    """An audit not yet saved, begun by the quality-assurance lead on the first page if none is."""
    page.goto(f"{site.url}/audits")
    links = page.locator("main a[href^='/audits/drafts/']")
    if not links.count():
        page.goto(f"{site.url}/audits/new")
        page.get_by_label("Child's identifier").fill(site.other_child)
        page.get_by_label("Auditor (worker identifier)").fill(str(site.users["social_worker"].worker_id))
        page.get_by_label("Day").fill("20")
        page.get_by_label("Month").fill("3")
        page.get_by_label("Year").fill("2026")
        page.get_by_role("button", name="Save and continue").click()
        page.goto(f"{site.url}/audits")
    found = re.search(r"/audits/drafts/([^/]+)/", links.first.get_attribute("href") or "")
    assert found is not None, "no draft on the Audits page"
    return found.group(1)


def ensure_a_load(page: Page, site: Site) -> None:
    """A load to show on the load's own page: a census that is not XML, recorded as refused."""
    page.goto(f"{site.url}/data")
    if page.locator("main a[href^='/data/loads/']:not([href$='.csv'])").count():
        return
    page.get_by_label("CIN census").check()
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "census.xml", "mimeType": "text/xml", "buffer": b"not xml at all"}],
    )
    page.get_by_role("button", name=re.compile("Load|Upload")).click()
    page.goto(f"{site.url}/data")


# The pictures (item 8): each page's picture, by the selector of its image.
PICTURES = {
    "/": (".lineofsight-proportions", ".lineofsight-sparkline"),
    "/measures/AS01": ("#teams + .lineofsight-chart svg", "#trend + .lineofsight-chart svg"),
    "/children/{child_id}": (".lineofsight-timeline svg",),
}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pictures_are_drawn_within_the_page_at_a_phone_and_a_desktop_width(
    tab: Page, site: Site, width: int
) -> None:
    sign_in(tab, site, "director")
    tab.set_viewport_size({"width": width, "height": 800})
    for path, selectors in PICTURES.items():
        tab.goto(site.url + path.replace("{child_id}", site.other_child))
        for selector in selectors:
            picture = tab.locator(selector).first
            expect(picture).to_be_visible()
            assert picture.get_attribute("role") == "img", (path, selector)
            assert (picture.get_attribute("aria-label") or "").strip(), (path, selector)
            box = picture.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, (path, selector)
            # A sparkline is in its table's row, which scrolls within its own box on a phone.
            if not picture.evaluate("image => image.closest('.lineofsight-table-scroll') !== null"):
                assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, selector, box)
        assert overflow(tab) <= 0, path
        screenshot(tab, f"pictures-{(path.strip('/').split('/')[0] or 'overview')}-{width}")
