"""The command line: translates between people and the library, and holds no business logic.

Exit status: 0 on success, 1 on bad input (a message naming what is wrong), 2 on a usage error.
Every error is one line on standard error, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine
from typer.exceptions import TyperException

from lineofsight import formatting, store
from lineofsight.settings import Settings, SettingsError, load_settings

app = typer.Typer(
    name="lineofsight",
    help="A live line of sight from a council's leaders to what is happening to each child.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
settings_app = typer.Typer(help="Show the settings (local standards) in force.", no_args_is_help=True)
app.add_typer(settings_app, name="settings")

# Piped output is not squeezed to 80 columns, so tables stay one line a row in files and logs.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class InputError(Exception):
    """Bad input from the user: exit status 1 with the message."""


def parse_date(text: str | dt.date) -> dt.date:
    if isinstance(text, dt.date):  # a default value arrives already parsed
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file path or PostgreSQL URL (default: $LINEOFSIGHT_DB, else ./lineofsight.db).",
        show_default=False,
    ),
]
SettingsOption = Annotated[
    Path | None,
    typer.Option("--settings", help="TOML file whose [settings] table overrides the defaults."),
]


def _settings(path: Path | None) -> Settings:
    return load_settings(path)


@app.command()
def synth(
    profile: Annotated[
        str, typer.Option(help="Council profile: stretched, stable or england.")
    ] = "stretched",
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same council.")] = 1,
    years: Annotated[int, typer.Option(min=1, max=20, help="Years of history to report on.")] = 5,
    end: Annotated[
        dt.date,
        typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help="Last day of the history."),
    ] = dt.date(2026, 3, 31),
    population: Annotated[
        int | None,
        typer.Option(min=1000, help="Children aged 0-17 (default: the profile's)."),
    ] = None,
    replace: Annotated[bool, typer.Option(help="Replace data already in the database.")] = False,
    db: DbOption = None,
) -> None:
    """Generate a synthetic council: children, their journeys and the workforce, over years."""
    from lineofsight import synth as synthetic

    if profile not in synthetic.PROFILES:
        known = ", ".join(sorted(synthetic.PROFILES))
        raise typer.BadParameter(f"unknown profile {profile!r} (choose from {known})", param_hint="--profile")
    with store.opened(db, create=True) as engine:
        _synthesise(engine, profile, seed, years, end, population, replace)


def _synthesise(
    engine: Engine, profile: str, seed: int, years: int, end: dt.date, population: int | None, replace: bool
) -> None:
    from lineofsight import synth as synthetic

    store.migrate(engine)
    with _progress() as progress:
        task: TaskID | None = None

        def report(stage: str, done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = progress.add_task(stage, total=total)
            progress.update(task, description=stage, completed=done, total=total)

        summary = synthetic.generate(
            engine,
            profile,
            seed=seed,
            years=years,
            end=end,
            population=population,
            progress=report,
            replace=replace,
        )
    out.print(
        f"Generated the {summary.profile} council (seed {summary.seed}) from "
        f"{formatting.long_date(summary.start)} to {formatting.long_date(summary.end)}: "
        f"{formatting.number(summary.children)} children, {formatting.number(summary.workers)} "
        f"worker spells, {formatting.number(sum(summary.rows.values()))} rows in {store.describe(engine)}."
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
def measures(
    as_at: Annotated[
        dt.date | None,
        typer.Option(
            "--as-at",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="Compute as at this date (default: the last day the data covers).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract instead.")] = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Compute the measures of practice as at a date, as a table or as JSON."""
    from lineofsight.measures import CouncilData, compute_all, default_as_at
    from lineofsight.measures import as_json as contract

    config = _settings(settings)
    with store.opened(db) as engine:
        store.require_schema(engine)
        data = CouncilData(engine)
        day = as_at or default_as_at(data)
        values = compute_all(data, day, config)
    if as_json:
        out.print_json(json.dumps(contract(day, values)))
        return
    table = Table(title=f"Measures as at {formatting.long_date(day)}", title_justify="left")
    for heading in ("code", "measure", "value", "of", "England", "better"):
        table.add_column(heading, justify="right" if heading in {"value", "of"} else "left")
    for value in values:
        benchmark = value.measure.benchmark
        table.add_row(
            value.measure.code,
            value.measure.title,
            formatting.measure_value(value.result.value, value.measure.unit)
            + (" (small number)" if value.small_number else ""),
            formatting.fraction(value.result.numerator, value.result.denominator),
            f"{benchmark.display} ({benchmark.year})" if benchmark else "—",
            value.measure.polarity_symbol,
        )
    out.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Serve the web application."""
    import uvicorn

    from lineofsight.web.app import create_app

    config = _settings(settings)
    with store.opened(db) as engine:
        store.require_schema(engine)
        err.print(f"Serving lineofsight on http://{host}:{port}/ (Ctrl+C to stop)")
        uvicorn.run(create_app(engine, config), host=host, port=port, log_level="warning")


@settings_app.command("show")
def settings_show(settings: SettingsOption = None) -> None:
    """Print every setting, its value in force and what it means."""
    config = _settings(settings)
    table = Table(title="Settings", title_justify="left")
    for heading in ("setting", "value", "default", "meaning"):
        table.add_column(heading)
    for name, default, doc in Settings.documented():
        table.add_row(name, str(getattr(config, name)), str(default), doc)
    out.print(table)


def fail(message: str, status: int) -> NoReturn:
    err.print(f"lineofsight: error: {message}", markup=False)
    sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    """The `lineofsight` command: turn every error into one line and an exit status."""
    try:
        status = app(args=argv, prog_name="lineofsight", standalone_mode=False)
    except TyperException as error:  # usage errors carry exit code 2, other errors 1
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `lineofsight`: the help, not an error
            err.print(error.format_message(), markup=False)
            sys.exit(error.exit_code)
        fail(error.format_message(), error.exit_code)
    except typer.Abort:
        fail("interrupted", 1)
    except (InputError, store.StoreError, SettingsError) as error:
        fail(str(error), 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as error:
        # A bug, not bad input: still one line, with the traceback only on request.
        if os.environ.get("LINEOFSIGHT_DEBUG"):
            raise
        fail(f"unexpected {type(error).__name__}: {error} (set LINEOFSIGHT_DEBUG=1 for details)", 1)
    if isinstance(status, int) and status:
        sys.exit(status)
