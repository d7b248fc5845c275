"""What every page shares: the council's data read afresh, the as-at date, templates, CSV downloads.

Each request reads the store afresh (`council`), so a load or a new event shows without a restart.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import polars as pl
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import Engine

from lineofsight import csv_cells, formatting
from lineofsight.data import CouncilData
from lineofsight.measures import default_as_at
from lineofsight.settings import Settings
from lineofsight.web import cache, tables
from lineofsight.web.freshness import Freshness, freshness

MAX_PAGE = 1_000_000  # the highest page number a list takes: past it an offset overflows the store's integers


def environment() -> Environment:
    """Jinja with our templates and the GOV.UK Frontend macros (`govuk_frontend_jinja/...`)."""
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("lineofsight.web", "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
            ]
        ),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: checking their files on every render is waste
    )
    env.filters["long_date"] = formatting.long_date
    env.filters["number"] = formatting.number
    env.filters["measure_value"] = formatting.measure_value
    env.filters["fraction"] = formatting.fraction
    env.globals["govuk_table_html"] = tables.govuk_table
    env.globals["as_at_form_kept"] = _as_at_forms(env)
    return env


def compile_templates(env: Environment) -> int:
    """Compile every template now (ours and GOV.UK Frontend's, 97 of them, about a second), and keep
    them in Jinja's cache; returns how many.

    Why: Jinja compiles a template the first time a page uses it, so after a restart the first
    person to open each kind of page waited for it in each worker (the sign-in form's first request
    171 ms against 8 ms after; a page with more of GOV.UK's components longer). The warming thread
    does this first (`app.keep_warm`), before anyone needs the pages."""
    names = env.list_templates()
    for name in names:
        env.get_template(name)
    return len(names)


AS_AT_PATH = "/lineofsight-as-at-form-path"  # stands for the page's path in a kept date form


def _as_at_forms(env: Environment) -> Callable[[str, dt.date | None], Markup]:
    """`as_at_form(path, day)` (partials/date_input.html) for pages with no error to show, the form
    for each day drawn once and the page's path put in: GOV.UK's date input is three macro calls deep
    and took about 2 ms, on every team page, My work and child's page."""

    @lru_cache(maxsize=64)
    def drawn(day: dt.date | None) -> str:
        form = getattr(env.get_template("partials/date_input.html").module, "as_at_form")  # noqa: B009
        return str(form(AS_AT_PATH, day))

    def as_at_form(path: str, day: dt.date | None) -> Markup:
        return Markup(drawn(day).replace(AS_AT_PATH, str(escape(path))))

    return as_at_form


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def council(request: Request) -> CouncilData:
    """The council's data, read afresh for this request."""
    return council_data(engine_of(request))


COUNCIL_DATA = ("council data",)  # the key the council's data is kept under, one per version


def kept_council(figures: cache.Figures, version: cache.Version, engine: Engine) -> CouncilData:
    """The council's data at `version`, one object shared by every page answered from that version:
    each table is read on first use and then kept with the version's figures (a large council's
    tables take tens to hundreds of milliseconds each to read), and what is worked out from them
    (`CouncilData.kept`) is shared too. Dropped with the version when the data changes."""
    data: CouncilData = figures.get(version, COUNCIL_DATA, lambda: council_data(engine))
    return data


def council_data(engine: Engine) -> CouncilData:
    """The council's data, read afresh (each table on first use)."""
    return CouncilData(engine)


def as_at(data: CouncilData, value: str | None) -> dt.date:
    """The `as_at` query parameter, or the last day the data covers; 400 when it is not a date."""
    if not value:
        return default_as_at(data)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=400, detail=f"{value!r} is not a date (YYYY-MM-DD)") from None
    # Before the data begins every count is nothing, and reads as "0 per 10,000": refused, as the CLI
    # does. A day after the data ends is allowed here (My work looks ahead at what falls due).
    first, last = data.first_day(), data.last_day()
    if first is not None and day < first:
        held = (
            f"{formatting.long_date(first)} to {formatting.long_date(last)}"
            if last
            else formatting.long_date(first)
        )
        detail = f"{formatting.long_date(day)} is before the data begins: the data runs from {held}."
        raise HTTPException(status_code=400, detail=detail)
    return day


# The pages that may be answered from the figures from before a change of the data while the new ones
# are worked out: the council's figures, read by people, who are told so at the top of the page. Not
# their CSV and JSON twins (a program cannot read the warning), not a child's own page nor the search
# for one (a child's record, and who may see it, must be today's), not the Data page (it shows loads).
STALE_PAGES = re.compile(r"/|/measures/[^/]+|/teams|/teams/[^/]+|/my-work")


def kept_version(figures: cache.Figures, request: Request | None) -> cache.Version:
    """The version of the kept figures a request is answered from (`web/cache.py`): for one of the
    `STALE_PAGES`, the last version whose figures are worked out, while the new one's are; else the
    data as it is now. A page answered from an older version records when the data changed, and
    `render` says so at its top."""
    stale_ok = (
        request is not None
        and request.method == "GET"
        and STALE_PAGES.fullmatch(request.url.path) is not None
    )
    version = figures.version(stale_ok=stale_ok)
    if request is not None:
        request.state.figures_version = version  # `render` keeps the page's freshness line with it
        if version.stale:
            request.state.figures_changed_at = version.changed_at
    return version


FRESHNESS = ("freshness",)  # the key the line saying how fresh the data is, is kept under


def page_freshness(request: Request) -> Freshness | None:
    """How fresh the data is, for the line under every page's heading (`web/freshness.py`).

    A page that read the kept figures has its version (`kept_version`): the line is then kept with
    that version's figures, so it matches them (the older loads, on a page answered from before a
    change) and is not asked of the store on every page (a query of the loads on each of thousands
    of pages an hour). Every load, failed ones too, is a row of `loads`, so a new one is a new version.
    A page without figures (signing in, accounts, the Data page) asks the store."""
    version = getattr(request.state, "figures_version", None)
    engine = engine_of(request)
    if isinstance(version, cache.Version):
        found: Freshness | None = cache.of(request.app).get(version, FRESHNESS, lambda: freshness(engine))
        return found
    return freshness(engine)


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page: the template with what every page needs (council name, viewer, CSRF token, nav, and the
    nonce the Content-Security-Policy allows GOV.UK's one inline script by)."""
    env: Environment = request.app.state.templates
    common = {
        "cspNonce": getattr(request.state, "csp_nonce", ""),
        "request": request,
        "council_name": request.app.state.council_name,
        "viewer": context.pop("viewer", None) or getattr(request.state, "viewer", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "assetPath": "/assets",
        "path": request.url.path,
        "freshness": page_freshness(request),  # issue 16: "data as at 06:10 today, from ..."
        # Set when the page is answered from the figures from before a change (`kept_version`).
        "figures_changed_at": getattr(request.state, "figures_changed_at", None),
    }
    html = env.get_template(template).render(**common, **context)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def csv_response(rows: pl.DataFrame | Iterable[Mapping[str, Any]], filename: str) -> Response:
    """A table as a CSV download, dates as YYYY-MM-DD, and every text cell that a spreadsheet would
    take for a formula neutralised (`csv_cells`)."""
    # Every row decides the columns' types, not the first 100: a column empty at first and whole
    # numbers then fractions later is otherwise a 500.
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(list(rows), infer_schema_length=None)
    return Response(
        csv_cells.write_csv(frame, date_format="%Y-%m-%d"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(filename)},
    )


def attachment(filename: str) -> str:
    """A `Content-Disposition` that downloads under this name, whatever it holds (RFC 6266): a plain
    ASCII `filename` for old browsers, quotes and backslashes and anything not ASCII replaced, and the
    name itself in `filename*`, percent-encoded UTF-8 (RFC 5987)."""
    plain = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename) or "download"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def assets_folder() -> Path | None:
    """GOV.UK Frontend's built files, installed from npm by the Makefile (never committed).

    `$LINEOFSIGHT_ASSETS` names the folder; else `node_modules/govuk-frontend/dist/govuk` in the
    checkout this package was installed from. None when they have not been installed: pages still
    work, unstyled."""
    named = os.environ.get("LINEOFSIGHT_ASSETS")
    folder = (
        Path(named)
        if named
        else Path(__file__).resolve().parents[3] / "node_modules/govuk-frontend/dist/govuk"
    )
    return folder if (folder / "govuk-frontend.min.css").exists() else None
