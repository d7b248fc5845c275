"""`lineofsight priorities`: a worker's (or a team's) open children, the highest visit priority first,
with the points that make each score and why. Presentation only: the scores come from
`lineofsight.alerts.visit_priority`.

An unknown worker or team is bad input, not bad usage: the command line was well formed but names
someone the data does not hold, so it is one line and exit status 1, as a missing database is.
Leaving out both --worker and --team is a usage error (exit status 2): the list is a worklist for
someone, not the whole council.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import polars as pl
import typer
from rich.table import Table
from rich.text import Text

from lineofsight import formatting
from lineofsight.alerts import visit_priority
from lineofsight.commands import DbOption, SettingsOption, out, read_settings
from lineofsight.commands.measures import AsAt, Json, council
from lineofsight.data import CouncilData
from lineofsight.measures import default_as_at

PLAN_WORDS = {"CP": "child protection", "CLA": "looked after", "CIN": "child in need"}

Worker = Annotated[
    str | None,
    typer.Option(
        "--worker", help="The worker (worker id) whose allocated children to list.", show_default=False
    ),
]
Team = Annotated[
    str | None,
    typer.Option(
        "--team",
        metavar="TEAM_ID",
        help="The team (team id) whose allocated children to list; with --worker, that worker's in it.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add this module's command to the `lineofsight` app."""
    app.command("priorities")(priorities)


def priorities(
    worker: Worker = None,
    team: Team = None,
    as_at: AsAt = None,
    as_json_: Json = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """List a worker's (or a team's) open children, the highest visit priority first.

    Each child's score adds up points for documented factors (the plan, days since last seen and seen
    alone, recent missing episodes, a repeat CP plan, changes of worker, age under one, neglect, open
    alerts), each point shown with its reason. The weights are settings: change them in the
    [priority_weights] table of the --settings file; `lineofsight settings show` lists them.
    """
    if worker is None and team is None:
        raise typer.BadParameter("name a worker (--worker) or a team (--team)")
    config = read_settings(settings)
    with council(db) as data:
        _check_known(data, worker, team)
        day = as_at or default_as_at(data)
        unavailable = visit_priority.unavailable(data, day)
        left_out = visit_priority.not_scored(data, day, config)
        scored = visit_priority.visit_priorities(data, day, config, worker_id=worker, team_id=team)
    if as_json_:
        document = {
            **visit_priority.as_json(day, worker, team, scored),
            "unavailable": unavailable,
            "not_scored": left_out,
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if unavailable is not None:
        out.print(f"Visit priority is not available from the data held: it {unavailable}.", markup=False)
        return
    _table(day, worker, team, scored)
    for item in left_out:
        out.print(f"Not scored: {item['title']}: it {item['reason']}.", markup=False, soft_wrap=True)


def _check_known(data: CouncilData, worker: str | None, team: str | None) -> None:
    if worker is not None and worker not in set(data["workers"]["worker_id"]):
        raise typer.TyperException(f"there is no worker {worker}")
    # A team named only by allocations (one loaded from a return, say) is still a team.
    teams = set(data["teams"]["team_id"]) | set(data["allocations"]["team_id"])
    if team is not None and team not in teams:
        raise typer.TyperException(f"there is no team {team}")


def _scope(worker: str | None, team: str | None) -> str:
    if worker is not None and team is not None:
        return f"worker {worker} in team {team}"
    return f"worker {worker}" if worker is not None else f"team {team}"


def _table(day: dt.date, worker: str | None, team: str | None, scored: pl.DataFrame) -> None:
    scope = _scope(worker, team)
    if scored.height == 0:
        out.print(f"No open children are allocated to {scope} on {formatting.long_date(day)}.", markup=False)
        return
    table = Table(
        title=Text(f"Visit priority for {scope} as at {formatting.long_date(day)}, highest first"),
        title_justify="left",
        show_lines=True,
    )
    headings = ["#", "child", *(["worker"] if worker is None else []), "plan", "score", "points and why"]
    for heading in headings:
        table.add_column(heading, justify="right" if heading in {"#", "score"} else "left")
    for rank, row in enumerate(scored.iter_rows(named=True), start=1):
        reasons = "\n".join(
            f"{formatting.number(part['points']):>4}  {part['reason']}" for part in row["factors"]
        )
        cells: list[str | Text] = [
            str(rank),
            Text(row["person_id"]),
            *([Text(row["worker_id"] or "unallocated")] if worker is None else []),
            PLAN_WORDS.get(row["plan"] or "", "no plan yet"),
            formatting.number(row["score"]),
            Text(reasons or "no factor applies"),
        ]
        table.add_row(*cells)
    out.print(table)
