"""`lineofsight measures`: the catalogue as at a date, as a monthly trend, by team or worker, and the
children behind any figure. Presentation only: every figure comes from `lineofsight.measures`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import polars as pl
import typer
from rich.progress import Progress
from rich.table import Table

from lineofsight import csv_cells, formatting, store
from lineofsight.commands import DbOption, SettingsOption, err, out, parse_date, read_settings
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY, compute_all, default_as_at
from lineofsight.measures.breakdown import By, attributed, breakdown, only
from lineofsight.measures.catalogue import declined
from lineofsight.measures.report import (
    MeasureValue,
    as_json,
    detail_rows,
    figures,
    trend_json,
    value_of,
)
from lineofsight.measures.trend import month_end, month_ends, trend
from lineofsight.settings import Settings

measures_app = typer.Typer(
    help="Compute the measures of practice: as at a date, as a monthly trend, by team or worker.",
    no_args_is_help=False,
)


def parse_month(text: str | dt.date) -> dt.date:
    """YYYY-MM (that month's end) or YYYY-MM-DD."""
    if isinstance(text, dt.date):
        return text
    try:
        if len(text) == 7:
            year, month = (int(part) for part in text.split("-"))
            return month_end(year, month)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a month (YYYY-MM) or a date (YYYY-MM-DD)") from None


AsAt = Annotated[
    dt.date | None,
    typer.Option(
        "--as-at",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Compute as at this date (default: the last day the data covers).",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (the contract other tools rely on).")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV, one row per figure.")]
TeamOption = Annotated[str | None, typer.Option("--team", help="Only this team's children (team id).")]
WorkerOption = Annotated[
    str | None, typer.Option("--worker", help="Only this worker's children (worker id).")
]


@contextmanager
def council(db: str | None) -> Iterator[CouncilData]:
    with store.opened(db) as engine:
        store.require_schema(engine)
        yield CouncilData(engine)


def as_at_day(data: CouncilData, as_at: dt.date | None, option: str = "--as-at") -> dt.date:
    """The day to compute as at: the one asked for, refused when the data does not reach it (a figure
    before the data begins would count nothing and read as "0"), else the last day the data covers."""
    if as_at is None:
        return default_as_at(data)
    first, last = data.first_day(), data.last_day()
    held = (
        f"the data runs from {formatting.long_date(first)} to {formatting.long_date(last)}"
        if first and last
        else f"the data ends on {formatting.long_date(last)}"
        if last
        else ""
    )
    if first is not None and as_at < first:
        raise typer.BadParameter(f"{as_at.isoformat()} is before the data begins ({held})", param_hint=option)
    if last is not None and as_at > last:
        raise typer.BadParameter(f"{as_at.isoformat()} is after the data ends ({held})", param_hint=option)
    return as_at


def check_team_and_worker(data: CouncilData, team: str | None, worker: str | None) -> None:
    """Refuse a team or worker the data does not hold: else every figure reads as an empty team's."""
    for option, value, table, column in (
        ("--team", team, "teams", "team_id"),
        ("--worker", worker, "workers", "worker_id"),
    ):
        if value is None:
            continue
        known = data[table][column]
        if value not in set(known.to_list()):
            examples = ", ".join(sorted(str(key) for key in known.unique().to_list())[:5])
            hint = f" (the data holds {known.n_unique()}, such as {examples})" if examples else " (none held)"
            raise typer.BadParameter(f"there is no {table[:-1]} {value}{hint}", param_hint=option)


def check_codes(codes: list[str] | None) -> list[str] | None:
    if not codes:
        return None
    unknown = [code for code in codes if code not in REGISTRY]
    if unknown:
        raise typer.BadParameter(f"there is no measure {unknown[0]}", param_hint="--code")
    return codes


@measures_app.callback(invoke_without_command=True)
def measures(
    ctx: typer.Context,
    as_at: AsAt = None,
    monthly: Annotated[
        bool, typer.Option("--monthly", help="A trend: the measures at each month end.")
    ] = False,
    start: Annotated[
        dt.date | None,
        typer.Option("--from", parser=parse_month, metavar="YYYY-MM", help="First month of a trend."),
    ] = None,
    end: Annotated[
        dt.date | None,
        typer.Option("--to", parser=parse_month, metavar="YYYY-MM", help="Last month of a trend."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Break down by team or worker.", metavar="team|worker")
    ] = None,
    team: TeamOption = None,
    worker: WorkerOption = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Only this measure (repeat for more).")
    ] = None,
    as_json_: Json = False,
    as_csv: Csv = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Compute the measures as at a date (a table, --json or --csv).

    With --monthly --from YYYY-MM --to YYYY-MM, compute them at each month end. With --by team or
    --by worker, break each down. `lineofsight measures children CODE` lists the children behind one.
    """
    if ctx.invoked_subcommand is not None:
        return
    if as_json_ and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    if by is not None and by not in ("team", "worker"):
        raise typer.BadParameter(f"{by!r} is not team or worker", param_hint="--by")
    if monthly != (start is not None and end is not None) or (start is None) != (end is None):
        raise typer.BadParameter("a trend needs --monthly with both --from and --to")
    if monthly and (by or team or worker):
        raise typer.BadParameter("a trend is for the whole council: leave out --by, --team and --worker")
    codes = check_codes(code)
    config = read_settings(settings)
    if start is not None and end is not None and end < start:
        raise typer.BadParameter(
            f"the trend ends ({end:%Y-%m}) before it starts ({start:%Y-%m}): swap --from and --to"
        )
    with council(db) as data:
        if monthly:
            assert start is not None and end is not None
            days = month_ends(start, end)
            as_at_day(data, days[0], "--from")
            as_at_day(data, days[-1], "--to")
            _trend(data, days, config, codes, as_json_, as_csv)
            return
        check_team_and_worker(data, team, worker)
        day = as_at_day(data, as_at)
        values = compute_all(data, day, config, codes)
        if team or worker:
            values = [_only(value, data, day, config, team, worker) for value in values]
        if by:
            _breakdown(data, day, values, "team" if by == "team" else "worker", config, as_json_, as_csv)
            return
        if as_json_:
            document = as_json(day, values)
            document.update({"team": team, "worker": worker} if team or worker else {})
            _print_json(document)
        elif as_csv:
            _print_csv(pl.DataFrame([_flat(day, value) for value in values]))
        else:
            _snapshot_table(day, values, team, worker)


def _only(
    value: MeasureValue,
    data: CouncilData,
    day: dt.date,
    config: Settings,
    team: str | None,
    worker: str | None,
) -> MeasureValue:
    if not value.result.covered:
        return value
    reason = value.measure.unmet_by(data, day)
    if reason is not None:
        return value_of(value.measure, declined(reason), config)
    result = only(value.measure, value.result, data, day, team=team, worker=worker)
    return value_of(value.measure, result, config)


def _flat(day: dt.date, value: MeasureValue) -> dict[str, Any]:
    return {
        "as_at": day.isoformat(),
        "code": value.measure.code,
        "title": value.measure.title,
        **figures(value.result),
        "unit": value.measure.unit,
        "polarity": value.measure.polarity,
        "small_number": value.small_number,
        "rag": value.rag,
        "status": value.result.status,
        "reason": value.result.reason,
    }


def _snapshot_table(day: dt.date, values: list[MeasureValue], team: str | None, worker: str | None) -> None:
    scope = f" for team {team}" if team else f" for worker {worker}" if worker else ""
    supported = sum(1 for value in values if value.result.covered)
    table = Table(
        title=f"Measures as at {formatting.long_date(day)}{scope}: "
        f"the data supports {supported} of {len(values)}",
        title_justify="left",
    )
    for heading in ("code", "measure", "value", "of", "RAG", "England", "better"):
        table.add_column(heading, justify="right" if heading in {"value", "of"} else "left")
    for value in values:
        benchmark = value.measure.benchmark
        table.add_row(
            value.measure.code,
            value.measure.title,
            formatting.figure(value.result.value, value.measure.unit, value.result.status)
            + (" (small number)" if value.small_number else ""),
            formatting.fraction(value.result.numerator, value.result.denominator),
            value.rag or "",
            f"{benchmark.display} ({benchmark.year})" if benchmark else "—",
            value.measure.polarity_symbol,
        )
    out.print(table)
    _print_reasons(values)


def _print_reasons(values: list[MeasureValue]) -> None:
    """Why each figure the data does not support is not shown, under the table."""
    declined_ = [value for value in values if value.result.reason]
    if not declined_:
        return
    out.print("\nNot available from the data held, and why:", markup=False)
    for value in declined_:
        out.print(f"  {value.measure.code}: {value.result.reason}", markup=False, soft_wrap=True)


def _breakdown(
    data: CouncilData,
    day: dt.date,
    values: list[MeasureValue],
    by: By,
    config: Settings,
    as_json_: bool,
    as_csv: bool,
) -> None:
    rows = []
    document: dict[str, Any] = {"as_at": day.isoformat(), "by": by, "measures": []}
    for value in values:
        reason = value.result.reason if not value.result.covered else value.measure.unmet_by(data, day)
        groups = [] if reason else breakdown(value.measure, value.result, data, day, by)
        entries = []
        for group in groups:
            flagged = value_of(value.measure, group.result, config)
            entry = {
                f"{by}_id": group.key,
                "name": group.name,
                **figures(group.result),
                "small_number": flagged.small_number,
            }
            entries.append(entry)
            rows.append({"code": value.measure.code, "title": value.measure.title, **entry})
        document["measures"].append(
            {
                "code": value.measure.code,
                "title": value.measure.title,
                "unit": value.measure.unit,
                "polarity": value.measure.polarity,
                **figures(value.result),
                "status": "not_covered" if reason else value.result.status,
                "reason": reason,
                "groups": entries,
            }
        )
    if as_json_:
        _print_json(document)
        return
    if as_csv:
        _print_csv(pl.DataFrame(rows))
        return
    table = Table(title=f"Measures by {by} as at {formatting.long_date(day)}", title_justify="left")
    for heading in ("code", "measure", by, "value", "of"):
        table.add_column(heading, justify="right" if heading in {"value", "of"} else "left")
    not_covered = []
    for value in document["measures"]:
        if value["reason"]:
            not_covered.append(f"  {value['code']}: {value['reason']}")
        for group in value["groups"]:
            table.add_row(
                value["code"],
                value["title"],
                group["name"],
                formatting.measure_value(group["value"], value["unit"])
                + (" (small number)" if group["small_number"] else ""),
                formatting.fraction(group["numerator"], group["denominator"]),
            )
    out.print(table)
    if not_covered:
        out.print(f"\nNot available by {by} from the data held, and why:", markup=False)
        for line in not_covered:
            out.print(line, markup=False, soft_wrap=True)


def _trend(
    data: CouncilData,
    days: list[dt.date],
    config: Settings,
    codes: list[str] | None,
    as_json_: bool,
    as_csv: bool,
) -> None:
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Computing each month end", total=len(days))
        series = trend(
            data, days, config, codes, progress=lambda done, _: progress.update(task, completed=done)
        )
    if as_json_:
        _print_json(trend_json(series))
        return
    if as_csv:
        _print_csv(pl.DataFrame([_flat(day, value) for day, values in series for value in values]))
        return
    first, last = days[0], days[-1]
    table = Table(title=f"Measures at each month end, {first:%B %Y} to {last:%B %Y}", title_justify="left")
    for heading in ("code", "measure", f"{first:%b %Y}", f"{last:%b %Y}", "trend", "better"):
        table.add_column(heading, justify="right" if "20" in heading else "left")
    for entry in trend_json(series)["measures"]:
        first_point, last_point = entry["series"][0], entry["series"][-1]
        table.add_row(
            entry["code"],
            entry["title"],
            formatting.figure(first_point["value"], entry["unit"], first_point["status"]),
            formatting.figure(last_point["value"], entry["unit"], last_point["status"]),
            formatting.sparkline([point["value"] for point in entry["series"]]),
            REGISTRY[entry["code"]].polarity_symbol,
        )
    out.print(table)
    _print_reasons(series[-1][1])  # why, as at the last month, a figure is not available


@measures_app.command("children")
def children(
    code: Annotated[str, typer.Argument(help="The measure's code, such as AS01.")],
    as_at: AsAt = None,
    team: TeamOption = None,
    worker: WorkerOption = None,
    as_json_: Json = False,
    as_csv: Csv = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """List the children (or workers, or events) behind a measure, marking those in its numerator,
    with the dates that decided it."""
    if as_json_ and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    check_codes([code])
    config = read_settings(settings)
    measure = REGISTRY[code]
    with council(db) as data:
        check_team_and_worker(data, team, worker)
        day = as_at_day(data, as_at)
        result = measure.evaluate(data, day, config)
        if (team or worker) and result.covered:
            reason = measure.unmet_by(data, day)
            result = (
                declined(reason) if reason else only(measure, result, data, day, team=team, worker=worker)
            )
    detail = attributed(result.detail)  # every row with the team and worker it is credited to
    if as_json_:
        _print_json(
            {
                "code": code,
                "title": measure.title,
                "as_at": day.isoformat(),
                "unit": measure.unit,
                **figures(result),
                "status": result.status,
                "reason": result.reason,
                "rows": detail_rows(detail),
            }
        )
        return
    if as_csv:
        _print_csv(detail)
        return
    if not result.covered:
        out.print(
            f"{code} {measure.title} as at {formatting.long_date(day)}: not available: {result.reason}",
            markup=False,
            soft_wrap=True,
        )
        return
    heading = (
        f"{code} {measure.title} as at {formatting.long_date(day)}: "
        f"{formatting.measure_value(result.value, measure.unit)} "
        f"({formatting.fraction(result.numerator, result.denominator)})"
    )
    table = Table(title=heading, title_justify="left")
    for column in detail.columns:
        table.add_column(column)
    for row in detail.iter_rows():
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    out.print(table)


def _print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _print_csv(frame: pl.DataFrame) -> None:
    sys.stdout.write(csv_cells.write_csv(frame))
