"""`lineofsight journey CHILD_ID`: one child's whole timeline, a summary and open alerts, as at a date.

Presentation only: everything shown comes from `lineofsight.journey`. The child is shown by their
identifier, never by name.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from lineofsight import formatting
from lineofsight.commands import DbOption, SettingsOption, out, parse_date, read_settings
from lineofsight.commands.measures import council
from lineofsight.journey import STATUSES, Event, Journey, UnknownChildError, journey
from lineofsight.measures import default_as_at

SUMMARY = (
    ("workers", "Workers allocated"),
    ("placements", "Placements"),
    ("cin_plans", "CIN plans"),
    ("cp_plans", "CP plans"),
    ("periods_of_care", "Periods of care"),
)
DAYS = {
    "in_need": "Days in need",
    "cin_plan": "Days on a CIN plan",
    "cp_plan": "Days on a CP plan",
    "looked_after": "Days looked after",
    "care_leaver": "Days as a care leaver",
}


def register(app: typer.Typer) -> None:
    """Add `journey` to the `lineofsight` app."""
    app.command("journey")(journey_command)


def journey_command(
    child_id: Annotated[
        str, typer.Argument(metavar="CHILD_ID", help="The child's identifier (person_id), as in the returns.")
    ],
    as_at: Annotated[
        dt.date | None,
        typer.Option(
            "--as-at",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="Show what was known at this date (default: the last day the data covers).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Show one child's journey: a summary, every event as a timeline, and the open alerts.

    Events dated after --as-at are left out, and a plan or placement that ended later is shown as
    still open, so the timeline is what was known that day.
    """
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        try:
            found = journey(data, child_id, day, config)
        except UnknownChildError as error:
            raise typer.TyperException(str(error)) from None
    if as_json:
        sys.stdout.write(json.dumps(found.as_json(), indent=2) + "\n")
    else:
        show(found)


def show(found: Journey) -> None:
    """The journey as a person reads it: who, the summary, the timeline, then what is overdue. Text
    from the records goes in as `Text`, so that a bracket in it is never read as markup."""
    age = "not yet born" if found.age is None else f"aged {found.age}"
    status = ", ".join(STATUSES[key] for key in found.statuses) or "no open episode"
    out.print(f"Child {found.child_id}, {age}, {found.sex}", markup=False)
    out.print(f"As at {formatting.long_date(found.as_at)}: {status}", markup=False)
    summary = Table(title="Summary so far", title_justify="left", show_header=False)
    summary.add_column("what")
    summary.add_column("how many", justify="right")
    counts = found.summary.as_json()
    for key, label in SUMMARY:
        summary.add_row(label, formatting.number(counts[key]))
    for key, days in found.summary.days.items():
        summary.add_row(DAYS[key], formatting.number(days))
    out.print(summary)
    timeline = Table(title="Timeline", title_justify="left")
    for heading in ("date", "until", "what", "worker"):
        timeline.add_column(heading)
    for event in found.events:
        timeline.add_row(
            formatting.long_date(event.date), _until(event), Text(event.what), Text(_worker(event))
        )
    out.print(timeline)
    if not found.open_alerts:
        out.print("No open alerts.")
        return
    alerts = Table(title="Open alerts", title_justify="left")
    for heading in ("code", "alert", "due", "days overdue", "detail"):
        alerts.add_column(heading, justify="right" if heading == "days overdue" else "left")
    for alert in found.open_alerts:
        alerts.add_row(
            alert.code,
            alert.title,
            formatting.long_date(alert.due),
            formatting.number(alert.days_overdue),
            Text(alert.detail),
        )
    out.print(alerts)


def _until(event: Event) -> str:
    if event.end is not None:
        return formatting.long_date(event.end)
    return "open" if event.span else ""


def _worker(event: Event) -> str:
    if event.worker_id is None:
        return ""
    return event.worker_id + (f" ({event.team_id})" if event.team_id else "")
