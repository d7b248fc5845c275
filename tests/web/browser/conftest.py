"""The web app served for real (uvicorn on loopback) over a small synthetic council, with one account
per role, and Debian's headless Chromium driven by Playwright.

The browser is always `/usr/bin/chromium` (the Debian package `make test` installs), never one that
Playwright downloads. Screenshots of every page go to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from lineofsight import accounts, store, synth
from lineofsight.accounts import DemoUser
from lineofsight.settings import Settings
from lineofsight.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
END = dt.date(2026, 3, 31)


@dataclass(frozen=True)
class Site:
    url: str
    users: dict[str, DemoUser]  # by role
    other_child: str  # a child allocated to another team's worker at the end: not the social worker's
    get_routes: frozenset[str]  # the paths of the app's GET routes (`/teams/{team_id}`)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_paths(routes: Sequence[Any]) -> Iterator[str]:
    """The paths of the GET routes, those of included routers too (which FastAPI keeps as the
    router included, under `original_router`)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from get_paths(included.routes)
        elif "GET" in (getattr(route, "methods", None) or ()):
            yield str(route.path)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    path = tmp_path_factory.mktemp("browser") / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    synth.generate(engine, "stable", seed=3, years=1, end=END, population=2000)
    users = {user.role: user for user in accounts.demo_users(engine, END)}
    allocations = store.read_table(engine, "allocations").filter(
        (pl.col("allocation_start_date") <= END)
        & (pl.col("allocation_end_date").is_null() | (pl.col("allocation_end_date") >= END))
    )
    mine = set(allocations.filter(pl.col("worker_id") == users["social_worker"].worker_id)["person_id"])
    others = allocations.filter(
        (pl.col("team_id") != users["social_worker"].team_id) & ~pl.col("person_id").is_in(list(mine))
    )
    other_child = str(others.sort("person_id")["person_id"][0])
    app = create_app(engine, Settings(), secret="a-test-secret-that-is-long-enough-1234567890")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web app did not start within 30 seconds")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", users, other_child, frozenset(get_paths(app.routes)))
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make browser` (make test does)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Page, site: Site, role: str) -> DemoUser:
    user = site.users[role]
    page.goto(f"{site.url}/sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return user


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"))  # what a reader sees first
    return path


def serious_accessibility_problems(page: Page) -> list[str]:
    """axe-core (from npm) run on the page: the rules broken at 'serious' or 'critical' impact."""
    assert AXE.exists(), "axe-core is missing: run `make assets` (make test does)"
    # Evaluated by the browser's tools, not added as a <script>: the pages' Content-Security-Policy
    # refuses inline scripts, as it should.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
