"""Charts drawn on the server as SVG, so that pages need no JavaScript; each page follows a chart with
a table of the same figures, for screen readers and for anyone who wants the numbers.

The trend chart is a Vega-Lite spec kept as data in `charts/trend.json` (the chart's look is edited
there, not here); this module only fills in the figures and the words, and vl-convert renders it. A
render takes tens of milliseconds, so pages keep the result (see `web/cache.py`).

The overview's sparklines are drawn here by hand instead: the overview has one per measure, and a
polyline costs microseconds where a Vega-Lite render costs ~70 ms each.

Every SVG gets `role="img"`, an `aria-label` and a `<title>` saying what it shows in words.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import Any

import vl_convert
from markupsafe import Markup

from lineofsight.web import helpers

SPECS = Path(__file__).parent / "charts"
# The Vega-Lite version the specs are written for, pinned so that a vl-convert upgrade cannot quietly
# change how a chart is drawn.
VEGA_LITE = "5.21"


@dataclass(frozen=True)
class Point:
    """One month's figure: the month end (or the as-at day, for the last point) and the value."""

    day: dt.date
    value: float | None


@cache
def _spec_text(name: str) -> str:
    return (SPECS / f"{name}.json").read_text(encoding="utf-8")


def spec(name: str) -> dict[str, Any]:
    """A fresh copy of the named spec (`charts/NAME.json`), safe to fill in."""
    loaded: dict[str, Any] = json.loads(_spec_text(name))
    return copy.deepcopy(loaded)


def trend(
    points: Sequence[Point],
    *,
    label: str,
    unit: str,
    target: float | None = None,
    england: float | None = None,
) -> Markup:
    """A line chart of a measure's month-end figures, with the target and England as level lines.

    The level lines are drawn across the same months as the figures; a measure with no target (or no
    England figure) simply has no such line. `label` is the chart's description in words.
    """
    chart = spec("trend")
    council, target_name, england_name = chart["encoding"]["color"]["scale"]["domain"]
    rows: list[dict[str, Any]] = [
        {"month": point.day.isoformat(), "value": point.value, "series": council} for point in points
    ]
    if points:
        ends = (points[0].day, points[-1].day)
        for name, level in ((target_name, target), (england_name, england)):
            if level is not None:
                rows.extend({"month": day.isoformat(), "value": level, "series": name} for day in ends)
    # The legend names only the lines drawn: the scales keep the present series, in the spec's order.
    present = [council] + [
        name for name, level in ((target_name, target), (england_name, england)) if level is not None
    ]
    for scale in (chart["encoding"]["color"]["scale"], chart["layer"][0]["encoding"]["strokeDash"]["scale"]):
        kept = [index for index, name in enumerate(scale["domain"]) if name in present]
        scale["domain"] = [scale["domain"][index] for index in kept]
        scale["range"] = [scale["range"][index] for index in kept]
    chart["data"] = {"values": rows}
    chart["description"] = label
    chart["encoding"]["y"]["title"] = "" if unit in ("count", "%") else unit
    if unit == "%":
        chart["encoding"]["y"]["axis"] = {"format": ".0f", "labelExpr": "datum.label + '%'"}
    return labelled(drawn(chart), label)


DRAWN = 1024  # charts kept, drawn: one measure's two charts at each of many dates, every measure


DRAW_SECONDS = 60.0  # the longest a chart may take to draw (one takes about 70 ms)


def drawn(chart: dict[str, Any]) -> str:
    """The filled-in spec drawn as SVG by vl-convert, in a process of its own; the same chart drawn
    once.

    Why: a draw takes about 70 ms, and vl-convert holds Python's lock all the while: drawn in the web
    worker, every other page that worker was answering stood still (55 measures, two charts each,
    after every load). Drawn by a helper process (`web/helpers.py`), the worker's threads go on
    meanwhile. The same figures come back again and again (a measure's page after a load that
    changed none of its figures, the same measure at the same date), and a spec is its chart
    exactly, so a chart is kept by its spec, not by the version of the data."""
    return _drawn(json.dumps(chart, sort_keys=True))


@lru_cache(maxsize=DRAWN)
def _drawn(spec_json: str) -> str:
    try:
        return _helper().submit(draw, spec_json).result(timeout=DRAW_SECONDS)
    except BrokenProcessPool:  # the helper died (killed, out of memory): a new one, once
        _HELPER.forget()
        return _helper().submit(draw, spec_json).result(timeout=DRAW_SECONDS)


def draw(spec_json: str) -> str:
    """A spec drawn as SVG (in the helper process)."""
    svg: str = vl_convert.vegalite_to_svg(
        json.loads(spec_json), vl_version=VEGA_LITE, allowed_base_urls=[], format_locale="en-GB"
    )
    return svg


_HELPER = helpers.Helper("chart")


def _helper() -> ProcessPoolExecutor:
    """The process that draws for this one, started on the first chart."""
    return _HELPER.pool()


# Vega marks its groups and marks up for assistive technology one by one; inside one image they would
# be read as unnamed images of their own, so they are taken out.
INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def labelled(svg: str, label: str) -> Markup:
    """The SVG as one image for assistive technology, named by `label` (its `aria-label` and `<title>`).

    Whatever the SVG said about its parts is taken out: the table after each chart gives its figures."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = INNER_ARIA.sub("", svg[start:end])
    inside = INNER_ARIA.sub("", svg[end + 1 :])
    text = escape(label, quote=True)
    return Markup(
        f'{opening} role="img" aria-label="{text}" focusable="false"><title>{text}</title>' + inside
    )


SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3


def sparkline(values: Sequence[float | None], *, label: str, target: float | None = None) -> Markup:
    """A small line of the values, low to high within the line's own range, with the last point marked,
    and the target (if any) as a dashed level line.

    The range stretches to take in the target, so that the line is always drawn against it: a measure
    far from its target then reads as a line far from the dashes. A month without a value breaks the
    line rather than being drawn as zero (a month alone between two gaps is a dot). A flat series with
    no target is drawn across the middle.
    """
    known = [value for value in values if value is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineofsight-sparkline" width="{SPARK_WIDTH}" '
        f'height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}">'
    ]
    if known:
        levels = known + ([target] if target is not None else [])
        low, high = min(levels), max(levels)
        span = high - low
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
        inner = SPARK_HEIGHT - 2 * SPARK_PAD

        def y(value: float) -> float:
            share = 0.5 if span == 0 else (value - low) / span
            return SPARK_PAD + inner * (1 - share)

        if target is not None:
            level = f"{y(target):.1f}"
            parts.append(
                f'<line class="lineofsight-sparkline__target" x1="{SPARK_PAD}" '
                f'x2="{SPARK_WIDTH - SPARK_PAD}" y1="{level}" y2="{level}" stroke="#505a5f" '
                'stroke-width="1" stroke-dasharray="4 3"/>'
            )
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((SPARK_PAD + index * step, y(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{across:.1f},{up:.1f}" for across, up in run)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="#1d70b8" stroke-width="2" '
                    'stroke-linejoin="round" stroke-linecap="round"/>'
                )
            elif run:  # a month alone between gaps: a dot, or it would not show at all
                parts.append(_dot(*run[0], 1.5))
        last = next(run[-1] for run in reversed(runs) if run)
        parts.append(_dot(*last, 2.5))
    parts.append("</svg>")
    return labelled("".join(parts), label)


def _dot(x: float, y: float, radius: float) -> str:
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="#1d70b8"/>'


BAR_WIDTH = 600
BAR_HEIGHT = 24


def proportions(parts: Sequence[tuple[str, int, str]], *, label: str) -> Markup:
    """One bar split into parts (name, count, colour), each as wide as its share of the whole; a part
    with nothing is not drawn. The bar stretches to the width of its box (its height stays)."""
    total = sum(count for _, count, _ in parts)
    drawn = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineofsight-proportions" width="100%" '
        f'height="{BAR_HEIGHT}" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" preserveAspectRatio="none">'
    ]
    start = 0.0
    for name, count, colour in parts:
        if count and total:
            width = BAR_WIDTH * count / total
            drawn.append(
                f'<rect data-part="{escape(name, quote=True)}" x="{start:.1f}" y="0" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
            start += width
    drawn.append("</svg>")
    return labelled("".join(drawn), label)


@dataclass(frozen=True)
class Bar:
    """One team's figure, with the figure in words as the chart writes it beside the bar."""

    name: str
    value: float
    words: str


def team_bars_spec(
    bars: Sequence[Bar], *, label: str, unit: str, council: float | None, england: float | None
) -> dict[str, Any]:
    """The filled-in Vega-Lite spec of `team_bars`: kept apart so that its figures can be read."""
    chart = spec("teams")
    bar_layer, text_layer, line_layer = chart["layer"]
    rows = [{"team": bar.name, "value": bar.value, "label": bar.words} for bar in bars]
    bar_layer["data"] = {"values": rows}
    text_layer["data"] = {"values": rows}
    names = line_layer["encoding"]["color"]["scale"]["domain"]
    levels = dict(zip(names, (council, england), strict=True))
    line_layer["data"] = {
        "values": [{"line": name, "value": level} for name, level in levels.items() if level is not None]
    }
    # The legend names only the lines drawn, as the trend's does.
    for scale in (line_layer["encoding"]["color"]["scale"], line_layer["encoding"]["strokeDash"]["scale"]):
        kept = [index for index, name in enumerate(scale["domain"]) if levels[name] is not None]
        scale["domain"] = [scale["domain"][index] for index in kept]
        scale["range"] = [scale["range"][index] for index in kept]
    chart["description"] = label
    x = bar_layer["encoding"]["x"]
    x["title"] = "" if unit in ("count", "%") else unit
    if unit == "%":
        x["axis"] = {"format": ".0f", "labelExpr": "datum.label + '%'"}
    return chart


def team_bars(
    bars: Sequence[Bar], *, label: str, unit: str, council: float | None, england: float | None
) -> Markup:
    """A measure by team as bars, longest where the figure is highest, in the order given, with the
    council's figure and England's as level lines across them (either left out when there is none)."""
    chart = team_bars_spec(bars, label=label, unit=unit, council=council, england=england)
    return labelled(drawn(chart), label)
