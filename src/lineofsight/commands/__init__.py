"""What every command shares: the --db and --settings options, dates, and the two consoles."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lineofsight.settings import Settings, SettingsError, load_settings

# Piped output is not squeezed to 80 columns, so tables stay one line a row in files and logs.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


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


def read_settings(path: Path | None) -> Settings:
    """The settings in force, checked against the measure catalogue."""
    from lineofsight.measures import check_settings

    config = load_settings(path)
    problems = check_settings(config)
    if problems:
        raise SettingsError(f"{path or 'the default settings'}: {problems[0]}")
    return config
