"""`lineofsight alerts`: the worklist as at a date, for a team, a worker or an owner, most overdue first.
Presentation only: the list comes from `lineofsight.alerts.worklist`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from lineofsight import csv_cells, formatting
from lineofsight.alerts import REGISTRY
from lineofsight.alerts.worklist import as_json, not_checked, owner_named, worklist
from lineofsight.commands import DbOption, SettingsOption, out, read_settings
from lineofsight.commands.measures import AsAt, Csv, Json, council
from lineofsight.data import CouncilData
from lineofsight.measures import default_as_at


def alerts(
    as_at: AsAt = None,
    team: Annotated[str | None, typer.Option("--team", help="Only this team's alerts (team id).")] = None,
    worker: Annotated[
        str | None, typer.Option("--worker", help="Only this worker's alerts (worker id).")
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="ROLE",
            help="Only the alerts this role must act on, e.g. team-manager, social-worker.",
        ),
    ] = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Only this alert (repeat for more).")
    ] = None,
    as_json_: Json = False,
    as_csv: Csv = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """List the children (and workers) who need someone to act, most overdue first.

    Every alert in the catalogue (AL01-AL23) as at a date, for the whole council or cut by --team,
    --worker or --owner. --json prints the worklist contract; --csv one row per alert.
    """
    if as_json_ and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    unknown = [each for each in code or [] if each not in REGISTRY]
    if unknown:
        raise typer.BadParameter(f"there is no alert {unknown[0]}", param_hint="--code")
    if owner is not None:
        try:
            owner = owner_named(owner)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--owner") from None
    config = read_settings(settings)
    with council(db) as data:
        _check_known(data, "teams", "team_id", team, "--team")
        _check_known(data, "workers", "worker_id", worker, "--worker")
        day = as_at or default_as_at(data)
        rows = worklist(data, day, config, team=team, worker=worker, owner=owner, codes=code or None)
        unchecked = not_checked(data, day, code or None)
    if as_json_:
        document = {**as_json(day, rows), "not_checked": unchecked}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif as_csv:
        sys.stdout.write(csv_cells.write_csv(rows, date_format="%Y-%m-%d"))
    else:
        _print(rows, day, team, worker, owner)
        if unchecked:
            out.print(f"\n{len(unchecked)} alerts cannot be checked from the data held:", markup=False)
            for item in unchecked:
                out.print(f"  {item['code']} {item['title']}: {item['reason']}", markup=False, soft_wrap=True)


def _check_known(data: CouncilData, table: str, column: str, value: str | None, option: str) -> None:
    """A team or worker the database does not hold is a typing mistake, not an empty worklist."""
    if value is not None and value not in data[table][column]:
        known = data[table][column].sort()
        example = ", ".join(known.head(3)) + (", ..." if known.len() > 3 else "")
        raise typer.BadParameter(
            f"there is no {column.removesuffix('_id')} {value} (e.g. {example})", param_hint=option
        )


def _print(rows: pl.DataFrame, day: dt.date, team: str | None, worker: str | None, owner: str | None) -> None:
    scope = "".join(
        f" {label} {value}" for label, value in (("team", team), ("worker", worker), ("for", owner)) if value
    )
    children = rows["child_id"].drop_nulls().n_unique()
    title = (
        f"{formatting.count(rows.height, 'alert')}{scope} as at {formatting.long_date(day)} "
        f"({formatting.count(children, 'child', 'children')}), most overdue first"
    )
    if rows.is_empty():
        out.print(f"No alerts{scope} as at {formatting.long_date(day)}.")
        return
    # A column that is the same on every row (the worker of a worker's list) only takes up room.
    shown = {"worker": worker is None, "team": team is None and worker is None, "owner": owner is None}
    table = Table(title=title, title_justify="left")
    for heading in ("overdue", "due", "code", "alert", "child", "worker", "team", "owner", "detail"):
        if shown.get(heading, True):
            table.add_column(heading, justify="right" if heading == "overdue" else "left")
    for row in rows.iter_rows(named=True):
        overdue = row["days_overdue"]
        cells = {
            "overdue": "—" if overdue is None else f"{formatting.number(overdue)} d",
            "due": "—" if row["due"] is None else row["due"].isoformat(),
            "code": row["code"],
            "alert": REGISTRY[row["code"]].title,
            "child": row["child_id"] or "—",
            "worker": row["worker_id"] or "—",
            "team": row["team"] or "—",
            "owner": row["owner"],
            "detail": row["detail"],
        }
        table.add_row(*(cell for heading, cell in cells.items() if shown.get(heading, True)))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add `lineofsight alerts` to the app."""
    app.command("alerts", help=(alerts.__doc__ or "").split("\n\n")[0])(alerts)
