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
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import vl_convert
from markupsafe import Markup

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
    svg = vl_convert.vegalite_to_svg(chart, vl_version=VEGA_LITE, allowed_base_urls=[], format_locale="en-GB")
    return labelled(svg, label)


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


def sparkline(values: Sequence[float | None], *, label: str) -> Markup:
    """A small line of the values, low to high within the line's own range, with the last point marked.

    A month without a value breaks the line rather than being drawn as zero (a month alone between
    two gaps is a dot). A flat series is drawn across the middle.
    """
    known = [value for value in values if value is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineofsight-sparkline" width="{SPARK_WIDTH}" '
        f'height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}">'
    ]
    if known:
        low, high = min(known), max(known)
        span = high - low
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
        inner = SPARK_HEIGHT - 2 * SPARK_PAD

        def y(value: float) -> float:
            share = 0.5 if span == 0 else (value - low) / span
            return SPARK_PAD + inner * (1 - share)

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
