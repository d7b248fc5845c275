"""`lineofsight load ssd` and `lineofsight export ssd`: the council's case-management system, live,
through the Standard Safeguarding Dataset.

Presentation only: reading, the lock and the transaction live in `lineofsight.interchange.ssd`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from lineofsight import store
from lineofsight.commands import DbOption, err, out, parse_date
from lineofsight.commands.returns import export_app, load_app
from lineofsight.interchange.loading import InputError, write_rejections
from lineofsight.interchange.ssd import BusyError, load_ssd, write_ssd

Since = Annotated[
    dt.date | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        parser=parse_date,
        help="Take only rows dated on or after this day (a refresh of what changed); default: everything.",
        show_default=False,
    ),
]
ExtractedAt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--extracted-at",
        metavar="YYYY-MM-DDTHH:MM",
        help="When the extract was taken (default: the newest file's time, or now for a database).",
        show_default=False,
    ),
]


@load_app.command("ssd")
def load_ssd_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A folder of SSD extracts (ssd_person.csv, ...) or the database's SQLAlchemy URL "
            "(mssql+pymssql://..., postgresql://..., sqlite:///...).",
            show_default=False,
        ),
    ],
    since: Since = None,
    extracted_at: ExtractedAt = None,
    rejected: Annotated[
        Path, typer.Option("--rejected", help="Where to write the report of rejected rows (CSV), if any.")
    ] = Path("lineofsight-rejected.csv"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON for machines.")] = False,
    db: DbOption = None,
) -> None:
    """Load (or refresh) the Standard Safeguarding Dataset: one transaction, one refresh at a time."""
    with store.opened(db) as engine:
        store.require_schema(engine)
        started = time.perf_counter()
        try:
            summary, batch = load_ssd(engine, source, since=since, extracted_at=extracted_at)
        except (InputError, BusyError) as error:
            err.print(f"lineofsight: error: {error}", markup=False)
            raise typer.Exit(1) from None
    if batch.rejections:
        write_rejections(rejected, batch.rejections)
    if as_json:
        sys.stdout.write(json.dumps(summary.as_json(), indent=2) + "\n")
        return
    out.print(
        f"{summary.source}: {summary.inserted:,} rows added, {summary.updated:,} updated, "
        f"{summary.unchanged:,} unchanged, {summary.rejected:,} rejected "
        f"({time.perf_counter() - started:.1f} s).",
        markup=False,
    )
    if batch.rejections:
        out.print(f"{len(batch.rejections):,} rows rejected: see {rejected}.", markup=False)


@export_app.command("ssd")
def export_ssd_command(
    out_path: Annotated[Path, typer.Option("--out", help="The folder to write the extracts into.")],
    db: DbOption = None,
) -> None:
    """Write the database as Standard Safeguarding Dataset extracts, one CSV per ssd_* table."""
    if out_path.exists() and not out_path.is_dir():
        raise typer.BadParameter(f"{out_path} is a file; the SSD is written into a folder")
    with store.opened(db) as engine:
        store.require_schema(engine)
        written = write_ssd(engine, out_path)
    out.print(f"Wrote {len(written)} SSD tables into {out_path}.", markup=False)
