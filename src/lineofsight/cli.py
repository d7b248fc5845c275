"""The command line: translates between people and the library, and holds no business logic.

Exit status: 0 on success, 1 on bad input (a message naming what is wrong), 2 on a usage error.
Every error is one line on standard error, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
import tempfile
from typing import Annotated, NoReturn

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine
from typer.exceptions import TyperException

from lineofsight import __version__, formatting, store
from lineofsight.alerts.visit_priority import factors_documented
from lineofsight.commands import (
    DbOption,
    SettingsOption,
    assurance,
    coverage,
    err,
    journey,
    out,
    parse_date,
    priorities,
    read_settings,
    serving,
    users,
    worklists,
)
from lineofsight.commands.measures import measures_app
from lineofsight.commands.returns import export_app, load_app
from lineofsight.commands.validate import validate_app
from lineofsight.interchange.loading import InputError
from lineofsight.settings import DEFAULT_TARGETS, Settings, SettingsError
from lineofsight.whole_files import WriteError

app = typer.Typer(
    name="lineofsight",
    help="A live line of sight from a council's leaders to what is happening to each child.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(asked: bool) -> None:
    if asked:
        out.print(f"lineofsight {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and stop."),
    ] = False,
) -> None:
    """A live line of sight from a council's leaders to what is happening to each child."""


settings_app = typer.Typer(help="Show the settings (local standards) in force.", no_args_is_help=True)
app.add_typer(settings_app, name="settings")


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
def migrate(db: DbOption = None) -> None:
    """Create or update the database's tables to this version of lineofsight (keeps all data)."""
    with store.opened(db, create=True) as engine:
        store.migrate(engine)
        out.print(f"{store.describe(engine)} is up to date.")


# Measured (benchmarks/web_speed.py, README "Reliability and security"): SQLite has one write lock,
# and a load holds it for the whole of its transaction, while every page writes the access log.
SQLITE_IS_FOR_A_FEW = (
    "This is a SQLite file: fine for a few people at once. SQLite lets one writer in at a time and a "
    "load holds it until the load ends, so with many people every page waits for it (50 people "
    "working without a pause, a load running: 1 s typical, 10 s at the 95th percentile; "
    "'database is locked' after 30 s). For many users, serve from PostgreSQL: --db postgresql://..."
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (more answer more people at once).")
    ] = 1,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Serve the web application.

    On a SQLite file (a laptop demo) sessions are signed with $LINEOFSIGHT_SECRET if set, else a
    random secret made for this run and shared by all its workers. On PostgreSQL (server mode, many
    users) $LINEOFSIGHT_SECRET must be set to a random value of at least 32 characters, the session
    cookie is sent over HTTPS only (put the server behind a TLS proxy), and the server refuses to
    start otherwise. Make accounts with `lineofsight users add` (or `lineofsight users demo`).
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from lineofsight.accounts import count_users
    from lineofsight.web.app import SETTINGS_ENV, create_app
    from lineofsight.web.security import SECRET_ENV
    from lineofsight.web.shared import ENV_VAR as SHARED_ENV

    config = read_settings(settings)
    with store.opened(db) as engine:
        store.require_schema(engine)
        server_mode = not store.is_sqlite(engine)
        application = create_app(
            engine,
            config,
            secret=os.environ.get(SECRET_ENV) or None,
            server_mode=server_mode,
            warm_measure_pages=True,
            overview_in_helper=True,
        )
        if count_users(engine) == 0:
            err.print("No one can sign in yet: add an account with `lineofsight users add`.")
        if not server_mode:
            err.print(SQLITE_IS_FOR_A_FEW, markup=False)
        if workers == 1:
            server = uvicorn.Server(uvicorn.Config(application, host=host, port=port, log_level="warning"))
            listening = serving.bind(host, port)
            err.print(f"Serving lineofsight on http://{host}:{port}/ (Ctrl+C to stop)")
            server.run(sockets=[listening])
            return
        # Each worker process builds its own app, from what this one has checked. They must all sign
        # cookies with one secret, or a cookie one worker made is refused by the others: with none
        # given, this process makes one for them all.
        os.environ[store.ENV_VAR] = str(engine.url.render_as_string(hide_password=False))
        os.environ[SECRET_ENV] = os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32)
        if settings is not None:
            os.environ[SETTINGS_ENV] = str(settings.resolve())
        config_ = uvicorn.Config(
            "lineofsight.web.app:from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
        )
        listening = serving.bind(host, port)
        err.print(f"Serving lineofsight on http://{host}:{port}/ with {workers} workers (Ctrl+C to stop)")
        # The figures every worker needs alike (the overview after a load) are worked out once and
        # shared through a folder private to this run of the server (`web/shared.py`).
        with tempfile.TemporaryDirectory(prefix="lineofsight-shared-") as folder:
            os.environ[SHARED_ENV] = folder
            Multiprocess(config_, sockets=[listening]).run()  # it handles Ctrl+C itself, as Server does


@settings_app.command("show")
def settings_show(settings: SettingsOption = None) -> None:
    """Print every setting and target, the value in force and what it means."""
    config = read_settings(settings)
    table = Table(title="Settings", title_justify="left")
    for heading in ("setting", "value", "default", "meaning"):
        table.add_column(heading)
    for name, default, doc in Settings.documented():
        table.add_row(name, str(getattr(config, name)), str(default), doc)
    out.print(table)
    targets = Table(
        title="Targets (green at or better than the target, amber up to the amber edge, red beyond)",
        title_justify="left",
    )
    for heading in ("measure", "target", "amber edge", "default"):
        targets.add_column(heading)
    for code, target in sorted(config.targets.items()):
        default = DEFAULT_TARGETS.get(code)
        targets.add_row(
            code,
            formatting.number(target.target),
            formatting.number(target.amber),
            f"{formatting.number(default.target)} / {formatting.number(default.amber)}" if default else "—",
        )
    out.print(targets)
    weights = Table(
        title="Visit priority weights (points per unit of each factor; 0 turns a factor off)",
        title_justify="left",
    )
    for heading in ("factor", "weight", "default", "measures", "points"):
        weights.add_column(heading)
    for factor, weight, default in factors_documented(config):
        weights.add_row(
            factor.name, formatting.number(weight), formatting.number(default), factor.measures, factor.points
        )
    out.print(weights)


app.add_typer(measures_app, name="measures")
app.add_typer(validate_app, name="validate")
import lineofsight.commands.csww  # noqa: E402 - adds `load csww` and `export csww` (issue 16)
import lineofsight.commands.ssd  # noqa: E402, F401 - adds `load ssd` and `export ssd` (issue 16)

app.add_typer(load_app, name="load")
app.add_typer(export_app, name="export")
worklists.register(app)
coverage.register(app)
priorities.register(app)
journey.register(app)
users.register(app)
# Assurance (issue 18): load audits, audits, plan, report.
assurance.register(app)


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
    except (store.StoreError, SettingsError, InputError, WriteError, serving.ServeError) as error:
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
