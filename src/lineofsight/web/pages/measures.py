"""The Overview and Measure pages, their JSON twins and CSV downloads.

The *Overview* (`/`) is for directors and heads of service, and open to every role since it shows
only figures: every measure by area, its value, red/amber/green against the council's target, England's
figure, its move since the previous month end and a sparkline of the last 24 months. The *Measure*
page (`/measures/{code}`) says what the measure counts, draws its trend, breaks it down by team and
lists the children behind it, to those who may see them.

Every figure comes from `lineofsight.measures`, as the CLI's do (`lineofsight measures`). The 24
points of a trend are the 23 month ends before the as-at month, then the as-at day itself: the
last two points are "the previous month end" and "now", so the direction since last month and the
sparkline can never disagree. Figures are kept between requests while the data is unchanged
(`web/cache.py`), so the overview costs one short check of the data's version once warm.

Downloads: `/overview.csv`, `/overview/trend.csv` and `/measures/{code}/{table}.csv` (`trend`, `teams`,
`children`). JSON twins: `/api/overview`, `/api/measures/{code}`, and `/api/measures`, the contract
of `lineofsight measures --json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
import re
import threading
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import polars as pl
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import Engine

from lineofsight import formatting, store
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY, MeasureValue, Result, as_json, compute_all, default_as_at
from lineofsight.measures.breakdown import Group, attributed, breakdown, names
from lineofsight.measures.catalogue import Measure, catalogue_order
from lineofsight.measures.report import detail_rows, figures, rounded, value_of
from lineofsight.measures.trend import month_ends
from lineofsight.settings import Settings
from lineofsight.web import access, cache, charts, helpers, rendering, shared
from lineofsight.web.auth import Viewer, viewer, visible
from lineofsight.web.headline import KINDS, headline
from lineofsight.web.rendering import MAX_PAGE, csv_response, render

router = APIRouter()
LOG = logging.getLogger(__name__)

Who = Annotated[Viewer, Depends(viewer)]
AsAt = Annotated[
    str | None, Query(description="The date D, YYYY-MM-DD (default: the last day the data covers).")
]
PageNumber = Annotated[
    int, Query(ge=1, le=MAX_PAGE, description="Which page of the children behind the figure.")
]

MONTHS = 24  # points in a trend: 23 month ends and the as-at day
PAGE_SIZE = 50  # children listed per page
KEPT_DETAILS = 64  # measures (at a date) whose full list of children is kept
KEPT_PAGES = 32  # dates whose rendered overview is kept
OVERVIEW_THREADS = 2  # months of the overview worked out at once
OVERVIEW_SECONDS = 600.0  # the longest the helper may take over the overview (seconds at rest)
# Added to the helper's nice value: with the processors busy, people's pages run first.
OVERVIEW_NICENESS = 10
OVERVIEW_HELPER = helpers.Helper("overview", niceness=OVERVIEW_NICENESS)


class MeasureTable(enum.StrEnum):
    """The tables of a measure's page, each a CSV download."""

    trend = "trend"
    teams = "teams"
    children = "children"


# Where the figures come from.


class Source:
    """A request's way to its figures: kept ones at the data's version now, else computed from the
    council's data (which is read only when something must be computed)."""

    def __init__(self, app: FastAPI, request: Request | None = None) -> None:
        """`request`: the page being answered, which may then be answered from the figures from
        before a change of the data while the new ones are worked out (`rendering.kept_version`)."""
        self.figures = cache.of(app)
        self.version = rendering.kept_version(self.figures, request)
        self.settings: Settings = app.state.settings
        # One object for every page of this version: each table is read on first use, once.
        self.data = rendering.kept_council(self.figures, self.version, app.state.engine)
        # Where the overview is worked out by a helper process (a server; see `overview`), the
        # store's address for it to read from (found once, by `create_app`); None: here.
        self.helper_url: str | None = getattr(app.state, "overview_helper_url", None)

    def kept(self, key: Hashable, compute: Any, limit: int | None = None) -> Any:
        return self.figures.get(self.version, key, compute, limit=limit)

    def day(self, value: str | None) -> dt.date:
        """The `as_at` parameter, or the last day the data covers."""
        if value:
            return rendering.as_at(self.data, value)
        day: dt.date = self.kept(("as_at", dt.date.today()), lambda: default_as_at(self.data))
        return day

    def value(self, code: str, day: dt.date) -> MeasureValue:
        """One measure as at a day, without its detail (small enough to keep many)."""

        def compute() -> MeasureValue:
            return without_detail(compute_all(self.data, day, self.settings, [code])[0])

        kept: MeasureValue = self.kept(("value", code, day), compute)
        return kept

    def full(self, code: str, day: dt.date) -> tuple[MeasureValue, list[Group]]:
        """One measure as at a day with its detail (each row with its team and worker) and its
        breakdown by team."""

        def compute() -> tuple[MeasureValue, list[Group]]:
            measure = REGISTRY[code]
            result = measure.evaluate(self.data, day, self.settings)
            detail = attributed(result.detail)
            value = value_of(measure, dataclasses.replace(result, detail=detail), self.settings)
            if not result.covered or measure.unmet_by(self.data, day) is not None:
                return value, []
            return value, breakdown(measure, value.result, self.data, day, "team")

        kept: tuple[MeasureValue, list[Group]] = self.kept(("full", code, day), compute, KEPT_DETAILS)
        return kept

    def teams_reason(self, code: str, day: dt.date) -> str | None:
        """Why the measure has no figures by team at `day`, or None when it has."""
        measure = REGISTRY[code]
        reason: str | None = self.kept(("teams-reason", code, day), lambda: measure.unmet_by(self.data, day))
        return reason


def figures_of(result: Result) -> tuple[float | None, float | None, float | None]:
    return result.value, result.numerator, result.denominator


def trend_days(as_at: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The 23 month ends before the as-at month, then the as-at day: the previous month end is the
    second to last."""
    index = as_at.year * 12 + as_at.month - 1 - (months - 1)
    first = dt.date(index // 12, index % 12 + 1, 1)
    previous = as_at.replace(day=1) - dt.timedelta(days=1)
    return [*month_ends(first, previous), as_at]


# The figures a page shows.


NO_FIGURE_BEFORE = "No figure at the previous month end"
Direction = Literal["up", "down", "same"]
Judgement = Literal["better", "worse"]


@dataclass(frozen=True)
class Change:
    """A measure's move from the previous month end to the as-at day, judged by its polarity.

    Compared as shown (to one decimal place), so a change too small to see is "no change"."""

    previous: float | None
    direction: Direction | None  # None: there is no figure at one of the two dates
    judgement: Judgement | None  # None: no change, or a measure with no better direction

    @classmethod
    def between(cls, before: float | None, now: float | None, polarity: str) -> Change:
        then, current = rounded(before), rounded(now)
        if then is None or current is None:
            return cls(before, None, None)
        if current == then:
            return cls(before, "same", None)
        direction: Direction = "up" if current > then else "down"
        if polarity not in ("up", "down"):
            return cls(before, direction, None)
        return cls(before, direction, "better" if direction == polarity else "worse")

    def words(self, unit: str) -> str:
        """ "Better: up from 80.1%", "No change from 12", "No figure at the previous month end"."""
        was = formatting.measure_value(self.previous, unit)
        if self.direction is None:
            return f"No figure now (was {was})" if self.previous is not None else NO_FIGURE_BEFORE
        if self.direction == "same":
            return f"No change from {was}"
        moved = f"{self.direction} from {was}"
        return f"{self.judgement.capitalize()}: {moved}" if self.judgement else moved.capitalize()


@dataclass(frozen=True)
class Line:
    """A measure on the overview: its value now, its trend and its change since last month."""

    value: MeasureValue
    points: tuple[MeasureValue, ...]  # one per trend day, the last being `value`
    days: tuple[dt.date, ...]

    @property
    def change(self) -> Change:
        before = self.points[-2].result.value if len(self.points) > 1 else None
        return Change.between(before, self.value.result.value, self.value.measure.polarity)

    def chart_points(self) -> list[charts.Point]:
        return [
            charts.Point(day, point.result.value) for day, point in zip(self.days, self.points, strict=True)
        ]


def line(source: Source, code: str, day: dt.date) -> Line:
    days = trend_days(day)
    points = tuple(source.value(code, each) for each in days)
    return Line(points[-1], points, tuple(days))


@dataclass(frozen=True)
class Overview:
    """Every measure as at a date, in catalogue order."""

    as_at: dt.date
    lines: tuple[Line, ...]

    @property
    def days(self) -> tuple[dt.date, ...]:
        return self.lines[0].days if self.lines else tuple(trend_days(self.as_at))

    @property
    def previous(self) -> dt.date:
        return self.days[-2]

    @property
    def supported(self) -> int:
        """How many measures the data covers as at the date."""
        return sum(1 for each in self.lines if each.value.result.covered)

    def areas(self) -> list[tuple[str, list[Line]]]:
        """The lines grouped by area, areas in the catalogue's order."""
        grouped: dict[str, list[Line]] = {}
        for each in self.lines:
            grouped.setdefault(each.value.measure.area, []).append(each)
        return list(grouped.items())

    def as_json(self) -> dict[str, Any]:
        """The JSON contract of `lineofsight measures --json` for each measure, with its change since
        the previous month end and its trend (one value per month in `months`)."""
        return {
            "as_at": self.as_at.isoformat(),
            "supported": self.supported,
            "previous_month_end": self.previous.isoformat(),
            "months": [day.isoformat() for day in self.days],
            "measures": [
                {
                    **each.value.as_json(),
                    "display": formatting.figure(
                        each.value.result.value, each.value.measure.unit, each.value.result.status
                    ),
                    "previous_value": rounded(each.change.previous),
                    "direction": each.change.direction,
                    "judgement": each.change.judgement,
                    "trend": [rounded(point.result.value) for point in each.points],
                }
                for each in self.lines
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """The overview's table, one row per measure, for the CSV download."""
        rows = []
        for each in self.lines:
            value, benchmark = each.value, each.value.measure.benchmark
            rows.append(
                {
                    "as_at": self.as_at,
                    "area": value.measure.area,
                    "code": value.measure.code,
                    "title": value.measure.title,
                    **figures(value.result),
                    "unit": value.measure.unit,
                    "polarity": value.measure.polarity,
                    "small_number": value.small_number,
                    "target": None if value.target is None else value.target.target,
                    "rag": value.rag,
                    "status": value.result.status,
                    "reason": value.result.reason,
                    "england": None if benchmark is None else benchmark.value,
                    "england_year": None if benchmark is None else benchmark.year,
                    "previous_month_end": self.previous,
                    "previous_value": rounded(each.change.previous),
                    "direction": each.change.direction,
                    "judgement": each.change.judgement,
                }
            )
        return rows

    def trend_rows(self) -> list[dict[str, Any]]:
        """Every measure at every point of the trend, for the CSV download."""
        return [
            {"as_at": day, "code": point.measure.code, **trend_row(point)}
            for each in self.lines
            for day, point in zip(each.days, each.points, strict=True)
        ]


def trend_row(point: MeasureValue) -> dict[str, Any]:
    return {
        **figures(point.result),
        "small_number": point.small_number,
        "rag": point.rag,
        "status": point.result.status,
        "reason": point.result.reason,
    }


def helper_url(engine: Engine) -> str | None:
    """The store's address for a helper process to open, or None where another process cannot see
    the same data (an in-memory SQLite database)."""
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and (
        not database or database == ":memory:" or database.startswith("file:")
    ):
        return None  # in memory, or a URI (tests share databases in memory so): not looked into
    return engine.url.render_as_string(hide_password=False)


_ENGINES: dict[str, Engine] = {}


def values_at(
    url: str, settings: Settings, codes: list[str], days: list[dt.date]
) -> dict[tuple[str, dt.date], MeasureValue]:
    """Each measure at each day, without its detail, as `Source.value` works them out, from the data
    as it is now (in the overview's helper process: the store opened once, the data read afresh)."""
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = store.connect(url)

    def work() -> dict[tuple[str, dt.date], MeasureValue]:
        data = CouncilData(engine)

        def month(each: dt.date) -> list[tuple[tuple[str, dt.date], MeasureValue]]:
            return [
                ((code, each), without_detail(compute_all(data, each, settings, [code])[0])) for code in codes
            ]

        # Two months at a time, as the overview is worked out in a worker (Polars lets the other run).
        with ThreadPoolExecutor(max_workers=OVERVIEW_THREADS) as pool:
            return dict(pair for found in pool.map(month, days) for pair in found)

    if shared.folder() is None:
        return work()
    # Once for all the server's workers (`web/shared.py`): the data's fingerprint is read before the
    # data, so figures kept under it are never older than it.
    key = ("overview values", url, cache.fingerprint(engine), settings, tuple(codes), tuple(days))
    return shared.shared(key, work)


def without_detail(found: MeasureValue) -> MeasureValue:
    """A measure's value without the rows behind it (small enough to keep many)."""
    return dataclasses.replace(found, result=dataclasses.replace(found.result, detail=pl.DataFrame()))


def warm(app: FastAPI) -> None:
    """Compute the overview as at the last day of the data, so that the first person to open it after
    the server starts does not wait for two years of every measure. Run in a thread at startup; a
    request arriving meanwhile waits on the same figures rather than computing them again."""
    source = Source(app)
    overview(source, source.day(None))


def warm_pages(app: FastAPI, stop: threading.Event) -> None:
    """Work out every measure's page as at the last day of the data (its children, its teams and its
    two charts), measure by measure until `stop` is set or the data changes again.

    Why: a measure's page is a measure with every child behind it, broken down by team, and two
    charts (about 70 ms each to draw). Worked out when someone opened the page, the first visit to
    each of 55 measures after a load took 0.3-0.5 s, in each worker. Done here once per version of
    the data, after the overview is ready (the pages it serves say so first), one measure at a time,
    so a request asking for a page being worked out waits for that measure only."""
    source = Source(app)
    day = source.day(None)
    for code in sorted(REGISTRY, key=catalogue_order):
        if stop.is_set() or source.figures.version().number != source.version.number:
            return
        page = measure_page_at(source, code, day)
        chart(source, page)
        teams_chart(source, page)


def overview(source: Source, day: dt.date) -> Overview:
    """Every measure at each of the trend's days, and the overview's lines.

    In a server the values are worked out by a helper process (`OVERVIEW_HELPER`), at a lower
    priority than the workers. Why: after a load the overview is two years of every measure again,
    seconds of work in each worker; in the worker it held Python's lock with the pages that did not
    wait for it (a child's page, My work) and took the processors from them, so every page slowed
    for the half minute after a load. The helper reads the data afresh and gives back the same
    values (`values_at`); in a test or a script (no helper) they are worked out here, and here too
    when the helper fails (it could not start, or the database went away under it): the worker's
    own try then gives the page its proper answer (the database's 503, say) or the figures."""

    def compute() -> Overview:
        codes = sorted(REGISTRY, key=catalogue_order)
        days = trend_days(day)
        if source.helper_url is not None:
            try:
                found = OVERVIEW_HELPER.run(
                    values_at, source.helper_url, source.settings, codes, days, timeout=OVERVIEW_SECONDS
                )
            except Exception as failure:  # a cross-process failure may not carry its cause: here
                LOG.warning(
                    "the overview's helper failed (%s): working it out in the worker", type(failure).__name__
                )
            else:
                for key, value in found.items():
                    source.kept(("value", *key), lambda value=value: value)
                return Overview(day, tuple(line(source, code, day) for code in codes))

        def month(each: dt.date) -> None:
            for code in codes:
                source.value(code, each)

        # Month by month, so that a second request arriving meanwhile waits on the same months; two
        # months at a time, since much of a measure's work is Polars's, which lets the other thread
        # run (4.2 s to 3.1-3.4 s for an SSD-loaded council on two idle cores).
        with ThreadPoolExecutor(max_workers=OVERVIEW_THREADS) as pool:
            list(pool.map(month, days))
        return Overview(day, tuple(line(source, code, day) for code in codes))

    kept: Overview = source.kept(("overview", day), compute)
    return kept


# Words for people.


def england(measure: Measure) -> str:
    benchmark = measure.benchmark
    if benchmark is None:
        return "—"
    return benchmark.display if benchmark.year in ("", "—") else f"{benchmark.display} ({benchmark.year})"


def target_words(value: MeasureValue) -> str | None:
    if value.target is None or value.measure.polarity == "context":
        return None
    unit = value.measure.unit
    return (
        f"{formatting.measure_value(value.target.target, unit)} "
        f"(amber from {formatting.measure_value(value.target.amber, unit)})"
    )


def value_words(value: MeasureValue) -> str:
    words = formatting.figure(value.result.value, value.measure.unit, value.result.status)
    return words + (" (small number)" if value.small_number else "")


def sparkline(each: Line) -> Markup:
    first, last = each.days[0], each.days[-1]
    known = [p.result.value for p in each.points if p.result.value is not None]
    unit = each.value.measure.unit
    label = f"{each.value.measure.code} {each.value.measure.title}, {first:%B %Y} to {last:%B %Y}: "
    if known:
        label += (
            f"from {formatting.measure_value(each.points[0].result.value, unit)} "
            f"to {formatting.measure_value(each.value.result.value, unit)}, "
            f"lowest {formatting.measure_value(min(known), unit)}, "
            f"highest {formatting.measure_value(max(known), unit)}"
        )
    else:
        label += "no figures"
    level = target_level(each.value)
    if level is not None:
        label += f", against the target of {formatting.measure_value(level, unit)}"
    return charts.sparkline([p.result.value for p in each.points], label=label, target=level)


def target_level(value: MeasureValue) -> float | None:
    """The target a chart draws as a line: none for a measure that gives context only."""
    if value.target is None or value.measure.polarity == "context":
        return None
    return value.target.target


def scale(each: Line) -> Markup:
    """The sparkline's scale in words, under it: its lowest and highest figures."""
    known = [p.result.value for p in each.points if p.result.value is not None]
    if not known:
        return Markup("")
    unit = each.value.measure.unit
    low, high = formatting.measure_value(min(known), unit), formatting.measure_value(max(known), unit)
    return Markup('<br><span class="govuk-body-s lineofsight-scale">Lowest {}, highest {}</span>').format(
        low, high
    )


def line_view(each: Line, dated: bool) -> dict[str, Any]:
    """What the overview's row for one measure says. Its link names the date when the reader chose
    one (`dated`), and otherwise leaves the measure's page at the last day of the data too."""
    value = each.value
    query = "?" + urlencode({"as_at": each.days[-1].isoformat()}) if dated else ""
    return {
        "code": value.measure.code,
        "title": value.measure.title,
        "href": f"/measures/{value.measure.code}{query}",
        "value": value_words(value),
        "fraction": formatting.fraction(value.result.numerator, value.result.denominator),
        "rag": value.rag,
        "target": target_words(value),
        "england": england(value.measure),
        "change": each.change.words(value.measure.unit),
        "judgement": each.change.judgement,
        "sparkline": sparkline(each),
        "scale": scale(each),
        "points": [
            formatting.figure(p.result.value, value.measure.unit, p.result.status) for p in each.points
        ],
        "reason": value.result.reason if not value.result.covered else None,
    }


def overview_html(request: Request, source: Source, day: dt.date, dated: bool) -> Markup:
    """The overview's tables as HTML, kept: the same for every reader at a version of the data."""

    def compute() -> Markup:
        shown = overview(source, day)
        env: Environment = request.app.state.templates
        html = env.get_template("partials/measures_overview.html").render(
            as_at=day,
            supported=shown.supported,
            catalogue=len(shown.lines),
            previous=shown.previous,
            days=shown.days,
            areas=[(area, [line_view(each, dated) for each in lines]) for area, lines in shown.areas()],
            long_date=formatting.long_date,
        )
        return Markup(html)

    kept: Markup = source.kept(("overview-html", day, dated), compute, KEPT_PAGES)
    return kept


def headline_html(request: Request, source: Source, day: dt.date, dated: bool) -> Markup:
    """The overview's headline as HTML, kept as its tables are."""

    def compute() -> Markup:
        shown = overview(source, day)
        env: Environment = request.app.state.templates
        html = env.get_template("partials/measures_headline.html").render(
            headline=headline(shown.lines, source.settings.small_number),
            kinds=KINDS,
            previous=shown.previous,
            dated_query="?" + urlencode({"as_at": day.isoformat()}) if dated else "",
            long_date=formatting.long_date,
        )
        return Markup(html)

    kept: Markup = source.kept(("overview-headline", day, dated), compute, KEPT_PAGES)
    return kept


# The Overview.


@router.get("/", response_class=HTMLResponse, summary="Overview")
def overview_page(request: Request, who: Who, as_at: AsAt = None) -> HTMLResponse:
    """Every measure by area as at D: value, RAG against target, England, change since the previous
    month end and a 24-month sparkline."""
    source = Source(request.app, request)
    day = source.day(as_at)
    return render(
        request,
        "overview.html",
        viewer=who,
        title="Overview",
        as_at=day,
        query=urlencode({"as_at": day.isoformat()}),
        headline=headline_html(request, source, day, dated=bool(as_at)),
        content=overview_html(request, source, day, dated=bool(as_at)),
    )


@router.get("/api/overview", summary="Overview (JSON)")
def overview_json(request: Request, who: Who, as_at: AsAt = None) -> JSONResponse:
    """The overview as data: each measure in the `lineofsight measures --json` contract, with
    `previous_value`, `direction` (up, down, same), `judgement` (better, worse) and `trend`, its
    value at each of `months` (the 23 month ends before D, then D)."""
    source = Source(request.app, request)
    day = source.day(as_at)
    document: dict[str, Any] = source.kept(("overview-json", day), lambda: overview(source, day).as_json())
    return JSONResponse(document)


@router.get("/overview.csv", summary="Overview (CSV)")
def overview_csv(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """The overview's table as CSV, one row per measure."""
    source = Source(request.app, request)
    day = source.day(as_at)
    return csv_response(overview(source, day).rows(), f"overview-{day.isoformat()}.csv")


@router.get("/overview/trend.csv", summary="Overview trends (CSV)")
def overview_trend_csv(request: Request, who: Who, as_at: AsAt = None) -> Response:
    """Every measure at each point of the overview's sparklines, one row per measure and month."""
    source = Source(request.app, request)
    day = source.day(as_at)
    return csv_response(overview(source, day).trend_rows(), f"overview-trend-{day.isoformat()}.csv")


@router.get("/api/measures", summary="Measures (JSON contract)")
def measures_json(request: Request, who: Who, as_at: AsAt = None) -> JSONResponse:
    """Every measure as at D: the JSON contract of `lineofsight measures --json`."""
    source = Source(request.app, request)
    day = source.day(as_at)
    values = [source.value(code, day) for code in sorted(REGISTRY, key=catalogue_order)]
    return JSONResponse(as_json(day, values))


# A measure.


@dataclass(frozen=True)
class MeasurePage:
    """One measure as at a date: the figure, its trend, its teams, and the rows behind it that the
    viewer may see."""

    value: MeasureValue  # with the full detail, each row with its team and worker
    line: Line
    teams: list[tuple[Group, MeasureValue]]
    shown: pl.DataFrame  # the detail rows this viewer may see
    teams_reason: str | None = None  # why there are no figures by team, where the data does not cover them

    @property
    def measure(self) -> Measure:
        return self.value.measure

    @property
    def about_children(self) -> bool:
        return "person_id" in self.value.result.detail.columns

    def child_ids(self, rows: pl.DataFrame) -> list[str]:
        if not self.about_children:
            return []
        return sorted(set(rows["person_id"].drop_nulls()))

    def page_of(self, number: int) -> tuple[int, int, pl.DataFrame]:
        """(page, pages, rows): the page asked for, within the pages there are."""
        pages = max(1, -(-self.shown.height // PAGE_SIZE))
        page = min(number, pages)
        return page, pages, self.shown.slice((page - 1) * PAGE_SIZE, PAGE_SIZE)

    def trend_rows(self) -> list[dict[str, Any]]:
        return [
            {"as_at": day, **trend_row(point)}
            for day, point in zip(self.line.days, self.line.points, strict=True)
        ]

    def team_rows(self) -> list[dict[str, Any]]:
        return [{"team_id": group.key, "name": group.name, **trend_row(value)} for group, value in self.teams]

    def as_json(self, who: Viewer, page: int, settings: Settings) -> dict[str, Any]:
        number, pages, rows = self.page_of(page)
        measure = self.measure
        return {
            **self.value.as_json(),
            "as_at": self.line.days[-1].isoformat(),
            "definition": measure.definition,
            "kind": measure.kind,
            "settings": settings_used(measure, settings),
            "previous_month_end": self.line.days[-2].isoformat(),
            "previous_value": rounded(self.line.change.previous),
            "direction": self.line.change.direction,
            "judgement": self.line.change.judgement,
            "trend": [{**row, "as_at": row["as_at"].isoformat()} for row in self.trend_rows()],
            "teams": self.team_rows(),
            "teams_reason": self.teams_reason,
            "children": {
                "shown": who.sees_children,
                "total": self.shown.height,
                "page": number,
                "pages": pages,
                "rows": detail_rows(rows),
            },
        }


def settings_used(measure: Measure, settings: Settings) -> list[dict[str, Any]]:
    """The settings a measure reads, with the value this council uses and what it means."""
    documented = {name: doc for name, _, doc in Settings.documented()}
    return [
        {"name": name, "value": getattr(settings, name), "description": documented.get(name, "")}
        for name in measure.settings
    ]


def measure_at(request: Request, who: Viewer, code: str, as_at: str | None) -> tuple[Source, MeasurePage]:
    """The measure's page as at `as_at`, or 404 for a code the catalogue does not hold."""
    if code not in REGISTRY:
        raise HTTPException(status_code=404, detail=f"There is no measure {code} in the catalogue.")
    source = Source(request.app, request)
    page = measure_page_at(source, code, source.day(as_at))
    return source, dataclasses.replace(page, shown=visible(who, page.value.result.detail))


def measure_page_at(source: Source, code: str, day: dt.date) -> MeasurePage:
    """The measure's page as at `day`, every row of its detail shown (the caller narrows them to
    what its viewer may see)."""
    value, groups = source.full(code, day)
    teams = [(group, value_of(value.measure, group.result, source.settings)) for group in groups]
    reason = source.teams_reason(code, day) if value.result.covered else None
    return MeasurePage(value, line(source, code, day), teams, value.result.detail, reason)


def chart(source: Source, page: MeasurePage) -> Markup:
    """The trend chart, kept (a render takes tens of milliseconds)."""
    measure, days = page.measure, page.line.days
    unit = measure.unit
    level = target_level(page.value)
    label = (
        f"Line chart of {measure.code} {measure.title} at each month end from {days[0]:%B %Y} to "
        f"{formatting.long_date(days[-1])}"
        + (f", with the target of {formatting.measure_value(level, unit)}" if level is not None else "")
        + (f" and England's figure of {measure.benchmark.display}" if measure.benchmark else "")
        + ". The table below gives each figure."
    )

    def compute() -> Markup:
        return charts.trend(
            page.line.chart_points(),
            label=label,
            unit=unit,
            target=level,
            england=None if measure.benchmark is None else measure.benchmark.value,
        )

    kept: Markup = source.kept(("chart", measure.code, days[-1]), compute, KEPT_DETAILS)
    return kept


def teams_chart(source: Source, page: MeasurePage) -> Markup | None:
    """The figures by team as bars with the council's and England's lines, kept; None where no team
    has a figure. Teams without a figure are left out of the bars (the table below still lists them)."""
    measure, day = page.measure, page.line.days[-1]
    unit = measure.unit
    bars = [
        charts.Bar(group.name, value.result.value, formatting.measure_value(value.result.value, unit))
        for group, value in page.teams
        if value.result.value is not None
    ]
    if not bars:
        return None
    council = page.value.result.value
    england_value = None if measure.benchmark is None else measure.benchmark.value
    label = (
        f"Bar chart of {measure.code} {measure.title} for each team as at {formatting.long_date(day)}: "
        + "; ".join(f"{bar.name} {bar.words}" for bar in bars)
        + (f". The whole council: {formatting.measure_value(council, unit)}" if council is not None else "")
        + (f". England: {measure.benchmark.display}" if measure.benchmark else "")
        + ". The table below gives each figure."
    )

    def compute() -> Markup:
        return charts.team_bars(bars, label=label, unit=unit, council=council, england=england_value)

    kept: Markup = source.kept(("teams-chart", measure.code, day), compute, KEPT_DETAILS)
    return kept


def cell(value: Any) -> str:
    """A detail value as people read it: dates the GOV.UK way, yes/no, numbers with separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return f"{formatting.long_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return formatting.long_date(value)
    if isinstance(value, int | float):
        return formatting.number(value)
    if CODE.fullmatch(str(value)):
        return words_of(str(value))
    return str(value)


CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")  # a coded value: "qualified_social_worker"


def words_of(code: str) -> str:
    """A code as words: "qualified_social_worker" is "Qualified social worker", "cp_plan" "CP plan"."""
    words = [INITIALISMS.get(word, word) for word in code.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def plain_definition(definition: str, as_at: dt.date) -> str:
    """A measure's definition as a person reads it on the page: the date D written out and "÷" as
    "out of" (the catalogue's own words, with D and ÷, stay in the docs and the JSON)."""
    day = formatting.long_date(as_at)
    return re.sub(r"\bD\b", day, definition.replace(" ÷ ", ", out of "))


HEADINGS = {
    "person_id": "Child",
    "in_numerator": "Counted in the figure",
    "team_id": "Team",
    "worker_id": "Worker",
    "numerator": "Counts",
    "denominator": "Out of",
    "in_post_at_as_at": "In post on the day",
    "as_at": "On the day",
}
# Initialisms in column names, written as people write them.
INITIALISMS = {
    "asye": "ASYE",
    "cin": "CIN",
    "cla": "CLA",
    "cp": "CP",
    "fte": "FTE",
    "icpc": "ICPC",
    "id": "ID",
    "pep": "PEP",
    "rhi": "RHI",
    "s47": "S47",
    "urn": "URN",
}


def heading(column: str) -> str:
    """A detail column's name as a table heading: "cp_plan_id" is "CP plan ID"."""
    return HEADINGS.get(column) or words_of(column)


def children_view(rows: pl.DataFrame, named: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """The children table: headings, and each row's cells as words (the child's id a link; a team
    or worker by name, from `named`: {"team_id": {id: name}, "worker_id": {...}})."""
    columns: list[str] = [c for c in ("person_id", "in_numerator") if c in rows.columns]
    columns += [c for c in rows.columns if c not in columns]
    body = []
    for row in rows.iter_rows(named=True):
        cells = []
        for column in columns:
            text = cell(row[column])
            text = (named or {}).get(column, {}).get(text) or text
            href = f"/children/{quote(text, safe='')}" if column == "person_id" and text else None
            cells.append({"text": text, "href": href})
        body.append(cells)
    return {"head": [heading(c) for c in columns], "rows": body}


def pagination(path: str, query: dict[str, str], number: int, pages: int) -> dict[str, Any] | None:
    """GOV.UK pagination: the first and last pages, this one and its neighbours, ellipses between."""
    if pages <= 1:
        return None

    def href(n: int) -> str:
        return f"{path}?" + urlencode({**query, "page": n}) + "#children"

    wanted = sorted({1, pages, number - 1, number, number + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    for n in wanted:
        if items and n - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": n - 1})
        items.append({"number": n, "href": href(n), "current": n == number})
    return {
        "items": [item if not item.get("ellipsis") else {"ellipsis": True} for item in items],
        "previous": {"href": href(number - 1)} if number > 1 else None,
        "next": {"href": href(number + 1)} if number < pages else None,
        "landmarkLabel": "Pages of children",
    }


@router.get("/measures/{code}", response_class=HTMLResponse, summary="Measure")
def measure_page(
    request: Request, who: Who, code: str, as_at: AsAt = None, page: PageNumber = 1
) -> HTMLResponse:
    """A measure as at D: its definition, trend chart, breakdown by team, England's figure and the
    children behind it (those the viewer may see, each linking to the child's page)."""
    source, shown = measure_at(request, who, code, as_at)
    number, pages, rows = shown.page_of(page)
    access.listed(request, who, f"measure {code}", shown.child_ids(rows))
    day = shown.line.days[-1]
    query = {"as_at": day.isoformat()}
    return render(
        request,
        "measure.html",
        viewer=who,
        title=f"{code} {shown.measure.title}",
        page=shown,
        measure=shown.measure,
        as_at=day,
        previous=shown.line.days[-2],
        value=value_words(shown.value),
        reason=shown.value.result.reason,
        teams_reason=shown.teams_reason,
        fraction=formatting.fraction(shown.value.result.numerator, shown.value.result.denominator),
        target=target_words(shown.value),
        england=england(shown.measure),
        change=shown.line.change.words(shown.measure.unit),
        settings_used=settings_used(shown.measure, source.settings),
        chart=chart(source, shown),
        teams_chart=teams_chart(source, shown),
        trend=[
            (
                formatting.long_date(day),
                value_words(point),
                formatting.fraction(*figures_of(point.result)[1:]),
                point.rag,
            )
            for day, point in zip(shown.line.days, shown.line.points, strict=True)
        ],
        teams=[
            (group.name, value_words(value), formatting.fraction(*figures_of(value.result)[1:]), value.rag)
            for group, value in shown.teams
        ],
        children=children_view(
            rows, {"team_id": names(source.data, "team"), "worker_id": names(source.data, "worker")}
        ),
        definition=plain_definition(shown.measure.definition, day),
        children_total=shown.shown.height,
        detail_total=shown.value.result.detail.height,
        number=number,
        pages=pages,
        query=urlencode(query),
        pagination=pagination(f"/measures/{quote(code, safe='')}", query, number, pages),
    )


@router.get("/api/measures/{code}", summary="Measure (JSON)")
def measure_json(
    request: Request, who: Who, code: str, as_at: AsAt = None, page: PageNumber = 1
) -> JSONResponse:
    """A measure's page as data: the JSON contract's figures, its definition and settings, its change
    since the previous month end, `trend`, `teams`, and `children` (a page of the rows behind it the
    viewer may see: `page` of `pages`, `total` rows in all)."""
    source, shown = measure_at(request, who, code, as_at)
    document = shown.as_json(who, page, source.settings)
    _, _, rows = shown.page_of(page)
    access.listed(request, who, f"measure {code} (JSON)", shown.child_ids(rows))
    return JSONResponse(document)


@router.get("/measures/{code}/{table}.csv", summary="Measure table (CSV)")
def measure_csv(request: Request, who: Who, code: str, table: MeasureTable, as_at: AsAt = None) -> Response:
    """One of a measure's tables as CSV: its `trend`, its `teams`, or every row of the `children`
    behind it that the viewer may see."""
    _, shown = measure_at(request, who, code, as_at)
    day = shown.line.days[-1].isoformat()
    filename = f"{code}-{table.value}-{day}.csv"
    if table is MeasureTable.trend:
        return csv_response(shown.trend_rows(), filename)
    if table is MeasureTable.teams:
        return csv_response(shown.team_rows(), filename)
    access.listed(request, who, f"measure {code} (CSV)", shown.child_ids(shown.shown))
    return csv_response(shown.shown, filename)
