"""The child's journey as a picture: one lane each for referral and child in need, child protection,
care and placements, and allocated workers, with the open alerts marked, over the time the journey
covers; and what is current at the top (worker, team, plan, placement).

Everything comes from the journey's own events (`lineofsight.journey`), as the table below the
picture does, so the two cannot disagree. What lasted (a plan, a placement, an allocation) is a bar
from its start to its end, or to the as-at day while it is still open; a thing on one day (a contact,
an enquiry, a conference, a review) is a tick. Within a lane the bars take turns between two shades,
so that a change of placement or of social worker shows as a change of colour even where one bar
ends the day the next begins. The chart is a Vega-Lite spec kept as data (`charts/journey.json`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import vl_convert
from markupsafe import Markup

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


def spec(found: Journey, label: str) -> dict[str, Any]:
    """The filled-in Vega-Lite spec of the child's timeline (None of its lanes left out: an empty lane
    says as much as a full one)."""
    marks = rows(found.events, found.open_alerts, found.as_at)
    chart = charts.spec("journey")
    chart["data"] = {"values": marks}
    chart["description"] = label
    lanes = [name for name, _, _ in LANES] + ([ALERTS] if found.open_alerts else [])
    chart["encoding"]["y"]["scale"]["domain"] = lanes
    first = min((dt.date.fromisoformat(mark["start"]) for mark in marks), default=found.as_at)
    last = max([found.as_at, *(dt.date.fromisoformat(mark["end"]) for mark in marks)])
    # A month either side, so that a tick on the first or last day is not cut in half.
    chart["encoding"]["x"]["scale"]["domain"] = [
        (first - dt.timedelta(days=31)).isoformat(),
        (last + dt.timedelta(days=31)).isoformat(),
    ]
    chart["layer"][-1]["data"] = {"values": [{"day": found.as_at.isoformat()}]}
    return chart


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
    svg = vl_convert.vegalite_to_svg(
        spec(found, label), vl_version=charts.VEGA_LITE, allowed_base_urls=[], format_locale="en-GB"
    )
    return charts.labelled(svg, label)


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
