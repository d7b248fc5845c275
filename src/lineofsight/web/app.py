"""The web application: server-rendered GOV.UK pages for each role, each with a JSON twin under /api/.

Pages live in `web/pages/`, one module per page or family of pages; security (sessions, sign-in,
tokens, CSRF, lockout) in `web/security.py`; who may see what in `web/auth.py`. Pages call the same
library functions as the CLI (habit 1), and read the store afresh on each request, so a load or a new
event shows without a restart.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.settings import Settings
from lineofsight.web import cache, dates, rendering, security
from lineofsight.web.auth import ROLE_NAMES, Viewer
from lineofsight.web.pages import (
    account_admin,
    accounts,
    api_docs,
    assurance,  # issue 18
    audit_steps,
    children,
    data,
    measures,
    plan_forms,
    plan_import,
    search,
    teams,
    work,
)
from lineofsight.web.pages.api_docs import SWAGGER_UI_PATH, swagger_ui_folder
from lineofsight.web.rendering import assets_folder, environment

STATIC = Path(__file__).parent / "static"


def create_app(
    engine: Engine,
    settings: Settings,
    *,
    secret: str | None = None,
    server_mode: bool = False,
    warm_measure_pages: bool = False,
    overview_in_helper: bool = False,
) -> FastAPI:
    """The application for one store and one set of settings.

    `secret` signs session cookies; in server mode (PostgreSQL, many users) a missing or default
    secret is refused rather than risked. `warm_measure_pages`: after each change of the data, the
    warming thread works out every measure's page too (`measures.warm_pages`), as `serve` asks; an
    app made for a test or a script leaves it off (55 pages of work behind every test's back).
    `overview_in_helper`: the overview's figures are worked out by a helper process of lower
    priority (`measures.overview`), as `serve` asks; a test's app works them out itself.
    """
    app = FastAPI(
        lifespan=_warm_at_startup,
        title="lineofsight",
        description=(
            "Children's social care measures, alerts and children's journeys. Every page has a JSON "
            "twin under /api/; sign in with a session or an API token (`Authorization: Bearer ...`)."
        ),
        # The documentation and the OpenAPI document are routes of our own (`pages/api_docs.py`), so
        # that they need signing in like every other route, and Swagger UI comes from our own assets.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.warm_measure_pages = warm_measure_pages
    app.state.overview_helper_url = measures.helper_url(engine) if overview_in_helper else None
    app.state.council_name = settings.council_name or CouncilData(engine).council_name()
    templates = environment()
    templates.globals["nav_items"] = nav_items
    templates.globals["role_name"] = lambda role: ROLE_NAMES.get(role, role)
    app.state.templates = templates
    security.install(app, engine, secret, server_mode)
    dates.install(app)
    for pages in (
        accounts,
        account_admin,
        api_docs,
        measures,
        teams,
        work,
        children,
        search,
        data,
        audit_steps,  # before assurance: /audits/new and /audits/drafts are not audits' ids
        plan_import,  # before assurance: /plans/import is not a plan's id
        plan_forms,  # before assurance: its /plans/... paths are more particular
        assurance,
    ):
        app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    swagger = swagger_ui_folder()
    if swagger is not None:
        app.mount(SWAGGER_UI_PATH, StaticFiles(directory=swagger), name="swagger-ui")
    assets = assets_folder()
    if assets is not None:
        app.mount("/assets", StaticFiles(directory=assets), name="assets")
    return app


SETTINGS_ENV = "LINEOFSIGHT_SETTINGS"


def from_environment() -> FastAPI:
    """The app for `lineofsight serve --workers N`: each worker process builds its own from the
    environment the command sets ($LINEOFSIGHT_DB, $LINEOFSIGHT_SETTINGS, $LINEOFSIGHT_SECRET), since
    an app object cannot be handed to another process. Server mode (PostgreSQL) as in `serve`."""
    from lineofsight.settings import load_settings
    from lineofsight.web.security import SECRET_ENV

    engine = store.connect(os.environ.get(store.ENV_VAR))
    store.require_schema(engine)
    named = os.environ.get(SETTINGS_ENV)
    try:
        settings = load_settings(Path(named) if named else None)
        return create_app(
            engine,
            settings,
            secret=os.environ.get(SECRET_ENV) or None,
            server_mode=not store.is_sqlite(engine),
            warm_measure_pages=True,
            overview_in_helper=True,
        )
    except Exception:
        engine.dispose()
        raise


WARM_EVERY = 15.0  # seconds between looks at whether the data has changed, to compute the overview again
SHUTDOWN_WAIT = 60.0  # seconds the server waits, as it stops, for the warming thread to finish
SWITCH_INTERVAL = 0.001  # seconds a thread may hold Python's lock while another waits for it


@asynccontextmanager
async def _warm_at_startup(app: FastAPI) -> AsyncIterator[None]:
    """Keep the overview computed while the server runs, in a thread of its own so that the server
    answers meanwhile: at start, and again whenever the data changes (`keep_warm`)."""
    stop = threading.Event()
    every = float(getattr(app.state, "warm_every", WARM_EVERY))
    # A page's thread gives up Python's lock at every read of the store and must wait for it back;
    # while the warming thread works out figures, that wait is up to the switch interval each time
    # (5 ms by default, a dozen times a page). A shorter interval hands the lock back sooner.
    sys.setswitchinterval(SWITCH_INTERVAL)
    warming = threading.Thread(
        target=keep_warm, args=(app, stop, every), name="lineofsight-warm", daemon=True
    )
    warming.start()
    try:
        yield
    finally:  # the server stopping with an error stops the thread too
        stop.set()
        kept = getattr(app.state, "lineofsight_figures", None)
        if isinstance(kept, cache.Figures):
            kept.changed.set()  # wakes the warming thread, to stop
        # The thread is let finish what it is working out before the store is let go: closing the
        # watch's SQLite connection under a thread still using it crashed the process.
        warming.join(timeout=SHUTDOWN_WAIT)
        if isinstance(kept, cache.Figures):
            kept.close()


def keep_warm(app: FastAPI, stop: threading.Event, every: float) -> None:
    """Compile the pages' templates (`rendering.compile_templates`), then work out the shared
    figures now and after every change of the data, until `stop` is set.

    Why: the overview is two years of every measure, 10-20 seconds for a large council, and it is
    the page a director opens first thing, after the night's load; the team pages and My work share
    the council's worklist. The thread is woken as soon as a request finds the data changed (and
    looks for itself every `every` seconds: looking costs almost nothing, on PostgreSQL one row that
    changes only with the council's data; see `web/cache.py`). When the version has moved, the
    worklist (about a second: children's pages and the JSON and CSV of My work and the teams, never
    answered from before a change, wait for it) and then the overview are worked out and the version
    is marked ready; until then the pages of `rendering.STALE_PAGES` are answered from the version
    before, and say so. Then every measure's page (`measures.warm_pages`, where the app was made
    so), so that nobody waits for one after a load. A failure is logged (once until the next
    success), the version is marked ready all the same (the pages then work out and report for
    themselves), and it is tried again at the next look.
    """
    try:
        rendering.compile_templates(app.state.templates)
    except Exception:  # a page using a broken template fails as it would have; the figures go on
        logging.getLogger(__name__).warning("could not compile the templates", exc_info=True)
    figures = cache.of(app)
    warmed: cache.Version | None = None
    failing = False
    while not stop.is_set():
        figures.changed.clear()
        version: cache.Version | None = None
        try:
            version = figures.version()
            if version != warmed:
                teams.warm(app)
                if stop.is_set():
                    break
                measures.warm(app)
                figures.mark_ready(version)
                warmed = version
                if getattr(app.state, "warm_measure_pages", False):
                    measures.warm_pages(app, stop)
            failing = False
        except Exception:
            if not failing:
                logging.getLogger(__name__).warning("could not compute the overview", exc_info=True)
            failing = True
            if version is not None:
                figures.mark_ready(version)
        figures.changed.wait(every)


def nav_items(viewer: Viewer, path: str) -> list[dict[str, Any]]:
    """The service navigation for a role: only the pages it may open."""
    items = [("/", "Overview")]
    if viewer.role == "social_worker":
        items.append(("/my-work", "My work"))
    if viewer.role == "team_manager" or (viewer.sees_every_child and viewer.role != "auditor"):
        items.append(("/teams", "Teams"))
    if viewer.sees_children:
        items.append(("/search", "Find a child"))
    if viewer.loads_data or viewer.role == "auditor":
        items.append(("/data", "Data"))
    # Assurance (issue 18).
    if viewer.reads_assurance:
        items += [("/audits", "Audits"), ("/plans", "Plans"), ("/self-evaluation", "Self-evaluation")]
    if viewer.reads_access_log:
        items.append(("/access-log", "Access log"))
    if viewer.manages_accounts:
        items.append(("/accounts", "Accounts"))
    return [
        {"href": href, "text": text, "active": path == href or (href != "/" and path.startswith(href))}
        for href, text in items
    ]
