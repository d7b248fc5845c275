"""The child's journey as a picture: one lane each for referral and child in need, child protection,
care and placements, and allocated workers, with the open alerts marked, over the time the journey
covers; and what is current at the top (worker, team, plan, placement).

Everything comes from the journey's own events (`lineofsight.journey`), as the table below the
picture does, so the two cannot disagree. What lasted (a plan, a placement, an allocation) is a bar
from its start to its end, or to the as-at day while it is still open; a thing on one day (a contact,
an enquiry, a conference, a review) is a tick. Within a lane the bars take turns between two shades,
so that a change of placement or of social worker shows as a change of colour even where one bar
ends the day the next begins.

The picture is drawn here as SVG, rectangle by rectangle, as the sparklines are, not through
Vega-Lite: a child's page is the page opened most, and Vega-Lite took 40-80 ms of a core for each
child (the page's whole budget under load, measured with `benchmarks/web_speed.py`); this takes
about a millisecond.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from lineofsight import formatting
from lineofsight.journey import Journey, OpenAlert
from lineofsight.journey.events import Event
from lineofsight.web import charts

ALERTS = "Open alerts"
# Each lane: its name, the kinds of event it draws, and its two shades (GOV.UK's colours).
LANES: tuple[tuple[str, frozenset[str], tuple[str, str]], ...] = (
    (
        "Referral and child in need",
        frozenset({"contact", "early_help", "referral", "assessment", "cin_plan", "private_fostering"}),
        ("#1d70b8", "#5694ca"),
    ),
    (
        "Child protection",
        frozenset({"strategy_discussion", "s47", "icpc", "cp_plan", "cp_review"}),
        ("#d4351c", "#f499be"),
    ),
    (
        "Care and placements",
        frozenset({"placement", "cla_review", "missing", "care_leaver", "adoption", "care_proceedings"}),
        ("#00703c", "#85994b"),
    ),
    ("Allocated workers", frozenset({"allocation"}), ("#4c2c92", "#912b88")),
)
ALERT_COLOUR = "#d4351c"
# Kinds drawn as a tick even though they last: an assessment sits inside its referral, so a bar of
# its own would hide the referral's.
AS_DAYS = frozenset({"assessment", "missing"})
PLANS = (("cp_plan", "Child protection plan"), ("cin_plan", "Child in need plan"))


def lane_of(kind: str) -> str | None:
    return next((name for name, kinds, _ in LANES if kind in kinds), None)


def rows(events: Sequence[Event], alerts: Sequence[OpenAlert], as_at: dt.date) -> list[dict[str, Any]]:
    """The chart's marks: one row per event drawn (lane, mark "span" or "day", start, end, colour,
    what) and one per open alert (mark "alert" at its due date, in the alerts' lane)."""
    drawn: list[dict[str, Any]] = []
    turns: dict[str, int] = {}
    for event in events:
        lane = lane_of(event.kind)
        if lane is None:
            continue
        shades = next(colours for name, _, colours in LANES if name == lane)
        if event.span and event.kind not in AS_DAYS:
            turn = turns.get(lane, 0)
            turns[lane] = turn + 1
            end = event.end if event.end is not None and event.end <= as_at else as_at
            drawn.append(row(lane, "span", event.date, end, shades[turn % 2], event.what))
        else:
            drawn.append(row(lane, "day", event.date, event.date, shades[0], event.what))
    for alert in alerts:
        drawn.append(row(ALERTS, "alert", alert.due, alert.due, ALERT_COLOUR, f"{alert.code}: {alert.title}"))
    return drawn


def row(lane: str, mark: str, start: dt.date, end: dt.date, colour: str, what: str) -> dict[str, Any]:
    return {
        "lane": lane,
        "mark": mark,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "colour": colour,
        "what": what,
    }


# The picture's geometry, in SVG units (it scales to the width it is given, as every chart does).
WIDTH = 760
LABELS = 200  # the lanes' names, left of the plot
RIGHT = 16
TOP = 8
LANE = 34  # each lane's height
AXIS = 30  # the month labels under the lanes
BAR, TICK = 14, 22  # a bar's height, a one-day tick's
GRID, INK, TODAY = "#dddddd", "#0b0c0c", "#0b0c0c"
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
MOST_LABELS = 6


def draw(found: Journey, label: str) -> str:
    """The child's timeline as SVG: the lanes named on the left, months across (a month either side
    of what is drawn, so a tick on the first or last day is not cut in half), a bar for what lasted,
    a tick for a day, a red triangle for each open alert at its due date, and a dashed line on the
    as-at day. Each mark has a title (what it is) for a pointer to show."""
    marks = rows(found.events, found.open_alerts, found.as_at)
    lanes = [name for name, _, _ in LANES] + ([ALERTS] if found.open_alerts else [])
    first = min((dt.date.fromisoformat(mark["start"]) for mark in marks), default=found.as_at)
    last = max([found.as_at, *(dt.date.fromisoformat(mark["end"]) for mark in marks)])
    begin, finish = first - dt.timedelta(days=31), last + dt.timedelta(days=31)
    left, right = LABELS + 8, WIDTH - RIGHT
    days = max((finish - begin).days, 1)

    def x(day: dt.date) -> float:
        return left + (right - left) * (day - begin).days / days

    def middle(lane: str) -> float:
        return TOP + LANE * lanes.index(lane) + LANE / 2

    bottom = TOP + LANE * len(lanes)
    height = bottom + AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Arial, Helvetica, sans-serif">'
    ]
    for month in months(begin, finish):
        across = f"{x(month):.1f}"
        parts.append(f'<line x1="{across}" x2="{across}" y1="{TOP}" y2="{bottom}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{across}" y="{bottom + 18}" font-size="12" fill="{INK}" text-anchor="middle">'
            f"{month:%b %Y}</text>"
        )
    for lane in lanes:
        parts.append(
            f'<text x="{LABELS}" y="{middle(lane) + 4:.1f}" font-size="13" font-weight="bold" '
            f'fill="{INK}" text-anchor="end">{escape(lane)}</text>'
        )
    for mark in marks:
        start, end = dt.date.fromisoformat(mark["start"]), dt.date.fromisoformat(mark["end"])
        centre, what, colour = middle(mark["lane"]), escape(mark["what"]), mark["colour"]
        if mark["mark"] == "span":
            width = max(x(end) - x(start), 1.0)
            parts.append(
                f'<rect x="{x(start):.1f}" y="{centre - BAR / 2:.1f}" width="{width:.1f}" height="{BAR}" '
                f'rx="2" fill="{colour}"><title>{what}</title></rect>'
            )
        elif mark["mark"] == "day":
            parts.append(
                f'<rect x="{x(start) - 1:.1f}" y="{centre - TICK / 2:.1f}" width="2" height="{TICK}" '
                f'fill="{colour}"><title>{what}</title></rect>'
            )
        else:
            at = x(start)
            parts.append(
                f'<path d="M{at - 6:.1f},{centre - 5:.1f} L{at + 6:.1f},{centre - 5:.1f} '
                f'L{at:.1f},{centre + 6:.1f} Z" fill="{colour}"><title>{what}</title></path>'
            )
    today = f"{x(found.as_at):.1f}"
    parts.append(
        f'<line x1="{today}" x2="{today}" y1="{TOP}" y2="{bottom}" stroke="{TODAY}" stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def months(begin: dt.date, finish: dt.date) -> list[dt.date]:
    """The first days of the months to label between `begin` and `finish`: every month, or every
    second, third, sixth ... so that at most `MOST_LABELS` are drawn, on months the step divides."""
    count = (finish.year - begin.year) * 12 + finish.month - begin.month
    step = next((s for s in MONTH_STEPS if count / s <= MOST_LABELS), MONTH_STEPS[-1])
    found: list[dt.date] = []
    index = begin.year * 12 + begin.month  # the month after `begin`'s, as an index from 0
    while True:
        day = dt.date(index // 12, index % 12 + 1, 1)
        if day > finish:
            return found
        if (step <= 12 and (index % 12) % step == 0) or (step > 12 and index % step == 0):
            found.append(day)
        index += 1


def words(found: Journey) -> str:
    """The picture in words: what each lane holds, and the open alerts."""
    marks = rows(found.events, found.open_alerts, found.as_at)
    parts = []
    for name, _, _ in LANES:
        mine = [mark for mark in marks if mark["lane"] == name]
        spans = sum(1 for mark in mine if mark["mark"] == "span")
        days = len(mine) - spans
        parts.append(
            f"{name.lower()}: {formatting.count(spans, 'period')} and {formatting.count(days, 'event')}"
        )
    alerts = formatting.count(len(found.open_alerts), "open alert")
    return (
        f"Timeline of child {found.child_id}'s journey to {formatting.long_date(found.as_at)}, one lane "
        f"each for {'; '.join(parts)}; {alerts} marked at the date each fell due. The dashed line is "
        f"{formatting.long_date(found.as_at)}. The table below lists every event."
    )


def picture(found: Journey) -> Markup:
    """The child's timeline as an SVG image named in words."""
    label = words(found)
    return charts.labelled(draw(found, label), label)


@dataclass(frozen=True)
class Now:
    """What is current for the child at the as-at day, in words; None where there is none."""

    worker: str | None
    team: str | None
    plan: str | None
    placement: str | None


def now(found: Journey, workers: Mapping[str, str], teams: Mapping[str, str]) -> Now:
    """The child's worker and team (the allocation open at D that began last), plan (a child
    protection plan before a child in need plan, then care) and placement (the one open at D), with
    names for identifiers from `workers` and `teams`."""

    def open_at_end(kind: str) -> Event | None:
        current = [e for e in found.events if e.kind == kind and (e.end is None or e.end > found.as_at)]
        return max(current, key=lambda e: e.date, default=None)

    allocation = open_at_end("allocation")
    worker = team = None
    if allocation is not None:
        worker = workers.get(allocation.worker_id or "", allocation.worker_id)
        team = teams.get(allocation.team_id or "", allocation.team_id)
    plan = next(
        (f"{name} since {formatting.long_date(e.date)}" for kind, name in PLANS if (e := open_at_end(kind))),
        None,
    )
    if plan is None and (care := open_at_end("period_of_care")) is not None:
        plan = f"Looked after since {formatting.long_date(care.date)}"
    placement = open_at_end("placement")
    return Now(
        worker,
        team,
        plan,
        None if placement is None else f"{placement.what}, since {formatting.long_date(placement.date)}",
    )
