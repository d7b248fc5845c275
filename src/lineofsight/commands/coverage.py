"""`lineofsight coverage`: what the database holds, and which measures and alerts it supports.

Presentation only: the answer comes from `lineofsight.data.supports`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from lineofsight import formatting, store
from lineofsight.commands import DbOption, SettingsOption, out, read_settings
from lineofsight.commands.measures import AsAt
from lineofsight.data import CouncilData
from lineofsight.data.supports import SOURCE_NAMES, Holdings, Support, holdings
from lineofsight.measures import default_as_at


def register(app: typer.Typer) -> None:
    """Add `coverage` to the `lineofsight` app."""
    app.command("coverage")(coverage_command)


def coverage_command(
    as_at: AsAt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Say what the database holds (each load, the facts it covered and over which days) and which
    measures and alerts the data supports, which not, and why."""
    config = read_settings(settings)
    with store.opened(db) as engine:
        store.require_schema(engine)
        data = CouncilData(engine)
        day = as_at or default_as_at(data)
        rows = {table: count for table, count in store.row_counts(engine).items() if count}
        found = holdings(data, day, config, rows)
    if as_json:
        sys.stdout.write(json.dumps(found.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    _print(found)


def _print(found: Holdings) -> None:
    table = Table(title="What the database holds", title_justify="left")
    for heading in ("source", "file", "loaded", "fact", "held", "over"):
        table.add_column(heading)
    if not found.held:
        out.print("The database holds no loaded data: load a return (lineofsight load) first.", markup=False)
    for held in found.held:
        name = SOURCE_NAMES.get(held.source, held.source)
        when = "" if held.loaded_at is None else formatting.uk_time(held.loaded_at)
        for index, span in enumerate(held.spans):
            fact = "every fact" if span.fact == "*" else span.fact
            over = (
                f"to {formatting.long_date(span.end)}"
                if span.start is None
                else f"{formatting.long_date(span.start)} to {formatting.long_date(span.end)}"
            )
            held_as = "every record" if span.mode == "events" else "the latest, that day"
            first = index == 0
            table.add_row(
                name if first else "",
                (held.file or "") if first else "",
                when if first else "",
                fact,
                held_as,
                over,
            )
    if found.held:
        out.print(table)
    _supports("measures", found.measures, found.as_at)
    _supports("alerts", found.alerts, found.as_at)


def _supports(what: str, each: tuple[Support, ...], as_at: dt.date) -> None:
    supported = [s.code for s in each if s.supported]
    out.print(
        f"\nAs at {formatting.long_date(as_at)} the data supports {len(supported)} of {len(each)} {what}: "
        + (", ".join(supported) if supported else "none"),
        markup=False,
        soft_wrap=True,
    )
    for support in each:
        if not support.supported:
            out.print(f"  {support.code} {support.title}: {support.reason}", markup=False, soft_wrap=True)
